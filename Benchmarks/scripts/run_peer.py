"""Runs one peer estimator on a benchmark CSV and prints one JSON line with the
estimation time (estimator call only) and the coefficients and standard errors.

Usage: python3 Benchmarks/scripts/run_peer.py TOOL DATA.csv DESIGN
  TOOL: linearmodels | statsmodels
  DESIGN: simple | difficult (y ~ x1 + x2 | indiv_id + firm_id + year, clustered by indiv_id)
          cobbdouglas (log(output) ~ log(capital) + log(employment) | firm + year, clustered by firm)
"""
import json
import sys
import time

import numpy as np
import polars as pl

tool, path, design = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
df = pl.read_csv(path).to_pandas()
t1 = time.perf_counter()
if design == "cobbdouglas":
    df["ly"], df["lk"], df["ll"] = np.log(df.output), np.log(df.capital), np.log(df.employment)
    y, xs, fes, cluster, names = "ly", ["lk", "ll"], ["firm", "year"], "firm", ["log(capital)", "log(employment)"]
else:
    y, xs, fes, cluster, names = "y", ["x1", "x2"], ["indiv_id", "firm_id", "year"], "indiv_id", ["x1", "x2"]
if tool == "linearmodels":
    import linearmodels
    from linearmodels.iv.absorbing import AbsorbingLS
    absorb = df[fes].astype("category")
    AbsorbingLS(df[y][:5000], df[xs][:5000], absorb=absorb[:5000], drop_absorbed=True).fit(cov_type="clustered", clusters=df[cluster][:5000])
    t1 = time.perf_counter()
    res = AbsorbingLS(df[y], df[xs], absorb=absorb, drop_absorbed=True).fit(cov_type="clustered", clusters=df[cluster])
    t2 = time.perf_counter()
    coefs = {n: [float(res.params[x]), float(res.std_errors[x])] for n, x in zip(names, xs)}
    version = linearmodels.__version__
elif tool == "statsmodels":
    import statsmodels
    import statsmodels.formula.api as smf
    t1 = time.perf_counter()
    rhs = " + ".join(xs + [f"C({f})" for f in fes])
    res = smf.ols(f"{y} ~ {rhs}", data=df).fit(cov_type="cluster", cov_kwds={"groups": df[cluster]})
    t2 = time.perf_counter()
    coefs = {n: [float(res.params[x]), float(res.bse[x])] for n, x in zip(names, xs)}
    version = statsmodels.__version__
print(json.dumps({"tool": f"{tool} {version}", "read_seconds": t1 - t0, "estimate_seconds": t2 - t1, "coefficients": coefs}))
