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
import threading

from .config import settings
import pyopencl as cl

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


def build(device, source, options=()):
    """The built cl.Program for ``source`` on ``device``, from the cache when possible."""
    key = (source, options)
    program = device.programs.get(key)
    if program is not None:
        return program

    with _build_lock:
        program = device.programs.get(key)
        if program is not None:
            return program
        cache_dir = settings.cache_dir / "pyopencl"
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            cache_dir = None
        try:
            program = cl.Program(device.context, source).build(
                options=list(options), cache_dir=str(cache_dir) if cache_dir else None)
        except cl.RuntimeError as exc:
            raise RuntimeError(f"gparray: the OpenCL compiler of {device.name!r} rejected a "
                               f"generated kernel; this is a gparray bug.\n{exc}") from None
        device.programs[key] = program
    return program


def kernel(device, source, name, arg_dtypes=None, options=()):
    """One kernel object per (device, source, name); pyopencl kernels are costly to fetch.

    ``arg_dtypes`` gives the NumPy dtype of each by-value argument (None for buffers and
    structs), which lets pyopencl use its fast argument packing.
    """
    # The argument dtypes are part of the key: two loops (bool and uint8, say) can share a
    # source text but must pack their by-value arguments differently.
    key = (source, options, name, tuple(arg_dtypes) if arg_dtypes is not None else None)
    knl = device.kernels.get(key)
    if knl is None:
        knl = cl.Kernel(build(device, source, options), name)
        if arg_dtypes is not None:
            knl.set_scalar_arg_dtypes(arg_dtypes)
        device.kernels[key] = knl
    return knl
