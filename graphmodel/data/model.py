"""The collaboration model: three typed tables (actors, collaborations, memberships)."""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import Problem, UnknownIdError
from .schema import FILES, OPTIONAL_FILES, OPTIONAL_TABLES, TABLES

__all__ = ["Model", "normalise_frame", "to_csv_bytes"]

DATE_DTYPE = "datetime64[ns]"
_MEMO_LOCK = threading.Lock()


def _text(series: pd.Series) -> pd.Series:
    """Text as Python ``str`` in an object column, ``""`` for missing (vectorised)."""
    if isinstance(series.dtype, pd.StringDtype):  # every value is a str or missing
        return pd.Series(series.fillna("").to_numpy(dtype=object), index=series.index,
                         dtype=object)
    out = series.astype(object)
    mask = out.isna().to_numpy()
    if mask.any():
        out = out.where(~mask, "")
    arr = out.to_numpy(dtype=object)
    nonstr = np.fromiter((type(v) is not str for v in arr), dtype=bool, count=len(arr))
    if nonstr.any():
        arr = arr.copy()
        arr[nonstr] = [str(v) for v in arr[nonstr]]
    return pd.Series(arr, index=series.index, dtype=object)


def _dates(series: pd.Series) -> np.ndarray:
    """Dates as ``datetime64[ns]``; text is read as ISO 8601 (a bare year is 1 January)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.astype(DATE_DTYPE).to_numpy()
    parsed = pd.to_datetime(series, errors="coerce", format="ISO8601")
    return parsed.astype(DATE_DTYPE).to_numpy()


_STR_DTYPE = None


def _plain_str(series: pd.Series, n: int) -> bool:
    """True when ``series`` already holds what :func:`_text` and the frame would make of
    it: text of pandas' default string dtype, no value missing, at least one row (what the
    loader hands over). An empty column of objects stays ``object``, so it is not one."""
    global _STR_DTYPE
    if _STR_DTYPE is None:
        _STR_DTYPE = pd.DataFrame({"x": np.array(["x"], dtype=object)})["x"].dtype
    return (n > 0 and isinstance(series.dtype, pd.StringDtype) and series.dtype == _STR_DTYPE
            and not series.hasnans)


def _typed_already(col, s: pd.Series, n: int):
    """The column's canonical values without a conversion, when the loader typed it already
    (or left an optional column wholly empty); ``None`` when the general path is needed."""
    if col.type == "int":
        if isinstance(s.dtype, pd.Int64Dtype):
            return s.array.copy()
        if _plain_str(s, n) and not (s != "").any():
            return pd.array(np.full(n, np.nan), dtype="Int64")
    elif col.type in ("float", "share"):
        if s.dtype == np.float64:
            return s.to_numpy(dtype="float64", copy=True)
        if _plain_str(s, n) and not (s != "").any():
            return np.full(n, np.nan)
    elif col.type == "date":
        if s.dtype == np.dtype(DATE_DTYPE):
            return s.to_numpy(copy=True)
        if _plain_str(s, n) and not (s != "").any():
            return np.full(n, np.datetime64("NaT"), dtype=DATE_DTYPE)
    elif _plain_str(s, n):
        if col.default:
            s = s.where(s != "", col.default)
        return s.array.copy()
    return None


def normalise_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Give ``frame`` the canonical column order and dtypes of ``table``.

    Schema columns come first, in schema order (missing optional ones are added
    empty); extra columns follow as text, in the order given. Text is ``str`` with
    ``""`` for missing, ``population`` is ``Int64``, ``lat``/``lon``/``share`` are
    ``float64`` and dates are ``datetime64[ns]`` (``NaT`` for missing). Enum columns
    with a default (``status``, ``role``) have empty cells filled with it. No value
    is checked here: that is the loader's job.
    """
    columns = {**TABLES, **OPTIONAL_TABLES}[table]
    frame = frame.reset_index(drop=True)
    out = {}
    n = len(frame)
    for col in columns:
        s = frame[col.name] if col.name in frame.columns else pd.Series([None] * n, dtype=object)
        fast = _typed_already(col, s, n)
        if fast is not None:
            out[col.name] = fast
        elif col.type == "int":
            out[col.name] = pd.array(pd.to_numeric(s, errors="coerce"), dtype="Int64")
        elif col.type in ("float", "share"):
            out[col.name] = pd.to_numeric(s, errors="coerce").astype("float64").to_numpy()
        elif col.type == "date":
            out[col.name] = _dates(s)
        else:
            t = _text(s)
            if col.default:
                t = t.where(t != "", col.default)
            out[col.name] = t.to_numpy()
    known = {c.name for c in columns}
    for extra in frame.columns:
        if extra not in known:
            s = frame[extra]
            out[extra] = s.array.copy() if _plain_str(s, n) else _text(s).to_numpy()
    result = pd.DataFrame(out, index=pd.RangeIndex(n))
    return result


def _format_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as text in the canonical written form (ISO dates, '.' decimals)."""
    types = {c.name: c.type for c in {**TABLES, **OPTIONAL_TABLES}[table]}
    out = {}
    for name in frame.columns:
        s = frame[name]
        kind = types.get(name, "text")
        if kind == "date":
            out[name] = np.where(s.isna(), "", s.dt.strftime("%Y-%m-%d"))
        elif kind == "int":
            out[name] = [("" if pd.isna(v) else str(int(v))) for v in s]
        elif kind in ("float", "share"):
            out[name] = [("" if pd.isna(v) else repr(float(v))) for v in s]
        else:
            out[name] = s.astype(object).to_numpy()
    return pd.DataFrame(out, columns=list(frame.columns))


#: a cell is quoted when it holds the delimiter, a quote, a line break (CR or LF) or starts
#: or ends with white space (which a reader may trim); the rest are written as they are
_QUOTE_CELL = re.compile(r'[,"\r\n]|^\s|\s$')
#: a header name is also quoted when it holds ';' or a tab, so that sniffing the header
#: line for its delimiter always finds the comma
_QUOTE_NAME = re.compile(r'[,"\r\n;\t]|^\s|\s$')


def _quoted(values: pd.Series, pattern: re.Pattern) -> pd.Series:
    """Text cells as CSV fields: quoted (quotes doubled) where ``pattern`` finds a reason."""
    values = values.astype(object)
    joined = "\0".join(values.tolist())  # one C-speed search answers most columns
    if not re.search(pattern.pattern.replace("^", "(?:^|\0)").replace("$", "(?:\0|$)"),
                     joined):
        return values
    need = values.str.contains(pattern, regex=True).to_numpy(dtype=bool, na_value=False)
    if need.any():
        values = values.copy()
        values[need] = '"' + values[need].str.replace('"', '""', regex=False) + '"'
    return values


def _csv_text(frame: pd.DataFrame) -> str:
    """A frame of text cells as RFC 4180 CSV (comma, LF), quoting every cell that needs it.

    Python's csv writer (which pandas uses) quotes only the characters of its own line
    terminator, so a cell holding a bare CR was written unquoted and split the row when
    read back; this writer quotes CR, LF, the comma, the quote and edge white space.
    """
    header = ",".join(_quoted(pd.Series(list(map(str, frame.columns)), dtype=object),
                              _QUOTE_NAME))
    if frame.shape[1] == 0 or len(frame) == 0:
        return header + "\n"
    columns = [_quoted(pd.Series(frame[name].to_numpy(dtype=object), dtype=object),
                       _QUOTE_CELL).tolist() for name in frame.columns]
    rows = map(",".join, zip(*columns))
    return header + "\n" + "\n".join(rows) + "\n"


def to_csv_bytes(model: Model) -> dict[str, bytes]:
    """The canonical CSV form of a model: file name -> UTF-8 bytes (comma, LF, ISO dates).

    This is what :func:`graphmodel.save` writes, and what :meth:`Model.content_hash`
    hashes. Values are written as they are (no spreadsheet-formula escaping): this
    is the data itself, not an export for a spreadsheet. Every cell that needs it is
    quoted (a comma, a quote, CR or LF, leading or trailing white space), so loading what
    was written gives the same records.

    Examples
    --------
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["x\\ry", 'say "hi", twice'],
    ...                   "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["c"], "name": ["C"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["c", "c"]}))
    >>> to_csv_bytes(m)["actors.csv"].decode().split("\\n")[1:3]
    ['a,"x\\ry",municipality,,,,,,,', 'b,"say ""hi"", twice",municipality,,,,,,,']
    """
    files = {}
    for table, file in FILES.items():
        text = _csv_text(_format_frame(table, getattr(model, table)))
        files[file] = text.encode("utf-8")
    for table, file in OPTIONAL_FILES.items():  # written only when it holds rows
        frame = getattr(model, table)
        if len(frame):
            files[file] = _csv_text(_format_frame(table, frame)).encode("utf-8")
    return files


@dataclass(frozen=True, eq=False)
class Model:
    """Who takes part in what: three tables, already checked by the loader.

    Build one with :func:`graphmodel.data.load` (from CSV) or :meth:`Model.from_frames`.
    The frames follow :func:`normalise_frame`; extra columns are kept after the
    schema columns. A model is never mutated: filters and metrics return new objects.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["c"], "name": ["C"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["c", "c"]}),
    ... )
    >>> m
    <Model 'data': 2 actors, 1 collaborations, 2 memberships>
    >>> m.collaborations.loc[0, "status"], m.memberships.loc[0, "role"]
    ('active', 'member')
    """

    actors: pd.DataFrame
    collaborations: pd.DataFrame
    memberships: pd.DataFrame
    name: str = "data"
    warnings: tuple[Problem, ...] = field(default=())
    #: the optional ``stated.csv``: positions actors state, with their dates (may be empty)
    stated: pd.DataFrame | None = None

    def __post_init__(self):
        if self.stated is None:
            object.__setattr__(self, "stated",
                               normalise_frame("stated", pd.DataFrame()))

    @classmethod
    def from_frames(cls, actors, collaborations, memberships, *, name="data", warnings=(),
                    stated=None):
        """A model from three frames (and the optional ``stated`` one), normalised to the
        canonical dtypes (not validated)."""
        return cls(
            normalise_frame("actors", actors),
            normalise_frame("collaborations", collaborations),
            normalise_frame("memberships", memberships),
            name=name,
            warnings=tuple(warnings),
            stated=None if stated is None else normalise_frame("stated", stated),
        )

    def __repr__(self) -> str:
        return (
            f"<Model {self.name!r}: {len(self.actors)} actors, "
            f"{len(self.collaborations)} collaborations, {len(self.memberships)} memberships>"
        )

    def content_hash(self) -> str:
        """SHA-256 (hex) of the canonical CSV form: equal data gives an equal hash."""
        cached = self.__dict__.get("_hash")
        if cached is None:
            h = hashlib.sha256()
            for file, data in sorted(to_csv_bytes(self).items()):
                h.update(file.encode())
                h.update(b"\0")
                h.update(data)
                h.update(b"\0")
            cached = h.hexdigest()
            object.__setattr__(self, "_hash", cached)
        return cached

    def memo(self, key, compute):
        """``compute()`` once per ``key`` for this model (the model never changes).

        Analysis functions use it for intermediate results that several tables share
        (a selection, the per-actor frame); the last 32 keys are kept. Callers must treat
        what comes back as read-only.
        """
        with _MEMO_LOCK:  # one model may serve several app sessions (threads) at once
            store = self.__dict__.setdefault("_memo", {})
            if key in store:
                return store[key]
        value = compute()  # two threads may both compute; both get an equal value
        with _MEMO_LOCK:
            if len(store) >= 32:
                store.pop(next(iter(store)))
            return store.setdefault(key, value)

    def actor(self, actor_id: str) -> pd.Series:
        """The actor row with this id; :class:`UnknownIdError` if there is none."""
        return self._row(self.actors, actor_id, "actor")

    def collaboration(self, collaboration_id: str) -> pd.Series:
        """The collaboration row with this id; :class:`UnknownIdError` if there is none."""
        return self._row(self.collaborations, collaboration_id, "collaboration")

    def has_id(self, any_id: str) -> bool:
        """True when ``any_id`` names an actor or a collaboration."""
        return bool((self.actors["id"] == any_id).any() or (self.collaborations["id"] == any_id).any())

    def names(self) -> dict[str, str]:
        """id -> display name, for actors and collaborations together."""
        ids = pd.concat([self.actors["id"], self.collaborations["id"]])
        names = pd.concat([self.actors["name"], self.collaborations["name"]])
        return dict(zip(ids, names))

    @staticmethod
    def _row(frame, key, what):
        hit = frame.index[frame["id"] == key]
        if len(hit) == 0:
            raise UnknownIdError(f"no {what} with id {key!r} in the data")
        return frame.loc[hit[0]]
