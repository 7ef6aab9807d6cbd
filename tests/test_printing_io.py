"""array2string, array_repr, array_str and the file writers on device arrays: host by
design (text and files live on the host), with NumPy's output."""
import numpy as np

import gparray
from numpy_api_helpers import assert_registered


def test_registered():
    for name in ("array2string", "array_repr", "array_str", "save", "savez",
                 "savez_compressed", "savetxt"):
        assert_registered(name)


def test_text():
    host = np.linspace(0, 1, 7).reshape(7, 1)[::2]
    dev = gparray.asarray(host)
    assert np.array2string(dev, precision=2) == np.array2string(host, precision=2)
    assert np.array_str(dev.T, precision=3) == np.array_str(host.T, precision=3)
    assert np.array_repr(dev) == repr(dev)
    assert np.array_repr(dev, precision=2).startswith(np.array_repr(host, precision=2)[:-1])


def test_files(tmp_path):
    host = np.arange(12.0).reshape(3, 4)
    dev = gparray.asarray(host)
    np.save(tmp_path / "a.npy", dev.T)
    np.testing.assert_array_equal(np.load(tmp_path / "a.npy"), host.T)
    np.savez(tmp_path / "b.npz", dev, named=dev[1])
    np.savez_compressed(tmp_path / "c.npz", x=dev)
    with np.load(tmp_path / "b.npz") as f:
        np.testing.assert_array_equal(f["arr_0"], host)
        np.testing.assert_array_equal(f["named"], host[1])
    with np.load(tmp_path / "c.npz") as f:
        np.testing.assert_array_equal(f["x"], host)
    np.savetxt(tmp_path / "d.txt", dev, fmt="%.1f")
    np.testing.assert_array_equal(np.loadtxt(tmp_path / "d.txt"), host)
