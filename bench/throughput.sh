#!/bin/sh
# Audit throughput against decoding alone, in one run on the same files: for each clip and each thread count,
# `ffmpeg -threads N -i CLIP -f null -` (the floor: decoding) and `camtrace audit --threads N` of a one-camera
# case whose session is the clip and whose reference is the clip's first two seconds (stream-copied, not
# re-encoded). Prints frames per second (the session's frames over the whole audit, learning the reference
# included), the ratio camtrace/ffmpeg, and camtrace's peak resident memory.
# Issue 12's target: a ratio of 0.85 or more at 720p and 1080p.
#   bench/throughput.sh [CLIP...]    default: the H.264 clips in ../shared/media
# Thread counts: 1, 2 and every core (THREADS="1 2 4" to choose).
set -eu
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -eq 0 ]; then
  set -- "$ROOT/../shared/media/intel_bottle-detection.mp4" "$ROOT/../shared/media/office_people.mp4" \
    "$ROOT/../shared/media/street_night_osd.mp4"
fi
THREADS=${THREADS:-$(printf "1\n2\n%s\n" "$(nproc)" | sort -nu | tr "\n" " ")}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
fps() { awk -v f="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.1f", f / (e - s) }'; }

printf '%-28s %-10s %7s %6s %12s %12s %7s %10s\n' clip size frames threads "ffmpeg fps" "camtrace fps" ratio "peak RSS"
for CLIP in "$@"; do
  name=$(basename "$CLIP")
  dir="$WORK/${name%.*}"
  mkdir -p "$dir"
  ext=${name##*.}
  ffmpeg -v error -y -i "$CLIP" -t 2 -c copy -an "$dir/reference.$ext"
  cp "$CLIP" "$dir/session.$ext"
  cat >"$dir/case.json" <<EOF
{"case_id": "throughput", "cameras": [{"id": "cam", "references": ["reference.$ext"]}],
 "sessions": [{"id": "s", "camera": "cam", "viewer": "v", "captures": ["session.$ext"]}]}
EOF
  frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$CLIP")
  size=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=s=x:p=0 "$CLIP")
  for N in $THREADS; do
    s=$(now); ffmpeg -v error -threads "$N" -i "$CLIP" -f null - ; e=$(now)
    ffmpeg_fps=$(fps "$frames" "$s" "$e")
    s=$(now)
    status=0
    /usr/bin/time -f %M -o "$dir/rss" "$BUILD/cli/camtrace" -q audit --case "$dir/case.json" --threads "$N" -o "$WORK/${name%.*}.findings.json" || status=$?
    # 0, 1 (findings) and 3 (partial) are audits; 2 is a refusal, and its time would be no audit's.
    if [ "$status" -eq 2 ]; then echo "camtrace refused to audit $CLIP (exit 2)" >&2; exit 2; fi
    e=$(now)
    camtrace_fps=$(fps "$frames" "$s" "$e")
    ratio=$(awk -v a="$camtrace_fps" -v b="$ffmpeg_fps" 'BEGIN { printf "%.3f", a / b }')
    printf '%-28s %-10s %7s %6s %12s %12s %7s %7s MB\n' "$name" "$size" "$frames" "$N" "$ffmpeg_fps" "$camtrace_fps" \
      "$ratio" "$(( $(cat "$dir/rss") / 1024 ))"
  done
done
