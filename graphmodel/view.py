"""The View spec: what a shared view shows (JSON file, query parameters, checks)."""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .drawing import COLOR_BY, SIZE_BY, VIEWS
from .errors import SpecError, UnknownIdError
from .model import Model
from .schema import ACTOR_KINDS, COLLABORATION_KINDS, STATUSES
from .select import parse_date

__all__ = ["FILTER_KEYS", "SCHEMA_VERSION", "View", "read_view", "write_view"]

SCHEMA_VERSION = 1
#: The filters a view stores (the keywords of :func:`graphmodel.select`, plus councils).
FILTER_KEYS = ("sectors", "kinds", "actor_kinds", "status", "countries", "regions", "councils")
_FILTER_DEFAULTS = {k: None for k in FILTER_KEYS} | {"status": ("active",), "councils": None}
_MAX_TEXT = {"title": 200, "note": 5000, "dataset": 200}
_MAX_FILE = 1_000_000
_HASH = re.compile(r"^[0-9a-f]{64}$")


# --------------------------------------------------------------------------- View


def _str_tuple(value, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise SpecError(f"{what} must be a list of ids or names, not {type(value).__name__}")
    out = []
    for v in value:
        if not isinstance(v, str):
            raise SpecError(f"{what} must hold text only, not {v!r}")
        v = v.strip()
        if v and v not in out:
            out.append(v)
    return tuple(out)


def _check_filters(value) -> dict:
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise SpecError(f"filters must be an object (a mapping), not {type(value).__name__}")
    unknown = sorted(set(value) - set(FILTER_KEYS))
    if unknown:
        raise SpecError(f"unknown filter {unknown[0]!r}: use {', '.join(FILTER_KEYS)}")
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
                raise SpecError(f"unknown value {bad[0]!r} in filter {key!r}: use one of "
                                f"{', '.join(allowed[key])}")
        out[key] = tuple(sorted(items))
    return out


@dataclass(frozen=True)
class View:
    """A view to share: dataset, date, filters, focus, colouring, title and a note.

    Saved as a small JSON file (:meth:`to_json`, :func:`write_view`), never pickle;
    read back with :meth:`from_json` / :func:`read_view`, which check every field and
    raise :class:`~graphmodel.errors.SpecError` for an unknown ``schema_version``, an
    unknown field or a wrong type. ``filters`` holds the keywords of
    :func:`graphmodel.select` (``sectors, kinds, actor_kinds, status, countries,
    regions``) and ``councils``; ``None`` means no filter (for ``kinds`` and
    ``actor_kinds``: the view's default, see :func:`graphmodel.drawing.view_graph`).

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

    def __post_init__(self):
        sv = self.schema_version
        if isinstance(sv, bool) or not isinstance(sv, int):
            raise SpecError(f"schema_version must be a whole number, not {sv!r}")
        if sv != SCHEMA_VERSION:
            raise SpecError(f"unknown schema_version {sv!r}: this graphmodel reads view files "
                            f"of version {SCHEMA_VERSION}; update graphmodel to open it")
        for name in ("dataset", "data_hash", "title", "note"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise SpecError(f"{name} must be text, not {type(value).__name__}")
            limit = _MAX_TEXT.get(name)
            if limit and len(value) > limit:
                raise SpecError(f"{name} is {len(value)} characters long; keep it under {limit}")
        if self.data_hash and not _HASH.match(self.data_hash):
            raise SpecError("data_hash must be the 64 hexadecimal digits of "
                            f"Model.content_hash(), not {self.data_hash[:80]!r}")
        if self.as_of is not None:
            if not isinstance(self.as_of, (str, _dt.date)):
                raise SpecError(f"as_of must be a date as text (YYYY-MM-DD), not {self.as_of!r}")
            day = parse_date(self.as_of)
            object.__setattr__(self, "as_of", None if day is None else day.date().isoformat())
        for name, allowed in (("view", VIEWS), ("color_by", COLOR_BY), ("size_by", SIZE_BY)):
            value = getattr(self, name)
            if value not in allowed:
                raise SpecError(f"unknown {name} {value!r}: use one of {', '.join(allowed)}")
        if isinstance(self.depth, bool) or self.depth not in (1, 2):
            raise SpecError(f"depth must be 1 or 2, not {self.depth!r}")
        object.__setattr__(self, "focus", _str_tuple(self.focus, "focus"))
        object.__setattr__(self, "filters", _check_filters(self.filters))

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
            raise SpecError(f"a view must be a JSON object, not {type(data).__name__}")
        names = [f.name for f in fields(cls)]
        unknown = [k for k in data if k not in names]
        if unknown:
            raise SpecError(f"unknown field {unknown[0]!r} in the view: use "
                            f"{', '.join(names)}")
        if "schema_version" not in data:
            raise SpecError("the view has no schema_version: is this a graphmodel view file?")
        values = dict(data)
        if "focus" in values and not isinstance(values["focus"], (list, tuple, str)):
            raise SpecError(f"focus must be a list of ids, not {values['focus']!r}")
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> View:
        """A view from its JSON text (as written by :meth:`to_json`)."""
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise SpecError(f"the view is not valid JSON (line {err.lineno}, column "
                            f"{err.colno}: {err.msg})") from None
        return cls.from_dict(data)

    def to_dict(self) -> dict:
        """Plain JSON-ready values (lists for tuples)."""
        out = asdict(self)
        out["focus"] = list(self.focus)
        out["filters"] = {k: (None if v is None else list(v)) for k, v in self.filters.items()}
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
                     "title", "note"):
            value = getattr(self, name)
            if value != getattr(default, name) and value is not None:
                out[name] = str(value)
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
        def get(key):
            value = params.get(key) if hasattr(params, "get") else None
            if isinstance(value, (list, tuple)):
                value = value[-1] if value else None
            if value is not None and not isinstance(value, str):
                raise SpecError(f"query parameter {key!r} must be text, not {value!r}")
            return value

        version = get("v")
        values: dict = {}
        if version is not None:
            if not version.isdigit():
                raise SpecError(f"query parameter 'v' must be a version number, not {version!r}")
            values["schema_version"] = int(version)
        for name in ("dataset", "data_hash", "as_of", "view", "color_by", "size_by",
                     "title", "note"):
            value = get(name)
            if value is not None:
                values[name] = value
        if get("focus"):
            values["focus"] = _split(get("focus"))
        if get("depth") is not None:
            if get("depth") not in ("1", "2"):
                raise SpecError(f"query parameter 'depth' must be 1 or 2, not {get('depth')!r}")
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
        """The keyword arguments of :func:`graphmodel.drawing.view_graph` for this view."""
        f = self.filters
        return {
            "view": self.view, "focus": self.focus, "depth": self.depth,
            "color_by": self.color_by, "size_by": self.size_by, "as_of": self.as_of,
            "sectors": f["sectors"], "kinds": f["kinds"], "actor_kinds": f["actor_kinds"],
            "status": f["status"], "countries": f["countries"], "regions": f["regions"],
            "councils": f["councils"] or (),
        }

    def check(self, model: Model) -> tuple[str, ...]:
        """Check the view against ``model``; return warnings (empty when all is well).

        Raises :class:`~graphmodel.errors.UnknownIdError` when a focus or council id is
        not in the data. Warns when the data differ from those the view was saved
        with (``data_hash``) or when the dataset name differs.

        Examples
        --------
        >>> import pandas as pd
        >>> m = Model.from_frames(
        ...     pd.DataFrame({"id": ["a"], "name": ["A"], "kind": "municipality"}),
        ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
        ...     pd.DataFrame({"actor": ["a"], "collaboration": ["s"]}),
        ... )
        >>> View.for_model(m, focus=("a",)).check(m)
        ()
        >>> View(focus=("zz",)).check(m)
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
        warnings = []
        if self.data_hash and self.data_hash != model.content_hash():
            warnings.append("The data have changed since this view was saved (data hash "
                            f"{self.data_hash[:12]} then, {model.content_hash()[:12]} now): "
                            "figures and drawing show the current data.")
        if self.dataset and self.dataset != model.name:
            warnings.append(f"This view was saved for the dataset {self.dataset!r}; "
                            f"it is shown on {model.name!r}.")
        return tuple(warnings)


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
        raise SpecError(f"cannot read the view file {str(path)!r}: {err.strerror}") from None
    if size > _MAX_FILE:
        raise SpecError(f"{path.name} is {size:,} bytes: a view file is a few hundred bytes; "
                        "is this the right file?")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(f"{path.name} is not UTF-8 text: is this a view file?") from None
    try:
        return View.from_json(text)
    except SpecError as err:
        raise SpecError(f"{path.name}: {err}") from None


def write_view(view: View, path) -> Path:
    """Write ``view`` as JSON (UTF-8) to ``path``; return the path."""
    path = Path(path)
    path.write_text(view.to_json(), encoding="utf-8")
    return path
