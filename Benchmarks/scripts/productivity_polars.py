"""The job of `tfp productivity PANEL.csv` (and of its output) done by polars in process
(issue 14, goal 3): read the panel, labour productivity per worker, its simple growth over the
previous observation of the same region (annualised over gaps, as TFPKit does), years spanned,
sorted by region and year, written as CSV and as JSON. Prints the best and median of N runs.

    python3 Benchmarks/scripts/productivity_polars.py PANEL.csv [N]
"""
import sys

import polars as pl

import peer_timing

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5


def job(fmt):
    d = pl.read_csv(path).sort(["region", "year"])
    d = d.with_columns((pl.col("output") / pl.col("employment")).alias("output_per_worker"))
    spanned = (pl.col("year") - pl.col("year").shift(1)).over("region")
    ratio = pl.col("output_per_worker") / pl.col("output_per_worker").shift(1).over("region")
    d = d.with_columns(
        (ratio ** (1 / spanned) - 1).alias("growth_per_worker"),
        spanned.alias("years_spanned"),
    ).select("region", "year", "output", "employment", "output_per_worker", "growth_per_worker", "years_spanned")
    if fmt == "csv":
        d.write_csv("/tmp/polars_productivity.csv")
    else:
        d.write_json("/tmp/polars_productivity.json")
    return d.height


peer_timing.report("polars", job, runs)
