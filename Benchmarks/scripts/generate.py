"""Seeded generator for the fixest/pyfixest benchmark designs, written as CSV.

Designs (the fixest_benchmarks DGP, as used by pyfixest's benchmarks):
  n_indiv = n/10 individuals observed for 10 years; n_firm = n_indiv/23 firms;
  simple:    firm drawn at random for each row;
  difficult: firm assigned cyclically (row i -> firm i mod n_firm), which makes
             the individual-firm graph badly connected and slows alternating projections;
  y = x1 + 0.05*x1^2 + fe_firm + fe_indiv + fe_year + noise;  x2 = x1^2 is written as a column.
  cobbdouglas: firm panel, log Y = 0.35 log K + 0.6 log L + a_firm + b_year + e,
             n/10 firms x 10 years.

Usage: python3 Benchmarks/scripts/generate.py DESIGN N OUT.csv [SEED]
"""
import sys

import numpy as np
import polars as pl


def fixest_design(n: int, kind: str, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    n_years = 10
    # Ceiling: the last individual (or firm) is observed for fewer years when n is not a multiple of 10
    # (rounding down made the index of the last row out of range).
    n_indiv = max(1, -(-n // n_years))
    n_firm = max(1, round(n_indiv / 23))
    i = np.arange(n)
    indiv = i // n_years
    year = i % n_years
    firm = rng.integers(0, n_firm, size=n) if kind == "simple" else i % n_firm
    x1 = rng.standard_normal(n)
    y = (x1 + 0.05 * x1**2 + rng.standard_normal(n_firm)[firm] + rng.standard_normal(n_indiv)[indiv]
         + rng.standard_normal(n_years)[year] + rng.standard_normal(n))
    return pl.DataFrame({"y": y, "x1": x1, "x2": x1**2, "indiv_id": indiv, "firm_id": firm, "year": year})


def cobb_douglas(n: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    n_years = 10
    n_firm = max(1, -(-n // n_years))
    i = np.arange(n)
    firm = i // n_years
    year = i % n_years
    a = rng.standard_normal(n_firm)[firm]
    b = 0.02 * year
    log_k = 2 + a + rng.standard_normal(n)
    log_l = 1 + 0.5 * a + rng.standard_normal(n)
    log_y = 0.35 * log_k + 0.6 * log_l + a + b + 0.1 * rng.standard_normal(n)
    return pl.DataFrame({"firm": firm, "year": year, "output": np.exp(log_y), "capital": np.exp(log_k), "employment": np.exp(log_l)})


if __name__ == "__main__":
    design, n, out = sys.argv[1], int(float(sys.argv[2])), sys.argv[3]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 20261122
    frame = cobb_douglas(n, seed) if design == "cobbdouglas" else fixest_design(n, design, seed)
    frame.write_csv(out, float_precision=None)
