#!/usr/bin/env bash
# One-step setup on a fresh Debian/Ubuntu machine: system packages (Tesseract with the
# Vietnamese model, poppler, fonts with Vietnamese glyphs) and sohoa itself.
#   scripts/setup.sh          install sohoa
#   scripts/setup.sh --test   also the test dependencies (and PostgreSQL for database tests)
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(tesseract-ocr tesseract-ocr-vie poppler-utils fonts-liberation2)
if [ "${1:-}" = "--test" ]; then packages+=(postgresql); fi
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "${1:-}" = "--test" ]; then
  python3 -m pip install -q -e ".[test]"
else
  python3 -m pip install -q -e .
fi
