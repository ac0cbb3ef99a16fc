#!/usr/bin/env bash
# run.sh — tiertrend side by side with pandas, R data.table, R markovchain,
# DuckDB and the libcsv parsing floor, on the same synthetic panels, in one
# run; writes bench/RESULTS.md. Not part of CI (it takes about an hour).
#
# The job, for every contender: load the long CSV, pair each entity's
# consecutive years (a missing year breaks the chain), count the transition
# matrix, normalise the rows.
#
# Environment (all optional):
#   SIZES      data rows per file         (default "10000 100000 1000000 10000000")
#   REPS       timed runs per contender   (default 5; the median is quoted)
#   CAP        seconds before a run is stopped (default 300); a contender
#              stopped at one size is not run at larger ones
#   BOOT       bootstrap resamples timed  (default 1000)
#   TIERTREND  the tiertrend binary; default: built here in Release mode
#   TT_BUILD_DIR  where to build it       (default <repo>/build-bench, so a
#              Debug build in <repo>/build is left alone)
#   BENCH_TMP  a folder on a tmpfs for the files (default /dev/shm/...)
#   RESULTS    the report to write        (default bench/RESULTS.md)
#   BENCH_NOTE a line for the report on what was measured (e.g. which
#              branches the tiertrend binary was built from)
#
# Needs: cmake and a C compiler, GNU time (Debian: time), python3-pandas,
# r-cran-data.table, r-cran-markovchain, node with npm (the DuckDB client is
# installed into bench/node_modules from package-lock.json).
set -euo pipefail
export LC_ALL=C

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
SIZES=${SIZES:-"10000 100000 1000000 10000000"}
REPS=${REPS:-5}
CAP=${CAP:-300}
BOOT=${BOOT:-1000}
RESULTS=${RESULTS:-$BENCH/RESULTS.md}
YEARS=25
SEED=1
CHECK_ROWS=10000
PY=/usr/bin/python3 # Debian's python, where python3-pandas is installed

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# ---- tools ---------------------------------------------------------------
[ -x /usr/bin/time ] || die "GNU time is missing (apt-get install -y time)"
command -v timeout >/dev/null || die "timeout (coreutils) is missing"
$PY -c 'import pandas' 2>/dev/null ||
  die "pandas is missing for $PY (apt-get install -y python3-pandas)"
command -v Rscript >/dev/null ||
  die "R is missing (apt-get install -y r-cran-data.table r-cran-markovchain)"
Rscript -e 'library(data.table); library(markovchain)' >/dev/null 2>&1 ||
  die "R packages missing (apt-get install -y r-cran-data.table r-cran-markovchain)"
command -v node >/dev/null || die "node is missing (apt-get install -y nodejs npm)"
if [ ! -d "$BENCH/node_modules/@duckdb/node-api" ]; then
  say "installing the DuckDB client into bench/node_modules"
  (cd "$BENCH" && npm ci --no-audit --no-fund >/dev/null) ||
    die "npm ci failed in bench/"
fi

say "building bench programs"
make -s -C "$BENCH" >/dev/null
if [ -z "${TIERTREND:-}" ]; then
  BUILD=${TT_BUILD_DIR:-$ROOT/build-bench}
  say "building tiertrend (Release) in $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target tiertrend >/dev/null
  TIERTREND=$BUILD/tiertrend
fi
[ -x "$TIERTREND" ] || die "no tiertrend binary at $TIERTREND"
TT_BUILD_TYPE=unknown
TT_SOURCE=$ROOT
if [ -f "$(dirname "$TIERTREND")/CMakeCache.txt" ]; then
  TT_BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' \
    "$(dirname "$TIERTREND")/CMakeCache.txt")
  TT_SOURCE=$(sed -n 's/^CMAKE_HOME_DIRECTORY:[A-Z]*=//p' \
    "$(dirname "$TIERTREND")/CMakeCache.txt")
fi
# The commit tiertrend was built from (with its parents, for a merge).
TT_COMMIT=$(git -C "$TT_SOURCE" log -1 --format='%h, parents %p' 2>/dev/null || echo unknown)
git -C "$TT_SOURCE" diff --quiet HEAD -- analysis cli 2>/dev/null ||
  TT_COMMIT="$TT_COMMIT, with uncommitted changes"

# ---- a tmpfs for the files -----------------------------------------------
# The machines drop file pages within seconds: on disk, every run would
# measure the disk. On a tmpfs all contenders read from memory.
if [ -n "${BENCH_TMP:-}" ]; then
  WORK=$BENCH_TMP
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d /dev/shm/tiertrend-bench.XXXXXX)
  trap 'rm -rf "$WORK"' EXIT
fi
FSTYPE=$(stat -f -c %T "$WORK")
[ "$FSTYPE" = tmpfs ] || say "warning: $WORK is on $FSTYPE, not a tmpfs"
RAW=$WORK/raw.tsv
CHECK=$WORK/check.tsv
META=$WORK/meta.txt
: >"$RAW"
: >"$CHECK"
: >"$META"

# ---- contenders ----------------------------------------------------------
# Order of the table; the timing loop rotates it from run to run.
CONTENDERS=(tiertrend tiertrend-boot floor floor-per-line scan proto
            duckdb datatable pandas markovchain)
declare -A LABEL=(
  [tiertrend]="tiertrend transitions"
  [tiertrend-boot]="tiertrend transitions --bootstrap $BOOT"
  [floor]="floor: libcsv parse, 1 MiB chunks"
  [floor-per-line]="libcsv fed line by line (as tt_csv.c)"
  [scan]="read + memchr newlines (no parse)"
  [proto]="C sketch: libcsv + interning + counting (proto_count.c)"
  [duckdb]="DuckDB (node, 2 threads)"
  [datatable]="R data.table (2 threads)"
  [pandas]="pandas"
  [markovchain]="R markovchain"
)

# Sets CMD to the command line of contender $1 on file $2.
contender_cmd() {
  case $1 in
  tiertrend) CMD=("$TIERTREND" transitions --data "$2" --format csv) ;;
  tiertrend-boot) CMD=("$TIERTREND" transitions --data "$2" --format csv
                       --bootstrap "$BOOT" --seed 1) ;;
  floor) CMD=("$BENCH/bin/parse_floor" "$2") ;;
  floor-per-line) CMD=("$BENCH/bin/parse_floor" --per-line "$2") ;;
  scan) CMD=("$BENCH/bin/parse_floor" --scan "$2") ;;
  proto) CMD=("$BENCH/bin/proto_count" "$2") ;;
  duckdb) CMD=(node "$BENCH/peers/duckdb_job.mjs" "$2") ;;
  datatable) CMD=(Rscript "$BENCH/peers/datatable_job.R" "$2") ;;
  pandas) CMD=("$PY" "$BENCH/peers/pandas_job.py" "$2") ;;
  markovchain) CMD=(Rscript "$BENCH/peers/markovchain_job.R" "$2") ;;
  *) die "unknown contender $1" ;;
  esac
}

declare -A STATE # contender -> "" (runs), missing, stopped@SIZE, failed@SIZE

if ! "$TIERTREND" transitions --help >/dev/null 2>&1; then
  say "tiertrend has no transitions command yet: marked missing"
  STATE[tiertrend]=missing
  STATE[tiertrend-boot]=missing
fi

# Runs contender $1 on file $2 once; sets WALL (s), CPU (user + system s),
# RSS (KiB) and STATUS (ok, timeout, failed); stdout goes to $3.
run_once() {
  contender_cmd "$1" "$2"
  local t0 t1 rc
  t0=$EPOCHREALTIME
  set +e
  /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" \
    timeout -k 5 "$CAP" "${CMD[@]}" >"$3" 2>"$WORK/stderr.txt"
  rc=$?
  set -e
  t1=$EPOCHREALTIME
  WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
  read -r u sy RSS < <(tail -n 1 "$WORK/time.txt")
  CPU=$(awk -v a="$u" -v b="$sy" 'BEGIN { printf "%.2f", a + b }')
  case $rc in
  0) STATUS=ok ;;
  124 | 137) STATUS=timeout ;;
  *) STATUS=failed
     say "  $1 failed (exit $rc): $(head -c 300 "$WORK/stderr.txt")" ;;
  esac
}

# ---- machine and versions ------------------------------------------------
meta() { printf '%s=%s\n' "$1" "$2" >>"$META"; }
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
meta nproc "$(nproc)"
meta mem "$(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }')"
meta kernel "$(uname -sr)"
meta load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
meta tmpfs "$FSTYPE"
meta sizes "$SIZES"
meta reps "$REPS"
meta cap "$CAP"
meta boot "$BOOT"
meta years "$YEARS"
meta seed "$SEED"
meta v_tiertrend "$("$TIERTREND" --version 2>&1 | head -n 1), $TT_BUILD_TYPE build of commit $TT_COMMIT"
meta note "${BENCH_NOTE:-}"
meta v_cc "$(cc --version | head -n 1)"
meta v_libcsv "$(dpkg-query -W -f '${Version}' libcsv3 2>/dev/null || echo unknown)"
meta v_gsl "$(gsl-config --version 2>/dev/null || echo unknown)"
meta v_pandas "pandas $($PY -c 'import pandas; print(pandas.__version__)'), numpy $($PY -c 'import numpy; print(numpy.__version__)'), Python $($PY -c 'import platform; print(platform.python_version())')"
meta v_r "$(Rscript -e 'cat(R.version.string)' 2>/dev/null)"
meta v_datatable "data.table $(Rscript -e 'cat(format(packageVersion("data.table")))' 2>/dev/null)"
meta v_markovchain "markovchain $(Rscript -e 'cat(format(packageVersion("markovchain")))' 2>/dev/null)"
meta v_duckdb "DuckDB $(cd "$BENCH" && node -e 'import("@duckdb/node-api").then(async (m) => { const i = await m.DuckDBInstance.create(":memory:"); const c = await i.connect(); const r = await c.runAndReadAll("select version()"); console.log(r.getRows()[0][0]); })' 2>/dev/null), @duckdb/node-api $(node -p "require('$BENCH/node_modules/@duckdb/node-api/package.json').version"), node $(node --version)"

# ---- the files -----------------------------------------------------------
panel() { echo "$WORK/panel_$1.csv"; }
for n in $CHECK_ROWS $SIZES; do
  f=$(panel "$n")
  [ -f "$f" ] && continue
  say "generating $n rows"
  "$BENCH/bin/gen_panel" --entities "$n" --years "$YEARS" --seed "$SEED" \
    --rows "$n" --out "$f"
  meta "file_$n" "$(stat -c %s "$f") bytes, $(($(wc -l <"$f") - 1)) rows, $(cut -d, -f2 "$f" | uniq | wc -l | awk '{ print $1 - 1 }') entities"
done

# ---- the same matrix from every contender --------------------------------
say "checking that every contender computes the same matrix ($CHECK_ROWS rows)"
mkdir -p "$WORK/check"
f=$(panel $CHECK_ROWS)
REF=tiertrend
[ "${STATE[tiertrend]:-}" = missing ] && REF=pandas
for c in tiertrend tiertrend-boot proto duckdb datatable pandas markovchain; do
  [ "${STATE[$c]:-}" = missing ] && continue
  run_once "$c" "$f" "$WORK/check/$c.csv"
  [ "$STATUS" = ok ] || { printf '%s\t%s\t%s\n' "$c" fail "did not run ($STATUS)" >>"$CHECK"; continue; }
done
for c in tiertrend tiertrend-boot proto duckdb datatable pandas markovchain; do
  [ -s "$WORK/check/$c.csv" ] || continue
  [ "$c" = "$REF" ] && continue
  set +e
  msg=$($PY "$BENCH/check_counts.py" "$WORK/check/$REF.csv" "$WORK/check/$c.csv")
  rc=$?
  set -e
  printf '%s\t%s\t%s\n' "$c" "$([ $rc = 0 ] && echo ok || echo fail)" "$msg" >>"$CHECK"
  say "  $c vs $REF: $msg"
done
meta check_ref "$REF"
out=$("$BENCH/bin/parse_floor" "$f")
meta check_floor "$out"

# ---- timing --------------------------------------------------------------
# Contenders alternate within each round (the order rotates by one each
# round), so a slow spell of the shared machine hits all of them alike.
for n in $SIZES; do
  f=$(panel "$n")
  say "size $n"
  for ((r = 0; r < REPS; r++)); do
    k=${#CONTENDERS[@]}
    for ((i = 0; i < k; i++)); do
      c=${CONTENDERS[$(((i + r) % k))]}
      [ -z "${STATE[$c]:-}" ] || continue
      run_once "$c" "$f" /dev/null
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$c" "$((r + 1))" "$WALL" "$CPU" "$RSS" "$STATUS" >>"$RAW"
      say "  $c run $((r + 1)): $WALL s, cpu $CPU s, $RSS KiB, $STATUS"
      case $STATUS in
      timeout) STATE[$c]="stopped@$n" ;;
      failed) STATE[$c]="failed@$n" ;;
      esac
    done
  done
done
for c in "${CONTENDERS[@]}"; do meta "state_$c" "${STATE[$c]:-}"; done
meta load_end "$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the report ----------------------------------------------------------
labels=$WORK/labels.tsv
: >"$labels"
for c in "${CONTENDERS[@]}"; do printf '%s\t%s\n' "$c" "${LABEL[$c]}" >>"$labels"; done
$PY "$BENCH/report.py" --raw "$RAW" --check "$CHECK" --meta "$META" \
  --labels "$labels" --out "$RESULTS"
RAW_OUT=$(dirname "$RESULTS")/results_raw.tsv
cp "$RAW" "$RAW_OUT"
say "wrote $RESULTS and $RAW_OUT"
