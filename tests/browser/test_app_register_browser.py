"""The Data page's "Start from the register" in a real browser, in Norwegian: the import
of the local test register runs, the report and the change table show, names stay text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from harness import SHOTS, assert_no_exception, choose_option, open_app, settle, streamlit_app

sys.path.insert(0, str(Path(__file__).parent))
from brreg_server import RegisterServer, register_state

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_start_from_the_register_in_norwegian(chromium, tmp_path, monkeypatch):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with RegisterServer(register_state()) as server:
        monkeypatch.setenv("GRAPHMODEL_BRREG_URL", server.url)
        monkeypatch.setenv("GRAPHMODEL_BRREG_CACHE", str(tmp_path / "cache"))
        with streamlit_app(tmp_path / "ws", lang="nb") as url:
            page = chromium.new_page(viewport={"width": 1366, "height": 900})
            try:
                open_app(page, f"{url}/data?lang=nb")
                heading = page.get_by_role("heading", name="Start fra registeret")
                heading.scroll_into_view_if_needed()
                choose_option(page, "Hva som skal importeres",
                              "Alle IKS i Enhetsregisteret (Norge)")
                heading.scroll_into_view_if_needed()
                page.screenshot(path=str(SHOTS / "data-register-form-nb.png"), full_page=False)
                page.get_by_role("button", name="Importer").click()
                page.get_by_text("deltakere kunne ikke knyttes til en aktør").wait_for(
                    timeout=60_000)
                settle(page, after=500)
                assert_no_exception(page)
                body = page.locator("body").inner_text()
                assert "Registeret har ikke som medlemskap" in body
                assert "Siden forrige versjon: 4 lagt til" in body
                assert page.evaluate("() => window.__xss === undefined")
                page.get_by_text("Siden forrige versjon").scroll_into_view_if_needed()
                page.screenshot(path=str(SHOTS / "data-register-nb.png"), full_page=False)
            finally:
                page.close()
    assert len(server.log) == 17 - 3  # no 429/500/timeout scripted here: 14 requests
