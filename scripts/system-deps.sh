#!/usr/bin/env bash
# System packages the tests need beyond Python (installed by CI before `make test`; run it once on a
# new machine too). Idempotent: packages already present are not fetched again.
set -euo pipefail
packages=()
need() { command -v "$1" >/dev/null 2>&1 || packages+=("$2"); }
# need BINARY DEBIAN_PACKAGE   (one line per tool the tests drive)
if [ ${#packages[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi
