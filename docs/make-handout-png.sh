#!/bin/sh
# Regenerates the README's pictures of the printed handout, each printed by headless Chromium, one page of it
# as a PNG: docs/handout-jessner.png (the bundled Jessner plan's first page), docs/handout-every-feature-de.png
# (the example file in German: the week's grid, its long words broken inside their cells) and
# docs/handout-every-feature-ar.png (the same in Arabic, right to left).
# Needs: the venv (.venv), chromium, poppler-utils and an Arabic font (apt-get install chromium poppler-utils
# fonts-liberation fonts-dejavu-core).
set -eu
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

picture() {  # NAME, the page to show, then the plan's options
  name=$1
  page=$2
  shift 2
  .venv/bin/aftercare plan --at "2026-11-26 14:30" --tz Pacific/Auckland --handout "$work/$name.html" "$@" \
    >/dev/null 2>&1
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile" --no-pdf-header-footer \
    --print-to-pdf="$work/$name.pdf" "file://$work/$name.html" 2>/dev/null
  pdftoppm -png -r 80 -f "$page" -l "$page" -singlefile "$work/$name.pdf" "docs/$name"
  echo "wrote docs/$name.png"
}

picture handout-jessner 1 --peel jessner --patient "Ana Smith"
# Page 2: the example's long labels take the week's grid off page one; the grid is what shows the long German
# words hyphenated in their cells, and the page laid out right to left.
picture handout-every-feature-de 2 --rules examples/every-feature.yaml --lang de --paper a4
picture handout-every-feature-ar 2 --rules examples/every-feature.yaml --lang ar --paper a4
