"""An import merged into a planner's dataset: register rows replaced, the planner's kept.

DESIGN.md "Registers", "Merging". Two operations:

- :func:`fill_actors` (``import municipalities --into``): the planner's actors get what they
  lack from the municipality table, matched by ``code`` (or, for an actor without a code,
  by its exact name); missing municipalities are added; a value the planner gave is never
  overwritten.
- :func:`merge_register` (``import brreg --into`` / ``--workspace``): collaborations from the
  register are matched by ``orgnr`` and replaced (keeping the planner's id and the columns
  the register does not give, such as ``parent`` and ``host``); the register's memberships
  of them are replaced; everything else the planner keeps (vertskommune arrangements,
  councils, agreements, their own memberships) stays. Register actors are matched to the
  planner's by ``code`` (municipality number; county number for a county) or ``orgnr``.
  The change table says what the register added, ended and changed since the previous
  import (:func:`graphmodel.change.compare.changes`, plus field changes).
"""

from __future__ import annotations

import pandas as pd

from graphmodel.change.compare import CHANGE_COLUMNS, changes
from graphmodel.data.model import Model
from graphmodel.i18n import tr

from .municipalities import FILLED_COLUMNS

__all__ = [
    "FILL_COLUMNS",
    "MERGE_COLUMNS",
    "REGISTER_SOURCE",
    "change_label",
    "fill_actors",
    "merge_note",
    "merge_register",
]

#: the columns of the table :func:`fill_actors` returns
FILL_COLUMNS = ["actor", "name", "what", "column", "value"]
#: the columns of the change table of :func:`merge_register`
MERGE_COLUMNS = [*CHANGE_COLUMNS, "detail"]
#: how a row from the register starts its ``source``
REGISTER_SOURCE = "Enhetsregisteret"
#: collaboration fields whose change is reported
_COMPARED = ("name", "status", "end", "sector", "notes")
#: the collaboration columns the register gives (a matched row takes these, keeps the rest;
#: an empty sector, "unsure", leaves the planner's)
_REGISTER_GIVES = ("name", "kind", "sector", "legal_form", "status", "start", "end", "source",
                   "notes", "orgnr")


def _empty(value) -> bool:
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        return False
    return isinstance(value, str) and not value.strip()


def _text_of(value) -> str:
    if _empty(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def fill_actors(model: Model, reference: pd.DataFrame, *, country: str
                ) -> tuple[Model, pd.DataFrame]:
    """``model`` with what its actors lack filled in from ``reference`` (municipality rows).

    Parameters
    ----------
    model : Model
        The planner's dataset.
    reference : DataFrame
        Rows of actors.csv for every municipality (see
        :func:`graphmodel.registers.municipalities.municipality_actors`).
    country : str
        The reference's country: an actor matches when its ``country`` is that one or empty.

    Returns
    -------
    (Model, DataFrame)
        The filled dataset and one row per addition: ``actor, name, what, column, value``
        (``what`` is ``filled``, ``code by name`` or ``added``).

    Examples
    --------
    >>> import pandas as pd
    >>> from graphmodel.registers.municipalities import municipality_actors
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["stj", "x"], "name": ["Stjørdal", "Meråker"],
    ...                   "kind": "municipality", "code": ["5035", ""],
    ...                   "population": [25000, None]}),
    ...     pd.DataFrame({"id": ["c"], "name": ["C"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["stj", "x"], "collaboration": ["c", "c"]}))
    >>> ref = municipality_actors("NO")
    >>> out, added = fill_actors(m, ref[ref["code"].isin(["5035", "5034", "5036"])], country="NO")
    >>> out.actors[["id", "code", "population"]].values.tolist()[:2]
    [['stj', '5035', 25000], ['x', '5034', 2454]]
    >>> sorted(added.loc[added["what"] == "added", "actor"])
    ['no-5036']
    """
    actors = _records(model.actors)
    columns = list(model.actors.columns)
    for column in FILLED_COLUMNS:
        if column not in columns:
            columns.append(column)
    country = country.strip().upper()
    reference = reference.reset_index(drop=True)
    ref_by_code = {r["code"]: r for r in _records(reference)}
    names = reference["name"].str.casefold()
    unique_name = {n: c for n, c in zip(names, reference["code"]) if (names == n).sum() == 1}
    taken = set(model.actors["id"]) | set(model.collaborations["id"])
    added = []

    def fits(actor) -> bool:
        return actor.get("kind") == "municipality" and \
            (_empty(actor.get("country")) or str(actor.get("country")).upper() == country)

    matched = set()
    for actor in actors:
        if not fits(actor):
            continue
        code = _text_of(actor.get("code"))
        if not code:
            code = unique_name.get(str(actor.get("name", "")).strip().casefold(), "")
            if not code or code in matched:
                continue
            actor["code"] = code
            added.append({"actor": actor["id"], "name": actor["name"], "what": "code by name",
                          "column": "code", "value": code})
        ref = ref_by_code.get(code)
        if ref is None or code in matched:
            continue
        matched.add(code)
        for column in FILLED_COLUMNS:
            if _empty(actor.get(column)) and not _empty(ref.get(column)):
                actor[column] = ref[column]
                added.append({"actor": actor["id"], "name": actor["name"], "what": "filled",
                              "column": column, "value": _text_of(ref[column])})
    for code, ref in ref_by_code.items():
        if code in matched or ref["id"] in taken:
            continue
        actors.append(dict(ref))
        added.append({"actor": ref["id"], "name": ref["name"], "what": "added",
                      "column": "", "value": ""})
    frame = pd.DataFrame(actors, columns=columns)
    out = Model.from_frames(frame, model.collaborations, model.memberships, name=model.name)
    return out, pd.DataFrame(added, columns=FILL_COLUMNS).astype(object)


def _actor_key(row) -> str:
    """The key a register actor is matched by: ``m:5035`` (municipality), ``c:50`` (county)."""
    code = _text_of(row.get("code"))
    if not code:
        return ""
    return ("c:" if row.get("kind") == "county" else "m:") + code


def _is_register(row) -> bool:
    return _text_of(row.get("source")).startswith(REGISTER_SOURCE)


def merge_register(model: Model, imported: Model) -> tuple[Model, pd.DataFrame]:
    """``imported`` (a register import) merged into the planner's ``model``.

    Returns
    -------
    (Model, DataFrame)
        The merged dataset and its change table against ``model``: the columns of
        :func:`graphmodel.change.compare.changes` (``formed``, ``ended``, ``joined``, ``left``) and
        ``changed`` rows for register collaborations whose name, status, end, sector or
        notes changed, plus ``detail`` (``"status: active → ended"``).
    """
    # actors: the planner's rows win; a register actor matched by code or orgnr takes the
    # planner's id and only fills empty cells
    actors = _records(model.actors)
    columns = list(model.actors.columns)
    by_key = {}
    for actor in actors:
        for key in (_actor_key(actor), "o:" + _text_of(actor.get("orgnr"))):
            if key not in ("", "o:"):
                by_key.setdefault(key, actor)
    ids = {a["id"] for a in actors} | set(model.collaborations["id"])
    actor_id = {}
    for row in _records(imported.actors):
        for column in row:
            if column not in columns:
                columns.append(column)
        planner = by_key.get(_actor_key(row)) or by_key.get("o:" + _text_of(row.get("orgnr")))
        if planner is None and row["id"] in ids:
            planner = next(a for a in actors if a["id"] == row["id"]) \
                if any(a["id"] == row["id"] for a in actors) else None
        if planner is None:
            actors.append(dict(row))
            actor_id[row["id"]] = row["id"]
            continue
        actor_id[row["id"]] = planner["id"]
        for column, value in row.items():
            if column not in ("id", "source") and _empty(planner.get(column)) and \
                    not _empty(value):
                planner[column] = value

    # collaborations: matched by orgnr and replaced, keeping the planner's id and columns
    colls = _records(model.collaborations)
    coll_columns = list(model.collaborations.columns)
    by_orgnr = {_text_of(c.get("orgnr")): c for c in colls if _text_of(c.get("orgnr"))}
    coll_id = {}
    for row in _records(imported.collaborations):
        for column in row:
            if column not in coll_columns:
                coll_columns.append(column)
        old = by_orgnr.get(_text_of(row.get("orgnr")))
        if old is None:
            colls.append(dict(row))
            coll_id[row["id"]] = row["id"]
            continue
        coll_id[row["id"]] = old["id"]
        old.update({k: v for k, v in row.items() if k in _REGISTER_GIVES
                    and not (k == "sector" and _empty(v))})

    # memberships: the register's of a replaced collaboration go; the planner's stay unless
    # the register now lists the same pair
    new = imported.memberships.assign(
        actor=imported.memberships["actor"].map(actor_id),
        collaboration=imported.memberships["collaboration"].map(coll_id))
    pairs = set(zip(new["actor"], new["collaboration"]))
    replaced = set(coll_id.values())
    kept = [m for m in _records(model.memberships)
            if not (m["collaboration"] in replaced and _is_register(m))
            and (m["actor"], m["collaboration"]) not in pairs]
    member_frame = pd.concat([pd.DataFrame(kept, columns=model.memberships.columns),
                              new], ignore_index=True)
    merged = Model.from_frames(pd.DataFrame(actors, columns=columns),
                               pd.DataFrame(colls, columns=coll_columns), member_frame,
                               name=model.name)
    return merged, register_changes(model, merged)


def register_changes(before: Model, after: Model) -> pd.DataFrame:
    """:func:`graphmodel.change.compare.changes` from ``before`` to ``after``, plus ``changed``
    rows for collaborations with an ``orgnr`` whose name, status, end, sector or notes
    differ (columns :data:`MERGE_COLUMNS`)."""
    table = changes(before, after).assign(detail="")
    rows = []
    if "orgnr" in after.collaborations.columns and "orgnr" in before.collaborations.columns:
        old = {r["id"]: r for r in _records(before.collaborations)}
        for row in _records(after.collaborations):
            prev = old.get(row["id"])
            if prev is None or not _text_of(row.get("orgnr")):
                continue
            detail = [f"{c}: {_text_of(prev.get(c)) or '—'} → {_text_of(row.get(c)) or '—'}"
                      for c in _COMPARED if _text_of(prev.get(c)) != _text_of(row.get(c))]
            if detail:
                rows.append({"change": "changed", "collaboration": row["id"],
                             "collaboration_name": row["name"], "actor": "",
                             "actor_name": "", "detail": "; ".join(detail)})
    out = pd.concat([table, pd.DataFrame(rows, columns=MERGE_COLUMNS)], ignore_index=True)
    return out[MERGE_COLUMNS].astype(object)


def change_label(kind: str) -> str:
    """A kind of change of :data:`MERGE_COLUMNS`' ``change`` in the language in use."""
    return {"formed": tr("formed"), "ended": tr("ended"), "joined": tr("joined"),
            "left": tr("left"), "changed": tr("changed")}.get(kind, kind)


def merge_note(table: pd.DataFrame, *, what: str = "Enhetsregisteret import") -> str:
    """The version note of a merge: how many collaborations the register added, ended and
    changed, and how many memberships it added and ended.

    >>> merge_note(pd.DataFrame({"change": ["formed", "left", "changed"]}))
    'Enhetsregisteret import: 1 added, 0 ended, 1 changed; memberships: 0 joined, 1 left'
    """
    count = table["change"].value_counts() if len(table) else pd.Series(dtype=int)

    def n(kind):
        return int(count.get(kind, 0))

    return (f"{what}: {n('formed')} added, {n('ended')} ended, {n('changed')} changed; "
            f"memberships: {n('joined')} joined, {n('left')} left")
