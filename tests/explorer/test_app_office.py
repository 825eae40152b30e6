"""The app's office downloads: Word beside the briefing, PowerPoint on the Share page,
the GeoPackage on the Map page (AppTest for the buttons; the files read back)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from conftest import tiny_files
from explorer.test_app_briefing import HOSTILE, PROFILE, download_labels, ok, open_page, version  # noqa: F401

import graphmodel as gm

ROOT = Path(__file__).resolve().parents[2]
MAP = "graphmodel/explorer/pages/map.py"
SHARE = "graphmodel/explorer/pages/share.py"


@pytest.mark.slow
def test_word_download_beside_the_briefing(version):  # noqa: F811
    at = open_page(version, PROFILE)
    at.selectbox(key="actor").set_value("a").run()
    at.button(key="profile_briefing_make").click().run()
    ok(at)
    labels = download_labels(at)
    assert labels.index("Word") == labels.index("Download the briefing (HTML)") + 1


@pytest.mark.slow
def test_word_file_of_the_app_is_the_briefing():
    docx = pytest.importorskip("docx")
    from graphmodel.explorer.briefing_download import make_briefing_docx
    from graphmodel.i18n import use_language

    model = gm.load(tiny_files())
    with use_language("nb"):
        data = make_briefing_docx(model, "b")
    doc = docx.Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings[:2] == ["Kort fortalt", "Nøkkeltall"]


@pytest.mark.slow
def test_map_and_share_pages_offer_the_office_files(version):  # noqa: F811
    at = open_page(version, MAP)
    ok(at)
    assert "Map layers for QGIS (GeoPackage)" in download_labels(at)
    at = open_page(version, SHARE, lang="sv")
    ok(at)
    assert "PowerPoint" in download_labels(at)


def test_share_files_pptx_and_gpkg():
    pytest.importorskip("pptx")
    from graphmodel.explorer import view_state as share

    model = gm.load(tiny_files())
    view = gm.View.for_model(model, title=HOSTILE, lang="nb")
    pptx_bytes = share.render_file(model, view, ".pptx")
    import pptx

    prs = pptx.Presentation(io.BytesIO(pptx_bytes))
    assert prs.slides[0].shapes.title.text_frame.text == HOSTILE
    gpkg = share.map_gpkg(model)
    assert gpkg[:16] == b"SQLite format 3\x00"
