"""The explorer's shell on a workspace (AppTest): ``?data=ID``, versions, languages, hostile links.

Each test gets a workspace folder of its own (``GRAPHMODEL_WORKSPACE``); the app adds the
bundled example to it at start, as a server does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

import graphmodel as gm
from graphmodel.explorer.params import PAGE_KEYS
from graphmodel.i18n import tr, use_language
from graphmodel.workspace.store import Workspace

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"

pytestmark = pytest.mark.skipif(not (DATA / "actors.csv").exists(),
                                reason="the bundled data/nordic is not there yet")

TINY = {
    "actors.csv": "id,name,kind,country,region\n"
                  "a,Alfa,municipality,NO,Trøndelag\nb,Bravo,municipality,NO,Trøndelag\n"
                  "c,Charlie,municipality,NO,Trøndelag\n",
    "collaborations.csv": "id,name,kind,sector\nx,Xray IT,service,ict\ny,Yankee PPT,service,ppt\n",
    "memberships.csv": "actor,collaboration\na,x\nb,x\nb,y\nc,y\n",
}


@pytest.fixture
def ws(tmp_path, monkeypatch) -> Workspace:
    folder = tmp_path / "ws"
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(folder))
    monkeypatch.delenv("GRAPHMODEL_DATA", raising=False)
    monkeypatch.delenv("GRAPHMODEL_LANG", raising=False)
    return Workspace(folder)


def run(query=None, timeout=120) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def picker(at: AppTest, key: str):
    return at.sidebar.selectbox(key=key)


def caption_text(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def plain(markdown: str) -> str:
    """Escaped Markdown as the reader sees it (backslashes before punctuation dropped)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def tiny_version(ws: Workspace, name="Tiny register", note="first"):
    return ws.add_dataset(gm.load(TINY, name="tiny"), name, note)


# ------------------------------------------------------------------ data in use and links

def test_a_new_session_opens_the_bundled_example_and_names_it(ws):
    at = run()
    ok(at)
    bundled = [d for d in ws.datasets() if d.origin == "bundled"]
    assert len(bundled) == 1
    assert at.query_params["data"] == bundled[0].latest
    assert at.query_params["lang"] == "en"
    assert "69 actors" in caption_text(at)


def test_a_link_with_data_id_opens_that_version(ws):
    version = tiny_version(ws)
    at = run({"data": version.id})
    ok(at)
    assert "Tiny register" in caption_text(at) and "3 actors" in caption_text(at)
    assert at.query_params["data"] == version.id
    assert picker(at, "_pick_version").value == version.id
    assert not at.warning


def test_a_dataset_id_opens_its_newest_version(ws):
    first = tiny_version(ws)
    changed = dict(TINY, **{"memberships.csv": TINY["memberships.csv"] + "a,y\n"})
    second = ws.add_version(first.dataset_id, gm.load(changed), "a joins Yankee")
    at = run({"data": first.dataset_id})
    ok(at)
    assert at.query_params["data"] == second.id


@pytest.mark.parametrize("bad", ["AAAAAAAAAAAAAAAA", "../../etc", "x" * 5000, ""])
def test_an_unknown_dataset_gives_a_friendly_note_and_the_example_still_works(ws, bad):
    at = run({"data": bad})
    ok(at)
    if bad:
        notes = " ".join(w.value for w in at.warning)
        assert "does not hold" in notes
        assert "x" * 100 not in notes  # never echoes a long value
    assert "69 actors" in caption_text(at)  # the bundled example is in use
    at.sidebar.multiselect(key="sector").set_value(["child_welfare"]).run()
    ok(at)
    assert at.query_params["sector"] == "child_welfare"


def test_switching_version_changes_the_data_and_the_link(ws):
    first = tiny_version(ws)
    bigger = dict(TINY, **{
        "actors.csv": TINY["actors.csv"] + "d,Delta,municipality,NO,Trøndelag\n",
        "memberships.csv": TINY["memberships.csv"] + "d,y\n"})
    second = ws.add_version(first.dataset_id, gm.load(bigger), "Delta joins")
    at = run({"data": second.id})
    ok(at)
    assert "4 actors" in caption_text(at)
    versions = picker(at, "_pick_version")
    assert versions.options[0].startswith("Version 2") and "Delta joins" in versions.options[0]
    versions.set_value(first.id).run()
    ok(at)
    assert "3 actors" in caption_text(at)
    assert at.query_params["data"] == first.id


def test_the_dataset_picker_lists_only_this_sessions_datasets(ws):
    mine = tiny_version(ws, "Mine")
    ws.add_dataset(gm.load(dict(TINY, **{"memberships.csv": "actor,collaboration\na,x\n"})),
                   "Someone else's upload")
    at = run({"data": mine.id})
    ok(at)
    names = picker(at, "_pick_dataset").options
    assert "Mine" in names and "Nordic example" in names
    assert "Someone else's upload" not in names
    picker(at, "_pick_dataset").set_value("Nordic example").run()
    ok(at)
    assert "69 actors" in caption_text(at)
    assert "Mine" in picker(at, "_pick_dataset").options  # still listed for this session


def test_use_new_version_saves_switches_and_updates_the_link(ws):
    """What the Data page calls after an upload or an edit."""
    at = run()
    ok(at)
    bundled = at.query_params["data"]
    model = gm.load(TINY, name="tiny")
    # Act as the Data page does, inside a session: through a script run.
    at = AppTest.from_function(_upload_script, default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    new = at.session_state["_saved_version"]
    assert at.query_params["data"] == new
    saved = ws.version(new)
    assert saved.dataset_name == "Uploaded" and saved.note == "from the county"
    assert ws.load_version(new).content_hash() == model.content_hash()
    assert bundled != new


def _upload_script():
    import streamlit as st

    import graphmodel as gm
    from graphmodel.explorer import params, state

    params.begin_run()
    state.choose_language()
    state.model_in_use()
    if "_saved_version" not in st.session_state:
        files = {
            "actors.csv": "id,name,kind,country,region\n"
                          "a,Alfa,municipality,NO,Trøndelag\nb,Bravo,municipality,NO,Trøndelag\n"
                          "c,Charlie,municipality,NO,Trøndelag\n",
            "collaborations.csv": "id,name,kind,sector\nx,Xray IT,service,ict\n"
                                  "y,Yankee PPT,service,ppt\n",
            "memberships.csv": "actor,collaboration\na,x\nb,x\nb,y\nc,y\n",
        }
        version = state.use_new_version(gm.load(files, name="tiny"), "from the county",
                                        as_new_dataset=True, name="Uploaded")
        st.session_state["_saved_version"] = version.id
    params.end_run()


# ------------------------------------------------------------------ languages

@pytest.mark.parametrize("lang, label, council", [
    ("nb", "Sektor", "Medlemmer av"), ("sv", "Sektor", "Medlemmar i"),
    ("en", "Sector", "Members of"),
])
def test_the_language_from_the_link_changes_the_sidebar(ws, lang, label, council):
    at = run({"lang": lang})
    ok(at)
    assert at.sidebar.selectbox(key="lang").value == lang
    labels = [m.label for m in at.sidebar.multiselect]
    assert label in labels and council in labels
    assert at.query_params["lang"] == lang


def test_the_language_switch_changes_labels_and_link(ws):
    at = run()
    ok(at)
    assert "Sector" in [m.label for m in at.sidebar.multiselect]
    at.sidebar.selectbox(key="lang").set_value("nb").run()
    ok(at)
    labels = [m.label for m in at.sidebar.multiselect]
    with use_language("nb"):
        assert tr("Kind of collaboration") in labels
    assert "Sector" not in labels and "Sektor" in labels
    assert at.query_params["lang"] == "nb"
    at.sidebar.selectbox(key="lang").set_value("sv").run()
    ok(at)
    assert at.query_params["lang"] == "sv"
    assert "Medlemmar i" in [m.label for m in at.sidebar.multiselect]


def test_an_unknown_language_is_a_note_and_english(ws):
    at = run({"lang": "xx"})
    ok(at)
    assert at.sidebar.selectbox(key="lang").value == "en"
    assert any("language" in w.value for w in at.warning)


# ------------------------------------------------------------------ the scenario banner

def test_a_what_if_in_use_is_marked_on_other_pages(ws):
    at = run()
    ok(at)
    assert not [i for i in at.info if "What-if" in plain(i.value)]
    at.session_state["change_edits"] = [{"op": "leave", "actor": "no-5032",
                                         "collaboration": "x"}]
    at.session_state["change_mode"] = "whatif"
    at.session_state["change_title"] = "![q](http://127.0.0.1:8999/x.png) leaves"
    at.run()
    banners = [i.value for i in at.info if "What-if" in plain(i.value)]
    assert len(banners) == 1
    assert "![" not in banners[0] and "](" not in banners[0]


# ------------------------------------------------------------------ hostile links

HOSTILE = [
    "![q](http://127.0.0.1:8999/x.png)",
    "[click](http://127.0.0.1:8999/)",
    "<img src=http://127.0.0.1:8999/y.png>",
    "9" * 5000,
    "1e308",
    "-1",
    "nan",
    "%C2%B2",
    "\u00b2",
    "x" * 3000,
]
#: Each parameter, with the page that reads it.
PAGE_OF = {"overlap": "overlap", "fragmentation": "fragmentation", "profile": "profile",
           "share": "share", "map": "map"}
ALL_KEYS = sorted({(k, PAGE_OF.get(group, "network")) for group, keys in PAGE_KEYS.items()
                   for k in keys} | {("v", "network")})
UNESCAPED = re.compile(r"(?<!\\)!\[|(?<!\\)\]\(|<img", re.IGNORECASE)


def _texts(at: AppTest) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "warning", "info", "error", "success", "title",
                 "subheader", "header"):
        out += [str(e.value) for e in getattr(at, kind)]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("key, page", ALL_KEYS)
def test_hostile_values_in_every_parameter_end_in_a_note(ws, key, page):
    for value in HOSTILE:
        at = run({key: value})
        if page != "network":
            at.switch_page(f"graphmodel/explorer/pages/{page}.py").run()
        assert not at.exception, (key, value[:40], [e.value for e in at.exception])
        assert not [e for e in at.error if "could not be drawn" in e.value], (key, value[:40])
        for text in _texts(at):
            assert not UNESCAPED.search(text), (key, value[:40], text[:200])


@pytest.mark.parametrize("query", [
    {"v": "\u00b2"}, {"v": "9" * 5000}, {"data": "../../etc"}, {"lang": "xx"},
    {"date": "99999"}, {"v": "1", "focus": "![q](http://127.0.0.1:8999/x.png)"},
])
def test_reported_hostile_links_end_in_a_friendly_message(ws, query):
    at = run(query)
    assert not at.exception, [e.value for e in at.exception]
    assert at.warning  # a note says what could not be applied
    for text in _texts(at):
        assert not UNESCAPED.search(text), text[:200]
    assert "69 actors" in caption_text(at)
