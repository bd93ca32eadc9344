#!/usr/bin/env bash
# Runs TFPKit's test suite (installing the system libraries first if needed).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/system-packages.sh
OPENBLAS_NUM_THREADS=1 swift test
# The report as a person sees it: printed by headless Chromium, read back by pdftotext and
# openpyxl (issue 10). .ci/run installs them; elsewhere the check runs when they are there.
if command -v chromium >/dev/null && command -v pdftotext >/dev/null && python3 -c "import openpyxl" 2>/dev/null; then
  python3 scripts/check_reports.py
else
  echo "check_reports: skipped (needs chromium, poppler-utils and the Python package openpyxl)"
fi
