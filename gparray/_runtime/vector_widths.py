"""The explicit vector widths gparray's kernels may use on a device, confirmed by a canary.

Kernels that compute in OpenCL vectors (the contiguous elementwise path, reduction lanes,
random fills, the CPU GEMM) take their width from here, per element family: "float"
(float, int, uint lanes), "double" (double, long, ulong lanes) and "rng" (the random fills'
Philox streams: uint words, ulong products, float values). Drivers report widths
they cannot always compile: pip's PoCL 3.0 on an AMD Zen 4 host compiles for znver3 (no
AVX-512) but links AVX-512 builtins, so a ``double8`` that crosses into a builtin aborts the
whole process. So the width starts from what the device says (its native vector width and,
for PoCL, the vector registers of the LLVM CPU named in its version string) and is
confirmed by the canary (``vector_canary``): every vector form gparray emits, built and run
in a child process, so a compiler abort or a segfault cannot take the user's process down,
and checked against NumPy, so wrong lanes are caught too. A crash, a failed build or a wrong
value means the next narrower width, down to scalars; a ufunc that alone computes wrong
lanes (PoCL 3.0's ``double8`` pow) runs scalar and keeps the width for the rest.

The verdict is cached on disk per (platform, device, driver, gparray, canary source): the
canary costs a few seconds once per machine and nothing on the hot path.
``GPARRAY_VECTOR_WIDTH`` (``512bit``, ``256bit``, ``128bit``, ``scalar``; default ``auto``)
caps every family's width at that many bits (never wider than the canary confirmed), for
debugging and for tests; ``scalar`` skips the canary.
"""
import dataclasses
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

try:
    import resource
except ImportError:
    resource = None

from . import vector_canary as _vector_canary
from .config import VERSION, settings

# element family -> bytes per element: 32-bit lanes (float, int, uint), 64-bit lanes (double,
# long, ulong), and the random fills' Philox streams (uint words, ulong products, float
# values), whose widest form a driver may handle apart from both
FAMILIES = {"float": 4, "double": 8, "rng": 4}
WIDTHS = (16, 8, 4, 2, 1)                    # the widths OpenCL C has a vector type for

# LLVM CPU names (the end of PoCL's device version string) by vector register size.
_CPU_BITS_512 = {
    "skylake-avx512", "cascadelake", "cooperlake", "cannonlake", "icelake-client",
    "icelake-server", "tigerlake", "rocketlake", "sapphirerapids", "emeraldrapids",
    "graniterapids", "graniterapids-d", "knl", "knm", "znver4", "znver5", "x86-64-v4",
}
_CPU_BITS_256 = {
    "haswell", "broadwell", "skylake", "alderlake", "raptorlake", "meteorlake", "arrowlake",
    "arrowlake-s", "lunarlake", "gracemont", "sierraforest", "grandridge", "znver1", "znver2",
    "znver3", "bdver4", "x86-64-v3", "core-avx2",
}
_CPU_BITS_128 = {"x86-64", "x86-64-v2", "nehalem", "westmere", "sandybridge", "ivybridge",
                 "core2", "penryn", "btver2", "bdver1", "bdver2", "bdver3", "silvermont",
                 "goldmont", "goldmont-plus", "tremont", "generic"}

_lock = threading.Lock()


@dataclasses.dataclass(frozen=True)
class Verdict:
    """Per family: the width in elements, the ufuncs whose vector form was wrong at that
    width (they run scalar), and the trail of (width, outcome) that led there."""
    widths: dict
    broken: dict
    trail: dict
    source: str            # "canary", "cache" or "GPARRAY_VECTOR_WIDTH"

    def describe(self, family):
        width = self.widths[family]
        bits = width * FAMILIES[family] * 8
        if family == "rng":
            text = f"{width} streams per vector" if width > 1 else "one stream per work-item"
        else:
            text = f"{family}{width} ({bits}-bit)" if width > 1 else "scalar"
        steps = ", ".join(f"{w}: {outcome}" for w, outcome in self.trail.get(family, ()))
        why = {"GPARRAY_VECTOR_WIDTH": "capped by GPARRAY_VECTOR_WIDTH",
               "cache": "canary, cached", "canary": "canary"}[self.source]
        text += f" [{why}{'; ' + steps if steps else ''}]"
        if self.broken.get(family):
            text += f"; scalar for {', '.join(self.broken[family])}"
        return text


def _override():
    text = os.environ.get("GPARRAY_VECTOR_WIDTH", "auto").strip().lower()
    if text in ("", "auto"):
        return None
    if text == "scalar":
        return 0
    match = re.fullmatch(r"(\d+)\s*(bit|bits)?", text)
    if not match or int(match.group(1)) not in (64, 128, 256, 512, 1024):
        raise ValueError(f"GPARRAY_VECTOR_WIDTH={text!r}: use auto, scalar, 128bit, 256bit "
                         "or 512bit")
    return int(match.group(1))


def _width_for_bits(bits, family):
    per = bits // (8 * FAMILIES[family])
    return next((w for w in WIDTHS if w <= per), 1)


def llvm_cpu(cl_device):
    """The LLVM CPU a PoCL device compiles for (``znver3`` from
    ``OpenCL 3.0 PoCL HSTR: pthread-x86_64-unknown-linux-gnu-znver3``), else None."""
    match = re.search(r"HSTR:\s*\S*?-(?:unknown-)?linux-gnu-(\S+)", cl_device.version)
    return match.group(1) if match else None


def start_widths(cl_device, fp64=True):
    """The widest width worth trying per family: the device's native vector width, capped
    for PoCL by the vector registers of the CPU it compiles for."""
    cpu = llvm_cpu(cl_device)
    bits = (512 if cpu in _CPU_BITS_512 else 256 if cpu in _CPU_BITS_256
            else 128 if cpu in _CPU_BITS_128 else None)
    start = {}
    for family in FAMILIES:
        native = int(getattr(cl_device, "native_vector_width_"
                             + ("float" if family == "rng" else family), 1) or 1)
        if family == "double" and not fp64:
            native = 1
        width = next((w for w in WIDTHS if w <= native), 1)
        if bits is not None:
            width = min(width, _width_for_bits(bits, family))
        start[family] = width
    return start


def _cache_key(cl_device):
    platform = cl_device.platform
    text = "\n".join([platform.name, platform.version, cl_device.name, cl_device.version,
                      cl_device.driver_version, VERSION, _vector_canary.source_hash()])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _cache_path(cl_device):
    return settings.cache_dir / "vector-widths" / f"{_cache_key(cl_device)}.json"


def _load(path):
    try:
        data = json.loads(path.read_text())
        return Verdict({k: int(v) for k, v in data["widths"].items()},
                       {k: tuple(v) for k, v in data["broken"].items()},
                       {k: [tuple(x) for x in v] for k, v in data["trail"].items()}, "cache")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _store(path, verdict):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"widths": verdict.widths, "broken": verdict.broken,
                                   "trail": verdict.trail}))
        os.replace(tmp, path)
    except OSError:
        pass


def device_indices(cl_device):
    """(platform index, device index) of ``cl_device`` in pyopencl's enumeration, which a
    child process repeats in the same order."""
    import pyopencl as cl

    for p, platform in enumerate(cl.get_platforms()):
        for d, other in enumerate(platform.get_devices()):
            if other == cl_device:
                return p, d
    raise LookupError(f"device {cl_device.name!r} is not enumerated by pyopencl")


def _no_core_dump():
    # a crashing canary is expected; writing its core file would take seconds
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (AttributeError, ValueError, OSError):   # no resource module off Unix
        pass


def _run_child(indices, tasks, fp64, timeout):
    """Run the canary for ``tasks`` [(family, width)] in a child; returns {task: outcome}
    for the tasks it finished and the task it died in (if any)."""
    spec = ",".join(f"{family}:{width}" for family, width in tasks)
    cmd = [sys.executable, "-m", "gparray._runtime.vector_canary", str(indices[0]), str(indices[1]),
           spec, "1" if fp64 else "0"]
    with tempfile.TemporaryDirectory(prefix="gparray-canary-") as driver_cache:
        env = dict(os.environ, GPARRAY_VECTOR_WIDTH="scalar", POCL_CACHE_DIR=driver_cache,
                   PYOPENCL_NO_CACHE="1")
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env=env, stdin=subprocess.DEVNULL, preexec_fn=_no_core_dump)
            out, code = proc.stdout, proc.returncode
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            code = "timeout"
    done, started = {}, None
    for line in out.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) >= 3 and parts[0] == "start":
            started = (parts[1], int(parts[2]))
        elif len(parts) >= 4 and parts[0] == "done":
            done[(parts[1], int(parts[2]))] = parts[3]
            started = None
    died = None
    if started is not None and started not in done:
        died = (started, "crashed" if code != "timeout" else "hung")
    elif code not in (0,) and not done:
        # the child died before its first task: the platform itself, not a width
        died = (tasks[0], f"child failed ({code})")
    return done, died


def run_canary(cl_device, fp64=True, start=None, timeout=90):
    """Find each family's widest working width by the canary (no cache)."""
    indices = device_indices(cl_device)
    start = start or start_widths(cl_device, fp64)
    candidates = {f: [w for w in WIDTHS if w <= start[f]] for f in FAMILIES}
    if not fp64:
        candidates["double"] = [1]
    widths, broken, trail = {}, {}, {f: [] for f in FAMILIES}
    for _ in range(4 * len(WIDTHS)):
        tasks = [(f, c[0]) for f, c in candidates.items() if f not in widths and c]
        if not tasks:
            break
        done, died = _run_child(indices, tasks, fp64, timeout)
        for (family, width), outcome in done.items():
            if outcome == "ok" or outcome.startswith("ops:"):
                widths[family] = width
                bad = tuple(outcome[4:].split(",")) if outcome.startswith("ops:") else ()
                if bad:
                    broken[family] = bad
                trail[family].append((width, "passed" if not bad else "passed, wrong: "
                                      + ",".join(bad)))
            else:
                trail[family].append((width, outcome))
                candidates[family].pop(0)
        if died is not None:
            (family, width), why = died
            trail[family].append((width, why))
            if candidates[family] and candidates[family][0] == width:
                candidates[family].pop(0)
    for family in FAMILIES:
        if family not in widths:            # even scalars failed: nothing narrower to try
            widths[family] = 1
    return Verdict(widths, broken, trail, "canary")


def verdict(device):
    """The vector widths for ``device`` (a gparray Device), computed once per process."""
    found = device.__dict__.get("_vector_verdict")
    if found is not None:
        return found
    with _lock:
        found = device.__dict__.get("_vector_verdict")
        if found is None:
            found = _decide(device.cl_device, device.has_fp64)
            device._vector_verdict = found
    return found


def _decide(cl_device, fp64):
    bits = _override()
    if bits == 0:
        return Verdict({f: 1 for f in FAMILIES}, {}, {}, "GPARRAY_VECTOR_WIDTH")
    found = _confirmed(cl_device, fp64)
    if bits is not None:
        # a cap: never wider than the canary confirmed (a forced 256-bit Philox is wrong on
        # pip's PoCL 3.0, whose canary confirms 4 streams)
        widths = {f: min(found.widths[f], _width_for_bits(bits, f)) for f in FAMILIES}
        return Verdict(widths, found.broken, found.trail, "GPARRAY_VECTOR_WIDTH")
    return found


def _confirmed(cl_device, fp64):
    """The canary's verdict for the device: cached, else run and stored."""
    path = _cache_path(cl_device)
    found = _load(path)
    if found is not None and (fp64 or found.widths.get("double") == 1):
        return found
    found = run_canary(cl_device, fp64)
    _store(path, found)
    return found


def lanes(device, dtype):
    """Elements per vector for ``dtype`` (float32 -> the "float" family, float64 ->
    "double") on ``device``; 1 where vectors are not confirmed or the dtype has none."""
    family = {4: "float", 8: "double"}.get(dtype.itemsize) if dtype.kind == "f" else None
    if family is None:
        return 1
    return verdict(device).widths[family]


def ufunc_lanes(device, dtype, ufunc):
    """``lanes`` for the vector form of ``ufunc``, 1 where the canary found it wrong."""
    width = lanes(device, dtype)
    if width > 1 and ufunc in verdict(device).broken.get(
            "float" if dtype.itemsize == 4 else "double", ()):
        return 1
    return width


def random_lanes(device, real):
    """Streams per vector in the random fills computing in ``real`` ("float"/"double"): the
    width confirmed for Philox's streams, and for double fills for double vectors too."""
    widths = verdict(device).widths
    return widths["rng"] if real == "float" else min(widths["rng"], widths["double"])
