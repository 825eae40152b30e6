"""PowerPoint slides of a view (graphmodel.office.pptx), read back with python-pptx."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest

pptx = pytest.importorskip("pptx")

from office.test_office_docx import HOSTILE, hostile_model

from graphmodel import View, write_snapshot
from graphmodel.errors import UnknownIdError
from graphmodel.office.pptx import slide_figures, snapshot_pptx

TITLE = '=HYPERLINK("x") <script> { FIELD } \u202eabc'
NOTE = "Til formannskapet:\n=SUM(A1) <b>x</b>\x02"


def read(data: bytes):
    return pptx.Presentation(io.BytesIO(data))


@pytest.fixture(scope="module")
def network_slide() -> bytes:
    m = hostile_model()
    view = View.for_model(m, title=TITLE, note=NOTE, lang="nb")
    return snapshot_pptx(m, view, made_at="01.05.2024 10:00")


@pytest.mark.slow
def test_one_widescreen_slide_with_title_picture_figures_and_notes(network_slide):
    prs = read(network_slide)
    assert len(prs.slides) == 1
    assert round(prs.slide_width / prs.slide_height, 3) == round(16 / 9, 3)
    slide = prs.slides[0]
    assert slide.shapes.title.text_frame.text == TITLE
    pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    figures = next(t for t in texts if t.startswith("Nøkkeltall"))
    # the tiny network view: 4 municipalities and 2 agreements (+ the council) drawn
    assert figures.split("\n")[1:3] == ["4", "aktører i bildet"]
    assert slide.notes_slide.notes_text_frame.text == NOTE.replace("\x02", "\ufffd")


@pytest.mark.slow
def test_slide_text_is_never_a_link_or_field(network_slide):
    with zipfile.ZipFile(io.BytesIO(network_slide)) as zf:
        xml = "".join(zf.read(n).decode("utf-8") for n in zf.namelist()
                      if n.startswith(("ppt/slides/", "ppt/notesSlides/")))
    for code in ("hlinkClick", "<a:fld", "<script>"):
        assert code not in xml
    assert "&lt;script&gt;" in xml


@pytest.mark.slow
def test_map_and_comparison_slides(tmp_path):
    m = hostile_model()
    map_view = View.for_model(m, picture="map", lang="sv")
    prs = read(snapshot_pptx(m, map_view))
    assert prs.slides[0].shapes.title.text_frame.text.startswith("Karta över samverkan")
    # the change from 2014 to 2016 on data with no dates: nothing formed or ended
    change = View.for_model(m, as_of="2014-01-01", compare_as_of="2016-01-01")
    figures = slide_figures(m, change)
    assert [n for n, _ in figures] == ["0", "0", "0", "0"]
    out = write_snapshot(m, change, tmp_path / "change.pptx")
    assert read(out.read_bytes()).slides[0].shapes.title.text_frame.text.startswith(
        "Change from")


def test_unknown_focus_is_a_clear_error():
    m = hostile_model()
    with pytest.raises(UnknownIdError, match="zz"):
        snapshot_pptx(m, View.for_model(m, focus=("zz",)))


@pytest.mark.slow
def test_cli_snapshot_pptx_and_render(tmp_path):
    from graphmodel.cli import main

    folder = tmp_path / "d"
    folder.mkdir()
    m = hostile_model()
    for name, frame in (("actors", m.actors), ("collaborations", m.collaborations),
                        ("memberships", m.memberships)):
        frame.to_csv(folder / f"{name}.csv", index=False)
    out = tmp_path / "a.pptx"
    assert main(["snapshot", str(folder), "--focus", "a", "--lang", "nb", "-o", str(out)]) == 0
    title = read(out.read_bytes()).slides[0].shapes.title.text_frame.text
    assert title == f"Interkommunalt samarbeid rundt {HOSTILE['a']}"
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (Debian libreoffice-impress) or pdftotext is not installed")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", str(tmp_path / "a.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Nøkkeltall" in text and HOSTILE["a"] in text
