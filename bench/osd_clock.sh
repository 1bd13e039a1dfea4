#!/usr/bin/env bash
# How much of simulate's burned-in clocks camtrace reads, and whether what it reads is right.
#   bench/osd_clock.sh [FIRST-LAST]      (default 101-110: seeds the clock reader was not tuned on)
# Each seed is simulated, audited with --explain, and scored by bench/osd_clock.py against truth.json.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
seeds=${1:-101-110}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
camtrace="$build/cli/camtrace"
run_seed() {
  "$1" simulate --out "$2/sim-$3" --seed "$3" --log-sessions 0 >/dev/null
  "$1" -q audit --case "$2/sim-$3/case.json" -o "$2/sim-$3.findings.json" --frames "$2/sim-$3.frames.jsonl" --explain --threads 1 || true
}
export -f run_seed
seq "${seeds%-*}" "${seeds#*-}" | xargs -P "$(nproc)" -I{} bash -c 'run_seed "$0" "$1" {}' "$camtrace" "$work"
pairs=()
for s in $(seq "${seeds%-*}" "${seeds#*-}"); do pairs+=("$work/sim-$s" "$work/sim-$s.frames.jsonl"); done
python3 "$root/bench/osd_clock.py" "${pairs[@]}"
