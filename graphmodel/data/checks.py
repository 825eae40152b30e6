"""Rules across rows and files: ids, references, parent cycles, hosts, overlapping memberships.

The loader's last step (:func:`graphmodel.data.load` calls :func:`cross_check` once the three
tables are typed): ids are unique within a file and an actor id is never a collaboration
id; every parent, host and membership names an id that exists; no collaboration is
organised under itself (parent cycles, found by pointer doubling); an actor is not twice
in one collaboration for overlapping periods (found by sorting, never by pairing rows).
Then the warnings: an unknown sector, an active collaboration whose end has passed, fewer
than two members, a host that is not a member, an actor that takes part in nothing.
Every problem is added to the loader's :class:`~graphmodel.data.read.ProblemList`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import ntr, tr
from .read import ProblemList, row_text
from .schema import FILES, OPTIONAL_FILES, SECTORS, STRATEGIES

__all__ = ["check_stated", "cross_check"]


def _isin(s: pd.Series, values) -> np.ndarray:
    """``s.isin(values)`` for text as a bool array, fast for large id lists."""
    if len(s) == 0:
        return np.zeros(0, dtype=bool)
    values = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        hit = pc.is_in(pa.array(s, type=pa.string()),
                       value_set=pa.array(values, type=pa.string()))
        return hit.to_numpy(zero_copy_only=False).astype(bool)
    except ImportError:  # pragma: no cover - pandas without pyarrow
        lookup = set(values.to_numpy(dtype=object))
        return np.fromiter(map(lookup.__contains__, s.to_numpy(dtype=object)), bool, len(s))


def _duplicate_ids(file, ids, lines, what, problems):
    dup = ids.duplicated(keep="first").to_numpy() & (ids != "").to_numpy()
    if dup.any():
        firsts = ~ids.duplicated(keep="first").to_numpy()
        first = dict(zip(ids[firsts], lines[firsts]))
        if what == "actor":
            def message(v):
                return tr("duplicate id '{value}' (already on line {line}): give each actor "
                          "its own id", value=v, line=row_text(first[v]))
        else:
            def message(v):
                return tr("duplicate id '{value}' (already on line {line}): give each "
                          "collaboration its own id", value=v, line=row_text(first[v]))
        problems.flag(file, lines, dup, "id", ids, message)


def _cycles(ids: pd.Series, parents: pd.Series) -> np.ndarray:
    """Mask of the collaborations that lie on a parent cycle (pointer doubling).

    An empty id is no node (an empty parent means "no parent", so a row without an id
    must not become everybody's parent).
    """
    index = pd.Index(ids[ids != ""].drop_duplicates())
    p = index.get_indexer(parents)  # -1 for no parent / unknown
    pos = index.get_indexer(ids)
    m = len(index)
    nxt = np.full(m + 1, m)  # node m is the sink every root points to
    has = (p >= 0) & (pos >= 0)
    nxt[pos[has]] = p[has]
    jump = nxt
    for _ in range(int(np.ceil(np.log2(m + 2))) + 1):  # nxt^(2^k), 2^k > m + 1
        jump = jump[jump]
    on_cycle = np.zeros(m + 1, dtype=bool)
    on_cycle[jump[jump != m]] = True  # after m steps every walk that loops is on its loop
    return on_cycle[pos] & has


def _overlaps(d: pd.DataFrame) -> pd.DataFrame:
    """Rows that overlap an earlier row of the same (actor, collaboration), without pairing.

    ``d`` has actor, collaboration, line, start, end, c_start, c_end (a missing date means
    the collaboration's, then open). Within each group, sorted by start, a row overlaps
    an earlier-sorted row exactly when its start is on or before the latest end so far;
    the row holding that end is its witness. Each overlapping pair is reported once, on
    its later line, naming the earlier line (the smallest when a line has several). Cost:
    one sort, O(n log n), where pairing rows was quadratic (5,000 copies of one row made
    12.5 million pairs).
    """
    lo = np.iinfo(np.int64).min
    hi = np.iinfo(np.int64).max
    s = d["start"].fillna(d["c_start"]).to_numpy(dtype="datetime64[ns]").view(np.int64)
    e = d["end"].fillna(d["c_end"]).to_numpy(dtype="datetime64[ns]").view(np.int64)
    nat = np.datetime64("NaT").astype("datetime64[ns]").view(np.int64)
    s = np.where(s == nat, lo, s)
    e = np.where(e == nat, hi, e)
    key = pd.MultiIndex.from_arrays([d["actor"], d["collaboration"]]).factorize()[0]
    line = np.asarray(d["line"], dtype=np.int64)
    order = np.lexsort((line, s, key))
    key, s, e, line = key[order], s[order], e[order], line[order]
    frame = pd.DataFrame({"key": key, "e": e})
    cum = frame.groupby("key", sort=False)["e"].cummax().to_numpy()
    first = np.r_[True, key[1:] != key[:-1]]
    prev = np.where(first, lo, np.r_[lo, cum[:-1]])  # latest end among earlier rows
    new_max = first | (e > prev)
    idx = np.where(new_max, np.arange(len(e)), -1)
    holder = pd.Series(idx).groupby(key, sort=False).cummax().to_numpy()
    witness = np.where(first, -1, np.r_[-1, holder[:-1]])
    hit = ~first & (s <= prev)
    j, w = np.flatnonzero(hit), witness[hit]
    later = np.maximum(line[j], line[w])
    earlier = np.minimum(line[j], line[w])
    rows = np.where(line[j] >= line[w], j, w)
    out = pd.DataFrame({"line": later, "earlier": earlier,
                        "actor": d["actor"].to_numpy()[order][rows],
                        "collaboration": d["collaboration"].to_numpy()[order][rows]})
    return out.sort_values(["line", "earlier"]).drop_duplicates("line").reset_index(drop=True)


def _cycle_text(start: str, parent_of: dict) -> str:
    path, node = [start], parent_of.get(start)
    while node is not None and node != start and len(path) < 50:
        path.append(node)
        node = parent_of.get(node)
    return " → ".join([*path, start])


def cross_check(tables, lines, typed, problems: ProblemList, today: pd.Timestamp,
                 labels: dict[str, str] | None = None) -> None:
    """Rules across rows and files: ids, references, cycles, overlaps, and the warnings."""
    labels = {**FILES, **(labels or {})}
    fa, fc, fm = labels["actors"], labels["collaborations"], labels["memberships"]
    a, c, m = tables.get("actors"), tables.get("collaborations"), tables.get("memberships")
    la, lc, lm = lines.get("actors"), lines.get("collaborations"), lines.get("memberships")
    a_ids = a["id"] if a is not None and "id" in a else None
    c_ids = c["id"] if c is not None and "id" in c else None
    actor_ids = collab_ids = None
    actor_set: set = set()
    collab_set: set = set()
    if a_ids is not None:
        _duplicate_ids(fa, a_ids, la, "actor", problems)
        actor_ids = a_ids[a_ids != ""]
        actor_set = set(actor_ids.to_numpy(dtype=object))
    if c_ids is not None:
        _duplicate_ids(fc, c_ids, lc, "collaboration", problems)
        collab_ids = c_ids[c_ids != ""]
        collab_set = set(collab_ids.to_numpy(dtype=object))

    if c_ids is not None and actor_ids is not None:
        clash = _isin(c_ids, actor_ids)
        if clash.any():
            firsts = ~a_ids.duplicated(keep="first").to_numpy()
            first = dict(zip(a_ids[firsts], la[firsts]))
            problems.flag(fc, lc, clash, "id", c_ids, lambda v: tr(
                "id '{value}' is also an actor id ({file} line {line}): give the "
                "collaboration an id of its own", value=v, file=fa, line=row_text(first[v])))

    if c_ids is not None:
        tc = typed["collaborations"]
        if "parent" in c:
            parent = c["parent"]
            has = (parent != "").to_numpy()
            unknown = has & ~_isin(parent, collab_ids)
            problems.flag(fc, lc, unknown, "parent", parent, lambda v: tr(
                "parent '{value}' is an actor, not a collaboration: name the collaboration "
                "this one is organised under, or leave it empty", value=v)
                if v in actor_set else tr(
                "parent '{value}' is not a collaboration id in {file}: name the collaboration "
                "this one is organised under, or leave it empty", value=v, file=fc))
            if (has & ~unknown).any():
                cyc = _cycles(c_ids, parent.where(~unknown, ""))
                if cyc.any():
                    parent_of = dict(zip(c_ids, parent))
                    problems.flag(fc, lc, cyc, "parent", parent, lambda v, i: tr(
                        "parent cycle {cycle}: a collaboration cannot be organised under "
                        "itself; clear one of these parents",
                        cycle=_cycle_text(i, parent_of)), extra=c_ids)
        if "host" in c and actor_ids is not None:
            host = c["host"]
            unknown = (host != "").to_numpy() & ~_isin(host, actor_ids)
            problems.flag(fc, lc, unknown, "host", host, lambda v: tr(
                "host '{value}' is not an actor id in {file}: name the host municipality by "
                "its actor id, or leave it empty", value=v, file=fa))
        if "sector" in c:
            sector = c["sector"]
            low = sector.str.lower()
            known = low.isin(SECTORS).to_numpy()
            tc["sector"] = sector.where(~known, low)
            odd = (sector != "").to_numpy() & ~known
            known_list = ", ".join(SECTORS)
            problems.flag(fc, lc, odd, "sector", sector, lambda v: tr(
                "unknown sector '{value}' (kept as given): the known sectors are {known}",
                value=v, known=known_list), severity="warning")
        if "end" in tc:
            status = tc["status"].to_numpy() if "status" in tc else np.full(len(c), "active")
            passed = (status == "active") & (tc["end"] < today.to_datetime64())
            problems.flag(fc, lc, passed, "end", c["end"], tr(
                "the collaboration is active but its end date has passed: set status to "
                "ended, or correct the end date"), severity="warning")

    if m is None or actor_ids is None or collab_ids is None:
        return
    if "actor" not in m or "collaboration" not in m:
        return
    tm = typed["memberships"]
    valid = np.ones(len(m), dtype=bool)
    for column, ids, other, source in (
        ("actor", actor_ids, collab_set, fa),
        ("collaboration", collab_ids, actor_set, fc),
    ):
        s = m[column]
        has = (s != "").to_numpy()
        unknown = has & ~_isin(s, ids)
        valid &= has & ~unknown
        problems.flag(fm, lm, unknown, column, s, lambda v, column=column, other=other,
                      source=source: _not_an_id(column, v, source, v in other))
    if not valid.any():
        return
    mv = m[valid]
    lmv = lm[valid]

    # the same actor twice in one collaboration for overlapping periods
    twice = mv.duplicated(["actor", "collaboration"], keep=False).to_numpy()
    if twice.any():
        nat = np.full(len(c), np.datetime64("NaT"), dtype="datetime64[ns]")
        cinfo = pd.DataFrame({"collaboration": c_ids, "c_start": tc.get("start", nat),
                              "c_end": tc.get("end", nat)}).drop_duplicates("collaboration")
        nat = np.full(len(m), np.datetime64("NaT"), dtype="datetime64[ns]")
        d = pd.DataFrame({"actor": mv["actor"].to_numpy()[twice],
                          "collaboration": mv["collaboration"].to_numpy()[twice],
                          "line": lmv[twice],
                          "start": tm.get("start", nat)[valid][twice],
                          "end": tm.get("end", nat)[valid][twice]})
        d = d.merge(cinfo, on="collaboration", how="left")
        pairs = _overlaps(d)
        problems.flag(fm, pairs["line"], np.ones(len(pairs), dtype=bool), "actor",
                      pairs["actor"], lambda ac, row: tr(
            "'{actor}' is already in '{collaboration}' on line {line} for an overlapping "
            "period: merge the two rows, or give them periods that do not overlap (end is "
            "the last day)", actor=ac, collaboration=row[0], line=row_text(row[1])),
            extra=list(zip(pairs["collaboration"], pairs["earlier"])))

    # warnings
    counted = (tm["role"].to_numpy()[valid] != "observer") if "role" in tm else slice(None)
    members = mv[counted].drop_duplicates(["actor", "collaboration"])["collaboration"]
    n_members = members.value_counts().reindex(c_ids, fill_value=0).to_numpy()
    few = (n_members < 2) & (c_ids != "").to_numpy()
    problems.flag(fc, lc, few, "", c_ids, lambda v, k: ntr(
        "'{value}' has {n} member in {file} (observers not counted): a collaboration needs "
        "at least two",
        "'{value}' has {n} members in {file} (observers not counted): a collaboration needs "
        "at least two", int(k), value=v, file=fm), extra=n_members, severity="warning")
    if "host" in c:
        host = c["host"]
        named = (host != "").to_numpy() & _isin(host, actor_ids)
        if named.any():
            pairs = pd.MultiIndex.from_arrays([mv["actor"], mv["collaboration"]])
            ask = pd.MultiIndex.from_arrays([host, c_ids])
            lonely = named & ~ask.isin(pairs)
            problems.flag(fc, lc, lonely, "host", host, lambda h, i: tr(
                "host '{host}' is not a member of '{collaboration}': add a row for it in "
                "{file} (role host)", host=h, collaboration=i, file=fm), extra=c_ids,
                severity="warning")
    idle = (a_ids != "").to_numpy() & ~_isin(a_ids, mv["actor"])
    problems.flag(fa, la, idle, "", a_ids, tr(
        "this actor takes part in nothing: add its memberships, or remove it"),
        severity="warning")


def _not_an_id(column: str, value: str, source: str, other_kind: bool) -> str:
    """The message for a membership naming an actor or collaboration that does not exist."""
    if column == "actor":
        if other_kind:
            return tr("actor '{value}' is a collaboration, not an actor: use an id from "
                      "{file}", value=value, file=source)
        return tr("actor '{value}' is not in {file}: use an id from {file}, or add it there",
                  value=value, file=source)
    if other_kind:
        return tr("collaboration '{value}' is an actor, not a collaboration: use an id from "
                  "{file}", value=value, file=source)
    return tr("collaboration '{value}' is not in {file}: use an id from {file}, or add it "
              "there", value=value, file=source)


def check_stated(tables, lines, problems: ProblemList,
                 labels: dict[str, str] | None = None) -> None:
    """The optional ``stated.csv``: each row names a known actor, once per date.

    An unknown strategy name is the type check's (an enum column); here: an actor id that
    is not in actors.csv (or is a collaboration), and the same actor twice on one date
    (empty dates included). The actors table's own ``stated_strategy`` column (an undated
    position) gets a warning for a name that is none of the four.
    """
    labels = {**FILES, **OPTIONAL_FILES, **(labels or {})}
    a, c, s = tables.get("actors"), tables.get("collaborations"), tables.get("stated")
    if a is not None and "stated_strategy" in a:
        said = a["stated_strategy"].str.strip().str.lower()
        odd = (said != "").to_numpy() & ~said.isin(STRATEGIES).to_numpy()
        choices = ", ".join(STRATEGIES)
        problems.flag(labels["actors"], lines["actors"], odd, "stated_strategy",
                      a["stated_strategy"], lambda v: tr(
                          "unknown stated_strategy '{value}' (kept as given): use one of: "
                          "{choices}", value=v, choices=choices), severity="warning")
    if s is None or a is None or "id" not in a or "actor" not in s:
        return
    fs, ls = labels["stated"], lines["stated"]
    actor = s["actor"]
    has = (actor != "").to_numpy()
    unknown = has & ~_isin(actor, a["id"][a["id"] != ""])
    collab_set = set(c["id"]) if c is not None and "id" in c else set()
    problems.flag(fs, ls, unknown, "actor", actor,
                  lambda v: _not_an_id("actor", v, labels["actors"], v in collab_set))
    date = s["date"] if "date" in s else pd.Series([""] * len(s), dtype=object)
    key = pd.DataFrame({"actor": actor.to_numpy(), "date": date.str.strip().to_numpy()})
    twice = key.duplicated(keep="first").to_numpy() & has
    if twice.any():
        firsts = ~key.duplicated(keep="first").to_numpy()
        first = dict(zip(zip(key["actor"][firsts], key["date"][firsts]), ls[firsts]))
        problems.flag(fs, ls, twice, "date", date, lambda d, ac: tr(
            "'{actor}' already states a position on this date (line {line}): keep one row "
            "per actor and date", actor=ac, line=row_text(first[(ac, d.strip())])),
            extra=actor)
