#!/bin/sh
# Peak memory of an audit against the number of cameras whose references it learns (issue 12: memory that
# does not grow with the case). N cameras, each with one two-second 1080p reference (the clip scaled to
# 1920x1080 once, each camera's reference cut from another second of it and mirrored for odd cameras, so
# that no two are the same pictures), one two-second session; `camtrace -q audit --threads N` of each case
# under `/usr/bin/time -f %M`, and with HEAPTRACK=1 the heap's own peak by heaptrack (Debian: heaptrack).
#   bench/memory_cameras.sh [CLIP] [CAMERAS...]
#     default: ../shared/media/intel_bottle-detection.mp4, 1 3 8 cameras. THREADS (default 2).
set -eu
. "$(dirname "$0")/memory_common.sh"
CLIP=${1:-}
[ $# -gt 0 ] && shift
[ -n "$CLIP" ] || CLIP="$ROOT/../shared/media/intel_bottle-detection.mp4"
[ $# -eq 0 ] && set -- 1 3 8
ffmpeg -v error -y -i "$CLIP" -t 40 -an -vf scale=1920:1080 -c:v libx264 -preset fast "$WORK/clip.mp4"
ffmpeg -v error -y -ss 0 -i "$WORK/clip.mp4" -t 2 -c copy -an "$CASE/session.mp4"

printf '%8s %9s %16s %16s\n' cameras threads "camtrace RSS MB" "heap peak MB"
for cameras in "$@"; do
  list=""
  i=0
  while [ "$i" -lt "$cameras" ]; do
    ref="$CASE/ref-$i.mp4"
    if [ ! -f "$ref" ]; then
      flip=null
      [ $((i % 2)) -eq 1 ] && flip=hflip
      ffmpeg -v error -y -ss $((2 + 2 * i)) -i "$WORK/clip.mp4" -t 2 -an -vf "$flip" -c:v libx264 -preset fast "$ref"
    fi
    [ -n "$list" ] && list="$list, "
    list="$list{\"id\": \"cam-$i\", \"references\": [\"ref-$i.mp4\"]}"
    i=$((i + 1))
  done
  cat >"$CASE/case.json" <<JSON
{"case_id": "memory-cameras", "cameras": [$list],
 "sessions": [{"id": "s", "camera": "cam-0", "viewer": "v", "captures": ["session.mp4"]}]}
JSON
  /usr/bin/time -f "%M" -o "$WORK/time" "$CAMTRACE" -q audit --case "$CASE/case.json" -o "$WORK/out/findings.json" \
    --threads "$THREADS" || [ $? -eq 1 ]
  heap=-
  if [ "${HEAPTRACK:-0}" = 1 ]; then
    heaptrack -o "$WORK/heap" "$CAMTRACE" -q audit --case "$CASE/case.json" -o "$WORK/out/findings.json" \
      --threads "$THREADS" >/dev/null 2>&1 || true
    heap=$(heaptrack_print "$WORK"/heap.*zst 2>/dev/null | sed -n 's/^peak heap memory consumption: \([0-9.]*\)M.*/\1/p')
    rm -f "$WORK"/heap.*
  fi
  printf '%8s %9s %16d %16s\n' "$cameras" "$THREADS" $(($(cat "$WORK/time") / 1024)) "$heap"
done
