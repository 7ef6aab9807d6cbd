/* Included first in every gparray program. GP_HAS_FP64 is defined by the host when the
 * device supports double precision and it is not hidden. */
#ifdef GP_HAS_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
