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

# GRDP at current prices (billion VND), the same units in the same layout, from
# ../vietnam/derived/provinces_2018_2021_DERIVED.csv (GSO per-capita GRDP × population,
# DERIVED; see Datasets/README.md): with the labour-force table above, a department's two
# yearbook tables that every command reads together (tfp productivity --yearbook
# output=… --yearbook employment=…).
GRDP_YEARS = [2018, 2019, 2020, 2021]
grdp = {}
with open("../vietnam/derived/provinces_2018_2021_DERIVED.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        grdp[(row["region"], int(row["year"]))] = float(row["grdp_current_bn_vnd"])
PROVINCES = [n for n in ROWS if any((n, y) in grdp for y in GRDP_YEARS)]
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "GRDP"
ws["A1"] = "Tổng sản phẩm trên địa bàn (GRDP) theo giá hiện hành phân theo địa phương"
ws.merge_cells("A1:E1")
ws["A2"] = "Đơn vị tính: Tỷ đồng"
ws.append([])
ws.append(["Địa phương"] + [f"Sơ bộ {y}" if y == 2021 else str(y) for y in GRDP_YEARS])
ws.append(["Đồng bằng sông Hồng"] + [sum(grdp.get((n, y), 0) for n in PROVINCES if n in ("Hà Nội", "Vĩnh Phúc", "Bắc Ninh", "Quảng Ninh")) for y in GRDP_YEARS])
for name in PROVINCES:
    ws.append([name] + [grdp.get((name, y), "..") for y in GRDP_YEARS])
ws.append([])
ws.append(["Nguồn: Tổng cục Thống kê; GRDP = GRDP bình quân đầu người × dân số (tính lại, DERIVED)."])
wb.save("EXAMPLE_grdp_wide.xlsx")

# Realised investment (state + non-state, billion VND, current prices; the FDI sector is not in
# the source: Datasets/README.md), 2016-2021, from ../vietnam/provinces_investment_panel_2016_2022.csv,
# provinces named through ../vietnam/provinces_reference.csv (GSO code -> name).
codes = {}
with open("../vietnam/provinces_reference.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        codes[int(row["gso_code"])] = row["name"]
INVESTMENT_YEARS = [2016, 2017, 2018, 2019, 2020, 2021]
investment = {}
with open("../vietnam/provinces_investment_panel_2016_2022.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        name, year = codes.get(int(row["id"])), int(row["year"])
        if name and row["investment_state_bn_vnd"] and row["investment_nonstate_private_bn_vnd"]:
            investment[(name, year)] = float(row["investment_state_bn_vnd"]) + float(row["investment_nonstate_private_bn_vnd"])
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Vốn đầu tư"
ws["A1"] = "Vốn đầu tư thực hiện trên địa bàn theo giá hiện hành (khu vực nhà nước và ngoài nhà nước)"
ws["A2"] = "Đơn vị tính: Tỷ đồng"
ws.append([])
ws.append(["Tỉnh/Thành phố"] + [str(y) for y in INVESTMENT_YEARS])
for name in PROVINCES:
    ws.append([name] + [investment.get((name, y), "..") for y in INVESTMENT_YEARS])
ws.append([])
ws.append(["Ghi chú: không gồm khu vực có vốn đầu tư trực tiếp nước ngoài."])
wb.save("EXAMPLE_investment_wide.xlsx")
