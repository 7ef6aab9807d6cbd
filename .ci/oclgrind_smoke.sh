#!/usr/bin/env bash
# The kernel-family smoke test (tests/gpu_smoke) on Oclgrind, a simulated GPU without
# host-unified memory, with its checks on. Any diagnostic fails the run: per test (captured
# by pytest) and anywhere else in the process (scanned here). Expects .venv from .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(.ci/oclgrind_setup.sh)"
export GPARRAY_DEVICE=oclgrind
export GPARRAY_SYNC=1                               # a diagnostic surfaces at its own launch
GPARRAY_CACHE_DIR=$(mktemp -d -t gparray-oclgrind-cache.XXXXXX)
export GPARRAY_CACHE_DIR                            # every kernel built by Oclgrind, this run
stderr_log=$(mktemp -t gparray-oclgrind-stderr.XXXXXX)
.venv/bin/python -m gparray
.venv/bin/python -c "import gparray, sys; sys.exit('Oclgrind' not in gparray.default_device().platform_name)" || {
    echo "oclgrind_smoke: gparray did not choose the Oclgrind device" >&2
    exit 1
}
status=0
.venv/bin/python -m pytest tests/gpu_smoke -q -p no:cacheprovider 2> "$stderr_log" || status=$?
.venv/bin/python tests/gpu_smoke/oclgrind_output.py "$stderr_log" || status=1
rm -rf "$GPARRAY_CACHE_DIR" "$stderr_log" "$OCL_ICD_VENDORS"
exit $status
