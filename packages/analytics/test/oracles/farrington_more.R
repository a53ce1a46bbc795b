# Extra oracles for farringtonFlexible on more of surveillance's shipped series and configurations.
# Run (from this folder): Rscript farrington_more.R   (R 4.2.2, surveillance 1.20.3 from Debian r-cran-surveillance)
# Writes ../fixtures/farrington_more_inputs.csv and ../fixtures/farrington_more_surveillance.csv
suppressMessages(library(surveillance))
get_data <- function(nm) { e <- new.env(); data(list = nm, envir = e); x <- get(nm, envir = e); if (is(x, "disProg")) disProg2sts(x) else x }
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

series <- list()
add <- function(name, y, freq, dates = NULL) series[[name]] <<- list(y = as.numeric(y), freq = freq, dates = dates)
add("shadar", observed(get_data("shadar"))[, 1], 52)
add("ha_sum", rowSums(observed(get_data("ha.sts"))), 52)
im <- observed(get_data("influMen")); add("influenza", im[, 1], 52); add("meningococcal", im[, 2], 52)
add("campyDE", get_data("campyDE")$case, 52)
mo <- get_data("momo"); add("momo_75_84", observed(mo)[, 7], 52)
add("fluBYBW_1", observed(get_data("fluBYBW"))[, 1], 52)
add("meningo_age_1", observed(get_data("meningo.age"))[, 1], 12)
sn <- get_data("salmNewport"); add("salmNewport_sum_dates", rowSums(observed(sn)), 52, format(epoch(sn), "%Y-%m-%d"))
rb <- get_data("rotaBB"); add("rotaBB_1_dates", observed(rb)[, 1], 12, format(epoch(rb), "%Y-%m-%d"))

weekly <- list(
  defaults = list(),
  farrington_like = list(b = 4, w = 3, noPeriods = 1, weightsThreshold = 1, pastWeeksNotIncluded = 3, pThresholdTrend = 0.05, alpha = 0.1),
  noufaily_delta = list(b = 4, w = 3, noPeriods = 10, weightsThreshold = 2.58, pastWeeksNotIncluded = 26, pThresholdTrend = 1, alpha = 0.1),
  noufaily_nbPlugin = list(b = 4, w = 3, noPeriods = 10, weightsThreshold = 2.58, pastWeeksNotIncluded = 26, pThresholdTrend = 1, alpha = 0.1, thresholdMethod = "nbPlugin"),
  muan = list(b = 3, w = 2, noPeriods = 5, thresholdMethod = "muan", alpha = 0.025),
  sqrt_noreweight = list(b = 3, w = 2, powertrans = "1/2", reweight = FALSE, limit54 = c(3, 3)),
  none_notrend = list(b = 5, w = 4, powertrans = "none", trend = FALSE),
  popoffset = list(b = 4, w = 3, populationOffset = TRUE)
)
monthly <- list(
  m_defaults = list(b = 5, w = 1),
  m_noufaily = list(b = 4, w = 1, noPeriods = 4, weightsThreshold = 2.58, pastWeeksNotIncluded = 6, pThresholdTrend = 1, alpha = 0.1, thresholdMethod = "nbPlugin"),
  m_delta_np3 = list(b = 3, w = 2, noPeriods = 3, powertrans = "1/2")
)

inputs <- NULL
out <- NULL
for (sname in names(series)) {
  s <- series[[sname]]
  n <- length(s$y)
  pop <- round(1e5 * (1 + 0.002 * seq_len(n)) + 500 * sin(seq_len(n)))
  inputs <- rbind(inputs, data.frame(series = sname, freq = s$freq, t = seq_len(n), observed = s$y, population = pop,
                                     date = if (is.null(s$dates)) "NA" else s$dates))
  cfgs <- if (s$freq == 52) weekly else monthly
  for (cname in names(cfgs)) {
    ctl <- cfgs[[cname]]
    b <- if (is.null(ctl$b)) 5 else ctl$b
    w <- if (is.null(ctl$w)) 3 else ctl$w
    first <- s$freq * b + w + 1
    if (first > n) next
    ctl$range <- max(first, n - 59):n
    if (is.null(s$dates)) {
      x <- sts(observed = matrix(s$y, ncol = 1), frequency = s$freq, population = matrix(pop, ncol = 1))
    } else {
      x <- sts(observed = matrix(s$y, ncol = 1), epoch = as.Date(s$dates), epochAsDate = TRUE, frequency = s$freq, population = matrix(pop, ncol = 1))
    }
    res <- tryCatch(suppressWarnings(farringtonFlexible(x, control = ctl)), error = function(e) e)
    if (inherits(res, "error")) { cat(sname, cname, "ERROR", conditionMessage(res), "\n"); next }
    cc <- res@control
    out <- rbind(out, data.frame(series = sname, config = cname, t = ctl$range, observed = s$y[ctl$range],
      upperbound = f17(upperbound(res)[, 1]), alarm = ifelse(is.na(alarms(res)[, 1]), "NA", ifelse(alarms(res)[, 1], "TRUE", "FALSE")),
      expected = f17(cc$expected[, 1]), pvalue = f17(cc$pvalue[, 1]), score = f17(cc$score[, 1]), trend = f17(cc$trend[, 1]),
      trendVector = f17(cc$trendVector[, 1]), phi = f17(cc$phiVector[, 1]), mu0 = f17(cc$mu0Vector[, 1])))
  }
}
write.csv(inputs, "../fixtures/farrington_more_inputs.csv", row.names = FALSE, quote = FALSE)
write.csv(out, "../fixtures/farrington_more_surveillance.csv", row.names = FALSE, quote = FALSE)
cat("rows", nrow(out), "\n")
print(table(out$series, out$config))
