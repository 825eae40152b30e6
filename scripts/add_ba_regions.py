"""Give a dataset's actors the BA-region (commuting region) of their municipality, from the lookup.

Run from the project's root::

    python scripts/add_ba_regions.py data/nordic

Adds (or refreshes) the ``ba_region`` column of ``DATA/actors.csv``: for an actor with a
country and a municipality code that :mod:`graphmodel.reference` knows, the BA-region of
that code (TØI 1713/2019, Norway only); every other cell stays empty. Nothing is typed by
hand, and every other byte of the file is kept: the column is appended (or rewritten in
place), the rows keep their order, quoting and line ends.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphmodel.reference import COUNTRIES, ba_region_of

COLUMN = "ba_region"


def with_ba_regions(text: str) -> tuple[str, int]:
    """The CSV text of an actors table with its ``ba_region`` column filled from the lookup,
    and the number of actors given one."""
    newline = "\r\n" if "\r\n" in text else "\n"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    lower = [h.strip().lower() for h in header]
    if COLUMN not in lower:
        header.append(COLUMN)
        lower.append(COLUMN)
        for row in rows[1:]:
            if row:
                row.append("")
    at, country_at, code_at = (lower.index(c) if c in lower else None
                               for c in (COLUMN, "country", "code"))
    filled = 0
    for row in rows[1:]:
        if not row:
            continue
        country = row[country_at].strip().upper() if country_at is not None else ""
        code = row[code_at].strip() if code_at is not None else ""
        value = ba_region_of(country, code) if country in COUNTRIES and code else None
        row[at] = value or ""
        filled += value is not None
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(rows)
    return out.getvalue(), filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a dataset folder holding actors.csv")
    args = parser.parse_args(argv)
    path = args.data / "actors.csv"
    text, filled = with_ba_regions(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8", newline="")
    print(f"{path}: {filled} actors have a BA-region")
    return 0


if __name__ == "__main__":
    sys.exit(main())
