#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `habits report` in a real browser: headless Chromium renders the page, and
# the screenshots, the rendered DOM and tesseract's reading of the screenshots
# must show the numbers `habits week --json` and `habits stats --json` give.
#
#   Tests/report/report_test.sh HABITS_BINARY [--save-screenshot docs/report.png] [--keep DIR]
#
# Installs chromium and tesseract-ocr with apt-get when they are missing and
# it may (root, or sudo without a password). Details: report_test.py.
set -euo pipefail

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v tesseract >/dev/null || missing+=(tesseract-ocr)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]]; then
    apt-get install -y "${missing[@]}" >/dev/null
  elif sudo -n true 2>/dev/null; then
    sudo apt-get install -y "${missing[@]}" >/dev/null
  fi
fi
exec python3 "$(dirname "$0")/report_test.py" "$@"
