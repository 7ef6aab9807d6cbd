"""Oclgrind's diagnostics in what a run wrote to stderr.

Oclgrind reports invalid memory accesses, data races, barrier divergence and API misuse on
stderr (within a context through its logger, API errors outside one directly). Everything a
run writes there counts, except one expected report: pyopencl asks each device for NVIDIA's
compute capability whenever it builds a program or fetches a kernel, a query Oclgrind
rejects (and pyopencl catches) and its API check reports.

``python oclgrind_output.py FILE`` prints the diagnostics in FILE and exits 1 if there are any.
"""
import re
import sys

_PYOPENCL_PROBE = re.compile(
    r"Oclgrind - OpenCL runtime error detected\n\s*Function: clGetDeviceInfo\n"
    r"\s*Error:\s+CL_INVALID_VALUE\n\s*For argument 'param_name'\n")


def diagnostics(stderr):
    """``stderr`` less pyopencl's device probes, stripped: empty when the run was clean."""
    return _PYOPENCL_PROBE.sub("", stderr).strip()


if __name__ == "__main__":
    with open(sys.argv[1], errors="replace") as f:
        found = diagnostics(f.read())
    if found:
        print(f"Oclgrind run: diagnostics on stderr:\n{found}", file=sys.stderr)
        sys.exit(1)
