"""Warm, in-process timing of pyfixest on a benchmark file (issue 14: compare against the
peers' fastest setting, after JIT compilation, in one Python session).

    python3 Benchmarks/scripts/warm_pyfixest.py Benchmarks/data/simple_1e6.csv [REPEATS] [FIXEF_TOL, default 1e-10 as TFPKit]

For each demeaner backend (numba, rust): a warm-up fit on the first 5,000 rows, then
REPEATS timed runs of read (pandas, and polars → pandas) + feols, and of feols alone.
Prints one JSON line per backend with the best times, and the coefficients.
"""
import json
import sys
import time

import pandas as pd
import polars as pl
import pyfixest as pf

path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-10
formula = "y ~ x1 + x2 | indiv_id + firm_id + year"
vcov = {"CRV1": "indiv_id"}
for backend in ["numba", "rust"]:
    small = pd.read_csv(path, nrows=5000)
    try:
        pf.feols(formula, data=small, vcov=vcov, demeaner_backend=backend, fixef_tol=tol)
    except Exception as e:  # backend not available in this install
        print(json.dumps({"backend": backend, "error": str(e)[:200]}))
        continue
    best_read_fit, best_fit, best_polars = float("inf"), float("inf"), float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        df = pd.read_csv(path)
        t1 = time.perf_counter()
        fit = pf.feols(formula, data=df, vcov=vcov, demeaner_backend=backend, fixef_tol=tol)
        t2 = time.perf_counter()
        best_read_fit = min(best_read_fit, t2 - t0)
        best_fit = min(best_fit, t2 - t1)
        t3 = time.perf_counter()
        dfp = pl.read_csv(path).to_pandas()
        pf.feols(formula, data=dfp, vcov=vcov, demeaner_backend=backend, fixef_tol=tol)
        best_polars = min(best_polars, time.perf_counter() - t3)
    coef = fit.coef()
    print(json.dumps({"backend": backend, "read_and_fit_pandas_s": round(best_read_fit, 3), "read_and_fit_polars_s": round(best_polars, 3),
                      "fit_s": round(best_fit, 3), "x1": float(coef["x1"]), "x2": float(coef["x2"]),
                      "se_x1": float(fit.se()["x1"])}))
