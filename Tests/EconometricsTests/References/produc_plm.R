# Reference values for EconometricsTests: one-way within estimator on the US
# states production panel (Munnell 1990), with R's plm.
# Regenerate: Rscript Tests/EconometricsTests/References/produc_plm.R > Tests/EconometricsTests/References/produc_plm.txt
library(plm)
d <- read.csv("Datasets/international/us_states_produc_1970_1986.csv")
p <- pdata.frame(d, index = c("state", "year"))
m <- plm(log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp, data = p, model = "within", effect = "individual")
s <- summary(m)$coefficients
cat("# plm", as.character(packageVersion("plm")), "R", R.version$major, R.version$minor, "\n")
cat("# name estimate std_error (iid, df = n - K - states)\n")
for (i in seq_len(nrow(s))) cat(rownames(s)[i], sprintf("%.17g", s[i, 1]), sprintf("%.17g", s[i, 2]), "\n")
cat("nobs", nobs(m), "\n")
cat("r2_within", sprintf("%.17g", summary(m)$r.squared[["rsq"]]), "\n")
