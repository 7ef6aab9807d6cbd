"""``python -m gparray``: platforms, devices, the chosen device and its capabilities, and the
kernel-cache location. ``python -m gparray warmup [--families ...] [--dtypes ...]`` compiles
the common kernels into the kernel cache (see gparray/_warmup.py)."""
import os
import sys

import gparray
import pyopencl as cl

from gparray import _warmup
from gparray._runtime import vector_widths as _vector_widths
from gparray._runtime.config import settings


def main():
    devices = gparray.devices()
    try:
        chosen = gparray.default_device()
    except ValueError as exc:
        chosen = None
        problem = exc
    print("OpenCL platforms:")
    for platform in cl.get_platforms():
        print(f"  {platform.name.strip()} ({platform.version.strip()})")
    print("Devices:")
    for d in devices:
        mark = "*" if d is chosen else " "
        print(f" {mark} [{d.index}] {d.name} — {d.platform_name}, {d.kind}, driver "
              f"{d.driver_version}")
    if chosen is None:
        print(f"Chosen device: none: {problem}")
        sys.exit(1)
    print(f"Chosen device: [{chosen.index}] {chosen.name}"
          + ("  (GPARRAY_DEVICE)" if os.environ.get("GPARRAY_DEVICE") else ""))
    caps = chosen.capabilities()
    print("Capabilities:")
    print(f"  fp64 (float64/complex128): {'yes' if caps['fp64'] else 'no'}"
          + ("  (hidden by GPARRAY_HIDE_FP64)" if settings.hide_fp64 and chosen._native_fp64 else ""))
    print(f"  fp16 arithmetic (cl_khr_fp16): {'yes' if caps['fp16'] else 'no'}"
          " (float16 arrays work either way: stored as half, computed in float)")
    print(f"  unified host memory: {'yes (zero-copy from_numpy / x.numpy())' if caps['unified_host_memory'] else 'no (host transfers copy)'}")
    print(f"  global memory: {caps['global_mem_size'] / 2**20:.0f} MiB, largest allocation "
          f"{caps['max_alloc_size'] / 2**20:.0f} MiB, local memory {caps['local_mem_size'] // 1024} KiB")
    print(f"  compute units: {caps['compute_units']}, max work-group size: {caps['max_work_group_size']}")
    verdict = _vector_widths.verdict(chosen)
    cpu = _vector_widths.llvm_cpu(chosen.cl_device)
    print("Vector widths" + (f" (driver compiles for LLVM CPU {cpu})" if cpu else "") + ":")
    for family, label in (("float", "float32 (and int32/uint32 lanes)"),
                          ("double", "float64 (and int64/uint64 lanes)"),
                          ("rng", "random fills (Philox streams)")):
        print(f"  {label}: {verdict.describe(family)}")
    print(f"Default dtypes: {gparray.__array_namespace_info__().default_dtypes(device=chosen)}")
    print(f"Kernel cache: {settings.cache_dir} (GPARRAY_CACHE_DIR)")
    print(f"Synchronous launches (GPARRAY_SYNC): {'on' if settings.sync else 'off'}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["warmup"]:
        _warmup.main(sys.argv[2:])
    elif len(sys.argv) > 1:
        sys.exit(f"usage: python -m gparray [warmup [--families F,...] [--dtypes D,...]]; "
                 f"unknown argument {sys.argv[1]!r}")
    else:
        main()
