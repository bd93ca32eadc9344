#!/usr/bin/env bash
# Runs TFPKit's test suite (installing the system libraries first if needed).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/system-packages.sh
# The code's layout, by the formatter the toolchain ships, with the committed .swift-format.
swift format lint --strict --recursive Sources Tests Package.swift
OPENBLAS_NUM_THREADS=1 swift test
# The report as a person sees it: printed by headless Chromium, read back by pdftotext and
# openpyxl (issue 10). .ci/run installs them; elsewhere the check runs when they are there.
if command -v chromium >/dev/null && command -v pdftotext >/dev/null && python3 -c "import openpyxl" 2>/dev/null; then
  python3 scripts/check_reports.py
else
  echo "check_reports: skipped (needs chromium, poppler-utils and the Python package openpyxl)"
fi
# Every command's JSON output against its committed JSON Schema (issue 13), with the Python
# jsonschema package (.ci/run installs it).
if python3 -c "import jsonschema" 2>/dev/null; then
  python3 scripts/check_schemas.py .build/debug/tfp
else
  echo "check_schemas: skipped (needs the Python package jsonschema)"
fi
# The library's DocC catalog builds with no warning (broken links in articles fail).
if command -v docc >/dev/null; then bash scripts/build_docs.sh; else echo "docs: skipped (no docc in the toolchain)"; fi
