#!/bin/sh
# Regenerates docs/handout-jessner.png, the README's picture of the printed handout:
# the bundled Jessner plan printed by headless Chromium, its first page as a PNG.
# Needs: the venv (.venv), chromium and poppler-utils (apt-get install chromium poppler-utils).
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/aftercare plan --peel jessner --at "2026-11-26 14:30" --tz Pacific/Auckland --patient "Ana Smith" \
  --handout "$work/handout.html" >/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --no-pdf-header-footer \
  --print-to-pdf="$work/handout.pdf" "file://$work/handout.html" 2>/dev/null
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/handout.pdf" docs/handout-jessner
echo "wrote docs/handout-jessner.png"
