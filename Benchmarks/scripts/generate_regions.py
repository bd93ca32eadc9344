"""A panel of many regions for `tfp benchmark`, `tfp account` and `tfp productivity` at scale
(issue 14, goals 3 and 4): region R0..R{n-1}, years 2012-2021, output, employment, investment,
log-normal levels with region effects and yearly growth; seed 14. Text region names, so that
reading pays for interning as a department's file would.

    python3 Benchmarks/scripts/generate_regions.py 100000 Benchmarks/data/regions_1e5.csv
"""
import sys

import numpy as np

n = int(sys.argv[1])
path = sys.argv[2]
years = np.arange(2012, 2022)
rng = np.random.default_rng(14)
level = rng.lognormal(mean=10, sigma=1, size=n)
workers = rng.lognormal(mean=6, sigma=0.8, size=n)
growth = rng.normal(0.06, 0.03, size=(n, len(years))).cumsum(axis=1)
labour_growth = rng.normal(0.01, 0.01, size=(n, len(years))).cumsum(axis=1)
output = level[:, None] * np.exp(growth)
employment = workers[:, None] * np.exp(labour_growth)
investment = output * rng.uniform(0.2, 0.4, size=(n, len(years)))
with open(path, "w") as f:
    f.write("region,year,output,employment,investment\n")
    for i in range(n):
        name = f"R{i}"
        f.write("".join(
            f"{name},{y},{output[i, k]:.6f},{employment[i, k]:.4f},{investment[i, k]:.6f}\n"
            for k, y in enumerate(years)))
