#!/usr/bin/env python3
"""Checks `tfp report` as a person sees it (issue 10), with real clients: the HTML page
is printed to PDF by headless Chromium (Debian `chromium`) and read back by `pdftotext`
(Debian `poppler-utils`); the workbook is read by openpyxl (PyPI).

    python3 scripts/check_reports.py [--tfp .build/debug/tfp] [--keep DIR]

For the bundled Đà Nẵng and Thừa Thiên Huế examples, in Vietnamese and English:
- the PDF pages are A4 portrait;
- the Vietnamese text survives with its diacritics (title, section heads, region);
- no word lies beyond the page's right edge (nothing overflows the width);
- every number of the workbook's plan sheet equals `tfp check --format csv`'s `actual`.
Exit 0 when all hold; 1 with the failures listed. Run by test.sh when Chromium is there.
"""
import argparse
import csv
import html as html_lib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
P = "Datasets/plans"
CASES = {
    "danang": ([f"{P}/danang_37-KH-UBND_2022.toml", "--as-of", "2024", "--actuals", f"{P}/actuals/danang_EXAMPLE.csv",
                "--data", f"{P}/data/danang_2010_2022_DERIVED.csv", "--depreciation", "0.05", "--growth-years", "3", "--capital-share", "0.5"],
               "Đà Nẵng"),
    "thuathienhue": ([f"{P}/thuathienhue_149-KH-UBND_2021.toml", "--as-of", "2021", "--actuals", f"{P}/actuals/thuathienhue_EXAMPLE.csv",
                      "--data", f"{P}/data/thuathienhue_lp_2020_2021_DERIVED.csv"],
                     "Thừa Thiên Huế"),
}
# Under uncertain assumptions (issue 12): the interval, the tornado chart and its table.
CASES["danang_ranges"] = ([f"{P}/danang_37-KH-UBND_2022.toml", "--as-of", "2024", "--actuals", f"{P}/actuals/danang_EXAMPLE.csv",
                           "--data", f"{P}/data/danang_2010_2022_DERIVED.csv", "--depreciation", "0.04..0.07", "--growth-years", "2..4",
                           "--capital-share", "0.4..0.6", "--draws", "2000"], "Đà Nẵng")
EXTRA_WORDS = {"danang_ranges": {"vi": ["Độ nhạy của tỷ trọng TFP", "Giả định nào quyết định kết quả", "Số năm tính vốn ban đầu"],
                                 "en": ["Sensitivity of the 2021 TFP share", "Which assumption decides the result", "initial-stock growth years"]}}
# Options of the report only (the plan's region among the 63 provinces).
REPORT_ONLY = {"danang": ["--benchmark", "Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv",
                          "--benchmark-column", "output=grdp_current_bn_vnd", "--benchmark-column", "employment=labour_force_thousand"]}
WORDS = {"vi": ["BÁO CÁO TÌNH HÌNH THỰC HIỆN", "Kết quả thực hiện các chỉ tiêu", "Phương pháp và lưu ý"],
         "en": ["REPORT ON THE PRODUCTIVITY PLAN", "Progress on the targets", "Methods and caveats"]}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tfp", default=os.path.join(ROOT, ".build/debug/tfp"))
    ap.add_argument("--keep", default=None)
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium or not shutil.which("pdftotext"):
        print("check_reports: chromium or pdftotext missing", file=sys.stderr)
        return 1
    import openpyxl
    failures = []
    out = args.keep or tempfile.mkdtemp()
    os.makedirs(out, exist_ok=True)
    for name, (options, region) in CASES.items():
        check = run([args.tfp, "check"] + options + ["--format", "csv"])
        if check.returncode != 0:
            failures.append(f"{name}: tfp check failed: {check.stderr.strip()}")
            continue
        actuals = [row["actual"] for row in csv.DictReader(io.StringIO(check.stdout))]
        for lang in ["vi", "en"]:
            html = os.path.join(out, f"{name}_{lang}.html")
            pdf = os.path.join(out, f"{name}_{lang}.pdf")
            xlsx = os.path.join(out, f"{name}_{lang}.xlsx")
            for target in (html, xlsx):
                r = run([args.tfp, "report"] + options + REPORT_ONLY.get(name, []) + ["--lang", lang, "--output", target])
                if r.returncode != 0:
                    failures.append(f"{name} {lang}: tfp report failed: {r.stderr.strip()}")
            if failures and not os.path.exists(html):
                continue
            r = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                                f"--print-to-pdf={pdf}", "file://" + html], capture_output=True, text=True, timeout=120)
            if not os.path.exists(pdf):
                failures.append(f"{name} {lang}: Chromium wrote no PDF: {r.stderr[-300:]}")
                continue
            info = run(["pdfinfo", pdf]).stdout
            size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
            if not size or abs(float(size.group(1)) - 595.3) > 2 or abs(float(size.group(2)) - 841.9) > 2:
                failures.append(f"{name} {lang}: pages are not A4 portrait ({size.group(0) if size else info})")
            text = run(["pdftotext", "-layout", pdf, "-"]).stdout
            for word in WORDS[lang] + [region] + EXTRA_WORDS.get(name, {}).get(lang, []):
                if word not in text:
                    failures.append(f"{name} {lang}: '{word}' is not in the printed text")
            # Nothing overflows: Chromium clips what is wider than the page, so every word of the
            # page's text (tables, notes; not the charts) must be in the printed text (line breaks
            # and hyphenation aside).
            with open(html, encoding="utf-8") as f:
                page = f.read()
            page = re.sub(r"<style>.*?</style>|<svg.*?</svg>|<title>.*?</title>", " ", page, flags=re.S)
            words = [w for w in re.findall(r"\w[\w.,%\-]*\w|\w", html_lib.unescape(re.sub(r"<[^>]+>", " ", page))) if len(w) >= 3]
            printed = re.sub(r"\s+", "", text).lower()
            # A word broken at a hyphen over two lines is present when its parts are.
            clipped = [w for w in words if w.lower() not in printed and not all(p.lower() in printed for p in w.split("-") if p)]
            if clipped:
                failures.append(f"{name} {lang}: {len(clipped)} word(s) of the page are not printed (clipped by overflow?), e.g. {clipped[:5]}")
            # The workbook's plan sheet against tfp check.
            book = openpyxl.load_workbook(xlsx, data_only=True)
            sheet = book.worksheets[0]
            rows = list(sheet.iter_rows(min_row=2, values_only=True))
            if name in EXTRA_WORDS and "tfp_sensitivity" not in " ".join(book.sheetnames).lower() and not any("nhạy" in n.lower() or "sensitiv" in n.lower() for n in book.sheetnames):
                failures.append(f"{name} {lang}: the workbook has no sensitivity sheet ({book.sheetnames})")
            if len(rows) != len(actuals):
                failures.append(f"{name} {lang}: the workbook has {len(rows)} target rows, tfp check {len(actuals)}")
            if sheet.freeze_panes != "A2":
                failures.append(f"{name} {lang}: the header row is not frozen")
            for k, (row, actual) in enumerate(zip(rows, actuals)):
                if row[0] != k + 1:
                    failures.append(f"{name} {lang}: row {k + 2} is numbered {row[0]}")
                shown = row[4]
                if actual == "":
                    if shown not in ("–", None):
                        failures.append(f"{name} {lang}: row {k + 2} shows {shown} where tfp check has no value")
                    continue
                value = float(actual)
                digits = re.sub(r"[^\d,.\-]", "", str(shown))
                number = float(digits.replace(".", "").replace(",", ".")) if lang == "vi" else float(digits.replace(",", ""))
                expected = value * 100 if str(shown).endswith("%") else value
                if abs(number - round(expected, 1)) > 0.051 and abs(number - expected) > 0.051:
                    failures.append(f"{name} {lang}: row {k + 2} shows {shown}, tfp check has {actual}")
    for f in failures:
        print("FAIL", f)
    print(f"check_reports: {len(CASES) * 2} reports, {len(failures)} failure(s); files in {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
