#!/bin/sh
# Audit throughput against decoding alone, in one run on the same files: for each clip and each thread count,
# `ffmpeg -threads N -i CLIP -f null -` (the floor: decoding) and `camtrace audit --threads N` of a one-camera
# case whose session is the clip and whose reference is the clip's first two seconds (stream-copied, not
# re-encoded). Prints frames per second (the session's frames over the whole audit, learning the reference
# included), the ratio camtrace/ffmpeg, and camtrace's peak resident memory. `all-in ratio`: against ffmpeg
# decoding everything the audit must decode (the reference and the session) in the same run, the floor of
# any audit of this case.
# Issue 12's target: a ratio of 0.85 or more at 720p and 1080p.
#   bench/throughput.sh [CLIP...]    default: the H.264 clips in ../shared/media
#   bench/throughput.sh --matrix [CLIP]
#     the issue's matrix, made from one clip (default intel_bottle-detection.mp4) by ffmpeg: 480p, 720p and
#     1080p in H.264 (libx264) and H.265 (libx265), 10 s each, and a folder of 2,000 JPEG stills at 640x360
#     (the stills' floor is `ffmpeg -i %05d.jpg -f null -`; their reference is the first 50); then the log
#     ingestion (bench/log_throughput.sh, 1 million lines of JSON Lines and nginx) and the attribution index
#     (camtrace-index-bench, a million cameras of 4 views) throughputs.
# Thread counts: 1, 2 and every core (THREADS="1 2 4" to choose).
set -eu
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STILLS=""
if [ "${1:-}" = "--matrix" ]; then
  SOURCE=${2:-$ROOT/../shared/media/intel_bottle-detection.mp4}
  mkdir -p "$WORK/made"
  set --
  for height in 480 720 1080; do
    for codec in libx264 libx265; do
      out="$WORK/made/${height}p-${codec#lib}.mp4"
      ffmpeg -v error -y -stream_loop -1 -i "$SOURCE" -t 10 -an -vf "scale=-2:$height" -c:v "$codec" \
        -preset fast -g 50 "$out" 2>/dev/null
      set -- "$@" "$out"
    done
  done
  STILLS="$WORK/made/stills-640x360"
  mkdir -p "$STILLS"
  ffmpeg -v error -y -stream_loop -1 -i "$SOURCE" -frames:v 2000 -an -vf scale=640:360 -q:v 4 "$STILLS/%05d.jpg"
fi
if [ $# -eq 0 ] && [ -z "$STILLS" ]; then
  set -- "$ROOT/../shared/media/intel_bottle-detection.mp4" "$ROOT/../shared/media/office_people.mp4" \
    "$ROOT/../shared/media/street_night_osd.mp4"
fi
THREADS=${THREADS:-$(printf "1\n2\n%s\n" "$(nproc)" | sort -nu | tr "\n" " ")}

now() { date +%s.%N; }
fps() { awk -v f="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.1f", f / (e - s) }'; }

printf '%-28s %-10s %7s %6s %12s %12s %7s %12s %10s\n' clip size frames threads "ffmpeg fps" "camtrace fps" ratio \
  "all-in ratio" "peak RSS"
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
    ffmpeg -v error -threads "$N" -i "$dir/reference.$ext" -f null - ; r=$(now)
    floor_fps=$(awk -v f="$frames" -v s="$s" -v e="$e" -v r="$r" 'BEGIN { printf "%.1f", f / ((e - s) + (r - e)) }')
    s=$(now)
    status=0
    /usr/bin/time -f %M -o "$dir/rss" "$BUILD/cli/camtrace" -q audit --case "$dir/case.json" --threads "$N" -o "$WORK/${name%.*}.findings.json" || status=$?
    # 0, 1 (findings) and 3 (partial) are audits; 2 is a refusal, and its time would be no audit's.
    if [ "$status" -eq 2 ]; then echo "camtrace refused to audit $CLIP (exit 2)" >&2; exit 2; fi
    e=$(now)
    camtrace_fps=$(fps "$frames" "$s" "$e")
    ratio=$(awk -v a="$camtrace_fps" -v b="$ffmpeg_fps" 'BEGIN { printf "%.3f", a / b }')
    all_in=$(awk -v a="$camtrace_fps" -v b="$floor_fps" 'BEGIN { printf "%.3f", a / b }')
    printf '%-28s %-10s %7s %6s %12s %12s %7s %12s %7s MB\n' "$name" "$size" "$frames" "$N" "$ffmpeg_fps" \
      "$camtrace_fps" "$ratio" "$all_in" "$(( $(cat "$dir/rss") / 1024 ))"
  done
done

if [ -n "$STILLS" ]; then
  dir="$WORK/stills"
  mkdir -p "$dir/reference"
  for f in $(ls "$STILLS" | head -50); do cp "$STILLS/$f" "$dir/reference/"; done
  printf '{"case_id": "throughput", "cameras": [{"id": "cam", "references": ["reference"]}],\n' >"$dir/case.json"
  printf ' "sessions": [{"id": "s", "camera": "cam", "viewer": "v", "captures": ["%s"]}]}\n' "$STILLS" >>"$dir/case.json"
  frames=$(ls "$STILLS" | wc -l)
  for N in $THREADS; do
    s=$(now); ffmpeg -v error -threads "$N" -i "$STILLS/%05d.jpg" -f null - ; e=$(now)
    ffmpeg_fps=$(fps "$frames" "$s" "$e")
    ffmpeg -v error -threads "$N" -i "$dir/reference/%05d.jpg" -f null - ; r=$(now)
    floor_fps=$(awk -v f="$frames" -v s="$s" -v e="$e" -v r="$r" 'BEGIN { printf "%.1f", f / ((e - s) + (r - e)) }')
    s=$(now)
    status=0
    /usr/bin/time -f %M -o "$dir/rss" "$BUILD/cli/camtrace" -q audit --case "$dir/case.json" --threads "$N" \
      -o "$WORK/stills.findings.json" || status=$?
    if [ "$status" -eq 2 ]; then echo "camtrace refused to audit the stills (exit 2)" >&2; exit 2; fi
    e=$(now)
    camtrace_fps=$(fps "$frames" "$s" "$e")
    ratio=$(awk -v a="$camtrace_fps" -v b="$ffmpeg_fps" 'BEGIN { printf "%.3f", a / b }')
    all_in=$(awk -v a="$camtrace_fps" -v b="$floor_fps" 'BEGIN { printf "%.3f", a / b }')
    printf '%-28s %-10s %7s %6s %12s %12s %7s %12s %7s MB\n' "2000 JPEG stills" 640x360 "$frames" "$N" \
      "$ffmpeg_fps" "$camtrace_fps" "$ratio" "$all_in" "$(( $(cat "$dir/rss") / 1024 ))"
  done
fi

if [ -n "$STILLS" ]; then
  echo "logs (bench/log_throughput.sh 1000000 jsonl nginx; targets 1M and 1.5M lines/s):"
  BUILD="$BUILD" "$ROOT/bench/log_throughput.sh" 1000000 jsonl nginx
  echo "attribution index (camtrace-index-bench 1000000 4 1000; target 1 ms a query, 1,000 queries/s):"
  /usr/bin/time -f "peak RSS %M kB" "$BUILD/bench/camtrace-index-bench" 1000000 4 1000
fi
