#!/usr/bin/env bash
# Installs the system libraries TFPKit links (Debian/Ubuntu): OpenBLAS, LAPACKE, GLPK, CHOLMOD (SuiteSparse), fast_float and fmt (Dragonbox, header-only).
# Idempotent: does nothing when they are already there.
set -euo pipefail
if [ -f /usr/include/lapacke.h ] && [ -f /usr/include/glpk.h ] && [ -f /usr/include/suitesparse/cholmod.h ] && [ -f /usr/include/fast_float/fast_float.h ] && [ -f /usr/include/fmt/format.h ] && [ -f /usr/include/xlsxwriter.h ] && [ -f /usr/include/Rmath.h ] && { [ -f /usr/include/cblas.h ] || [ -f /usr/include/x86_64-linux-gnu/cblas.h ] || ls /usr/include/*/cblas.h >/dev/null 2>&1; }; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libopenblas-dev liblapacke-dev libglpk-dev libsuitesparse-dev libfast-float-dev libfmt-dev libxlsxwriter-dev r-mathlib >/dev/null
