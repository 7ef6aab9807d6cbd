"""docs/numpy_coverage.md is current, and every public callable of numpy, numpy.linalg,
numpy.fft and numpy.random.Generator is on the device, host by design or not applicable
(a numeric name without a device implementation fails here)."""
import sys
from pathlib import Path

import numpy as np
import pytest

import gparray

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "compat_suite"))
import coverage  # noqa: E402

ROWS = coverage.classify()


def test_no_name_is_missing():
    missing = [f"{sec}.{name}" for sec, name, status, _ in ROWS if status == "missing"]
    assert not missing, f"no device implementation and no reason given: {missing}"


def test_device_names_exist_in_gparray():
    namespaces = {"numpy": gparray, "numpy.linalg": gparray.linalg, "numpy.fft": gparray.fft,
                  "numpy.random.Generator": gparray.random.Generator}
    absent = [f"{sec}.{name}" for sec, name, status, _ in ROWS
              if status == "device" and not hasattr(namespaces[sec], name)]
    assert not absent


def test_every_reason_names_a_known_name():
    names = {name if sec == "numpy" else f"{sec.split('.', 1)[1]}.{name}"
             for sec, name, _, _ in ROWS}
    stale = [k for k in list(coverage.HOST_BY_DESIGN) + list(coverage.NOT_APPLICABLE)
             if k not in names]
    assert not stale, f"entries for names NumPy no longer has: {stale}"


def test_table_is_current():
    text = coverage.TABLE.read_text()
    recorded = next(line for line in text.splitlines() if "against NumPy" in line)
    if f"NumPy {np.__version__};" not in recorded:
        pytest.skip(f"the table was generated with another NumPy ({recorded})")
    assert text == coverage.render(ROWS), \
        "docs/numpy_coverage.md is out of date: run python compat_suite/coverage.py"
