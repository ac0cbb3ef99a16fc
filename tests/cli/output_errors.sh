#!/usr/bin/env bash
# Output that cannot be written is an error (exit 74), never silence, and
# leaves no file behind: standard output on a full device, and --out on a
# full file system (a tiny tmpfs, where the machine lets us mount one).
set -u
bin=$1
status=0
err=$(mktemp)
trap 'rm -f "$err"' EXIT

"$bin" summary >/dev/full 2>"$err"
code=$?
if [ $code != 74 ] || ! grep -q 'tiertrend: write to standard output failed: No space left on device' "$err"; then
  echo "stdout on /dev/full: exit $code"; cat "$err"; status=1
fi

mnt=$(mktemp -d)
if mount -t tmpfs -o size=8k tmpfs "$mnt" 2>/dev/null; then
  dd if=/dev/zero of="$mnt/fill" bs=1k count=64 2>/dev/null
  "$bin" summary --out "$mnt/summary.txt" 2>"$err"
  code=$?
  if [ $code != 74 ] || ! grep -q "summary.txt: write failed: No space left on device" "$err"; then
    echo "--out on a full tmpfs: exit $code"; cat "$err"; status=1
  fi
  left=$(ls -A "$mnt" | grep -v '^fill$')
  if [ -n "$left" ]; then echo "left behind on the full disk: $left"; status=1; fi
  umount "$mnt"
else
  echo "(no tmpfs mount here: full-disk --out case skipped)"
fi
rmdir "$mnt"
[ $status = 0 ] && echo "output errors: all cases pass"
exit $status
