#!/usr/bin/env bash
# Builds the DocC catalog of the TFPKit library (Sources/TFPKit/TFPKit.docc) with the
# toolchain's docc, from the package's public symbol graphs; warnings are errors, so a
# broken link in an article fails the test run. Output: .build/docs (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/docs}"
swift package dump-symbol-graph --minimum-access-level public >/dev/null 2>&1
graphs="$(swift build --show-bin-path)/../symbolgraph"
# The public surface, pinned (issue 9): a declaration made public or taken away shows in review.
# After a deliberate change: python3 scripts/public_api.py "$graphs" > docs/public-api.txt
if ! python3 scripts/public_api.py "$graphs" 2>/dev/null | diff -u docs/public-api.txt - >/tmp/tfp-public-api.diff; then
  echo "docs: the public API differs from docs/public-api.txt:"; head -60 /tmp/tfp-public-api.diff
  echo "record a deliberate change with: python3 scripts/public_api.py $graphs > docs/public-api.txt"
  exit 1
fi
# Only TFPKit's own modules: the dependencies' graphs carry their own doc warnings.
own=.build/symbol-graphs-own
rm -rf "$own" && mkdir -p "$own"
for module in TFPKit Tabular DataIO LinearAlgebra Econometrics Productivity Planning Workflow Reporting; do
  cp "$graphs/$module".symbols.json "$own/"
  cp "$graphs/$module"@*.symbols.json "$own/" 2>/dev/null || true
done
docc convert Sources/TFPKit/TFPKit.docc --fallback-display-name TFPKit --fallback-bundle-identifier org.tfpkit.TFPKit \
  --additional-symbol-graph-dir "$own" --output-path "$out" --warnings-as-errors >/dev/null
echo "docs: built in $out"
