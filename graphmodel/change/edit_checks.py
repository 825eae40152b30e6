"""The edits of a what-if scenario: the fields each op takes, and how each edit is checked.

:func:`check_edit` turns one edit as read from JSON into its canonical, read-only form, or
records why it cannot (:class:`EditProblem`, one per bad field) — the shape only: whether
the ids exist is :mod:`graphmodel.change.edits`' business, when the edit meets a model. The ops and
their effect are described in :mod:`graphmodel.change.scenario`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..data.schema import ACTOR_KINDS, COLLABORATION_KINDS, ROLES, TABLES
from ..data.select import parse_date
from ..errors import SpecError

__all__ = [
    "MAX_DIGITS",
    "MAX_NOTE",
    "OPS",
    "EditProblem",
    "EditRecorder",
    "check_edit",
    "check_text",
    "is_writable",
    "member_id",
    "member_role",
    "show_value",
    "to_plain",
]

#: the ops of a scenario, in the order the docs list them
OPS = ("leave", "join", "add", "end", "merge", "merge_collaborations")

MAX_LIST = 10_000
MAX_DIGITS = 20
MAX_ID = 200
MAX_NOTE = 5_000
MAX_CELL = 5_000

_FIELDS = {  # op -> field -> checker name; "?" marks an optional field
    "leave": {"actor": "id", "collaboration": "id"},
    "join": {"actor": "id", "collaboration": "id", "role?": "role"},
    "add": {"collaboration": "new_collaboration", "members": "members"},
    "end": {"collaboration": "id", "date?": "date"},
    "merge": {"actors": "ids", "into": "actor_into"},
    "merge_collaborations": {"collaborations": "ids", "into": "collaboration_into"},
}



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



def show_value(value) -> str:
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


class EditRecorder:
    """Collects the problems of one edit (its number and op) while it is checked or applied.

    >>> problems = []
    >>> EditRecorder(2, "leave", problems).bad("actor", "x", "no actor with id 'x'")
    >>> str(problems[0])
    "edit 2 (leave): actor: no actor with id 'x'"
    """

    def __init__(self, number: int, op: str, problems: list):
        self.number, self.op, self.problems = number, op, problems

    def bad(self, fld: str, value, message: str) -> None:
        self.problems.append(EditProblem(self.number, self.op, fld, show_value(value), message))


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


def is_writable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(e: EditRecorder, fld: str, value, limit: int, *, required=True, id_like=False):
    """A text value (trimmed for ids); ``None`` marks a problem (already recorded)."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        e.bad(fld, value, f"must be text, not {_kind_of(value)}")
        return None
    if not is_writable(value):
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
    return check_text(e, fld, value, MAX_ID, id_like=True)


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
    ids = [member_id(m) for m in out]
    if ok and len(set(ids)) != len(ids):
        e.bad(fld, next(i for i in ids if ids.count(i) > 1), "is listed twice: list each "
                                                             "member once")
        ok = False
    return tuple(out) if ok else None


def member_id(member) -> str:
    """The actor id of a checked member of an ``add`` edit (an id, or ``{actor, role}``)."""
    return member if isinstance(member, str) else member["actor"]


def member_role(member) -> str:
    """The role of a checked member of an ``add`` edit (``member`` unless given)."""
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
            text = check_text(e, where, raw, MAX_ID if col.type == "id" else MAX_CELL,
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


def check_edit(number: int, edit, problems: list):
    """The edit in canonical form (a read-only mapping), or ``None`` after recording why.

    ``number`` is the edit's place in the scenario (1 = the first); every problem found is
    appended to ``problems`` as an :class:`EditProblem`.

    >>> problems = []
    >>> dict(check_edit(1, {"op": "leave", "actor": " a ", "collaboration": "s"}, problems))
    {'op': 'leave', 'actor': 'a', 'collaboration': 's'}
    >>> check_edit(2, {"op": "join", "actor": "a"}, problems), [str(p) for p in problems]
    (None, ['edit 2 (join): collaboration: is required in a join edit'])
    """
    if not isinstance(edit, Mapping):
        problems.append(EditProblem(number, "", "", show_value(edit),
                                    "an edit is an object such as {\"op\": \"leave\", …}"))
        return None
    op = edit.get("op")
    if op not in OPS:
        problems.append(EditProblem(number, "", "op", show_value(op),
                                    f"unknown op: use one of {', '.join(OPS)}"))
        return None
    e = EditRecorder(number, op, problems)
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
        out["note"] = check_text(e, "note", edit["note"], MAX_NOTE, required=False)
    return MappingProxyType(out) if len(problems) == before else None


def to_plain(value):
    """Read-only edit values back to JSON-ready dicts and lists."""
    if isinstance(value, Mapping):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [to_plain(v) for v in value]
    return value

