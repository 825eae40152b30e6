"""What the Share page's download buttons hand out: the same files as the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphmodel as gm

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def share():
    pytest.importorskip("streamlit")
    import sys

    sys.path.insert(0, str(ROOT))
    from graphmodel.explorer import share as module

    return module


@pytest.fixture(scope="module")
def nordic():
    return gm.load(ROOT / "data" / "nordic")


def test_share_files_are_the_view(share, nordic, monkeypatch):
    import streamlit as st

    from graphmodel.explorer.sidebar import Filters

    monkeypatch.setattr(st, "session_state", {"focus": "no-5035", "depth": 2, "view": "bipartite",
                                              "color": "sector", "size": "population"})
    view = share.view_from_state(nordic, Filters(sectors=("child_welfare",)),
                                 title="Barnevern <b>Værnes</b>", note="Til formannskapet")
    view.check(nordic)
    assert view.focus == ("no-5035",) and view.depth == 2 and view.color_by == "sector"
    html = gm.snapshot_html(nordic, view)
    assert "Barnevern &lt;b&gt;Værnes&lt;/b&gt;" in html and "Til formannskapet" in html
    png = share.render_file(nordic, view, ".png")
    pdf = share.render_file(nordic, view, ".pdf")
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
    again = gm.View.from_json(view.to_json())
    assert again == view
