#!/usr/bin/env bash
# Regenerates the committed seed corpora fuzz/seeds/<target>/ and the libFuzzer dictionaries
# fuzz/dicts/*.dict from samples/drafts plus generated docx/xlsx/xlsb/xls/ods/OFD/zip/PDF files.
# Python 3 standard library only; deterministic output.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 fuzz/gen_seeds.py "$@"
