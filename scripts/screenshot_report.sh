#!/usr/bin/env bash
# Screenshot of an HTML report (e.g. the model comparison written by evaluation/comparison/html.py) as a PNG,
# to check by eye that the page and its inline SVG charts render. Headless Chromium, nothing fetched.
#
# Usage: scripts/screenshot_report.sh REPORT.html [OUT.png] [WIDTH,HEIGHT]
#   OUT.png defaults to REPORT.png beside the report; the window defaults to 1400,3000 (the PNG is the window:
#   raise HEIGHT to see more of a long page). OPEN=1 unfolds every <details> (folded tables) first.
# Needs Debian's chromium (apt-get install -y chromium); CHROMIUM=/path/to/binary overrides the binary.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 || ! -f $1 ]]; then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
report=$(realpath "$1")
out=${2:-${report%.*}.png}
size=${3:-1400,3000}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z $chromium ]]; then
    echo "chromium not found: apt-get install -y chromium (or set CHROMIUM)" >&2
    exit 1
fi
# A throwaway profile, so no state is read from or left in the user's home.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
out=$(realpath -m "$out")
if [[ ${OPEN:-0} == 1 ]]; then  # a copy beside the report (same folder, same relative links) with everything unfolded
    unfolded=$(mktemp --tmpdir="$(dirname "$report")" .unfolded-XXXXXX.html)
    trap 'rm -rf "$profile" "$unfolded"' EXIT
    sed 's/<details>/<details open>/g' "$report" > "$unfolded"
    report=$unfolded
fi
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$out" --window-size="$size" "file://$report" 2>/dev/null
[[ -s $out ]] || { echo "no screenshot written to $out" >&2; exit 1; }
echo "$out"
