"""Side-by-side benchmark of `tfp estimate` and peer tools on the same generated data.

For each design and size it records, per tool: estimation time (the estimator
call alone), whole-process time (reading the CSV included), peak memory (max
resident set size from /usr/bin/time), and the largest relative difference of
coefficients and standard errors from TFPKit's. Results are appended to
Benchmarks/results.jsonl and printed as Markdown rows.

Usage (from the repository root, after `swift build -c release --product tfp`):
    python3 Benchmarks/scripts/compare.py simple:1e5 difficult:1e5 simple:1e6 difficult:1e6 cobbdouglas:1e6
Environment: OPENBLAS_NUM_THREADS=1 for TFPKit (the estimator uses both cores by itself).
"""
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "Benchmarks" / "data"
TFP = ROOT / ".build" / "release" / "tfp"
FORMULAS = {
    "fixest": ("y ~ x1 + x2 | indiv_id + firm_id + year", "indiv_id"),
    "cobbdouglas": ("log(output) ~ log(capital) + log(employment) | firm + year", "firm"),
}


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time; returns (stdout, stderr, wall seconds, peak KB)."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M"] + cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    m = re.search(r"TIME ([\d.]+) (\d+)", p.stderr)
    if p.returncode != 0:
        return None, p.stderr[-500:], wall, int(m.group(2)) if m else 0
    return p.stdout, p.stderr, wall, int(m.group(2))


def run(design, n):
    DATA.mkdir(exist_ok=True)
    label = f"{design}_{int(n)}"
    path = DATA / f"{label}.csv"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "Benchmarks/scripts/generate.py"), design, str(int(n)), str(path)], check=True)
    formula, cluster = FORMULAS["cobbdouglas" if design == "cobbdouglas" else "fixest"]
    rows = []
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out, err, wall, kb = timed([str(TFP), "estimate", str(path), "--formula", formula, "--vcov", f"cluster:{cluster}",
                                "--format", "json", "--timings"], env)
    if out is None:
        print(f"tfp failed: {err}")
        return
    est = float(re.search(r"estimate ([\d.]+) s", err).group(1))
    j = json.loads(out)
    ours = {c["name"]: [c["estimate"], c["std_error"]] for c in j["coefficients"]}
    rows.append({"tool": "tfp (TFPKit)", "estimate_seconds": est, "process_seconds": wall, "peak_mb": kb / 1024, "coef_diff": 0, "se_diff": 0})
    peers = [["pyfixest", "rust", "1e-10"], ["pyfixest", "lsmr-within", "1e-10"], ["pyfixest", "rust", "1e-6"]]
    if n <= 1e6 and not (design == "difficult" and n >= 1e6):   # linearmodels needs > 10 min there (72 s at 1e5)
        peers.append(["linearmodels"])
    if design == "cobbdouglas" and n <= 1e4:
        peers.append(["statsmodels"])
    for peer in peers:
        if peer[0] == "pyfixest":
            pf_formula = formula
            cmd = [sys.executable, str(ROOT / "Benchmarks/scripts/run_pyfixest.py"), str(path), pf_formula, f"CRV1:{cluster}", peer[1], peer[2]]
        else:
            cmd = [sys.executable, str(ROOT / "Benchmarks/scripts/run_peer.py"), peer[0], str(path), design]
        out, err, wall, kb = timed(cmd)
        if out is None:
            rows.append({"tool": " ".join(peer), "error": err.strip().splitlines()[-1] if err.strip() else "failed"})
            continue
        r = json.loads(out.strip().splitlines()[-1])
        theirs = {k.replace(" ", ""): v for k, v in r["coefficients"].items()}
        cd = max(abs(theirs[k][0] - ours[k][0]) / abs(ours[k][0]) for k in ours if k in theirs)
        sd = max(abs(theirs[k][1] - ours[k][1]) / abs(ours[k][1]) for k in ours if k in theirs)
        rows.append({"tool": r["tool"], "estimate_seconds": r["estimate_seconds"], "process_seconds": wall, "peak_mb": kb / 1024,
                     "coef_diff": cd, "se_diff": sd})
    with open(ROOT / "Benchmarks" / "results.jsonl", "a") as f:
        for r in rows:
            f.write(json.dumps({"design": design, "n": int(n), **r}) + "\n")
    base = rows[0]
    for r in rows:
        if "error" in r:
            print(f"| {design} | {int(n):,} | {r['tool']} | failed: {r['error'][:80]} | | | | | |")
            continue
        print(f"| {design} | {int(n):,} | {r['tool']} | {r['estimate_seconds']:.3f} | {r['process_seconds']:.2f} | {r['peak_mb']:.0f} | "
              f"{r['estimate_seconds'] / base['estimate_seconds']:.2f} | {r['process_seconds'] / base['process_seconds']:.2f} | "
              f"{r['coef_diff']:.1e} / {r['se_diff']:.1e} |")


if __name__ == "__main__":
    print("| design | rows | tool | estimate s | process s | peak MB | est. ratio | process ratio | max rel. diff coef / se |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---|")
    for arg in sys.argv[1:]:
        design, n = arg.split(":")
        run(design, float(n))
