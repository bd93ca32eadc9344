"""Reference values of Student's t for StudentTTests (scipy 1.17.1, itself on the Cephes/Boost
incomplete beta; R's pt/qt agree to ~1e-15):
    python3 student_t_scipy.py > student_t_scipy.csv
"""
from scipy import stats
print("t,df,two_sided_p,p,quantile")
for df in [1, 2, 3, 5, 10, 30, 47, 100, 1000]:
    for t, p in [(0.5, 0.6), (1.0, 0.9), (1.96, 0.95), (2.5, 0.975), (4.0, 0.995), (8.0, 0.9995)]:
        print(f"{t},{df},{float(2 * stats.t.sf(t, df))!r},{p},{float(stats.t.ppf(p, df))!r}")
