"""Writes every bundled long CSV panel as .xlsx by two real producers (issue 11, "round trip"):
openpyxl (numbers as numbers, text as shared strings) and LibreOffice Calc
(`soffice --headless --convert-to xlsx`, its own CSV import). The test
WorkbookRoundTripTests runs the commands on the CSV and on both workbooks and requires
identical output.

    cd Tests/TFPCLITests/RoundTrip && python3 make_roundtrip.py
    (needs openpyxl from PyPI and Debian's libreoffice-calc-nogui; made with openpyxl 3.1.5
    and LibreOffice 7.4.7 on Debian 12)
"""
import csv
import os
import shutil
import subprocess
import tempfile

import openpyxl

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
PANELS = {
    "national": "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv",
    "danang": "Datasets/plans/data/danang_2010_2022_DERIVED.csv",
    "hue": "Datasets/plans/data/thuathienhue_lp_2020_2021_DERIVED.csv",
    "provinces": "Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv",
    "produc": "Datasets/international/us_states_produc_1970_1986.csv",
    "pwt_asia": "Datasets/international/pwt1001_asia.csv",
}


def number(text):
    try:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    except ValueError:
        return text


for name, path in PANELS.items():
    with open(os.path.join(ROOT, path), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    ws.append(rows[0])
    for row in rows[1:]:
        ws.append([number(c) if c != "" else None for c in row])
    wb.save(f"{name}_openpyxl.xlsx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, f"{name}_libreoffice.csv")
            shutil.copy(os.path.join(ROOT, path), source)
            # The CSV filter told its encoding (76 = UTF-8; 44 = comma, 34 = quote, line 1 first): without it
            # LibreOffice reads the file in the locale's charset and turns Vietnamese names into mojibake.
            subprocess.run([soffice, "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", ".", source], check=True,
                           capture_output=True, timeout=120)
print("written:", sorted(f for f in os.listdir(".") if f.endswith(".xlsx")))
