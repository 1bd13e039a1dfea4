#!/bin/sh
# Log ingestion: lines per second and peak memory of `camtrace audit` over a large serving log, against
# `wc -l` (the I/O floor) and an awk program that splits every line into fields (a per-line text tool),
# reading the same file in the same run. The audit of the case without the log is timed too and taken off.
#   bench/log_throughput.sh [LINES] [FORMAT...]     default: 10000000 lines, jsonl nginx csv
# Needs a build in ./build (camtrace, camtrace-loggen, camtrace-splice is not needed).
set -eu
LINES=${1:-10000000}
shift 2>/dev/null || true
FORMATS=${*:-jsonl nginx csv}
BUILD=${BUILD:-build}
WORK=$(mktemp -d)
OUT=$(mktemp -d)  # not beside the log: camtrace writes nowhere inside a folder that holds evidence
trap 'rm -rf "$WORK" "$OUT"' EXIT

# One tiny capture, so that the case is valid; the log is the work.
"$BUILD/cli/camtrace" simulate --out "$WORK/sim" --seed 3 --cameras 2 --sessions 1 --seconds 1 --reference-seconds 1 \
  --log-sessions 0 -q >/dev/null

seconds() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f", e - s }'; }
now() { date +%s.%N; }

for FORMAT in $FORMATS; do
  LOG="$WORK/big.$FORMAT"
  "$BUILD/bench/camtrace-loggen" "$FORMAT" "$LINES" "$LOG"
  case $FORMAT in
    jsonl) SPEC='{"path": "'"$LOG"'", "format": "jsonl", "fields": {"time": "ts", "session": "session_id", "viewer": "user",
             "camera": "device", "object": "key", "object_camera": "owner", "cache_status": "cache", "node": "node",
             "rtt_ms": "net.rtt_ms", "bitrate_kbps": "net.kbps", "event": "action"}}' ;;
    nginx) SPEC='{"path": "'"$LOG"'", "format": "nginx",
             "log_format": "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent \"$http_user_agent\" $upstream_cache_status $request_time $hostname",
             "fields": {"time": "time_local", "session": {"field": "args", "query": "session"}, "viewer": "remote_user",
             "camera": {"field": "args", "query": "cam"}, "object": "uri", "cache_status": "upstream_cache_status",
             "node": "hostname", "rtt_ms": {"field": "request_time", "scale": 1000}},
             "object_camera_pattern": "^/v1/thumbs/([^/]+)/"}' ;;
    csv) SPEC='{"path": "'"$LOG"'", "format": "csv"}' ;;
  esac
  python3 - "$WORK/sim/case.json" "$WORK/case-$FORMAT.json" "$SPEC" <<'PY'
import json, os, sys
case = json.load(open(sys.argv[1]))
base = os.path.dirname(os.path.abspath(sys.argv[1]))
for c in case["cameras"]:
    c["references"] = [os.path.join(base, r) for r in c["references"]]
for s in case["sessions"]:
    s["captures"] = [os.path.join(base, p) for p in s["captures"]]
case["logs"] = [json.loads(sys.argv[3])]
json.dump(case, open(sys.argv[2], "w"))
PY
  BYTES=$(stat -c %s "$LOG")
  T0=$(now); wc -l "$LOG" >/dev/null; T1=$(now)
  awk -F'[,"]' '{ n += NF } END { print n }' "$LOG" >/dev/null; T2=$(now)
  "$BUILD/cli/camtrace" audit --case "$WORK/sim/case.json" -q -o "$OUT/f0.json" || true
  T3=$(now)
  status=0
  /usr/bin/time -f "%M" -o "$WORK/rss" "$BUILD/cli/camtrace" audit --case "$WORK/case-$FORMAT.json" -q -o "$OUT/f.json" || status=$?
  if [ "$status" -eq 2 ]; then echo "camtrace refused to audit the $FORMAT log (exit 2)" >&2; exit 2; fi
  T4=$(now)
  RSS=$(tail -n 1 "$WORK/rss")
  CT=$(awk -v a="$T2" -v b="$T3" -v c="$T4" 'BEGIN { printf "%.2f", (c - b) - (b - a) }')
  FOUND=$(python3 -c "import json,sys; f=json.load(open(sys.argv[1])); print(sum(1 for x in f['findings'] if x['type']=='cross_camera_delivery'), f['logs'][0]['events'], f['logs'][0]['malformed_lines'])" "$OUT/f.json")
  echo "$FORMAT: $LINES lines, $((BYTES / 1048576)) MiB: camtrace $CT s ($(awk -v n="$LINES" -v t="$CT" 'BEGIN { printf "%.0f", n / t }') lines/s), peak RSS $((RSS / 1024)) MiB;" \
       "wc -l $(seconds "$T0" "$T1") s, awk fields $(seconds "$T1" "$T2") s; deliveries/events/malformed: $FOUND"
  rm -f "$LOG"
done
