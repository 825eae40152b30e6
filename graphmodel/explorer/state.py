"""The data in use (kept per browser session) and cached calls into the library."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import graphmodel as gm

__all__ = [
    "BUNDLED_DATA",
    "actor_options",
    "bundled_model",
    "compute",
    "council_members",
    "council_options",
    "freeze",
    "model_in_use",
    "use_model",
]

#: The example that opens when nobody has uploaded anything.
BUNDLED_DATA = Path(__file__).resolve().parents[2] / "data" / "nordic"

MODEL_KEY = "data_in_use"
BUNDLED_ERROR_KEY = "bundled_error"


def _stamp(folder: Path) -> tuple:
    """File names, sizes and times: a new stamp when the bundled files change on disk."""
    if not folder.exists():
        return ()
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.csv"))
    )


@st.cache_resource(show_spinner="Opening the example data…")
def _load_bundled(folder: str, stamp: tuple) -> gm.Model:
    # A Model is never mutated, so one shared object serves every session.
    return gm.load(folder, name=Path(folder).name)


def bundled_model() -> gm.Model:
    """The bundled example (``data/nordic``), loaded once per server."""
    return _load_bundled(str(BUNDLED_DATA), _stamp(BUNDLED_DATA))


def model_in_use() -> gm.Model | None:
    """The data this session works on: the last clean upload, else the bundled example.

    ``None`` when there is no upload and the bundled example cannot be read (the
    reason is kept in ``st.session_state["bundled_error"]``).
    """
    state = st.session_state
    if MODEL_KEY not in state:
        try:
            state[MODEL_KEY] = bundled_model()
            state.pop(BUNDLED_ERROR_KEY, None)
        except (gm.GraphModelError, OSError) as exc:
            state[BUNDLED_ERROR_KEY] = exc
            return None
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


def council_members(model: gm.Model, councils) -> set[str] | None:
    """Actor ids that are members (not observers) of any of ``councils``; ``None`` for no filter."""
    if not councils:
        return None
    m = model.memberships
    keep = m["collaboration"].isin(list(councils)) & (m["role"] != "observer")
    return set(m.loc[keep, "actor"])


def only_members(frame: pd.DataFrame, members: set[str] | None, *columns: str) -> pd.DataFrame:
    """Rows of ``frame`` whose ``columns`` (any of them) name a member; all rows for ``None``."""
    if members is None or frame.empty:
        return frame
    keep = pd.Series(False, index=frame.index)
    for col in columns:
        keep |= frame[col].isin(members)
    return frame[keep]
