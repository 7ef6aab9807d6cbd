#!/usr/bin/env bash
# Installs Oclgrind (Debian's package; needs root the first time) and prints the environment
# that makes pyopencl's ICD loader list it next to pip's PoCL:
#     eval "$(.ci/oclgrind_setup.sh [VENDORS_DIR])"
# The package ships the ICD library but no .icd file, so one is written into VENDORS_DIR
# (default: a fresh temporary directory) and OCL_ICD_VENDORS points there; the wheel's loader
# still adds its bundled PoCL. Not /etc/OpenCL/vendors: that would show the simulator to
# every OpenCL program on the machine, and gparray's default device is the first GPU.
set -euo pipefail
if ! dpkg -s oclgrind >/dev/null 2>&1; then
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q oclgrind >&2
fi
lib=$(dpkg -L oclgrind | grep '/liboclgrind-rt-icd\.so$' | head -n 1 || true)
if [ -z "$lib" ]; then
    echo "oclgrind_setup: the oclgrind package has no liboclgrind-rt-icd.so" >&2
    exit 1
fi
vendors=${1:-$(mktemp -d -t gparray-oclgrind-icd.XXXXXX)}
mkdir -p "$vendors"
echo "$lib" > "$vendors/oclgrind.icd"
# Oclgrind's checks: API misuse and data races between work-items (invalid memory accesses
# and barrier divergence are always reported). Its uninitialised-value check is left off:
# in Oclgrind 21.10 it stops at LLVM's freeze instruction.
cat <<EOT
export OCL_ICD_VENDORS=$vendors
export OCLGRIND_CHECK_API=1
export OCLGRIND_DATA_RACES=1
EOT
