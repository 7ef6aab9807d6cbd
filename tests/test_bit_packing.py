"""packbits and unpackbits against NumPy over dtypes, axes, bit orders, counts and
layouts, through np.<name> dispatch."""
import numpy as np
import pytest

from numpy_api_helpers import assert_registered, check, layouts


@pytest.mark.parametrize("name", ["packbits", "unpackbits"])
def test_registered(name):
    assert_registered(name)


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int64"])
def test_packbits(dtype):
    rng = np.random.default_rng(1)
    host = rng.integers(-2, 3, (5, 11)).astype(dtype)
    for view in layouts(host):
        for axis in (None, 0, 1, -1):
            for order in ("big", "little"):
                check(lambda a: np.packbits(a, axis=axis, bitorder=order), view)
    check(np.packbits, host[:1, :1].reshape(()))
    check(np.packbits, host[:0])
    check(lambda a: np.packbits(a, axis=0), host[:0])
    check(lambda a: np.packbits(a, axis=2), host)                     # AxisError
    check(lambda a: np.packbits(a, bitorder="middle"), host)          # ValueError


def test_packbits_rejects_floats():
    check(np.packbits, np.ones(3))


def test_unpackbits():
    rng = np.random.default_rng(2)
    host = rng.integers(0, 256, (3, 5)).astype(np.uint8)
    for view in layouts(host):
        for axis in (None, 0, 1):
            for count in (None, 0, 3, 13, -2, -100, 100):
                check(lambda a: np.unpackbits(a, axis=axis, count=count), view)
            check(lambda a: np.unpackbits(a, axis=axis, bitorder="little"), view)
    check(np.unpackbits, host[:1, :1].reshape(()))
    check(np.unpackbits, host.astype(np.int8))                        # TypeError
    check(lambda a: np.unpackbits(a, bitorder="x"), host)             # ValueError
    packed = np.packbits(host > 100, axis=1)
    check(lambda a: np.unpackbits(a, axis=1, count=5), packed)


from hypothesis import given, settings, strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(a=hnp.arrays(np.uint8, hnp.array_shapes(max_dims=3, max_side=9)),
       axis=st.sampled_from([None, 0, -1]), order=st.sampled_from(["big", "little"]),
       count=st.one_of(st.none(), st.integers(-30, 30)))
def test_pack_unpack_property(a, axis, order, count):
    check(lambda v: np.packbits(v, axis=axis, bitorder=order), a)
    check(lambda v: np.unpackbits(v, axis=axis, count=count, bitorder=order), a)
