#!/usr/bin/env bash
# Makes sure the tools the report tests use are installed: Debian's
# chromium (the HTML report is opened in a real headless browser) and
# poppler-utils (pdfinfo, pdftotext, pdftoppm read the evidence PDF).
# Idempotent: installs with apt-get only what is missing.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [[ ${#missing[@]} -eq 0 ]]; then
	exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-report-tools: ${missing[*]} missing and apt-get is not available; install them yourself" >&2
	exit 1
fi
sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo=(sudo)
	else
		echo "install-report-tools: need root (or sudo) to apt-get install ${missing[*]}" >&2
		exit 1
	fi
fi
echo "install-report-tools: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
	"${sudo[@]}" apt-get update >&2
	"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi
