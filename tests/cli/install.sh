#!/usr/bin/env bash
# `cmake --install` puts the binary and the bundled data under a prefix, and
# the installed binary finds its data there (not in the source tree).
set -eu
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
"$prefix/bin/tiertrend" --version | grep -qx "bundled data: $prefix/share/tiertrend"
for f in tip_tiers.csv tip_tiers_sources.csv regions.csv README.md; do
  test -f "$prefix/share/tiertrend/$f"
done
"$prefix/bin/tiertrend" summary --quiet | head -n 1 | grep -q '^Data: tip_tiers.csv, 192 entities, 2001-2025\.$'
echo "installed under a prefix: binary and bundled data found"
