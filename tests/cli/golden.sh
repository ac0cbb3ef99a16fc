#!/usr/bin/env bash
# Golden test of the command line: runs tiertrend with the words of
# golden/NAME.args (from the tests folder, so relative paths work), then
# compares standard output with golden/NAME.out and the exit code with
# golden/NAME.code (0 when absent). TT_UPDATE_GOLDEN=1 rewrites the
# expected files instead; TT_WRAPPER (e.g. valgrind) prefixes the command.
set -u
bin=$1 name=$2
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
args_file=golden/$name.args
[ -f "$args_file" ] || { echo "no $args_file"; exit 1; }
eval "set -- $(cat "$args_file")"
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
${TT_WRAPPER:-} "$bin" "$@" >"$out" 2>"$err"
code=$?
want_code=0
[ -f "golden/$name.code" ] && want_code=$(cat "golden/$name.code")
if [ "${TT_UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$out" "golden/$name.out"
  [ "$code" = 0 ] || echo "$code" >"golden/$name.code"
  echo "updated golden/$name.out (exit $code)"
  exit 0
fi
status=0
if [ "$code" != "$want_code" ]; then
  echo "exit code $code, expected $want_code"; cat "$err"; status=1
fi
if ! diff -u "golden/$name.out" "$out"; then
  echo "standard output differs from golden/$name.out"; status=1
fi
exit $status
