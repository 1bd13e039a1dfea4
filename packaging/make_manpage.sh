#!/usr/bin/env bash
# camtrace.1 from the program's own --help: help2man's page of `camtrace --help`, with every subcommand's
# --help as a section.   packaging/make_manpage.sh CAMTRACE OUT.1
set -euo pipefail
camtrace=$1
out=$2
include=$(mktemp)
trap 'rm -f "$include"' EXIT
{
  echo "[SUBCOMMANDS]"
  for sub in $("$camtrace" --help | awk '/^Subcommands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }'); do
    echo ".SS $sub"
    echo ".nf"
    "$camtrace" "$sub" --help | sed 's/\\/\\\\/g; s/^\./\\\&./'
    echo ".fi"
  done
} >"$include"
help2man --no-info --no-discard-stderr --version-string "$("$camtrace" --version | awk '{ print $2 }')" --name "audit camera-stream evidence for frames from another camera" \
  --include "$include" --output "$out" "$camtrace"
