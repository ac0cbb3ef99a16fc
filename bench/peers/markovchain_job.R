# The transition job with R's markovchain package: markovchainFit (maximum
# likelihood) on the per-entity sequences.
#
# usage: Rscript markovchain_job.R FILE
#
# The file is read with data.table's fread (fast, so the time measured is
# markovchain's). A missing year breaks the chain, so each entity's history
# is cut into runs of consecutive years and every run is one sequence given
# to markovchainFit. Prints from,to,probability (markovchainFit returns the
# estimated matrix, not the counts).
suppressPackageStartupMessages({
  library(data.table)
  library(markovchain)
})
setDTthreads(2L)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1L) stop("usage: markovchain_job.R FILE")

d <- fread(args[1], colClasses = c(tier = "character"), na.strings = c("", "NA"))
d <- d[!is.na(tier)]
setkey(d, iso3, year)
run <- cumsum(d$iso3 != shift(d$iso3, fill = "") |
              d$year != shift(d$year, fill = NA_integer_) + 1L |
              is.na(shift(d$year)))
seqs <- split(d$tier, run)
seqs <- seqs[lengths(seqs) >= 2L] # a run of one year has no pair

fit <- markovchainFit(data = seqs, method = "mle")
P <- fit$estimate@transitionMatrix
out <- CJ(from = rownames(P), to = colnames(P))
out[, probability := P[cbind(from, to)]]
fwrite(out, "", quote = FALSE)
