#!/usr/bin/env bash
# What the tests need from the operating system: Debian's chromium, a CJK font (browser
# tests and PDFs), poppler-utils (pdfsig checks signed PDFs independently) and gettext (the
# English catalogue's completeness test extracts the strings as makemessages does).
# Installs them when running as root on Debian; otherwise says exactly what to install.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v pdfsig >/dev/null 2>&1 || missing+=(poppler-utils)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "system-deps: the browser tests need: ${missing[*]}" >&2
echo "  On Debian/Ubuntu: sudo apt-get install ${missing[*]}" >&2
echo "  (or set CHROMIUM=/path/to/chromium if it lives elsewhere)" >&2
exit 1
