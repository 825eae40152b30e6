"""The narrative: plain sentences from templates; every number in it stands in the page's tables."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import graphmodel as gm
from graphmodel.briefing.data import actor_briefing, briefing_data, council_briefing
from graphmodel.briefing.narrative import narrative
from graphmodel.briefing.pages import briefing_page
from graphmodel.i18n import use_language

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"
# a number as nb, sv or en write it: 1 234 (no-break or thin space), 1,234, 0,67, 0.67,
# 01.01.2015 and 2015-01-01 (a date is one token)
NUMBER = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}\.\d{2}\.\d{4}|\d+(?:[\u00a0\u202f]\d{3})*"
                    r"(?:[.,]\d+)*")
FIGURE_TAGS = {"td", "th", "dd", "dt", "caption"}


class Page(HTMLParser):
    """Collects the narrative's sentences and the text of every table cell, definition and
    card value (the page's figures), outside the SVG pictures."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.sentences: list[str] = []
        self.figures: list[str] = []
        self._buf: list[str] | None = None
        self._target = None

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        self.stack.append((tag, cls))
        in_brief = any("brief" in c.split() for _, c in self.stack)
        if tag == "p" and in_brief:
            self._buf, self._target = [], self.sentences
        elif tag in FIGURE_TAGS or (tag == "div" and "value" in cls.split()):
            self._buf, self._target = [], self.figures

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if self._buf is not None and (tag in FIGURE_TAGS or tag in ("p", "div")):
            self._target.append("".join(self._buf))
            self._buf = None

    def handle_data(self, data):
        if self._buf is not None and not any(t == "svg" for t, _ in self.stack):
            self._buf.append(data)


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    return p


def numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


def test_number_pattern_reads_each_language():
    assert numbers("Selbu deltar i 7 avtaler; 1\u00a0234 km, 0,67 og 86\u00a0% siden "
                   "01.01.2015") == ["7", "1\u00a0234", "0,67", "86", "01.01.2015"]
    assert numbers("1,234 and 0.5 since 2015-01-01") == ["1,234", "0.5", "2015-01-01"]


def test_the_check_can_fail():
    page = parse('<section class="brief"><p>It has 7 agreements.</p></section>'
                 "<table><tr><td>6</td></tr></table>")
    assert page.sentences == ["It has 7 agreements."]
    cells = {n for f in page.figures for n in numbers(f)}
    assert "7" not in cells


@pytest.fixture(scope="module")
def nordic_data():
    if not NORDIC.exists():
        pytest.skip("data/nordic is missing")
    return briefing_data(gm.load(NORDIC), since="2015")


@pytest.mark.slow  # 65 briefing pages in each language
@pytest.mark.parametrize("lang", ["nb", "sv", "en"])
def test_every_number_in_the_narrative_is_in_the_tables(nordic_data, lang):
    """All 58 municipalities and 7 councils of data/nordic, in each language."""
    d = nordic_data
    checked = 0
    for item in d.municipality_ids() + d.council_ids():
        page = parse(briefing_page(d, item, lang=lang, made_at="2024-05-01 10:00"))
        assert page.sentences, item
        cells = {n for f in page.figures for n in numbers(f)}
        for sentence in page.sentences:
            for n in numbers(sentence):
                assert n in cells, (lang, item, n, sentence)
                checked += 1
    assert checked > 300


def test_selbu_in_norwegian(nordic_data):
    with use_language("nb"):
        text = narrative(nordic_data, actor_briefing(nordic_data, "no-5032"))
    assert text[0] == "Selbu deltar i 7 tjenestesamarbeid med 9 andre kommuner."
    assert text[1].startswith("6 av dem ligger helt innenfor Værnesregionrådet (86\u00a0%)")
    assert any("01.01.2015" in s for s in text)


def test_council_in_swedish(nordic_data):
    with use_language("sv"):
        text = narrative(nordic_data, council_briefing(nordic_data, "vr-rad"))
    assert text[0] == "Værnesregionrådet har 6 medlemmar."
    assert any("Stjørdal" in s and "(5)" in s for s in text)


def test_names_with_braces_are_text():
    import pandas as pd

    from graphmodel.data.model import Model

    m = Model.from_frames(
        pd.DataFrame({"id": ["a", "b"], "name": ["{n} {name}", "B"], "kind": "municipality"}),
        pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
        pd.DataFrame({"actor": ["a", "b"], "collaboration": ["s", "s"]}),
    )
    d = briefing_data(m)
    with use_language("en"):
        assert narrative(d, actor_briefing(d, "a"))[0].startswith("{n} {name} takes part in 1")
