#!/usr/bin/env Rscript
# Cross-check of tiertrend's one-year transition matrix and steady state
# against the R package markovchain (Debian: r-cran-markovchain).
#
#   Rscript bench/crosscheck_markovchain.R [TIERTREND] [DATA.csv]
#
# TIERTREND defaults to build/tiertrend, DATA to datasets/tip_tiers.csv
# (both relative to the source tree). Each country's reports are split
# into runs of consecutive years, since a gap breaks the chain; the runs
# go to markovchainFit as a list of sequences (maximum likelihood = the
# row shares of the pooled counts). Prints both results and the largest
# differences; exits 1 when any differs by more than 1e-9.
# Not part of the test suite: it needs R and markovchain.

suppressPackageStartupMessages(library(markovchain))

args <- commandArgs(trailingOnly = TRUE)
bin <- if (length(args) >= 1) args[1] else "build/tiertrend"
data <- if (length(args) >= 2) args[2] else "datasets/tip_tiers.csv"
tol <- 1e-9

d <- read.csv(data, colClasses = "character", na.strings = c("", "NA", "N/A", "-"))
d <- d[!is.na(d$tier), ]
d$year <- as.integer(d$year)
key <- ifelse(is.na(d$iso3) | d$iso3 == "", d$country, d$iso3)

runs <- list()
for (k in unique(key)) {
  x <- d[key == k, ]
  x <- x[order(x$year), ]
  brk <- c(TRUE, diff(x$year) != 1)   # a new run after every gap
  id <- cumsum(brk)
  for (r in unique(id)) {
    s <- x$tier[id == r]
    if (length(s) >= 2) runs[[length(runs) + 1]] <- s
  }
}
fit <- markovchainFit(data = runs, method = "mle")
P_r <- fit$estimate@transitionMatrix
ss_r <- steadyStates(fit$estimate)[1, ]
states <- rownames(P_r)
cat(sprintf("markovchain %s: %d runs of consecutive reports, %d pairs\n",
            as.character(packageVersion("markovchain")), length(runs),
            sum(sapply(runs, length) - 1)))

run_csv <- function(...) {
  out <- system2(bin, c(..., "--data", data, "--format", "csv", "--quiet"),
                 stdout = TRUE)
  if (!is.null(attr(out, "status"))) stop("tiertrend failed: ", paste(...))
  read.csv(text = paste(out, collapse = "\n"), colClasses = c(from = "character",
           to = "character"))
}
tt <- run_csv("transitions", "--table", "transitions")
st <- read.csv(text = paste(system2(bin, c("markov", "--data", data, "--format",
               "csv", "--table", "steady", "--quiet"), stdout = TRUE),
               collapse = "\n"), colClasses = c(state = "character"))

P_t <- matrix(NA_real_, length(states), length(states),
              dimnames = list(states, states))
for (r in seq_len(nrow(tt))) P_t[tt$from[r], tt$to[r]] <- tt$probability[r]
ss_t <- setNames(st$probability, st$state)[states]
cat(sprintf("tiertrend: %d pairs\n\n", sum(tt$count)))

cat("One-year matrix, markovchain (rows from, columns to):\n")
print(round(P_r, 6))
cat("\nOne-year matrix, tiertrend:\n")
print(round(P_t, 6))
cat("\nSteady state:\n")
print(rbind(markovchain = round(ss_r, 8), tiertrend = round(ss_t, 8)))

dP <- max(abs(P_r - P_t))
dS <- max(abs(ss_r - ss_t))
cat(sprintf("\nlargest difference, matrix:       %.3e\n", dP))
cat(sprintf("largest difference, steady state: %.3e\n", dS))
ok <- is.finite(dP) && is.finite(dS) && dP <= tol && dS <= tol
cat(if (ok) sprintf("PASS: agreement to %g\n", tol) else
      sprintf("FAIL: difference above %g\n", tol))
quit(status = if (ok) 0 else 1)
