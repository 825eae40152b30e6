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

import re
from functools import cache
from pathlib import Path

import pytest
from harness import ROOT, SHOTS, frames_loaded, open_app, streamlit_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATA = ROOT / "data" / "nordic"
LOCALE = ROOT / "graphmodel" / "locale"

#: The pages by their path ("" is the Network page at "/").
PAGES = {"network": "", "overlap": "overlap", "fragmentation": "fragmentation",
         "profile": "profile", "partners": "partners", "map": "map", "change": "change",
         "data": "data", "share": "share"}

#: English words of the interface that must never show in nb or sv, whatever the catalogue
#: says (the automatic list below finds most; these are the ones a reader notices first).
ALWAYS_ENGLISH = {
    "network", "overlap", "fragmentation", "municipality", "municipalities", "profile",
    "share", "filters", "sector", "sectors", "choose", "download", "agreement", "agreements",
    "councils", "date", "show", "members", "upload", "map", "change",
    "timeline", "before", "after", "shared", "crossing", "none", "compare", "formed", "ended",
    "joined", "left", "what", "which", "with", "the", "and", "of", "whole", "picture",
    "browse", "drag", "drop", "file", "files", "limit", "running", "deploy", "example",
}

#: Streamlit's and Vega's own words, which the app cannot translate (Streamlit 1.x has no
#: language setting for its frontend): each a pattern, taken out of the text before the check.
KNOWN_EXCEPTIONS = {
    # aria-labels of Streamlit's chrome, read by screen readers, not shown as text
    r"Link to heading": "the anchor icon beside a heading",
    r"Main menu": "the ⋮ menu button",
    r"^Skip to main content$": "the keyboard users' skip link (visually hidden until focused)",
    r"App pages|Sidebar|Collapse sidebar|Expand sidebar": "the navigation and its sidebar",
    r"^(Open|Clear all|Close|Select\.\.\.|Choose an option)$":
        "a selectbox's input and its open/clear buttons",
    r"^Help for .*$": "the ? icon beside a label (the help text itself is ours)",
    r"^file upload$": "the file uploader's hidden file input (its visible words are ours, "
                      "drawn by CSS: graphmodel/explorer/ui.py)",
    r"^Remove (.*)$": "the × on each chosen item of a multiselect (the item itself is ours)",
    r"^(Increment|Decrement)$": "a number input's − and + buttons",
    r"Choose date|^(day|month|year)(, .*)?$|Choose a date|Previous month|Next month":
        "the date picker's calendar",
    r"\b(yyyy|YYYY)\b": "a date input shows its format (yyyy/mm/dd) as placeholder",
    r"^(Search|Show/hide columns|Download as CSV|Fullscreen|Close fullscreen|"
    r"Add row|Delete rows?)$": "a table's toolbar (icons; the words are its aria-labels)",
    # Vega (the charts): its actions menu and the ARIA description it writes of each chart
    r"^(Copy Vega-Lite spec|Download as (PNG|SVG)|Show data|View source|Open in Vega "
    r"Editor)$": "the chart's toolbar menu",
    r"^(.*(axis|legend)( titled .*)? for .*|.* for a (linear|band|point|ordinal|time|"
    r"discrete) scale.*)$": "Vega's own description of a chart's axes and legends "
    "(aria-label): it quotes our translated titles in an English sentence",
    # the Share page shows links to copy: their parameter names are the link's syntax
    r"https?://\S+": "a link (its parameters are ids, the same in every language)",
    r"\bvia [\w.-]+/[\w.-]+": "a source repository's name in an attribution (owner/repo)",
}


# --------------------------------------------------------------------------- the word list

def _words(text: str) -> set[str]:
    """The words of ``text``, case-folded; placeholders, code and identifiers left out."""
    text = re.sub(r"\{[^{}]*\}", " ", text)  # placeholders: {name}, {n}
    text = re.sub(r"`[^`]*`", " ", text)  # code: `graphmodel diff OLD NEW`
    tokens = re.findall(r"[\w-]+", text)
    return {w.casefold() for t in tokens if "_" not in t  # schema_version, as_of
            for w in re.findall(r"[^\W\d_]+", t)}


@cache
def english_words(lang: str) -> frozenset[str]:
    """Words of the English messages that are not words of the ``lang`` catalogue's
    translations, with :data:`ALWAYS_ENGLISH`."""
    from babel.messages.pofile import read_po

    english, local = set(), set()
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
    return frozenset({w for w in english - local if len(w) > 2} | ALWAYS_ENGLISH)


#: Columns holding codes of the data model (shown in the language in use), not free text.
CODES = {"kind", "status", "role", "country", "start", "end", "share", "population", "lat",
         "lon", "stated_strategy"}


@cache
def data_values() -> tuple[str, ...]:
    """Every free-text cell of the bundled data (names, ids, regions, notes, legal forms,
    unknown sectors), longest first: removed from the page's text before the check."""
    import graphmodel as gm

    model = gm.load(DATA)
    # The dataset's own name in the workspace is data too: the bundled example is stored as
    # "Nordic example" (graphmodel.explorer.data_in_use.BUNDLED_NAME), shown as a dataset's name.
    values = {model.name, "Nordic example"}
    for frame in (model.actors, model.collaborations, model.memberships):
        for column in frame.columns:
            if column in CODES:
                continue
            for value in frame[column].dropna().astype(str):
                if len(value) > 1 and not (column == "sector" and value in gm.SECTORS):
                    values.add(value)
    return tuple(sorted(values, key=len, reverse=True))


@cache
def _data_pattern() -> re.Pattern:
    values = "|".join(re.escape(v) for v in data_values())
    return re.compile(rf"(?<!\w)(?:{values})(?!\w)")


def _cut_names(text: str) -> str:
    """``text`` without data values shortened with "…" (a long name cut in a label)."""
    values = data_values()

    def cut(match: re.Match) -> str:
        before = match.group(1)
        for start in range(len(before) - 3):
            stem = before[start:].strip()
            if len(stem) >= 4 and any(v.startswith(stem) for v in values):
                return before[:start] + " "
        return match.group(0)

    return re.sub(r"([^\n…]{1,80})…", cut, text)


def english_in(text: str, lang: str) -> dict[str, str]:
    """English interface words in ``text`` (after the data's own values, names shortened
    from them and the known exceptions are removed), each with the line it stands in."""
    text = _cut_names(_data_pattern().sub(" ", text))
    english = english_words(lang)
    found: dict[str, str] = {}
    for line in text.splitlines():
        for pattern in KNOWN_EXCEPTIONS:
            line = re.sub(pattern, " ", line)
        for word in _words(line) & english:
            found.setdefault(word, line.strip()[:160])
    return found


# --------------------------------------------------------------------------- the server

@pytest.fixture(scope="module")
def app_url(chromium, tmp_path_factory):
    """The explorer on the bundled data, in a fresh workspace; yields its address."""
    if not (DATA / "actors.csv").exists():
        pytest.skip("the bundled data/nordic is not there")
    with streamlit_app(tmp_path_factory.mktemp("lang-ws")) as url:
        yield url


# --------------------------------------------------------------------------- the page's text

#: The visible text of a document (its shadow roots too), the labels of visible controls and
#: the ``title``/``alt`` of any visible element. Material icons are ligatures ("download",
#: "hub"): drawn as pictures, not read; skipped. The charts' per-mark ARIA descriptions
#: (Vega writes one for every bar and square) are not controls: left out.
VISIBLE_TEXT = """
() => {
  const out = [];
  const skip = '[data-testid="stIconMaterial"], style, script, noscript, template';
  const visible = (el) => el.checkVisibility({visibilityProperty: true});
  const controls = 'button, a, input, select, textarea, summary, [role="button"], ' +
    '[role="tab"], [role="checkbox"], [role="radio"], [role="switch"], [role="combobox"], ' +
    '[role="slider"], [role="option"], [role="link"], [role="menuitem"], [role="textbox"]';
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
      const names = el.matches(controls) ? ["aria-label", "title", "placeholder", "alt"]
                                         : ["title", "alt"];
      for (const a of names) {
        const v = el.getAttribute(a);
        if (v && v.trim()) out.push(v.trim());
      }
    }
  };
  walk(document);
  return out.join("\\n");
}
"""


#: true once every file uploader's own English words are hidden behind the translated ones
#: (ui._uploader_words draws them by CSS, a style element that arrives with the page's
#: script run: reading the page before it is in place reads Streamlit's "Upload")
UPLOADER_TRANSLATED = """() => [...document.querySelectorAll(
    '[data-testid="stFileUploaderDropzone"] button p, '
    + '[data-testid="stFileUploaderDropzoneInstructions"] span')]
    .every(e => getComputedStyle(e).visibility === 'hidden')"""


def _frames_text(page) -> str:
    page.wait_for_function(UPLOADER_TRANSLATED, timeout=60_000)  # a state, never a time
    parts = []
    for frame in page.frames:
        try:
            parts.append(frame.evaluate(VISIBLE_TEXT))
        except Exception:  # noqa: BLE001, S112 - a frame that went away has nothing to read
            continue
    return "\n".join(parts)


def _help_texts(page, where: str) -> str:
    """The help text behind every visible "?" icon in ``where`` (hovered one by one)."""
    parts = []
    icons = page.locator(f'{where} [data-testid="stTooltipHoverTarget"]')
    for i in range(icons.count()):
        icon = icons.nth(i)
        if not icon.is_visible():
            continue
        try:
            icon.hover(timeout=1000)
            tip = page.locator('[data-testid="stTooltipContent"]').last
            tip.wait_for(state="visible", timeout=1000)
            parts.append(tip.inner_text())
        except Exception:  # noqa: BLE001, S112 - a tooltip that does not open has no text
            continue
    page.mouse.move(0, 0)
    return "\n".join(parts)


def page_text(chromium, url: str, shot: Path | None = None, helps: str | None = None) -> str:
    """Everything a planner reads on the page at ``url``: every tab, opened expanders, the
    frames' text and the labels of controls; with ``helps`` (a CSS selector: where to look)
    the help texts behind the "?" icons there too."""
    from playwright.sync_api import expect

    context = chromium.new_context(viewport={"width": 1400, "height": 1100}, locale="en-GB")
    page = context.new_page()
    try:
        open_app(page, url, again=True)
        for summary in page.locator('[data-testid="stExpander"] summary').all():
            if summary.is_visible():
                summary.click()
        parts = [_frames_text(page)]
        if helps is not None:
            parts.append(_help_texts(page, helps))
        tabs = page.locator('[data-testid="stTabs"] [role="tab"]')
        for i in range(1, tabs.count()):
            tabs.nth(i).click()
            expect(tabs.nth(i)).to_have_attribute("aria-selected", "true")
            frames_loaded(page)
            parts.append(_frames_text(page))
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        return "\n".join(parts)
    finally:
        context.close()


# --------------------------------------------------------------------------- the tests

@pytest.mark.parametrize("lang", ["nb", "sv"])
def test_the_word_list_knows_the_interface(lang):
    words = english_words(lang)
    for word in ("network", "overlap", "municipality", "download", "agreements", "timeline"):
        assert word in words
    for word in ("data", "region", "i", "kommune", "as"):  # Norwegian or Swedish too
        assert word not in words
    assert english_in("Velg kommune\nDownload table (CSV)\nSelbu", lang) == {
        "download": "Download table (CSV)", "table": "Download table (CSV)"}
    # a name from the data is not the interface, even when English-looking; an exception
    # of Streamlit's is taken out
    assert english_in("Lister interkommunale politiske råd\nLink to heading", lang) == {}
    assert english_in("Interkommunal arealplan for Trondheimsregi…", lang) == {}
    assert english_in("Show the whole network", lang).keys() == {"show", "the", "whole",
                                                                 "network"}


@pytest.mark.parametrize("lang", ["nb", "sv"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_english_word_on_the_page(chromium, app_url, name, lang):
    # Help texts (hovered one by one, slow) in nb: the sidebar's once, on the first page,
    # then each page's own. A help text without tr() is English in both languages alike.
    helps = None if lang != "nb" else "body" if name == "network" else '[data-testid="stMain"]'
    text = page_text(chromium, f"{app_url}/{PAGES[name]}?lang={lang}",
                     SHOTS / f"lang-{lang}-{name}.png", helps)
    assert len(text) > 200, text
    found = english_in(text, lang)
    assert not found, "\n".join(f"{w!r} in: {line}" for w, line in sorted(found.items()))


@pytest.mark.parametrize("name", ["network", "change"])
def test_english_shows_english(chromium, app_url, name):
    """The same check on ?lang=en finds the interface's English: the check can fail."""
    found = english_in(page_text(chromium, f"{app_url}/{PAGES[name]}?lang=en"), "nb")
    assert len(found) >= 10, found
