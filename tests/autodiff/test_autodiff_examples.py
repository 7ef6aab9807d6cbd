"""The two example programs run and reach their targets."""

import pathlib
import runpy
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def test_linear_regression_predicts_y_at_4():
    out = subprocess.run([sys.executable, str(EXAMPLES / "linear_regression.py")],
                         capture_output=True, text=True, check=True).stdout
    prediction = float(out.strip().splitlines()[-1].split(":")[-1])
    assert abs(prediction - 9.0) < 0.1  # data is y = 2x + 1 plus noise


def test_mlp_digits_reaches_95_percent():
    pytest.importorskip("sklearn")
    module = runpy.run_path(str(EXAMPLES / "mlp_digits.py"))
    assert module["main"](["--epochs", "12"]) >= 0.95


def test_mlp_digits_says_clearly_when_gparray_is_missing(monkeypatch, capsys):
    module = runpy.run_path(str(EXAMPLES / "mlp_digits.py"))
    monkeypatch.setitem(sys.modules, "gparray", None)   # makes `import gparray` fail
    with pytest.raises(SystemExit, match="cannot import gparray"):
        module["array_module"]("gparray")


def test_mlp_digits_trains_on_the_device():
    """The same plain-NumPy model, trained on gparray arrays (every step on the device)."""
    module = runpy.run_path(str(EXAMPLES / "mlp_digits.py"))
    assert module["main"](["--epochs", "12", "--device", "gparray"]) >= 0.95


def test_cnn_digits_reaches_97_percent():
    """PyTorch's introductory CNN in plain NumPy, trained with autodiff + Adam."""
    pytest.importorskip("sklearn")
    module = runpy.run_path(str(EXAMPLES / "cnn_digits.py"))
    assert module["main"](["--epochs", "6", "--lr", "3e-3"]) >= 0.97


def test_cnn_digits_trains_on_the_device():
    """The same CNN on gparray arrays (needs gparray's sliding_window_view and a
    scatter-add for its backward)."""
    pytest.importorskip("sklearn")
    module = runpy.run_path(str(EXAMPLES / "cnn_digits.py"))
    assert module["main"](["--epochs", "6", "--lr", "3e-3", "--device", "gparray"]) >= 0.97
