#!/usr/bin/env bash
# Makes sure the tools the report tests use are installed: Debian's
# chromium (the HTML report is opened in a real headless browser) and
# poppler-utils (pdfinfo, pdftotext, pdftoppm read the evidence PDF),
# libxml2-utils (xmllint validates the JUnit XML against its XSD) and
# openssl (verifies signed results as an auditor would).
# Idempotent: installs with apt-get only what is missing.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [[ ${#missing[@]} -eq 0 ]]; then
	exit 0
fi
# shellcheck source=apt-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh"
apt_install install-report-tools "${missing[@]}"
