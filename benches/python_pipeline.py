#!/usr/bin/env python3
"""Baseline for benches/office_compare.sh: the xlsx/docx scan a competent Python user would write.

    python3 benches/python_pipeline.py [--dict FILE] [--jobs N] [--per-file] DIR_OR_FILE...

- files: *.xlsx / *.docx found (recursively) under the given folders, scanned by a
  multiprocessing Pool (2 workers by default), largest files first, one file per task;
- xlsx: python-calamine, every sheet (hidden ones included), every cell turned into a string
  (integral floats as integer digits, so a mobile stored as a number reads 13812345678);
- docx: python-docx, body paragraphs + table cells + section headers/footers;
- dictionary terms: one pyahocorasick automaton, built once per worker process;
- identifiers: `re` with ASCII classes:
    cn_resident_id         18 digits, GB 11643 check digit and a real birth date (1900..today)
    cn_mobile              1[3-9]\\d{9} not touching other digits
    bank_card              16-19 digits passing Luhn (an 18-digit run that is a valid ID is an ID)
    cn_resident_id_masked  \\d{6}\\*{8}\\d{3}[\\dX]
    cn_mobile_masked       1\\d{2}\\*{4}\\d{4}
--terms-skip-ascii (off by default, used only for a sensitivity run): before the automaton, replace
every ASCII run by one space when no dictionary term contains ASCII or a space. pyahocorasick walks
ASCII characters that start no term slowly (the digits and '*' of identifier columns dominate xlsx
text), so this shows how much of the baseline's time that costs.
Counts are per file; the totals (overall and per format) are printed as one JSON object on stdout.
"""
import argparse
import datetime
import json
import os
import re
import sys
from multiprocessing import Pool

import ahocorasick
import docx
from python_calamine import CalamineWorkbook

DEFAULT_DICT = "/work/bench/dict.txt"
KEYS = ("cn_resident_id", "cn_mobile", "bank_card", "cn_resident_id_masked", "cn_mobile_masked", "terms")

RE_ID = re.compile(r"(?<![0-9])([0-9]{6})([0-9]{4})([0-9]{2})([0-9]{2})[0-9]{3}[0-9Xx](?![0-9])", re.ASCII)
RE_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])", re.ASCII)
RE_CARD = re.compile(r"(?<![0-9])[0-9]{16,19}(?![0-9])", re.ASCII)
RE_ID_MASKED = re.compile(r"(?<![0-9])[0-9]{6}\*{8}[0-9]{3}[0-9Xx](?![0-9])", re.ASCII)
RE_MOBILE_MASKED = re.compile(r"(?<![0-9])1[0-9]{2}\*{4}[0-9]{4}(?![0-9])", re.ASCII)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
TODAY = datetime.date.today()

RE_ASCII_RUN = re.compile(r"[\x00-\x7f]+")

_automaton = None
_skip_ascii = False


def id_valid(s):
    if ID_CHECK[sum((ord(c) - 48) * w for c, w in zip(s, ID_WEIGHTS)) % 11] != s[17].upper():
        return False
    try:
        d = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= d <= TODAY


def luhn(s):
    total = 0
    for i, c in enumerate(reversed(s)):
        d = ord(c) - 48
        if i & 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def init_worker(dict_path, skip_ascii=False):
    global _automaton, _skip_ascii
    a = ahocorasick.Automaton()
    all_non_ascii = True
    with open(dict_path, encoding="utf-8-sig") as f:
        for line in f:
            t = line.strip()
            if t and not t.startswith("#"):
                a.add_word(t, t)
                all_non_ascii = all_non_ascii and not any(ord(ch) < 128 for ch in t)
    a.make_automaton()
    _automaton = a
    _skip_ascii = skip_ascii and all_non_ascii


def cell_str(v):
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, str):
        return v
    return "" if v is None else str(v)


def xlsx_text(path):
    wb = CalamineWorkbook.from_path(path)
    parts = []
    for name in wb.sheet_names:                      # includes hidden and very hidden sheets
        for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
            parts.append("\t".join(cell_str(v) for v in row))
    return "\n".join(parts)


def docx_text(path):
    d = docx.Document(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                parts.append(cell.text)
    for s in d.sections:
        for hf in (s.header, s.footer, s.first_page_header, s.first_page_footer,
                   s.even_page_header, s.even_page_footer):
            if not hf.is_linked_to_previous:
                parts.extend(p.text for p in hf.paragraphs)
                for t in hf.tables:
                    for row in t.rows:
                        parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def scan_text(text):
    c = dict.fromkeys(KEYS, 0)
    ids = set()
    for m in RE_ID.finditer(text):
        if id_valid(m.group(0)):
            c["cn_resident_id"] += 1
            ids.add(m.start())
    c["cn_mobile"] = sum(1 for _ in RE_MOBILE.finditer(text))
    for m in RE_CARD.finditer(text):
        if m.start() not in ids and luhn(m.group(0)):
            c["bank_card"] += 1
    c["cn_resident_id_masked"] = sum(1 for _ in RE_ID_MASKED.finditer(text))
    c["cn_mobile_masked"] = sum(1 for _ in RE_MOBILE_MASKED.finditer(text))
    if _skip_ascii:
        text = RE_ASCII_RUN.sub(" ", text)
    c["terms"] = sum(1 for _ in _automaton.iter(text))
    return c


def scan_file(path):
    try:
        text = xlsx_text(path) if path.lower().endswith(".xlsx") else docx_text(path)
    except Exception as e:  # a broken file must not stop the batch
        return path, None, f"{type(e).__name__}: {e}"
    return path, scan_text(text), None


def collect(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if d != ".git"]
                out.extend(os.path.join(root, f) for f in files if f.lower().endswith((".xlsx", ".docx")))
        else:
            out.append(p)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--dict", default=DEFAULT_DICT)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--terms-skip-ascii", action="store_true",
                    help="sensitivity variant: hide ASCII runs from the automaton (see docstring)")
    ap.add_argument("--per-file", action="store_true", help="also print one JSON line per file (stderr)")
    a = ap.parse_args()
    files = sorted(collect(a.paths), key=os.path.getsize, reverse=True)
    totals = dict.fromkeys(KEYS, 0)
    by_format = {}
    errors = []
    with Pool(a.jobs, initializer=init_worker, initargs=(a.dict, a.terms_skip_ascii)) as pool:
        for path, c, err in pool.imap_unordered(scan_file, files, chunksize=1):
            if err:
                errors.append({"path": path, "error": err})
                continue
            fmt = path.rsplit(".", 1)[-1].lower()
            bf = by_format.setdefault(fmt, {"files": 0, **dict.fromkeys(KEYS, 0)})
            bf["files"] += 1
            for k in KEYS:
                totals[k] += c[k]
                bf[k] += c[k]
            if a.per_file:
                print(json.dumps({"path": path, **c}, ensure_ascii=False), file=sys.stderr)
    print(json.dumps({"files": len(files), **totals, "by_format": by_format, "errors": errors},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
