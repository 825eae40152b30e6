"""Snapshots in Norwegian and Swedish: every word a person reads, numbers and dates (issue 14)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from drawing.test_render import tiny

from graphmodel.i18n import provenance_label, use_language
from graphmodel.share.snapshot import filters_in_words, snapshot_html, snapshot_image
from graphmodel.share.view import View

ROOT = Path(__file__).resolve().parents[2]
NORDIC = ROOT / "data" / "nordic"

#: Every English word of the snapshot's interface (page, legend, tooltips, key figures,
#: filters, footer, picture). Names, ids, file names and sources are data, not interface.
_ENGLISH_WORDS = """
about actor actors agreement agreements all and any around arrow as at border collaboration
collaborations colour community council councils count counties crosses crossing data dataset
date dates details drag drawing drawn effective figures file filter filters fixed focus
fragmentation from health highest home host hover in inside key kind kinds lead legend line
links made members membership memberships more municipalities municipality network node
none note observer observers of offline on or other overlap owner pairs part partner partners
population rows scroll service shared show shown size snapshot source sources status step
steps strength the these this to two view which with within zoom
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())
#: English words that are also words of the language ("to steg", "i all samverkan").
ALSO_LOCAL = {"nb": {"data", "status", "to"}, "sv": {"all", "filter", "partner", "status"}}


class _Text(HTMLParser):
    """The text a person sees: no script or style; attributes that are read out too."""

    def __init__(self):
        super().__init__()
        self.out, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "alt") and value:
                self.out.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.out.append(data.strip())


def _gm_data(page: str) -> dict:
    import json

    return json.loads(page.split("var GM_DATA = ", 1)[1].split(";\nvar GM_ELEMENT", 1)[0])


def _words(texts, data_texts) -> set[str]:
    """Lower-case words of ``texts`` once the data's own texts are taken out."""
    found = set()
    for text in texts:
        for d in sorted(data_texts, key=len, reverse=True):
            if d and len(d) > 2:
                text = text.replace(d, " ")
        found |= set(re.findall(r"[a-zæøåäö]+", text.lower()))
    return found


@pytest.fixture(scope="module")
def nordic():
    if not (NORDIC / "actors.csv").exists():
        pytest.skip("data/nordic is not there")
    from graphmodel.data.load import load

    return load(NORDIC)


def _data_texts(model) -> set[str]:
    out = set(model.actors["name"]) | set(model.collaborations["name"])
    out |= set(model.actors["id"]) | set(model.collaborations["id"])
    for frame in (model.actors, model.collaborations, model.memberships):
        if "source" in frame.columns:
            out |= set(frame["source"])
            # the sources as shown: their provenance categories in each language
            for lang in ("nb", "sv"):
                with use_language(lang):
                    out |= {provenance_label(s) for s in frame["source"]}
    out |= {"actors.csv", "collaborations.csv", "memberships.csv", "graphmodel", "SHA-256",
            model.name, model.content_hash(), "Jaccard"}
    return {str(t) for t in out if str(t)}


@pytest.mark.parametrize("lang", ["nb", "sv"])
def test_selbu_html_has_no_english_interface_word(nordic, lang):
    view = View.for_model(nordic, focus=("no-5032",), depth=2, lang=lang)
    page = snapshot_html(nordic, view, made_at="2026-11-29 10:00")
    parser = _Text()
    parser.feed(page)
    data = _gm_data(page)
    tooltips = [n["title"] for n in data["nodes"]] + [e["title"] for e in data["edges"]]
    words = _words(parser.out + tooltips, _data_texts(nordic))
    english = sorted(words & (set(ENGLISH) - ALSO_LOCAL[lang]))
    assert not english, english
    assert f'<html lang="{lang}">' in page
    assert "0,67" in page and "0.67" not in " ".join(parser.out)
    if lang == "nb":
        assert "29.11.2026 10:00" in page
        assert {"Nøkkeltall", "Tegnforklaring", "Regionråd", "Tjenestesamarbeid"} <= set(
            parser.out)
    else:
        assert "2026-11-29 10:00" in page and "Nyckeltal" in parser.out


def test_the_english_word_list_catches_english(nordic):
    """The same check finds English in the English page (it is not vacuous)."""
    view = View.for_model(nordic, focus=("no-5032",), depth=2)
    parser = _Text()
    parser.feed(snapshot_html(nordic, view, made_at="2026-11-29 10:00"))
    found = _words(parser.out, _data_texts(nordic)) & set(ENGLISH)
    assert {"key", "figures", "legend", "fragmentation", "members"} <= found


def test_empty_cells_are_blank_never_none(nordic):
    for lang in ("en", "nb"):
        view = View.for_model(nordic, focus=("no-5032",), depth=2, lang=lang)
        parser = _Text()
        parser.feed(snapshot_html(nordic, view, made_at="2026-11-29 10:00"))
        assert not {"None", "nan", "NaN", "–"} & set(parser.out)


def test_filters_in_words_follow_the_language():
    m = tiny()
    view = View(focus=("a",), as_of="2026-11-29", filters={"sectors": ["fire", "health"]})
    with use_language("nb"):
        rows = dict(filters_in_words(m, view))
    assert rows["Dato"] == "29.11.2026"
    assert rows["Sektorer"] == "Brann og redning, Helse"
    assert rows["Samarbeid"] == "Tjenestesamarbeid"
    with use_language("sv"):
        assert dict(filters_in_words(m, view))["Datum"] == "2026-11-29"
    view = View(filters={"countries": ["SE", "NO"]})
    with use_language("nb"):
        assert dict(filters_in_words(m, view))["Land"] == "Norge, Sverige"


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_pictures_in_norwegian(nordic, tmp_path, fmt):
    """The PNG/PDF: a Norwegian legend, subtitle and title; a copy for a human in /tmp."""
    view = View.for_model(nordic, focus=("no-5032",), depth=2, lang="nb")
    path = snapshot_image(nordic, view, tmp_path / f"selbu.{fmt}", fmt)
    assert path.stat().st_size > 10_000
    from graphmodel.drawing.network import view_graph
    from graphmodel.drawing.network_image import view_figure

    with use_language("nb"):
        vg = view_graph(nordic, **view.view_graph_kwargs())
        fig = view_figure(vg, title="Selbu", subtitle="Dato: 29.11.2026", made="2026-11-29")
        texts = [t.get_text() for t in fig.texts]
        legend = fig.axes[-1].get_legend()
        assert legend.get_title().get_text() == "Tegnforklaring"
        assert {t.get_text() for t in legend.get_texts()} >= {"Kommuner", "Tjenestesamarbeid"}
    assert any(t.startswith("graphmodel · laget") for t in texts)
    if fmt == "pdf":
        raw = path.read_bytes()
        assert raw.startswith(b"%PDF-")


@pytest.mark.parametrize("lang, name, words, title", [
    ("nb", "Nordisk eksempel", ("illustrativt", "allmennkunnskap"), "samarbeid i Nordisk eksempel"),
    ("sv", "Nordiskt exempel", ("illustrativt", "allmän kunskap"), None),
])
def test_dataset_name_and_provenance_in_the_language(nordic, lang, name, words, title):
    """The bundled example's name and the provenance categories are translated where shown;
    the view file keeps the dataset's stored name."""
    view = View.for_model(nordic, lang=lang)
    page = snapshot_html(nordic, view, made_at="2026-11-29 10:00")
    text = " ".join(_Text_of(page))
    assert name in text and f"· {nordic.name}" not in text
    assert all(w in text for w in words)
    assert "general knowledge" not in text and "illustrative" not in text
    if title:
        assert title in text
    assert view.dataset == nordic.name


def _Text_of(page: str) -> list[str]:
    parser = _Text()
    parser.feed(page)
    return parser.out


def test_map_title_names_the_example_in_the_language(nordic):
    from graphmodel.share.map_snapshot import map_title

    with use_language("nb"):
        assert map_title(nordic, View.for_model(nordic)) == "Kart over samarbeid i Nordisk eksempel"
    assert map_title(nordic, View.for_model(nordic)) == "Map of collaboration in Nordic example"
