"""The data in use (kept per browser session) and cached calls into the library."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.select import council_members

__all__ = [
    "DATA_ENV",
    "EXAMPLE_DATA",
    "actor_options",
    "bundled_model",
    "compute",
    "council_filter",
    "council_options",
    "date_span",
    "freeze",
    "model_in_use",
    "only_members",
    "start_data",
    "use_model",
]

#: The bundled example (in a checkout of the repository; an installed copy has none).
EXAMPLE_DATA = Path(__file__).resolve().parents[2] / "data" / "nordic"
#: The data ``graphmodel app DATA`` asks the explorer to open (a folder or a zip).
DATA_ENV = "GRAPHMODEL_DATA"


def start_data() -> Path | None:
    """The data a new session opens: ``$GRAPHMODEL_DATA``, else the bundled example where
    there is one, else ``None`` (the app then asks for an upload)."""
    given = os.environ.get(DATA_ENV, "").strip()
    if given:
        return Path(given)
    return EXAMPLE_DATA if EXAMPLE_DATA.exists() else None

MODEL_KEY = "data_in_use"
BUNDLED_ERROR_KEY = "bundled_error"


def _stamp(path: Path) -> tuple:
    """File names, sizes and times: a new stamp when the files change on disk."""
    if not path.exists():
        return ()
    files = [path] if path.is_file() else sorted(path.glob("*.csv"))
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)


@st.cache_resource(show_spinner="Opening the data…")
def _load_bundled(path: str, stamp: tuple) -> gm.Model:
    # A Model is never mutated, so one shared object serves every session.
    where = Path(path)
    if not where.exists():
        raise gm.GraphModelError(f"{path}: no such folder or file")
    return gm.load(where, name=where.stem if where.is_file() else where.name)


def bundled_model() -> gm.Model | None:
    """The data sessions open with (:func:`start_data`), loaded once per server; ``None``
    when there is none."""
    path = start_data()
    return None if path is None else _load_bundled(str(path), _stamp(path))


def model_in_use() -> gm.Model | None:
    """The data this session works on: the last clean upload, else :func:`start_data`'s.

    ``None`` when there is no upload and no start data, or it cannot be read (the
    reason is kept in ``st.session_state["bundled_error"]``).
    """
    state = st.session_state
    if MODEL_KEY not in state:
        try:
            model = bundled_model()
        except (gm.GraphModelError, OSError) as exc:
            state[BUNDLED_ERROR_KEY] = exc
            return None
        state.pop(BUNDLED_ERROR_KEY, None)
        if model is None:
            return None
        state[MODEL_KEY] = model
    return state[MODEL_KEY]


def use_model(model: gm.Model) -> None:
    """Make ``model`` the data in use for this session (only ever a model that loaded cleanly)."""
    st.session_state[MODEL_KEY] = model


def freeze(value: Any) -> Any:
    """A hashable, order-independent form of a filter value (lists become sorted tuples)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted(freeze(v) for v in value))
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    return value


@st.cache_data(show_spinner=False, max_entries=512)
def _compute(function: str, data_hash: str, arguments: tuple, _model: gm.Model) -> Any:
    # ``_model`` is not hashed (leading underscore): ``data_hash`` stands for it.
    return getattr(gm, function)(_model, **dict(arguments))


def compute(function: str, model: gm.Model, **arguments: Any) -> Any:
    """``gm.<function>(model, **arguments)``, cached on the data's content hash and arguments.

    The result is a copy for each caller (``st.cache_data``), so a page may change it.
    """
    key = tuple(sorted((k, freeze(v)) for k, v in arguments.items()))
    return _compute(function, model.content_hash(), key, model)


@st.cache_data(show_spinner=False, max_entries=32)
def _actor_options(data_hash: str, _model: gm.Model) -> dict[str, str]:
    a = _model.actors.sort_values(["name", "id"], kind="stable")
    a = a[a["kind"] == "municipality"] if (a["kind"] == "municipality").any() else a
    return dict(zip(a["id"], a["name"]))


def actor_options(model: gm.Model) -> dict[str, str]:
    """id → name of the municipalities (every actor when there are none), sorted by name."""
    return _actor_options(model.content_hash(), model)


@st.cache_data(show_spinner=False, max_entries=32)
def _council_options(data_hash: str, _model: gm.Model) -> dict[str, str]:
    c = _model.collaborations
    c = c[c["kind"].isin(["council", "network"])].copy()
    c["order"] = (c["kind"] != "council").astype(int)  # councils first, then networks
    c = c.sort_values(["order", "name", "id"], kind="stable")
    return dict(zip(c["id"], c["name"]))


def council_options(model: gm.Model) -> dict[str, str]:
    """id → name of the councils, then the networks (groups a planner filters by), by name."""
    return _council_options(model.content_hash(), model)


def council_filter(model: gm.Model, councils, as_of=None) -> frozenset[str] | None:
    """The sidebar's "Members of" filter: the members of ``councils`` on ``as_of`` by the
    library's one rule (:func:`graphmodel.select.council_members`: observers never count,
    memberships and councils by their dates); ``None`` when no council is chosen."""
    if not councils:
        return None
    return council_members(model, councils, as_of=as_of)


@st.cache_data(show_spinner=False, max_entries=32)
def _date_span(data_hash: str, _model: gm.Model) -> tuple[dt.date, dt.date]:
    days = [dt.date.today()]
    for frame in (_model.collaborations, _model.memberships):
        for column in ("start", "end"):
            values = frame[column].dropna()
            if len(values):
                days += [values.min().date(), values.max().date()]
    return min(days), max(days)


def date_span(model: gm.Model) -> tuple[dt.date, dt.date]:
    """The dates the data speaks of: earliest start to latest start or end, and today."""
    return _date_span(model.content_hash(), model)


def only_members(frame: pd.DataFrame, members: set[str] | None, *columns: str) -> pd.DataFrame:
    """Rows of ``frame`` whose ``columns`` (any of them) name a member; all rows for ``None``."""
    if members is None or frame.empty:
        return frame
    keep = pd.Series(False, index=frame.index)
    for col in columns:
        keep |= frame[col].isin(members)
    return frame[keep]
