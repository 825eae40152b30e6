"""Cached calls into the library (``compute``), keyed on the data's content hash."""

from __future__ import annotations

from typing import Any

import streamlit as st

import graphmodel as gm
from graphmodel.i18n import current_language

__all__ = ["compute", "freeze"]


def freeze(value: Any) -> Any:
    """A hashable, order-independent form of a filter value (lists become sorted tuples)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(sorted(freeze(v) for v in value))
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    return value


@st.cache_data(show_spinner=False, max_entries=512)
def _compute(function: str, data_hash: str, arguments: tuple, lang: str,
             _model: gm.Model) -> Any:
    # ``_model`` is not hashed (leading underscore): ``data_hash`` stands for it.
    return getattr(gm, function)(_model, **dict(arguments))


def compute(function: str, model: gm.Model, **arguments: Any) -> Any:
    """``gm.<function>(model, **arguments)``, cached on the data's content hash and arguments.

    The result is a copy for each caller (``st.cache_data``), so a page may change it.
    """
    key = tuple(sorted((k, freeze(v)) for k, v in arguments.items()))
    return _compute(function, model.content_hash(), key, current_language(), model)
