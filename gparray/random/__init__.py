"""``gparray.random``: NumPy's Generator API on the device (Philox4x32-10, counter-based:
reproducible for a seed, independent across calls) and the legacy module-level functions."""
from ._generator import Generator, default_rng
from ._legacy import (choice, normal, permutation, rand, randint, randn, random, random_sample,
                      ranf, sample, seed, shuffle, uniform)

__all__ = ["Generator", "default_rng", "choice", "normal", "permutation", "rand", "randint",
           "randn", "random", "random_sample", "ranf", "sample", "seed", "shuffle", "uniform"]
