"""Word briefings (graphmodel.office.docx), read back with python-docx."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import pandas as pd
import pytest

docx = pytest.importorskip("docx")

from graphmodel import Model
from graphmodel.briefing import briefing_data
from graphmodel.errors import SpecError, UnknownIdError
from graphmodel.office.docx import DPI, briefing_docx, write_docx_report
from graphmodel.office.text import plain_text

HOSTILE = {
    "a": "<script>alert(1)</script>",
    "b": '=HYPERLINK("http://x")',
    "c": "{ FIELD }\u202eabc\u200f",
    "d": "Ctrl\x01x",
}


def hostile_model() -> Model:
    """a, b, c in council R; service s (host a) a, b, c; service t a, d. Selbu/Tydal/Meråker
    outlines for a, b, c (codes 5032-5034); d a point."""
    return Model.from_frames(
        pd.DataFrame({"id": list("abcd"), "name": [HOSTILE[k] for k in "abcd"],
                      "kind": "municipality", "country": "NO",
                      "code": ["5032", "5033", "5034", ""],
                      "lat": [None, None, None, 63.4], "lon": [None, None, None, 10.4]}),
        pd.DataFrame({"id": ["R", "s", "t"], "name": ["Rådet", "Brann & redning", "IKT"],
                      "kind": ["council", "service", "service"],
                      "sector": ["general", "fire", "ict"], "legal_form": ["", "IKS", ""],
                      "host": ["", "a", ""]}),
        pd.DataFrame({"actor": list("abcabcad"), "collaboration": list("RRRssstt")}),
    )


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def selbu_like() -> bytes:
    data = briefing_data(hostile_model())
    return briefing_docx(data, "a", lang="nb", made_at="01.05.2024 10:00")


@pytest.mark.slow
def test_headings_use_words_builtin_styles(selbu_like):
    doc = read(selbu_like)
    headings = [(p.style.name, p.text) for p in doc.paragraphs
                if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", HOSTILE["a"])
    level2 = [t for s, t in headings if s == "Heading 2"]
    assert level2[:3] == ["Kort fortalt", "Nøkkeltall", "Strategi: praktisert og uttalt"]
    assert "Kilder og data" in level2


@pytest.mark.slow
def test_tables_are_real_tables_in_the_languages_formats(selbu_like):
    doc = read(selbu_like)
    assert len(doc.tables) >= 4  # figures, agreements, councils, gaps or sources
    figures = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert figures["Samarbeid"] == "2"  # s and t
    assert figures["Partnere (andre kommuner)"] == "3"  # b, c, d
    # s lies inside R, t does not (d is outside): 1 of 2, written as nb writes it
    assert figures["Andel innen eget regionråd"] == "50\u00a0%"
    agreements = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert agreements[0][:2] == ["Sektor", "Samarbeid"]
    assert [r[1] for r in agreements[1:]] == ["Brann & redning", "IKT"]


@pytest.mark.slow
def test_hostile_names_stay_text(selbu_like):
    doc = read(selbu_like)
    text = all_text(doc)
    for key in "abc":
        assert HOSTILE[key] in text
    assert "Ctrl\ufffdx" in text and "\x01" not in text
    with zipfile.ZipFile(io.BytesIO(selbu_like)) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    for code in ("w:fldSimple", "w:instrText", "w:fldChar", "w:hyperlink"):
        assert code not in body
    assert "<script>" not in body and "&lt;script&gt;" in body


@pytest.mark.slow
def test_pictures_are_png_at_print_resolution(selbu_like):
    doc = read(selbu_like)
    shapes = doc.inline_shapes
    assert len(shapes) == 3  # quadrant, map, ego network
    from PIL import Image

    for shape in shapes:
        rid = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
        blob = doc.part.related_parts[rid].blob
        assert blob[:8] == b"\x89PNG\r\n\x1a\n"
        width_px = Image.open(io.BytesIO(blob)).width
        assert width_px / shape.width.inches >= 200
    assert DPI >= 200


@pytest.mark.slow
def test_council_page_and_report_files(tmp_path):
    m = hostile_model()
    report = write_docx_report(m, tmp_path, per="council", lang="sv",
                               made_at="2024-05-01 10:00")
    assert [p.name for _, p in report.pages] == ["R.docx"]
    doc = docx.Document(report.pages[0][1])
    assert doc.paragraphs[1].style.name == "Heading 1" and doc.paragraphs[1].text == "Rådet"
    members = [row.cells[0].text for row in doc.tables[1].rows[1:]]
    assert sorted(members) == sorted(HOSTILE[k] for k in "abc")


def test_report_file_names_come_from_ids(tmp_path, monkeypatch):
    import graphmodel.office.docx as office_docx

    monkeypatch.setattr(office_docx, "briefing_docx", lambda data, i, **kw: i.encode())
    m = Model.from_frames(
        pd.DataFrame({"id": ["../x", "ok"], "name": ["X", "Ok"], "kind": "municipality"}),
        pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
        pd.DataFrame({"actor": ["../x", "ok"], "collaboration": ["s", "s"]}),
    )
    report = write_docx_report(m, tmp_path / "out")
    names = sorted(p.name for _, p in report.pages)
    assert names == ["___x-72e4d01d.docx", "ok.docx"]
    assert all(p.parent == (tmp_path / "out").resolve() for _, p in report.pages)


def test_report_refuses_an_unknown_per(tmp_path):
    with pytest.raises(SpecError, match="unknown --per 'county'"):
        write_docx_report(hostile_model(), tmp_path, per="county")


def test_unknown_id_is_a_clear_error():
    with pytest.raises(UnknownIdError, match="no municipality with id 'zz'"):
        briefing_docx(briefing_data(hostile_model()), "zz")


@pytest.mark.parametrize(("value", "expected"), [
    ("<b>", "<b>"), ("a\x00b\x1fc", "a\ufffdb\ufffdc"), ("tab\there", "tab\there"),
    ("\u202eRLO", "\u202eRLO"), (None, ""), (float("nan"), ""), ("\ud800", "\ufffd"),
])
def test_plain_text(value, expected):
    assert plain_text(value) == expected


@pytest.mark.slow
def test_cli_report_docx_and_html_default(tmp_path):
    from graphmodel.cli import main

    folder = tmp_path / "d"
    folder.mkdir()
    m = hostile_model()
    for name, frame in (("actors", m.actors), ("collaborations", m.collaborations),
                        ("memberships", m.memberships)):
        frame.to_csv(folder / f"{name}.csv", index=False)
    assert main(["report", str(folder), "--format", "docx", "--lang", "nb",
                 "-o", str(tmp_path / "w")]) == 0
    assert sorted(p.name for p in (tmp_path / "w").iterdir()) == [
        "a.docx", "b.docx", "c.docx", "d.docx"]
    assert main(["report", str(folder), "-o", str(tmp_path / "h")]) == 0
    assert "index.html" in {p.name for p in (tmp_path / "h").iterdir()}


@pytest.mark.slow
def test_word_briefing_renders_in_libreoffice(tmp_path, selbu_like):
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (Debian libreoffice-writer) or pdftotext is not installed")
    src = tmp_path / "selbu.docx"
    src.write_bytes(selbu_like)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", str(tmp_path / "selbu.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Kort fortalt" in text and "Brann & redning" in text
    assert re.search(r"<script>alert\(1\)</script>", text)
