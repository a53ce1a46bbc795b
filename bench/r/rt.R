# EpiEstim::estimate_R(method = "parametric_si") per series, SI mean 5.2 sd 2.8, weekly sliding windows
# (t_start 2:(T-6), t_end 8:T = EpiEstim's default, given explicitly so that no message is printed per call);
# timed with system.time around the loop of estimate_R calls only.
# Usage: Rscript rt.R INPUT.csv OUTDIR NSAMPLE → "TIME rt <s>", OUTDIR/r_rt.csv (first NSAMPLE series)
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(EpiEstim))
d <- read.csv(args[1], check.names = FALSE)
nsample <- as.integer(args[3])
m <- as.matrix(d[, setdiff(names(d), "t"), drop = FALSE])
T <- nrow(m)
cfg <- make_config(list(mean_si = 5.2, std_si = 2.8, t_start = 2:(T - 6), t_end = 8:T))
res <- vector("list", ncol(m))
el <- system.time(suppressWarnings(for (j in seq_len(ncol(m))) res[[j]] <- estimate_R(m[, j], method = "parametric_si", config = cfg)$R))[["elapsed"]]
cat(sprintf("TIME rt %.6f\n", el))
k <- min(nsample, ncol(m))
out <- do.call(rbind, lapply(1:k, function(j) cbind(series = colnames(m)[j], res[[j]])))
write.csv(out, file.path(args[2], "r_rt.csv"), row.names = FALSE)
