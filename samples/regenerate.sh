#!/usr/bin/env bash
# Rebuilds the bundled sample case from `camtrace simulate` (seed 7). The media and truth.json are
# committed, so a fresh checkout runs the README example without rendering anything; run this only to
# change the sample, and commit the result. The same seed gives the same bytes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
camtrace=${CAMTRACE:-$here/../build/cli/camtrace}
rm -rf "$here/incident-2019" "$here/incident-2019.json"
"$camtrace" simulate --out "$here/incident-2019" --seed 7 --seconds 12 >/dev/null
# The manifest sits beside the folder, so paths in it gain the folder's name.
python3 - "$here" <<'PY'
import json, sys
here = sys.argv[1]
with open(f"{here}/incident-2019/case.json") as f:
    case = json.load(f)
case["case_id"] = "incident-2019-sample"
for camera in case["cameras"]:
    camera["references"] = ["incident-2019/" + r for r in camera["references"]]
for session in case["sessions"]:
    session["captures"] = ["incident-2019/" + c for c in session["captures"]]
for log in case.get("logs", []):
    log["path"] = "incident-2019/" + log["path"]
with open(f"{here}/incident-2019.json", "w") as f:
    json.dump(case, f, indent=2)
    f.write("\n")
PY
rm "$here/incident-2019/case.json"
