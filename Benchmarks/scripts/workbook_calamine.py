#!/usr/bin/env python3
"""Peer benchmark for issue 11: reading an Excel workbook, tfp against python-calamine.

Writes a 100,000-row long panel (region, year, output, capital, employment; 5,000
regions x 20 years, 2003-2022; fixed seed) as .xlsx with openpyxl (write_only mode)
and as CSV with the same numbers, then times, median of --repeats runs each (interleaved):

  calamine in-process   python-calamine reading every cell into Python lists
                        (CalamineWorkbook.from_path(...).get_sheet_by_index(0).to_python()),
                        timed with perf_counter inside a fresh Python process
  calamine process      the same child process, whole wall time (interpreter start and import included)
  tfp xlsx              tfp productivity FILE.xlsx --format csv --output OUT (whole process)
  tfp csv               tfp productivity FILE.csv  --format csv --output OUT (whole process; the
                        reference that isolates the workbook-reading cost: tfp xlsx - tfp csv)

If tfp cannot read the workbook (seen on 2026-12-02 with tfp 0.5.0: sheet parts above
10,000,000 bytes fail with NSXMLParserErrorDomain error 1, libxml2's limit behind
Foundation's XMLParser(data:) on Linux), the failure is recorded and the same benchmark
is run on --fallback-regions regions x 20 years (default 2,000: 40,000 rows, a 9.1 MB part).

Ratios: tfp xlsx / calamine in-process (the goal of issue 11: within 3x), tfp xlsx / calamine
process, and (tfp xlsx - tfp csv) / calamine in-process. tfp's two outputs are compared byte for byte.

Usage:
    python3 Benchmarks/scripts/workbook_calamine.py [--tfp /tmp/tfp-bin/tfp] [--repeats 5] [--keep DIR]
Prints Markdown; appends JSON lines to Benchmarks/results_peers_2026-12.jsonl.
"""
import argparse
import filecmp
import importlib.metadata as md
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "Benchmarks" / "results_peers_2026-12.jsonl"
REGIONS, FIRST, YEARS = 5000, 2003, 20
CALAMINE_CHILD = r"""
import sys, time, json
t0 = time.perf_counter()
from python_calamine import CalamineWorkbook
t1 = time.perf_counter()
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "read_s": t2 - t1, "rows": len(rows), "cols": len(rows[0]),
                  "last": rows[-1]}))
"""


def make_data(regions=REGIONS, seed=20261211):
    rng = np.random.default_rng(seed)
    rows = []
    for r in range(regions):
        y0 = float(np.exp(rng.uniform(np.log(1_000), np.log(100_000))))
        g = rng.uniform(0.03, 0.09)
        ky = rng.uniform(2.0, 3.5)
        e0 = rng.uniform(50, 2000)
        ge = rng.uniform(0.0, 0.03)
        for t in range(YEARS):
            out = round(y0 * (1 + g) ** t * (1 + rng.normal(0, 0.01)), 3)
            rows.append((f"R{r + 1:04d}", FIRST + t, out, round(out * ky, 3), round(e0 * (1 + ge) ** t, 4)))
    return rows


def write_xlsx(path, rows):
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("panel")
    ws.append(["region", "year", "output", "capital", "employment"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)


def write_csv(path, rows):
    with open(path, "w") as f:
        f.write("region,year,output,capital,employment\n")
        for r in rows:
            f.write(",".join(repr(x) if isinstance(x, float) else str(x) for x in r) + "\n")


def timed(cmd, capture=False):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = p.stdout.read(), p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise Failed(cmd, code, err.decode(errors="replace").strip())
    return wall, ru.ru_maxrss / 1024, out.decode()


class Failed(Exception):
    def __init__(self, cmd, code, err):
        super().__init__(f"{cmd[0]} {cmd[1]} exited {code}: {err[-1500:]}")
        self.cmd, self.code, self.err = cmd, code, err


def stats(xs):
    return float(np.median(xs)), float(min(xs)), float(max(xs))


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
    mem = next((l.split(":", 1)[1].strip() for l in open("/proc/meminfo") if l.startswith("MemTotal")), "")
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem": mem, "loadavg_1m": os.getloadavg()[0], "python": platform.python_version()}


def bench(args, regions, label):
    """Writes the data, times the cases; returns a dict (or raises Failed from the tfp workbook call)."""
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tfp_workbook_"))
    work.mkdir(parents=True, exist_ok=True)
    n = regions * YEARS
    xlsx, csvp = work / f"panel_{n}.xlsx", work / f"panel_{n}.csv"
    rows = make_data(regions)
    t0 = time.perf_counter()
    write_xlsx(xlsx, rows)
    t_write = time.perf_counter() - t0
    write_csv(csvp, rows)
    with zipfile.ZipFile(xlsx) as z:
        part = max(z.infolist(), key=lambda i: i.file_size if i.filename.startswith("xl/worksheets/") else -1)
    versions = {p: md.version(p) for p in ["python-calamine", "openpyxl", "numpy"]}
    tfp_version = subprocess.run([args.tfp, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"## {label}: {n:,} rows ({regions:,} regions x {YEARS} years) x 5 columns\n")
    print(f"xlsx {xlsx.stat().st_size / 1e6:.2f} MB, sheet part {part.filename} {part.file_size:,} bytes uncompressed "
          f"(openpyxl {versions['openpyxl']} write_only, inline strings, written in {t_write:.1f} s); csv {csvp.stat().st_size / 1e6:.2f} MB; folder {work}\n")
    base = {"benchmark": "issue11_workbook", "rows": n, "xlsx_bytes": xlsx.stat().st_size, "sheet_part_bytes": part.file_size,
            "versions": versions, "tfp_version": tfp_version, "date": time.strftime("%Y-%m-%d"), "machine": machine()}
    out_x, out_c = work / f"p_xlsx_{n}.csv", work / f"p_csv_{n}.csv"
    cases = {
        "calamine": [sys.executable, "-c", CALAMINE_CHILD, str(xlsx)],
        "tfp xlsx": [args.tfp, "productivity", str(xlsx), "--format", "csv", "--output", str(out_x)],
        "tfp csv": [args.tfp, "productivity", str(csvp), "--format", "csv", "--output", str(out_c)],
    }
    failed = None
    for k, cmd in list(cases.items()):          # one untimed warm-up each (page cache, dynamic loader)
        try:
            timed(cmd)
        except Failed as e:
            t0 = time.perf_counter()
            try:
                timed(cmd)
            except Failed:
                pass
            secs = time.perf_counter() - t0
            print(f"**{k} failed** (exit {e.code}, {secs:.3f} s): `{e.err[:400]}`\n")
            with open(RESULTS, "a") as f:
                f.write(json.dumps(dict(base, case=f"{k.replace(' ', '_')}_failed", command=cmd, exit=e.code, stderr=e.err[:2000],
                                        seconds=[secs])) + "\n")
            failed = e
            del cases[k]
    wall = {k: [] for k in cases}
    peak = {k: 0.0 for k in cases}
    inproc, imports = [], []
    info = None
    for _ in range(args.repeats):
        for k, cmd in cases.items():
            w, rss, out = timed(cmd)
            wall[k].append(w)
            peak[k] = max(peak[k], rss)
            if k == "calamine":
                info = json.loads(out)
                inproc.append(info["read_s"])
                imports.append(info["import_s"])
    ci = stats(inproc)
    cp = stats(wall["calamine"])
    tc = stats(wall["tfp csv"])
    tx = stats(wall["tfp xlsx"]) if "tfp xlsx" in wall else None
    print("| case | seconds (median) | min-max | runs | peak RSS MB |")
    print("|---|---:|---|---:|---:|")
    print(f"| calamine in-process (read to lists) | {ci[0]:.3f} | {ci[1]:.3f}-{ci[2]:.3f} | {len(inproc)} | |")
    print(f"| calamine whole process (start, import {1000 * np.median(imports):.0f} ms, read) | {cp[0]:.3f} | {cp[1]:.3f}-{cp[2]:.3f} | {len(wall['calamine'])} | {peak['calamine']:.0f} |")
    if tx:
        print(f"| tfp productivity FILE.xlsx (whole process) | {tx[0]:.3f} | {tx[1]:.3f}-{tx[2]:.3f} | {len(wall['tfp xlsx'])} | {peak['tfp xlsx']:.0f} |")
    else:
        print(f"| tfp productivity FILE.xlsx (whole process) | failed | | | |")
    print(f"| tfp productivity FILE.csv (whole process) | {tc[0]:.3f} | {tc[1]:.3f}-{tc[2]:.3f} | {len(wall['tfp csv'])} | {peak['tfp csv']:.0f} |")
    print(f"\ncalamine read {info['rows']} rows x {info['cols']} columns (header included); last row {info['last']}")
    recs = [dict(base, case="calamine_in_process", seconds=inproc, median=ci[0], min=ci[1], max=ci[2]),
            dict(base, case="calamine_process", seconds=wall["calamine"], median=cp[0], min=cp[1], max=cp[2], peak_mb=peak["calamine"]),
            dict(base, case="tfp_productivity_csv", seconds=wall["tfp csv"], median=tc[0], min=tc[1], max=tc[2], peak_mb=peak["tfp csv"])]
    if tx:
        same = filecmp.cmp(out_x, out_c, shallow=False)
        r1 = tx[0] / ci[0]
        r2 = tx[0] / cp[0]
        r3 = (tx[0] - tc[0]) / ci[0]
        print(f"Ratios (medians): tfp xlsx / calamine in-process = {r1:.2f} (goal <= 3: {'met' if r1 <= 3 else 'not met'}); "
              f"tfp xlsx / calamine whole process = {r2:.2f}; workbook cost (tfp xlsx - tfp csv = {tx[0] - tc[0]:.3f} s) / calamine in-process = {r3:.2f}")
        print(f"tfp's outputs from the workbook and from the CSV are identical: {same}")
        recs += [dict(base, case="tfp_productivity_xlsx", seconds=wall["tfp xlsx"], median=tx[0], min=tx[1], max=tx[2], peak_mb=peak["tfp xlsx"]),
                 dict(base, case="ratios", tfp_xlsx_over_calamine_in_process=r1, tfp_xlsx_over_calamine_process=r2,
                      workbook_cost_over_calamine_in_process=r3, outputs_identical=same)]
    print()
    with open(RESULTS, "a") as f:
        for rec in recs:
            f.write(json.dumps(rec) + "\n")
    if failed:
        raise failed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tfp", default="/tmp/tfp-bin/tfp")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--regions", type=int, default=REGIONS, help="regions of 20 years each (default 5,000: 100,000 rows)")
    ap.add_argument("--fallback-regions", type=int, default=2000, help="used when tfp cannot read the main workbook (0: none)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR (kept) instead of a temporary folder")
    args = ap.parse_args()
    version = subprocess.run([args.tfp, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# Issue 11: reading a workbook, {version} vs python-calamine {md.version('python-calamine')}\n")
    try:
        bench(args, args.regions, "Main case")
    except Failed:
        if not args.fallback_regions:
            raise SystemExit(1)
        bench(args, args.fallback_regions, "Fallback (tfp could not read the main workbook)")


if __name__ == "__main__":
    main()
