"""Integrity of the on-disk kernel cache.

Where the driver caches compiled kernels itself (PoCL; pyopencl defers to it there), the cache
lives in ``<cache dir>/pocl`` and the driver trusts whatever it finds: a truncated entry, or
one left by a build that crashed, makes it fail (``INVALID_KERNEL_NAME``) or crash. So an
entry counts only once a process has built and loaded it: gparray records it then in a
manifest (size, CRC-32 and modification time of each file), and before the driver is first
used in a process removes every entry with a file missing from the manifest or not matching
it; the driver rebuilds it from source. An unrecorded entry is spared only while a live
process is building (each holds a marker ``building/<pid>`` for the duration of its builds),
since it may be that process's entry in the making; a crashed builder's marker names a dead
process and protects nothing. Kernel binaries the driver compiles later, at a launch, are
added to a recorded entry when the process exits.
"""
import atexit
import contextlib
import json
import os
import pathlib
import shutil
import threading
import time
import zlib

_MANIFEST = "gparray-manifest.json"
_BUILDING = "building"
_GRACE_SECONDS = 600         # an unrecorded entry older than this is abandoned, builders or not
_lock = threading.Lock()
_root = None                 # the guarded driver cache of this process, if any
_active = 0                  # builds in progress in this process


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


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:            # exists, owned by someone else
        return True
    return True


def _live_builders(root):
    """Other processes building into ``root`` now; markers of dead ones are removed."""
    alive = []
    folder = root / _BUILDING
    if not folder.is_dir():
        return alive
    for marker in folder.iterdir():
        try:
            pid = int(marker.name)
        except ValueError:
            continue
        if pid != os.getpid() and _pid_alive(pid):
            alive.append(pid)
        elif pid != os.getpid():
            marker.unlink(missing_ok=True)
    return alive


def _built(entry, manifest, root):
    """Whether a process recorded ``entry``'s program (its top-level files) after loading it."""
    top = [p for p in entry.iterdir() if p.is_file() and p.name != "last_accessed"]
    return bool(top) and all(str(p.relative_to(root)) in manifest for p in top)


def record_built(root):
    """At exit: add the kernel binaries compiled at launches to the entries whose programs
    are recorded (an entry no process recorded stays unrecorded)."""
    root = pathlib.Path(root)
    if root.is_dir():
        manifest = _load(root)
        record(root, [e for e in _entries(root) if _built(e, manifest, root)])


def verify(root):
    """Remove every entry under ``root`` that the manifest does not vouch for."""
    root = pathlib.Path(root)
    if not root.is_dir():
        return 0
    manifest = _load(root)
    builders = _live_builders(root)
    removed = 0
    for entry in list(_entries(root)):
        ok = True
        for path in _files(entry):
            rel = str(path.relative_to(root))
            known = manifest.get(rel)
            if path.name == "last_accessed":
                continue
            if known is None or len(known) != 3:
                # A kernel binary the driver compiled at a launch after the build was
                # recorded: drivers rename complete files into place, so it is whole.
                if path.parent != entry and _built(entry, manifest, root):
                    continue
                # The program itself unrecorded: a live builder may still be writing it;
                # with none, its writer died before loading it.
                if builders and time.time() - path.stat().st_mtime < _GRACE_SECONDS:
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


def record(root, entries=None):
    """Add the files of ``entries`` (default: every entry under ``root``) to the manifest
    (atomically replaced)."""
    root = pathlib.Path(root)
    if not root.is_dir():
        return
    with _lock:
        manifest = _load(root)
        for entry in (_entries(root) if entries is None else entries):
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
    """Verify now; from then on each build records the entries it made (``building``)."""
    global _root
    try:
        verify(root)
    except OSError:
        pass
    _root = pathlib.Path(root)
    atexit.register(record_built, root)


@contextlib.contextmanager
def building(device):
    """Around a build: a marker that this process is writing entries, and the entries
    recorded once the build has succeeded (a crash leaves them unrecorded)."""
    global _active
    root = _root if device.is_pocl else None
    if root is None:
        yield
        return
    marker = root / _BUILDING / str(os.getpid())
    try:
        before = set(_entries(root)) if root.is_dir() else set()
    except OSError:
        before = set()
    with _lock:
        _active += 1
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass
    ok = False
    try:
        yield
        ok = True
    finally:
        with _lock:
            _active -= 1
            last = _active == 0
        if ok:
            try:
                record(root, [e for e in _entries(root) if e not in before])
            except OSError:
                pass
        if last:
            marker.unlink(missing_ok=True)
