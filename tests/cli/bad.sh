#!/usr/bin/env bash
# One case of the bad-input corpus (bad/cases.tsv): runs tiertrend with the
# case's arguments in an empty folder and checks the exit code, that the
# expected words appear on standard error prefixed "tiertrend:", and that
# no output file was left behind. In the arguments, @BAD@ is the folder of
# bad files and @OUT@ a path in the empty folder.
set -u
bin=$1 name=$2
here=$(cd "$(dirname "$0")/.." && pwd)
line=$(awk -F'\t' -v n="$name" '$1 == n' "$here/bad/cases.tsv")
[ -n "$line" ] || { echo "no case $name in bad/cases.tsv"; exit 1; }
IFS=$'\t' read -r _ want_code want_msg args <<<"$line"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=${args//@BAD@/$here/bad/files}
args=${args//@DATA@/$here/data}
args=${args//@OUT@/$work/out}
eval "set -- $args"
cd "$work" || exit 1
${TT_WRAPPER:-} "$bin" "$@" >"$work/.stdout" 2>"$work/.stderr"
code=$?
status=0
if [ "$code" != "$want_code" ]; then
  echo "exit code $code, expected $want_code"; status=1
fi
if ! grep -qF -- "$want_msg" "$work/.stderr"; then
  echo "standard error lacks: $want_msg"; status=1
fi
if ! grep -q '^tiertrend: ' "$work/.stderr"; then
  echo "no 'tiertrend:' message on standard error"; status=1
fi
left=$(ls -A "$work" | grep -v -e '^\.stdout$' -e '^\.stderr$')
if [ -n "$left" ]; then
  echo "output left behind: $left"; status=1
fi
if [ $status != 0 ]; then
  echo "--- stderr"; cat "$work/.stderr"
fi
exit $status
