#!/usr/bin/env bash
# Runs TFPKit's test suite (installing the system libraries first if needed).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/system-packages.sh
OPENBLAS_NUM_THREADS=1 swift test
