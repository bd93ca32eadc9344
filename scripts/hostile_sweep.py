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
import re
import subprocess
import sys
import tempfile
import time

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


# --- Cases added for the features of 0.6.0 (--region, account uncertainty, report ranges,
# tfp run specs, the byte-scanning worksheet reader). These carry expectations beyond the
# generic ones: exit codes, equal output, unchanged inputs, forbidden or required text, a time
# budget, checks on the output or the run manifest.

class Case(list):
    """A command line with expectations: expect (allowed exit codes), same_as (a command whose
    standard output must be equal), unchanged (files that must keep their bytes), forbid and
    require (regular expressions on standard output and error), check (a function of the
    result returning a complaint or None), budget (seconds before SLOW), timeout, show_time."""

    def __init__(self, args, expect=None, same_as=None, unchanged=(), forbid=(), require=(), check=None,
                 budget=None, timeout=None, show_time=False, why=""):
        super().__init__(args)
        self.expect, self.same_as, self.unchanged = expect, same_as, list(unchanged)
        self.forbid, self.require, self.check = list(forbid), list(require), check
        self.budget, self.timeout, self.show_time, self.why = budget, timeout, show_time, why


XLSX_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
XLSX_SHARED = ["region", "year", "output", "employment", "Đà Nẵng", "B"]
XLSX_DATA = [(r, y, 100 + y - 2010 + (5 if r == "B" else 0), 10) for r in ("Đà Nẵng", "B") for y in range(2010, 2014)]
XLSX_CSV = "region,year,output,employment\n" + "".join(f"{r},{y},{o},{e}\n" for r, y, o, e in XLSX_DATA)


def xlsx_book(sheet_xml, shared=None):
    """A minimal workbook (the parts openpyxl and Excel write, no styles) around one worksheet."""
    import io
    import zipfile
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ' + XLSX_NS + ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    ss = XLSX_SHARED if shared is None else shared
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {XLSX_NS} count="{len(ss)}" uniqueCount="{len(ss)}">'
           + "".join(f"<si><t>{s}</t></si>" for s in ss) + "</sst>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb),
                           ("xl/_rels/workbook.xml.rels", wbrels), ("xl/sharedStrings.xml", sst)):
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml if isinstance(sheet_xml, bytes) else sheet_xml.encode("utf-8"))
    return buf.getvalue()


def xlsx_rows(shared=True):
    def cell(ref, v, kind):
        if kind == "s":
            return f'<c r="{ref}" t="s"><v>{v}</v></c>'
        if kind == "str":
            return f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
        return f'<c r="{ref}"><v>{v}</v></c>'
    out = ['<row r="1">' + "".join(cell(f"{'ABCD'[i]}1", i if shared else h, "s" if shared else "str") for i, h in enumerate(XLSX_SHARED[:4])) + "</row>"]
    for n, (r, y, o, e) in enumerate(XLSX_DATA, start=2):
        first = cell(f"A{n}", XLSX_SHARED.index(r), "s") if shared else cell(f"A{n}", r, "str")
        out.append(f'<row r="{n}">{first}{cell(f"B{n}", y, "n")}{cell(f"C{n}", o, "n")}{cell(f"D{n}", e, "n")}</row>')
    return out


def xlsx_sheet(rows):
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {XLSX_NS}><sheetData>' + "".join(rows) + "</sheetData></worksheet>"


def xlsx_mutations():
    """name -> (worksheet XML, expectation): 'same' (the output of the same data as CSV), 'refuse'
    (exit 2), 'same-or-refuse', 'any' (only the generic rules)."""
    import random
    import re
    rows = xlsx_rows()
    base = xlsx_sheet(rows)

    def rep(old, new, s=None):
        s = base if s is None else s
        assert old in s, old
        return s.replace(old, new, 1)

    def region_text(val):
        return rep('<c r="A2" t="s"><v>4</v></c>', f'<c r="A2" t="inlineStr"><is><t>{val}</t></is></c>')

    def prefixed(s, p="x"):
        s = s.replace(f"<worksheet {XLSX_NS}>", f'<{p}:worksheet xmlns:{p}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">').replace("</worksheet>", f"</{p}:worksheet>")
        for tag in ("sheetData", "row", "c", "v", "is", "t"):
            s = re.sub(rf"<{tag}([ >/])", rf"<{p}:{tag}\1", s).replace(f"</{tag}>", f"</{p}:{tag}>")
        return s

    m = {
        "base": (base, "same"),
        "inline_strings": (xlsx_sheet(xlsx_rows(False)), "same"),
        "unterminated_quote": (rep('<c r="A2" t="s">', '<c r="A2 t="s">'), "refuse"),
        "unterminated_quote_last": (base[:base.rindex('<c r="D9"')] + '<c r="D9><v>10</v></c></row></sheetData></worksheet>', "refuse"),
        "entity_bogus_text": (region_text("Đà&bogus;Nẵng"), "refuse"),
        "entity_bogus_value": (rep("<v>2010</v>", "<v>20&bogus;10</v>"), "refuse"),
        "charref_0": (region_text("Đà&#0;Nẵng"), "refuse"),
        "charref_x110000": (region_text("Đà&#x110000;Nẵng"), "refuse"),
        "charref_xD800": (region_text("Đà&#xD800;Nẵng"), "refuse"),
        "charref_huge": (region_text("Đà&#99999999999999999999;Nẵng"), "refuse"),
        "charref_empty": (region_text("Đà&#;Nẵng"), "refuse"),
        "charref_valid": (region_text("&#272;&#xE0; N&#x1EB5;ng"), "same"),
        "amp_unterminated": (region_text("Đà&amp Nẵng"), "refuse"),
        "cdata_value": (rep("<v>2010</v>", "<v><![CDATA[2010]]></v>"), "same"),
        "cdata_text": (region_text("<![CDATA[Đà Nẵng]]>"), "same"),
        "cdata_unterminated": (rep("<v>2010</v>", "<v><![CDATA[2010</v>"), "refuse"),
        "comment_in_row": (rep('<row r="2">', '<row r="2"><!-- a comment -->'), "same"),
        "comment_hiding_cell": (rep('<row r="2">', '<row r="2"><!-- <c r="E2"><v>99</v></c> -->'), "same"),
        "comment_hiding_row": (rep("</sheetData>", '<!-- <row r="10"><c r="A10" t="s"><v>5</v></c><c r="B10"><v>2014</v></c><c r="C10"><v>1</v></c><c r="D10"><v>1</v></c></row> --></sheetData>'), "same"),
        "comment_unterminated": (rep('<row r="2">', '<row r="2"><!-- x '), "refuse"),
        "pi_in_row": (rep('<row r="2">', '<row r="2"><?foo bar?>'), "same"),
        "attribute_hiding_ref": (rep('<c r="C2">', "<c x='r=\"Z2\"' r=\"C2\">"), "same"),
        "gt_in_attribute": (rep('<c r="A2" t="s">', '<c r="A2" t="s" foo="a>b">'), "same"),
        "element_cx": (rep('<row r="2">', '<row r="2"><cx r="E2"><v>99</v></cx>'), "same"),
        "element_vv": (rep('<c r="C2"><v>100</v></c>', '<c r="C2"><vv>55</vv><v>100</v></c>'), "same"),
        "rows_reversed": (xlsx_sheet([rows[0]] + rows[1:][::-1]), "same-or-refuse"),
        "rows_shuffled": (xlsx_sheet([rows[0]] + random.Random(3).sample(rows[1:], len(rows) - 1)), "same-or-refuse"),
        "cells_reversed": (xlsx_sheet([re.sub(r"(<row [^>]*>)(.*)(</row>)", lambda g: g.group(1) + "".join(re.findall(r"<c .*?</c>", g.group(2))[::-1]) + g.group(3), r) for r in rows]), "same-or-refuse"),
        "row_number_twice": (rep('<row r="3">', '<row r="2">'), "refuse"),
        "cell_twice": (rep('<c r="C2"><v>100</v></c>', '<c r="C2"><v>100</v></c><c r="C2"><v>555</v></c>'), "refuse"),
        "ref_lowercase_a2": (rep('<c r="C2">', '<c r="a2">'), "refuse"),
        "no_cell_refs": (re.sub(r' r="[A-Z]+\d+"', "", base), "same"),
        "no_row_numbers": (re.sub(r'<row r="\d+"', "<row", base), "same"),
        "sst_no_v": (rep('<c r="A2" t="s"><v>4</v></c>', '<c r="A2" t="s"/>'), "refuse"),
        "ns_prefix": (prefixed(base), "same"),
        "ns_prefix_inline": (prefixed(xlsx_sheet(xlsx_rows(False))), "same"),
        "single_quotes": (base.replace('"', "'"), "same"),
        "space_around_equals": (re.sub(r"(<(?:c|row)\b[^>]*>)", lambda g: g.group(1).replace("=", " = "), base), "same"),
        "newlines_around_equals": (re.sub(r"(<(?:c|row)\b[^>]*>)", lambda g: g.group(1).replace("=", "\n\t=\r\n ").replace(" ", "\n"), base), "same"),
        "t_before_r": (rep('<c r="A2" t="s">', '<c t="s" r="A2">'), "same"),
        "end_tag_space": (base.replace("</v>", "</v >").replace("</c>", "</c\n>"), "same"),
        "bom": (b"\xef\xbb\xbf" + base.encode(), "same"),
        "utf16": (base.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"), "same-or-refuse"),
        "latin1": (region_text("Caf\xe9").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1"), "any"),
        "invalid_utf8": (region_text("Đà").encode().replace("Đà".encode(), b"\xc4\xff\xe0"), "refuse"),
        "rich_text": (rep('<c r="A2" t="s"><v>4</v></c>', '<c r="A2" t="inlineStr"><is><r><t>Đà</t></r><r><t xml:space="preserve"> Nẵng</t></r></is></c>'), "same"),
        "phonetic_run": (rep('<c r="A2" t="s"><v>4</v></c>', '<c r="A2" t="inlineStr"><is><t>Đà Nẵng</t><rPh sb="0" eb="1"><t>XX</t></rPh></is></c>'), "same"),
        "formula_string": (rep('<c r="A2" t="s"><v>4</v></c>', '<c r="A2" t="str"><f>"Đà "&amp;"Nẵng"</f><v>Đà Nẵng</v></c>'), "same"),
        "formula_number": (rep('<c r="C2"><v>100</v></c>', '<c r="C2"><f>50*2</f><v>100</v></c>'), "same"),
        "bool_cell": (rep('<c r="C2"><v>100</v></c>', '<c r="C2" t="b"><v>1</v></c>'), "refuse"),
        "error_cell": (rep('<c r="C2"><v>100</v></c>', '<c r="C2" t="e"><v>#N/A</v></c>'), "refuse"),
        "value_hex": (rep('<c r="C2"><v>100</v></c>', '<c r="C2"><v>0x64</v></c>'), "refuse"),
        "v_20mb_digits": (rep("<v>100</v>", "<v>" + "1" * 20_000_000 + "</v>"), "refuse"),
        "t_20mb_name": (region_text("N" * 20_000_000), "refuse"),
        "nested_1m": (rep("<sheetData>", "<sheetData>" + "<x>" * 1_000_000 + "</x>" * 1_000_000), "same"),
        "nested_1m_in_v": (rep("<v>100</v>", "<v>" + "<x>" * 1_000_000 + "</x>" * 1_000_000 + "100</v>"), "any"),
        "nested_1m_unclosed": (rep("<sheetData>", "<sheetData>" + "<x>" * 1_000_000), "refuse"),
        "nested_500k_row_c": (rep("<sheetData>", "<sheetData>" + "<row><c>" * 500_000), "refuse"),
        "end_tag_mismatch": (rep("</row>", "</rowx>"), "refuse"),
        "doctype_billion_laughs": (base.replace("<worksheet", '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><worksheet', 1).replace('<c r="A2" t="s"><v>4</v></c>', '<c r="A2" t="inlineStr"><is><t>&f;</t></is></c>'), "refuse"),
        "doctype_external_entity": (base.replace("<worksheet", '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/hostname">]><worksheet', 1).replace('<c r="A2" t="s"><v>4</v></c>', '<c r="A2" t="inlineStr"><is><t>&x;</t></is></c>'), "refuse"),
        "empty_part": (b"", "refuse"),
        "garbage_part": (b"\x00\xff" * 1000, "refuse"),
        "lt_in_text": (region_text("Đà < Nẵng"), "refuse"),
        "cell_far_right": (rep('<c r="D2"><v>10</v></c>', '<c r="D2"><v>10</v></c><c r="XFD2"><v>1</v></c>'), "any"),
        "row_1048576": (base.replace("</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'), "any"),
    }
    for ref in ("A0", "XFE1", "A1048577", "", "1A", "AAAAAAAAAAAAAAAAAAAAAAAAA2", "A99999999999999999999999", "A-1", " A2", "Ä2"):
        m[f"ref_{ref.strip() or 'empty'}"] = (rep('<c r="C2">', f'<c r="{ref}">'), "refuse")
    for v in ("99", "-1", "6", "1e30", "abc", "", "1.5", "0x4", "９"):
        m[f"shared_index_{v or 'empty'}"] = (rep('<c r="A2" t="s"><v>4</v></c>', f'<c r="A2" t="s"><v>{v}</v></c>'), "refuse")
    for v in ("1e309", "NaN", "inf", "1,0", "1_00"):
        m[f"value_{v}"] = (rep('<c r="C2"><v>100</v></c>', f'<c r="C2"><v>{v}</v></c>'), "refuse")
    m["value_spaces"] = (rep('<c r="C2"><v>100</v></c>', '<c r="C2"><v> 100 </v></c>'), "same")
    m["value_newline"] = (rep('<c r="C2"><v>100</v></c>', '<c r="C2"><v>100\n</v></c>'), "same-or-refuse")
    # The worksheet cut at 100 offsets: a part that ends early is damaged, never a shorter table.
    b = base.encode()
    rnd = random.Random(20261122)
    offsets = set()
    while len(offsets) < 100:
        offsets.add(rnd.randrange(1, len(b)))
    for o in sorted(offsets):
        m[f"truncated_at_{o}"] = (b[:o], "refuse")
    return m


def files_today(folder):
    """Inputs for the cases of 0.6.0: name -> path."""
    import hashlib
    import math
    import random
    import shutil
    paths = {}

    def put(name, data):
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        paths[name] = path
        return path

    hdr = "region,year,output,employment,investment,capital\n"
    # Real province names (for --region matching and harmonize), one region with only empty rows.
    names = ["Đà Nẵng", "Thừa Thiên Huế", "Thành phố Hồ Chí Minh", "Hà Nội", "Quảng Nam"]
    put("regions.csv", hdr + "".join(f"{r},{y},{100 * (1 + k) * 1.06 ** (y - 2010):.3f},{10 + k},{20 + k + y - 2010},{300 + 10 * (y - 2010)}\n"
                                    for k, r in enumerate(names) for y in range(2010, 2016)) + "Quảng Ngãi,2010,,,,\nQuảng Ngãi,2011,,,,\n")
    rnd = random.Random(1)

    def cobb_douglas(regions):
        rows = []
        for ri, r in enumerate(regions):
            k, l, a = 300 + 50 * ri, 10 + ri, 1 + 0.1 * ri
            for y in range(2010, 2022):
                k *= 1.05 + rnd.uniform(-0.03, 0.03)
                l *= 1.01 + rnd.uniform(-0.01, 0.01)
                a *= 1.01
                out = a * k ** 0.4 * l ** 0.6 * math.exp(rnd.gauss(0, 0.01))
                rows.append(f"{r},{y},{out:.4f},{l:.4f},{k * 0.08:.4f},{k:.4f}\n")
        return hdr + "".join(rows)
    put("cd_one_region.csv", cobb_douglas(["A"]))
    put("cd_two_regions.csv", cobb_douglas(["A", "B"]))
    # H's investment falls 8% a year: the steady state is undefined for δ ≤ 0.08 (a quarter of 0.06..0.14).
    put("falling_investment.csv", hdr + "".join(f"H,{y},{100 * 1.05 ** (y - 2010):.3f},10,{50 * 0.92 ** (y - 2010):.3f},\nG,{y},{100 * 1.05 ** (y - 2010):.3f},10,{50 * 1.05 ** (y - 2010):.3f},\n" for y in range(2010, 2020)))
    put("benchmark_stock.csv", hdr + "".join(f"A,{y},{100 * 1.06 ** (y - 2010):.3f},{10 * 1.01 ** (y - 2010):.3f},{20 * 1.05 ** (y - 2010):.3f},{300 + 10 * (y - 2010)}\n" for y in range(2010, 2020)))
    put("header_only_run.csv", hdr)
    put("xlsx/same.csv", XLSX_CSV)
    for name, (xml, _) in xlsx_mutations().items():
        put(f"xlsx/{name}.xlsx", xlsx_book(xml))
    # Copies of the plans, their data and actuals: report --output is pointed at them.
    copies = os.path.join(folder, "plans_copy")
    shutil.copytree(PLANS, copies)
    shutil.copy(DANANG, os.path.join(copies, "data", "danang.html"))
    shutil.copy(os.path.join(PLANS, "actuals", "danang_EXAMPLE.csv"), os.path.join(copies, "actuals", "danang.xlsx"))
    os.symlink(os.path.join(copies, "data", "danang.html"), os.path.join(copies, "link.html"))
    os.link(os.path.join(copies, "data", "danang_2010_2022_DERIVED.csv"), os.path.join(copies, "hardlink.html"))
    paths["plans_copy"] = copies
    # Run specs.
    job = '[[jobs]]\nname = "j"\ncommand = "productivity"\ndata = "regions.csv"\nformats = ["csv"]\n'
    acc = '[[jobs]]\nname = "a"\ncommand = "account"\ndata = "regions.csv"\nformats = ["csv"]\n'
    plan = os.path.join(PLANS, "danang_37-KH-UBND_2022.toml")
    check = f'[[jobs]]\nname = "c"\ncommand = "check"\nplan = "{plan}"\nformats = ["json"]\n'
    report = f'[[jobs]]\nname = "r"\ncommand = "report"\nplan = "{plan}"\nformats = ["html"]\n'
    specs = {
        "regions_empty_list": (job + "regions = []\n", 2),
        "regions_nowhere": (job + 'regions = ["Nowhere"]\n', 1),
        "regions_empty_name": (job + 'regions = [""]\n', 2),
        "regions_5mb_name": (job + 'regions = ["' + "A" * 5_000_000 + '"]\n', 2),
        "regions_each_header_only": (job.replace("regions.csv", "header_only_run.csv") + 'regions = "each"\n', 2),
        "regions_each": (job + 'regions = "each"\n', 0),
        "regions_aliases_collide": (job + 'regions = ["Hà Nội", "hanoi"]\n', 2),
        "regions_on_check": (check + 'regions = ["Đà Nẵng"]\n', 2),
        "regions_on_report": (report + 'regions = ["Đà Nẵng"]\n', 2),
        "regions_each_on_check": (check + 'regions = "each"\n', 2),
        "unknown_key_top": ("bogus = 1\n" + job, 2),
        "unknown_table_top": ("[bogus]\nx = 1\n" + job, 2),
        "unknown_key_input": ('[inputs.d]\npath = "regions.csv"\nbogus = 2\n' + job.replace('"regions.csv"', '"d"'), 2),
        "unknown_key_job": (job + "bogus = 3\n", 2),
        "unknown_option": (job + "options = { bogus = 1 }\n", 2),
        "option_help": (job + "options = { help = true }\n", 2),
        "option_key_with_equals": (job + 'options = { "from=2011" = true, "to=2013" = true, summary = true }\n', 2),
        "option_key_empty": (job + 'options = { "" = true }\n', 2),
        "option_value_is_flag": (acc + 'options = { capital-share = "--help" }\n', 2),
        "key_repeated": (job + 'formats = ["json"]\n', 2),
        "input_repeated": ('[inputs.d]\npath = "regions.csv"\n[inputs.d]\npath = "regions.csv"\n' + job.replace('"regions.csv"', '"d"'), 2),
        "job_name_dotdot": (job.replace('name = "j"', 'name = "../escape"'), 2),
        "job_name_dotdot_only": (job.replace('name = "j"', 'name = ".."'), 2),
        "job_name_absolute": (job.replace('name = "j"', f'name = "{folder}/abs"'), 2),
        "job_name_nul": (job.replace('name = "j"', 'name = "a\\u0000b"'), 2),
        "job_name_manifest": (job.replace('name = "j"', 'name = "manifest"').replace('"csv"', '"json"'), 2),
        "options_nested_10000": (acc + "options = { capital-share = " + "[" * 10000 + "]" * 10000 + " }\n", 2),
        "options_nested_60": (acc + "options = { capital-share = " + "[" * 60 + "0.4" + "]" * 60 + " }\n", 2),
        "options_table_value": (acc + "options = { capital-share = { a = 1 } }\n", 2),
        "options_list_value": (acc + "options = { capital-share = 0.4, column = [\"output=output\", \"capital=capital\"] }\n", 0),
        "period_year_0": (job + "periods = [[0, 0]]\n", 2),
        "period_year_99999": (job + "periods = [[99999, 99999]]\n", 2),
        "period_reversed": (job + "periods = [[2015, 2011]]\n", 2),
        "period_one_year": (job + "periods = [[2011]]\n", 2),
        "period_report_year_0": (report + "periods = [[0, 0]]\n", 2),
        "period_check_year_99999": (check + "periods = [[99999, 99999]]\n", 2),
        "input_directory": (job.replace('"regions.csv"', f'"{folder}"'), 1),
        "input_dev_zero": (job.replace('"regions.csv"', '"/dev/zero"'), 1),
        "input_named_dev_zero": ('[inputs.d]\npath = "/dev/zero"\n' + job.replace('"regions.csv"', '"d"'), 1),
        "plan_dev_zero": (check.replace(plan, "/dev/zero"), 1),
        "plan_directory": (check.replace(plan, folder), 1),
        "report_data_dev_zero": (report + 'data = "/dev/zero"\n', 1),
        "actuals_dev_zero": (check + 'options = { actuals = "/dev/zero" }\n', 1),
    }
    dup = job + job.replace('command = "productivity"', 'command = "capital"')
    specs["job_name_twice"] = (dup, 2)
    paths["specs"] = {}
    for name, (text, code) in specs.items():
        paths["specs"][name] = (put(f"specs/{name}.toml", text), code)
    put("specs/jobs_10000.toml", "".join(f'[[jobs]]\nname = "j{i}"\ncommand = "productivity"\ndata = "regions.csv"\nformats = ["csv"]\n' for i in range(10000)))
    put("specs/jobs_10000_invalid_last.toml", "".join(f'[[jobs]]\nname = "j{i}"\ncommand = "productivity"\ndata = "regions.csv"\nformats = ["csv"]\n' for i in range(10000)) + "bogus = 1\n")
    plan_head = open(os.path.join(PLANS, "danang_37-KH-UBND_2022.toml"), encoding="utf-8").read().split("[[targets]]")[0]
    put("plan_1000_targets.toml", plan_head + "".join(f'[[targets]]\nid = "T{i}"\nindicator = "incidents"\nkind = "count-per-year"\nperiod = [2022, 2025]\nceiling = 3\nsection = "s"\nwording = "w"\n' for i in range(1000)))
    return paths


def sha(path):
    import hashlib
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def summary_point_in_interval(rc, out, err, folder):
    """The period summary's point TFP share lies within its scenario interval (assumptions barely vary)."""
    import csv
    import io
    if rc != 0:
        return None
    for row in csv.DictReader(io.StringIO(out)):
        point, low, high = (float(row[k]) for k in ("tfp_share", "tfp_share_low", "tfp_share_high"))
        if not low - 0.02 <= point <= high + 0.02:
            return f"{row['region']}: point tfp_share {point:.4f} outside the interval {low:.4f}..{high:.4f}"
    return None


def interval_not_degenerate(rc, out, err, folder):
    """A bootstrap that reports intervals gives them a width (one cluster gives none: refuse or say so)."""
    import csv
    import io
    if rc != 0:
        return None
    for row in csv.DictReader(io.StringIO(out)):
        if row.get("tfp_share_low") and row["tfp_share_low"] == row["tfp_share_high"]:
            return f"{row['region']}: interval of zero width {row['tfp_share_low']} reported as sampling uncertainty"
    return None


def manifest_errors_one_line(outdir):
    def check(rc, out, err, folder):
        import json
        path = os.path.join(folder, outdir, "manifest.json")
        if rc == 1:
            if not os.path.exists(path):
                return "exit 1 without a manifest"
            for task in json.load(open(path, encoding="utf-8"))["tasks"]:
                e = task.get("error") or ""
                if task.get("status") != "ok" and ("\n" in e.strip() or not e.strip()):
                    return f"job {task.get('job')}: error is not one sentence: {e.strip()[:120]!r}"
        return None
    return check


def cases_today(p):
    out = []
    R = p["regions.csv"]
    # 1. --region on every data command.
    commands = [
        ["productivity", R, "--format", "csv"],
        ["capital", R, "--depreciation", "0.05", "--format", "csv"],
        ["account", R, "--capital-share", "0.4", "--format", "csv"],
        ["benchmark", R, "--from", "2011", "--to", "2014", "--format", "csv"],
        ["harmonize", R, "--format", "csv"],
        ["estimate", R, "--model", "cobb-douglas", "--format", "csv"],
    ]
    bad_utf8 = b"Qu\xe1ng Nam".decode("utf-8", "surrogateescape")
    names = [("", (2,)), ("Nowhere", (2,)), ("TP. Đà Nẵng", (0,)), ("hue", (0,)), ("TPHCM", (0,)), ("tinh quang nam", (0,)),
             ("Quảng", (2,)), (bad_utf8, (2,)), ("Quảng Ngãi", None)]
    for command in commands:
        for name, code in names:
            expect = code if command[0] not in ("harmonize", "estimate", "benchmark") or code == (2,) else None
            out.append(Case(command + ["--region", name], expect=expect))
        out.append(Case(command + ["--region", "hue", "--region", "TP. Đà Nẵng", "--region", "hanoi"]))
    out.append(Case(["productivity", R, "--region", "A" * 130_000], expect=(2,), budget=3, show_time=True,
                    why="a 130 KB name (the most one argument holds)"))
    out.append(Case(["productivity", PROVINCES, "--column", "output=grdp_current_bn_vnd", "--column", "employment=labour_force_thousand",
                     "--region", "A" * 130_000], expect=(2,), budget=3, show_time=True, why="a 130 KB name matched against 63 provinces"))
    for formula in ["log(output) ~ log(capital) + log(employment)", "output ~ capital | region"]:
        out.append(Case(["estimate", R, "--formula", formula, "--region", "hue"], expect=(2,)))
        out.append(Case(["estimate", R, "--formula", formula, "--region", "hue", "--region", "hanoi"], expect=(2,)))
    # 2. account's uncertainty options.
    N = NATIONAL
    base = ["account", N, "--from", "2016", "--to", "2019", "--summary", "--format", "csv"]
    out.append(Case(base + ["--capital-share", "0.5..0.5", "--depreciation", "0.05"], expect=(0,)))
    for kappa, code in [("0", (2,)), ("=-1", (2,)), ("-1", (2,)), ("nan", (2,)), ("inf", (2,)), ("1e308", (2,)), ("2..3.5", (0,)),
                        ("3.5..2", (2,)), ("normal:2,0", (0, 2)), ("normal:2,1e308", (0, 2)), ("normal:-2,1", (2,)), ("2..2", (0,))]:
        flag = ["--initial-capital-output" + kappa] if kappa.startswith("=") else ["--initial-capital-output", kappa]
        out.append(Case(base + ["--capital-share", "0.5", "--depreciation", "0.05"] + flag, expect=code,
                        forbid=[r"most in \."]))
    out.append(Case(base + ["--capital-share", "0.5", "--initial-capital-output", "2.5"], expect=(2,)))
    out.append(Case(base + ["--capital-share", "0.5", "--initial-capital-output", "2..3.5"], expect=(2,)))
    out.append(Case(base + ["--capital-share", "0.5", "--depreciation", "0.05", "--initial-capital-output", "2.5", "--initial", "benchmark"], expect=(2,)))
    out.append(Case(base + ["--capital-share", "0.5", "--depreciation", "0.05", "--initial-capital-output", "2.5", "--growth-years", "2..4"], expect=(2,)))
    out.append(Case(base + ["--capital-share", "0.5", "--depreciation", "0.05", "--initial-capital-output", "2.5", "--growth-years", "3"], expect=(2,),
                    why="--growth-years 2..4 with κ is refused ('give one of them'); a single --growth-years is silently ignored"))
    for draws, code in [("99", (2,)), ("100", (0,)), ("1000001", (2,)), ("1000000", (0,))]:
        out.append(Case(base + ["--capital-share", "0.4..0.6", "--depreciation", "0.05", "--draws", draws], expect=code))
    sb = ["--summary", "--from", "2012", "--to", "2015", "--format", "csv"]
    for name in ("cd_one_region.csv", "cd_two_regions.csv"):
        f = p[name]
        out.append(Case(["account", f, "--capital-share-from", "cobb-douglas-crs", "--absorb", "region", "--draws", "200"] + sb, expect=(0,)))
        out.append(Case(["account", f, "--capital-share-from", "cobb-douglas-crs", "--absorb", "region", "--draws", "200", "--bootstrap", "5"] + sb, expect=(2,)))
        out.append(Case(["account", f, "--capital-share-from", "cobb-douglas-crs", "--absorb", "region", "--draws", "200", "--bootstrap", "200"] + sb,
                        expect=(0, 2), check=interval_not_degenerate if name == "cd_one_region.csv" else None))
        out.append(Case(["account", f, "--capital-share", "0.4..0.6", "--bootstrap", "200"] + sb, expect=(2,)))
        out.append(Case(["account", f, "--bootstrap", "200"] + sb, expect=(2,)))
        out.append(Case(["account", f, "--capital-share-from", "cobb-douglas", "--absorb", "region", "--draws", "200", "--bootstrap", "200"] + sb, expect=(2,)))
        out.append(Case(["account", f, "--capital-share", "0.5", "--sensitivity"] + sb, expect=(2,)))
        out.append(Case(["account", f, "--capital-share-from", "cobb-douglas-crs", "--absorb", "region", "--sensitivity"] + sb, expect=(2,)))
    out.append(Case(["account", p["falling_investment.csv"], "--capital-share", "0.5", "--depreciation", "0.06..0.14"] + sb[:-2], expect=(0,),
                    require=[r"\d+ of \d+ series-scenarios could not be computed"]))
    out.append(Case(["account", p["falling_investment.csv"], "--capital-share", "0.5", "--depreciation", "0.06..0.14", "--sensitivity"] + sb[:-2], expect=(0,)))
    out.append(Case(["account", p["falling_investment.csv"], "--capital-share", "0.5", "--depreciation", "0.04..0.12"] + sb, expect=(0, 2)))
    # --growth-years with --initial benchmark is refused (it would be ignored): exit 2, below.
    out.append(Case(["account", p["benchmark_stock.csv"], "--capital-share", "0.5", "--initial", "benchmark", "--depreciation", "0.05",
                     "--growth-years", "2..4"] + sb, expect=(2,)))
    for rng in (["--depreciation", "0.05..0.06"], ["--depreciation", "0.05", "--capital-share", "0.49..0.51"]):
        out.append(Case(["account", p["benchmark_stock.csv"], "--capital-share", "0.5", "--initial", "benchmark"] + rng + sb, expect=(0,),
                        check=summary_point_in_interval, why="scenarios must keep --initial benchmark"))
    # 3. report under ranges, every plan, with and without data and actuals; --output on an input.
    ranges = ["--capital-share", "0.4..0.6", "--depreciation", "0.04..0.07", "--growth-years", "2..4", "--draws", "500"]
    actuals = {"danang": "danang_EXAMPLE.csv", "gialai": "gialai_reported_2025.csv", "national": "national_EXAMPLE.csv",
               "nghean": "nghean_EXAMPLE.csv", "quangngai": "quangngai_EXAMPLE.csv", "thuathienhue": "thuathienhue_EXAMPLE.csv"}
    for plan in sorted(f for f in os.listdir(PLANS) if f.endswith(".toml")):
        a = os.path.join(PLANS, "actuals", actuals[plan.split("_")[0]])
        for extra in ([], ["--data", DANANG], ["--actuals", a], ["--data", DANANG, "--actuals", a]):
            for output in ("r.html", "r.xlsx"):
                out.append(Case(["report", os.path.join(PLANS, plan), "--as-of", "2024", "--output", output] + ranges + extra, expect=(0, 1)))
    c = p["plans_copy"]
    cplan = os.path.join(c, "danang_37-KH-UBND_2022.toml")
    inputs = [cplan, os.path.join(c, "data", "danang_2010_2022_DERIVED.csv"), os.path.join(c, "data", "danang.html"),
              os.path.join(c, "actuals", "danang_EXAMPLE.csv"), os.path.join(c, "actuals", "danang.xlsx"), os.path.join(c, "hardlink.html")]
    for target in [cplan, os.path.join(c, "data", "danang_2010_2022_DERIVED.csv"), os.path.join(c, "data", "danang.html"),
                   os.path.join(c, "link.html"), os.path.join(c, "hardlink.html"), os.path.join(c, "actuals", "danang.xlsx")]:
        # The data is the target itself, or the file the target links to (a symbolic or a hard link).
        data = os.path.join(c, "data", "danang.html") if os.path.basename(target) in ("danang.html", "link.html") else os.path.join(c, "data", "danang_2010_2022_DERIVED.csv")
        out.append(Case(["report", cplan, "--as-of", "2024", "--data", data, "--actuals", os.path.join(c, "actuals", "danang.xlsx"),
                         "--output", target] + ranges, expect=(2,), unchanged=inputs))
    out.append(Case(["check", os.path.join(PLANS, "gialai_2021-11-18.toml"), "--as-of", "2024", "--data", DANANG, "--lang", "en"],
                    expect=(0,), forbid=[r"the data region option"], why="a note should name the flag --data-region"))
    # 4. tfp run specs.
    for name, (path, code) in p["specs"].items():
        outdir = f"runout_{name}"
        out.append(Case(["run", path, "--output", outdir, "--quiet"], expect=(code,), check=manifest_errors_one_line(outdir)))
    out.append(Case(["run", p["specs"]["job_name_twice"][0], "--output", "runout_line"], expect=(2,), require=[r"job_name_twice\.toml:7:"],
                    why="the line of the second job's name"))
    out.append(Case(["run", os.path.join(os.path.dirname(p["specs"]["regions_each"][0]), "jobs_10000.toml"), "--output", "runout_10000", "--quiet"],
                    expect=(0,), budget=30, timeout=120, show_time=True))
    out.append(Case(["run", os.path.join(os.path.dirname(p["specs"]["regions_each"][0]), "jobs_10000_invalid_last.toml"), "--output", "runout_10000b"],
                    expect=(2,), budget=2, timeout=60, show_time=True, why="refusing a 10,000-job spec"))
    out.append(Case(["check", p["plan_1000_targets.toml"], "--as-of", "2024", "--format", "json"], expect=(0, 1), budget=2, timeout=60,
                    show_time=True, why="a plan of 1,000 targets (2,000 take over 20 s)"))
    # 5. Workbooks from the byte scanner.
    same = os.path.join(os.path.dirname(p["regions.csv"]), "xlsx", "same.csv")
    ref = ["productivity", same, "--format", "csv"]
    for name, (_, exp) in xlsx_mutations().items():
        f = os.path.join(os.path.dirname(same), f"{name}.xlsx")
        expect = {"same": (0,), "refuse": (2,), "same-or-refuse": (0, 2), "any": None}[exp]
        out.append(Case(["productivity", f, "--format", "csv"], expect=expect, same_as=ref if exp in ("same", "same-or-refuse") else None,
                        forbid=["\ufffd"]))
    return out


def judge(case, rc, out, err, seconds, folder, reference):
    """The first rule a finished case breaks, as (label, detail), or None."""
    if rc < 0 or rc >= 128 or "Fatal error" in err or "Swift runtime failure" in err:
        return f"CRASH {rc:4d}", err.splitlines()[0][:160] if err else ""
    if rc not in (0, 1, 2):
        return f"EXIT  {rc:4d}", err[:160]
    if rc == 2 and not (err.startswith("error: ") or err.startswith("Error: ")):
        return "UNCLEAR   ", err[:160]
    if rc == 2 and len(err) > 4096:
        return "LONG MSG  ", f"{len(err)} characters: {err[:120]}"
    if not isinstance(case, Case):
        return None
    head = (err.splitlines() or [""])[0][:160]
    if case.expect is not None and rc not in case.expect:
        return f"WRONG {rc:4d}", f"expected exit {'/'.join(map(str, case.expect))}{' (' + case.why + ')' if case.why else ''} | {head}"
    for path, digest in case.digests.items():
        if sha(path) != digest:
            return "CHANGED   ", f"{path.replace(folder + '/', '')} was modified"
    text = out + "\n" + err
    for pattern in case.forbid:
        if re.search(pattern, text):
            return "WORDING   ", f"{pattern!r} found{' (' + case.why + ')' if case.why else ''} | {head}"
    for pattern in case.require:
        if not re.search(pattern, text):
            return "MISSING   ", f"{pattern!r} not found{' (' + case.why + ')' if case.why else ''} | {head}"
    if case.same_as is not None and rc == 0 and out != reference:
        return "DIFFERS   ", f"standard output differs from {' '.join(case.same_as)[-60:]}"
    if case.check is not None:
        complaint = case.check(rc, out, err, folder)
        if complaint:
            return "WRONG     ", complaint + (f" ({case.why})" if case.why else "")
    if case.budget is not None and seconds > case.budget:
        return "SLOW      ", f"{seconds:.1f} s, budget {case.budget} s{' (' + case.why + ')' if case.why else ''}"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tfp", default=os.path.join(ROOT, ".build/release/tfp"))
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    bad = 0
    started = time.time()
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    with tempfile.TemporaryDirectory() as folder:
        paths = files(folder)
        today = files_today(folder)
        all_cases = [c for c in cases(paths) + cases_today(today) if args.only in " ".join(c)]
        references = {}
        for case in all_cases:
            reference = None
            if isinstance(case, Case):
                case.digests = {path: sha(path) for path in case.unchanged}
                if case.same_as is not None:
                    key = tuple(case.same_as)
                    if key not in references:
                        references[key] = subprocess.run([args.tfp] + case.same_as, capture_output=True, cwd=folder, env=env).stdout.decode("utf-8", "replace")
                    reference = references[key]
            timeout = case.timeout if isinstance(case, Case) and case.timeout else args.timeout
            short = " ".join(a if len(a) < 80 else a[:40] + "…" for a in case).replace(folder + "/", "")
            t0 = time.time()
            try:
                r = subprocess.run([args.tfp] + case, capture_output=True, timeout=timeout, cwd=folder, env=env)
            except subprocess.TimeoutExpired:
                print(f"HANG       {short[:220]} | over {timeout:.0f} s")
                bad += 1
                continue
            seconds = time.time() - t0
            err = r.stderr.decode("utf-8", "replace").strip()
            out = r.stdout.decode("utf-8", "replace")
            verdict = judge(case, r.returncode, out, err, seconds, folder, reference)
            if verdict:
                print(verdict[0], short, "|", verdict[1])
                bad += 1
            elif os.environ.get("SWEEP_VERBOSE"):
                print(f"ok    {r.returncode:4d}", short, "|", (err.splitlines() or [""])[0][:200])
            if isinstance(case, Case) and case.show_time:
                print(f"TIME       {seconds:6.2f} s  exit {r.returncode}  {short[:120]}")
        print(f"{len(all_cases)} cases, {bad} failing ({time.time() - started:.0f} s)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
