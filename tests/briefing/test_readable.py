"""Readable briefings (issue 23): the stated move, organs of a council, the mini-map's
legend, a plain sentence instead of "effective partners"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import graphmodel as gm
from graphmodel.briefing import briefing_data
from graphmodel.briefing.data import actor_briefing
from graphmodel.briefing.narrative import narrative
from graphmodel.briefing.pages import briefing_page
from graphmodel.briefing.pictures import partners_mapview, quadrant_png, quadrant_svg
from graphmodel.i18n import use_language

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"


@pytest.fixture(scope="module")
def nordic():
    if not NORDIC.exists():
        pytest.skip("data/nordic is missing")
    return briefing_data(gm.load(NORDIC))


def test_the_quadrant_draws_a_move_only_between_two_quadrants():
    moved = quadrant_svg(0.8, 0.62, "regional partner", "regional partner",
                         earlier="service-centre", years=("2009", "2008"))
    assert moved.count("<path") == 1  # the arrow head
    assert "stated 2009" in moved and "stated 2008" in moved
    assert 'stroke-dasharray="2 3"' in moved  # the earlier quadrant, outlined
    same = quadrant_svg(0.8, 0.62, "regional partner", "regional partner",
                        earlier="regional partner", years=("2009", "2008"))
    assert "<path" not in same and "stated 2008" not in same
    assert quadrant_png(0.8, 0.62, "regional partner", "regional partner", dpi=30,
                        earlier="service-centre", years=("2009", "2008"))[:4] == b"\x89PNG"


def test_malvik_moved_from_service_centre_to_regional_partner(nordic):
    b = actor_briefing(nordic, "no-5031")
    assert (b.stated_strategy, b.earlier_strategy) == ("regional partner", "service-centre")
    assert (b.stated_year(), b.stated_year("earlier_date")) == ("2009", "2008")
    with use_language("nb"):
        text = " ".join(narrative(nordic, b))
    assert "I 2008 sa den tjenestesenter; i 2009 regional partner." in text


def test_an_organ_of_a_council_is_not_typed_as_a_second_council(nordic):
    with use_language("nb"):
        page = briefing_page(nordic, "no-5032", lang="nb", made_at="2024-05-01 10:00")
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    kinds = {name: kind for name, kind, _ in rows}
    assert kinds["Værnesregionrådet"] == "Regionråd"
    assert kinds["Arbeidsutvalget i Værnesregionen"] == "organ i Værnesregionrådet"
    figure = re.search(r"Regionråd kommunen er med i</th>\s*<td[^>]*>([^<]*)<", page)
    assert figure and figure.group(1).strip() == "1"


def test_the_mini_map_lists_only_the_councils_it_shows(nordic):
    mv = partners_mapview(nordic, {"no-5032"}, "no-5032")
    names = set(mv.councils["name"])
    both = "Arbeidsutvalget i Værnesregionen / Værnesregionrådet"  # one territory, two
    assert names == {"Trondheimsregionen", both}
    fills = [label for label, _colour, mark in mv.legend if mark == "fill"]
    assert not any("Stor" in label or "Lister" in label for label in fills)
    assert len(fills) >= 2


def test_no_effective_partners_jargon_in_the_narrative(nordic):
    with use_language("nb"):
        text = " ".join(narrative(nordic, actor_briefing(nordic, "no-5032")))
    assert "like store partnere" not in text
    # Malvik, Meråker, Stjørdal and Tydal are each in 6 of its 7 agreements (Frosta in 5)
    assert "Den deler flest samarbeid med Malvik, Meråker, Stjørdal og Tydal." in text
