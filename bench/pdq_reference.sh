#!/usr/bin/env bash
# Whether camtrace's interoperable PDQ (audit --pdq, analyzers/pdq_hasher) is ThreatExchange's, bit for
# bit: every frame of the clips and every test image ../shared/pdq-reference has vPDQ's hashes for,
# decoded and hashed by camtrace (build/bench/camtrace-pdq), compared line by line (frame, quality, hash).
#   bench/pdq_reference.sh [REFERENCE_DIR]     (default ../shared/pdq-reference)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
ref=${1:-$root/../shared/pdq-reference}
media=$ref/../media
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
compare() {  # name, ours, theirs
  local same total
  total=$(wc -l <"$3")
  same=$(comm -12 <(sort "$2") <(sort "$3") | wc -l)
  printf '%-28s %4d of %4d frames identical (frame, quality, hash); camtrace decoded %d\n' "$1" "$same" "$total" \
    "$(wc -l <"$2")"
  [ "$same" -eq "$total" ] || status=1
}
for list in "$ref"/*.vpdq.txt; do
  name=$(basename "$list" .vpdq.txt)
  clip=$(ls "$media/$name".* 2>/dev/null | head -1)
  [ -n "$clip" ] || { echo "$name: no clip in $media"; status=1; continue; }
  "$build/bench/camtrace-pdq" "$clip" 2>/dev/null | cut -d, -f1-3 >"$work/ours"
  cut -d, -f1-3 "$list" >"$work/theirs"
  compare "$(basename "$clip")" "$work/ours" "$work/theirs"
done
: >"$work/ours"
: >"$work/theirs"
while IFS=, read -r image frame quality hash _; do
  echo "$image,$quality,$hash" >>"$work/theirs"
  "$build/bench/camtrace-pdq" "$ref/images/$image" 2>/dev/null | head -1 | cut -d, -f2,3 |
    sed "s|^|$image,|" >>"$work/ours"
done <"$ref/images.vpdq.csv"
compare "test images" "$work/ours" "$work/theirs"
exit $status
