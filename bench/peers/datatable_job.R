# The transition job in R data.table, as an analyst would write it.
#
# usage: Rscript datatable_job.R FILE
#
# fread, key by entity and year, shift by entity (a missing year breaks the
# chain), table of (previous tier, tier), rows normalised. Prints
# from,to,count,probability. Two threads, like DuckDB (the machine has two
# cores).
suppressPackageStartupMessages(library(data.table))
setDTthreads(2L)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1L) stop("usage: datatable_job.R FILE")

d <- fread(args[1], colClasses = c(tier = "character"), na.strings = c("", "NA"))
d <- d[!is.na(tier)]
setkey(d, iso3, year)
d[, `:=`(prev_tier = shift(tier), prev_year = shift(year)), by = iso3]
p <- d[year - prev_year == 1L]
counts <- table(from = p$prev_tier, to = p$tier)
prob <- prop.table(counts, 1L)

out <- as.data.table(counts)
setnames(out, "N", "count")
out[, probability := as.vector(prob[cbind(from, to)])]
setorder(out, from, to)
fwrite(out, "", quote = FALSE)
