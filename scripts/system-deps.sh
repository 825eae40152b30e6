#!/usr/bin/env bash
# System packages the test suite uses, from Debian (never a browser download):
#   chromium       the browser tests (headless; Playwright drives /usr/bin/chromium)
#   poppler-utils  pdftotext/pdftoppm, to read back the PDF snapshots
#   gdal-bin       ogrinfo/ogr2ogr (and python3-gdal's validate_gpkg.py) to check the GeoPackage
#   libreoffice-writer, libreoffice-impress  to render the Word and PowerPoint files to PDF
# Installed when missing and we are root on a Debian-like machine; otherwise the tests that
# need them are skipped, each with a reason.
set -uo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v ogrinfo >/dev/null 2>&1 || missing+=(gdal-bin)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer libreoffice-impress)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "graphmodel: installing ${missing[*]} (Debian packages) for the tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
    || echo "graphmodel: could not install ${missing[*]}; the tests that need them will be skipped"
else
  echo "graphmodel: ${missing[*]} missing and no root to install them; those tests will be skipped"
fi
exit 0
