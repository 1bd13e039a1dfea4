#!/bin/sh
# An incident's shape: many short sessions of one camera (the 2024 incident served thumbnails to thousands
# of viewers). N sessions (default 1,000), each a one-second 640x360 H.264 capture of its own (the same
# second of intel_bottle-detection.mp4, so every session is clean), one camera whose reference is the
# clip's first two seconds. In one run: ffmpeg decoding every capture in one process (the concat demuxer:
# the floor, without a process a file), then `camtrace audit --threads T` of the case; prints both wall
# times and CPU times (user + system, by /usr/bin/time), the ratio ffmpeg/camtrace on wall time (1.0: as
# fast as decoding) and camtrace's peak RSS.
#   bench/many_sessions.sh [N]        THREADS="1 2" (default 1, 2 and every core), BUILD=build
set -eu
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CAMTRACE="$ROOT/$BUILD/cli/camtrace"
[ -x "$CAMTRACE" ] || CAMTRACE="$BUILD/cli/camtrace"
N=${1:-1000}
THREADS=${THREADS:-$(printf "1\n2\n%s\n" "$(nproc)" | sort -nu | tr "\n" " ")}
SOURCE=${SOURCE:-$ROOT/../shared/media/intel_bottle-detection.mp4}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/case/cap" "$WORK/case/ref" "$WORK/out"

ffmpeg -v error -y -i "$SOURCE" -t 2 -c copy -an "$WORK/case/ref/ref.mp4"
ffmpeg -v error -y -ss 10 -i "$SOURCE" -t 1 -an -vf scale=640:360 -c:v libx264 -preset veryfast \
  "$WORK/one.mp4"
: >"$WORK/list.txt"
i=1
{
  printf '{"case_id": "many-sessions", "cameras": [{"id": "cam", "references": ["ref/ref.mp4"]}],\n'
  printf ' "sessions": ['
  while [ "$i" -le "$N" ]; do
    name=$(printf 's%05d' "$i")
    cp "$WORK/one.mp4" "$WORK/case/cap/$name.mp4"
    printf "file '%s'\n" "$WORK/case/cap/$name.mp4" >>"$WORK/list.txt"
    [ "$i" -gt 1 ] && printf ',\n  '
    printf '{"id": "%s", "camera": "cam", "viewer": "v%s", "captures": ["cap/%s.mp4"]}' "$name" "$i" "$name"
    i=$((i + 1))
  done
  printf ']}\n'
} >"$WORK/case/case.json"
frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 \
  "$WORK/one.mp4")
frames=$((frames * N))

now() { date +%s.%N; }
printf '%-9s %7s %8s %14s %15s %12s %14s %7s %9s\n' sessions frames threads "ffmpeg wall s" "camtrace wall s" \
  "ffmpeg CPU s" "camtrace CPU s" ratio "peak RSS"
for T in $THREADS; do
  s=$(now)
  /usr/bin/time -f "%U %S" -o "$WORK/ffmpeg.cpu" ffmpeg -v error -threads "$T" -f concat -safe 0 \
    -i "$WORK/list.txt" -f null -
  e=$(now)
  ffmpeg_wall=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }')
  s=$(now)
  status=0
  /usr/bin/time -f "%U %S %M" -o "$WORK/camtrace.cpu" "$CAMTRACE" -q audit --case "$WORK/case/case.json" \
    --threads "$T" -o "$WORK/out/findings.json" || status=$?
  e=$(now)
  if [ "$status" -eq 2 ] || [ "$status" -eq 3 ]; then echo "camtrace exit $status on the case" >&2; exit 2; fi
  camtrace_wall=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }')
  ffmpeg_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/ffmpeg.cpu")
  camtrace_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/camtrace.cpu")
  rss=$(awk '{ printf "%d MB", $3 / 1024 }' "$WORK/camtrace.cpu")
  ratio=$(awk -v a="$ffmpeg_wall" -v b="$camtrace_wall" 'BEGIN { printf "%.3f", a / b }')
  printf '%-9s %7s %8s %14s %15s %12s %14s %7s %9s\n' "$N" "$frames" "$T" "$ffmpeg_wall" "$camtrace_wall" \
    "$ffmpeg_cpu" "$camtrace_cpu" "$ratio" "$rss"
done
