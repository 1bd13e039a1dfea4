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
# Each figure is the median of ROUNDS runs (default 3), ffmpeg and camtrace alternated round by round, so a
# host whose speed drifts (a shared machine: single runs of one build moved by a third) slows both alike;
# peak RSS is the largest of the rounds.
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

ROUNDS=${ROUNDS:-3}
now() { date +%s.%N; }
fps() { awk -v f="$1" -v t="$2" 'BEGIN { printf "%.1f", f / t }'; }
# Seconds a command takes (its output and status are its own business here).
elapsed() {
  s=$(now)
  "$@" || true
  e=$(now)
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.6f", e - s }'
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# One audit: its seconds; its peak RSS (kB) is appended to $1.rss. Exit 2 is a refusal, no audit's time.
audit_once() {
  rss_file=$1
  shift
  s=$(now)
  status=0
  /usr/bin/time -f %M -o "$rss_file.one" "$BUILD/cli/camtrace" -q audit "$@" || status=$?
  e=$(now)
  if [ "$status" -eq 2 ]; then echo "camtrace refused to audit ($*): exit 2" >&2; exit 2; fi
  cat "$rss_file.one" >>"$rss_file.rss"
  awk -v s="$s" -v e="$e" 'BEGIN { printf "%.6f", e - s }'
}
# measure FRAMES SESSION_INPUT REFERENCE_INPUT RSS_FILE CAMTRACE_ARGS...: sets ffmpeg_fps, camtrace_fps,
# ratio, all_in (as described above) and rss_mb, from the medians of ROUNDS alternated rounds.
measure() {
  frames=$1 session=$2 reference=$3 rss_file=$4
  shift 4
  : >"$rss_file.rss"
  session_times="" reference_times="" audit_times=""
  round=0
  while [ "$round" -lt "$ROUNDS" ]; do
    session_times="$session_times $(elapsed ffmpeg -v error -threads "$N" -i "$session" -f null -)"
    reference_times="$reference_times $(elapsed ffmpeg -v error -threads "$N" -i "$reference" -f null -)"
    audit_times="$audit_times $(audit_once "$rss_file" "$@")" || exit 2
    round=$((round + 1))
  done
  session_s=$(echo "$session_times" | median)
  floor_s=$(awk -v a="$(echo "$session_times" | median)" -v b="$(echo "$reference_times" | median)" \
    'BEGIN { printf "%.6f", a + b }')
  audit_s=$(echo "$audit_times" | median)
  ffmpeg_fps=$(fps "$frames" "$session_s")
  camtrace_fps=$(fps "$frames" "$audit_s")
  ratio=$(awk -v a="$session_s" -v b="$audit_s" 'BEGIN { printf "%.3f", a / b }')
  all_in=$(awk -v a="$floor_s" -v b="$audit_s" 'BEGIN { printf "%.3f", a / b }')
  rss_mb=$(sort -n "$rss_file.rss" | tail -1 | awk '{ printf "%d", $1 / 1024 }')
}

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
    measure "$frames" "$CLIP" "$dir/reference.$ext" "$dir/run" --case "$dir/case.json" --threads "$N" \
      -o "$WORK/${name%.*}.findings.json"
    printf '%-28s %-10s %7s %6s %12s %12s %7s %12s %7s MB\n' "$name" "$size" "$frames" "$N" "$ffmpeg_fps" \
      "$camtrace_fps" "$ratio" "$all_in" "$rss_mb"
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
    measure "$frames" "$STILLS/%05d.jpg" "$dir/reference/%05d.jpg" "$dir/run" --case "$dir/case.json" \
      --threads "$N" -o "$WORK/stills.findings.json"
    printf '%-28s %-10s %7s %6s %12s %12s %7s %12s %7s MB\n' "2000 JPEG stills" 640x360 "$frames" "$N" \
      "$ffmpeg_fps" "$camtrace_fps" "$ratio" "$all_in" "$rss_mb"
  done
fi

if [ -n "$STILLS" ]; then
  echo "logs (bench/log_throughput.sh 1000000 jsonl nginx; targets 1M and 1.5M lines/s):"
  BUILD="$BUILD" "$ROOT/bench/log_throughput.sh" 1000000 jsonl nginx
  echo "attribution index (camtrace-index-bench 1000000 4 1000; target 1 ms a query, 1,000 queries/s):"
  /usr/bin/time -f "peak RSS %M kB" "$BUILD/bench/camtrace-index-bench" 1000000 4 1000
fi
