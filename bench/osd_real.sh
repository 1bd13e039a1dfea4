#!/usr/bin/env bash
# How much of a real recorder's burned-in clock camtrace reads, and whether what it reads is right.
#   bench/osd_real.sh [CLIP]      (default ../shared/media/street_night_osd.mp4)
# The clip's last 80 frames (from its keyframe at frame 1001, stream-copied) are the camera's reference:
# enough to find the clock's line and cells; which glyph is which digit is learned from each capture. Three
# sessions are cut from frames 0-1000: `clean` (stream-copied; its first 8 frames are another view whose
# clock sits elsewhere), `stale2s` and `stale4s` (re-encoded, with frames 200-249 or 200-299 replaced by
# frames 800-849 or 800-899: a cache serving 2 or 4 s of pictures from 24 s later). bench/osd_real.py
# scores every reading against the clock the clip shows (read by eye at frames 8, 50, 503 and 1050; it
# ticks every 25.09 frames).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
clip=${1:-$root/../shared/media/street_night_osd.mp4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/case"
ffmpeg -v error -y -ss 40.04 -i "$clip" -c copy -an "$work/case/reference.mp4"
ffmpeg -v error -y -i "$clip" -frames:v 1001 -c copy -an "$work/case/clean.mp4"
stale() {  # NAME FRAMES: frames 200..200+FRAMES-1 replaced by 800..800+FRAMES-1
  local trims="[0:v]trim=start_frame=0:end_frame=200,setpts=PTS-STARTPTS[a];"
  trims+="[0:v]trim=start_frame=800:end_frame=$((800 + $2)),setpts=PTS-STARTPTS[b];"
  trims+="[0:v]trim=start_frame=$((200 + $2)):end_frame=1001,setpts=PTS-STARTPTS[c];[a][b][c]concat=n=3:v=1[v]"
  ffmpeg -v error -y -i "$clip" -filter_complex "$trims" -map "[v]" -c:v libx264 -preset veryfast -crf 18 \
    -g 50 -an "$work/case/$1.mp4"
}
stale stale2s 50
stale stale4s 100
cat >"$work/case/case.json" <<JSON
{"case_id": "osd-real", "cameras": [{"id": "street", "references": ["reference.mp4"]}],
 "sessions": [{"id": "clean", "camera": "street", "viewer": "u1", "captures": ["clean.mp4"]},
              {"id": "stale2s", "camera": "street", "viewer": "u2", "captures": ["stale2s.mp4"]},
              {"id": "stale4s", "camera": "street", "viewer": "u3", "captures": ["stale4s.mp4"]}]}
JSON
status=0
"$build/cli/camtrace" -q audit --case "$work/case/case.json" -o "$work/findings.json" --frames "$work/frames.jsonl" --explain || status=$?
echo "camtrace exit code: $status"
python3 "$root/bench/osd_real.py" "$work/frames.jsonl"
