"""Every page in Norwegian and Swedish, in a real browser: no English word of the interface.

The explorer is started once for this module (``streamlit run app.py`` on the bundled data,
in a fresh workspace) and every page is opened with ``?lang=nb`` and ``?lang=sv`` in headless
Chromium (the system's ``/usr/bin/chromium``). Once the page has settled, the test collects
what a planner reads: the visible text of the page and of its frames and shadow roots (the
network drawing, the map), every tab and opened expander, the help texts behind the ``?``
icons, and the ``aria-label``/``title``/``placeholder`` of visible controls. The data's own
values (names, ids, regions, notes: they may be English-looking) are removed first; what is
left must hold no word of :func:`english_words`: the words of the English messages
(``graphmodel/locale/graphmodel.pot``) that are not also words of the Norwegian or Swedish
catalogue, plus a few Streamlit words. The same check on ``?lang=en`` must find English,
so the check can fail.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from functools import cache
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "nordic"
LOCALE = ROOT / "graphmodel" / "locale"
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

#: The pages by their path ("" is the Network page at "/").
PAGES = {"network": "", "overlap": "overlap", "fragmentation": "fragmentation",
         "profile": "profile", "map": "map", "change": "change", "data": "data",
         "share": "share"}

#: English words of the interface that must never show in nb or sv, whatever the catalogue
#: says (the automatic list below finds most; these are the ones a reader notices first).
ALWAYS_ENGLISH = {
    "network", "overlap", "fragmentation", "municipality", "municipalities", "profile",
    "share", "filters", "sector", "sectors", "choose", "download", "agreement", "agreements",
    "councils", "partners", "date", "show", "members", "upload", "version", "map", "change",
    "timeline", "before", "after", "shared", "crossing", "none", "compare", "formed", "ended",
    "joined", "left", "what", "which", "with", "the", "and", "of", "whole", "picture",
    "browse", "drag", "drop", "file", "files", "limit", "running", "deploy", "example",
}

#: Words of Streamlit's own that cannot be translated from the app, each with why. They are
#: taken out of the text before the check (and reported by name in the test's output).
KNOWN_EXCEPTIONS = {
    # The file uploader's drop zone ("Drag and drop files here", "Limit 50MB per file",
    # "Browse files") is Streamlit's own text: it has no parameter for it in 1.x. The
    # uploader's label and help are ours and translated; the drop zone is hidden by CSS
    # where it can be (see graphmodel/explorer/pages/data.py) and its words listed here.
}


# --------------------------------------------------------------------------- the word list

def _words(text: str) -> set[str]:
    text = re.sub(r"\{[^{}]*\}", " ", text)  # placeholders: {name}, {n}
    text = re.sub(r"`[^`]*`", " ", text)  # code: `graphmodel diff OLD NEW`
    return {w.casefold() for w in re.findall(r"[^\W\d_]+", text)}


@cache
def english_words() -> frozenset[str]:
    """Words of the English messages that are not words of the nb or sv catalogue."""
    from babel.messages.pofile import read_po

    english, local = set(), set()
    for lang in ("nb", "sv"):
        with (LOCALE / lang / "LC_MESSAGES" / "graphmodel.po").open("rb") as f:
            for message in read_po(f, locale=lang):
                if not message.id:
                    continue
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (
                    message.string,)
                for text in ids:
                    english |= _words(text)
                for text in strings:
                    local |= _words(text or "")
    words = (english | ALWAYS_ENGLISH) - local
    return frozenset(w for w in words if len(w) > 2 or w in ALWAYS_ENGLISH)


@cache
def data_values() -> tuple[str, ...]:
    """Every text cell of the bundled data, longest first (removed from the page's text)."""
    import graphmodel as gm

    model = gm.load(DATA)
    values = set()
    for frame in (model.actors, model.collaborations, model.memberships):
        for column in frame.columns:
            for value in frame[column].dropna().astype(str):
                if len(value) > 1:
                    values.add(value)
    return tuple(sorted(values, key=len, reverse=True))


def english_in(text: str) -> dict[str, str]:
    """English interface words in ``text`` (after the data's own values are removed),
    each with the line it stands in."""
    for value in data_values():
        if value in text:
            text = text.replace(value, " ")
    english = english_words()
    found: dict[str, str] = {}
    for line in text.splitlines():
        for word in _words(line) & english:
            found.setdefault(word, line.strip()[:160])
    return found


# --------------------------------------------------------------------------- the server

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the explorer exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"the explorer did not answer on {url} within {timeout} s")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The explorer on the bundled data, in a fresh workspace; yields its address."""
    if not (DATA / "actors.csv").exists():
        pytest.skip("the bundled data/nordic is not there")
    port = _free_port()
    url = f"http://localhost:{port}"
    workspace = tmp_path_factory.mktemp("lang-ws")
    env = dict(os.environ, PYTHONUNBUFFERED="1", GRAPHMODEL_WORKSPACE=str(workspace))
    for key in ("GRAPHMODEL_DATA", "GRAPHMODEL_LANG"):
        env.pop(key, None)
    with (workspace / "server.log").open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            _wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright (Python) is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


# --------------------------------------------------------------------------- the page's text

#: The visible text of a document (its shadow roots too) and the labels of visible controls.
#: Material icons are ligatures ("download", "hub"): drawn as pictures, not read; skipped.
VISIBLE_TEXT = """
() => {
  const out = [];
  const skip = '[data-testid="stIconMaterial"], style, script, noscript, template';
  const visible = (el) => el.checkVisibility({visibilityProperty: true});
  const walk = (root) => {
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = texts.nextNode())) {
      const el = node.parentElement;
      const text = node.textContent.trim();
      if (!text || !el || el.closest(skip) || !visible(el)) continue;
      out.push(text);
    }
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.closest(skip) || !visible(el)) continue;
      for (const a of ["aria-label", "title", "placeholder", "alt"]) {
        const v = el.getAttribute(a);
        if (v && v.trim()) out.push(v.trim());
      }
    }
  };
  walk(document);
  return out.join("\\n");
}
"""


def _settle(page) -> None:
    page.wait_for_timeout(400)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60000)
    page.wait_for_timeout(300)


def _frames_text(page) -> str:
    parts = []
    for frame in page.frames:
        try:
            parts.append(frame.evaluate(VISIBLE_TEXT))
        except Exception:  # noqa: BLE001 - a frame that went away has nothing to read
            continue
    return "\n".join(parts)


def _help_texts(page) -> str:
    """The help text behind every visible "?" icon of the page (hovered one by one)."""
    parts = []
    icons = page.locator('[data-testid="stTooltipHoverTarget"]')
    for i in range(icons.count()):
        icon = icons.nth(i)
        if not icon.is_visible():
            continue
        try:
            icon.hover(timeout=2000)
            tip = page.locator('[data-testid="stTooltipContent"]').last
            tip.wait_for(state="visible", timeout=2000)
            parts.append(tip.inner_text())
        except Exception:  # noqa: BLE001 - a tooltip that does not open has no text
            continue
    page.mouse.move(0, 0)
    return "\n".join(parts)


def page_text(chromium, url: str, shot: Path | None = None) -> str:
    """Everything a planner reads on the page at ``url``: every tab, opened expanders,
    help texts, the frames' text and the labels of controls."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(url, wait_until="domcontentloaded")
        page.locator('[data-testid="stMain"]').wait_for(timeout=60000)
        _settle(page)
        page.wait_for_timeout(500)
        _settle(page)
        for summary in page.locator('[data-testid="stExpander"] summary').all():
            if summary.is_visible():
                summary.click()
        parts = [_frames_text(page), _help_texts(page)]
        tabs = page.locator('[data-testid="stTabs"] [role="tab"]')
        for i in range(1, tabs.count()):
            tabs.nth(i).click()
            page.wait_for_timeout(300)
            parts.append(_frames_text(page))
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        return "\n".join(parts)
    finally:
        context.close()


# --------------------------------------------------------------------------- the tests

def test_the_word_list_knows_the_interface():
    words = english_words()
    for word in ("network", "overlap", "municipality", "download", "agreements", "timeline"):
        assert word in words
    for word in ("data", "region", "i", "kommune"):  # also Norwegian or Swedish
        assert word not in words
    assert english_in("Velg kommune\nDownload table (CSV)") == {
        "download": "Download table (CSV)", "table": "Download table (CSV)"}


@pytest.mark.parametrize("lang", ["nb", "sv"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_english_word_on_the_page(chromium, app_url, name, lang):
    text = page_text(chromium, f"{app_url}/{PAGES[name]}?lang={lang}",
                     SHOTS / f"lang-{lang}-{name}.png")
    assert len(text) > 200, text
    found = english_in(text)
    assert not found, "\n".join(f"{w!r} in: {line}" for w, line in sorted(found.items()))


@pytest.mark.parametrize("name", ["network", "change"])
def test_english_shows_english(chromium, app_url, name):
    """The same check on ?lang=en finds the interface's English: the check can fail."""
    found = english_in(page_text(chromium, f"{app_url}/{PAGES[name]}?lang=en"))
    assert len(found) >= 10, found
