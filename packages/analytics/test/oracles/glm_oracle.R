# GLM oracle: R's glm (quasipoisson / poisson, log link) with prior weights and offset, summary.glm and predict.glm.
# Run (from this folder): Rscript glm_oracle.R   (R 4.2.2). Writes ../fixtures/glm_oracle_*.csv
suppressMessages(library(surveillance))
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
data("salmonella.agona"); y <- salmonella.agona$observed[1:120]
n <- length(y)
t <- seq_len(n)
season <- factor((t - 1) %% 4)
w <- 0.5 + ((t * 37) %% 11) / 10            # deterministic prior weights
off <- log(1000 + 10 * t)                    # offset
cases <- list(
  qp_trend = list(formula = y ~ t, family = quasipoisson(), weights = NULL, offset = NULL),
  qp_factor_w = list(formula = y ~ t + season, family = quasipoisson(), weights = w, offset = NULL),
  pois_offset = list(formula = y ~ t + season, family = poisson(), weights = NULL, offset = off),
  qp_all = list(formula = y ~ t + season, family = quasipoisson(), weights = w, offset = off)
)
rows_fit <- NULL; rows_obs <- NULL
for (nm in names(cases)) {
  cs <- cases[[nm]]
  d <- data.frame(y = y, t = t, season = season, w = if (is.null(cs$weights)) 1 else cs$weights, off = if (is.null(cs$offset)) 0 else cs$offset)
  m <- glm(cs$formula, data = d, family = cs$family, weights = w, offset = off)
  s <- summary(m)
  nd <- data.frame(t = n + 3, season = factor(2, levels = levels(season)), w = 1, off = if (is.null(cs$offset)) 0 else log(1000 + 10 * (n + 3)))
  pl <- predict(m, newdata = nd, type = "link", se.fit = TRUE)
  pr <- predict(m, newdata = nd, type = "response", se.fit = TRUE)
  co <- s$coefficients
  rows_fit <- rbind(rows_fit, data.frame(case = nm, term = rownames(co), estimate = f17(co[, 1]), se = f17(co[, 2]), stat = f17(co[, 3]), p = f17(co[, 4]),
    dispersion = f17(s$dispersion), deviance = f17(m$deviance), null_deviance = f17(m$null.deviance), df_residual = m$df.residual,
    iter = m$iter, pred_link = f17(pl$fit), pred_link_se = f17(pl$se.fit), pred_resp = f17(pr$fit), pred_resp_se = f17(pr$se.fit)))
  rows_obs <- rbind(rows_obs, data.frame(case = nm, i = t, fitted = f17(fitted(m)), hat = f17(hatvalues(m)), working_weights = f17(m$weights), working_residuals = f17(m$residuals)))
}
write.csv(data.frame(t = t, y = y, season = as.integer(as.character(season)), weight = f17(w), offset = f17(off)), "../fixtures/glm_oracle_input.csv", row.names = FALSE, quote = FALSE)
write.csv(rows_fit, "../fixtures/glm_oracle_coefficients.csv", row.names = FALSE, quote = FALSE)
write.csv(rows_obs, "../fixtures/glm_oracle_observations.csv", row.names = FALSE, quote = FALSE)
