# Sourced by bench/memory_length.sh and bench/memory_cameras.sh: CAMTRACE (the build's camtrace; BUILD,
# default build), THREADS (default 2), ROOT, and WORK, a temporary folder removed on exit, holding the
# case's files in case/ and the findings in out/ (camtrace writes nothing inside evidence folders).
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CAMTRACE="$ROOT/$BUILD/cli/camtrace"
[ -x "$CAMTRACE" ] || CAMTRACE="$BUILD/cli/camtrace"
THREADS=${THREADS:-2}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CASE="$WORK/case"
mkdir -p "$CASE" "$WORK/out"
