"""Reference Malmquist indices for ProductivityTests from deapack 2.0.1 (PyPI).

Data: Penn World Table 10.01, Asian subset (Datasets/international/pwt1001_asia.csv),
2014-2019, countries with all of rgdpna, rnna and emp: output rgdpna; inputs rnna
(capital stock) and emp (persons engaged). Adjacent-period, geometric-mean
Malmquist (Färe, Grosskopf, Norris & Zhang 1994), output orientation; CRS
frontier for the index; VRS efficiency change for the pure/scale split (DEAP 2.1).

Regenerate (from the repository root):
    python3 Tests/ProductivityTests/References/malmquist_deapack.py > Tests/ProductivityTests/References/malmquist_deapack.csv
"""
import sys

import pandas as pd
from deapack.analysis.productivity import MalmquistProductivityIndex
from deapack.data import DEAData

d = pd.read_csv("Datasets/international/pwt1001_asia.csv")
d = d[(d.year >= 2014) & (d.year <= 2019)].dropna(subset=["rgdpna", "rnna", "emp"])
data = DEAData.from_frame(d, inputs=["rnna", "emp"], outputs=["rgdpna"], dmu="country", period="year")
crs = MalmquistProductivityIndex(orientation="output", returns_to_scale="crs").fit(data)
a = crs.summary_frame.set_index(["dmu_id", "base_period"])
cols = ["comparison_period", "productivity_change", "efficiency_change", "technical_change",
        "distance_base_on_base", "distance_comparison_on_base", "distance_base_on_comparison", "distance_comparison_on_comparison"]
out = a[cols].copy()
# Own-period VRS efficiencies (BCC, output orientation), period by period: the Malmquist
# VRS fit leaves a transition empty when a cross-period VRS programme is infeasible.
from deapack.models.radial import BCCOutput
vrs_eff = {}
for year, g in d.groupby("year"):
    res = BCCOutput().fit(DEAData.from_frame(g, inputs=["rnna", "emp"], outputs=["rgdpna"], dmu="country")).summary_frame
    for _, row in res.iterrows():
        vrs_eff[(row["dmu_id"], year)] = row["efficiency"]
keys = out.index.to_list()
out["vrs_base_on_base"] = [vrs_eff[(k[0], k[1])] for k in keys]
out["vrs_comparison_on_comparison"] = [vrs_eff[(k[0], c)] for k, c in zip(keys, out["comparison_period"])]
out["pure_efficiency_change"] = out.vrs_comparison_on_comparison / out.vrs_base_on_base
out["scale_efficiency_change"] = out.efficiency_change / out.pure_efficiency_change
pd.set_option("display.precision", 17)
out.reset_index().to_csv(sys.stdout, index=False, float_format="%.15g")
