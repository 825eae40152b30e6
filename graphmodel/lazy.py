"""Lazy public doors: a package hands on its modules' names, importing each on first use.

Every subpackage's ``__init__`` lists the names it hands on and the module that defines
each; :func:`attach` turns that table into the module-level ``__getattr__``, ``__dir__``
and ``__all__`` (PEP 562), so ``import graphmodel.data`` stays light and never pulls in
networkx, matplotlib or SQLite before a name that needs them is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

__all__ = ["attach"]


def attach(package: str, names: Mapping[str, str]) -> tuple[Callable, Callable, list[str]]:
    """``__getattr__``, ``__dir__`` and ``__all__`` for *package* from ``{name: module}``.

    *module* is relative to *package* (``"select"`` for ``graphmodel.data.select``).

    Examples
    --------
    >>> getattr_, dir_, all_ = attach("graphmodel.data", {"parse_date": "select"})
    >>> getattr_("parse_date").__name__
    'parse_date'
    >>> all_
    ['parse_date']
    """
    public = sorted(names)

    def __getattr__(name: str):
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        importlib.import_module(package).__dict__[name] = value
        return value

    def __dir__() -> list[str]:
        return public

    return __getattr__, __dir__, public
