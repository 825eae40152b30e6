"""Regenerate the municipality tables in graphmodel/assets/reference/ from the shared reference.

Run only to regenerate the assets (pandas, nothing else)::

    .venv/bin/python scripts/make_reference_tables.py            # sources in ../shared/reference
    .venv/bin/python scripts/make_reference_tables.py --reference /path/to/reference

It reads ``norway_municipalities.csv``, ``norway_ba_regions.csv`` and
``sweden_municipalities.csv`` and writes ``municipalities_no.csv`` and
``municipalities_se.csv`` with the columns ``code,name,region,population,lat,lon,ba_region``:
the code as four-digit text, the county (fylke, län) as region, and for Norway the
commuting region (BA-region, ``ba_name`` of TØI 1713/2019). Sweden's functional regions are
not in the reference, so its ``ba_region`` column is empty. Every value is copied, none typed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "graphmodel" / "assets" / "reference"
COLUMNS = ["code", "name", "region", "population", "lat", "lon", "ba_region"]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def norway(reference: Path) -> pd.DataFrame:
    """Norway's 357 municipalities with their county and BA-region."""
    mun = _read(reference / "norway_municipalities.csv")
    ba = _read(reference / "norway_ba_regions.csv")
    missing = set(mun["kommunenummer"]) ^ set(ba["kommunenummer"])
    if missing:
        raise SystemExit(f"municipality codes differ between the two Norwegian files: "
                         f"{sorted(missing)}")
    table = mun.merge(ba[["kommunenummer", "ba_name"]], on="kommunenummer", how="left",
                      validate="one_to_one")
    return pd.DataFrame({
        "code": table["kommunenummer"], "name": table["name"], "region": table["fylke"],
        "population": table["population"], "lat": table["lat"], "lon": table["lon"],
        # the source ends one name with a no-break space; the loader trims every value, so
        # the table does too (a region name must read back the same)
        "ba_region": table["ba_name"].str.strip(),
    })


def sweden(reference: Path) -> pd.DataFrame:
    """Sweden's 290 municipalities with their county (län); no functional region."""
    mun = _read(reference / "sweden_municipalities.csv")
    return pd.DataFrame({
        "code": mun["kommunkod"], "name": mun["name"], "region": mun["lan"],
        "population": mun["population"], "lat": mun["lat"], "lon": mun["lon"],
        "ba_region": "",
    })


def write(table: pd.DataFrame, path: Path) -> None:
    """Sorted by code, UTF-8, LF, so that a rerun gives the same bytes."""
    table = table.sort_values("code", kind="stable")[COLUMNS]
    if not table["code"].str.fullmatch(r"\d{4}").all():
        raise SystemExit(f"{path.name}: a code is not four digits")
    table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)} ({len(table)} rows)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference",
                        help="folder holding the shared reference files")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    write(norway(args.reference), OUT / "municipalities_no.csv")
    write(sweden(args.reference), OUT / "municipalities_se.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
