"""Building OpenCL programs from the templates in gparray/kernels/, once per (device, source).

Compiled programs are kept in memory per device. Across processes, compiled binaries are
reused from disk: on platforms whose driver caches source builds itself (PoCL, NVIDIA) that
cache is pointed into gparray's cache directory (see _devices); elsewhere pyopencl's binary
cache is used, in the same directory. Entries are keyed by a hash of source, options and
device, so a changed kernel never picks up a stale binary; a build that fails from a cached
binary is retried from source.
"""
import functools
import importlib.resources
import logging
import re
import sys
import threading
import time
import warnings

from . import kernel_cache as _kernel_cache, profiling as _profiling, progress as _progress
from .config import settings

log = logging.getLogger("gparray")

_build_lock = threading.Lock()


@functools.cache
def template(name):
    """The text of ``gparray/kernels/<name>``."""
    return importlib.resources.files("gparray.kernels").joinpath(name).read_text()


def fill(text, **values):
    """Replace each ``${NAME}`` placeholder in a template."""
    for key, value in values.items():
        text = text.replace("${" + key + "}", value)
    return text


def headers(dtypes, fp64):
    """The text a generated program starts with: the fp64 switch, the prelude, NumPy's scalar
    helpers, and the complex helpers when any of ``dtypes`` is complex."""
    parts = ["#define GP_HAS_FP64 1" if fp64 else "", template("prelude.cl"),
             template("npy_math.cl")]
    if any(d.kind == "c" for d in dtypes):
        parts.append(template("complex.cl"))
    return parts


def device_defines(device):
    return "#define GP_HAS_FP64 1\n" if device.has_fp64 else ""


class KernelBuildError(RuntimeError):
    """A generated kernel the device's OpenCL compiler would not build; the message names the
    gparray operation and the kernels, ``build_log`` holds the compiler's output."""

    def __init__(self, message, build_log=""):
        super().__init__(message)
        self.build_log = build_log


def _operation():
    """The public gparray function the user called (the outermost gparray frame)."""
    frame, name = sys._getframe(2), None
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.split(".")[0] == "gparray":
            name = f"{module.split('.')[0]}.{frame.f_code.co_name}"
        elif name is not None:
            break
        frame = frame.f_back
    return name or "gparray"


def _kernel_names(source):
    # kernels may carry attributes (reqd_work_group_size) between __kernel and void
    return re.findall(r"__kernel\s+(?:__attribute__\s*\(\(.*?\)\)\s*)*void\s+(\w+)", source, re.S)


def _log_build(device, program, caught, seconds):
    import pyopencl as cl

    for w in caught:
        if issubclass(w.category, cl.CompilerWarning):
            continue
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    # a build slow enough for a user to notice is news (INFO); the others are detail
    level = logging.INFO if seconds >= _progress.SLOW_BUILD_SECONDS else logging.DEBUG
    if not log.isEnabledFor(level):
        return
    try:
        text = program.get_build_info(device.cl_device, cl.program_build_info.LOG).strip()
    except cl.Error:
        text = ""
    log.log(level, "built %s on %r in %.3f s%s", ", ".join(_kernel_names(program.get_info(
        cl.program_info.SOURCE))[:4]) or "program", device.name, seconds,
        "; compiler output:\n" + text if text else "")


def _compile(device, source, options, cache_dir):
    """Build ``source``; compiler warnings go to the ``gparray`` logger, not to users."""
    import pyopencl as cl

    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught, _progress.slow_build(
            lambda: _kernel_names(source)):
        warnings.simplefilter("always")
        program = cl.Program(device.context, source).build(
            options=list(options), cache_dir=str(cache_dir) if cache_dir else None)
    seconds = time.perf_counter() - start
    _log_build(device, program, caught, seconds)
    if _profiling.recording:
        _profiling.built(device, _kernel_names(source), int(start * 1e9), seconds)
    return program


def _build_error(device, source, exc, what=None):
    log_text = str(exc)
    kernels = ", ".join(_kernel_names(source)) or "a generated program"
    return KernelBuildError(
        f"{what or _operation()}: the OpenCL compiler of {device.name!r} could not build "
        f"{kernels}; this is a gparray or driver bug (build log attached as .build_log; "
        f"GPARRAY_VECTOR_WIDTH=scalar avoids vector forms a driver may mishandle).\n"
        f"{log_text[:2000]}", log_text)


def build(device, source, options=(), fresh=False):
    """The built cl.Program for ``source`` on ``device``, from the cache when possible;
    ``fresh`` bypasses every cache (a cached binary that built but does not load)."""
    import pyopencl as cl

    key = (source, options)
    program = None if fresh else device.programs.get(key)
    if program is not None:
        return program

    with _build_lock:
        program = None if fresh else device.programs.get(key)
        if program is not None:
            return program
        cache_dir = settings.cache_dir / "pyopencl"
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            cache_dir = None
        # a driver that caches builds itself (PoCL) is keyed by the text: a marker makes
        # the fresh build its own entry
        text = source + f"\n/* rebuilt {time.time_ns()} */\n" if fresh else source
        try:
            with _kernel_cache.building(device):
                program = _compile(device, text, options, None if fresh else cache_dir)
        except cl.Error as exc:
            if fresh:
                raise _build_error(device, source, exc) from None
            try:        # a stale cached binary is one cause; the source build is the truth
                with _kernel_cache.building(device):
                    program = _compile(device, text + "\n", options, None)
            except cl.Error as exc2:
                raise _build_error(device, source, exc2) from None
        device.programs[key] = program
    return program


def kernel(device, source, name, arg_dtypes=None, options=()):
    """One kernel object per (device, source, name); pyopencl kernels are costly to fetch.

    ``arg_dtypes`` gives the NumPy dtype of each by-value argument (None for buffers and
    structs), which lets pyopencl use its fast argument packing.
    """
    # The argument dtypes are part of the key: two loops (bool and uint8, say) can share a
    # source text but must pack their by-value arguments differently.
    import pyopencl as cl

    key = (source, options, name, tuple(arg_dtypes) if arg_dtypes is not None else None)
    knl = device.kernels.get(key)
    if knl is None:
        try:
            knl = cl.Kernel(build(device, source, options), name)
        except cl.Error:
            # A program that built from a cache entry but lacks the kernel: a half-written
            # entry (a build that crashed). Rebuild from source, bypassing the caches.
            try:
                knl = cl.Kernel(build(device, source, options, fresh=True), name)
            except cl.Error as exc:
                raise _build_error(device, source, exc) from None
        if arg_dtypes is not None:
            knl.set_scalar_arg_dtypes(arg_dtypes)
        device.kernels[key] = knl
    return knl
