#!/usr/bin/env bash
# Burned-in clocks drawn by FFmpeg's drawtext (a renderer camtrace was never tuned on) over five real clips
# of ../shared/media, each a camera in its own time zone; read by camtrace and scored against the time each
# frame was drawn with. Two styles are development styles (bench/osd_drawtext.py's DEVELOPMENT), looked
# into when the reader changes; the others are held out: measured, never looked at.
#   bench/osd_drawtext.sh [STYLE...]     (default every style; about 3 minutes a style on 2 cores)
# bench/osd_drawtext.py says how the case is built.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
media=${MEDIA:-$root/../shared/media}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/bench/osd_drawtext.py" "$build/cli/camtrace" "$media" "$work" "$@"
