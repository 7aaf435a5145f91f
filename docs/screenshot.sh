#!/usr/bin/env bash
# Screenshot-level check of the documentation site: build it strictly, then photograph pages
# with headless Chromium so a person (or a CI artefact) can see that the Chinese text renders
# as Chinese glyphs, not as tofu boxes or mojibake.
#
# Usage:   bash docs/screenshot.sh [OUT_DIR]        (default OUT_DIR: site/screenshots, ignored by git)
# Needs:   mkdocs (pip install -e '.[docs]'), Chromium and a CJK font. On Debian:
#              apt-get update && apt-get install -y chromium fonts-noto-cjk
# Exit 2 when Chromium or a CJK font is missing (so CI can treat the check as optional).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-site/screenshots}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [ -z "$browser" ]; then
  echo "screenshot: Chromium not found (apt-get install -y chromium)" >&2
  exit 2
fi
if ! fc-list :lang=zh-cn family 2>/dev/null | grep -q .; then
  echo "screenshot: no font covers Chinese (apt-get install -y fonts-noto-cjk)" >&2
  exit 2
fi
echo "screenshot: Chinese is drawn with: $(fc-match 'sans-serif:lang=zh-cn' family)"

site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
"${PYTHON:-python3}" -m mkdocs build --strict --quiet --site-dir "$site"

# page (relative to the site) and what to call its picture
pages=(
  "text/hq/index.html hq"
  "text/hq/index.html#hq:3.2.1 hq-rent"
  "text/used-car/index.html used-car"
  "text/ebike/index.html ebike"
  "text/ebike/index.html#ebike:2.6.20 ebike-codes"
  "text/used-car/index.html#used-car:annex1 used-car-annex"
  "index.html home"
  "reference/used_car/index.html api-used-car"
)
for entry in "${pages[@]}"; do
  read -r page name <<<"$entry"
  target="file://$site/$page"
  if [[ "$page" == *"#"* ]]; then
    # Headless Chromium draws a blank picture for a URL with a fragment; an iframe scrolls fine.
    printf '<!doctype html><meta charset="utf-8"><style>html,body{margin:0}iframe{border:0;width:1280px;height:2000px}</style><iframe src="%s"></iframe>\n' \
      "$page" >"$site/_shot-$name.html"
    target="file://$site/_shot-$name.html"
  fi
  profile="$(mktemp -d)"
  "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --window-size=1280,2000 --virtual-time-budget=5000 \
    --screenshot="$out/$name.png" "$target" >/dev/null 2>&1
  rm -rf "$profile"
  test -s "$out/$name.png" || { echo "screenshot: no picture of $page" >&2; exit 1; }
  # a blank 1280x2000 picture compresses to ~12 kB; a page of text is hundreds
  if [ "$(wc -c <"$out/$name.png")" -lt 40000 ]; then
    echo "screenshot: the picture of $page looks blank" >&2
    exit 1
  fi
  echo "screenshot: $out/$name.png ($page)"
done
