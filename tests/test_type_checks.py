"""Type tests and type routines against NumPy: iscomplex, isreal, iscomplexobj, isrealobj,
isneginf, isposinf, isfortran, common_type, min_scalar_type, may_share_memory, can_cast,
over dtypes and layouts, through np.<name> dispatch."""
import numpy as np
import pytest

import gparray
from conftest import sample
from numpy_api_helpers import assert_registered, check, layouts

DTYPES = ["bool", "int16", "uint8", "float32", "float64", "complex64", "complex128"]


@pytest.mark.parametrize("name", ["iscomplex", "isreal", "iscomplexobj", "isrealobj",
                                  "isneginf", "isposinf", "common_type", "min_scalar_type",
                                  "may_share_memory", "can_cast", "isfortran"])
def test_registered(name):
    if name != "isfortran":
        assert_registered(name)
    assert hasattr(gparray, name)


@pytest.mark.parametrize("dtype", DTYPES)
def test_elementwise_tests(dtype):
    host = sample(dtype, 24, seed=1).reshape(4, 6)
    for view in layouts(host):
        for name in ("iscomplex", "isreal", "iscomplexobj", "isrealobj"):
            check(getattr(np, name), view)
        for name in ("isneginf", "isposinf"):
            check(getattr(np, name), view)      # complex: TypeError in both
    check(np.iscomplex, host[0, 0:0])
    check(np.isreal, host[1:2, 2].reshape(()))


def test_signed_inf_out():
    host = np.array([-np.inf, np.inf, 0.0, np.nan])
    dev = gparray.asarray(host)
    out = gparray.empty(4, dtype=bool)
    assert np.isneginf(dev, out=out) is out
    np.testing.assert_array_equal(out.get(), np.isneginf(host))


def test_isfortran():
    host = np.arange(12.0).reshape(3, 4)
    dev = gparray.asarray(host)
    for view in (lambda a: a, lambda a: a.T, lambda a: a[:, :1], lambda a: a[::2],
                 lambda a: a.T[::2], lambda a: a[:, 1], lambda a: a[1:1]):
        assert np.isfortran(view(dev)) is np.isfortran(view(host))
    assert dev.T.flags["FNC"] and dev.flags.forc


@pytest.mark.parametrize("dtypes", [("int32",), ("float16",), ("float32", "int8"),
                                    ("float32", "complex64"), ("float16", "complex64"),
                                    ("bool",), ("float64", "complex64")])
def test_common_type(dtypes):
    hosts = [np.zeros(2, dtype=d) for d in dtypes]
    check(np.common_type, *hosts)


@pytest.mark.parametrize("value", [1, -1, 300, 2**40, 1.5, 1e300, 1 + 2j, True])
def test_min_scalar_type(value):
    host = np.asarray(value)
    check(np.min_scalar_type, host)                  # 0-d: from the value
    check(np.min_scalar_type, np.full(3, value))     # with dimensions: the dtype


def test_may_share_memory():
    host = np.arange(24.0).reshape(4, 6)
    dev = gparray.asarray(host)
    other = gparray.asarray(host)
    pairs = [(lambda a: a, lambda a: a[1]), (lambda a: a[:2], lambda a: a[2:]),
             (lambda a: a[:, ::2], lambda a: a[:, 1::2]), (lambda a: a[0:0], lambda a: a)]
    for f, g in pairs:
        assert np.may_share_memory(f(dev), g(dev)) == np.may_share_memory(f(host), g(host))
    assert np.may_share_memory(dev, other) is False
    assert gparray.may_share_memory(dev, dev.T) is True


def test_can_cast():
    dev = gparray.asarray(np.zeros(3, dtype=np.int16))
    assert np.can_cast(dev, np.int32) is True
    assert np.can_cast(dev, np.int8) is False
    assert np.can_cast(dev, np.int8, casting="unsafe") is True
