#!/usr/bin/env bash
# The real-footage yardstick (bench/real_footage.sh) on clips no constant of camtrace was chosen on: four
# real clips Debian ships in its OpenCV documentation package (opencv-doc 4.6.0), none of them in
# ../shared/media: a hand turning a dark cup in front of a plain white wall (cup.mp4, 640x480, 217 frames),
# a hand lifting a box over a table (box.mp4, 640x480, 455 frames), a tree through a window
# (tree.avi, 320x240 Cinepak, 68 decodable frames) and an animated film's trailer with cuts (Megamind.avi,
# 720x528 MPEG-4 Part 2, 270 frames). The twin camera is made of the cup (a plain wall beside a cropped,
# darkened plain wall), the pan/tilt patrol of the box clip (the longest).
#   bench/heldout_clips.sh [OPENCV_DOC_DEB]
#   bench/heldout_clips.sh --clocks [OPENCV_DOC_DEB] [STYLE...]
# Without a package file it is fetched with `apt-get download opencv-doc` (a Debian mirror must be
# reachable). The clips' SHA-256 are printed first, so a figure can be tied to the bytes it was measured on.
# With --clocks, the same clips are the footage of bench/osd_drawtext.sh instead (FFmpeg's drawtext clocks
# burned into them, four cameras; every style, or those named): the clock reader on footage it was not
# tuned on.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clocks=0
if [ "${1:-}" = --clocks ]; then
  clocks=1
  shift
fi
deb=
if [[ "${1:-}" == *.deb ]]; then
  deb=$1
  shift
fi
if [ -z "$deb" ]; then
  (cd "$work" && apt-get download opencv-doc >/dev/null)
  deb=$(ls "$work"/opencv-doc_*.deb)
fi
dpkg-deb -x "$deb" "$work/pkg"
doc="$work/pkg/usr/share/doc/opencv-doc"
mkdir "$work/clips"
cp "$doc/examples/data/Megamind.avi" "$doc/examples/data/tree.avi" "$work/clips/"
for clip in cup box; do gzip -dc "$doc/opencv4/html/$clip.mp4.gz" >"$work/clips/$clip.mp4"; done
(cd "$work/clips" && sha256sum cup.mp4 box.mp4 tree.avi Megamind.avi)
if [ "$clocks" = 1 ]; then
  DRAWTEXT_CLIPS=opencv-doc MEDIA="$work/clips" "$root/bench/osd_drawtext.sh" "$@"
  exit
fi
"$root/bench/real_footage.sh" "$work/clips/cup.mp4" "$work/clips/box.mp4" "$work/clips/tree.avi" \
  "$work/clips/Megamind.avi"
