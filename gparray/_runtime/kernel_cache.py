"""Integrity of the on-disk kernel cache.

Where the driver caches compiled kernels itself (PoCL; pyopencl defers to it there), the cache
lives in ``<cache dir>/pocl`` and the driver trusts whatever it finds: a truncated or
overwritten entry makes it fail or crash. So gparray keeps a manifest (size, CRC-32 and
modification time of every file it has seen complete) and, before the driver is first used in a process, removes
every cache entry with a file that is missing from the manifest or does not match it. The
driver then rebuilds that entry from source. The manifest is brought up to date when the
process exits. An entry not in the manifest is left alone for ten minutes (its writer may
still be running) and removed after that unless some process has recorded it.
"""
import atexit
import json
import os
import pathlib
import shutil
import threading
import time
import zlib

_MANIFEST = "gparray-manifest.json"
_GRACE_SECONDS = 600
_lock = threading.Lock()


def _crc(path):
    crc = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _entries(root):
    """Cache entries: the driver's two-level directories (e.g. ``GL/COLJ...``)."""
    for first in root.iterdir():
        if first.is_dir():
            for entry in first.iterdir():
                if entry.is_dir():
                    yield entry


def _files(entry):
    return [p for p in entry.rglob("*") if p.is_file()]


def _load(root):
    try:
        return json.loads((root / _MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


def verify(root):
    """Remove every entry under ``root`` that the manifest does not vouch for."""
    root = pathlib.Path(root)
    if not root.is_dir():
        return 0
    manifest = _load(root)
    removed = 0
    for entry in list(_entries(root)):
        ok = True
        for path in _files(entry):
            rel = str(path.relative_to(root))
            known = manifest.get(rel)
            if path.name == "last_accessed":
                continue
            if known is None or len(known) != 3:
                # Not recorded yet: a concurrent process may still be writing this entry
                # (the driver renames complete files into place); give it time to finish
                # and record it, and treat it as abandoned after that.
                if time.time() - path.stat().st_mtime < _GRACE_SECONDS:
                    continue
                ok = False
                break
            st = path.stat()
            # Unchanged size and time: trusted without reading it (keeps start-up fast);
            # anything rewritten since it was recorded must still have the recorded content.
            if st.st_size != known[0] or (st.st_mtime_ns != known[2] and _crc(path) != known[1]):
                ok = False
                break
        if not ok:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


def record(root):
    """Add every complete file under ``root`` to the manifest (atomically replaced)."""
    root = pathlib.Path(root)
    if not root.is_dir():
        return
    with _lock:
        manifest = _load(root)
        for entry in _entries(root):
            for path in _files(entry):
                if path.name == "last_accessed":
                    continue
                rel = str(path.relative_to(root))
                st = path.stat()
                known = manifest.get(rel)
                if known is None or known[0] != st.st_size or known[2] != st.st_mtime_ns:
                    manifest[rel] = [st.st_size, _crc(path), st.st_mtime_ns]
        manifest = {k: v for k, v in manifest.items() if (root / k).exists()}
        tmp = root / f"{_MANIFEST}.{os.getpid()}.tmp"
        try:
            tmp.write_text(json.dumps(manifest))
            os.replace(tmp, root / _MANIFEST)
        except OSError:
            pass


def guard(root):
    """Verify now, record at exit."""
    try:
        verify(root)
    except OSError:
        pass
    atexit.register(record, root)
