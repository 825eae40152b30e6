"""The team server in a real browser, with a real OpenID Connect sign-in.

Starts ``graphmodel app --auth AUTH.toml`` against a small provider of the tests' own
(``tests/oidc_provider.py``: discovery document, sign-in form, one-time codes, PKCE,
RS256-signed ID tokens, on 127.0.0.1) and drives the system Chromium with Playwright:
a viewer signs in and is offered no upload, edit or save (and a crafted link gives no more);
an editor uploads, and the Data page shows who saved each version; a user with no role,
a forged ID token and an expired one are refused, with nothing changed in the workspace.
"""

from __future__ import annotations

import io
import os
import re
import sys
import time
import zipfile
from pathlib import Path

import pytest
from harness import ROOT, SHOTS, app_env, free_port, serve
from oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider

from graphmodel.workspace import Workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

USERS = {
    "vera": {"email": "vera@kommune.no", "email_verified": True, "name": "Vera Viewer"},
    "eli": {"email": "eli@kommune.no", "email_verified": True, "name": "Eli Editor",
            "groups": ["planners"]},
    "nora": {"email": "nora@elsewhere.se", "email_verified": True, "name": "Nora Nobody"},
}

UPLOAD = {
    "actors.csv": "id,name,kind,country,region\nt-1,Tindra,municipality,NO,Trøndelag\n"
                  "t-2,Ulvik Øst,municipality,NO,Trøndelag\n",
    "collaborations.csv": "id,name,kind,sector\nq-1,Quokka IKT,service,ict\n",
    "memberships.csv": "actor,collaboration\nt-1,q-1\nt-2,q-1\n",
}


def _auth_file(folder: Path, issuer_metadata: str, port: int) -> Path:
    path = folder / "auth.toml"
    path.write_text(f"""
[auth]
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{issuer_metadata}"
cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"

[roles]
viewer = ["vera@kommune.no"]
editor = ["group:planners"]
""", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The provider and ``graphmodel app --auth`` on the bundled data: (url, provider, ws, log)."""
    if not (ROOT / "data" / "nordic" / "actors.csv").exists():
        pytest.skip("the bundled data/nordic is not there")
    pytest.importorskip("authlib")
    folder = tmp_path_factory.mktemp("team")
    port = free_port()
    with Provider(USERS) as provider:
        auth = _auth_file(folder, provider.metadata_url, port)
        # the example the server adds at its first run, added now: the tests compare states
        Workspace(folder / "ws").ensure_bundled(ROOT / "data" / "nordic", name="Nordic example")
        env = app_env(workspace=folder / "ws", lang="en")
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        command = [sys.executable, "-m", "graphmodel.cli", "app", "--port", port,
                   "--workspace", folder / "ws", "--auth", auth]
        log = folder / "server.log"
        with serve(command, port=port, env=env, log=log, timeout=120) as url:
            yield url, provider, Workspace(folder / "ws"), log


def _state(ws: Workspace) -> list[tuple]:
    """Everything the workspace holds that a user could have changed."""
    rows = []
    for d in ws.datasets():
        for v in ws.versions(d.id):
            rows.append((d.id, v.id, v.author, len(ws.views(v.id)), len(ws.scenarios(v.id))))
    return rows + sorted(ws.roles().items())


def _context(chromium, lang: str = "en"):
    locale = {"en": "en-GB", "nb": "nb-NO", "sv": "sv-SE"}[lang]
    return chromium.new_context(viewport={"width": 1400, "height": 1000}, locale=locale,
                                extra_http_headers={"Accept-Language": locale})


def _sign_in(page, url: str, login: str) -> None:
    """From the sign-in page through the provider's form and back to the explorer."""
    from playwright.sync_api import expect

    page.goto(url, wait_until="domcontentloaded")
    button = page.locator('[class*="st-key-btn_login"] button')
    expect(button).to_be_visible(timeout=60_000)
    button.click()
    page.locator("#login").wait_for(timeout=30_000)  # the provider's own page
    page.fill("#login", login)
    page.click("#signin")
    page.wait_for_url(re.compile(r"^" + re.escape(url) + r"/?(\?.*)?$"), timeout=60_000)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in UPLOAD.items():
            z.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_sign_in_page_shows_nothing_of_the_data(site, chromium, lang):
    from playwright.sync_api import expect

    url, _provider, _ws, _log = site
    context = _context(chromium, lang)
    page = context.new_page()
    try:
        page.goto(url, wait_until="domcontentloaded")
        button = page.locator('[class*="st-key-btn_login"] button')
        expect(button).to_be_visible(timeout=60_000)
        expect(button).to_have_accessible_name({"en": "Sign in", "nb": "Logg inn"}[lang])
        main = page.locator('[data-testid="stMain"]')
        # no data, no pages, no upload until signed in
        expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
        assert "Nordic" not in main.inner_text() and "Oslo" not in main.inner_text()
        _shot(page, f"team-sign-in-{lang}.png")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_viewer_may_look_but_is_offered_no_upload_edit_or_save(site, chromium, lang):
    from playwright.sync_api import expect

    url, _provider, ws, _log = site
    before = _state(ws)
    context = _context(chromium, lang)
    page = context.new_page()
    try:
        _sign_in(page, url, "vera")
        bar = page.locator('[data-testid="stSidebar"]')
        who = {"en": "Signed in as Vera Viewer (viewer)",
               "nb": "Logget inn som Vera Viewer (leser)"}[lang]
        expect(bar).to_contain_text(who, timeout=60_000)
        expect(page.locator('[class*="st-key-btn_logout"] button')).to_be_visible()
        _shot(page, f"team-viewer-network-{lang}.png")
        # the Data page, even through a crafted link asking for more
        page.goto(f"{url}/data?role=admin&upload_as=new_version&edit=1",
                  wait_until="domcontentloaded")
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text({"en": "Saved by", "nb": "Lagret av"}[lang],
                                     timeout=60_000)
        expect(main).to_contain_text({"en": "You are a viewer in this workspace",
                                      "nb": "Du er leser i dette arbeidsområdet"}[lang],
                                     timeout=30_000)
        # (the script draws the upload part before "Saved by": it is all there by now)
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
        expect(page.locator('[class*="st-key-btn_save_edit"]')).to_have_count(0)
        expect(page.locator('[class*="st-key-upload_as"]')).to_have_count(0)
        # the tables are shown read-only
        expect(main).to_contain_text({"en": "Your role lets you look at the tables, not edit",
                                      "nb": "Rollen din lar deg se på tabellene, ikke "
                                            "redigere"}[lang], timeout=30_000)
        expect(main).not_to_contain_text({"en": "Edit a cell", "nb": "Endre en celle"}[lang])
        expect(main).to_contain_text("graphmodel")  # who saved the bundled version
        _shot(page, f"team-viewer-data-{lang}.png")
    finally:
        context.close()
    assert _state(ws) == before


def test_an_editor_uploads_and_the_data_page_shows_who_saved_it(site, chromium):
    from playwright.sync_api import expect

    url, _provider, ws, _log = site
    context = _context(chromium)
    page = context.new_page()
    try:
        _sign_in(page, url, "eli")
        expect(page.locator('[data-testid="stSidebar"]')).to_contain_text(
            "Signed in as Eli Editor (editor)", timeout=60_000)
        page.goto(f"{url}/data", wait_until="domcontentloaded")
        uploader = page.locator('[data-testid="stFileUploader"]')
        expect(uploader).to_be_visible(timeout=60_000)
        expect(page.locator('[data-testid="stMain"]')).to_contain_text("Edit a cell")
        page.locator('[class*="st-key-upload_name"] input').fill("Quokka region")
        page.locator('[class*="st-key-upload_name"] input').press("Enter")
        uploader.locator('input[type="file"]').set_input_files(
            {"name": "quokka.zip", "mimeType": "application/zip", "buffer": _zip()})
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text("Saved as version 1 of", timeout=60_000)
        expect(main).to_contain_text(re.compile(r"eli\W*@kommune\.no"))  # versions: saved by
        _shot(page, "team-editor-data-en.png")
    finally:
        context.close()
    saved = [v for d in ws.datasets() if d.name == "Quokka region" for v in ws.versions(d.id)]
    assert [(v.number, v.author, v.n_actors) for v in saved] == [(1, "eli@kommune.no", 2)]


def test_a_user_with_no_role_is_refused_and_can_sign_out(site, chromium):
    from playwright.sync_api import expect

    url, _provider, ws, _log = site
    before = _state(ws)
    context = _context(chromium)
    page = context.new_page()
    try:
        _sign_in(page, url, "nora")
        main = page.locator('[data-testid="stMain"]')
        # (an address is shown with a word joiner after "@": Markdown makes no mail link)
        expect(main).to_contain_text(re.compile(r"You are signed in as nora\W*@elsewhere\.se, "
                                                r"but you have no role in this workspace"),
                                     timeout=60_000)
        expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
        _shot(page, "team-no-role-en.png")
        page.locator('[class*="st-key-btn_logout_norole"] button').click()
        expect(page.locator('[class*="st-key-btn_login"] button')).to_be_visible(timeout=60_000)
    finally:
        context.close()
    assert _state(ws) == before


@pytest.mark.parametrize("mode", ["forged", "expired"])
def test_a_forged_or_expired_id_token_signs_nobody_in(site, chromium, mode):
    from playwright.sync_api import expect

    url, provider, ws, log = site
    before = _state(ws)
    issued = len(provider.issued)
    context = _context(chromium)
    page = context.new_page()
    provider.mode = mode
    try:
        _sign_in(page, url, "eli")  # an editor, if the token were accepted
        expect(page.locator('[class*="st-key-btn_login"] button')).to_be_visible(timeout=60_000)
        expect(page.locator('[data-testid="stMain"]')).to_contain_text(
            "the sign-in was not accepted")
        expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
        page.goto(f"{url}/data", wait_until="domcontentloaded")  # straight to a page: no
        expect(page.locator('[class*="st-key-btn_login"] button')).to_be_visible(timeout=60_000)
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)
    finally:
        provider.mode = "good"
        context.close()
    assert len(provider.issued) == issued + 1  # a token was given out, and refused
    assert "token exchange failed" in log.read_text(encoding="utf-8", errors="replace")
    assert _state(ws) == before


def test_signing_out_ends_the_session(site, chromium):
    from playwright.sync_api import expect

    url, _provider, _ws, _log = site
    context = _context(chromium)
    page = context.new_page()
    try:
        _sign_in(page, url, "vera")
        logout = page.locator('[class*="st-key-btn_logout"] button')
        expect(logout).to_be_visible(timeout=60_000)
        logout.click()
        expect(page.locator('[class*="st-key-btn_login"] button')).to_be_visible(timeout=60_000)
        # the button shows as soon as the session forgets the user; the browser's sign-in
        # cookie is cleared by the logout request that follows: wait for that state before
        # leaving the page (leaving at once can cut that request short)
        deadline = time.monotonic() + 60
        while any(c["name"].startswith("_streamlit_user") for c in context.cookies()):
            assert time.monotonic() < deadline, "the sign-in cookie was never cleared"
            page.wait_for_timeout(200)
        page.goto(f"{url}/data", wait_until="domcontentloaded")
        expect(page.locator('[class*="st-key-btn_login"] button')).to_be_visible(timeout=60_000)
    finally:
        context.close()


def test_an_open_server_says_so_on_every_page(chromium, tmp_path):
    """``--address 0.0.0.0 --no-login``: it starts, and every page carries the banner."""
    from playwright.sync_api import expect

    port = free_port()
    env = app_env(workspace=tmp_path / "ws", lang="en")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-m", "graphmodel.cli", "app", "--port", port, "--address",
               "0.0.0.0", "--no-login", "--workspace", tmp_path / "ws"]
    with serve(command, port=port, env=env, log=tmp_path / "server.log", timeout=120) as url:
        context = _context(chromium, "nb")
        page = context.new_page()
        try:
            for path in ("", "/map", "/data"):
                page.goto(url + path, wait_until="domcontentloaded")
                banner = page.locator('[data-testid="stAlertContentWarning"]').filter(
                    has_text="Denne serveren er åpen")
                expect(banner).to_have_count(1, timeout=60_000)
                expect(page.locator('[class*="st-key-btn_login"]')).to_have_count(0)
            expect(page.locator('[data-testid="stMain"] h1')).to_contain_text("Data")
            expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(1)
            _shot(page, "team-open-server-nb.png")
        finally:
            context.close()
    assert "anyone who can reach this address" in (tmp_path / "server.log").read_text()
