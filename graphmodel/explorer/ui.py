"""Small display helpers shared by the pages: headers, legend, downloads, presentation mode."""

from __future__ import annotations

import html
import io
import zipfile

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.i18n import ntr, tr

from . import params
from .data_in_use import model_in_use
from .escape import md_escape

__all__ = [
    "header",
    "is_present",
    "legend_html",
    "md_escape",
    "percent",
    "presentation_mode",
    "require_model",
    "scenario_banner",
    "table_download",
    "zip_bytes",
]

PRESENT_KEY = "present"

_COMPACT = """
<style>
.block-container { padding-top: 2.2rem; padding-bottom: 2rem; }
h1 { padding-top: 0; }
[data-testid="stMultiSelectTagsContainer"] [data-tag] { max-width: 100% !important;
  height: auto !important; }
[data-testid="stMultiSelectTagsContainer"] [data-tag] > span[title] { max-width: none !important;
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
</style>
"""

_HIDE_CHROME = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
.block-container { padding-top: 1.5rem; }
</style>
"""


def presentation_mode() -> bool:
    """True when the link asks for presentation mode (``?present=1``); kept for the session."""
    state = st.session_state
    params.seed(PRESENT_KEY, what="presentation mode", options=["0", "1"], default="0")
    present = state.get(PRESENT_KEY) == "1"
    st.html(_COMPACT)
    st.html(_uploader_words())
    if present:
        params.publish(PRESENT_KEY, "1")
        st.html(_HIDE_CHROME)
    return present


def _css_text(text: str) -> str:
    """``text`` as a CSS string's content (our own messages, escaped all the same)."""
    return "".join(ch if ch.isalnum() or ch in " .,:;()–-" else f"\\{ord(ch):x} " for ch in text)


def _uploader_words() -> str:
    """The file uploader's own words ("Upload", "50MB per file • CSV") in the language in
    use: Streamlit has no parameter for them, so its text is hidden and ours drawn by CSS
    (``visibility`` keeps it out of the page's text; screen readers read the CSS text)."""
    limit = st.get_option("server.maxUploadSize")
    button = _css_text(tr("Upload"))
    instructions = _css_text(tr("At most {limit} MB per file", limit=limit))
    zone = '[data-testid="stFileUploaderDropzone"]'
    return (
        "<style>"
        f"{zone} button p, {zone} [data-testid='stFileUploaderDropzoneInstructions'] span"
        " { visibility: hidden; font-size: 0; }"
        f'{zone} button p::after {{ visibility: visible; font-size: .875rem; '
        f'content: "{button}"; }}'
        f"{zone} [data-testid='stFileUploaderDropzoneInstructions'] span::after "
        f'{{ visibility: visible; font-size: .75rem; content: "{instructions}"; }}'
        "</style>"
    )


def is_present() -> bool:
    return st.session_state.get(PRESENT_KEY) == "1"


def header(title: str, question: str) -> None:
    """Page title with the planner's question it answers, in one short line.

    In presentation mode a shared view's own title (``?title=…``) replaces the page's.
    """
    if is_present() and (params.link_values("title") or [""])[-1]:
        return
    st.title(title)
    if not is_present():
        st.caption(question)


def require_model() -> gm.Model:
    """The data in use; when there is none, a message pointing at the Data page, and the page
    stops here (``st.stop``), so a page never has to check for ``None`` itself."""
    model = model_in_use()
    if model is None:
        err = st.session_state.get("bundled_error")
        text = md_escape(tr("No data is loaded yet. Open Data in the menu and upload your "
                            "three CSV files (or one zip)."))
        if err:
            text += "\n\n" + md_escape(tr("The example data could not be read: {problem}",
                                           problem=params.shorten(err, 500)))
        st.error(text)
        st.stop()
    return model


def legend_html(legend, extra: str = "") -> str:
    """The legend ``[(label, colour, shape)]`` as small escaped HTML swatches."""
    shapes = {"dot": "50%", "square": "2px", "diamond": "2px", "triangle": "2px"}
    items = []
    for label, color, shape in legend:
        rotate = "transform:rotate(45deg);" if shape == "diamond" else ""
        clip = ("clip-path:polygon(50% 0,100% 100%,0 100%);border-radius:0;"
                if shape == "triangle" else "")
        swatch = (
            f'<span style="display:inline-block;width:.8em;height:.8em;margin-right:.35em;'
            f"background:{html.escape(str(color))};border-radius:{shapes.get(shape, '50%')};"
            f'{rotate}{clip}vertical-align:-.05em"></span>'
        )
        items.append(
            f'<span style="margin-right:1.1em;white-space:nowrap">{swatch}'
            f"{html.escape(str(label))}</span>"
        )
    tail = f'<span style="color:#5f6b7a">{html.escape(extra)}</span>' if extra else ""
    return f'<div style="font-size:.85rem;line-height:1.9">{"".join(items)}{tail}</div>'


def metric_column_config(names, *, table: str | None = None, **overrides) -> dict:
    """``st.dataframe``'s ``column_config`` for metric columns: the registry's label and help
    (one home for both), a Streamlit column type by the column's format; ``overrides``
    replace single columns (a progress bar, a wider text)."""
    from graphmodel.analysis import COLUMNS, help_text, label

    config = {}
    for name in names:
        heading, hint = label(name, table=table), help_text(name) or None
        fmt = COLUMNS[name].format
        if fmt in ("text", "id"):
            config[name] = st.column_config.TextColumn(heading, help=hint)
        else:
            config[name] = st.column_config.NumberColumn(
                heading, help=hint, format="%d" if fmt in ("count", "year") else "%.2f")
    config.update(overrides)
    return config


def table_download(frame: pd.DataFrame, file_name: str, *, key: str,
                   label: str | None = None) -> None:
    """A download button for ``frame`` as a spreadsheet-safe CSV (opens cleanly in Excel)."""
    if is_present():
        return
    st.download_button(
        label or tr("Download table (CSV)"),
        data=gm.safe_csv(frame, dialect="excel-nordic").encode("utf-8"),
        file_name=file_name, mime="text/csv", key=key, icon=":material/download:",
        help=tr("Semicolon-separated with decimal comma, as Excel expects in the Nordic "
                "countries."),
    )


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The files as one zip archive."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def percent(value) -> str:
    """0.42 → '42 %'; empty for a missing value."""
    if value is None or pd.isna(value):
        return "–"
    return f"{100 * float(value):.0f} %"


#: The Change page's what-if being built (a list of edits) and its mode and title keys.
SCENARIO_EDITS_KEY = "change_edits"
SCENARIO_MODE_KEY = "change_mode"
SCENARIO_TITLE_KEY = "change_title"


def scenario_banner(page: str = "") -> bool:
    """Mark a what-if in use on every page: a banner when the Change page holds one.

    The Change page keeps the what-if in ``st.session_state["change_edits"]``; it is in
    use while that page is in its "What if…" mode. On the Change page itself the
    comparison carries its own banner; on the other pages this one says that they show
    the data as it is. Returns True when a banner was shown.
    """
    state = st.session_state
    edits = state.get(SCENARIO_EDITS_KEY) or []
    if not edits or state.get(SCENARIO_MODE_KEY) != "whatif" or page == "change":
        return False
    title = str(state.get(SCENARIO_TITLE_KEY) or "").strip()
    what = ntr("a what-if with {n} change", "a what-if with {n} changes", len(edits),
               n=len(edits))
    name = f"“{params.shorten(title, 120)}”" if title else what
    st.info(md_escape(tr("What-if in use on the Change page: {name}. This page shows the "
                         "data as it is, without the proposal.", name=name)),
            icon=":material/science:")
    return True
