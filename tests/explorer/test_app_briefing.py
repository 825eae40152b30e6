"""The "Briefing" download on the profile page and the council view (AppTest).

The page is made only when the button is pressed, in the language in use, and a hostile
municipality name arrives escaped. The bytes handed to the download are caught where
Streamlit stores them (its in-memory media storage).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from conftest import tiny_files
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import graphmodel as gm
from graphmodel.explorer.briefing_download import briefing_file_name
from graphmodel.workspace.store import Workspace

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PROFILE = "graphmodel/explorer/pages/profile.py"
FRAGMENTATION = "graphmodel/explorer/pages/fragmentation.py"
HOSTILE = 'Aby <b>&amp; "Bø"</b> <script>alert(1)</script>'


@pytest.fixture
def version(tmp_path, monkeypatch):
    """The tiny dataset with a hostile name for ``a``, the data of a fresh workspace."""
    folder = tmp_path / "ws"
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(folder))
    monkeypatch.delenv("GRAPHMODEL_DATA", raising=False)
    monkeypatch.delenv("GRAPHMODEL_LANG", raising=False)
    files = tiny_files()
    quoted = '"' + HOSTILE.replace('"', '""') + '"'  # one CSV field
    files["actors.csv"] = files["actors.csv"].replace("a,Aby,", f"a,{quoted},", 1)
    model = gm.load(files, name="tiny")
    assert model.actors.set_index("id").loc["a", "name"] == HOSTILE
    return Workspace(folder).add_dataset(model, "Tiny")


@pytest.fixture
def stored(monkeypatch) -> list:
    """Every file Streamlit stores for a download: (bytes, mimetype, file name)."""
    got = []
    real = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        got.append((path_or_data, mimetype, filename))
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return got


def open_page(version, page, lang="en") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["data"] = version.id
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def briefings(stored) -> list:
    return [(data, mime, name) for data, mime, name in stored
            if name and name.startswith("briefing-")]


def escaped(name: str, page: str) -> bool:
    """``name`` is on the page as escaped text (quotes as ``&quot;`` or ``&#34;``)."""
    return (html.escape(name).replace("&quot;", "&#34;") in page
            or html.escape(name) in page)


def download_labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_the_profile_briefing_is_made_when_asked_and_escapes_the_name(version, stored):
    at = open_page(version, PROFILE)
    at.selectbox(key="actor").set_value("a").run()
    ok(at)
    assert "Download the briefing (HTML)" not in download_labels(at)  # not made yet
    assert not briefings(stored)
    at.button(key="profile_briefing_make").click().run()
    ok(at)
    assert "Download the briefing (HTML)" in download_labels(at)
    (data, mime, name), = briefings(stored)[-1:]
    assert mime == "text/html" and name == "briefing-a.html"
    page = data.decode("utf-8")
    assert escaped(HOSTILE, page)  # the name, escaped
    assert "<script>alert(1)" not in page and "<b>&amp;" not in page
    assert '<html lang="en"' in page


def test_the_briefing_is_in_the_language_in_use(version, stored):
    at = open_page(version, PROFILE, lang="nb")
    at.selectbox(key="actor").set_value("b").run()
    at.button(key="profile_briefing_make").click().run()
    ok(at)
    (data, _, name), = briefings(stored)[-1:]
    assert name == "briefing-b.html"
    page = data.decode("utf-8")
    assert '<html lang="nb"' in page and "Bes" in page
    expected = gm.briefing_html(gm.load(tiny_files()), "b", lang="nb", made_at="x")
    # the same sections as the library's Norwegian page (headings are the catalogue's)
    heads = re.findall(r"<h2>[^<]*</h2>", expected)
    assert "<h2>Nøkkeltall</h2>" in heads and re.findall(r"<h2>[^<]*</h2>", page) == heads


def test_the_council_view_offers_its_briefing(version, stored):
    at = open_page(version, FRAGMENTATION)
    ok(at)
    assert at.selectbox(key="detail").value == "R"  # the only council
    at.button(key="council_briefing_make").click().run()
    ok(at)
    (data, mime, name), = briefings(stored)[-1:]
    assert name == "briefing-R.html" and mime == "text/html"
    page = data.decode("utf-8")
    assert "Region East" in page
    assert escaped(HOSTILE, page)  # a member, escaped
    assert "<script>alert(1)" not in page


def test_file_names_are_safe():
    assert briefing_file_name("no-5035") == "briefing-no-5035.html"
    name = briefing_file_name("../../etc/passwd")
    assert name.startswith("briefing-______etc_passwd-") and "/" not in name
    assert briefing_file_name("") == "briefing-_-da39a3ee.html"
