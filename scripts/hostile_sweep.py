#!/usr/bin/env python3
"""Runs `tfp` on hostile inputs and reports every crash, hang and unclear failure (issue 8).

    python3 scripts/hostile_sweep.py [--tfp .build/release/tfp] [--timeout 20] [--only SUBSTRING]

Each case is a command line over generated files. A case passes when the process exits with
0, 1 or 2 within the timeout, and an exit 2 prints one message starting with "error: "
(or ArgumentParser's usage error). Not in the test suite: it is a sweep to run before a
command is called done, and its cases grow with each defect found.
"""
import argparse
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NATIONAL = os.path.join(ROOT, "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv")
DANANG = os.path.join(ROOT, "Datasets/plans/data/danang_2010_2022_DERIVED.csv")
PLANS = os.path.join(ROOT, "Datasets/plans")
PROVINCES = os.path.join(ROOT, "Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv")


def files(folder):
    """Hostile data files: name -> bytes."""
    header = b"region,year,output,employment,investment,capital,hours,labour_share\n"
    row = lambda r, y, o=100, e=10, i=20, k=300, h=2000, s=0.5: f"{r},{y},{o},{e},{i},{k},{h},{s}\n".encode()
    good = header + b"".join(row("A", y, 100 + y - 2010, 10, 20, 300 + y - 2010) for y in range(2010, 2016))
    out = {
        "empty.csv": b"",
        "bom_only.csv": b"\xef\xbb\xbf",
        "header_only.csv": header,
        "one_row.csv": header + row("A", 2010),
        "good.csv": good,
        "duplicate_keys.csv": good + row("A", 2012),
        "nan.csv": header + row("A", 2010) + b"A,2011,NaN,10,20,300,2000,0.5\n",
        "inf.csv": header + row("A", 2010) + b"A,2011,inf,10,20,300,2000,0.5\n",
        "huge.csv": header + row("A", 2010, o=1e308, e=1e-308, k=1e308, h=1e308) + row("A", 2011, o=1e308, e=1e308, k=1e308, h=1e308) + row("A", 2012),
        "tiny.csv": header + row("A", 2010, o=5e-324, e=5e-324, k=5e-324) + row("A", 2011, o=1e-300, e=1e-300, k=1e-300),
        "negative.csv": header + row("A", 2010, o=-5) + row("A", 2011),
        "zero.csv": header + row("A", 2010, o=0, e=0, k=0) + row("A", 2011, o=0, e=0, k=0),
        "year_max.csv": header + row("A", 9223372036854775807) + row("A", 9223372036854775806),
        "year_min.csv": header + row("A", -9223372036854775808) + row("A", -9223372036854775807),
        "year_far.csv": header + row("A", 1000) + row("A", 9999),
        "year_text.csv": header + b"A,twenty,1,1,1,1,1,0.5\n",
        "invalid_utf8.csv": header + b"A\xe0,2010,1,1,1,1,1,0.5\nA\xe8,2011,2,2,2,2,2,0.5\n",
        "utf16.csv": ("\ufeff" + good.decode()).encode("utf-16-le"),
        "tabs.csv": good.replace(b",", b"\t"),
        "semicolons_decimal_comma.csv": good.replace(b",", b";").replace(b"0.5", b"0,5"),
        "ragged.csv": header + b"A,2010,1\n",
        "unterminated_quote.csv": header + b"\"A,2010,1,1,1,1,1,0.5\n",
        "long_line.csv": header + b"A" * 5_000_000 + b",2010,1,1,1,1,1,0.5\n",
        "many_columns.csv": b",".join(f"c{i}".encode() for i in range(20000)) + b"\n" + b",".join(b"1" for _ in range(20000)) + b"\n",
        "nul.csv": header + b"A\x00,2010,1,1,1,1,1,0.5\n",
        "formula_names.csv": header + b"".join(row("=HYPERLINK(\"http://x\")", y) for y in range(2010, 2013)),
        "numeric_regions.csv": header + b"".join(row(str(r), y, 100 + r + y - 2010) for r in range(1, 6) for y in range(2010, 2014)),
        "single_year_many.csv": header + b"".join(row(f"R{r}", 2010) for r in range(50)),
        "gaps.csv": header + row("A", 2010) + row("A", 2015) + row("A", 2020),
        "only_region_year.csv": b"region,year\nA,2010\nA,2011\n",
        "labour_share_pct.csv": header + row("A", 2010, s=55) + row("A", 2011, s=55),
        "sector_panel.csv": b"region,sector,year,output,employment,capital\n" + b"".join(
            f"{r},{s},{y},{100 + y - 2010 + si * 7},{10 + si},{300 + si}\n".encode()
            for r in ("A", "B") for si, s in enumerate(("agri", "ind")) for y in range(2010, 2014)),
        "mixed_hours.csv": b"region,year,output,employment,capital,hours\n" + b"".join(
            f"{r},{y},{100 + y - 2010 + k * 5},{10 + k},{300 + k},{'' if r == 'B' else 2000}\n".encode()
            for k, r in enumerate(("A", "B", "C")) for y in range(2010, 2014)),
        "xlsx_fake.xlsx": b"PK\x03\x04" + b"\x00" * 100,
        "xls.xls": b"\xd0\xcf\x11\xe0" + b"\x00" * 100,
        "na_fixed_effects.csv": b"y,x,fe\n" + b"".join(f"{i * 0.5 + (i % 3)},{i},{'NA' if i % 7 == 0 else ('' if i % 11 == 0 else i % 4)}\n".encode() for i in range(1, 60)),
        "constant_y.csv": b"y,x,fe\n" + b"".join(f"1,{i},{i % 3}\n".encode() for i in range(30)),
        "collinear.csv": b"y,x,z,fe\n" + b"".join(f"{i % 5},{i},{2 * i},{i % 3}\n".encode() for i in range(30)),
    }
    paths = {}
    for name, data in out.items():
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(data)
        paths[name] = path
    fifo = os.path.join(folder, "fifo.csv")
    os.mkfifo(fifo)
    paths["fifo.csv"] = fifo
    # Plans
    plan_head = '''id = "X"
region = "Đà Nẵng"
title = "t"
document = "d"
date = "2022-01-01"
period = [2022, 2025]
source = "s"
'''
    plans = {
        "plan_due_before_period.toml": plan_head + '[[targets]]\nid = "T1"\nindicator = "tfp_share"\nkind = "share-of-growth"\ndue = 2020\nperiod = [2022, 2025]\nfloor = 0.4\nsection = "s"\nwording = "w"\n',
        "plan_ceiling_only.toml": plan_head + '[[targets]]\nid = "T1"\nindicator = "incidents"\nkind = "count-per-year"\nperiod = [2022, 2025]\nceiling = 3\nsection = "s"\nwording = "w"\n',
        "plan_share_as_percent.toml": plan_head + '[[targets]]\nid = "T1"\nindicator = "tfp_share"\nkind = "share-of-growth"\ndue = 2025\nfloor = 45\nsection = "s"\nwording = "w"\n',
        "plan_million_years.toml": plan_head.replace("period = [2022, 2025]", "period = [1, 1000000]") + '[[targets]]\nid = "T1"\nindicator = "n"\nkind = "count-per-year"\nperiod = [1, 1000000]\nfloor = 3\nsection = "s"\nwording = "w"\n',
        "plan_reversed.toml": plan_head.replace("period = [2022, 2025]", "period = [2025, 2022]"),
        "plan_year_max.toml": plan_head + '[[targets]]\nid = "T1"\nindicator = "n"\nkind = "count-by-date"\ndue = 9223372036854775807\nfloor = 3\nsection = "s"\nwording = "w"\n',
        "plan_empty.toml": "",
        "plan_garbage.toml": "[[[not toml",
        "plan_invalid_utf8.toml": plan_head.encode().decode() + "\xff",
    }
    for name, text in plans.items():
        path = os.path.join(folder, name)
        with open(path, "wb") as f:
            f.write(text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text)
        paths[name] = path
    actuals = os.path.join(folder, "actuals_mismatch.csv")
    with open(actuals, "w", encoding="utf-8") as f:
        f.write("region,indicator,year,value,source\nTP. Đà Nẵng,certified_productivity_experts,2022,5,x\nHuế,unknown_indicator,2022,3,x\nĐà Nẵng,budget_spent_st_funds,2022,9900,x\n")
    paths["actuals_mismatch.csv"] = actuals
    return paths


def cases(p):
    folder_placeholder = os.path.dirname(p["good.csv"])
    data_commands = [
        ["account", "{f}", "--capital-share", "0.4"],
        ["account", "{f}", "--capital-share", "0.4", "--depreciation", "0.05"],
        ["account", "{f}", "--method", "tornqvist"],
        ["capital", "{f}", "--depreciation", "0.05"],
        ["productivity", "{f}"],
        ["productivity", "{f}", "--from", "2010", "--to", "2012", "--summary"],
        ["harmonize", "{f}"],
        ["benchmark", "{f}", "--from", "2011", "--to", "2013"],
        ["benchmark", "{f}", "--from", "2011", "--to", "2013", "--malmquist"],
        ["estimate", "{f}", "--formula", "log(output) ~ log(capital) + log(employment)"],
        ["estimate", "{f}", "--model", "cobb-douglas"],
    ]
    out = []
    data_files = [k for k in p if k.endswith((".csv", ".xlsx", ".xls"))]
    for command in data_commands:
        for name in data_files:
            out.append([a.replace("{f}", p[name]) for a in command])
    estimate_files = ["na_fixed_effects.csv", "constant_y.csv", "collinear.csv"]
    for name in estimate_files:
        for formula in ["y ~ x | fe", "y ~ x + z | fe", "y ~ x"]:
            for vcov in ["iid", "hc1", "cluster:fe", "cluster:fe+fe", "cluster:fe+x+y"]:
                out.append(["estimate", p[name], "--formula", formula, "--vcov", vcov])
    good = p["good.csv"]
    out += [
        ["estimate", good, "--formula", "output ~ " + "(" * 20000 + "capital" + ")" * 20000],
        ["estimate", good, "--formula", "output ~ I(-capital^2)"],
        ["estimate", good, "--formula", "output ~ capital", "--fe-method", "cg", "--tolerance", "0"],
        ["estimate", good, "--formula", "output ~ capital", "--tolerance", "-1"],
        ["estimate", good, "--formula", "output ~ capital", "--tolerance", "nan"],
        ["estimate", good, "--formula", ""],
        ["estimate", good, "--formula", "~"],
        ["benchmark", good, "--from", "2011", "--to", "2013", "--draws", "-5", "--capital-share-from-data"],
        ["benchmark", good, "--from", "2011", "--to", "2013", "--draws", "1000000000", "--capital-share-from-data"],
        ["account", good, "--capital-share", "1.5"],
        ["account", good, "--capital-share", "nan"],
        ["account", good, "--capital-share", "0.4", "--depreciation", "-1"],
        ["account", good, "--capital-share", "0.4", "--depreciation", "0.05", "--growth-years", "0"],
        ["account", good, "--capital-share", "0.4", "--depreciation", "0.05", "--growth-years", "-3"],
        ["account", good, "--capital-share", "0.4", "--depreciation", "0.05", "--growth-years", "9223372036854775807"],
        ["account", good, "--capital-share", "0.4", "--base-year", "9223372036854775807"],
        ["account", good, "--capital-share", "0.4", "--from", "-9223372036854775808", "--to", "9223372036854775807"],
        ["account", good, "--capital-share", "0.4", "--from", "2014", "--to", "2011"],
        ["account", good, "--capital-share", "0.4..0.6", "--from", "2011", "--to", "2014", "--sensitivity"],
        ["account", good, "--capital-share", "0.4..0.6", "--depreciation", "0.01..0.2", "--growth-years", "1..50", "--from", "2011", "--to", "2014", "--draws", "100"],
        ["account", good, "--capital-share", "0.4..0.6", "--draws", "5"],
        ["account", good, "--capital-share", "0.4..0.6", "--draws", "99999999999"],
        ["account", good, "--capital-share", "normal:0.4,0"],
        ["account", good, "--capital-share", "normal:0.99,5", "--draws", "100"],
        ["account", good, "--capital-share", "0.6..0.4"],
        ["account", good, "--capital-share", "0.4..0.6", "--interval", "2"],
        ["account", good, "--capital-share", "0.4", "--sensitivity"],
        ["account", good, "--capital-share", "0.4..0.6", "--capital-share-from", "cobb-douglas"],
        ["account", good, "--capital-share", "0.4", "--depreciation", "0.05", "--growth-years", "0..3"],
        ["account", p["huge.csv"], "--capital-share", "0.4..0.6", "--depreciation", "0.05", "--draws", "100"],
        ["check", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), "--capital-share", "0.4..0.6", "--data", DANANG],
        ["account", good, "--capital-share", "0.4", "--output", good],
        ["account", good, "--capital-share", "0.4", "--output", p["fifo.csv"]],
        ["account", good, "--capital-share", "0.4", "--output", "/dev/null"],
        ["account", good, "--capital-share", "0.4", "--format", "json", "--output", "out.xlsx"],
        ["account", good, "--capital-share-from", "translog"],
        ["check", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), "--data", DANANG, "--depreciation", "0.05", "--growth-years", "2", "--capital-share", "0.5", "--as-of", "2023"],
        ["check", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), "--data", DANANG, "--depreciation", "0.05", "--capital-share", "0.5", "--as-of", "2024"],
        ["check", os.path.join(PLANS, "national_targets.toml"), "--data", os.path.join(ROOT, "Datasets/plans/data/thuathienhue_lp_2020_2021_DERIVED.csv"), "--as-of", "2021"],
        ["check", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), "--actuals", p["actuals_mismatch.csv"], "--as-of", "2024"],
        ["check", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), "--as-of", "9223372036854775807"],
        ["check", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), "--as-of", "-1"],
        ["check", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), "--template", "--output", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml")],
        ["check", p["fifo.csv"]],
    ]
    for name in [k for k in p if k.endswith(".toml")]:
        out.append(["check", p[name], "--as-of", "2024"])
        out.append(["check", p[name], "--template"])
        out.append(["check", p[name], "--as-of", "2024", "--data", NATIONAL, "--capital-share", "0.5", "--depreciation", "0.05"])
    for plan in sorted(os.listdir(PLANS)):
        if plan.endswith(".toml"):
            for year in ["2020", "2021", "2022", "2023", "2024", "2025", "2026", "2031"]:
                out.append(["check", os.path.join(PLANS, plan), "--as-of", year, "--data", NATIONAL, "--capital-share", "0.5", "--depreciation", "0.05"])
    out += [["import", p[k]] for k in data_files] + [["--version"], ["nonsense"], ["account"], ["account", "--capital-share", "0.4"]]
    # Reports: every plan, hostile plans, wrong outputs.
    for name in [k for k in p if k.endswith(".toml")]:
        out.append(["report", p[name], "--as-of", "2024", "--output", "r.html"])
        out.append(["report", p[name], "--as-of", "2024", "--output", "r.xlsx", "--data", NATIONAL, "--capital-share", "0.5", "--depreciation", "0.05"])
    for plan in sorted(os.listdir(PLANS)):
        if plan.endswith(".toml"):
            out.append(["report", os.path.join(PLANS, plan), "--as-of", "2023", "--output", "r.html", "--data", DANANG, "--capital-share", "0.5", "--depreciation", "0.05", "--growth-years", "2"])
            out.append(["report", os.path.join(PLANS, plan), "--as-of", "2023", "--output", "r.xlsx", "--lang", "en"])
    out += [
        ["report", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), "--as-of", "2024", "--output", "r.pdf"],
        ["report", os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), "--as-of", "2024", "--output", p["fifo.csv"]],
        ["run", p["plan_garbage.toml"], "--output", "runout"],
        ["run", p["plan_empty.toml"], "--output", "runout"],
        ["run", p["good.csv"], "--output", "runout"],
        ["run", os.path.join(ROOT, "Datasets/runs/EXAMPLE_annual.toml"), "--output", p["good.csv"]],
        ["run", "--verify", folder_placeholder],
        ["run", "--verify", p["good.csv"]],
        ["import", p["good.csv"], "--name", "region"],
        ["import", p["good.csv"], "--sheet", "1"],
        ["productivity", p["good.csv"], "--range", "ZZZZ1:A0"],
        ["productivity", p["xlsx_fake.xlsx"], "--sheet", "nope"],
    ]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tfp", default=os.path.join(ROOT, ".build/release/tfp"))
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    bad = 0
    with tempfile.TemporaryDirectory() as folder:
        paths = files(folder)
        all_cases = [c for c in cases(paths) if args.only in " ".join(c)]
        for case in all_cases:
            env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
            try:
                r = subprocess.run([args.tfp] + case, capture_output=True, timeout=args.timeout, cwd=folder, env=env)
            except subprocess.TimeoutExpired:
                print("HANG   ", " ".join(case)[:220])
                bad += 1
                continue
            err = r.stderr.decode("utf-8", "replace").strip()
            short = " ".join(a if len(a) < 80 else a[:40] + "…" for a in case).replace(folder + "/", "")
            if r.returncode < 0 or r.returncode >= 128 or "Fatal error" in err or "Swift runtime failure" in err:
                print(f"CRASH {r.returncode:4d}", short, "|", err.splitlines()[0][:160] if err else "")
                bad += 1
            elif r.returncode not in (0, 1, 2):
                print(f"EXIT  {r.returncode:4d}", short, "|", err[:160])
                bad += 1
            elif r.returncode == 2 and not (err.startswith("error: ") or err.startswith("Error: ")):
                print("UNCLEAR   ", short, "|", err[:160])
                bad += 1
            elif os.environ.get("SWEEP_VERBOSE"):
                print(f"ok    {r.returncode:4d}", short, "|", (err.splitlines() or [""])[0][:200])
        print(f"{len(all_cases)} cases, {bad} failing")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
