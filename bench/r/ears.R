# EARS C1/C2/C3 (surveillance::earsC on one sts with all series) on the bench input; timed with system.time around
# earsC only (not the CSV read). Usage: Rscript ears.R INPUT.csv OUTDIR NSAMPLE
# Prints "TIME ears_C1 <s>" etc.; writes OUTDIR/r_ears_<method>.csv (series,t,upperbound,alarm) for the first NSAMPLE series.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(surveillance))
d <- read.csv(args[1], check.names = FALSE)
nsample <- as.integer(args[3])
m <- as.matrix(d[, setdiff(names(d), "t"), drop = FALSE])
s <- sts(observed = m, frequency = 365)
for (meth in c("C1", "C2", "C3")) {
  # alpha omitted: earsC uses 0.001 for C1/C2 and 0.025 for C3 (as the CLI default)
  el <- system.time(res <- earsC(s, control = list(method = meth, baseline = 7)))[["elapsed"]]
  cat(sprintf("TIME ears_%s %.6f\n", meth, el))
  k <- min(nsample, ncol(m))
  ub <- upperbound(res)[, 1:k, drop = FALSE]
  al <- alarms(res)[, 1:k, drop = FALSE]
  t <- (nrow(m) - nrow(ub) + 1):nrow(m) # the default range is the tail of the series; epoch(res) restarts at 1
  out <- data.frame(series = rep(colnames(m)[1:k], each = nrow(ub)), t = rep(t, k), upperbound = as.vector(ub), alarm = as.vector(al))
  write.csv(out, file.path(args[2], sprintf("r_ears_%s.csv", meth)), row.names = FALSE)
}
