"""What the Share page's download buttons hand out: the same files as the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

import graphmodel as gm

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def share():
    pytest.importorskip("streamlit")
    import sys

    sys.path.insert(0, str(ROOT))
    from graphmodel.explorer import view_state as module

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


# --------------------------------------------------------------------------- hostile view files

def _hostile_view_files():
    import pickle

    good = gm.View(title="Tittel", note="x").to_json()
    return {
        "pickle": pickle.dumps({"schema_version": 1, "title": "x"}),
        "latin-1": good.replace("Tittel", "Tromsø").encode("latin-1"),
        "utf-16 no BOM": good.encode("utf-16-le"),
        "nested": b"[" * 100_000 + b"]" * 100_000,
        "5000 digits": b'{"schema_version": ' + b"9" * 5000 + b"}",
        "not json": b"\xff\xfe\x00garbage",
    }


@pytest.mark.parametrize("name", list(_hostile_view_files()))
def test_a_hostile_view_file_gets_a_message_not_an_error_box(name, tmp_path, monkeypatch):
    pytest.importorskip("streamlit")
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(tmp_path / "ws"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("graphmodel/explorer/pages/share.py").run()
    at.file_uploader(key="view_upload").set_value(
        ("x.view.json", _hostile_view_files()[name], "application/json")).run()
    assert not at.exception, [e.value for e in at.exception]
    messages = [e.value for e in at.error]
    assert messages and "cannot be opened as a view" in messages[0]
    assert "Traceback" not in messages[0]


def test_a_view_files_title_and_note_are_shown_as_text(tmp_path, monkeypatch):
    pytest.importorskip("streamlit")
    import re

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(tmp_path / "ws"))
    view = gm.View(title="![q](http://127.0.0.1:8999/x.png)", dataset="[a](javascript:alert(1))",
                   note="<img src=x onerror=alert(1)> **b**")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("graphmodel/explorer/pages/share.py").run()
    at.file_uploader(key="view_upload").set_value(
        ("x.view.json", view.to_json().encode(), "application/json")).run()
    assert not at.exception
    shown = [m.value for m in at.markdown] + [w.value for w in at.warning]
    assert any("q" in m and "127" in m for m in shown)  # the title is there, as text
    for text in shown:
        bare = re.sub(r"\\.", "", text)
        assert "![" not in bare and "](" not in bare and "<img" not in bare, text
    assert any(t.value == view.note for t in at.text)  # the note as plain text
