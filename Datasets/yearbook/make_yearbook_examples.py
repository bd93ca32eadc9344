"""Builds the yearbook-style EXAMPLE tables from the long GSO table
../vietnam/provinces_labour_force_2005_2021.csv (GSO PX-Web V02.34, labour force aged 15+,
thousand persons; 2021 preliminary). The numbers are GSO's; only the layout is made up, as
the statistical yearbook prints it: title rows, a unit, one column per year with "Sơ bộ 2021"
for the preliminary year, the country total and socio-economic regions between the provinces,
".." where a province did not exist (Hà Tây, merged into Hà Nội in 2008), a source note below.

    python3 make_yearbook_examples.py      (needs openpyxl for the .xlsx)
"""
import csv

import openpyxl

YEARS = [2017, 2018, 2019, 2020, 2021]
ROWS = ["CẢ NƯỚC", "Đồng bằng sông Hồng", "Hà Nội", "Hà Tây", "Vĩnh Phúc", "Bắc Ninh", "Quảng Ninh",
        "Trung du và miền núi phía Bắc", "Hà Giang", "Cao Bằng"]

values = {}
with open("../vietnam/provinces_labour_force_2005_2021.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["value"]:
            values[(row["Địa phương"], int(row["year"]))] = float(row["value"])


def header(year):
    return f"Sơ bộ {year}" if year == 2021 else str(year)


def vietnamese(x):
    # 11436.7 -> 11.436,7 (the yearbook's own style), every published decimal kept
    whole, frac = repr(x).split(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ".".join(groups) + ("," + frac if frac != "0" else "")


with open("EXAMPLE_labour_force_wide.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, delimiter=";")
    w.writerow(["Lực lượng lao động từ 15 tuổi trở lên phân theo địa phương"])
    w.writerow(["Labour force at 15 years of age and above by province"])
    w.writerow(["Đơn vị tính: Nghìn người"])
    w.writerow([])
    w.writerow(["Địa phương"] + [header(y) for y in YEARS])
    for name in ROWS:
        w.writerow([name] + [vietnamese(values[(name, y)]) if (name, y) in values else ".." for y in YEARS])
    w.writerow([])
    w.writerow(["Nguồn: Tổng cục Thống kê, PX-Web V02.34; số liệu 2021 là sơ bộ."])

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Lao động"
ws["A1"] = "Lực lượng lao động từ 15 tuổi trở lên phân theo địa phương (Nghìn người)"
ws.merge_cells("A1:F1")
ws.append([])
ws.append(["Địa phương"] + [header(y) for y in YEARS])
for name in ROWS:
    ws.append([name] + [values.get((name, y), "..") for y in YEARS])
ws.append([])
ws.append(["Nguồn: Tổng cục Thống kê, PX-Web V02.34"])
wb.save("EXAMPLE_labour_force_wide.xlsx")
