"""Reference values for EconometricsTests from pyfixest (feols) on the US states
production panel (Munnell 1990; Datasets/international/us_states_produc_1970_1986.csv).

Regenerate (from the repository root):
    python3 Tests/EconometricsTests/References/produc_pyfixest.py > Tests/EconometricsTests/References/produc_pyfixest.json
"""
import json

import pandas as pd
import pyfixest as pf

d = pd.read_csv("Datasets/international/us_states_produc_1970_1986.csv")
d["state"] = d["state"].astype(str)
d["region"] = d["region"].astype(str)
d["year_fe"] = d["year"].astype(str)
models = {
    "oneway_iid": ("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state", "iid"),
    "oneway_hc1": ("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state", "hetero"),
    "oneway_cluster_state": ("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state", {"CRV1": "state"}),
    "twoway_cluster_region": ("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year_fe", {"CRV1": "region"}),
    "twoway_cluster_state_year": ("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp | state + year_fe", {"CRV1": "state+year_fe"}),
    "ols_hc1": ("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp + I(unemp**2)", "hetero"),
    "ols_cluster_region": ("log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp", {"CRV1": "region"}),
}
out = {"pyfixest": pf.__version__, "models": {}}
for key, (fml, vcov) in models.items():
    fit = pf.feols(fml, data=d, vcov=vcov, fixef_rm="singleton")
    tidy = fit.tidy()
    out["models"][key] = {
        "formula": fml,
        "vcov": vcov,
        "nobs": int(fit._N),
        "coefficients": {name: {"estimate": float(row["Estimate"]), "std_error": float(row["Std. Error"]),
                                "t": float(row["t value"]), "p": float(row["Pr(>|t|)"])}
                         for name, row in tidy.iterrows()},
        "r2": float(fit._r2),
        "r2_within": None if fit._r2_within is None or pd.isna(fit._r2_within) else float(fit._r2_within),
        "df_t": int(fit._df_t),
    }
print(json.dumps(out, indent=1))
