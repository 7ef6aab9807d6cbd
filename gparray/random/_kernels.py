"""Building and launching gparray.random's kernels (gparray/kernels/philox.cl + random_*.cl).

Two programs per device: the distributions (one build per sample precision) and uniform
integers (one build per output dtype).
"""
import numpy as np

from .._runtime import launch as _launch, programs as _programs, vector_widths as _vector_widths
from .._runtime.cgen import ctype

# by-value argument dtypes after (out, n, per, k0, k1, base, p0, s0, p1, s1)
_ARG_DTYPES = [None, np.int64, np.int64, np.uint32, np.uint32, np.uint64, None, np.int64,
               None, np.int64]


def _source(device, real, body, extra=""):
    # the vectorised fills run GP_RW streams at a time: the width confirmed for ``real``
    defines = (f"#define REAL {real}\n" + ("#define GP_REAL_IS_DOUBLE 1\n" if real == "double"
                                           else "")
               + f"#define GP_RW {_vector_widths.random_lanes(device, real)}\n" + extra)
    return (_programs.device_defines(device) + _programs.template("prelude.cl") + defines
            + _programs.template("philox.cl") + _programs.template(body))


def distribution_kernel(device, name, real):
    """Kernel ``rng_<name>`` of random_dist.cl computing in ``real`` ('float'/'double')."""
    return _programs.kernel(device, _source(device, real, "random_dist.cl"), "rng_" + name,
                            _ARG_DTYPES)


def _integers_source(device, dtype):
    # gp_philox_block0 lives in random_dist.cl; its kernels come along unused
    return (_source(device, "float", "random_dist.cl", f"#define ITYPE {ctype(dtype)}\n")
            + _programs.template("random_integers.cl"))


def integers_kernel(device, dtype):
    return _programs.kernel(device, _integers_source(device, dtype), "rng_integers",
                            _ARG_DTYPES)


def run_integers32(device, dtype, out, key, base, low, r):
    """Uniform integers low + [0, r) (0 < r < 2^32, ``low`` as a uint64 bit pattern) into
    the contiguous ``out``; returns the number of Philox streams used."""
    knl = _programs.kernel(device, _integers_source(device, dtype), "rng_integers32",
                           [None, np.int64, np.uint32, np.uint32, np.uint64, np.uint64,
                            np.uint32, np.uint32])
    n = out.size
    items = (n + 63) // 64
    _launch.launch(device, knl, items, [out._buf.cl, n, key[0], key[1], base, low, r,
                                        (2**32 - r) % r], "random.integers")
    return items * 16


def run(device, knl, out, per, key, base, p0, s0, p1, s1, what):
    """Fill the contiguous array ``out``; returns the number of streams used."""
    n = out.size
    items = (n + per - 1) // per
    _launch.launch(device, knl, items,
                   [out._buf.cl, n, per, key[0], key[1], base, p0._buf.cl, s0, p1._buf.cl, s1],
                   what)
    return items


BLOCK_KINDS = {"uniform": 0, "normal": 1, "exponential": 2}


def run_block(device, kind, out, real, key, base):
    """Standard uniform/normal/exponential values into the contiguous array ``out`` (of
    the real dtype ``real``); returns the number of Philox streams used."""
    knl = _programs.kernel(device, _source(device, real, "random_dist.cl"), "rng_block",
                           [None, np.int64, np.uint32, np.uint32, np.uint64, np.int32])
    n = out.size
    per = 32 if real == "double" else 64
    items = (n + per - 1) // per
    _launch.launch(device, knl, items, [out._buf.cl, n, key[0], key[1], base,
                                        BLOCK_KINDS[kind]], "random." + kind)
    return items * 16
