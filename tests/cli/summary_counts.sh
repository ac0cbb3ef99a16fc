#!/usr/bin/env bash
# `summary --format csv` must give, per year and tier, the counts of rows
# in the bundled datasets/tip_tiers.csv, counted here independently (awk)
# and against the published totals in tip_tiers_counts.csv.
set -eu
bin=$1
data=$(cd "$(dirname "$0")/../../datasets" && pwd)
ours=$(mktemp) theirs=$(mktemp) pub=$(mktemp)
trap 'rm -f "$ours" "$theirs" "$pub"' EXIT
"$bin" summary --format csv --quiet | awk -F, 'NR > 1 { print $1 "," $2 "," $4 }' | sort >"$ours"
awk -F, 'NR > 1 { n[$(NF-1) "," $NF]++ } END { for (k in n) print k "," n[k] }' \
  "$data/tip_tiers.csv" | sort >"$theirs"
# tiertrend also lists zero counts; the raw count has no zero rows.
grep -v ',0$' "$ours" | diff - "$theirs"
awk -F, 'NR > 1 { print $1 ",1," $2; print $1 ",2," $3; print $1 ",2WL," $4;
                  print $1 ",3," $5; print $1 ",SC," $6 }' \
  "$data/tip_tiers_counts.csv" | sort >"$pub"
diff "$ours" "$pub"
echo "per-year counts agree: $(wc -l <"$ours") year-tier cells"
