"""Small-sample corrections as a grid: pyfixest 0.60 feols on the US states production
panel (Munnell 1990; Datasets/international/us_states_produc_1970_1986.csv), every
ssc(k_adj, k_fixef, G_adj, G_df) combination for iid, HC1, one-way clustering with a
nested fixed effect and two-way clustering.

Regenerate (from the repository root):
    python3 Tests/EconometricsTests/References/produc_ssc_pyfixest.py > Tests/EconometricsTests/References/produc_ssc_pyfixest.json
"""
import itertools
import json

import pandas as pd
import pyfixest as pf

d = pd.read_csv("Datasets/international/us_states_produc_1970_1986.csv")
d["state"] = d["state"].astype(str)
d["region"] = d["region"].astype(str)
d["year_fe"] = d["year"].astype(str)
rhs = "log(pcap) + log(pc) + log(emp) + unemp"
models = {
    "ols_iid": (f"log(gsp) ~ {rhs}", "iid", "iid"),
    "oneway_iid": (f"log(gsp) ~ {rhs} | state", "iid", "iid"),
    "oneway_hc1": (f"log(gsp) ~ {rhs} | state", "hetero", "hc1"),
    "oneway_cluster_state": (f"log(gsp) ~ {rhs} | state", {"CRV1": "state"}, "cluster:state"),
    "twoway_cluster_region": (f"log(gsp) ~ {rhs} | state + year_fe", {"CRV1": "region"}, "cluster:region"),
    "twoway_cluster_state_year": (f"log(gsp) ~ {rhs} | state + year_fe", {"CRV1": "state+year_fe"}, "cluster:state+year_fe"),
}
out = {"pyfixest": pf.__version__, "cases": []}
for key, (fml, vcov, tfp_vcov) in models.items():
    for k_adj, k_fixef, G_adj, G_df in itertools.product([True, False], ["none", "nonnested", "full"], [True, False], ["min", "conventional"]):
        fit = pf.feols(fml, data=d, vcov=vcov, fixef_rm="singleton",
                       ssc=pf.ssc(k_adj=k_adj, k_fixef=k_fixef, G_adj=G_adj, G_df=G_df))
        tidy = fit.tidy()
        out["cases"].append({
            "model": key, "formula": fml, "vcov": tfp_vcov,
            "ssc": {"k_adj": k_adj, "k_fixef": k_fixef, "G_adj": G_adj, "G_df": G_df},
            "df_t": int(fit._df_t),
            "std_error": {name: float(row["Std. Error"]) for name, row in tidy.iterrows()},
        })
print(json.dumps(out, indent=1))
