"""Runs pyfixest feols on a benchmark CSV and prints one JSON line:
estimation time (seconds, feols call only), coefficients and standard errors.

Usage: python3 Benchmarks/scripts/run_pyfixest.py DATA.csv "FORMULA" VCOV [BACKEND] [FIXEF_TOL]
  VCOV: iid | hetero | CRV1:col ; BACKEND: MAP backend (rust, numba) or lsmr-within;
  FIXEF_TOL: convergence tolerance of the demeaning (pyfixest's default is 1e-6)
"""
import json
import sys
import time

import polars as pl
import pyfixest as pf
from pyfixest.demeaners import LsmrDemeaner, MapDemeaner

path, formula, vcov = sys.argv[1], sys.argv[2], sys.argv[3]
backend = sys.argv[4] if len(sys.argv) > 4 else "rust"
tol = float(sys.argv[5]) if len(sys.argv) > 5 else 1e-6
t0 = time.perf_counter()
data = pl.read_csv(path).to_pandas()
t1 = time.perf_counter()
v = {"CRV1": vcov.split(":", 1)[1]} if vcov.startswith("CRV1:") else vcov
if backend == "lsmr-within":
    demeaner = LsmrDemeaner(backend="within", fixef_atol=tol, fixef_btol=tol)
else:
    demeaner = MapDemeaner(backend=backend, fixef_tol=tol)
# Warm-up on a slice (200,000 rows, enough that the fixed effects are not all singletons),
# so that one-time JIT compilation and imports are not timed.
pf.feols(formula, data=data.iloc[: min(len(data), 200_000)], vcov=v, demeaner=demeaner, fixef_rm="singleton")
t1 = time.perf_counter()
fit = pf.feols(formula, data=data, vcov=v, demeaner=demeaner, fixef_rm="singleton")
t2 = time.perf_counter()
tidy = fit.tidy()
print(json.dumps({"tool": f"pyfixest {pf.__version__} ({backend}, tol {tol:g})", "read_seconds": t1 - t0, "estimate_seconds": t2 - t1,
                  "nobs": int(fit._N),
                  "coefficients": {k: [float(r["Estimate"]), float(r["Std. Error"])] for k, r in tidy.iterrows()}}))
