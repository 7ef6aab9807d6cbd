"""The on-disk kernel cache: a second process reuses compiled kernels, and a corrupted entry
is rebuilt rather than trusted."""
import os
import pathlib
import subprocess
import sys

import gparray
from gparray._runtime import kernel_cache as _kernel_cache

CODE = ("import gparray, numpy as np; x = gparray.arange(10.0, dtype=np.float32); "
        "print(float((gparray.cbrt(x) * 3.25).sum()))")


def _run(cache_dir):
    env = dict(os.environ, GPARRAY_CACHE_DIR=str(cache_dir))
    env.pop("POCL_CACHE_DIR", None)
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return float(out.stdout)


def test_cache_is_recorded_and_survives_corruption(tmp_path):
    expected = _run(tmp_path)
    device = gparray.default_device()
    root = tmp_path / "pocl"
    if not device.is_pocl:
        assert _run(tmp_path) == expected
        return
    manifest = root / "gparray-manifest.json"
    assert manifest.exists()
    files = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".so", ".bc")]
    assert files, "the driver wrote no cache entries"
    assert _run(tmp_path) == expected
    for p in files:                   # overwrite every compiled kernel with garbage
        p.write_bytes(os.urandom(64))
    assert _run(tmp_path) == expected
    assert _run(tmp_path) == expected


def test_verify_removes_entries_that_do_not_match(tmp_path):
    entry = tmp_path / "AB" / "CDEF"
    entry.mkdir(parents=True)
    (entry / "program.bc").write_bytes(b"good bytes")
    _kernel_cache.record(tmp_path)
    assert _kernel_cache.verify(tmp_path) == 0
    (entry / "program.bc").write_bytes(b"evil bytes")      # same size, new content
    assert _kernel_cache.verify(tmp_path) == 1
    assert not entry.exists()
