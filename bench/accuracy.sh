#!/usr/bin/env bash
# The origin engine's accuracy benchmark. Two data sets, scored apart and against the targets:
#   simulate  - seeds FIRST..LAST of `camtrace simulate` (default 101-110; thresholds were chosen on seeds 1-5
#               and the tests use 11-13, so these are held out)
#   real      - every clip in CLIP_DIR (default ../shared/media), spliced by camtrace-splice: bursts of 1-30
#               frames of another clip rescaled and re-encoded, clean sessions, packet loss through FFmpeg's
#               noise bitstream filter, JPEG thumbnails, and a twin camera of a similar scene
#   bench/accuracy.sh [--seeds FIRST-LAST] [--jobs N] [CLIP_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
seeds=101-110
jobs=$(nproc)
if [ "${1:-}" = "--seeds" ]; then seeds=$2; shift 2; fi
if [ "${1:-}" = "--jobs" ]; then jobs=$2; shift 2; fi
clips=${1:-$root/../shared/media}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
camtrace="$build/cli/camtrace"
splice="$build/bench/camtrace-splice"

echo "== simulate seeds $seeds"
run_seed() {
  "$1" simulate --out "$2/sim-$3" --seed "$3" >/dev/null
  "$1" -q audit --case "$2/sim-$3/case.json" -o "$2/sim-$3.findings.json" --frames "$2/sim-$3.frames.jsonl" --threads 1 || true
}
export -f run_seed
seq "${seeds%-*}" "${seeds#*-}" | xargs -P "$jobs" -I{} bash -c 'run_seed "$0" "$1" {}' "$camtrace" "$work"
pairs=()
for s in $(seq "${seeds%-*}" "${seeds#*-}"); do pairs+=("$work/sim-$s/truth.json" "$work/sim-$s.frames.jsonl"); done
"$splice" score "${pairs[@]}" | tail -2

echo "== real clips in $clips"
mapfile -t media < <(find "$clips" -maxdepth 1 -type f \( -name '*.mp4' -o -name '*.mkv' -o -name '*.ts' -o -name '*.avi' -o -name '*.mov' \) | sort)
if [ "${#media[@]}" -lt 2 ]; then echo "need at least two clips in $clips"; exit 0; fi
"$splice" build --out "$work/real" "${media[@]}" >/dev/null
"$camtrace" -q audit --case "$work/real/case.json" -o "$work/real.findings.json" --frames "$work/real.frames.jsonl" || true
"$splice" score "$work/real/truth.json" "$work/real.frames.jsonl" | tail -2
