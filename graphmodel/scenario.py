"""What-if scenarios: a small JSON list of edits, applied as a pure function to a copy of a model.

A scenario (shared/DESIGN.md, "Change: two dates, two versions, a what-if") is a JSON object::

    {"schema_version": 1,
     "title": "Malvik leaves Trondheimsregionen",
     "note": "optional free text",
     "edits": [{"op": "leave", "actor": "no-5031", "collaboration": "trondheimsregionen"}]}

The edits, applied in order (every id is trimmed; ``note`` is allowed on every edit):

============================  ===============================================================
edit                          effect
============================  ===============================================================
``leave`` actor,              every membership row of the actor in the collaboration goes
collaboration                 (as if it had never been a member, at any date)
``join`` actor,               one membership row, no dates (as long as the collaboration),
collaboration, role?          ``role`` default ``member``; after an ended membership it
                              starts the day after that one ended
``add`` collaboration,        a new collaboration (``id``, ``name``, ``kind`` required; any
members                       collaborations.csv column) with these members (ids, or
                              ``{"actor", "role"}`` objects)
``end`` collaboration,        status ``ended``; with ``date`` it ends that day, without one
date?                         its dates are cleared, so it counts on no date at all
``merge`` actors, into        municipalities merge into one actor ``into`` (``id``, ``name``,
                              any actors.csv column): see below
``merge_collaborations``      collaborations merge into one ``into`` (``id``, ``name``, any
collaborations, into          collaborations.csv column): see below
============================  ===============================================================

**Merging actors.** The *largest* merged actor is the one with the greatest population
(the first listed on a tie or where none is known). The new actor is the largest's row with
``id`` and ``name`` from ``into``; ``population`` is the sum of the populations (empty when
one is unknown); ``code``, ``lat``, ``lon``, ``country``, ``region`` and ``kind`` are the
largest's, **only if it has them** (never taken from a smaller actor, never invented), unless
``into`` gives them — a key present in ``into`` wins, even an empty one (``"code": ""``
says the merged municipality has no number yet). The actors must share a kind unless
``into`` gives one. Memberships move to the new actor; where several merged actors were in
the same collaboration they become one row: the strongest role (host, lead, owner, member,
observer), the earliest start and the latest end (empty when one is open), the shares
added up. A collaboration hosted by a merged actor is hosted by the new one.

**Merging collaborations.** The first listed is the base row (``into`` overrides any
column); start is the earliest, end the latest (empty when one is open), status ``active``
when one is; memberships move to the new collaboration and merge per actor as above;
children of a merged collaboration hang under the new one.

``into.id`` may be new or one of the merged ids (keep Stjørdal's id when Meråker merges
into it). Ids that earlier edits create are known to later ones; ids that a merge removed
are not. :func:`apply_scenario` checks every edit against the model and lists every bad
edit at once (:class:`ScenarioEditError`, one row per problem: edit number, op, field,
value, message).

Reading is bounded: a file over 1 MB, nesting deeper than 10, more than 1,000 edits, a
number of more than 20 digits, ``NaN``, a repeated key or text that cannot be written as
UTF-8 is refused with :class:`ScenarioError`, never another exception. Never pickle.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from .errors import GraphModelError, Problem, SpecError, ValidationError
from .model import Model
from .schema import ACTOR_KINDS, COLLABORATION_KINDS, ROLES, TABLES
from .select import parse_date

__all__ = [
    "EDIT_COLUMNS",
    "OPS",
    "SCHEMA_VERSION",
    "EditProblem",
    "Scenario",
    "ScenarioEditError",
    "ScenarioError",
    "apply_scenario",
    "read_scenario",
    "scenario_problems",
    "write_scenario",
]

SCHEMA_VERSION = 1
OPS = ("leave", "join", "add", "end", "merge", "merge_collaborations")
#: the columns of :meth:`ScenarioEditError.to_frame` and :func:`scenario_problems`
EDIT_COLUMNS = ["edit", "op", "field", "value", "message"]

MAX_BYTES = 1_000_000
MAX_DEPTH = 10
MAX_EDITS = 1_000
MAX_LIST = 10_000
MAX_DIGITS = 20
MAX_ID = 200
MAX_TEXT = {"title": 200, "note": 5_000}
MAX_CELL = 5_000

# the strongest role wins when two memberships become one (merge)
_ROLE_RANK = {"host": 0, "lead": 1, "owner": 2, "member": 3, "observer": 4}

_FIELDS = {  # op -> field -> checker name; "?" marks an optional field
    "leave": {"actor": "id", "collaboration": "id"},
    "join": {"actor": "id", "collaboration": "id", "role?": "role"},
    "add": {"collaboration": "new_collaboration", "members": "members"},
    "end": {"collaboration": "id", "date?": "date"},
    "merge": {"actors": "ids", "into": "actor_into"},
    "merge_collaborations": {"collaborations": "ids", "into": "collaboration_into"},
}


class ScenarioError(GraphModelError):
    """A scenario file that cannot be read: not JSON, too large or deep, unknown version."""


@dataclass(frozen=True)
class EditProblem:
    """One thing wrong with one edit: its number (1 = the first edit), op, field, value."""

    edit: int
    op: str
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"edit {self.edit}" + (f" ({self.op})" if self.op else "")
        col = f" {self.field}:" if self.field else ""
        return f"{where}:{col} {self.message}"


class ScenarioEditError(ValidationError, ScenarioError):
    """Edits were refused. ``edit_problems`` lists every bad edit; :meth:`to_frame` gives
    them as a table (edit, op, field, value, message). Also a :class:`ValidationError`
    whose ``problems`` carry the edit number as ``line`` and the field as ``column``."""

    def __init__(self, problems, source: str = "scenario"):
        self.edit_problems = list(problems)
        self.problems = [
            Problem(source, p.edit, p.field, p.value, f"{p.op}: {p.message}" if p.op
                    else p.message)
            for p in self.edit_problems
        ]
        n = len(self.edit_problems)
        lines = "\n".join(str(p) for p in self.edit_problems[:20])
        more = f"\n… and {n - 20} more" if n > 20 else ""
        GraphModelError.__init__(
            self, f"{n} problem{'s' if n != 1 else ''} in the scenario:\n{lines}{more}")

    def to_frame(self) -> pd.DataFrame:
        """Every problem as a table with columns edit, op, field, value, message."""
        return _problem_frame(self.edit_problems)


def _problem_frame(problems) -> pd.DataFrame:
    rows = [(p.edit, p.op, p.field, p.value, p.message) for p in problems]
    frame = pd.DataFrame(rows, columns=EDIT_COLUMNS)
    frame["edit"] = frame["edit"].astype("int64")
    return frame


# --- reading ---------------------------------------------------------------------------------

def _show(value) -> str:
    """A short, safe text for a value in a message (no 5,000-digit numbers, no huge lists)."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**MAX_DIGITS else "a very large number"
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple)):
        text = f"a list of {len(value)}"
    elif isinstance(value, Mapping):
        text = f"an object with {len(value)} key{'s' if len(value) != 1 else ''}"
    else:
        text = repr(value)
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= 80 else text[:77] + "…"


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _nesting(text: str) -> int:
    """How deep the brackets of a JSON text go, outside strings (linear, no recursion)."""
    bare = _JSON_STRING.sub("", text).encode("utf-8", "replace")
    b = np.frombuffer(bare, dtype=np.uint8)
    step = np.isin(b, (ord("["), ord("{"))).astype(np.int64) - np.isin(
        b, (ord("]"), ord("}"))).astype(np.int64)
    return int(np.cumsum(step).max()) if len(step) else 0


def _refuse(message):
    def hook(value):
        raise ScenarioError(message.format(_show(value)))
    return hook


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ScenarioError(f"a number of {len(text)} digits in the scenario: numbers here "
                            "are versions, populations and coordinates")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 40 or not math.isfinite(value := float(text)):
        raise ScenarioError(f"the number {_show(text)} in the scenario is out of range")
    return value


def _pairs(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        twice = next(k for k in keys if keys.count(k) > 1)
        raise ScenarioError(f"the key {_show(twice)} appears twice in one object of the "
                            "scenario: keep one")
    return dict(pairs)


def _parse_json(text) -> object:
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_BYTES:
            raise ScenarioError(f"the scenario is {len(text):,} bytes: a scenario file is a "
                                f"few kilobytes (at most {MAX_BYTES:,} bytes)")
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScenarioError("the scenario is not UTF-8 text: is this a scenario "
                                "file?") from None
    if not isinstance(text, str):
        raise ScenarioError(f"a scenario is JSON text, not {type(text).__name__}")
    if len(text) > MAX_BYTES:
        raise ScenarioError(f"the scenario is {len(text):,} characters: a scenario file is "
                            f"a few kilobytes (at most {MAX_BYTES:,})")
    text = text.lstrip("\ufeff")
    depth = _nesting(text)
    if depth > MAX_DEPTH:
        raise ScenarioError(f"the scenario nests {depth} levels deep: a scenario needs at "
                            f"most {MAX_DEPTH}")
    try:
        return json.loads(text, parse_int=_int, parse_float=_float,
                          parse_constant=_refuse("{} is not a number a scenario can hold"),
                          object_pairs_hook=_pairs)
    except json.JSONDecodeError as err:
        raise ScenarioError(f"the scenario is not valid JSON (line {err.lineno}, column "
                            f"{err.colno}: {err.msg})") from None
    except (ValueError, RecursionError) as err:  # belt and braces: never another error
        raise ScenarioError(f"the scenario cannot be read: {_show(str(err))}") from None


# --- checking the shape of each edit ---------------------------------------------------------

class _Edit:
    """Collects the problems of one edit while its fields are checked."""

    def __init__(self, number: int, op: str, problems: list):
        self.number, self.op, self.problems = number, op, problems

    def bad(self, fld: str, value, message: str) -> None:
        self.problems.append(EditProblem(self.number, self.op, fld, _show(value), message))


def _kind_of(value) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _writable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_text(e: _Edit, fld: str, value, limit: int, *, required=True, id_like=False):
    """A text value (trimmed for ids); ``None`` marks a problem (already recorded)."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        e.bad(fld, value, f"must be text, not {_kind_of(value)}")
        return None
    if not _writable(value):
        e.bad(fld, value, "holds a character that cannot be written as UTF-8 "
                          "(a lone surrogate): retype it")
        return None
    text = value.strip() if id_like else value
    if required and not text.strip():
        e.bad(fld, value, "an id is needed here" if id_like else "must not be empty")
        return None
    if len(text) > limit:
        e.bad(fld, value, f"is {len(text):,} characters long: at most {limit:,}")
        return None
    return text


def _check_id(e, fld, value):
    return _check_text(e, fld, value, MAX_ID, id_like=True)


def _check_role(e, fld, value):
    if value not in ROLES:
        e.bad(fld, value, f"unknown role: use one of {', '.join(ROLES)}")
        return None
    return value


def _check_date(e, fld, value):
    if value is None:
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        e.bad(fld, value, "must be a date written as text (YYYY-MM-DD, DD.MM.YYYY or a year)")
        return None
    try:
        day = parse_date(str(value))
    except SpecError as err:
        e.bad(fld, value, str(err))
        return None
    return day.date().isoformat()


def _check_ids(e, fld, value):
    if not isinstance(value, list) or len(value) < 2:
        e.bad(fld, value, "must be a list of at least two ids")
        return None
    if len(value) > MAX_LIST:
        e.bad(fld, value, f"lists {len(value):,} ids: at most {MAX_LIST:,}")
        return None
    ids = [_check_id(e, f"{fld}[{i}]", v) for i, v in enumerate(value)]
    if any(i is None for i in ids):
        return None
    if len(set(ids)) != len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        e.bad(fld, twice, "is listed twice: list each id once")
        return None
    return tuple(ids)


def _check_members(e, fld, value):
    if not isinstance(value, list):
        e.bad(fld, value, "must be a list of actor ids (or {\"actor\", \"role\"} objects)")
        return None
    if len(value) > MAX_LIST:
        e.bad(fld, value, f"lists {len(value):,} members: at most {MAX_LIST:,}")
        return None
    out, ok = [], True
    for i, item in enumerate(value):
        where = f"{fld}[{i}]"
        if isinstance(item, Mapping):
            unknown = [k for k in item if k not in ("actor", "role")]
            if unknown:
                e.bad(where, unknown[0], "unknown key: a member is {\"actor\", \"role\"}")
                ok = False
                continue
            actor = _check_id(e, f"{where}.actor", item.get("actor"))
            role = _check_role(e, f"{where}.role", item.get("role", "member"))
        else:
            actor, role = _check_id(e, where, item), "member"
        if actor is None or role is None:
            ok = False
            continue
        out.append(actor if role == "member" else MappingProxyType(
            {"actor": actor, "role": role}))
    ids = [_member_id(m) for m in out]
    if ok and len(set(ids)) != len(ids):
        e.bad(fld, next(i for i in ids if ids.count(i) > 1), "is listed twice: list each "
                                                             "member once")
        ok = False
    return tuple(out) if ok else None


def _member_id(member) -> str:
    return member if isinstance(member, str) else member["actor"]


def _member_role(member) -> str:
    return "member" if isinstance(member, str) else member["role"]


def _check_row(e, fld, value, table, required, kinds):
    """An object holding a row of ``table`` (schema columns only), typed as the CSV is."""
    if not isinstance(value, Mapping):
        e.bad(fld, value, "must be an object such as {\"id\": …, \"name\": …}")
        return None
    columns = {c.name: c for c in TABLES[table]}
    out, ok = {}, True
    for key in value:
        if key not in columns:
            e.bad(f"{fld}.{key}", key, f"unknown column: use {', '.join(columns)}")
            ok = False
    for key in required:
        if key not in value:
            e.bad(f"{fld}.{key}", None, f"is required: give the new {key}")
            ok = False
    for key, col in columns.items():
        if key not in value:
            continue
        raw, where = value[key], f"{fld}.{key}"
        if col.type in ("int", "float"):
            if raw is None:
                out[key] = None
                continue
            if isinstance(raw, bool) or not isinstance(raw, (int, float)):
                e.bad(where, raw, "must be a number")
                ok = False
                continue
            if col.type == "int" and (not float(raw).is_integer() or raw < 0):
                e.bad(where, raw, "must be a whole number ≥ 0")
                ok = False
                continue
            limit = {"lat": 90, "lon": 180}.get(key)
            if limit is not None and not -limit <= raw <= limit:
                e.bad(where, raw, f"must lie between −{limit} and {limit} degrees")
                ok = False
                continue
            out[key] = int(raw) if col.type == "int" else float(raw)
        elif col.type == "date":
            day = _check_date(e, where, raw)
            if raw is not None and day is None:
                ok = False
            out[key] = day
        else:
            text = _check_text(e, where, raw, MAX_ID if col.type == "id" else MAX_CELL,
                               required=key in required, id_like=col.type in ("id", "enum")
                               or key in ("parent", "host"))
            if text is None:
                ok = False
                continue
            choices = kinds if key == "kind" else col.choices
            if choices and text not in choices and (text or key == "kind"):
                e.bad(where, raw, f"unknown {key}: use one of {', '.join(choices)}")
                ok = False
                continue
            out[key] = text
    if ok and out.get("start") and out.get("end") and out["end"] < out["start"]:
        e.bad(f"{fld}.end", out["end"], "ends before it starts")
        ok = False
    return MappingProxyType(out) if ok else None


_CHECKS = {
    "id": _check_id,
    "role": _check_role,
    "date": _check_date,
    "ids": _check_ids,
    "members": _check_members,
    "new_collaboration": lambda e, f, v: _check_row(
        e, f, v, "collaborations", ("id", "name", "kind"), COLLABORATION_KINDS),
    "actor_into": lambda e, f, v: _check_row(e, f, v, "actors", ("id", "name"), ACTOR_KINDS),
    "collaboration_into": lambda e, f, v: _check_row(
        e, f, v, "collaborations", ("id", "name"), COLLABORATION_KINDS),
}


def _check_edit(number: int, edit, problems: list):
    """The edit in canonical form (a read-only mapping), or ``None`` after recording why."""
    if not isinstance(edit, Mapping):
        problems.append(EditProblem(number, "", "", _show(edit),
                                    "an edit is an object such as {\"op\": \"leave\", …}"))
        return None
    op = edit.get("op")
    if op not in OPS:
        problems.append(EditProblem(number, "", "op", _show(op),
                                    f"unknown op: use one of {', '.join(OPS)}"))
        return None
    e = _Edit(number, op, problems)
    spec = _FIELDS[op]
    names = {k.rstrip("?") for k in spec} | {"op", "note"}
    for key in edit:
        if key not in names:
            e.bad(key, key, f"unknown field: a {op} edit takes "
                            f"{', '.join(sorted(names - {'op'}))}")
    out, before = {"op": op}, len(problems)
    for key, check in spec.items():
        name, optional = key.rstrip("?"), key.endswith("?")
        if name not in edit:
            if not optional:
                e.bad(name, None, f"is required in a {op} edit")
            continue
        if optional and edit[name] is None:
            continue
        out[name] = _CHECKS[check](e, name, edit[name])
    if "note" in edit:
        out["note"] = _check_text(e, "note", edit["note"], MAX_TEXT["note"], required=False)
    return MappingProxyType(out) if len(problems) == before else None


def _plain(value):
    """Read-only edit values back to JSON-ready dicts and lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


# --- the scenario ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Scenario:
    """A what-if: a title, a note and a list of edits applied in order (module docstring).

    The edits are checked for shape when the scenario is made (every bad edit listed in one
    :class:`ScenarioEditError`) and kept in a canonical, read-only form; ids are checked
    against a model when it is applied (:func:`apply_scenario`).

    Examples
    --------
    >>> s = Scenario(title="Malvik leaves Trondheimsregionen", edits=[
    ...     {"op": "leave", "actor": " no-5031", "collaboration": "trondheimsregionen"}])
    >>> s.edits[0]["actor"]
    'no-5031'
    >>> Scenario.from_json(s.to_json()) == s
    True
    >>> s.with_edits({"op": "end", "collaboration": "tr-ikap", "date": "2026"}).edits[1]["date"]
    '2026-01-01'
    >>> Scenario(edits=[{"op": "leave", "actor": "a"}, {"op": "fly"}])
    Traceback (most recent call last):
    ...
    graphmodel.scenario.ScenarioEditError: 2 problems in the scenario:
    edit 1 (leave): collaboration: is required in a leave edit
    edit 2: op: unknown op: use one of leave, join, add, end, merge, merge_collaborations
    """

    title: str = ""
    edits: tuple = ()
    note: str = ""
    schema_version: int = SCHEMA_VERSION
    source: str = field(default="scenario", compare=False, repr=False)

    def __post_init__(self):
        sv = self.schema_version
        if isinstance(sv, bool) or not isinstance(sv, int):
            raise ScenarioError(f"schema_version must be a whole number, not {_show(sv)}")
        if sv != SCHEMA_VERSION:
            raise ScenarioError(f"unknown schema_version {_show(sv)}: this graphmodel reads "
                                f"scenario files of version {SCHEMA_VERSION}")
        for name in ("title", "note"):
            value = getattr(self, name)
            if not isinstance(value, str) or not _writable(value):
                raise ScenarioError(f"{name} must be text (UTF-8), not {_show(value)}")
            if len(value) > MAX_TEXT[name]:
                raise ScenarioError(f"the {name} is {len(value):,} characters: at most "
                                    f"{MAX_TEXT[name]:,}")
        edits = self.edits
        if isinstance(edits, (str, bytes, Mapping)) or not hasattr(edits, "__iter__"):
            raise ScenarioError(f"edits must be a list of edits, not {_show(edits)}")
        edits = list(edits)
        if len(edits) > MAX_EDITS:
            raise ScenarioError(f"the scenario has {len(edits):,} edits: at most {MAX_EDITS:,}")
        problems: list[EditProblem] = []
        checked = [_check_edit(i, edit, problems) for i, edit in enumerate(edits, start=1)]
        if problems:
            raise ScenarioEditError(problems, self.source)
        object.__setattr__(self, "edits", tuple(checked))

    @classmethod
    def from_dict(cls, data, *, source: str = "scenario") -> Scenario:
        """A scenario from parsed JSON; :class:`ScenarioError` when it is not one."""
        if not isinstance(data, Mapping):
            raise ScenarioError(f"a scenario is a JSON object, not {_show(data)}")
        known = ("schema_version", "title", "note", "edits")
        unknown = [k for k in data if k not in known]
        if unknown:
            raise ScenarioError(f"unknown field {_show(unknown[0])} in the scenario: use "
                                f"{', '.join(known)}")
        if "schema_version" not in data:
            raise ScenarioError("the scenario has no schema_version: is this a graphmodel "
                                "scenario file?")
        edits = data.get("edits", [])
        if not isinstance(edits, list):
            raise ScenarioError(f"edits must be a list of edits, not {_show(edits)}")
        return cls(title=data.get("title", ""), edits=edits, note=data.get("note", ""),
                   schema_version=data["schema_version"], source=source)

    @classmethod
    def from_json(cls, text, *, source: str = "scenario") -> Scenario:
        """A scenario from its JSON text or bytes (bounded: see the module docstring)."""
        return cls.from_dict(_parse_json(text), source=source)

    def to_dict(self) -> dict:
        """Plain JSON-ready values."""
        out = {"schema_version": self.schema_version, "title": self.title}
        if self.note:
            out["note"] = self.note
        out["edits"] = [_plain(e) for e in self.edits]
        return out

    def to_json(self) -> str:
        """Readable, stable JSON (UTF-8 text, two-space indent, a final newline)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def with_edits(self, *edits) -> Scenario:
        """A new scenario with ``edits`` appended (the app builds a what-if click by click)."""
        return Scenario(self.title, [_plain(e) for e in self.edits] + list(edits), self.note,
                        self.schema_version, self.source)


def read_scenario(source) -> Scenario:
    """A scenario from a file path, or from JSON text or bytes; :class:`ScenarioError` if not.

    >>> read_scenario('{"schema_version": 1, "title": "t", "edits": []}').title
    't'
    >>> read_scenario('{"schema_version": 1' + '0' * 5000 + '}')
    Traceback (most recent call last):
    ...
    graphmodel.scenario.ScenarioError: a number of 5001 digits in the scenario: numbers here are versions, populations and coordinates
    """
    if isinstance(source, (bytes, bytearray)):
        return Scenario.from_json(source)
    if isinstance(source, str) and source.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
        return Scenario.from_json(source)
    if not isinstance(source, (str, Path)):
        raise ScenarioError(f"read_scenario takes a path or JSON text, not "
                            f"{type(source).__name__}")
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError(f"{path.name} is {size:,} bytes: a scenario file is a few "
                                f"kilobytes (at most {MAX_BYTES:,} bytes)")
        data = path.read_bytes()
    except (OSError, ValueError) as err:
        raise ScenarioError(f"cannot read the scenario file {_show(str(path))}: "
                            f"{getattr(err, 'strerror', None) or err}") from None
    try:
        return Scenario.from_json(data, source=path.name)
    except ScenarioEditError:
        raise
    except ScenarioError as err:
        raise ScenarioError(f"{path.name}: {err}") from None


def write_scenario(scenario: Scenario, path) -> Path:
    """Write ``scenario`` as JSON (UTF-8) to ``path``; return the path."""
    path = Path(path)
    path.write_text(scenario.to_json(), encoding="utf-8")
    return path


# --- applying --------------------------------------------------------------------------------

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

    def known(self, e: _Edit, fld: str, value: str, what: str) -> bool:
        ids = self.actor_ids if what == "actor" else self.collaboration_ids
        if value in ids:
            return True
        why = self.gone.get(value)
        if why:
            e.bad(fld, value, f"no {what} {value!r} any more: it was {why}")
        else:
            e.bad(fld, value, f"no {what} with id {value!r} in the data")
        return False

    def free(self, e: _Edit, fld: str, value: str, merged=()) -> bool:
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


def _leave(s: _State, e: _Edit, edit) -> None:
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


def _join(s: _State, e: _Edit, edit) -> None:
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


def _add(s: _State, e: _Edit, edit) -> None:
    row = dict(edit["collaboration"])
    ok = s.free(e, "collaboration.id", row["id"])
    if row.get("host"):
        ok &= s.known(e, "collaboration.host", row["host"], "actor")
    if row.get("parent"):
        ok &= s.known(e, "collaboration.parent", row["parent"], "collaboration")
    for i, member in enumerate(edit["members"]):
        ok &= s.known(e, f"members[{i}]", _member_id(member), "actor")
    if not ok:
        return
    row.setdefault("source", s.tag)
    for key in ("start", "end"):
        if row.get(key):
            row[key] = pd.Timestamp(row[key])
    s.collaborations = _append(s.collaborations, [row])
    s.collaboration_ids.add(row["id"])
    s.memberships = _append(s.memberships, [
        {"actor": _member_id(m), "collaboration": row["id"], "role": _member_role(m),
         "source": s.tag} for m in edit["members"]])


def _end(s: _State, e: _Edit, edit) -> None:
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
    rank = many["role"].map(_ROLE_RANK).fillna(len(_ROLE_RANK))
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


def _merge(s: _State, e: _Edit, edit) -> None:
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


def _merge_collaborations(s: _State, e: _Edit, edit) -> None:
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


def _run(model: Model, scenario: Scenario) -> tuple[_State, list[EditProblem]]:
    if not isinstance(model, Model):
        raise TypeError(f"apply_scenario takes a Model, not {type(model).__name__}")
    if not isinstance(scenario, Scenario):
        raise TypeError(f"apply_scenario takes a Scenario, not {type(scenario).__name__} "
                        "(read one with read_scenario)")
    tag = f"scenario: {scenario.title}" if scenario.title else "scenario"
    state, problems = _State(model, tag), []
    for number, edit in enumerate(scenario.edits, start=1):
        _APPLY[edit["op"]](state, _Edit(number, edit["op"], problems), edit)
    return state, problems


def scenario_problems(model: Model, scenario: Scenario) -> pd.DataFrame:
    """Every edit of ``scenario`` that cannot apply to ``model``, as a table.

    Columns ``edit, op, field, value, message`` (empty when the scenario applies). An edit
    that fails is skipped, and the later edits are checked against the rest.
    """
    return _problem_frame(_run(model, scenario)[1])


def apply_scenario(model: Model, scenario: Scenario) -> Model:
    """A new model: ``model`` with the edits of ``scenario`` applied in order (pure).

    ``model`` is left untouched. Raises :class:`ScenarioEditError` listing every bad edit
    (an unknown or merged-away id, an id already used, leaving what one is not in, …).

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": list("abc"), "name": ["Aby", "Bes", "Cel"],
    ...                   "kind": "municipality", "population": [100, 300, 50]}),
    ...     pd.DataFrame({"id": ["s", "t"], "name": ["S", "T"], "kind": "service"}),
    ...     pd.DataFrame({"actor": list("abbc"), "collaboration": list("sstt")}),
    ... )
    >>> s = Scenario(title="A and B merge", edits=[
    ...     {"op": "merge", "actors": ["a", "b"], "into": {"id": "ab", "name": "Abbes"}}])
    >>> after = apply_scenario(m, s)
    >>> after.actors[["id", "name", "population"]].values.tolist()
    [['c', 'Cel', 50], ['ab', 'Abbes', 400]]
    >>> sorted(zip(after.memberships["actor"], after.memberships["collaboration"]))
    [('ab', 's'), ('ab', 't'), ('c', 't')]
    >>> apply_scenario(m, Scenario(edits=[{"op": "leave", "actor": "x", "collaboration": "s"},
    ...                                   {"op": "end", "collaboration": "q"}]))
    Traceback (most recent call last):
    ...
    graphmodel.scenario.ScenarioEditError: 2 problems in the scenario:
    edit 1 (leave): actor: no actor with id 'x' in the data
    edit 2 (end): collaboration: no collaboration with id 'q' in the data
    """
    state, problems = _run(model, scenario)
    if problems:
        raise ScenarioEditError(problems, scenario.source)
    name = f"{model.name}: {scenario.title}" if scenario.title else f"{model.name} (scenario)"
    return Model.from_frames(state.actors, state.collaborations, state.memberships, name=name)
