#!/bin/sh
# Peak resident memory of an audit against the length of its capture (issue 12: at most 300 MB for an hour
# of 1080p, flat from one minute to one hour). A one-camera case whose reference is the clip's first two
# seconds and whose session is the clip looped, stream-copied (`ffmpeg -f concat -c copy`, no re-encoding)
# to each length; `camtrace -q audit --threads N` of each under `/usr/bin/time -f %M`, with ffmpeg's own
# decoding of the same capture beside it (its peak memory and time: the floor).
#   bench/memory_length.sh [CLIP] [MINUTES...]
#     default: ../shared/media/intel_bottle-detection.mp4 at 1920x1080 (scaled once, libx264 -preset fast),
#     lengths 1 10 60 minutes (the hour takes about five minutes on two cores). THREADS (default 2).
set -eu
. "$(dirname "$0")/memory_common.sh"
CLIP=${1:-}
[ $# -gt 0 ] && shift
# The concat list names the clip from the work folder: a path relative to here would not be found there.
case "$CLIP" in "" | /*) ;; *) CLIP="$PWD/$CLIP" ;; esac
if [ -z "$CLIP" ]; then
  CLIP="$WORK/clip-1080p.mp4"
  ffmpeg -v error -y -i "$ROOT/../shared/media/intel_bottle-detection.mp4" -an -vf scale=1920:1080 \
    -c:v libx264 -preset fast "$CLIP"
fi
[ $# -eq 0 ] && set -- 1 10 60
ext=${CLIP##*.}
ffmpeg -v error -y -i "$CLIP" -t 2 -c copy -an "$CASE/reference.$ext"
seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$CLIP")

printf '%8s %8s %9s %12s %12s %14s %14s\n' minutes frames threads "ffmpeg s" "camtrace s" "ffmpeg RSS MB" \
  "camtrace RSS MB"
for minutes in "$@"; do
  # Whole loops of the clip, at least the length asked for.
  loops=$(awk -v m="$minutes" -v s="$seconds" 'BEGIN { n = int(m * 60 / s); if (n * s < m * 60) n++; print n }')
  : >"$WORK/list.txt"
  i=0
  while [ "$i" -lt "$loops" ]; do
    echo "file '$CLIP'" >>"$WORK/list.txt"
    i=$((i + 1))
  done
  session="$CASE/session-$minutes.$ext"
  ffmpeg -v error -y -f concat -safe 0 -i "$WORK/list.txt" -c copy -an "$session"
  frames=$(ffprobe -v error -count_packets -select_streams v:0 -show_entries stream=nb_read_packets -of csv=p=0 \
    "$session")
  cat >"$CASE/case.json" <<EOF
{"case_id": "memory", "cameras": [{"id": "cam", "references": ["reference.$ext"]}],
 "sessions": [{"id": "s", "camera": "cam", "viewer": "v", "captures": ["session-$minutes.$ext"]}]}
EOF
  /usr/bin/time -f "%e %M" -o "$WORK/ffmpeg.time" ffmpeg -v error -threads "$THREADS" -i "$session" -f null -
  /usr/bin/time -f "%e %M" -o "$WORK/camtrace.time" "$CAMTRACE" -q audit --case "$CASE/case.json" \
    -o "$WORK/out/findings.json" --threads "$THREADS" || [ $? -eq 1 ]
  read -r fs fk <"$WORK/ffmpeg.time"
  read -r cs ck <"$WORK/camtrace.time"
  printf '%8s %8s %9s %12s %12s %14d %14d\n' "$minutes" "$frames" "$THREADS" "$fs" "$cs" $((fk / 1024)) $((ck / 1024))
  rm -f "$session"
done
