"""A collaboration's sector guessed from its name and NACE code, by an editable table.

The table is a CSV file (``graphmodel/assets/registers/brreg_sectors.csv``; a planner may
give their own with the same columns) with one rule per line:

=========  ==========================================================================
match      ``part`` (the pattern occurs in a name, any case: Norwegian joins words,
           so ``brann`` finds "Brannvesen"), ``word`` (a whole word of the name) or
           ``nace`` (the NACE code starts with the pattern: ``38`` finds ``38.110``)
pattern    the text looked for
sector     a sector of the vocabulary (DESIGN.md "Data model")
why        what the rule means, for the reader of the table
=========  ==========================================================================

The first name rule (``part`` or ``word``) that finds something gives the name's sector,
the first ``nace`` rule the code's. When both give one and they differ, or the name finds
two different sectors, the answer is empty: an unsure guess is never shown as fact.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graphmodel.data.schema import SECTORS
from graphmodel.errors import GraphModelError

__all__ = ["MATCHES", "SectorRule", "guess_sector", "read_sector_rules", "sector_rules"]

MATCHES = ("part", "word", "nace")
_COLUMNS = ("match", "pattern", "sector", "why")


@dataclass(frozen=True)
class SectorRule:
    """One line of the table."""

    match: str
    pattern: str
    sector: str
    why: str = ""


def read_sector_rules(source=None) -> tuple[SectorRule, ...]:
    """The rules of a table file (default: the one shipped with graphmodel).

    Raises
    ------
    GraphModelError
        Naming the file and line of a missing column, an unknown ``match`` or a sector
        outside the vocabulary.
    """
    if source is None:
        text = resources.files("graphmodel").joinpath(
            "assets", "registers", "brreg_sectors.csv").read_text(encoding="utf-8")
        where = "brreg_sectors.csv"
    else:
        where = str(source)
        text = Path(source).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _COLUMNS[:3] if c not in (reader.fieldnames or [])]
    if missing:
        raise GraphModelError(f"{where}: the sector table needs the columns "
                              f"{', '.join(_COLUMNS)}; {', '.join(missing)} missing")
    rules = []
    for line, row in enumerate(reader, start=2):
        match = (row.get("match") or "").strip().lower()
        pattern = (row.get("pattern") or "").strip().lower()
        sector = (row.get("sector") or "").strip()
        if not (match or pattern or sector):
            continue
        if match not in MATCHES:
            raise GraphModelError(f"{where}:{line}: match: {match!r} is not one of "
                                  f"{', '.join(MATCHES)}")
        if not pattern:
            raise GraphModelError(f"{where}:{line}: pattern: empty; give the text looked for")
        if sector not in SECTORS:
            raise GraphModelError(f"{where}:{line}: sector: {sector!r} is not in the sector "
                                  f"vocabulary ({', '.join(SECTORS)})")
        rules.append(SectorRule(match, pattern, sector, (row.get("why") or "").strip()))
    return tuple(rules)


_SHIPPED: tuple[SectorRule, ...] | None = None


def sector_rules() -> tuple[SectorRule, ...]:
    """The shipped rules (read once)."""
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = read_sector_rules()
    return _SHIPPED


def guess_sector(name: str, nace: str = "", rules=None) -> str:
    """The sector of a collaboration called ``name`` with NACE code ``nace``, or ``""``.

    Examples
    --------
    >>> guess_sector("Vestfold Vann IKS", "36.000")
    'water'
    >>> guess_sector("Midt-Telemark Brannvesen IKS")
    'fire'
    >>> guess_sector("Kommunerevisjon IKS", "69.201")   # no rule: unsure, so empty
    ''
    >>> guess_sector("Distriktsrevisjon IKS")           # "IKT" is not a word of it
    ''
    >>> guess_sector("Brann og Renovasjon IKS")         # two sectors in the name: unsure
    ''
    """
    rules = sector_rules() if rules is None else rules
    low = (name or "").lower()
    words = set(re.findall(r"\w+", low))
    by_name = {r.sector for r in rules
               if (r.match == "part" and r.pattern in low)
               or (r.match == "word" and r.pattern in words)}
    code = (nace or "").strip()
    by_code = next((r.sector for r in rules if r.match == "nace" and code
                    and code.startswith(r.pattern)), "")
    if len(by_name) > 1:
        return ""
    if by_name:
        named = next(iter(by_name))
        return named if not by_code or by_code == named else ""
    return by_code
