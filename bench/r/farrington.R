# farringtonFlexible with the package defaults (b = 5, w = 3, reweight, weightsThreshold 2.58, alpha 0.05, trend,
# limit54 c(5,4), powertrans 2/3, noPeriods 1, pastWeeksNotIncluded = w, delta; range NULL = (52*5+3+1):n) on one
# weekly sts holding all series; timed with system.time around farringtonFlexible only.
# Usage: Rscript farrington.R INPUT.csv OUTDIR NSAMPLE → "TIME farrington <s>", OUTDIR/r_farrington.csv
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(surveillance))
d <- read.csv(args[1], check.names = FALSE)
nsample <- as.integer(args[3])
m <- as.matrix(d[, setdiff(names(d), "t"), drop = FALSE])
s <- sts(observed = m, frequency = 52)
el <- system.time(res <- farringtonFlexible(s))[["elapsed"]]
cat(sprintf("TIME farrington %.6f\n", el))
k <- min(nsample, ncol(m))
ub <- upperbound(res)[, 1:k, drop = FALSE]
al <- alarms(res)[, 1:k, drop = FALSE]
t <- (nrow(m) - nrow(ub) + 1):nrow(m) # the default range is the tail of the series; epoch(res) restarts at 1
out <- data.frame(series = rep(colnames(m)[1:k], each = nrow(ub)), t = rep(t, k), upperbound = as.vector(ub), alarm = as.vector(al))
write.csv(out, file.path(args[2], "r_farrington.csv"), row.names = FALSE)
