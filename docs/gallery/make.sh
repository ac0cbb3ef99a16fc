#!/bin/sh
# Renders the README gallery from the bundled data:
#   docs/gallery/make.sh [TIERTREND [CHART...]]
# TIERTREND defaults to build/tiertrend; CHART names (timeline, heatmap,
# distribution, groups, index, survival, projection, flow) limit the run
# to those charts. Look at every image before committing it.
set -eu
bin=${1:-build/tiertrend}
[ $# -gt 0 ] && shift
out=$(cd "$(dirname "$0")" && pwd)
charts=${*:-timeline heatmap distribution groups index survival projection flow}
for c in $charts; do
  case $c in
    timeline) "$bin" plot timeline Cambodia India --out "$out/timeline.png" ;;
    heatmap) "$bin" plot heatmap --out "$out/heatmap.png" ;;
    distribution) "$bin" plot distribution --out "$out/distribution.png" ;;
    groups) "$bin" plot groups --out "$out/groups.png" ;;
    index) "$bin" plot index --out "$out/index.png" ;;
    survival) "$bin" plot survival --out "$out/survival.png" ;;
    projection) "$bin" plot projection --out "$out/projection.png" ;;
    flow) "$bin" plot flow --years 2015,2025 --out "$out/flow.png" ;;
    *) echo "make.sh: no chart '$c'" >&2; exit 64 ;;
  esac
  echo "docs/gallery/$c.png"
done
