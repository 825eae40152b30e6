"""Briefing pages: the functional-region sentences and figures (BA-region, council fit)."""

from pathlib import Path

import pytest

import graphmodel as gm
from graphmodel.briefing import actor_briefing, briefing_data, council_briefing
from graphmodel.briefing.narrative import narrative
from graphmodel.i18n import use_language

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"


@pytest.fixture(scope="module")
def data():
    return briefing_data(gm.load(NORDIC))


def figure(b, key):
    return next(f for f in b.figures if f.key == key).value


def test_stjordal_one_of_eight_inside_the_trondheim_ba_region(data):
    # Stjørdal's eight: only Trondheimsregionen's IKAP has every member in the Trondheim
    # BA-region; each Værnes agreement includes Meråker, Tydal or Frosta (Levanger BA-region)
    b = actor_briefing(data, "no-5035")
    assert figure(b, "inside_ba") == 1
    assert data.actors.loc["no-5035", "ba_share"] == pytest.approx(1 / 8)
    with use_language("en"):
        text = narrative(data, b)
    assert ("1 of its 8 service agreements lies wholly inside the Trondheim BA-region, its "
            "commuting region.") in text
    with use_language("nb"):
        text = narrative(data, b)
    assert ("1 av kommunens 8 tjenestesamarbeid ligger helt innenfor BA-regionen Trondheim, "
            "kommunens bo- og arbeidsmarkedsregion.") in text


def test_selbu_none_inside(data):
    b = actor_briefing(data, "no-5032")
    assert figure(b, "inside_ba") == 0
    with use_language("en"):
        assert ("None of its 7 service agreements lies wholly inside the Trondheim BA-region, "
                "its commuting region.") in narrative(data, b)


def test_a_swedish_municipality_says_its_region_is_not_known(data):
    b = actor_briefing(data, "se-0163")
    assert figure(b, "inside_ba") is None
    with use_language("sv"):
        text = narrative(data, b)
    assert any(s.startswith("Pendlingsregionen (BA-regionen) är inte känd") for s in text)


def test_council_fit_county_and_host_concentration(data):
    # Værnesregionrådet: Stjørdal, Selbu, Malvik (Trondheim), Meråker, Tydal, Frosta
    # (Levanger): 3 of 6 in one BA-region, four regions; Stjørdal hosts 5 of the 10
    b = council_briefing(data, "vr-rad")
    assert b.main_ba_region == "Trondheim"
    assert (figure(b, "ba_fit"), figure(b, "ba_regions")) == (0.5, 4)
    assert figure(b, "host_concentration") == pytest.approx(0.5)
    with use_language("en"):
        text = narrative(data, b)
    assert ("50% of its members lie in one commuting region, the Trondheim BA-region; its "
            "members span 4 BA-regions.") in text
    assert "That is 50% of them: the host concentration." in text
    assert not any("crosses county lines" in s for s in text)
    # Mosseregionen reaches Akershus (Vestby): it crosses a county line
    with use_language("en"):
        text = narrative(data, council_briefing(data, "mosseregionen"))
    assert "Its members lie in more than one county: it crosses county lines." in text


def test_swedish_council_says_the_regions_are_not_known(data):
    b = council_briefing(data, "storsthlm")
    assert b.main_ba_region == ""
    with use_language("en"):
        text = narrative(data, b)
    assert ("The commuting regions (BA-regions) of its members are not known: graphmodel ships "
            "Norway's BA-regions only.") in text
