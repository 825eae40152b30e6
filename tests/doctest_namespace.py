"""A pytest plugin (``-p doctest_namespace`` in pyproject.toml): every doctest of the package
receives ``gm`` (:mod:`graphmodel`) and ``example`` (the tiny example model of
:mod:`graphmodel.data.example`), as networkx's doctests receive ``nx``."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _graphmodel_doctest_namespace(doctest_namespace):
    import graphmodel as gm
    from graphmodel.data.example import example_model

    doctest_namespace["gm"] = gm
    doctest_namespace["example"] = example_model()
