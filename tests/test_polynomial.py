"""poly, polyadd, polysub, polymul, polydiv, polyder, polyint, polyval, polyfit and roots
against NumPy over dtypes and layouts, through np.<name> dispatch."""
import warnings

import numpy as np
import pytest

import gparray
from numpy_api_helpers import assert_registered, check, layouts

NAMES = ["poly", "polyadd", "polysub", "polymul", "polydiv", "polyder", "polyint", "polyval",
         "polyfit", "roots"]
DTYPES = ["int32", "int64", "float32", "float64", "complex128"]


def _rtol(dtype):
    return 2e-5 if np.dtype(dtype) in (np.float32, np.complex64) else 1e-11


@pytest.mark.parametrize("name", NAMES)
def test_registered(name):
    assert_registered(name)


def _coefficients(dtype, n, seed):
    rng = np.random.default_rng(seed)
    c = rng.integers(-5, 6, n).astype(dtype)
    if np.dtype(dtype).kind == "c":
        c = c + 1j * rng.integers(-3, 4, n)
    return c


@pytest.mark.parametrize("dtype", DTYPES)
def test_arithmetic(dtype):
    a, b = _coefficients(dtype, 5, 1), _coefficients(dtype, 3, 2)
    rtol = _rtol(dtype)
    for x, y in [(a, b), (b, a), (a[::-2], b), (a[:1], b), (a[:1, None][0], b)]:
        check(np.polyadd, x, y, rtol=rtol)
        check(np.polysub, x, y, rtol=rtol)
        check(np.polymul, x, y, rtol=rtol)
    check(np.polyadd, a[2:3].reshape(()), b)            # 0-d: a constant polynomial
    b = b.copy()
    b[0] = 2
    check(np.polydiv, a, b, rtol=rtol, atol=1e-12)
    check(np.polydiv, b, a, rtol=rtol)
    check(np.polydiv, a, b[::-1] if b[-1] != 0 else b, rtol=rtol, atol=1e-12)
    check(np.polydiv, np.polymul(a, b), b, rtol=rtol, atol=1e-9)     # zero remainder


@pytest.mark.parametrize("dtype", DTYPES)
def test_derivative_and_integral(dtype):
    p = _coefficients(dtype, 6, 3)
    rtol = _rtol(dtype)
    for m in (0, 1, 2, 6, 7):
        check(lambda v: np.polyder(v, m), p, rtol=rtol)
        check(lambda v: np.polyint(v, m), p, rtol=rtol)
    check(lambda v: np.polyint(v, 3, k=2.5), p, rtol=rtol)
    check(lambda v: np.polyint(v, 2, k=[1.0, -2.0]), p, rtol=rtol)
    check(lambda v: np.polyint(v, 3, k=[1.0, -2.0]), p)            # ValueError
    check(lambda v: np.polyder(v, -1), p)                          # ValueError
    check(lambda v: np.polyint(v, -1), p)                          # ValueError


@pytest.mark.parametrize("dtype", DTYPES)
def test_polyval(dtype):
    p = _coefficients(dtype, 4, 4)
    x = (np.arange(24).reshape(4, 6) % 5 - 2).astype(dtype)
    for view in layouts(x):
        check(np.polyval, p, view, rtol=_rtol(dtype))
    check(np.polyval, p, x[:1, 1:2].reshape(()), rtol=_rtol(dtype))
    check(np.polyval, p, x[:0])
    check(np.polyval, p[::-2], x.astype(np.float32), rtol=2e-5)
    check(np.polyval, p[:0], x)


def _by_namespace(name):
    """``name`` from the namespace of the argument's array type. np.poly and np.roots dispatch
    on the elements of a 1-d argument (their dispatchers return the array itself, not a tuple
    holding it), and iterating a 1-d device array yields NumPy scalars read in one copy, so
    for a 1-d device array np.poly runs NumPy's host code: call gparray.poly directly."""
    return lambda v, *a: getattr(gparray if isinstance(v, gparray.ndarray) else np, name)(v, *a)


@pytest.mark.parametrize("dtype", ["int64", "float32", "float64", "complex128"])
def test_poly_and_roots(dtype):
    zeros = _coefficients(dtype, 4, 5)
    rtol = 1e-3 if dtype == "float32" else 1e-8
    poly, roots = _by_namespace("poly"), _by_namespace("roots")
    check(poly, zeros, rtol=rtol, atol=1e-9)
    check(poly, zeros[::-2], rtol=rtol, atol=1e-9)
    check(poly, zeros[:0])
    mat = np.arange(9, dtype=dtype).reshape(3, 3) + np.eye(3, dtype=dtype)
    check(np.poly, mat, rtol=1e-3 if dtype == "float32" else 1e-9, atol=1e-6)
    check(np.poly, mat[:2])                                         # ValueError
    if np.dtype(dtype).kind == "c":
        pairs = np.array([1 + 2j, 1 - 2j, 3.0, -1j, 1j])
        check(poly, pairs, rtol=1e-12, atol=1e-12)                  # real: conjugate pairs
    # roots of a polynomial with known simple roots; sorted, since eigenvalue order differs
    p = np.poly(np.array([3.0, -2.0, 0.5, 1.5])).astype(dtype if dtype != "int64" else float)
    p = np.concatenate([[0, 0], p, [0, 0]]).astype(p.dtype)
    got = gparray.roots(gparray.asarray(p))
    expected = np.roots(p)
    assert isinstance(got, gparray.ndarray) and got.dtype == expected.dtype
    np.testing.assert_allclose(np.sort_complex(got.get()), np.sort_complex(expected),
                               rtol=1e-3 if dtype == "float32" else 1e-9, atol=1e-6)
    check(roots, np.zeros(3, dtype=dtype))
    check(roots, np.array([0, 4], dtype=dtype))
    check(roots, np.ones((2, 2), dtype=dtype))                      # ValueError
    got = gparray.roots(gparray.asarray(np.array([1, 0, 1], dtype=dtype)))
    np.testing.assert_allclose(sorted(got.get(), key=lambda z: z.imag), [-1j, 1j], atol=1e-6)


def test_polyfit():
    rng = np.random.default_rng(6)
    x = np.linspace(-2, 3, 40)
    y = 1.5 * x ** 3 - x + 0.5 + rng.normal(0, 0.1, x.size)
    y2 = np.stack([y, 2 * y + 1], axis=1)
    w = rng.uniform(0.5, 2, x.size)
    for deg in (0, 1, 3):
        check(np.polyfit, x, y, deg, rtol=1e-8, atol=1e-10)
        check(lambda a, b: np.polyfit(a, b, deg, w=w), x, y, rtol=1e-8, atol=1e-10)
        check(np.polyfit, x, y2, deg, rtol=1e-8, atol=1e-10)
    check(np.polyfit, x[::2], y[::2], 2, rtol=1e-8, atol=1e-10)
    check(lambda a, b: np.polyfit(a, b, 3, full=True)[0], x, y, rtol=1e-8)
    full_np = np.polyfit(x, y, 3, full=True)
    full_gp = np.polyfit(gparray.asarray(x), gparray.asarray(y), 3, full=True)
    assert full_gp[2] == full_np[2] and full_gp[4] == full_np[4]
    np.testing.assert_allclose(full_gp[1].get(), full_np[1], rtol=1e-8)
    np.testing.assert_allclose(full_gp[3].get(), full_np[3], rtol=1e-8)
    for cov in (True, "unscaled"):
        check(lambda a, b: np.polyfit(a, b, 2, cov=cov), x, y, rtol=1e-7, atol=1e-12)
    check(lambda a, b: np.polyfit(a, b, 2, cov=True), x, y2, rtol=1e-7, atol=1e-12)
    # NumPy's errors
    check(np.polyfit, x, y, -1)
    check(np.polyfit, x.reshape(4, 10), y, 1)
    check(np.polyfit, x[:0], y[:0], 1)
    check(np.polyfit, x, y[:-1], 1)
    check(np.polyfit, x, y[None, None], 1)
    check(lambda a, b: np.polyfit(a, b, 1, w=w[:-1]), x, y)
    check(lambda a, b: np.polyfit(a, b, 3, cov=True), x[:4], y[:4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(np.exceptions.RankWarning):
            np.polyfit(gparray.asarray(x[:3]), gparray.asarray(y[:3]), 5)


from hypothesis import given, settings, strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

_coef = st.floats(-10, 10, allow_nan=False, width=64)


@settings(max_examples=30, deadline=None)
@given(p=hnp.arrays(np.float64, st.integers(0, 7), elements=_coef),
       q=hnp.arrays(np.float64, st.integers(1, 5), elements=_coef),
       x=hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=5), elements=_coef))
def test_polynomial_property(p, q, x):
    check(np.polyval, p, x, rtol=1e-10, atol=1e-8)
    check(np.polyadd, p, q, rtol=1e-12)
    check(np.polymul, p, q, rtol=1e-10, atol=1e-10)
    check(lambda a: np.polyder(a, 2), p, rtol=1e-12)
    check(lambda a: np.polyint(a, 1, k=0.5), p, rtol=1e-12)
