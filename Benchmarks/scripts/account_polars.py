"""The job of `tfp account PANEL.csv --depreciation 0.05 --initial-capital-output 2.5
--capital-share 0.4` (and of its output) done by polars in process (issue 14, goal 3): read
the panel, capital by perpetual inventory from the first year's stock K0 = 2.5 * Y0
(K_t = 0.95 K_{t-1} + I_t, in closed form by cumulative sums), simple growth rates of output,
capital and labour per region, the GSO decomposition with a capital share of 0.4 (contributions,
TFP growth, its share of output growth, the TFP index), sorted by region and year, written as
CSV and as JSON. Prints the best and median of N runs, and with --check FILE.csv the largest
relative difference from TFPKit's CSV output.

    python3 Benchmarks/scripts/account_polars.py PANEL.csv [N] [--check tfp_account.csv]
"""
import sys

import polars as pl

import peer_timing

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "--check" else 5
check = sys.argv[sys.argv.index("--check") + 1] if "--check" in sys.argv else None
alpha, delta, kappa = 0.4, 0.05, 2.5
q = 1 - delta


def table():
    d = pl.read_csv(path).sort(["region", "year"])
    t = (pl.col("year") - pl.col("year").min().over("region")).cast(pl.Float64)
    first_output = pl.col("output").first().over("region")
    # K_t = q^t (K0 + sum_{s=1..t} I_s q^-s): the recursion in closed form.
    weighted = pl.when(t > 0).then(pl.col("investment") * pl.lit(q).pow(-t)).otherwise(0.0)
    d = d.with_columns((pl.lit(q).pow(t) * (kappa * first_output + weighted.cum_sum().over("region"))).alias("capital"))

    def growth(c):
        return pl.col(c) / pl.col(c).shift(1).over("region") - 1

    d = d.with_columns(growth("output").alias("output_growth"), growth("capital").alias("capital_growth"),
                       growth("employment").alias("labour_growth"),
                       (pl.col("year") - pl.col("year").shift(1).over("region")).alias("years_spanned"))
    d = d.with_columns((alpha * pl.col("capital_growth")).alias("capital_contribution"),
                       ((1 - alpha) * pl.col("labour_growth")).alias("labour_contribution"))
    d = d.with_columns((pl.col("output_growth") - pl.col("capital_contribution") - pl.col("labour_contribution")).alias("tfp_growth"))
    d = d.with_columns((pl.col("tfp_growth") / pl.col("output_growth")).alias("tfp_share"),
                       (1 + pl.col("tfp_growth").fill_null(0)).cum_prod().over("region").alias("tfp_index"),
                       (pl.col("capital_contribution") / pl.col("output_growth")).alias("capital_share_of_growth"),
                       (pl.col("labour_contribution") / pl.col("output_growth")).alias("labour_share_of_growth"),
                       pl.lit(alpha).alias("capital_share"))
    return d.select("region", "year", "output_growth", "capital_growth", "labour_growth", "capital_contribution",
                    "labour_contribution", "tfp_growth", "tfp_share", "tfp_index", "capital_share_of_growth",
                    "labour_share_of_growth", "capital_share", "years_spanned")


def job(fmt):
    d = table()
    if fmt == "csv":
        d.write_csv("/tmp/polars_account.csv")
    else:
        d.write_json("/tmp/polars_account.json")
    return d.height


if check:
    ours = pl.read_csv(check)
    theirs = table()
    worst = 0.0
    for c in ["output_growth", "capital_growth", "labour_growth", "tfp_growth", "tfp_share", "tfp_index"]:
        a, b = ours[c].to_numpy(), theirs[c].to_numpy()
        both = ~(pl.Series(a).is_nan() | pl.Series(b).is_nan()).to_numpy()
        rel = abs(a[both] - b[both]) / abs(b[both]).clip(1e-300)
        worst = max(worst, float(rel.max()))
        print(f"{c}: max relative difference {rel.max():.2e} over {both.sum()} rows")
    print(f"worst {worst:.2e}")
    sys.exit(0)

peer_timing.report("polars", job, runs)
