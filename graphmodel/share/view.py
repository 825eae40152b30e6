"""The View spec: what a shared view shows (JSON file, query parameters, checks)."""

from __future__ import annotations

import datetime as _dt
import itertools
import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from ..data.model import Model
from ..data.schema import ACTOR_KINDS, COLLABORATION_KINDS, STATUSES
from ..data.select import DEFAULT_FILTERS, parse_date
from ..drawing.map import COLOR_BY as MAP_COLORS
from ..drawing.network import COLOR_BY, SIZE_BY, VIEWS
from ..errors import SpecError, UnknownIdError
from ..i18n import LANGUAGES, integer, tr

__all__ = ["DEFAULT_DEPTH", "DEFAULT_KINDS", "FILTER_KEYS", "MAP_COLORS", "MAX_SCENARIO",
           "PICTURES", "SCHEMA_VERSION", "View", "read_view", "write_view"]

SCHEMA_VERSION = 1
#: The filters a view stores (the keywords of :func:`graphmodel.data.select`, plus councils).
FILTER_KEYS = ("sectors", "kinds", "actor_kinds", "status", "countries", "regions", "councils")
_FILTER_DEFAULTS = {k: None for k in FILTER_KEYS} | {"status": ("active",), "councils": None}
#: The collaboration kinds a view draws and counts when its ``kinds`` filter is unset
#: (``None``): service agreements, the kind the metrics count (DESIGN.md). The app, the
#: CLI and the Share page all take this default from here, so one view gives one picture.
DEFAULT_KINDS = DEFAULT_FILTERS["kinds"]
#: Steps out from the focus when a view is made with a focus and no depth chosen: in the
#: bipartite view two (a municipality's agreements and its partners), in the actors view
#: one (its partners).
DEFAULT_DEPTH = {"bipartite": 2, "actors": 1}
_MAX_TEXT = {"title": 200, "note": 5000, "dataset": 200}
_MAX_ID = 200  # characters in one focus id, council id or filter value
_MAX_ITEMS = 500  # items in one list (focus, a filter)
_MAX_FILE = 1_000_000  # bytes (or characters) of a view file or a query string value
_MAX_NESTING = 20  # a view nests three levels deep; far more is not a view
#: What a view draws: the network (who takes part in what) or the map (where they are).
PICTURES = ("network", "map")
#: Characters of a scenario carried inside a view (its compact JSON): a proposal of a few
#: dozen edits is a few kilobytes.
MAX_SCENARIO = 100_000
#: The fields a view's JSON holds only when they differ from the default, so that a view
#: file written before they existed reads back, and writes out, byte for byte the same.
_OPTIONAL = {"lang": "en", "picture": "network", "map_color": "fragmentation",
             "agreement": "", "compare_as_of": None, "scenario": None}
_HASH = re.compile(r"^[0-9a-f]{64}$")
_VERSION = re.compile(r"[0-9]{1,6}")


def _show(value, limit: int = 60) -> str:
    """``repr(value)`` for a message, cut short, never failing (a 5,000-digit number)."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return "<a value too long to show>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _check_text(value: str, what: str) -> str:
    """Refuse text that cannot be written as UTF-8 (a lone surrogate) or holds NUL."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise SpecError(tr("{what} holds a character that is not valid Unicode (a lone "
                           "surrogate): retype it", what=what)) from None
    if "\x00" in value:
        raise SpecError(tr("{what} holds a NUL character: retype it", what=what))
    return value


# --------------------------------------------------------------------------- View


def _check_date(value, name: str) -> str | None:
    """A date field as ``YYYY-MM-DD`` (a bare year is 1 January), or ``None``."""
    if value is None:
        return None
    if not isinstance(value, (str, _dt.date)) or (isinstance(value, str) and len(value) > 40):
        raise SpecError(tr("{name} must be a date as text (YYYY-MM-DD), not {value}",
                           name=name, value=_show(value)))
    day = parse_date(value)
    return None if day is None else day.date().isoformat()


def _check_scenario(value) -> dict | None:
    """A what-if carried by a view: checked by :mod:`graphmodel.change.scenario`, kept canonical."""
    if value is None:
        return None
    from ..change.scenario import Scenario, ScenarioError

    if not isinstance(value, dict):
        raise SpecError(tr("scenario must be a scenario object (schema_version, title, "
                           "edits), not {value}", value=_show(value)))
    try:
        size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    except (TypeError, ValueError, RecursionError):
        raise SpecError(tr("scenario must be a scenario object (schema_version, title, "
                           "edits), not {value}", value=_show(value))) from None
    if size > MAX_SCENARIO:
        raise SpecError(tr("the scenario in the view is {n} characters long; a view carries "
                           "at most {limit}", n=integer(size), limit=integer(MAX_SCENARIO)))
    try:
        return Scenario.from_dict(value, source="view").to_dict()
    except ScenarioError as err:
        raise SpecError(tr("the view's scenario cannot be used: {problem}",
                           problem=str(err)[:2000])) from None


def _str_tuple(value, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise SpecError(tr("{what} must be a list of ids or names, not {type}", what=what,
                           type=type(value).__name__))
    if len(value) > _MAX_ITEMS:
        raise SpecError(tr("{what} lists {n} items; a view keeps at most {limit}", what=what,
                           n=integer(len(value)), limit=integer(_MAX_ITEMS)))
    out = []
    for v in value:
        if not isinstance(v, str):
            raise SpecError(tr("{what} must hold text only, not {value}", what=what,
                               value=_show(v)))
        if len(v) > _MAX_ID:
            raise SpecError(tr("{what} holds an item {n} characters long; ids and names are "
                               "at most {limit}", what=what, n=integer(len(v)),
                               limit=integer(_MAX_ID)))
        v = _check_text(v, what).strip()
        if v and v not in out:
            out.append(v)
    return tuple(out)


def _check_filters(value) -> dict:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise SpecError(tr("filters must be an object (a mapping), not {type}",
                           type=type(value).__name__))
    unknown = sorted(set(value) - set(FILTER_KEYS))
    if unknown:
        raise SpecError(tr("unknown filter {name}: use {allowed}", name=_show(unknown[0]),
                           allowed=", ".join(FILTER_KEYS)))
    out = {}
    allowed = {"kinds": COLLABORATION_KINDS, "actor_kinds": ACTOR_KINDS, "status": STATUSES}
    for key in FILTER_KEYS:
        raw = value.get(key, _FILTER_DEFAULTS[key])
        if raw is None:
            out[key] = None
            continue
        items = _str_tuple(raw, f"filter {key!r}")
        if key in allowed:
            bad = [v for v in items if v not in allowed[key]]
            if bad:
                raise SpecError(tr("unknown value {value} in filter {key}: use one of "
                                   "{allowed}", value=_show(bad[0]), key=repr(key),
                                   allowed=", ".join(allowed[key])))
        out[key] = tuple(sorted(items))
    return out


@dataclass(frozen=True)
class View:
    """A view to share: dataset, date, filters, focus, colouring, title and a note.

    Saved as a small JSON file (:meth:`to_json`, :func:`write_view`), never pickle;
    read back with :meth:`from_json` / :func:`read_view`, which check every field and
    raise :class:`~graphmodel.errors.SpecError` for an unknown ``schema_version``, an
    unknown field or a wrong type. ``filters`` holds the keywords of
    :func:`graphmodel.data.select` (``sectors, kinds, actor_kinds, status, countries,
    regions``) and ``councils``; ``None`` means no filter, except for ``kinds``, where it
    means the view's default :data:`DEFAULT_KINDS` (service agreements: write every kind
    to draw every kind), and ``actor_kinds``, where the actors view keeps municipalities.
    :meth:`view_graph_kwargs` resolves these defaults: it is the one way from a view to
    its drawing, for the app, the command line and the snapshots alike.
    ``lang`` (``nb``, ``sv`` or ``en``) is the language a snapshot of the view is
    written in; the JSON records it only when it is not English, so a view file made
    before languages existed reads back unchanged.

    Examples
    --------
    >>> v = View(dataset="nordic", focus=("no-5035",), depth=2, title="Stjørdal")
    >>> View.from_json(v.to_json()) == v
    True
    >>> v.filters["status"], v.filters["sectors"]
    (('active',), None)
    >>> View.from_query_params(v.to_query_params()) == v
    True
    >>> View.from_json('{"schema_version": 2}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphmodel.errors.SpecError: unknown schema_version 2: this graphmodel reads ... version 1...
    """

    schema_version: int = SCHEMA_VERSION
    dataset: str = ""
    data_hash: str = ""
    as_of: str | None = None
    view: str = "bipartite"
    filters: dict = field(default_factory=dict)
    focus: tuple[str, ...] = ()
    depth: int = 1
    color_by: str = "kind"
    size_by: str = "population"
    title: str = ""
    note: str = ""
    lang: str = "en"
    picture: str = "network"
    map_color: str = "fragmentation"
    agreement: str = ""
    compare_as_of: str | None = None
    scenario: dict | None = None

    def __post_init__(self):
        sv = self.schema_version
        if isinstance(sv, bool) or not isinstance(sv, int):
            raise SpecError(tr("schema_version must be a whole number, not {value}",
                               value=_show(sv)))
        if sv != SCHEMA_VERSION:
            raise SpecError(tr("unknown schema_version {value}: this graphmodel reads view "
                               "files of version {version}; update graphmodel to open it",
                               value=_show(sv), version=SCHEMA_VERSION))
        for name in ("dataset", "data_hash", "title", "note"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise SpecError(tr("{name} must be text, not {type}", name=name,
                                   type=type(value).__name__))
            limit = _MAX_TEXT.get(name)
            if limit and len(value) > limit:
                raise SpecError(tr("{name} is {n} characters long; keep it under {limit}",
                                   name=name, n=integer(len(value)), limit=integer(limit)))
            _check_text(value, name)
        if self.data_hash and not _HASH.match(self.data_hash):
            raise SpecError(tr("data_hash must be the 64 hexadecimal digits of "
                               "Model.content_hash(), not {value}", value=_show(self.data_hash)))
        for name in ("as_of", "compare_as_of"):
            object.__setattr__(self, name, _check_date(getattr(self, name), name))
        for name, allowed in (("view", VIEWS), ("color_by", COLOR_BY), ("size_by", SIZE_BY),
                              ("lang", LANGUAGES), ("picture", PICTURES),
                              ("map_color", MAP_COLORS)):
            value = getattr(self, name)
            if not isinstance(value, str) or value not in allowed:
                raise SpecError(tr("unknown {name} {value}: use one of {allowed}", name=name,
                                   value=_show(value), allowed=", ".join(allowed)))
        if type(self.depth) is not int or self.depth not in (1, 2):
            raise SpecError(tr("depth must be the whole number 1 or 2, not {value}",
                               value=_show(self.depth)))
        object.__setattr__(self, "focus", _str_tuple(self.focus, "focus"))
        object.__setattr__(self, "filters", _check_filters(self.filters))
        if not isinstance(self.agreement, str):
            raise SpecError(tr("{name} must be text, not {type}", name="agreement",
                               type=type(self.agreement).__name__))
        object.__setattr__(self, "agreement", (_str_tuple(self.agreement, "agreement")
                                               or ("",))[0])
        object.__setattr__(self, "scenario", _check_scenario(self.scenario))
        if self.scenario is not None and self.compare_as_of is not None:
            raise SpecError(tr("a view compares with a second date (compare_as_of) or with a "
                               "scenario, not both: leave one out"))
        if self.comparison and self.picture == "map":
            raise SpecError(tr("a comparison is drawn as two networks side by side: use "
                               "picture network, or leave the comparison out"))

    @property
    def comparison(self) -> bool:
        """True when the view shows a change: a second date or a scenario."""
        return self.compare_as_of is not None or self.scenario is not None

    # ---- construction

    @classmethod
    def for_model(cls, model: Model, **values) -> View:
        """A view of ``model``: ``dataset`` and ``data_hash`` filled in from it."""
        values.setdefault("dataset", model.name)
        values.setdefault("data_hash", model.content_hash())
        return cls(**values)

    @classmethod
    def from_dict(cls, data) -> View:
        """A view from a mapping (parsed JSON), every field checked."""
        if not isinstance(data, dict):
            raise SpecError(tr("a view must be a JSON object, not {type}",
                               type=type(data).__name__))
        names = [f.name for f in fields(cls)]
        unknown = [k for k in data if k not in names]
        if unknown:
            raise SpecError(tr("unknown field {name} in the view: use {allowed}",
                               name=_show(unknown[0]), allowed=", ".join(names)))
        if "schema_version" not in data:
            raise SpecError(tr("the view has no schema_version: is this a graphmodel view "
                               "file?"))
        values = dict(data)
        if "focus" in values and not isinstance(values["focus"], (list, tuple, str)):
            raise SpecError(tr("focus must be a list of ids, not {value}",
                               value=_show(values["focus"])))
        try:
            return cls(**values)
        except SpecError:
            raise
        except (TypeError, ValueError, OverflowError, RecursionError) as err:
            # a safety net: every check above raises SpecError on its own
            raise SpecError(tr("the view cannot be read: {problem}",
                               problem=str(err)[:200])) from None

    @classmethod
    def from_json(cls, text: str | bytes) -> View:
        """A view from its JSON text (as written by :meth:`to_json`), or its bytes.

        Anything that is not a view ends in :class:`~graphmodel.errors.SpecError`: text
        over 1 MB or nested more than 20 levels (refused before it is parsed), numbers of
        more than 20 digits, ``NaN``, bytes that are not UTF-8 (a pickle, Latin-1). Bytes
        in UTF-16 with a byte-order mark (what some Windows editors save) are decoded.

        >>> View.from_json(b'{"schema_version": 1, "depth": 2.0}')
        Traceback (most recent call last):
        ...
        graphmodel.errors.SpecError: depth must be the whole number 1 or 2, not 2.0
        """
        if isinstance(text, (bytes, bytearray, memoryview)):
            text = _decode(bytes(text))
        if not isinstance(text, str):
            raise SpecError(tr("a view is JSON text, not {type}", type=type(text).__name__))
        if len(text) > _MAX_FILE:
            raise SpecError(tr("the view is {n} characters long: a view file is a few "
                               "hundred; is this the right file?", n=integer(len(text))))
        _check_nesting(text)
        try:
            data = json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
        except SpecError:
            raise
        except json.JSONDecodeError as err:
            raise SpecError(tr("the view is not valid JSON (line {line}, column {column}: "
                               "{problem})", line=err.lineno, column=err.colno,
                               problem=err.msg)) from None
        except (ValueError, RecursionError) as err:
            raise SpecError(tr("the view is not valid JSON: {problem}",
                               problem=str(err)[:200])) from None
        return cls.from_dict(data)

    def to_dict(self) -> dict:
        """Plain JSON-ready values (lists for tuples); ``lang``, ``picture``, ``map_color``,
        ``agreement``, ``compare_as_of`` and ``scenario`` only when not the default."""
        out = asdict(self)
        out["focus"] = list(self.focus)
        out["filters"] = {k: (None if v is None else list(v)) for k, v in self.filters.items()}
        for name, default in _OPTIONAL.items():
            if out[name] == default:
                del out[name]
        return out

    def to_json(self) -> str:
        """Readable, stable JSON (UTF-8 text, two-space indent, a final newline)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    # ---- query parameters (the app's copyable link)

    def to_query_params(self) -> dict[str, str]:
        """The view as URL query parameters: strings only, defaults left out.

        Lists are joined with ``,`` (a ``,`` or ``\\`` inside an item is escaped with
        ``\\``); a filter that is ``None`` where its default is not (``status``) is
        written ``*`` (no filter).
        """
        out = {"v": str(self.schema_version)}
        default = View()
        for name in ("dataset", "data_hash", "as_of", "view", "color_by", "size_by",
                     "title", "note", "lang", "picture", "agreement", "compare_as_of"):
            value = getattr(self, name)
            if value != getattr(default, name) and value is not None:
                out[name] = str(value)
        if self.map_color != default.map_color:
            out["color"] = self.map_color  # the Map page's own parameter
        if self.scenario is not None:
            out["scenario"] = json.dumps(self.scenario, ensure_ascii=False,
                                         separators=(",", ":"))
        if self.focus:
            out["focus"] = _join(self.focus)
        if self.depth != 1:
            out["depth"] = str(self.depth)
        for key in FILTER_KEYS:
            value = self.filters[key]
            if value == _FILTER_DEFAULTS[key]:
                continue
            out[key] = "*" if value is None else _join(value)
        return out

    @classmethod
    def from_query_params(cls, params) -> View:
        """A view from query parameters (:meth:`to_query_params`); other keys are ignored.

        Values must be strings (a list, as Streamlit may give for a repeated key,
        uses its last item). Every value is checked as in :meth:`from_json`.
        """
        if not hasattr(params, "get"):
            raise SpecError(tr("query parameters must be a mapping, not {type}",
                               type=type(params).__name__))

        def get(key):
            try:
                value = params.get(key)
            except (TypeError, ValueError, KeyError, AttributeError):  # a failing mapping
                raise SpecError(tr("query parameter {key} cannot be read",
                                   key=repr(key))) from None
            if isinstance(value, (list, tuple)):
                value = value[-1] if value else None
            if value is not None and not isinstance(value, str):
                raise SpecError(tr("query parameter {key} must be text, not {value}",
                                   key=repr(key), value=_show(value)))
            if value is not None and len(value) > _MAX_FILE:
                raise SpecError(tr("query parameter {key} is {n} characters long",
                                   key=repr(key), n=integer(len(value))))
            if value is not None:
                _check_text(value, f"query parameter {key!r}")
            return value

        version = get("v")
        values: dict = {}
        if version is not None:
            if not _VERSION.fullmatch(version):
                raise SpecError(tr("query parameter 'v' must be a version number such as "
                                   "{version}, not {value}", version=SCHEMA_VERSION,
                                   value=_show(version)))
            values["schema_version"] = int(version)
        for name in ("dataset", "data_hash", "as_of", "view", "color_by", "size_by",
                     "title", "note", "lang", "picture", "agreement", "compare_as_of"):
            value = get(name)
            if value is not None:
                values[name] = value
        if get("color") is not None:
            values["map_color"] = get("color")
        if get("scenario") is not None:
            values["scenario"] = _scenario_param(get("scenario"))
        if get("focus"):
            values["focus"] = _split(get("focus"))
        if get("depth") is not None:
            if get("depth") not in ("1", "2"):
                raise SpecError(tr("query parameter 'depth' must be 1 or 2, not {value}",
                                   value=_show(get("depth"))))
            values["depth"] = int(get("depth"))
        filters = {}
        for key in FILTER_KEYS:
            value = get(key)
            if value is not None:
                filters[key] = None if value == "*" else _split(value)
        values["filters"] = filters
        return cls(**values)

    # ---- use

    def view_graph_kwargs(self) -> dict:
        """The keyword arguments of :func:`graphmodel.drawing.view_graph` for this view.

        The one way from a view to its drawing: the app's Network and Share pages, the
        command line and the snapshots all draw ``view_graph(model,
        **view.view_graph_kwargs())``. An unset ``kinds`` filter becomes
        :data:`DEFAULT_KINDS`.

        >>> View(focus=("no-5032",), depth=2).view_graph_kwargs()["kinds"]
        ('service',)
        """
        f = self.filters
        return {
            "view": self.view, "focus": self.focus, "depth": self.depth,
            "color_by": self.color_by, "size_by": self.size_by, "as_of": self.as_of,
            "sectors": f["sectors"], "kinds": f["kinds"] or DEFAULT_KINDS,
            "actor_kinds": f["actor_kinds"],
            "status": f["status"], "countries": f["countries"], "regions": f["regions"],
            "councils": f["councils"] or (),
        }

    def map_view_kwargs(self) -> dict:
        """The keyword arguments of :func:`graphmodel.drawing.map.map_view` for this view.

        The map counts as the metrics do: service agreements among municipalities where
        the view leaves ``kinds`` and ``actor_kinds`` open (the Map page's rule).

        >>> View(picture="map", map_color="strategy", agreement="s").map_view_kwargs()["color_by"]
        'strategy'
        """
        f = self.filters
        return {
            "color_by": self.map_color, "collaboration": self.agreement or None,
            "focus": self.focus, "members_of": f["councils"] or None, "as_of": self.as_of,
            "sectors": f["sectors"], "kinds": f["kinds"] or DEFAULT_KINDS,
            "actor_kinds": f["actor_kinds"] or DEFAULT_FILTERS["actor_kinds"], "status": f["status"],
            "countries": f["countries"], "regions": f["regions"],
        }

    def check(self, model: Model) -> tuple[str, ...]:
        """Check the view against ``model``; return warnings (empty when all is well).

        Raises :class:`~graphmodel.errors.UnknownIdError` when a focus or council id is
        not in the data. Warns when the data differ from those the view was saved
        with (``data_hash``) or when the dataset name differs.

        Examples
        --------
        >>> View.for_model(example, focus=("a",)).check(example)
        ()
        >>> View(focus=("zz",)).check(example)
        Traceback (most recent call last):
        ...
        graphmodel.errors.UnknownIdError: the view focuses on 'zz', which is not in the data
        """
        for f in self.focus:
            if not model.has_id(f):
                raise UnknownIdError(f"the view focuses on {f!r}, which is not in the data")
        collab_ids = set(model.collaborations["id"])
        for c in self.filters["councils"] or ():
            if c not in collab_ids:
                raise UnknownIdError(f"the view keeps the members of council {c!r}, which is "
                                     "not in the data")
        if self.agreement and self.agreement not in collab_ids:
            raise UnknownIdError(f"the view shows the agreement {self.agreement!r}, which is "
                                 "not in the data")
        warnings = []
        if self.data_hash and self.data_hash != model.content_hash():
            warnings.append(tr("The data have changed since this view was saved (data hash "
                               "{then} then, {now} now): figures and drawing show the "
                               "current data.", then=self.data_hash[:12],
                               now=model.content_hash()[:12]))
        if self.dataset and self.dataset != model.name:
            warnings.append(tr("This view was saved for the dataset “{saved}”; it is shown "
                               "on “{shown}”.", saved=self.dataset, shown=model.name))
        return tuple(warnings)


def _decode(data: bytes) -> str:
    """The text of a view file's bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if len(data) > _MAX_FILE:
        raise SpecError(tr("the view is {n} bytes: a view file is a few hundred bytes; is "
                           "this the right file?", n=integer(len(data))))
    if data[:1] == b"\x80" and data[-1:] == b".":
        raise SpecError(tr("this is a Python pickle, not a view: view files are JSON text"))
    try:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SpecError(tr("the view is not UTF-8 text (byte {n} cannot be read): save it "
                           "as UTF-8 JSON", n=integer(err.start + 1))) from None


def _check_nesting(text: str) -> None:
    """Refuse JSON nested deeper than a view ever is, before the parser recurses into it."""
    if text.count("[") + text.count("{") <= _MAX_NESTING:
        return
    skeleton = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)  # strings may hold brackets
    steps = [1 if c in "[{" else -1 for c in re.sub(r"[^\[\]{}]", "", skeleton)]
    if steps and max(itertools.accumulate(steps)) > _MAX_NESTING:
        raise SpecError(tr("the view is nested more than {limit} levels deep: a view file "
                           "nests three", limit=_MAX_NESTING))


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > 20:
        raise SpecError(tr("the view holds a number {n} digits long: is this a view?",
                           n=integer(len(text))))
    return int(text)


def _parse_constant(text: str):
    raise SpecError(tr("the view holds {value}, which is not a number: use null", value=text))


def _scenario_param(text: str) -> dict:
    """The ``scenario`` query parameter: compact JSON, bounded like a view file."""
    if len(text) > MAX_SCENARIO:
        raise SpecError(tr("the scenario in the view is {n} characters long; a view carries "
                           "at most {limit}", n=integer(len(text)), limit=integer(MAX_SCENARIO)))
    _check_nesting(text)
    try:
        data = json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
    except SpecError:
        raise
    except (ValueError, RecursionError):
        raise SpecError(tr("query parameter 'scenario' is not valid JSON")) from None
    return data


def _join(items) -> str:
    return ",".join(i.replace("\\", "\\\\").replace(",", "\\,") for i in items)


def _split(text: str) -> tuple[str, ...]:
    items, cur, escaped = [], [], False
    for ch in text:
        if escaped:
            cur.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            items.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur))
    return tuple(i for i in items if i.strip())


def read_view(path) -> View:
    """Read a view file (JSON, UTF-8); :class:`SpecError` when it is not a valid view."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise SpecError(tr("cannot read the view file {path}: {problem}", path=repr(str(path)),
                           problem=err.strerror)) from None
    if size > _MAX_FILE:
        raise SpecError(tr("{file} is {n} bytes: a view file is a few hundred bytes; is this "
                           "the right file?", file=path.name, n=integer(size)))
    try:
        data = path.read_bytes()
    except OSError as err:
        raise SpecError(tr("cannot read the view file {path}: {problem}", path=repr(str(path)),
                           problem=err.strerror)) from None
    try:
        return View.from_json(data)
    except SpecError as err:
        raise SpecError(f"{path.name}: {err}") from None


def write_view(view: View, path) -> Path:
    """Write ``view`` as JSON (UTF-8) to ``path``; return the path."""
    path = Path(path)
    path.write_bytes(view.to_json().encode("utf-8"))
    return path
