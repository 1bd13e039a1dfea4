#!/usr/bin/env bash
# Installs a build into a scratch prefix and packs it as a .deb, then checks what a user gets: the program
# (and that it runs), the schemas, bash completion that completes subcommands and options, and the man page
# when help2man was there to make it.   packaging/install_test.sh BUILD_DIR
set -euo pipefail
build=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build" --prefix "$scratch/usr" >/dev/null
"$scratch/usr/bin/camtrace" --version | grep -q '^camtrace .*ffmpeg .*opencv .*libpcap'
test -f "$scratch/usr/share/camtrace/schema/findings.schema.json"
test -f "$scratch/usr/share/camtrace/schema/frames.schema.json"
test -f "$scratch/usr/share/camtrace/schema/case.schema.json"
completion=$scratch/usr/share/bash-completion/completions/camtrace
test -f "$completion"
complete_words() {  # the words completion offers for a command line whose last word is being typed
  PATH="$scratch/usr/bin:$PATH" bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _camtrace; printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@"
}
complete_words camtrace ve | grep -qx verify
complete_words camtrace simulate --clock | grep -qx -- --clock-styles
complete_words camtrace -q audit --fr | grep -qx -- --frames
if grep -q '^CAMTRACE_HELP2MAN:FILEPATH=/' "$build/CMakeCache.txt"; then
  test -s "$scratch/usr/share/man/man1/camtrace.1"
  grep -q 'SUBCOMMANDS' "$scratch/usr/share/man/man1/camtrace.1"
fi
(cd "$build" && cpack -G DEB -B "$scratch/deb" >/dev/null)
deb=$(ls "$scratch"/deb/camtrace_*.deb)
contents=$(dpkg-deb --contents "$deb")
grep -q './usr/bin/camtrace$' <<<"$contents"
grep -q './usr/share/man/man1/camtrace.1' <<<"$contents" || ! grep -q '^CAMTRACE_HELP2MAN:FILEPATH=/' "$build/CMakeCache.txt"
depends=$(dpkg-deb --field "$deb" Depends)
grep -q libavcodec <<<"$depends"
grep -q libpcap <<<"$depends"
echo "install and package: ok ($(basename "$deb"))"
