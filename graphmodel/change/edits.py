"""Applying the edits of a what-if scenario to the three tables of a model.

:func:`apply_edits` runs checked edits (:func:`graphmodel.change.edit_checks.check_edit`) in
order on copies of a model's tables, checks every id against the tables as they stand at
that edit, and lists every edit that cannot apply. What each op does is the contract of
:mod:`graphmodel.change.scenario` (its module docstring); :func:`graphmodel.change.scenario.apply_scenario`
is the public door.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.model import Model
from .edit_checks import EditProblem, EditRecorder, member_id, member_role

__all__ = ["ROLE_RANK", "apply_edits"]

#: the strongest role wins when two memberships become one (merge): lower is stronger
ROLE_RANK = {"host": 0, "lead": 1, "owner": 2, "member": 3, "observer": 4}

class _State:
    """The three tables while edits are applied, with the ids known at each step."""

    def __init__(self, model: Model, tag: str):
        self.actors = model.actors.copy()
        self.collaborations = model.collaborations.copy()
        self.memberships = model.memberships.copy()
        self.actor_ids = set(self.actors["id"])
        self.collaboration_ids = set(self.collaborations["id"])
        self.gone: dict[str, str] = {}
        self.tag = tag

    def known(self, e: EditRecorder, fld: str, value: str, what: str) -> bool:
        ids = self.actor_ids if what == "actor" else self.collaboration_ids
        if value in ids:
            return True
        why = self.gone.get(value)
        if why:
            e.bad(fld, value, f"no {what} {value!r} any more: it was {why}")
        else:
            e.bad(fld, value, f"no {what} with id {value!r} in the data")
        return False

    def free(self, e: EditRecorder, fld: str, value: str, merged=()) -> bool:
        if value in merged:
            return True
        if value in self.actor_ids or value in self.collaboration_ids:
            e.bad(fld, value, f"the id {value!r} is already used: choose a new id (or one "
                              "of those merged)")
            return False
        return True

    def pair(self, actor: str, collaboration: str) -> np.ndarray:
        m = self.memberships
        return ((m["actor"] == actor) & (m["collaboration"] == collaboration)).to_numpy()


def _append(frame: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    if not rows:
        return frame
    new = pd.DataFrame(rows, columns=frame.columns)
    for col in frame.columns:  # empty text cells are "", as in every model frame
        if frame[col].dtype == object:
            new[col] = new[col].where(new[col].notna(), "")
    return pd.concat([frame, new.astype(frame.dtypes.to_dict(), errors="ignore")],
                     ignore_index=True)


def _leave(s: _State, e: EditRecorder, edit) -> None:
    ok = s.known(e, "actor", edit["actor"], "actor")
    ok &= s.known(e, "collaboration", edit["collaboration"], "collaboration")
    if not ok:
        return
    hit = s.pair(edit["actor"], edit["collaboration"])
    if not hit.any():
        e.bad("actor", edit["actor"], f"is not a member of {edit['collaboration']!r}: "
                                      "nothing to leave")
        return
    s.memberships = s.memberships[~hit].reset_index(drop=True)


def _join(s: _State, e: EditRecorder, edit) -> None:
    ok = s.known(e, "actor", edit["actor"], "actor")
    ok &= s.known(e, "collaboration", edit["collaboration"], "collaboration")
    if not ok:
        return
    rows = s.memberships[s.pair(edit["actor"], edit["collaboration"])]
    start = None
    if len(rows):
        if rows["end"].isna().any():
            e.bad("actor", edit["actor"], f"is already a member of "
                                          f"{edit['collaboration']!r}")
            return
        start = rows["end"].max() + pd.Timedelta(days=1)
    s.memberships = _append(s.memberships, [{
        "actor": edit["actor"], "collaboration": edit["collaboration"],
        "role": edit.get("role", "member"), "start": start, "source": s.tag}])


def _add(s: _State, e: EditRecorder, edit) -> None:
    row = dict(edit["collaboration"])
    ok = s.free(e, "collaboration.id", row["id"])
    if row.get("host"):
        ok &= s.known(e, "collaboration.host", row["host"], "actor")
    if row.get("parent"):
        ok &= s.known(e, "collaboration.parent", row["parent"], "collaboration")
    for i, member in enumerate(edit["members"]):
        ok &= s.known(e, f"members[{i}]", member_id(member), "actor")
    if not ok:
        return
    row.setdefault("source", s.tag)
    for key in ("start", "end"):
        if row.get(key):
            row[key] = pd.Timestamp(row[key])
    s.collaborations = _append(s.collaborations, [row])
    s.collaboration_ids.add(row["id"])
    s.memberships = _append(s.memberships, [
        {"actor": member_id(m), "collaboration": row["id"], "role": member_role(m),
         "source": s.tag} for m in edit["members"]])


def _end(s: _State, e: EditRecorder, edit) -> None:
    cid = edit["collaboration"]
    if not s.known(e, "collaboration", cid, "collaboration"):
        return
    c = s.collaborations
    at = np.flatnonzero((c["id"] == cid).to_numpy())[0]
    c = c.copy()
    if edit.get("date"):
        day = pd.Timestamp(edit["date"])
        start = c.at[at, "start"]
        if pd.notna(start) and day < start:
            e.bad("date", edit["date"], f"{cid!r} starts on {start.date().isoformat()}: "
                                        "it cannot end before that")
            return
        c.at[at, "end"] = day
    else:  # gone on every date (status `ended` with no dates never counts)
        c.at[at, "start"] = pd.NaT
        c.at[at, "end"] = pd.NaT
    c.at[at, "status"] = "ended"
    s.collaborations = c


def _combine(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    """Memberships that became duplicates (same ``key`` value twice) merged into one row
    each: the strongest role, earliest start, latest end (open if one is), shares added."""
    dup = rows[key].duplicated(keep=False).to_numpy()
    if not dup.any():
        return rows
    keep, many = rows[~dup], rows[dup]
    groups = many.groupby(key, sort=False)
    first = groups.head(1).set_index(key)
    rank = many["role"].map(ROLE_RANK).fillna(len(ROLE_RANK))
    first["role"] = many.assign(_r=rank).sort_values("_r", kind="stable").groupby(
        key, sort=False).head(1).set_index(key)["role"]
    for col, pick in (("start", "min"), ("end", "max")):
        open_ = groups[col].apply(lambda x: x.isna().any())
        first[col] = groups[col].agg(pick).where(~open_, pd.NaT)
    share = groups["share"].sum(min_count=1)
    first["share"] = share
    merged = first.reset_index()[rows.columns]
    return pd.concat([keep, merged], ignore_index=True)


def _largest(actors: pd.DataFrame, ids) -> int:
    """Row position of the merged actor with the greatest population (first listed on a tie)."""
    pos = [np.flatnonzero((actors["id"] == i).to_numpy())[0] for i in ids]
    pops = [actors["population"].iloc[p] for p in pos]
    best = max(range(len(pos)), key=lambda k: (-1 if pd.isna(pops[k]) else int(pops[k]), -k))
    return pos[best]


def _merge(s: _State, e: EditRecorder, edit) -> None:
    ids, into = edit["actors"], dict(edit["into"])
    found = [s.known(e, f"actors[{i}]", a, "actor") for i, a in enumerate(ids)]  # all listed
    ok = all(found)
    ok &= s.free(e, "into.id", into["id"], merged=ids)
    if not ok:
        return
    a = s.actors
    rows = a[a["id"].isin(ids)]
    kinds = set(rows["kind"])
    if "kind" not in into and len(kinds) > 1:
        e.bad("actors", ", ".join(ids), f"are of different kinds ({', '.join(sorted(kinds))}):"
                                        " give into.kind")
        return
    row = a.iloc[_largest(a, ids)].to_dict()
    pops = rows["population"]
    row.update({"population": None if pops.isna().any() else int(pops.sum()),
                "source": f"{s.tag}: merge of {', '.join(ids)}"})
    row.update(into)
    s.actors = _append(a[~a["id"].isin(ids)].reset_index(drop=True), [row])
    m = s.memberships.copy()
    m.loc[m["actor"].isin(ids), "actor"] = into["id"]
    mine = (m["actor"] == into["id"]).to_numpy()
    s.memberships = pd.concat([m[~mine], _combine(m[mine], "collaboration")],
                              ignore_index=True)
    c = s.collaborations.copy()
    c.loc[c["host"].isin(ids), "host"] = into["id"]
    s.collaborations = c
    for old in ids:
        s.actor_ids.discard(old)
        if old != into["id"]:
            s.gone[old] = f"merged into {into['id']!r} by edit {e.number}"
    s.actor_ids.add(into["id"])


def _ancestors(c: pd.DataFrame, start: str) -> set[str]:
    parent_of = dict(zip(c["id"], c["parent"]))
    seen, cur = set(), start
    while cur and cur not in seen:
        seen.add(cur)
        cur = parent_of.get(cur, "")
    return seen


def _merge_collaborations(s: _State, e: EditRecorder, edit) -> None:
    ids, into = edit["collaborations"], dict(edit["into"])
    found = [s.known(e, f"collaborations[{i}]", c, "collaboration")
             for i, c in enumerate(ids)]  # every unknown id listed, not only the first
    ok = all(found)
    ok &= s.free(e, "into.id", into["id"], merged=ids)
    if into.get("host"):
        ok &= s.known(e, "into.host", into["host"], "actor")
    if into.get("parent"):
        ok &= s.known(e, "into.parent", into["parent"], "collaboration")
    if not ok:
        return
    c = s.collaborations
    if into.get("parent") and _ancestors(c, into["parent"]) & (set(ids) | {into["id"]}):
        e.bad("into.parent", into["parent"], "lies under a merged collaboration: that "
                                             "would make a parent cycle")
        return
    rows = c[c["id"].isin(ids)]
    kinds = set(rows["kind"])
    if "kind" not in into and len(kinds) > 1:
        e.bad("collaborations", ", ".join(ids), f"are of different kinds "
                                                f"({', '.join(sorted(kinds))}): give into.kind")
        return
    base = rows.set_index("id").loc[ids[0]].to_dict()
    base["id"] = ids[0]
    base.update({
        "start": pd.NaT if rows["start"].isna().any() else rows["start"].min(),
        "end": pd.NaT if rows["end"].isna().any() else rows["end"].max(),
        "status": "active" if (rows["status"] == "active").any() else base["status"],
        "parent": "" if base["parent"] in ids else base["parent"],
    })
    for key in ("start", "end"):
        if into.get(key):
            into[key] = pd.Timestamp(into[key])
    base.update(into)
    rest = c[~c["id"].isin(ids)].copy()
    rest.loc[rest["parent"].isin(ids), "parent"] = into["id"]
    s.collaborations = _append(rest.reset_index(drop=True), [base])
    m = s.memberships.copy()
    m.loc[m["collaboration"].isin(ids), "collaboration"] = into["id"]
    mine = (m["collaboration"] == into["id"]).to_numpy()
    s.memberships = pd.concat([m[~mine], _combine(m[mine], "actor")], ignore_index=True)
    for old in ids:
        s.collaboration_ids.discard(old)
        if old != into["id"]:
            s.gone[old] = f"merged into {into['id']!r} by edit {e.number}"
    s.collaboration_ids.add(into["id"])


_APPLY = {
    "leave": _leave, "join": _join, "add": _add, "end": _end, "merge": _merge,
    "merge_collaborations": _merge_collaborations,
}


def apply_edits(model: Model, edits, *, tag: str = "scenario"
                ) -> tuple[dict[str, pd.DataFrame], list[EditProblem]]:
    """The three tables after ``edits`` (checked edits, applied in order), and the problems.

    ``model`` is left untouched. An edit that cannot apply is skipped after its problems
    are recorded (an unknown or merged-away id, an id already used, leaving what one is
    not in, …), and the later edits are checked against the rest. ``tag`` is written in
    the ``source`` column of every new or changed row.

    Returns
    -------
    tables : dict
        ``{"actors": …, "collaborations": …, "memberships": …}``, for
        :meth:`graphmodel.data.model.Model.from_frames`.
    problems : list of EditProblem
        Empty when every edit applied.

    Examples
    --------
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": list("ab"), "name": list("AB"), "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": list("ab"), "collaboration": list("ss")}),
    ... )
    >>> tables, problems = apply_edits(m, [{"op": "leave", "actor": "b", "collaboration": "s"},
    ...                                    {"op": "end", "collaboration": "q"}])
    >>> tables["memberships"]["actor"].tolist(), [str(p) for p in problems]
    (['a'], ["edit 2 (end): collaboration: no collaboration with id 'q' in the data"])
    """
    state, problems = _State(model, tag), []
    for number, edit in enumerate(edits, start=1):
        _APPLY[edit["op"]](state, EditRecorder(number, edit["op"], problems), edit)
    tables = {"actors": state.actors, "collaborations": state.collaborations,
              "memberships": state.memberships}
    return tables, problems
