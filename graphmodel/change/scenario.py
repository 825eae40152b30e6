"""What-if scenarios: a small JSON list of edits, applied as a pure function to a copy of a model.

A scenario (shared/DESIGN.md, "Change: two dates, two versions, a what-if") is a JSON object::

    {"schema_version": 1,
     "title": "Malvik leaves Trondheimsregionen",
     "note": "optional free text",
     "edits": [{"op": "leave", "actor": "no-5031", "collaboration": "trondheimsregionen"}]}

What each edit does, and how merging actors and collaborations combines their rows: see
docs/change.md, "A what-if: the scenario file". :func:`apply_scenario` checks every edit
against the model and lists every bad edit at once (:class:`ScenarioEditError`, one row per
problem: edit number, op, field, value, message).

This module is the file (reading, checking, writing) and the public door; what each edit
may hold is checked in :mod:`graphmodel.change.edit_checks`, and :mod:`graphmodel.change.edits` applies
them.

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

import numpy as np
import pandas as pd

from ..data.model import Model
from ..errors import GraphModelError, Problem, ValidationError
from .edit_checks import (
    MAX_DIGITS,
    MAX_NOTE,
    OPS,
    EditProblem,
    check_edit,
    is_writable,
    show_value,
    to_plain,
)
from .edits import apply_edits

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
#: the columns of :meth:`ScenarioEditError.to_frame` and :func:`scenario_problems`
EDIT_COLUMNS = ["edit", "op", "field", "value", "message"]

MAX_BYTES = 1_000_000
MAX_DEPTH = 10
MAX_EDITS = 1_000
MAX_TEXT = {"title": 200, "note": MAX_NOTE}


class ScenarioError(GraphModelError):
    """A scenario file that cannot be read: not JSON, too large or deep, unknown version."""



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
        raise ScenarioError(message.format(show_value(value)))
    return hook


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ScenarioError(f"a number of {len(text)} digits in the scenario: numbers here "
                            "are versions, populations and coordinates")
    return int(text)


def _float(text: str) -> float:
    if len(text) > 40 or not math.isfinite(value := float(text)):
        raise ScenarioError(f"the number {show_value(text)} in the scenario is out of range")
    return value


def _pairs(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        twice = next(k for k in keys if keys.count(k) > 1)
        raise ScenarioError(f"the key {show_value(twice)} appears twice in one object of the "
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
        raise ScenarioError(f"the scenario cannot be read: {show_value(str(err))}") from None


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
    graphmodel.change.scenario.ScenarioEditError: 2 problems in the scenario:
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
            raise ScenarioError(f"schema_version must be a whole number, not {show_value(sv)}")
        if sv != SCHEMA_VERSION:
            raise ScenarioError(f"unknown schema_version {show_value(sv)}: this graphmodel reads "
                                f"scenario files of version {SCHEMA_VERSION}")
        for name in ("title", "note"):
            value = getattr(self, name)
            if not isinstance(value, str) or not is_writable(value):
                raise ScenarioError(f"{name} must be text (UTF-8), not {show_value(value)}")
            if len(value) > MAX_TEXT[name]:
                raise ScenarioError(f"the {name} is {len(value):,} characters: at most "
                                    f"{MAX_TEXT[name]:,}")
        edits = self.edits
        if isinstance(edits, (str, bytes, Mapping)) or not hasattr(edits, "__iter__"):
            raise ScenarioError(f"edits must be a list of edits, not {show_value(edits)}")
        edits = list(edits)
        if len(edits) > MAX_EDITS:
            raise ScenarioError(f"the scenario has {len(edits):,} edits: at most {MAX_EDITS:,}")
        problems: list[EditProblem] = []
        checked = [check_edit(i, edit, problems) for i, edit in enumerate(edits, start=1)]
        if problems:
            raise ScenarioEditError(problems, self.source)
        object.__setattr__(self, "edits", tuple(checked))

    @classmethod
    def from_dict(cls, data, *, source: str = "scenario") -> Scenario:
        """A scenario from parsed JSON; :class:`ScenarioError` when it is not one."""
        if not isinstance(data, Mapping):
            raise ScenarioError(f"a scenario is a JSON object, not {show_value(data)}")
        known = ("schema_version", "title", "note", "edits")
        unknown = [k for k in data if k not in known]
        if unknown:
            raise ScenarioError(f"unknown field {show_value(unknown[0])} in the scenario: use "
                                f"{', '.join(known)}")
        if "schema_version" not in data:
            raise ScenarioError("the scenario has no schema_version: is this a graphmodel "
                                "scenario file?")
        edits = data.get("edits", [])
        if not isinstance(edits, list):
            raise ScenarioError(f"edits must be a list of edits, not {show_value(edits)}")
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
        out["edits"] = [to_plain(e) for e in self.edits]
        return out

    def to_json(self) -> str:
        """Readable, stable JSON (UTF-8 text, two-space indent, a final newline)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    def with_edits(self, *edits) -> Scenario:
        """A new scenario with ``edits`` appended (the app builds a what-if click by click)."""
        return Scenario(self.title, [to_plain(e) for e in self.edits] + list(edits), self.note,
                        self.schema_version, self.source)


def read_scenario(source) -> Scenario:
    """A scenario from a file path, or from JSON text or bytes; :class:`ScenarioError` if not.

    >>> read_scenario('{"schema_version": 1, "title": "t", "edits": []}').title
    't'
    >>> read_scenario('{"schema_version": 1' + '0' * 5000 + '}')
    Traceback (most recent call last):
    ...
    graphmodel.change.scenario.ScenarioError: a number of 5001 digits in the scenario: numbers here are versions, populations and coordinates
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
        raise ScenarioError(f"cannot read the scenario file {show_value(str(path))}: "
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


# --- applying (the edits themselves: graphmodel.change.edits) ----------------------------------------

def _run(model: Model, scenario: Scenario) -> tuple[dict, list[EditProblem]]:
    if not isinstance(model, Model):
        raise TypeError(f"apply_scenario takes a Model, not {type(model).__name__}")
    if not isinstance(scenario, Scenario):
        raise TypeError(f"apply_scenario takes a Scenario, not {type(scenario).__name__} "
                        "(read one with read_scenario)")
    tag = f"scenario: {scenario.title}" if scenario.title else "scenario"
    return apply_edits(model, scenario.edits, tag=tag)


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
    graphmodel.change.scenario.ScenarioEditError: 2 problems in the scenario:
    edit 1 (leave): actor: no actor with id 'x' in the data
    edit 2 (end): collaboration: no collaboration with id 'q' in the data
    """
    tables, problems = _run(model, scenario)
    if problems:
        raise ScenarioEditError(problems, scenario.source)
    name = f"{model.name}: {scenario.title}" if scenario.title else f"{model.name} (scenario)"
    return Model.from_frames(tables["actors"], tables["collaborations"], tables["memberships"],
                             name=name)
