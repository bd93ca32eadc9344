"""The work of `tfp benchmark --from Y1 --to Y2` done by pandas and by polars, in process
(issue 14, goal 4): read the panel, labour productivity in the last year, its compound
growth and output growth from Y1-1 to Y2, ranks (ties share the best rank) and percentiles
(the share of the other regions strictly below), written as CSV. Prints the best of N runs.

    python3 Benchmarks/scripts/benchmark_pandas.py PANEL.csv 2013 2021 [N]
"""
import io
import sys
import time

import pandas as pd
import polars as pl

path, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
base = first - 1
h = last - base


def with_pandas():
    d = pd.read_csv(path)
    d["lp"] = d["output"] / d["employment"]
    w = d[d["year"].isin([base, last])].pivot(index="region", columns="year", values=["lp", "output"])
    ind = pd.DataFrame({
        "labour_productivity": w[("lp", last)],
        "labour_productivity_growth": (w[("lp", last)] / w[("lp", base)]) ** (1 / h) - 1,
        "output_growth": (w[("output", last)] / w[("output", base)]) ** (1 / h) - 1,
    })
    long = ind.reset_index().melt(id_vars="region", var_name="indicator", value_name="value").dropna()
    g = long.groupby("indicator")["value"]
    long["rank"] = g.rank(method="min", ascending=False).astype(int)
    n = g.transform("size")
    long["regions"] = n
    long["percentile"] = (g.rank(method="min", ascending=True) - 1) / (n - 1)
    long = long.sort_values(["indicator", "rank", "region"])
    buf = io.StringIO()
    long.to_csv(buf, index=False)
    return len(long)


def with_polars():
    d = pl.read_csv(path).with_columns((pl.col("output") / pl.col("employment")).alias("lp"))
    a = d.filter(pl.col("year") == base).select("region", pl.col("lp").alias("lp0"), pl.col("output").alias("y0"))
    b = d.filter(pl.col("year") == last).select("region", pl.col("lp").alias("lp1"), pl.col("output").alias("y1"))
    w = a.join(b, on="region")
    ind = w.select(
        "region",
        pl.col("lp1").alias("labour_productivity"),
        ((pl.col("lp1") / pl.col("lp0")) ** (1 / h) - 1).alias("labour_productivity_growth"),
        ((pl.col("y1") / pl.col("y0")) ** (1 / h) - 1).alias("output_growth"),
    )
    long = ind.unpivot(index="region", variable_name="indicator", value_name="value").drop_nulls()
    long = long.with_columns(
        pl.col("value").rank(method="min", descending=True).over("indicator").cast(pl.Int64).alias("rank"),
        pl.len().over("indicator").alias("regions"),
    ).with_columns(((pl.col("value").rank(method="min").over("indicator") - 1) / (pl.col("regions") - 1)).alias("percentile"))
    long = long.sort(["indicator", "rank", "region"])
    long.write_csv(io.StringIO())
    return long.height


for name, f in [("pandas", with_pandas), ("polars", with_polars)]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        rows = f()
        times.append(time.perf_counter() - t)
    print(f"{name}: best {min(times):.3f} s, median {sorted(times)[len(times) // 2]:.3f} s, {rows} rows")
