"""The workspace in a real browser: a link with ``?data=ID`` opens that data for anyone, after a
restart too, and an upload's link opens the upload and the same view in a fresh browser.

Starts the explorer with ``graphmodel app --workspace W --port P`` (as a team would) and
drives the system Chromium (``/usr/bin/chromium``, never a downloaded browser) with
Playwright. Skipped, with the reason, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from harness import ROOT, app_env, assert_no_exception, free_port, open_app, serve, settle

pytestmark = pytest.mark.browser

DATA = ROOT / "data" / "nordic"
GRAPHMODEL = Path(sys.executable).with_name("graphmodel")

UPLOAD = {
    "actors.csv": "id,name,kind,country,region\n"
                  "t-1,Tindra,municipality,NO,Trøndelag\nt-2,Ulvik Øst,municipality,NO,Trøndelag\n"
                  "t-3,Vardfjell,municipality,NO,Trøndelag\n",
    "collaborations.csv": "id,name,kind,sector\nq-1,Quokka IKT,service,ict\n"
                          "q-2,Quokka PPT,service,ppt\n",
    "memberships.csv": "actor,collaboration\nt-1,q-1\nt-2,q-1\nt-2,q-2\nt-3,q-2\n",
}


@contextmanager
def serving(workspace: Path, log: Path):
    """``graphmodel app --workspace W --port P``; yields the address, then stops it."""
    port = free_port()
    command = [GRAPHMODEL, "app", "--workspace", workspace, "--port", port]
    with serve(command, port=port, env=app_env(), log=log, timeout=90) as url:
        yield url


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """A workspace holding data/nordic as "Nordic", added by the command line: (folder, id)."""
    if not GRAPHMODEL.exists():
        pytest.skip(f"{GRAPHMODEL} is not installed (pip install -e .)")
    if not (DATA / "actors.csv").exists():
        pytest.skip("the bundled data/nordic is not there")
    folder = tmp_path_factory.mktemp("team-ws")
    done = subprocess.run([str(GRAPHMODEL), "workspace", "add", str(DATA), "--name", "Nordic",
                           "--workspace", str(folder)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    version_id = done.stdout.strip()
    assert len(version_id) == 16, done.stdout
    return folder, version_id


def _sidebar(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def _open_fresh(chromium, url: str):
    """A page in a fresh browser context (no cookies, no cache: another person)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000},
                                   locale="en-GB")
    page = context.new_page()
    open_app(page, url, ready='[data-testid="stSidebar"]')
    return context, page


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.evaluate("location.href")).query, keep_blank_values=True)


def test_a_data_link_opens_that_data_in_a_fresh_browser_and_after_a_restart(
        chromium, team, tmp_path):
    folder, version_id = team
    log = tmp_path / "server.log"
    for attempt in ("first start", "after a restart"):
        with serving(folder, log) as url:
            context, page = _open_fresh(chromium, f"{url}/?data={version_id}")
            try:
                page.get_by_text("Data in use: Nordic", exact=False).wait_for(timeout=30000)
                assert_no_exception(page)
                side = _sidebar(page)
                assert "69 actors" in side, (attempt, side)
                assert _query(page)["data"] == [version_id], attempt
                assert "does not hold" not in page.locator("body").inner_text()
            finally:
                context.close()


def test_an_unknown_data_link_is_a_friendly_note(chromium, team, tmp_path):
    folder, _ = team
    with serving(folder, tmp_path / "server.log") as url:
        context, page = _open_fresh(chromium, f"{url}/?data=AAAAAAAAAAAAAAAA")
        try:
            page.get_by_text("does not hold", exact=False).wait_for(timeout=30000)
            assert_no_exception(page)
            assert "69 actors" in _sidebar(page)  # the bundled example is in use
        finally:
            context.close()


def test_an_uploads_link_opens_the_upload_and_the_view_in_a_fresh_browser(
        chromium, team, tmp_path):
    folder, _ = team
    archive = tmp_path / "quokka.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in UPLOAD.items():
            zf.writestr(name, text)
    archive.write_bytes(buf.getvalue())
    with serving(folder, tmp_path / "server.log") as url:
        context, page = _open_fresh(chromium, f"{url}/data")
        try:
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                str(archive))
            page.get_by_text("3 actors", exact=False).first.wait_for(timeout=60000)
            settle(page)
            assert_no_exception(page)
            assert "quokka" in _sidebar(page).lower()
            # the view: the network page focused on Ulvik Øst
            page.get_by_role("link", name="Network").first.click()
            settle(page)
            focus = page.locator('[data-testid="stSelectbox"]').filter(has_text="Focus on")
            focus.locator("input").click()
            page.keyboard.type("Ulvik")
            page.keyboard.press("Enter")
            page.wait_for_url("**focus=t-2**", timeout=30000)
            settle(page)
            link = page.evaluate("location.href")
            uploaded = _query(page)["data"][0]
        finally:
            context.close()
        assert "focus=t-2" in link
        context, page = _open_fresh(chromium, link)
        try:
            assert_no_exception(page)
            side = _sidebar(page)
            assert "quokka" in side.lower() and "3 actors" in side
            assert _query(page)["data"] == [uploaded]
            assert _query(page)["focus"] == ["t-2"]
            focus = page.locator('[data-testid="stSelectbox"]').filter(has_text="Focus on")
            shown = focus.inner_text() + " " + focus.locator("input").first.input_value()
            assert "Ulvik Øst" in shown
        finally:
            context.close()
