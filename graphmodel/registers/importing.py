"""One import, start to end: read a register, merge it into a dataset, say what happened.

The command line (``graphmodel import``) and the explorer's Data page both call
:func:`run_import`, so they report the same things in the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from graphmodel.data.model import Model
from graphmodel.i18n import integer, ntr, tr

from .brreg import import_iks
from .client import JsonClient
from .merge import fill_actors, merge_note, merge_register
from .municipalities import municipality_actors, municipality_model

__all__ = ["SOURCES", "ImportResult", "known_orgnrs", "run_import"]

#: what can be imported: every municipality of NO or SE, every IKS of Enhetsregisteret
SOURCES = ("NO", "SE", "brreg")


@dataclass
class ImportResult:
    """What :func:`run_import` made.

    ``model`` is the dataset to keep; ``note`` its version note (English, stored as data);
    ``lines`` the report in the language in use; ``changes`` the change table of a merge
    (:data:`graphmodel.registers.merge.MERGE_COLUMNS`) and ``additions`` what a
    municipality import filled in (:data:`graphmodel.registers.merge.FILL_COLUMNS`).
    """

    model: Model
    note: str
    lines: list[str] = field(default_factory=list)
    changes: pd.DataFrame | None = None
    additions: pd.DataFrame | None = None


def known_orgnrs(model: Model | None) -> list[str]:
    """The organisation numbers of ``model``'s collaborations (a previous import's)."""
    if model is None or "orgnr" not in model.collaborations.columns:
        return []
    return sorted({o for o in model.collaborations["orgnr"] if isinstance(o, str) and o})


def _municipalities(country: str, into: Model | None) -> ImportResult:
    if into is None:
        model = municipality_model(country)
        return ImportResult(model, f"every municipality of {country}", [ntr(
            "{n} municipality of {country}", "{n} municipalities of {country}",
            len(model.actors), country=country)])
    model, added = fill_actors(into, municipality_actors(country), country=country)
    what = added["what"].value_counts()

    def n(kind):
        return int(what.get(kind, 0))

    note = (f"municipalities of {country}: {n('added')} added, {n('filled')} values filled "
            f"in, {n('code by name')} codes found by name")
    line = tr("Municipalities of {country}: {added} added, {filled} values filled in, "
              "{by_name} codes found by name (a value the data gives is never changed).",
              country=country, added=integer(n("added")), filled=integer(n("filled")),
              by_name=integer(n("code by name")))
    return ImportResult(model, note, [line], additions=added)


def run_import(source: str, into: Model | None = None, *, client: JsonClient | None = None,
               rules=None, progress: Callable[[int, int, str], None] | None = None
               ) -> ImportResult:
    """Import ``source`` (one of :data:`SOURCES`), merged into ``into`` when given.

    Parameters
    ----------
    source : str
        ``"NO"`` or ``"SE"`` (every municipality) or ``"brreg"`` (every IKS).
    into : Model, optional
        The dataset to merge into (:func:`graphmodel.registers.merge.fill_actors` or
        :func:`graphmodel.registers.merge.merge_register`).
    client : JsonClient
        For ``brreg``: where and how to read the register (required).
    rules : sector rules, optional
        For ``brreg``: :func:`graphmodel.registers.sectors.read_sector_rules` of the user's table.
    progress : callable, optional
        ``progress(done, total, what)`` after each request.

    Raises
    ------
    SpecError
        For an unknown source or a ``brreg`` import without a client.
    RegisterError
        When the register cannot be read.
    """
    from graphmodel.errors import SpecError

    key = source if source == "brreg" else str(source).strip().upper()
    if key not in SOURCES:
        raise SpecError(f"unknown register {source!r}: use NO, SE or brreg")
    if key != "brreg":
        return _municipalities(key, into)
    if client is None:
        raise SpecError("a brreg import needs a JsonClient (the register's address, a cache)")
    imported, report = import_iks(client, known=known_orgnrs(into), rules=rules,
                                  progress=progress)
    lines = report.lines()
    lines.insert(0, ntr("{n} request to the register", "{n} requests to the register",
                        report.requests) + f" ({client.base_url})")
    if into is None:
        return ImportResult(imported, "Enhetsregisteret import: every IKS", lines)
    model, table = merge_register(into, imported)
    return ImportResult(model, merge_note(table), lines + [_changes_line(table)],
                        changes=table)


def _changes_line(table: pd.DataFrame) -> str:
    count = table["change"].value_counts()

    def n(kind):
        return integer(int(count.get(kind, 0)))

    return tr("Since the previous version: {formed} added, {ended} ended, {changed} changed; "
              "owners {joined} joined, {left} left.", formed=n("formed"), ended=n("ended"),
              changed=n("changed"), joined=n("joined"), left=n("left"))



