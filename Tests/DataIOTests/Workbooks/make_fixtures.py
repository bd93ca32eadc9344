"""Writes the workbook fixtures of WorkbookTests.swift with three real producers.

Run from this folder (pip install openpyxl==3.1.* xlsxwriter; apt-get install libreoffice-calc-nogui):
    python3 make_fixtures.py
The files are committed; this script documents how they were made. Values are the
first years of Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv
(GDP at constant 2010 prices, bn VND; employment, thousand persons) and Đà Nẵng's panel.
"""
import datetime
import os
import subprocess

import openpyxl
import xlsxwriter

ROWS = [
    ("Việt Nam", 2010, 2739843.2, 49124.1),
    ("Việt Nam", 2011, 2915553.9, 50352.0),
    ("Việt Nam", 2012, 3074717.7, 51422.4),
    ("Đà Nẵng", 2010, 49263.0, 494.5),
    ("Đà Nẵng", 2011, 53908.0, 503.8),
]

# 1. openpyxl: a title row and a merged title above the header, a hidden row, a date
#    column, a boolean column, Vietnamese text (shared strings), a second sheet.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Số liệu"
ws["A1"] = "Bảng 1. GDP và lao động"
ws.merge_cells("A1:F1")
ws.append([])
ws.append(["region", "year", "output", "employment", "published", "preliminary"])
for region, year, output, employment in ROWS:
    ws.append([region, year, output, employment, datetime.date(year + 1, 6, 30), year >= 2012])
ws.row_dimensions[5].hidden = True
notes = wb.create_sheet("Ghi chú")
notes["A1"] = "Nguồn: Tổng cục Thống kê"
wb.save("openpyxl_title_rows.xlsx")

# 2. xlsxwriter: header on row 1, a formula with its cached value, inline number formats,
#    an #N/A error in a column not read, numbers stored as numbers.
wb = xlsxwriter.Workbook("xlsxwriter_formulas.xlsx")
ws = wb.add_worksheet("Data")
thousands = wb.add_format({"num_format": "#,##0.0"})
ws.write_row(0, 0, ["region", "year", "output", "employment", "output_per_worker", "check"])
for r, (region, year, output, employment) in enumerate(ROWS, start=1):
    ws.write_string(r, 0, region)
    ws.write_number(r, 1, year)
    ws.write_number(r, 2, output, thousands)
    ws.write_number(r, 3, employment)
    ws.write_formula(r, 4, f"=C{r + 1}/D{r + 1}", None, output / employment)
    ws.write_formula(r, 5, "=NA()", None, "#N/A")
wb.close()

# 3. LibreOffice: the CSV of the same rows converted by soffice --headless --convert-to xlsx.
with open("libreoffice_source.csv", "w", encoding="utf-8") as f:
    f.write("region,year,output,employment\n")
    for region, year, output, employment in ROWS:
        f.write(f"{region},{year},{output},{employment}\n")
subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
                "libreoffice_source.csv"], check=True, stdout=subprocess.DEVNULL)
os.rename("libreoffice_source.xlsx", "libreoffice_converted.xlsx")
os.remove("libreoffice_source.csv")

# 4. openpyxl: a formula without a cached value (openpyxl does not calculate).
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["region", "year", "output", "employment"])
ws.append(["Việt Nam", 2010, "=1+1", 49124.1])
wb.save("openpyxl_uncalculated_formula.xlsx")
