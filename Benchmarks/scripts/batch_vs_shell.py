#!/usr/bin/env python3
"""Peer benchmark for issue 13: "63 provinces x 3 periods x 5 jobs finish faster with
`tfp run SPEC` than the same work done by a shell loop calling tfp once per job".

The panel: the bundled Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv has the
63 provinces but only 2018-2021 and no investment or capital, so account and capital
cannot run on it. This script therefore SYNTHESISES 63 provinces x 13 years (2010-2022)
with the bundled file's province names (so that benchmark's socio-economic peer groups
apply) and its 2018 GRDP and labour force as anchors: output grows at a province trend
U(5%, 9%) + N(0, 1.5%), employment at U(0%, 2%), investment = U(28%, 40%) of output, and a
capital column from perpetual inventory (delta 5%, steady-state start) for `estimate`.
Fixed seed; the same bytes every time.

Jobs (periods 2011-2015, 2016-2019, 2020-2022):
  account       per province (one file each), 3 periods:  --capital-share 0.5 --depreciation 0.05 --summary   189 calls
  productivity  per province, 3 periods: --summary                                                          189 calls
  capital       per province, NO periods (tfp capital has no --from/--to): --depreciation 0.05              63 calls
  benchmark     the whole panel (it ranks provinces), one call per period: --capital-share 0.5                3 calls
  estimate      the whole panel (a pooled regression), one call per period on the panel cut to the
                period's years (tfp estimate has no --from/--to): --model cobb-douglas --absorb region+year
                --vcov cluster:region                                                                        3 calls
  = 447 tfp calls, CSV outputs.

Timed (whole wall time, median of --repeats runs each, interleaved):
  tfp run SPEC --output DIR --quiet          (jobs in parallel inside one process)
  bash loop                                  (for-loops over provinces and periods, one tfp call per output, sequential)
  xargs -P NPROC                             (the same calls, NPROC at a time: a fair parallel shell)
Every output of the batch is compared byte for byte with the loop's.

Usage:
    python3 Benchmarks/scripts/batch_vs_shell.py [--tfp /tmp/tfp-bin/tfp] [--repeats 5] [--keep DIR]
Prints Markdown; appends JSON lines to Benchmarks/results_peers_2026-12.jsonl.
"""
import argparse
import csv
import filecmp
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "Benchmarks" / "results_peers_2026-12.jsonl"
BUNDLED = ROOT / "Datasets" / "vietnam" / "derived" / "provinces_2018_2021_DERIVED.csv"
PERIODS = [(2011, 2015), (2016, 2019), (2020, 2022)]
FIRST, LAST = 2010, 2022


def synthesize(folder, seed=20261213):
    anchors = {}
    with open(BUNDLED, newline="", encoding="utf-8") as f:
        for rec in csv.DictReader(f):
            if rec["year"] == "2018":
                anchors[rec["region"]] = (float(rec["grdp_current_bn_vnd"]), float(rec["labour_force_thousand"]))
    names = list(anchors)
    assert len(names) == 63, len(names)
    rng = np.random.default_rng(seed)
    years = np.arange(FIRST, LAST + 1)
    T = len(years)
    k18 = int(np.where(years == 2018)[0][0])
    rows = []
    for name in names:
        y18, l18 = anchors[name]
        g = rng.uniform(0.05, 0.09) + rng.normal(0, 0.015, T - 1)
        level = np.concatenate([[1.0], np.cumprod(1 + g)])
        output = y18 * level / level[k18]
        gl = rng.uniform(0.0, 0.02, T - 1)
        lev = np.concatenate([[1.0], np.cumprod(1 + gl)])
        employment = l18 * lev / lev[k18]
        investment = output * np.clip(rng.uniform(0.30, 0.38) + rng.normal(0, 0.02, T), 0.28, 0.40)
        gi = (investment[5] / investment[0]) ** (1 / 5) - 1
        capital = np.empty(T)
        capital[0] = investment[0] / (gi + 0.05)
        for t in range(1, T):
            capital[t] = 0.95 * capital[t - 1] + investment[t]
        for t in range(T):
            rows.append((name, int(years[t]), round(output[t], 2), round(capital[t], 2), round(investment[t], 2), round(employment[t], 3)))
    header = "region,year,output,capital,investment,employment\n"

    def write(path, rs):
        with open(path, "w", newline="", encoding="utf-8") as f:
            f.write(header)
            for r in rs:
                f.write(",".join(str(x) for x in r) + "\n")

    write(folder / "panel.csv", rows)
    (folder / "prov").mkdir(exist_ok=True)
    provinces = []
    for k, name in enumerate(names):
        tag = f"p{k + 1:02d}"
        write(folder / "prov" / f"{tag}.csv", [r for r in rows if r[0] == name])
        provinces.append(tag)
    for a, b in PERIODS:
        write(folder / f"panel_{a}-{b}.csv", [r for r in rows if a <= r[1] <= b])
    return provinces


# (job name, command, data, periods?, options) in flag order
def job_list(provinces):
    jobs = []
    for p in provinces:
        jobs.append((f"account-{p}", "account", f"prov/{p}.csv", True, [("capital-share", "0.5"), ("depreciation", "0.05"), ("summary", True)]))
    for p in provinces:
        jobs.append((f"productivity-{p}", "productivity", f"prov/{p}.csv", True, [("summary", True)]))
    for p in provinces:
        jobs.append((f"capital-{p}", "capital", f"prov/{p}.csv", False, [("depreciation", "0.05")]))
    jobs.append(("benchmark", "benchmark", "panel.csv", True, [("capital-share", "0.5")]))
    for a, b in PERIODS:
        jobs.append((f"estimate_{a}-{b}", "estimate", f"panel_{a}-{b}.csv", False,
                     [("model", "cobb-douglas"), ("absorb", "region+year"), ("vcov", "cluster:region")]))
    return jobs


def toml_value(v):
    if v is True:
        return "true"
    try:
        float(v)
        return v
    except ValueError:
        return json.dumps(v)


def write_spec(path, jobs):
    out = ["# issue 13 benchmark: generated by Benchmarks/scripts/batch_vs_shell.py", ""]
    for name, command, data, periodic, options in jobs:
        out += ["[[jobs]]", f'name = "{name}"', f'command = "{command}"', f'data = "{data}"']
        if periodic:
            out.append("periods = [" + ", ".join(f"[{a}, {b}]" for a, b in PERIODS) + "]")
        out.append('formats = ["csv"]')
        out.append("options = { " + ", ".join(f"{k} = {toml_value(v)}" for k, v in options) + " }")
        out.append("")
    path.write_text("\n".join(out))


def calls(jobs):
    """(arguments without the executable, output name) for every task, as tfp run expands them."""
    out = []
    for name, command, data, periodic, options in jobs:
        base = [command, data]
        for k, v in options:
            base += [f"--{k}"] if v is True else [f"--{k}", v]
        for period in (PERIODS if periodic else [None]):
            if period:
                out.append((base + ["--from", str(period[0]), "--to", str(period[1]), "--format", "csv"], f"{name}_{period[0]}-{period[1]}.csv"))
            else:
                out.append((base + ["--format", "csv"], f"{name}.csv"))
    return out


def write_loop(path, tfp):
    """A plain bash loop, as a person would write it."""
    q = shlex.quote(tfp)
    path.write_text(f"""#!/bin/bash
# One tfp call per output, sequential. Usage: loop.sh OUTDIR (run from the data folder).
set -e
TFP={q}
OUT="$1"
mkdir -p "$OUT"
PERIODS="2011-2015 2016-2019 2020-2022"
for f in prov/p*.csv; do
  p=$(basename "$f" .csv)
  for per in $PERIODS; do
    a=${{per%-*}}; b=${{per#*-}}
    "$TFP" account "$f" --capital-share 0.5 --depreciation 0.05 --summary --from "$a" --to "$b" --format csv --output "$OUT/account-${{p}}_$per.csv"
  done
done
for f in prov/p*.csv; do
  p=$(basename "$f" .csv)
  for per in $PERIODS; do
    a=${{per%-*}}; b=${{per#*-}}
    "$TFP" productivity "$f" --summary --from "$a" --to "$b" --format csv --output "$OUT/productivity-${{p}}_$per.csv"
  done
done
for f in prov/p*.csv; do
  p=$(basename "$f" .csv)
  "$TFP" capital "$f" --depreciation 0.05 --format csv --output "$OUT/capital-$p.csv"
done
for per in $PERIODS; do
  a=${{per%-*}}; b=${{per#*-}}
  "$TFP" benchmark panel.csv --capital-share 0.5 --from "$a" --to "$b" --format csv --output "$OUT/benchmark_$per.csv"
done
for per in $PERIODS; do
  "$TFP" estimate "panel_$per.csv" --model cobb-douglas --absorb region+year --vcov cluster:region --format csv --output "$OUT/estimate_$per.csv"
done
""")


def write_xargs_list(path, tfp, tasks):
    lines = [" ".join(shlex.quote(a) for a in [tfp] + args + ["--output", f"OUTDIR/{name}"]) for args, name in tasks]
    path.write_text("\n".join(lines) + "\n")


def timed(cmd, cwd):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"{cmd} failed ({p.returncode}):\n{p.stdout[-1000:]}\n{p.stderr[-2000:]}")
    return wall


def stats(xs):
    return float(np.median(xs)), float(min(xs)), float(max(xs))


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
    mem = next((l.split(":", 1)[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal")), "")
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem": mem, "loadavg_1m": os.getloadavg()[0], "python": platform.python_version()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tfp", default="/tmp/tfp-bin/tfp")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count(), help="xargs -P (default: nproc)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR (kept) instead of a temporary folder")
    args = ap.parse_args()
    tfp = str(Path(args.tfp).resolve()) if os.sep in args.tfp else args.tfp
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tfp_batch_"))
    work.mkdir(parents=True, exist_ok=True)
    provinces = synthesize(work)
    jobs = job_list(provinces)
    tasks = calls(jobs)
    write_spec(work / "spec.toml", jobs)
    write_loop(work / "loop.sh", tfp)
    write_xargs_list(work / "calls.txt", tfp, tasks)
    counts = {}
    for args_, _ in tasks:
        counts[args_[0]] = counts.get(args_[0], 0) + 1
    version = subprocess.run([tfp, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# Issue 13: tfp run vs a shell loop ({version})\n")
    print(f"Work folder: {work}; {len(tasks)} tfp calls: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + "\n")

    # start-up cost of one process
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    starts = []
    for _ in range(20):
        t0 = time.perf_counter()
        subprocess.run([tfp, "--version"], capture_output=True, env=env)
        starts.append(time.perf_counter() - t0)
    print(f"One `tfp --version` process: median {1000 * np.median(starts):.1f} ms (min {1000 * min(starts):.1f})\n")

    variants = {
        "tfp run SPEC": lambda out: [tfp, "run", "spec.toml", "--output", out, "--quiet"],
        "bash loop (sequential)": lambda out: ["bash", "loop.sh", out],
        f"xargs -P {args.jobs}": lambda out: ["bash", "-c", f"mkdir -p {out} && sed 's#OUTDIR#{out}#' calls.txt | xargs -d '\\n' -P {args.jobs} -I CMD sh -c CMD"],
    }
    times = {k: [] for k in variants}
    for rep in range(args.repeats):
        for label, make in variants.items():
            out = f"out_{list(variants).index(label)}_{rep}"
            shutil.rmtree(work / out, ignore_errors=True)
            times[label].append(timed(make(out), work))
    # byte-for-byte comparison of the last repetition's outputs
    last = args.repeats - 1
    names = [name for _, name in tasks]
    cmp = {}
    for k, label in enumerate(variants):
        if k == 0:
            continue
        a, b = work / f"out_0_{last}", work / f"out_{k}_{last}"
        missing = [n for n in names if not (a / n).exists() or not (b / n).exists()]
        same = [n for n in names if n not in missing and filecmp.cmp(a / n, b / n, shallow=False)]
        cmp[label] = (len(same), len(names), missing[:5], [n for n in names if n not in same and n not in missing][:5])
    manifest = json.loads((work / f"out_0_{last}" / "manifest.json").read_text())
    failed = [t for t in manifest["tasks"] if t["status"] != "ok"]
    spec_args = {t["output"]["path"] if t.get("output") else t["job"]: t["arguments"] for t in manifest["tasks"]}
    mine = {name: args_ + ["--output", name] for args_, name in tasks}
    # tfp run's own command lines, as recorded, against this script's (order of flags aside)
    arg_mismatch = [n for n, a in spec_args.items() if n in mine and sorted(a[1:]) != sorted(mine[n])
                    and sorted(a) != sorted(mine[n])]

    base = stats(times["tfp run SPEC"])[0]
    print("| variant | wall s (median) | min-max | runs | per call ms | ratio to tfp run |")
    print("|---|---:|---|---:|---:|---:|")
    for label, ts in times.items():
        med, lo, hi = stats(ts)
        print(f"| {label} | {med:.3f} | {lo:.3f}-{hi:.3f} | {len(ts)} | {1000 * med / len(tasks):.1f} | {med / base:.2f} |")
    print()
    for label, (same, total, missing, differ) in cmp.items():
        print(f"Outputs identical to tfp run's ({label}): {same} of {total}" + (f"; missing {missing}" if missing else "")
              + (f"; differing e.g. {differ}" if differ else ""))
    print(f"tfp run: {len(manifest['tasks'])} tasks in the manifest, {len(failed)} not ok" + (f" (e.g. {failed[0]['job']}: {failed[0].get('error')})" if failed else ""))
    print(f"Manifest command lines that differ from the loop's (beyond flag order): {len(arg_mismatch)}"
          + (f", e.g. {arg_mismatch[:2]}: {spec_args[arg_mismatch[0]]}" if arg_mismatch else ""))
    print()
    machine_info = machine()
    with open(RESULTS, "a") as f:
        for label, ts in times.items():
            med, lo, hi = stats(ts)
            f.write(json.dumps({"benchmark": "issue13_batch_vs_shell", "case": label, "tool": version, "calls": len(tasks),
                                "calls_by_command": counts, "seconds": ts, "median": med, "min": lo, "max": hi, "ratio_to_run": med / base,
                                "date": time.strftime("%Y-%m-%d"), "machine": machine_info}) + "\n")
        f.write(json.dumps({"benchmark": "issue13_batch_vs_shell", "case": "checks", "identical_outputs": {k: v[:2] for k, v in cmp.items()},
                            "run_failed_tasks": len(failed), "tfp_version_startup_ms_median": 1000 * float(np.median(starts)),
                            "date": time.strftime("%Y-%m-%d"), "machine": machine_info}) + "\n")


if __name__ == "__main__":
    main()
