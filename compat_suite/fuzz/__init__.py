"""Differential fuzzing of gparray against NumPy.

Random short NumPy programs (ufuncs with array and Python-scalar operands, reductions, shape
functions, indexing get and set through views, sort/unique/where/clip/matmul, every dtype,
several layouts, special values) run once with ``xp = numpy`` and once with ``xp = gparray``;
after each step the results must agree in type, dtype, shape and values (and in the family of
any exception). A failing program is minimised and printed as a snippet.

    python -m compat_suite.fuzz --programs 500 --seed 0
    python -m compat_suite.fuzz --replay 1234
"""
from .differential import Mismatch, minimise, run, snippet
from .generate import generate

__all__ = ["generate", "run", "minimise", "snippet", "Mismatch", "check"]


def check(seed, max_steps=10):
    """(program, Mismatch) for the program of ``seed`` when it disagrees, else None."""
    program = generate(seed, max_steps)
    mismatch = run(program)
    return None if mismatch is None else (program, mismatch)
