"""Small display helpers shared by the pages: headers, legend, downloads, presentation mode."""

from __future__ import annotations

import functools
import html
import io
import re
import zipfile

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel import i18n
from graphmodel.i18n import ntr, tr

from . import params
from .data_in_use import model_in_use
from .escape import md_escape

__all__ = [
    "DECIMALS",
    "MAX_STYLED_CELLS",
    "altair_chart",
    "chart_locale",
    "dataframe",
    "download_csv",
    "header",
    "is_present",
    "legend_html",
    "localized",
    "md_escape",
    "metric_column_config",
    "percent",
    "presentation_mode",
    "require_model",
    "scenario_banner",
    "table_download",
    "zip_bytes",
]

PRESENT_KEY = "present"
#: Cells beyond which :func:`localized` leaves the numbers' text to Streamlit (a Styler
#: writes about 40,000 cells a second).
MAX_STYLED_CELLS = 100_000
#: Decimals kept in downloaded tables: machine-readable, without 15-digit noise.
DECIMALS = 6

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
            # no format of Streamlit's own: :func:`dataframe` writes the number in the
            # language in use (Streamlit's formats follow sprintf or the browser's locale)
            config[name] = st.column_config.NumberColumn(heading, help=hint)
    config.update(overrides)
    return config


def _type_config(config) -> dict:
    return (config.get("type_config") or {}) if isinstance(config, dict) else {}


def _in_language(write, lang: str, value) -> str:
    with i18n.use_language(lang):
        return write(value)


def _number_cell(value, digits: int) -> str:
    return i18n.number(value, digits)


def _cell_writer(column, series: pd.Series):
    """How a numeric column's cells are written in the language in use: a metric column by
    its registry format, other whole numbers with thousands separators, other decimals with
    at most two decimals."""
    from graphmodel.analysis import COLUMNS, show

    fmt = COLUMNS[column].format if column in COLUMNS else None
    if fmt not in (None, "text", "id"):
        return lambda v: show(v, fmt)
    if pd.api.types.is_integer_dtype(series.dtype):
        return lambda v: i18n.integer(v)
    return lambda v: i18n.number(v, 2)


def localized(frame: pd.DataFrame, column_config: dict | None = None, *,
              undefined: dict | None = None):
    """``frame`` and its ``column_config`` as :func:`st.dataframe` shows them in the language
    in use: numbers with the language's decimal mark and thousands separator (``0,57``,
    ``1 234`` in nb and sv), cells of ``undefined`` (column → row mask) as "–".

    The numbers stay numbers (a pandas ``Styler`` supplies only the text shown), so a click
    on a header still sorts by value. A progress bar in percent is labelled ``57 %`` (nb,
    sv) or ``57%`` (en); a progress bar with decimals becomes a number column, since
    Streamlit writes a bar's label with a decimal point in every language. A table of more
    than :data:`MAX_STYLED_CELLS` cells (a national one) is left to Streamlit's own formats,
    an undefined figure an empty cell: a Styler would take seconds on every run.

    Returns
    -------
    tuple
        ``(data, column_config)`` for :func:`st.dataframe` (``data`` a ``Styler`` when any
        column is written by it, else the frame).
    """
    config = dict(column_config or {})
    data = frame.reset_index(drop=True) if not frame.index.is_unique else frame.copy()
    writers = {}
    for column in data.columns:
        series = data[column]
        if not (pd.api.types.is_numeric_dtype(series.dtype)
                and not pd.api.types.is_bool_dtype(series.dtype)):
            continue
        given = config.get(column)
        kind = _type_config(given)
        if kind.get("type") == "progress":
            if kind.get("format") == "percent":
                sign = "%%" if i18n.current_language() == "en" else "\u00a0%%"
                low, high = kind.get("min_value"), kind.get("max_value")
                data[column] = (series.astype(float) * 100).round()
                config[column] = {**given, "type_config": {
                    **kind, "format": "%d" + sign,
                    "min_value": 0 if low is None else 100 * low,
                    "max_value": 100 if high is None else 100 * high}}
                continue
            config[column] = st.column_config.NumberColumn(
                given.get("label"), help=given.get("help"), width=given.get("width"))
        elif kind.get("type") == "number" and kind.get("format"):
            digits = re.fullmatch(r"%\.(\d)f", str(kind["format"]))
            if digits is None:  # "%d" (a year), a prefix or suffix: Streamlit's own
                continue
            config[column] = {**given, "type_config": {**kind, "format": None}}
            writers[column] = functools.partial(_number_cell, digits=int(digits.group(1)))
            continue
        elif kind.get("type") not in (None, "number"):
            continue
        elif isinstance(given, str):
            config[column] = st.column_config.NumberColumn(given)
        writers[column] = _cell_writer(column, series)
    masks = {c: pd.Series(m).to_numpy(dtype=bool) for c, m in (undefined or {}).items()
             if c in data.columns}
    if not writers and not masks:
        return data, config
    if data.size > MAX_STYLED_CELLS:
        # a national table: a Styler would take seconds per run (35,000 rows: 9 s), so
        # Streamlit writes the numbers itself (two decimals, a decimal point) and an
        # undefined figure is an empty cell
        for column in writers:
            if pd.api.types.is_float_dtype(data[column].dtype):
                given = config.get(column) or st.column_config.NumberColumn()
                before = _type_config((column_config or {}).get(column)).get("format")
                config[column] = {**given, "type_config": {**_type_config(given),
                                                           "format": before or "%.2f"}}
        for column, mask in masks.items():
            data[column] = data[column].astype(float).mask(mask)
        return data, config
    # the Styler writes the cells when it is rendered: in the language of this run
    lang = i18n.current_language()
    writers = {c: functools.partial(_in_language, write, lang) for c, write in writers.items()}
    styler = data.style.format(formatter=writers, na_rep="")
    for column, mask in masks.items():
        if mask.any():
            styler = styler.format(lambda _v: i18n.UNDEFINED,
                                   subset=pd.IndexSlice[data.index[mask], [column]])
    return styler, config


def dataframe(frame: pd.DataFrame, *, column_config: dict | None = None,
              undefined: dict | None = None, **kwargs):
    """:func:`st.dataframe` with every number in the language in use (:func:`localized`)."""
    data, config = localized(frame, column_config, undefined=undefined)
    return st.dataframe(data, column_config=config, **kwargs)


def chart_locale(lang: str | None = None):
    """The number locale of Vega-Lite charts (axes, legends, tooltips) in ``lang``: the
    decimal mark, thousands separator and percent sign as :mod:`graphmodel.i18n` writes
    them (0,67 · 1 234 · 57 % in Norwegian and Swedish)."""
    import altair as alt

    en = i18n.normalise_language(lang or i18n.current_language()) == "en"
    return alt.Locale(number=alt.NumberLocale(
        decimal="." if en else ",", thousands="," if en else "\u00a0", grouping=[3],
        currency=["", ""], percent="%" if en else "\u00a0%", minus="−" if not en else "-"))


def altair_chart(chart, **kwargs):
    """:func:`st.altair_chart` with the chart's numbers in the language in use
    (:func:`chart_locale`)."""
    import altair as alt

    shown = chart.copy(deep=False)
    config = chart.config.copy() if chart.config is not alt.Undefined else alt.Config()
    config.locale = chart_locale()
    shown.config = config
    return st.altair_chart(shown, **kwargs)


def download_csv(frame: pd.DataFrame) -> bytes:
    """``frame`` as the CSV a person downloads: decimals rounded
    (:data:`DECIMALS`), formulas neutralised, in the CSV
    dialect of the language in use (:func:`graphmodel.i18n.csv_dialect`: ``,`` and ``.``
    in English, ``;`` and decimal comma in Norwegian and Swedish)."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column].dtype):
            out[column] = out[column].round(DECIMALS)
    return gm.safe_csv(out, dialect=i18n.csv_dialect()).encode("utf-8")


def table_download(frame: pd.DataFrame, file_name: str, *, key: str,
                   label: str | None = None) -> None:
    """A download button for ``frame`` as a spreadsheet-safe CSV (:func:`download_csv`)."""
    if is_present():
        return
    st.download_button(
        label or tr("Download table (CSV)"),
        data=download_csv(frame), file_name=file_name, mime="text/csv", key=key,
        icon=":material/download:",
        help=(tr("Comma-separated with decimal point, as Excel expects in English.")
              if i18n.csv_dialect() == "excel" else
              tr("Semicolon-separated with decimal comma, as Excel expects in the Nordic "
                 "countries.")),
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
