"""Hostile data and hostile links in a real browser: every page, nothing fetched, nothing run.

The explorer is started once for this module (``streamlit run app.py``) with
``GRAPHMODEL_DATA=tests/fixtures/hostile``: a small dataset whose names, notes, regions,
sectors, legal forms, sources and representations hold Markdown images and links, raw HTML
(``<img>``, ``<script>``, ``<iframe>``), Streamlit's own Markdown extensions (``:red[…]``,
``$…$``, ``:material/…:``), ``javascript:`` URLs and a spreadsheet formula, most of them
pointing at ``127.0.0.1:8999`` (where nothing listens). Every page is then opened in headless
Chromium (the system's ``/usr/bin/chromium``; never a downloaded browser)

- on the hostile data as it opens, with hostile data in focus (``?focus=…``, ``?actor=…``,
  ``?agreement=…``);
- with hostile query parameters in every key the app reads (``PAGE_KEYS``), plus the
  link-level ones: ``?v=%C2%B2``, ``?v=`` + 5,000 digits, ``?data=../../etc``, ``?lang=xx``,
  presentation mode with a hostile ``?title=`` and ``?note=``.

For each opening it checks: no request from any frame leaves for another address than the
app's own (``context.on("request")``: iframes and components included); no ``img``/``a``/
``iframe``/SVG element anywhere (frames and shadow roots included) whose ``src``/``href``
names port 8999 or ``javascript:``; no dialog opened (a ``<script>`` that ran would
``alert``); no Streamlit error box or "This app has encountered an error". A screenshot of
each page goes to ``tests/screenshots/hostile-<page>.png`` (git-ignored).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from harness import ROOT, SHOTS, open_app, streamlit_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
BAD_PORT = "8999"

#: The pages by their path ("" is the Network page at "/").
PAGES = {"network": "", "overlap": "overlap", "fragmentation": "fragmentation",
         "profile": "profile", "partners": "partners", "map": "map", "change": "change",
         "data": "data", "share": "share"}

MD_IMAGE = "![q](http://127.0.0.1:8999/q.png)"
HTML_IMAGE = "<img src=http://127.0.0.1:8999/t.png>"
MD_LINK = "[x](http://127.0.0.1:8999/n)"
SCRIPT = "<script>alert(1)</script>"
JS_LINK = "[js](javascript:alert(1))"

#: One hostile value for every query parameter the app reads (graphmodel.explorer.params).
HOSTILE_PARAMS = [
    ("lang", "xx"), ("data", "../../etc"),
    ("date", MD_IMAGE), ("sector", HTML_IMAGE), ("sector", "**bold**"), ("kind", MD_LINK),
    ("status", SCRIPT), ("country", JS_LINK), ("region", MD_IMAGE), ("council", HTML_IMAGE),
    ("focus", MD_IMAGE), ("depth", HTML_IMAGE), ("view", MD_LINK), ("color", SCRIPT),
    ("size", JS_LINK), ("measure", MD_IMAGE), ("order", HTML_IMAGE), ("group", MD_LINK),
    ("breadth", SCRIPT), ("alignment", MD_IMAGE), ("detail", HTML_IMAGE),
    ("actor", MD_LINK), ("km", SCRIPT), ("title", HTML_IMAGE), ("note", MD_LINK),
    ("agreement", MD_IMAGE), ("present", SCRIPT), ("x" * 40, MD_IMAGE),
]
#: Links that open a hostile actor or agreement of the data itself.
DATA_PARAMS = [("focus", "h-cel"), ("actor", "h-aby"), ("agreement", "h-hel"),
               ("km", "50")]
#: Link-level oddities: a view link that cannot be read, a presentation with hostile words.
ODD_LINKS = {
    "v-superscript": "v=%C2%B2",
    "v-digits": "v=" + "9" * 5000,
    "present": "present=1&title=" + quote(HTML_IMAGE) + "&note=" + quote(MD_IMAGE + " "
                                                                          + SCRIPT),
}


def _query(pairs) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


@pytest.fixture(scope="module")
def app_url(chromium, tmp_path_factory):
    """The explorer on the hostile dataset, in a fresh workspace; yields its address."""
    if not (HOSTILE / "actors.csv").exists():
        pytest.skip("tests/fixtures/hostile is not there")
    with streamlit_app(tmp_path_factory.mktemp("hostile-ws"), data=HOSTILE) as url:
        yield url


#: Every element of the document, its frames' and its shadow roots' with an address that
#: names port 8999 or a javascript: URL, or a style with a url(): [tag, attribute, value].
#: A link to a place on the page itself ("#…", a heading's anchor) fetches nothing.
FIND_BAD = """
(bad) => {
  const out = [];
  const attrs = ["src", "href", "xlink:href", "srcset", "action", "formaction", "data",
                 "poster", "background", "style"];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      for (const a of attrs) {
        const v = el.getAttribute(a);
        if (v && !v.startsWith("#") && (v.includes(bad) || /^\\s*javascript:/i.test(v)
                  || (a === "style" && v.includes("url(")))) {
          out.push([el.tagName, a, v.slice(0, 120)]);
        }
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
}
"""


def _open(chromium, url: str, shot: Path | None = None) -> list[str]:
    """Open ``url`` in a fresh context; returns what went wrong (empty when all held)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB")
    requests: list[str] = []
    dialogs: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    problems: list[str] = []
    try:
        # a second look after the drawing and the map have had time to mount and fetch
        open_app(page, url, again=True)
        for frame in page.frames:
            try:
                bad = frame.evaluate(FIND_BAD, BAD_PORT)
            except Exception as exc:  # noqa: BLE001 - a frame gone away is not a finding
                bad = [] if "detached" in str(exc).lower() else [["frame", "error", str(exc)]]
            problems += [f"element {t} {a}={v!r} in frame {frame.url[:60]}" for t, a, v in bad]
        if page.locator('[data-testid="stException"]').count():
            problems.append("Streamlit's exception box is shown")
        body = page.locator("body").inner_text()
        for words in ("This app has encountered an error", "Traceback"):
            if words in body:
                problems.append(f"the page shows {words!r}")
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    app = urlsplit(url).netloc
    for request in requests:
        parts = urlsplit(request)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.netloc != app:  # the app's own address may carry 8999 in its query
            problems.append(f"request to {request[:120]}")
    problems += [f"a dialog opened: {m!r}" for m in dialogs]
    return problems


def test_the_hostile_dataset_loads_with_its_hostile_text():
    """The fixture is what this module relies on: it loads, and it carries every payload."""
    import graphmodel as gm

    model = gm.load(HOSTILE)
    text = " ".join(
        " ".join(map(str, frame.to_numpy().ravel()))
        for frame in (model.actors, model.collaborations, model.memberships))
    for payload in ("![q](http://127.0.0.1:8999/img.png)", "[click](http://127.0.0.1:8999/link)",
                    "<img src=http://127.0.0.1:8999/x.png>", "<script>alert(1)</script>",
                    "**bold**", '=HYPERLINK("http://127.0.0.1:8999")', "javascript:alert(1)"):
        assert payload in text
    assert len(model.actors) == 7 and len(model.collaborations) == 7


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_on_hostile_data_and_links_fetches_and_runs_nothing(chromium, app_url,
                                                                       name):
    base = f"{app_url}/{PAGES[name]}"
    problems = {
        "data": _open(chromium, base, SHOTS / f"hostile-{name}.png"),
        "data in focus": _open(chromium, f"{base}?{_query(DATA_PARAMS)}"),
        "hostile link": _open(chromium, f"{base}?{_query(HOSTILE_PARAMS)}"),
    }
    for label, query in ODD_LINKS.items():
        if name in ("network", "share") or label != "present":
            problems[label] = _open(chromium, f"{base}?{query}")
    found = [f"{label}: {p}" for label, found in problems.items() for p in found]
    assert not found, "\n".join(found)


def test_the_check_finds_a_hostile_image(chromium, app_url):
    """The check itself can fail: a page that does load an image from port 8999 is caught."""
    context = chromium.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    try:
        page.set_content('<p>x</p><img src="http://127.0.0.1:8999/probe.png">'
                         '<a href="javascript:alert(1)">y</a>')
        page.wait_for_timeout(300)
        bad = page.evaluate(FIND_BAD, BAD_PORT)
    finally:
        context.close()
    assert any(BAD_PORT in r for r in requests)
    assert {tag for tag, _, _ in bad} == {"IMG", "A"}
