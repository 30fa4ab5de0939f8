#!/usr/bin/env bash
# System packages the tests need beyond Python (installed by CI before `make test`; run it once on a
# new machine too). Idempotent: packages already present are not fetched again.
set -euo pipefail
packages=()
need() { command -v "$1" >/dev/null 2>&1 || packages+=("$2"); }
# need BINARY DEBIAN_PACKAGE   (one line per tool the tests drive)
need chromium chromium   # tests/test_browser.py: the graph page in real headless Chromium
# Chinese glyphs on the graph page and in the browser tests (a font, not a binary: checked by its file)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || packages+=(fonts-wqy-microhei)
need virtuoso-t virtuoso-opensource   # tests/test_virtuoso.py: push to and query a real triple store
need rapper raptor2-utils   # tests/test_readers.py: every RDF export parsed by a reader this project did not write
if [ ${#packages[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi
