"""gparray: NumPy-compatible arrays on any OpenCL device (GPU, or the CPU through PoCL).

``import gparray as np`` gives NumPy 2's main namespace on the device; NumPy's own functions
called on gparray arrays dispatch here through ``__array_ufunc__``/``__array_function__``.

This module is the assembly layer (docs/architecture.md): it gathers the public names of
the layers below, attaches the array and ufunc methods, and builds NumPy's dispatch map
from this namespace.
"""
import logging as _logging
import sys as _sys

import numpy as _np

# The "gparray" logger (kernel builds, device choice, host fallbacks and conversions) is
# silent until the application configures logging.
_logging.getLogger("gparray").addHandler(_logging.NullHandler())

# runtime: settings, devices, dtypes
from ._runtime.config import VERSION as __version__
from ._runtime.config import (get_host_conversion, get_host_small, hide_fp64, host_conversion,
                              set_fallback, set_fusion, set_host_conversion, set_host_small,
                              set_sync)
from ._runtime.devices import Device, current_device, default_device, devices
from ._runtime.dtypes import finfo, iinfo, isdtype, result_type
from ._runtime.profiler import profile
from ._runtime.benchmark import BenchmarkResult, benchmark

# core: the array, host transfer, views
from ._core.ndarray import ndarray, synchronize
from ._core.interop import asnumpy, from_dlpack, from_numpy, shares_memory
from ._core.views import broadcast_to, expand_dims, squeeze, swapaxes, transpose

# engines: ufuncs (each by name), copies, reductions, scans, compaction, sorting
from ._engines.ufunc import ufunc
from ._engines.ufuncs import *  # noqa: F401,F403
from ._engines.copying import *  # noqa: F401,F403
from ._engines.compaction import *  # noqa: F401,F403
from ._engines.reduction import *  # noqa: F401,F403
from ._engines.scan import *  # noqa: F401,F403
from ._engines.sort import *  # noqa: F401,F403
from ._engines.fuse import *  # noqa: F401,F403

# families, one module per NumPy category
from ._creation import *  # noqa: F401,F403
from ._elementwise_functions import *  # noqa: F401,F403
from ._manipulation import *  # noqa: F401,F403
from ._join import *  # noqa: F401,F403
from ._rearrange import *  # noqa: F401,F403
from ._pad import *  # noqa: F401,F403
from ._indexing_routines import *  # noqa: F401,F403
from ._statistics import *  # noqa: F401,F403
from ._nan_functions import *  # noqa: F401,F403
from ._comparison import *  # noqa: F401,F403
from ._searching import *  # noqa: F401,F403
from ._histograms import *  # noqa: F401,F403
from ._sets import *  # noqa: F401,F403
from ._convolve import *  # noqa: F401,F403
# matrix products; set_host_blas(False) forces the OpenCL GEMM
from ._linalg_products import *  # noqa: F401,F403
from ._einsum import *  # noqa: F401,F403
from ._type_checks import *  # noqa: F401,F403
from ._mathematical_functions import *  # noqa: F401,F403
from ._functional import *  # noqa: F401,F403
from ._polynomial import *  # noqa: F401,F403
from ._window_functions import *  # noqa: F401,F403
from ._bit_packing import *  # noqa: F401,F403
from ._diagonal_fill import *  # noqa: F401,F403
from ._trim_zeros import *  # noqa: F401,F403
# printing and files: host by design (they format text or write files)
from ._printing_io import *  # noqa: F401,F403
from ._info import __array_namespace_info__
from . import fft, lib, linalg, random

# assembly: the methods of ndarray and ufunc, and NumPy's dispatch map
from . import _dispatch, _methods  # noqa: F401  (importing _methods attaches the methods)

__array_api_version__ = "2024.12"

# dtypes are NumPy's own: ``gparray.float32 is numpy.float32``.
bool_ = _np.bool_
bool = _np.bool_  # noqa: A001
int8, int16, int32, int64 = _np.int8, _np.int16, _np.int32, _np.int64
uint8, uint16, uint32, uint64 = _np.uint8, _np.uint16, _np.uint32, _np.uint64
float16, float32, float64 = _np.float16, _np.float32, _np.float64
complex64, complex128 = _np.complex64, _np.complex128
intp, uintp = _np.intp, _np.uintp
int_, float_, complex_ = _np.int64, _np.float64, _np.complex128
dtype = _np.dtype
promote_types = _np.promote_types
e, pi, inf, nan, euler_gamma = _np.e, _np.pi, _np.inf, _np.nan, _np.euler_gamma
newaxis = None

# np.<name>(device array) runs gparray.<name>; the same for np.linalg, np.fft and np.lib
for _ours, _numpy in ((_sys.modules[__name__], _np), (linalg, _np.linalg), (fft, _np.fft),
                      (lib.stride_tricks, _np.lib.stride_tricks)):
    _dispatch.register_namespace(_ours, _numpy)
del _ours, _numpy

# Dask may hold gparray arrays as chunks (now, or once dask.array is imported).
from . import _dask  # noqa: E402
_dask.install()
