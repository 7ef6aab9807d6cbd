"""The differential fuzzer on a fixed set of seeds: every program runs the same on NumPy and on
gparray (values, dtypes, shapes, exception types). A failure prints the minimised program;
replay it with ``python -m compat_suite.fuzz --replay SEED``."""
import pytest

from compat_suite.fuzz import check, minimise, snippet

SEEDS = range(150)


@pytest.mark.parametrize("seed", SEEDS)
def test_program_agrees_with_numpy(seed):
    found = check(seed)
    if found is not None:
        program, mismatch = minimise(*found)
        pytest.fail(snippet(program, mismatch), pytrace=False)
