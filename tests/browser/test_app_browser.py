"""The explorer in a real browser: the network draws, a filter redraws it, nothing breaks.

Starts ``streamlit run app.py`` on a free port and drives the system Chromium
(``/usr/bin/chromium``, never a downloaded browser) with Playwright. Screenshots go to
``tests/screenshots/`` (git-ignored) for a person to look at. Skipped, with the reason,
when Chromium or Playwright is missing.
"""

from __future__ import annotations

import contextlib
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from harness import (
    PAINTED,
    SHOTS,
    assert_no_exception,
    charts_drawn,
    collect_errors,
    settle,
    streamlit_app,
)

pytestmark = pytest.mark.browser

NETWORK_FRAME = 'iframe[title="Network of municipalities and their collaborations"]'
# Where Stjørdal (no-5035) is drawn, read from the drawing's data.
PLACE_OF_STJORDAL = """() => {
  const m = document.documentElement.innerHTML.match(
      /"id": "no-5035", "label": [^{}]*?"x": ([-\\d.e]+), "y": ([-\\d.e]+)/);
  return m ? [m[1], m[2]] : null;
}"""


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    """The explorer on the bundled data, in a workspace of its own (never the user's)."""
    with streamlit_app(tmp_path_factory.mktemp("app-ws")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium):
    # One context for the module: its HTTP cache keeps Streamlit's own scripts after the
    # first page, as a returning visitor's browser would (the first test starts empty).
    context = chromium.new_context()
    try:
        yield context
    finally:
        context.close()


def _new_page(browser, width: int, height: int):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    return page


def _drawing_id(page) -> int:
    """A fingerprint of the drawing on the page now (its iframe's srcdoc)."""
    return hash(page.locator(NETWORK_FRAME).first.get_attribute("srcdoc") or "")


def _wait_drawn(page, timeout: float = 30, *, start: float | None = None,
                other_than: int | None = None) -> float:
    """Wait until the network canvas inside the iframe is painted; seconds since ``start``.

    With ``other_than`` (a :func:`_drawing_id`), wait for a different drawing than that one.
    """
    start = time.perf_counter() if start is None else start
    canvas = page.frame_locator(NETWORK_FRAME).locator("canvas").first
    while time.perf_counter() - start < timeout:
        with contextlib.suppress(Exception):  # the frame may be replaced by a rerun
            new = other_than is None or _drawing_id(page) != other_than
            if new and canvas.count() and canvas.evaluate(PAINTED) > 200:
                return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError("the network was not drawn")


def _network_page(browser, server: str):
    """A page on the Network page, drawn and settled (closed again if that fails)."""
    page = _new_page(browser, 1440, 1100)
    try:
        page.goto(f"{server}/", wait_until="domcontentloaded")
        _wait_drawn(page, timeout=60)
        settle(page)
    except BaseException:
        page.close()
        raise
    return page


def _date_field(page):
    """The sidebar's "On this date" text field."""
    return page.locator('[data-testid="stSidebar"] [data-testid="stTextInput"]').filter(
        has_text="On this date").locator("input")


def test_network_draws_and_redraws(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _new_page(browser, 1440, 1300)
    errors = collect_errors(page, responses=True)
    try:
        t0 = time.perf_counter()
        page.goto(f"{server}/", wait_until="commit")
        cold = _wait_drawn(page, timeout=60, start=t0)
        settle(page)
        assert_no_exception(page)
        page.screenshot(path=str(SHOTS / "network.png"), full_page=True)

        t0 = time.perf_counter()
        page.reload(wait_until="commit")
        warm = _wait_drawn(page, start=t0)
        settle(page)
        places = page.frame_locator(NETWORK_FRAME).locator("body").evaluate(PLACE_OF_STJORDAL)

        # change a filter: sector = child welfare
        sector = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
            has_text="Sector")
        sector.locator("input").click()
        page.keyboard.type("Child welfare")
        before = _drawing_id(page)
        t0 = time.perf_counter()
        page.keyboard.press("Enter")
        redraw = _wait_drawn(page, start=t0, other_than=before)
        page.keyboard.press("Escape")
        page.wait_for_url("**sector=child_welfare**", timeout=30000)
        settle(page)
        assert_no_exception(page)
        # Stjørdal stays where it was: places are computed once per view and kept
        assert page.frame_locator(NETWORK_FRAME).locator("body").evaluate(
            PLACE_OF_STJORDAL) == places
        page.screenshot(path=str(SHOTS / "network-child-welfare.png"), full_page=True)

        # focus on one municipality, two steps out
        page.goto(f"{server}/?focus=no-5035&depth=2&color=sector",
                  wait_until="domcontentloaded")
        _wait_drawn(page, timeout=60)
        settle(page)
        assert_no_exception(page)
        page.screenshot(path=str(SHOTS / "network-focus.png"), full_page=True)

        print(f"\nnetwork drawn (request -> canvas painted): cold {cold:.2f} s (first request "
              f"after server start, empty browser cache), warm {warm:.2f} s (page reload), "
              f"after a filter change {redraw:.2f} s")
        assert not errors, f"console errors: {errors}"
    finally:
        page.close()


@pytest.mark.parametrize("path", ["overlap", "fragmentation", "profile?actor=no-5032",
                                  "data", "share", "?present=1&title=Selbu&focus=no-5032"])
def test_other_pages_render(server, browser, path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _new_page(browser, 1440, 1300)
    errors = collect_errors(page, console=False)
    try:
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        if "present" in path:  # a shared view's own title replaces the page's heading
            page.locator(NETWORK_FRAME).wait_for(timeout=60000)
        else:
            page.locator("h1").first.wait_for(timeout=60000)
        settle(page)
        charts_drawn(page)  # charts finish their first paint
        assert_no_exception(page)
        name = (path.split("?")[0] or "network") + ("-present" if "present" in path else "")
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert not errors, f"page errors: {errors}"
    finally:
        page.close()


def _pick(page, label: str, text: str) -> None:
    """Type ``text`` into the sidebar multiselect labelled ``label`` and choose it."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text=label)
    box.locator("input").click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settle(page)


def test_old_network_link_lands_on_the_network(server, browser):
    """``/network?…`` (the Network page's path name) opens the view at ``/?…``, no dialog.

    Also the first planner question: who does Selbu cooperate with on child welfare?
    """
    page = _new_page(browser, 1280, 900)
    errors = collect_errors(page, console=False)
    try:
        page.goto(f"{server}/network?focus=no-5032&sector=child_welfare",
                  wait_until="domcontentloaded")
        _wait_drawn(page, timeout=60)
        settle(page)
        assert urlsplit(page.url).path == "/"
        query = parse_qs(urlsplit(page.url).query)
        assert query.pop("lang") == ["en"] and len(query.pop("data")[0]) == 16
        assert query == {"focus": ["no-5032"], "sector": ["child_welfare"]}
        body = page.locator("body").inner_text()
        assert "Page not found" not in body
        assert "cooperates with" in body  # the partners in words under the drawing
        focus = page.locator('[data-testid="stSelectbox"]').filter(has_text="Focus on")
        assert focus.locator("input").input_value() == "Selbu"
        assert_no_exception(page)
        page.screenshot(path=str(SHOTS / "network-selbu-child-welfare.png"))
        assert not errors, f"page errors: {errors}"
    finally:
        page.close()


def test_a_click_during_the_first_run_keeps_the_filters(server, browser):
    """Leaving the first (slow) run for another page must not blank the sidebar filters."""
    from playwright.sync_api import expect

    page = _new_page(browser, 1280, 900)
    try:
        # an uncached view keeps the first run busy while we click
        page.goto(f"{server}/?view=actors&color=community&focus=no-3101&depth=2",
                  wait_until="domcontentloaded")
        page.get_by_role("link", name="Fragmentation").click()
        page.locator("h1", has_text="Fragmentation").wait_for(timeout=60000)
        settle(page)
        side = page.locator('[data-testid="stSidebar"]')
        expect(side).to_contain_text("Service agreements", timeout=10_000)
        expect(side).to_contain_text("In force", timeout=10_000)
        assert_no_exception(page)
    finally:
        page.close()


@pytest.mark.parametrize("tab", ["Shared agreements", "Who is in what"])
def test_overlap_charts_fit_the_main_column(server, browser, tab):
    page = _new_page(browser, 1280, 900)
    try:
        page.goto(f"{server}/overlap", wait_until="domcontentloaded")
        page.locator("h1").first.wait_for(timeout=60000)
        settle(page)
        page.get_by_role("tab", name=tab).click()
        chart = page.locator('[data-testid="stVegaLiteChart"]:visible').first
        chart.wait_for(timeout=30000)
        drawing = chart.locator("canvas, svg").first
        drawing.wait_for(timeout=30000)
        page.wait_for_function("e => e.getBoundingClientRect().width > 400",
                               arg=drawing.element_handle(), timeout=30000)
        column = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
        drawn = drawing.bounding_box()
        assert drawn["width"] > 400 and drawn["height"] > 400
        assert drawn["x"] >= column["x"]
        assert drawn["x"] + drawn["width"] <= column["x"] + column["width"]
        chart.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"overlap-{tab.split()[-1].lower()}.png"))
        assert_no_exception(page)
    finally:
        page.close()


def test_council_question_in_a_few_clicks(server, browser):
    """How fragmented is Værnesregionen, and which members also sit in another council?"""
    page = _new_page(browser, 1280, 900)
    try:
        page.goto(f"{server}/", wait_until="domcontentloaded")
        page.get_by_role("link", name="Fragmentation").click()
        page.locator("h1", has_text="Fragmentation").wait_for(timeout=60000)
        settle(page)
        page.get_by_role("tab", name="Councils").click()
        grid = page.locator('[data-testid="stDataFrame"]:visible').first
        grid.scroll_into_view_if_needed()
        page.wait_for_function("""() => [...document.querySelectorAll(
            '[data-testid="stDataFrame"] table tbody tr')].some(
            r => r.innerText.includes("Værnesregionrådet"))""", timeout=30000)
        box = grid.bounding_box()
        # the table is sorted by fragmentation; find Værnesregionrådet's row by its text
        rows = page.evaluate("""() => [...document.querySelectorAll(
            '[data-testid="stDataFrame"] table tbody tr')].map(r => r.innerText)""")
        index = next(i for i, r in enumerate(rows) if "Værnesregionrådet" in r)
        page.mouse.click(box["x"] + 15, box["y"] + 35 * (index + 1) + 17)  # its checkbox
        page.wait_for_url("**detail=vr-rad**", timeout=30000)
        settle(page)
        text = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
        assert "Members that also sit in another council" in text
        assert_no_exception(page)
    finally:
        page.close()


def test_a_typed_year_applies_at_once(server, browser):
    """Issue 9: type "2005" in the date field, press Enter: the link and the drawing follow,
    with no other control touched."""
    page = _network_page(browser, server)
    try:
        field = _date_field(page)
        field.fill("2005")
        before = _drawing_id(page)
        field.press("Enter")
        page.wait_for_url("**date=2005-01-01**", timeout=30000)
        _wait_drawn(page, other_than=before)
        settle(page)
        assert_no_exception(page)
        assert field.input_value() == "2005"
        picker = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input')
        assert picker.first.input_value() == "2005-01-01"
        page.screenshot(path=str(SHOTS / "date-2005.png"), full_page=True)
    finally:
        page.close()


def test_a_typed_nordic_date_in_2005_applies_at_once(server, browser):
    """A date typed as a Nordic spreadsheet writes it (DD.MM.YYYY) applies on Enter, and the
    calendar beside it shows the same day (it reaches back to the data's earliest start)."""
    page = _network_page(browser, server)
    try:
        field = _date_field(page)
        field.fill("15.06.2005")
        field.press("Enter")
        page.wait_for_url("**date=2005-06-15**", timeout=30000)
        settle(page)
        assert_no_exception(page)
        picker = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input')
        assert picker.first.input_value() == "2005-06-15"
    finally:
        page.close()


def _href_within(page, wanted: dict[str, str], seconds: float = 1.0) -> dict:
    """Poll the address bar for at most ``seconds`` until it holds ``wanted``; its query."""
    deadline = time.perf_counter() + seconds
    while True:
        query = parse_qs(urlsplit(page.evaluate("location.href")).query)
        if all(query.get(k) == [v] for k, v in wanted.items()):
            return query
        if time.perf_counter() > deadline:
            return query
        page.wait_for_timeout(50)


def test_the_address_bar_follows_each_change_at_once(server, browser):
    """Issue 11: after a focus, then a sector, then a date, the address bar names each
    within a second of the change (no waiting for the drawing), with the data's id."""
    page = _network_page(browser, server)
    try:
        data = parse_qs(urlsplit(page.evaluate("location.href")).query).get("data")
        assert data and len(data[0]) == 16  # the bundled example's version id

        focus = page.locator('[data-testid="stSelectbox"]').filter(has_text="Focus on")
        focus.locator("input").click()
        page.keyboard.type("Selbu")
        page.keyboard.press("Enter")
        query = _href_within(page, {"focus": "no-5032"})
        assert query.get("focus") == ["no-5032"], query

        sector = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
            has_text="Sector")
        sector.locator("input").click()
        page.keyboard.type("Child welfare")
        page.keyboard.press("Enter")
        query = _href_within(page, {"sector": "child_welfare"})
        page.keyboard.press("Escape")
        assert query.get("sector") == ["child_welfare"], query
        assert query.get("focus") == ["no-5032"], query

        field = _date_field(page)
        field.fill("2015")
        field.press("Enter")
        query = _href_within(page, {"date": "2015-01-01"})
        assert query.get("date") == ["2015-01-01"], query
        assert query.get("sector") == ["child_welfare"] and query.get("focus") == ["no-5032"]
        assert query.get("data") == data
        settle(page)
        final = parse_qs(urlsplit(page.evaluate("location.href")).query)
        assert final.get("date") == ["2015-01-01"] and final.get("data") == data
        assert_no_exception(page)
    finally:
        page.close()
