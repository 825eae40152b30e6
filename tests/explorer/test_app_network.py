"""One view, one picture: the Network page, the Share page and the CLI draw the same nodes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

import graphmodel as gm
from graphmodel.cli import main as cli
from graphmodel.data.schema import COLLABORATION_KINDS

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"

pytestmark = pytest.mark.skipif(not (DATA / "actors.csv").exists(),
                                reason="the bundled data/nordic is not there yet")


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    """Each test on a workspace of its own (never the user's)."""
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(tmp_path / "ws"))


def drawn_ids(page: str) -> set[str]:
    """The node ids an HTML page (app iframe or snapshot) hands to vis-network."""
    found = re.search(r"var GM_DATA = (.*?);\nvar GM_ELEMENT", page, re.DOTALL)
    assert found, "no network data in the page"
    return {node["id"] for node in json.loads(found.group(1))["nodes"]}


def run(query, page=None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(f"graphmodel/explorer/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("query", [
    {"focus": "no-5032"},                                   # Selbu, the defaults
    {"focus": "no-5032", "kind": "", "sector": "child_welfare"},  # "All kinds"
    {"focus": "no-5035", "view": "actors", "color": "sector"},
])
def test_the_app_the_share_page_and_the_cli_draw_the_same_nodes(query, tmp_path):
    at = run(query)
    app_ids = drawn_ids(at.get("iframe")[0].proto.srcdoc)
    assert query["focus"] in app_ids and len(app_ids) > 1

    at.switch_page("graphmodel/explorer/pages/share.py").run()
    assert not at.exception
    link = at.code[0].value
    params = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
    assert params["lang"] == "en" and params.get("data")  # the link names version and language
    view = gm.View.from_query_params(params)
    if query.get("kind") == "":
        assert view.filters["kinds"] == tuple(sorted(COLLABORATION_KINDS))  # never None
    spec = tmp_path / "view.json"
    spec.write_text(view.to_json(), encoding="utf-8")
    out = tmp_path / "view.html"
    assert cli(["snapshot", str(DATA), "--spec", str(spec), "-o", str(out)]) == 0
    assert drawn_ids(out.read_text(encoding="utf-8")) == app_ids
    # and the Share page's own file is the same picture
    assert drawn_ids(gm.snapshot_html(gm.load(DATA), view)) == app_ids


def test_all_kinds_draws_councils_the_default_does_not():
    """The sidebar's empty kind choice means every kind, in the app and in the view."""
    default = drawn_ids(run({"focus": "no-5032"}).get("iframe")[0].proto.srcdoc)
    every = drawn_ids(run({"focus": "no-5032", "kind": ""}).get("iframe")[0].proto.srcdoc)
    model = gm.load(DATA)
    councils = set(model.collaborations.loc[model.collaborations["kind"] == "council", "id"])
    assert not default & councils
    assert every & councils  # Selbu sits in a regional council (Trøndelag)


def test_the_network_page_speaks_the_language_of_the_link():
    at = run({"focus": "no-5032", "lang": "nb"})
    assert at.title[0].value == "Nettverk"
    labels = {s.label for s in at.selectbox}
    assert {"Hvor langt ut", "Bilde"} <= labels
    page = at.get("iframe")[0].proto.srcdoc
    assert 'lang="nb"' in page or "Selbu" in page


def test_view_from_state_stores_every_kind_and_the_language(monkeypatch):
    import streamlit as st

    from graphmodel.explorer.sidebar import Filters
    from graphmodel.explorer.view_state import params_from_view, view_from_state
    from graphmodel.i18n import use_language

    model = gm.load(DATA)
    monkeypatch.setattr(st, "session_state", {"focus": "no-5032", "view": "bipartite"})
    with use_language("sv"):
        view = view_from_state(model, Filters(kinds=None))
    assert view.filters["kinds"] == tuple(sorted(COLLABORATION_KINDS))
    assert view.lang == "sv" and view.depth == 2  # graphmodel.share.view.DEFAULT_DEPTH
    assert params_from_view(view)["kind"] == [""]  # back to the sidebar's "All kinds"
    service = gm.View(focus=("no-5032",), depth=2)  # kinds unset: the default, service
    assert "kind" not in params_from_view(service)


def test_lister_council_draws_its_three_observers():
    """Listersamarbeidet's three levels (seed 000): Members of Lister with every kind draws
    the county, the county governor and the hospital as observers (dashed, in the legend)."""
    at = run({"council": "lister-rad", "kind": ""})
    ids = drawn_ids(at.get("iframe")[0].proto.srcdoc)
    assert {"agder-fylkeskommune", "statsforvalteren-agder", "sorlandet-sykehus"} <= ids
    legend = " ".join(h.proto.body for h in at.get("html"))
    assert "dashed line: observer (not counted as a member)" in legend
