"""HC0, HC2 and HC3 standard errors of OLS on the Produc panel for LinearModelTests (statsmodels 0.15.0):
    python3 produc_hc_statsmodels.py > produc_hc_statsmodels.csv
"""
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

df = pd.read_csv("../../../Datasets/international/us_states_produc_1970_1986.csv")
fit = smf.ols("np.log(gsp) ~ np.log(pcap) + np.log(pc) + np.log(emp) + unemp", data=df)
names = ["(Intercept)", "log(pcap)", "log(pc)", "log(emp)", "unemp"]
print("term,estimate,hc0,hc1,hc2,hc3")
res = {t: fit.fit(cov_type=t) for t in ["HC0", "HC1", "HC2", "HC3"]}
for k, name in enumerate(names):
    print(",".join([name, repr(float(res["HC0"].params.iloc[k]))] + [repr(float(res[t].bse.iloc[k])) for t in ["HC0", "HC1", "HC2", "HC3"]]))
