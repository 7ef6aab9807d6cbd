"""einsum / einsum_path against NumPy: explicit and implicit outputs, ellipsis, repeated
indices (traces, diagonals), the sublist form, optimize= paths, dtypes, out=, errors."""
import numpy as np
import pytest

import gparray
from conftest import assert_same, raises_same, sample


def _arr(shape, dtype="float64", seed=0):
    return sample(dtype, int(np.prod(shape)), seed=seed, special=False).reshape(shape)


CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]), ("ij,jk", [(3, 4), (4, 5)]), ("ij->ji", [(3, 4)]),
    ("ii", [(4, 4)]), ("ii->i", [(4, 4)]), ("iij->j", [(3, 3, 2)]), ("ijk->", [(2, 3, 4)]),
    ("ijk->kj", [(2, 3, 4)]), ("i,i", [(5,), (5,)]), ("i,j->ij", [(3,), (4,)]),
    ("i,i->i", [(5,), (5,)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("...jk,kl", [(2, 3, 4), (4, 5)]), ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("i...,i...->...", [(3, 2), (3, 2)]), ("...,...", [(3,), (2, 3)]), (",i", [(), (4,)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]), ("bij,jk,ki->b", [(3, 4, 5), (5, 4), (4, 4)]),
    ("ijk,ilk->jl", [(3, 4, 5), (3, 2, 5)]), ("ij,ij->ij", [(1, 3), (2, 3)]),
    ("ii,jj->ij", [(3, 3), (2, 2)]), ("ij,jk,kl,lm->im", [(2, 3), (3, 4), (4, 2), (2, 3)]),
    ("Ab,bA", [(2, 3), (3, 2)]), ("ba", [(2, 3)]), ("i,jk,k->ij", [(0,), (2, 3), (3,)]),
]


@pytest.mark.parametrize("optimize", [False, True, "optimal"])
@pytest.mark.parametrize("subscripts,shapes", CASES, ids=[c[0] for c in CASES])
def test_einsum_matches_numpy(subscripts, shapes, optimize):
    ops = [_arr(s, seed=i) for i, s in enumerate(shapes)]
    expected = np.einsum(subscripts, *ops, optimize=optimize)
    got = gparray.einsum(subscripts, *[gparray.asarray(o) for o in ops], optimize=optimize)
    assert_same(expected, got, rtol=1e-12, atol=1e-12)
    # and through NumPy's own function
    assert_same(expected, np.einsum(subscripts, *[gparray.asarray(o) for o in ops],
                                    optimize=optimize), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", ["bool", "int8", "int64", "uint16", "float32", "complex64"])
def test_einsum_dtypes(dtype):
    a, b = _arr((3, 4), dtype), _arr((4, 5), dtype, seed=1)
    tol = 1e-5 if dtype in ("float32", "complex64") else None
    for sub, ops in [("ij,jk", (a, b)), ("ij->", (a,)), ("ij->j", (a,)), ("ij,ij->i", (a, a))]:
        assert_same(np.einsum(sub, *ops), gparray.einsum(sub, *map(gparray.asarray, ops)),
                    rtol=tol, atol=tol or 0)


def test_einsum_mixed_dtypes_dtype_out_and_sublists():
    a, b = _arr((3, 4), "float32"), _arr((4, 5), "int32", seed=1)
    x, y = gparray.asarray(a), gparray.asarray(b)
    assert_same(np.einsum("ij,jk", a, b), gparray.einsum("ij,jk", x, y), rtol=1e-6)
    assert_same(np.einsum("ij,jk", a, b, dtype="float64"),
                gparray.einsum("ij,jk", x, y, dtype="float64"), rtol=1e-6)
    out = gparray.zeros((3, 5))
    assert gparray.einsum("ij,jk", x, y, out=out) is out
    assert_same(np.einsum("ij,jk", a, b).astype("float64"), out, rtol=1e-6)
    assert_same(np.einsum(a, [0, 1], b, [1, 2], [0, 2]), gparray.einsum(x, [0, 1], y, [1, 2], [0, 2]),
                rtol=1e-6)
    assert_same(np.einsum(a, [Ellipsis, 1], b, [1, 2]), gparray.einsum(x, [Ellipsis, 1], y, [1, 2]),
                rtol=1e-6)
    # transposed and sliced operands
    c = _arr((6, 8))
    assert_same(np.einsum("ij,jk->ki", c[::2, 1::2], c.T[::2, ::-2]),
                gparray.einsum("ij,jk->ki", gparray.asarray(c)[::2, 1::2],
                               gparray.asarray(c).T[::2, ::-2]), rtol=1e-12)


def test_einsum_path_matches_numpy():
    a, b, c = _arr((2, 30)), _arr((30, 40)), _arr((40, 3))
    for opt in ("greedy", "optimal"):
        assert np.einsum_path("ij,jk,kl", a, b, c, optimize=opt) == \
            gparray.einsum_path("ij,jk,kl", *map(gparray.asarray, (a, b, c)), optimize=opt)
    path = np.einsum_path("ij,jk,kl", a, b, c)[0]
    assert_same(np.einsum("ij,jk,kl", a, b, c, optimize=path),
                gparray.einsum("ij,jk,kl", *map(gparray.asarray, (a, b, c)), optimize=path),
                rtol=1e-12)


@pytest.mark.parametrize("subscripts,shapes", [
    ("ij,jk", [(3, 4), (5, 6)]), ("ij", [(3,)]), ("ij,jk->ik", [(3, 4)]),
    ("i,j", [(3,), (3,), (3,)]), ("ii", [(3, 4)]), ("ij->ii", [(3, 3)]), ("ij->k", [(3, 3)]),
    ("i$", [(3, 3)]), ("i->i->i", [(3,)]), ("ijk", [(2, 3)]), ("...i->i", [(2, 3)]),
])
def test_einsum_errors(subscripts, shapes):
    ops = [_arr(s) for s in shapes]
    raises_same(lambda: np.einsum(subscripts, *ops),
                lambda: gparray.einsum(subscripts, *map(gparray.asarray, ops)))


def test_einsum_casting_error():
    a = _arr((3,), "float64")
    raises_same(lambda: np.einsum("i->", a, dtype="int32"),
                lambda: gparray.einsum("i->", gparray.asarray(a), dtype="int32"))
