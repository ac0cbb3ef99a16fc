#!/usr/bin/env bash
# `tiertrend report`: on the bundled data it writes every listed file, each
# CSV parses, each PNG has its signature and each SVG is well-formed; it
# replaces a previous report but never a folder that is not one; and a
# credit-rating panel on its own scale gets a report too.
set -u
bin=$1 csvcheck=$2
data=$(cd "$(dirname "$0")/../data" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

"$bin" report --quiet >stdout.txt 2>stderr.txt || fail "report exited $?: $(cat stderr.txt)"
grep -q '^Report: tiertrend-report/report.md, [0-9]* CSV tables, 10 charts' stdout.txt ||
  fail "stdout summary: $(cat stdout.txt)"
grep -q '^Two-year rule: after the 2025 report, 4 Watch List countries must leave' stdout.txt ||
  fail "at-risk line missing"
d=tiertrend-report
for f in report.md summary_counts.csv summary_changes.csv trends_countries.csv \
  trends_improved.csv trends_declined.csv transitions_transitions.csv \
  transitions_mobility.csv transitions_regions_test.csv transitions_periods_test.csv \
  transitions_order_test.csv spells_summary.csv spells_survival.csv \
  spells_hazard.csv rules_automatic.csv rules_at_risk.csv rules_by_country.csv \
  compare_ranking.csv compare_watch_list.csv compare_test.csv \
  markov_steady.csv markov_projection.csv markov_countries.csv; do
  [ -s "$d/$f" ] || fail "missing $f"
done
for c in distribution index flow timeline_movers groups heatmap survival \
  survival_by_group distribution_by_group projection; do
  png=$d/charts/$c.png svg=$d/charts/$c.svg
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "$png is not a PNG"
  xmllint --noout "$svg" 2>/dev/null || fail "$svg is not well-formed XML"
  grep -q "](charts/$c.png)" $d/report.md || fail "report.md does not show $c.png"
done
"$csvcheck" $d/*.csv >/dev/null || { "$csvcheck" $d/*.csv; fail "a CSV does not parse"; }
for h in "## Data and the latest report" "## Trends: who improved, who declined" \
  "## Transitions between tiers" "## Watch List persistence" \
  "## The two-year rule" "## Groups (regions) compared" "## Where the system is heading"; do
  grep -q "^$h" $d/report.md || fail "report.md lacks '$h'"
done

# A second run replaces the first whole, leaving no temporary folder.
touch $d/stale-file
"$bin" report --quiet --no-charts >/dev/null 2>&1 || fail "second run failed"
[ -e $d/stale-file ] && fail "old report not replaced"
[ -e $d/charts ] && fail "--no-charts still wrote charts"
ls -a | grep -q 'tiertrend-report\.' && fail "temporary folder left: $(ls -a)"

# A folder that is not a report is never replaced.
mkdir precious && echo keep >precious/notes.txt
"$bin" report --out precious >/dev/null 2>err.txt
code=$?
[ $code = 73 ] || fail "report into a non-report folder exited $code"
grep -q 'precious exists and is not a tiertrend report folder' err.txt || fail "message: $(cat err.txt)"
[ "$(cat precious/notes.txt)" = keep ] || fail "precious/notes.txt changed"
ls -a | grep -q 'precious\.' && fail "temporary folder left beside precious"

# Not TIP-only: a credit-rating panel on its own scale.
"$bin" report --data "$data/credit_panel.csv" --scale "$data/credit_scale.csv" \
  --col-group sector --out credit --quiet >credit.txt 2>&1 || fail "credit report: $(cat credit.txt)"
grep -q '^# Ordinal ratings: report, 2015-2020' credit/report.md || fail "credit report.md title"
grep -q '^How to read: lower is better (AAA = 1, AA = 2' credit/report.md ||
  fail "credit report lacks its own scale words"
grep -q 'Watch List = 2.5' credit/report.md && fail "credit report speaks of the Watch List"
grep -q 'Watch List persistence' credit/report.md && fail "credit report has a Watch List section"
[ -s credit/transitions_transitions.csv ] || fail "credit transitions missing"
[ -s credit/charts/heatmap.png ] || fail "credit heat map missing"
"$csvcheck" credit/*.csv >/dev/null || fail "a credit CSV does not parse"

[ $status = 0 ] && echo "report: all checks pass"
exit $status
