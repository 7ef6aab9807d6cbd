"""NumPy's legacy module-level functions (``numpy.random.rand`` and friends) on one
module-level Generator; ``seed`` re-seeds it. Streams are Philox's, not the Mersenne
Twister's, so the values differ from NumPy's for the same seed."""
import operator

import numpy as np

from ._generator import Generator

_global = None             # made on first use: importing gparray touches no device


def _generator():
    global _global
    if _global is None:
        _global = Generator(None)
    return _global


def seed(seed=None):
    """Re-seed the module-level generator (None: fresh entropy)."""
    global _global
    if seed is not None:
        arr = np.asarray(seed)
        if arr.dtype.kind not in "iu":
            raise TypeError("Cannot cast scalar from dtype('float64') to dtype('int64') "
                            "according to the rule 'safe'")
        if np.any(arr < 0) or np.any(arr > 2**32 - 1):
            raise ValueError("Seed must be between 0 and 2**32 - 1")
    _global = Generator(seed)


def _dims(args):
    return tuple(operator.index(a) for a in args) or None


def rand(*args):
    """Uniform [0, 1) float64 of shape ``args``."""
    return _generator().random(_dims(args))


def randn(*args):
    """Standard normal float64 of shape ``args``."""
    return _generator().standard_normal(_dims(args))


def randint(low, high=None, size=None, dtype=int):
    """Integers in [low, high) (or [0, low) when ``high`` is None)."""
    return _generator().integers(low, high, size=size, dtype=dtype)


def random(size=None):
    return _generator().random(size)


random_sample = ranf = sample = random


def normal(loc=0.0, scale=1.0, size=None):
    return _generator().normal(loc, scale, size)


def uniform(low=0.0, high=1.0, size=None):
    return _generator().uniform(low, high, size)


def shuffle(x):
    """Shuffle ``x`` in place along its first axis."""
    _generator().shuffle(x)


def permutation(x):
    return _generator().permutation(x)


def choice(a, size=None, replace=True, p=None):
    return _generator().choice(a, size=size, replace=replace, p=p)
