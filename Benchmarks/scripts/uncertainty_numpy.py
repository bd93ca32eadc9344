#!/usr/bin/env python3
"""Peer benchmark for issue 12: growth accounting under uncertain assumptions,
vectorised NumPy against `tfp account ... --draws 10000`.

What it does
  1. Writes a deterministic synthetic panel (63 regions x 30 years, 1993-2022;
     region,year,output,investment,employment; fixed seed) to --write-panel PATH
     (default: a temporary file), or reads an existing one with --panel PATH.
  2. Computes in NumPy exactly what
         tfp account DATA --capital-share 0.4..0.6 --depreciation 0.04..0.07 \
             --growth-years 3..7 --draws 10000 --from 2016 --to 2022
     computes: per scenario (alpha ~ U(0.4,0.6), delta ~ U(0.04,0.07),
     m = round(U(3,7))) and region, K0 = I0/(g+delta) with g = (I_m/I_0)^(1/m) - 1,
     K_t = (1-delta) K_{t-1} + I_t, simple growth rates, capital contribution
     alpha*gK, labour (1-alpha)*gL, TFP = gY - both, TFP share = TFP/gY (undefined,
     NaN, when gY < 0.005 - TFPKit's rule: defined iff gY >= 0.005); the period
     2016-2022 = means of the yearly rates and the share from the means; then the
     5th/50th/95th percentiles (np.quantile, method "linear" = R type 7) over the
     scenarios of tfp_share, tfp_growth, capital_contribution, labour_contribution
     for every region-year and region-period.
     Each configuration runs in a fresh child process (so that its peak RSS is its
     own); only the compute after the CSV is loaded is timed (time.perf_counter).
     Layout: arrays (years, regions, draws) with draws contiguous, all draws at once
     and regions in chunks (--region-chunks; 63 = no chunking). Variants:
       direct  - the four quantities materialised, four np.quantile passes;
       reduced - the same numbers with two quantile passes: output and labour growth
                 do not depend on the scenario, so the share's quantiles are the TFP
                 growth quantiles / gY, and labour's are gL x quantiles of (1-alpha).
  3. Times TFPKit's whole process on the same file (--tfp, --tfp-args, easy to change):
     the timed command writes the row table (--format csv --output FILE); one more run
     with --summary gives the period table for the comparison. If TFPKit refuses
     (its work bound: draws x rows <= 2,000,000), the refusal is recorded and the most
     draws it accepts are run instead (labelled as such).
  4. Compares NumPy's period medians with TFPKit's (loosely: the draws differ), and,
     as an exact check, recomputes NumPy with TFPKit's own generator (SplitMix64, its
     seed, its number of draws) and reports the largest difference over every band.
  5. Measures memory bandwidth roughly (numpy copy of a 1 GB array) in a child process.

Prints Markdown tables; appends JSON lines to Benchmarks/results_peers_2026-12.jsonl.

Usage (from anywhere; OPENBLAS_NUM_THREADS=1 is set for the children):
    python3 Benchmarks/scripts/uncertainty_numpy.py
    python3 Benchmarks/scripts/uncertainty_numpy.py --tfp /path/to/tfp --tfp-repeats 5
    python3 Benchmarks/scripts/uncertainty_numpy.py --write-panel /tmp/panel.csv --no-tfp
"""
import argparse
import csv
import json
import os
import platform
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "Benchmarks" / "results_peers_2026-12.jsonl"
QUANTITIES = ["tfp_share", "tfp_growth", "capital_contribution", "labour_contribution"]
DEFAULT_TFP = "/tmp/tfp-bin/tfp"
DEFAULT_TFP_ARGS = ("account {data} --capital-share 0.4..0.6 --depreciation 0.04..0.07 --growth-years 3..7 "
                    "--draws {draws} --from 2016 --to 2022 --format csv --output {out}")
TFP_DEFAULT_SEED = 20261122
PERIOD = (2016, 2022)
MIN_GROWTH = 0.005


# ---------------------------------------------------------------- the panel
def write_panel(path, regions=63, first=1993, last=2022, seed=20261201):
    """Deterministic synthetic panel: output starts log-uniform in 10,000-500,000 and grows
    at a region trend U(4%, 9%) plus N(0, 2%) yearly noise (so a few years fall below 0.5%
    and have no TFP share); investment = U(25%, 40%) of output (region level + noise,
    clipped); employment grows U(0%, 3%) a year."""
    rng = np.random.default_rng(seed)
    years = np.arange(first, last + 1)
    T = len(years)
    with open(path, "w", newline="") as f:
        f.write("region,year,output,investment,employment\n")
        for r in range(regions):
            y0 = np.exp(rng.uniform(np.log(10_000), np.log(500_000)))
            trend = rng.uniform(0.04, 0.09)
            gy = trend + rng.normal(0, 0.02, T - 1)
            output = y0 * np.concatenate([[1.0], np.cumprod(1 + gy)])
            base = rng.uniform(0.27, 0.38)
            share = np.clip(base + rng.normal(0, 0.015, T), 0.25, 0.40)
            investment = output * share
            e0 = rng.uniform(200, 3000)
            employment = e0 * np.concatenate([[1.0], np.cumprod(1 + rng.uniform(0.0, 0.03, T - 1))])
            for t in range(T):
                f.write(f"R{r + 1:02d},{years[t]},{output[t]:.3f},{investment[t]:.3f},{employment[t]:.4f}\n")
    return path


def load_panel(path):
    """(regions, years, Y, I, L) with arrays (regions, years); the panel must be balanced."""
    rows = {}
    with open(path, newline="") as f:
        for rec in csv.DictReader(f):
            rows[(rec["region"], int(rec["year"]))] = (float(rec["output"]), float(rec["investment"]), float(rec["employment"]))
    regions = sorted({r for r, _ in rows})
    years = np.array(sorted({y for _, y in rows}))
    if len(rows) != len(regions) * len(years):
        raise SystemExit("the panel must be balanced (every region in every year)")
    data = np.array([[rows[(r, int(y))] for y in years] for r in regions])  # (R, T, 3)
    return regions, years, np.ascontiguousarray(data[:, :, 0]), np.ascontiguousarray(data[:, :, 1]), np.ascontiguousarray(data[:, :, 2])


# ---------------------------------------------------------------- scenarios
def round_half_away(x):
    """Swift's .rounded(): to nearest, ties away from zero."""
    f = np.floor(x)
    return np.where(x - f >= 0.5, f + 1, f)


def draws_numpy(n, seed):
    rng = np.random.default_rng(seed)
    alpha = rng.uniform(0.4, 0.6, n)
    delta = rng.uniform(0.04, 0.07, n)
    m = round_half_away(rng.uniform(3.0, 7.0, n)).astype(np.int64)
    return alpha, delta, m


def draws_splitmix(n, seed):
    """TFPKit's own draws: SplitMix64, one uniform each for alpha, delta, growth years per
    scenario, in that order (Workflow/Uncertainty.swift, Econometrics/SplitMix64.swift)."""
    with np.errstate(over="ignore"):
        k = np.arange(1, 3 * n + 1, dtype=np.uint64)
        z = np.uint64(seed) + k * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    u = u.reshape(n, 3)
    alpha = 0.4 + (0.6 - 0.4) * u[:, 0]
    delta = 0.04 + (0.07 - 0.04) * u[:, 1]
    m = round_half_away(3.0 + (7.0 - 3.0) * u[:, 2]).astype(np.int64)
    return alpha, delta, m


# ---------------------------------------------------------------- the computation
def compute(Y, I, L, years, alpha, delta, m, probs, region_chunk, variant, timings):
    """Bands for every region-year (growth years) and region-period.
    Returns rows (4 quantities, 3 probs, T-1, R) and periods (4, 3, R); NaN = undefined."""
    R, T = Y.shape
    D = len(alpha)
    probs = np.asarray(probs, dtype=float)
    gY = Y[:, 1:] / Y[:, :-1] - 1                     # (R, T-1), the same in every scenario
    gL = L[:, 1:] / L[:, :-1] - 1
    growth_years = years[1:]
    in_period = (growth_years >= PERIOD[0]) & (growth_years <= PERIOD[1])
    if not ((years == PERIOD[0] - 1).any() and (years == PERIOD[1]).any()):
        raise SystemExit("the panel does not cover the period and its base year")
    span = int(in_period.sum())
    gY_p = gY[:, in_period].sum(axis=1) / span         # (R,)
    gL_p = gL[:, in_period].sum(axis=1) / span
    share_ok = gY >= MIN_GROWTH                        # TFPKit: undefined when gY <= 0 or gY < 0.005
    share_ok_p = gY_p >= MIN_GROWTH
    m_eff = np.minimum(np.maximum(m, 1), T - 1)
    inv_m = 1.0 / m_eff
    keep = 1 - delta
    labour_share = 1 - alpha
    rows = np.full((4, len(probs), T - 1, R), np.nan)
    periods = np.full((4, len(probs), R), np.nan)
    if variant == "reduced":
        qa_hi = np.quantile(labour_share, probs, method="linear")       # (P,)
        qa_lo = np.quantile(labour_share, 1 - probs, method="linear")
    for r0 in range(0, R, region_chunk):
        r1 = min(R, r0 + region_chunk)
        Rc = r1 - r0
        t0 = time.perf_counter()
        Ic = I[r0:r1]                                                  # (Rc, T)
        I0 = Ic[:, :1]                                                 # (Rc, 1)
        Im = Ic[:, m_eff]                                              # (Rc, D)
        g = np.power(Im / I0, inv_m) - 1
        K = np.empty((T, Rc, D))
        np.divide(I0, g + delta, out=K[0])
        for t in range(1, T):
            np.multiply(K[t - 1], keep, out=K[t])
            K[t] += Ic[:, t:t + 1]
        # growth of capital in place, from the last year down: K[t] <- K[t]/K[t-1] - 1
        for t in range(T - 1, 0, -1):
            np.divide(K[t], K[t - 1], out=K[t])
            K[t] -= 1
        gK = K[1:]                                                     # (T-1, Rc, D) view
        gK_p = gK[in_period].sum(axis=0) / span                        # (Rc, D)
        t1 = time.perf_counter()
        cap = gK * alpha                                               # (T-1, Rc, D)
        gYc = gY[r0:r1].T[:, :, None]                                  # (T-1, Rc, 1)
        gLc = gL[r0:r1].T[:, :, None]
        tfp = gYc - cap
        cap_p = gK_p * alpha                                           # (Rc, D)
        lab_p = gL_p[r0:r1, None] * labour_share
        tfp_p = gY_p[r0:r1, None] - cap_p - lab_p
        del K, gK
        if variant == "direct":
            lab = gLc * labour_share
            tfp -= lab
            share = tfp / gYc
            share[~share_ok[r0:r1].T] = np.nan
            share_p = tfp_p / gY_p[r0:r1, None]
            share_p[~share_ok_p[r0:r1]] = np.nan
        else:
            tfp -= gLc * labour_share
        t2 = time.perf_counter()
        # quantiles over the scenarios (last, contiguous axis): (P, T-1, Rc) and (P, Rc)
        rows[1, :, :, r0:r1] = np.quantile(tfp, probs, axis=-1, method="linear")
        rows[2, :, :, r0:r1] = np.quantile(cap, probs, axis=-1, method="linear")
        periods[1, :, r0:r1] = np.quantile(tfp_p, probs, axis=-1, method="linear")
        periods[2, :, r0:r1] = np.quantile(cap_p, probs, axis=-1, method="linear")
        periods[3, :, r0:r1] = np.quantile(lab_p, probs, axis=-1, method="linear")
        if variant == "direct":
            rows[0, :, :, r0:r1] = np.quantile(share, probs, axis=-1, method="linear")
            rows[3, :, :, r0:r1] = np.quantile(lab, probs, axis=-1, method="linear")
            periods[0, :, r0:r1] = np.quantile(share_p, probs, axis=-1, method="linear")
            del lab, share
        else:
            gLT = gL[r0:r1].T                                            # (T-1, Rc)
            rows[3, :, :, r0:r1] = np.where(gLT >= 0, gLT * qa_hi[:, None, None], gLT * qa_lo[:, None, None])
            gYT = gY[r0:r1].T
            rows[0, :, :, r0:r1] = np.where(share_ok[r0:r1].T, rows[1, :, :, r0:r1] / gYT, np.nan)
            periods[0, :, r0:r1] = np.where(share_ok_p[r0:r1], periods[1, :, r0:r1] / gY_p[r0:r1], np.nan)
        del cap, tfp
        t3 = time.perf_counter()
        timings["capital"] += t1 - t0
        timings["accounting"] += t2 - t1
        timings["quantiles"] += t3 - t2
    return rows, periods


def worker(cfg):
    """One configuration in this (fresh) process: prints one JSON line."""
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    regions, years, Y, I, L = load_panel(cfg["panel"])
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    draw = draws_splitmix if cfg["rng"] == "splitmix" else draws_numpy
    alpha, delta, m = draw(cfg["draws"], cfg["seed"])
    times, phases = [], []
    for _ in range(cfg["repeats"]):
        timings = {"capital": 0.0, "accounting": 0.0, "quantiles": 0.0}
        t0 = time.perf_counter()
        rows, periods = compute(Y, I, L, years, alpha, delta, m, cfg["probs"], cfg["region_chunk"], cfg["variant"], timings)
        times.append(time.perf_counter() - t0)
        phases.append(timings)
    if cfg.get("save"):
        np.savez(cfg["save"], rows=rows, periods=periods, regions=np.array(regions), years=years)
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"times": times, "phases": phases, "rss_start_mb": rss_start / 1024, "rss_loaded_mb": rss_loaded / 1024,
                      "peak_mb": rss_peak / 1024, "regions": len(regions), "years": len(years), "draws": cfg["draws"]}))


def bandwidth(gb):
    """Rough memory bandwidth: numpy copy of a `gb` GB array (5 timed copies after a warm one)."""
    n = int(gb * 1e9 / 8)
    a = np.ones(n)
    b = np.empty_like(a)
    np.copyto(b, a)
    copies, sums = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        np.copyto(b, a)
        copies.append(time.perf_counter() - t0)
    for _ in range(3):
        t0 = time.perf_counter()
        a.sum()
        sums.append(time.perf_counter() - t0)
    c = float(np.median(copies))
    s = float(np.median(sums))
    print(json.dumps({"bytes": n * 8, "copy_seconds": copies, "sum_seconds": sums,
                      "copy_gb_per_s_read_plus_write": 2 * n * 8 / c / 1e9, "sum_gb_per_s_read": n * 8 / s / 1e9}))


# ---------------------------------------------------------------- helpers
def stats(xs):
    xs = [x for x in xs if x is not None]
    return (float(np.median(xs)), float(min(xs)), float(max(xs))) if xs else (float("nan"),) * 3


def child_env():
    return dict(os.environ, OPENBLAS_NUM_THREADS="1")


def run_child(args):
    out = subprocess.run([sys.executable, __file__] + args, capture_output=True, text=True, env=child_env())
    if out.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_timed_rss(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_env())
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, p.returncode, ru.ru_maxrss / 1024, err.decode(errors="replace")


def read_tfp_csv(path, key_cols):
    with open(path, newline="") as f:
        return {tuple(rec[c] for c in key_cols): rec for rec in csv.DictReader(f)}


def fnum(s):
    return float(s) if s not in ("", None) else float("nan")


def machine():
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except Exception:
        pass
    mem = ""
    try:
        mem = next(l.split(":", 1)[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    except Exception:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem": mem, "loadavg_1m": os.getloadavg()[0], "python": platform.python_version(), "numpy": np.__version__}


def append_jsonl(rec):
    rec = dict(rec, date=time.strftime("%Y-%m-%d"), machine=machine())
    with open(RESULTS, "a") as f:
        f.write(json.dumps(rec) + "\n")


def tfp_command(args, data, draws, out, extra=()):
    return shlex.split(args.tfp) + shlex.split(args.tfp_args.format(data=shlex.quote(str(data)), draws=draws, out=shlex.quote(str(out)))) + list(extra)


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write-panel", metavar="PATH", help="write the synthetic panel here (default: a temporary file)")
    ap.add_argument("--panel", metavar="PATH", help="use this panel instead of writing one")
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=20261201, help="NumPy's scenario seed")
    ap.add_argument("--repeats", type=int, default=5, help="timed NumPy runs per configuration")
    ap.add_argument("--region-chunks", default="63,8", help="regions per chunk, comma-separated configurations")
    ap.add_argument("--variants", default="direct,reduced")
    ap.add_argument("--tfp", default=DEFAULT_TFP, help="the tfp executable (a command prefix; shell words)")
    ap.add_argument("--tfp-args", default=DEFAULT_TFP_ARGS, help="tfp's arguments; {data} {draws} {out} are filled in")
    ap.add_argument("--tfp-repeats", type=int, default=3)
    ap.add_argument("--no-tfp", action="store_true")
    ap.add_argument("--bandwidth-gb", type=float, default=1.0, help="array size of the bandwidth test (0: skip)")
    ap.add_argument("--_worker", help=argparse.SUPPRESS)
    ap.add_argument("--_bandwidth", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._worker:
        return worker(json.loads(args._worker))
    if args._bandwidth:
        return bandwidth(args._bandwidth)

    tmp = Path(tempfile.mkdtemp(prefix="tfp_uncertainty_"))
    if args.panel:
        panel = Path(args.panel)
    else:
        panel = Path(args.write_panel) if args.write_panel else tmp / "panel_63x30.csv"
        write_panel(panel)
    regions, years, Y, I, L = load_panel(panel)
    R, T = Y.shape
    print(f"# Issue 12: uncertainty intervals, NumPy {np.__version__} vs tfp\n")
    print(f"Panel: {panel} ({R} regions x {T} years = {R * T} rows, {years[0]}-{years[-1]}); "
          f"{args.draws} scenarios; period {PERIOD[0]}-{PERIOD[1]}; "
          f"{int((Y[:, 1:] / Y[:, :-1] - 1 < MIN_GROWTH).sum())} region-years with output growth below 0.5% (share undefined)\n")

    # --- bandwidth
    bw = None
    if args.bandwidth_gb > 0:
        bw = run_child(["--_bandwidth", str(args.bandwidth_gb)])
        print(f"Memory bandwidth (numpy, {bw['bytes'] / 1e9:.1f} GB array): copy {bw['copy_gb_per_s_read_plus_write']:.1f} GB/s "
              f"(read + write), sum {bw['sum_gb_per_s_read']:.1f} GB/s (read)\n")
        append_jsonl({"benchmark": "issue12_uncertainty", "case": "memory_bandwidth", **bw})

    # --- NumPy configurations
    probs = [0.05, 0.5, 0.95]
    elements = (T - 1) * R * args.draws
    print(f"One (years-1) x regions x draws array: {elements:,} doubles = {elements * 8 / 1e6:.0f} MB\n")
    print("| NumPy variant | regions per chunk | compute s (median) | min-max | capital s | accounting s | quantiles s | peak RSS MB (after load) |")
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    numpy_results = {}
    for variant in args.variants.split(","):
        for chunk in [int(c) for c in args.region_chunks.split(",")]:
            save = tmp / f"numpy_{variant}_{chunk}.npz"
            cfg = {"panel": str(panel), "rng": "numpy", "draws": args.draws, "seed": args.seed, "repeats": args.repeats,
                   "probs": probs, "region_chunk": chunk, "variant": variant, "save": str(save)}
            res = run_child(["--_worker", json.dumps(cfg)])
            med, lo, hi = stats(res["times"])
            ph = {k: float(np.median([p[k] for p in res["phases"]])) for k in res["phases"][0]}
            numpy_results[(variant, chunk)] = (res, save)
            print(f"| {variant} | {chunk} | {med:.3f} | {lo:.3f}-{hi:.3f} | {ph['capital']:.3f} | {ph['accounting']:.3f} | "
                  f"{ph['quantiles']:.3f} | {res['peak_mb']:.0f} ({res['rss_loaded_mb']:.0f}) |")
            append_jsonl({"benchmark": "issue12_uncertainty", "case": f"numpy_{variant}_chunk{chunk}", "tool": f"numpy {np.__version__}",
                          "rows": R * T, "draws": args.draws, "seconds": res["times"], "median": med, "min": lo, "max": hi,
                          "phases_median": ph, "peak_mb": res["peak_mb"], "rss_after_load_mb": res["rss_loaded_mb"]})
    # agreement of the variants and chunkings
    ref_variant, ref_chunk = next(iter(numpy_results))
    ref = np.load(numpy_results[(ref_variant, ref_chunk)][1])
    for key, (_, save) in numpy_results.items():
        other = np.load(save)
        d = max(float(np.nanmax(np.abs(ref["rows"] - other["rows"]))), float(np.nanmax(np.abs(ref["periods"] - other["periods"]))))
        same_nan = bool((np.isnan(ref["rows"]) == np.isnan(other["rows"])).all())
        print(f"\n{key[0]}/{key[1]} vs {ref_variant}/{ref_chunk}: max |diff| {d:.1e}, same undefined cells: {same_nan}", end="")
    print("\n")
    if bw:
        best = min(stats(r["times"])[0] for r, _ in numpy_results.values())
        S = elements * 8
        print(f"Bandwidth yardstick: one read+write pass over one {S / 1e6:.0f} MB array takes ~{2 * S / 1e9 / bw['copy_gb_per_s_read_plus_write']:.3f} s "
              f"at the measured copy rate; the fastest NumPy compute ({best:.3f} s) is ~{best / (2 * S / 1e9 / bw['copy_gb_per_s_read_plus_write']):.0f} such passes.\n")

    if args.no_tfp:
        return
    # --- tfp
    out_rows = tmp / "tfp_rows.csv"
    out_summary = tmp / "tfp_summary.csv"
    cmd = tfp_command(args, panel, args.draws, out_rows)
    print("tfp command: `OPENBLAS_NUM_THREADS=1 " + " ".join(shlex.quote(c) for c in cmd) + "`\n")
    wall, rc, rss, err = run_timed_rss(cmd)
    runs = [(wall, rc, rss, err)]
    used_draws = args.draws
    refused = None
    if rc != 0:
        refused = err.strip()
        print(f"tfp exited {rc} after {wall:.3f} s: {refused[:400]}\n")
        append_jsonl({"benchmark": "issue12_uncertainty", "case": "tfp_requested", "tool": "tfp", "command": cmd, "exit": rc,
                      "seconds": [wall], "stderr": refused[:2000]})
        mt = re.search(r"at most (\d[\d,]*) scenarios", refused)
        if not mt:
            print("No fallback: tfp's message names no number of scenarios.")
            return
        used_draws = int(mt.group(1).replace(",", ""))
        cmd = tfp_command(args, panel, used_draws, out_rows)
        print(f"Fallback: the most scenarios tfp accepts, {used_draws}: `" + " ".join(shlex.quote(c) for c in cmd) + "`\n")
        runs = []
    for _ in range(args.tfp_repeats - len(runs)):
        runs.append(run_timed_rss(cmd))
    bad = [r for r in runs if r[1] != 0]
    if bad:
        print(f"tfp failed: exit {bad[0][1]}: {bad[0][3][:500]}")
        return
    med, lo, hi = stats([r[0] for r in runs])
    peak = max(r[2] for r in runs)
    sum_cmd = cmd + ["--summary"]
    sum_cmd[sum_cmd.index(str(out_rows))] = str(out_summary)
    srun = [run_timed_rss(sum_cmd) for _ in range(args.tfp_repeats)]
    if any(r[1] != 0 for r in srun):
        print(f"tfp --summary failed: {srun[0][3][:500]}")
        return
    smed, slo, shi = stats([r[0] for r in srun])
    print("| tool | scenarios | what | process s (median) | min-max | runs | peak RSS MB |")
    print("|---|---:|---|---:|---|---:|---:|")
    print(f"| tfp | {used_draws} | rows table (the command above) | {med:.3f} | {lo:.3f}-{hi:.3f} | {len(runs)} | {peak:.0f} |")
    print(f"| tfp | {used_draws} | --summary (period table) | {smed:.3f} | {slo:.3f}-{shi:.3f} | {len(srun)} | {max(r[2] for r in srun):.0f} |")
    best_key = min(numpy_results, key=lambda k: stats(numpy_results[k][0]["times"])[0])
    nres = numpy_results[best_key][0]
    nmed = stats(nres["times"])[0]
    print(f"| numpy {best_key[0]}, chunk {best_key[1]} (compute only) | {args.draws} | rows + periods | {nmed:.3f} | | {len(nres['times'])} | {nres['peak_mb']:.0f} |\n")
    per_draw_tfp = med / used_draws
    per_draw_np = nmed / args.draws
    print(f"Per 1,000 scenarios: tfp {1000 * per_draw_tfp:.3f} s (whole process, {used_draws} scenarios), "
          f"numpy {1000 * per_draw_np:.3f} s (compute only); ratio tfp/numpy {per_draw_tfp / per_draw_np:.2f}"
          + (" (scenario counts differ: tfp refused the requested count)" if refused else "") + "\n")
    append_jsonl({"benchmark": "issue12_uncertainty", "case": "tfp_rows" + ("_fallback" if refused else ""), "tool": "tfp", "command": cmd,
                  "draws": used_draws, "seconds": [r[0] for r in runs], "median": med, "min": lo, "max": hi, "peak_mb": peak,
                  "refused_requested": refused})
    append_jsonl({"benchmark": "issue12_uncertainty", "case": "tfp_summary" + ("_fallback" if refused else ""), "tool": "tfp", "command": sum_cmd,
                  "draws": used_draws, "seconds": [r[0] for r in srun], "median": smed, "min": slo, "max": shi,
                  "peak_mb": max(r[2] for r in srun)})

    # --- loose comparison of period medians (draws differ)
    tper = read_tfp_csv(out_summary, ["region"])
    trow = read_tfp_csv(out_rows, ["region", "year"])
    nper = np.load(numpy_results[best_key][1])
    print(f"Period {PERIOD[0]}-{PERIOD[1]} medians, NumPy ({args.draws} NumPy draws) vs tfp ({used_draws} SplitMix64 draws), over {R} regions:\n")
    print("| quantity | max abs diff of medians | mean abs diff | max abs diff of 5th / 95th pct | regions defined (numpy / tfp) |")
    print("|---|---:|---:|---|---|")
    loose = {}
    for q, name in enumerate(QUANTITIES):
        nm = nper["periods"][q, 1]
        tm = np.array([fnum(tper[(r,)][f"{name}_median"]) for r in regions])
        tl = np.array([fnum(tper[(r,)][f"{name}_low"]) for r in regions])
        th = np.array([fnum(tper[(r,)][f"{name}_high"]) for r in regions])
        d = np.abs(nm - tm)
        dl = np.nanmax(np.abs(nper["periods"][q, 0] - tl))
        dh = np.nanmax(np.abs(nper["periods"][q, 2] - th))
        loose[name] = float(np.nanmax(d))
        print(f"| {name} | {np.nanmax(d):.2e} | {np.nanmean(d):.2e} | {dl:.2e} / {dh:.2e} | {int((~np.isnan(nm)).sum())} / {int((~np.isnan(tm)).sum())} |")
    print(f"\nLoose agreement (all period medians within 1e-2): {all(v < 1e-2 for v in loose.values())}\n")
    print("First regions (tfp_share median, period):\n")
    print("| region | numpy | tfp |\n|---|---:|---:|")
    for k, r in enumerate(regions[:5]):
        print(f"| {r} | {nper['periods'][0, 1, k]:.4f} | {fnum(tper[(r,)]['tfp_share_median']):.4f} |")
    print()

    # --- exact check with TFPKit's own draws
    seed_m = re.search(r"--seed[ =](\d+)", " ".join(cmd))
    tseed = int(seed_m.group(1)) if seed_m else TFP_DEFAULT_SEED
    tail = (1 - 0.9) / 2
    save = tmp / "numpy_splitmix.npz"
    cfg = {"panel": str(panel), "rng": "splitmix", "draws": used_draws, "seed": tseed, "repeats": args.repeats,
           "probs": [tail, 0.5, 1 - tail], "region_chunk": R, "variant": "direct", "save": str(save)}
    sres = run_child(["--_worker", json.dumps(cfg)])
    rres = run_child(["--_worker", json.dumps(dict(cfg, variant="reduced", save=None))])
    print(f"Same scenarios as tfp ({used_draws}, TFPKit's SplitMix64 draws), NumPy compute only, chunk {R}:\n")
    print("| tool | compute or process s (median) | min-max | runs | peak RSS MB | tfp / this |")
    print("|---|---:|---|---:|---:|---:|")
    print(f"| tfp (whole process, rows table) | {med:.3f} | {lo:.3f}-{hi:.3f} | {len(runs)} | {peak:.0f} | 1.00 |")
    same_count = {}
    for label, rr in [("numpy direct", sres), ("numpy reduced", rres)]:
        a, b, c = stats(rr["times"])
        same_count[label] = {"seconds": rr["times"], "median": a, "min": b, "max": c, "peak_mb": rr["peak_mb"], "tfp_over": med / a}
        print(f"| {label} | {a:.3f} | {b:.3f}-{c:.3f} | {len(rr['times'])} | {rr['peak_mb']:.0f} | {med / a:.1f} |")
    print()
    append_jsonl({"benchmark": "issue12_uncertainty", "case": "numpy_same_scenarios_as_tfp", "draws": used_draws, "rng": "splitmix64",
                  "chunk": R, "results": same_count})
    ex = np.load(save)
    worst_rows = worst_periods = 0.0
    mismatched_undefined = 0
    for q, name in enumerate(QUANTITIES):
        for j, suffix in enumerate(["low", "median", "high"]):
            t_per = np.array([fnum(tper[(r,)][f"{name}_{suffix}"]) for r in regions])
            t_row = np.array([[fnum(trow[(r, str(y))][f"{name}_{suffix}"]) for r in regions] for y in years[1:]])
            n_per, n_row = ex["periods"][q, j], ex["rows"][q, j]
            mismatched_undefined += int((np.isnan(t_per) != np.isnan(n_per)).sum() + (np.isnan(t_row) != np.isnan(n_row)).sum())
            worst_periods = max(worst_periods, float(np.nanmax(np.abs(t_per - n_per))))
            worst_rows = max(worst_rows, float(np.nanmax(np.abs(t_row - n_row))))
    print(f"Exact check: NumPy with TFPKit's generator (SplitMix64, seed {tseed}, {used_draws} scenarios, "
          f"direct variant): largest |diff| over all bands, rows {worst_rows:.1e}, periods {worst_periods:.1e}; "
          f"cells undefined in one and not the other: {mismatched_undefined}\n")
    append_jsonl({"benchmark": "issue12_uncertainty", "case": "agreement", "loose_period_median_max_abs_diff": loose,
                  "numpy_draws": args.draws, "tfp_draws": used_draws, "exact_check_max_abs_diff_rows": worst_rows,
                  "exact_check_max_abs_diff_periods": worst_periods, "exact_check_undefined_mismatches": mismatched_undefined})


if __name__ == "__main__":
    main()
