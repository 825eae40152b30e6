"""Briefings as Word documents (.docx): the HTML page's sections, tables and pictures.

A planner pastes a briefing into a case document (saksframlegg, tjänsteskrivelse), so the
document uses Word's own building blocks: the built-in styles ``Heading 1``–``Heading 3``
(the structure survives a paste and feeds a table of contents), real Word tables (not
pictures) with the numbers as the language writes them, and the pictures (strategy
quadrant, map, ego network) as PNG at print resolution (:data:`DPI`). The words, rows,
numbers and narrative are those of the HTML page (:func:`graphmodel.briefing.pages.page_context`),
so the two never disagree; the pictures are drawn from the same map view and ego network
(:mod:`graphmodel.briefing.pictures`).

Text from the data is written as text runs only (:func:`graphmodel.office.text.plain_text`):
no field code, hyperlink or markup is ever made from it.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Callable
from pathlib import Path

from ..briefing import BriefingData, briefing_data
from ..briefing.pages import PER, Report, page_context, safe_file_name
from ..briefing.pictures import partners_graph, partners_mapview, quadrant_png
from ..data.model import Model
from ..errors import SpecError
from ..i18n import use_language
from .text import LANGUAGE_TAGS, plain_text

__all__ = ["DPI", "briefing_document", "briefing_docx", "write_docx_report"]

#: Resolution of the pictures in the document (dots per inch): print quality.
DPI = 220
_TEXT_WIDTH_CM = 16.0  # A4 (21 cm) less 2.5 cm margins
_TABLE_PT = 9


# --------------------------------------------------------------------------- building blocks


def _new_document(lang: str, title: str):
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), LANGUAGE_TAGS.get(lang, "en-GB"))
    rpr.append(lang_el)
    props = doc.core_properties
    props.title = plain_text(title)
    props.language = LANGUAGE_TAGS.get(lang, "en-GB")
    props.author = ""
    props.comments = "graphmodel"
    return doc


def _paragraph(doc, text: str, *, style: str | None = None, bold_prefix: str = "",
               italic: bool = False, size: float | None = None):
    from docx.shared import Pt

    p = doc.add_paragraph(style=style)
    if bold_prefix:
        p.add_run(plain_text(bold_prefix)).bold = True
    run = p.add_run(plain_text(text))
    run.italic = italic
    if size is not None:
        run.font.size = Pt(size)
    return p


def _table(doc, header: list[str], rows: list, *, numeric: tuple = (),
           widths: tuple | None = None):
    """A real Word table: a bold header row repeated on each page, text cells (a point
    smaller in tables of seven columns or more), the ``numeric`` columns right-aligned,
    ``widths`` in cm (the text width shared evenly when not given)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    if widths is None:
        widths = (_TEXT_WIDTH_CM / len(header),) * len(header)
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)  # the grid: what LibreOffice reads
    head_row = table.rows[0]
    trpr = head_row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)
    for r, values in enumerate([header, *rows]):
        cells = table.rows[r].cells
        for c, value in enumerate(values):
            para = cells[c].paragraphs[0]
            run = para.add_run(plain_text(value))
            run.font.size = Pt(_TABLE_PT if len(header) < 7 else _TABLE_PT - 1)
            run.bold = r == 0
            if c in numeric:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            cells[c].width = Cm(widths[c])  # the cells: what Word reads
    doc.add_paragraph()
    return table


def _picture(doc, png: bytes, width_cm: float, caption: str = ""):
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    if caption:
        _paragraph(doc, caption, style="Caption")


# --------------------------------------------------------------------------- the pictures


def _map_png(data: BriefingData, b) -> tuple[bytes, str]:
    from ..drawing.map_image import render_map

    if b.kind == "council":
        focus_ids = set(data.council_sets.get(b.id, ())) & set(data.actors.index)
    else:
        focus_ids = {b.id}
    mv = partners_mapview(data, focus_ids, b.id)
    return render_map(mv, None, "png", size=(7.0, 4.6), dpi=DPI), mv.message


def _network_png(data: BriefingData, b, made_at) -> tuple[bytes, str]:
    from ..drawing.network_image import render_image

    home = b.id if b.kind == "council" else b.home_council
    g = partners_graph(data, b.id, frozenset(data.council_sets.get(home, frozenset())))
    png = render_image(g, None, "png", title="", legend=False, size=(7.0, 4.8), dpi=DPI,
                       made=made_at)
    return png, g.message


# --------------------------------------------------------------------------- the document


def briefing_document(data: BriefingData, item_id: str, *, lang: str = "en", made_at=None):
    """One briefing (a municipality's, or a council's when ``item_id`` is a council of
    ``data``) as a ``docx.Document`` in ``lang``; :func:`briefing_docx` gives its bytes.

    Raises :class:`~graphmodel.errors.UnknownIdError` for an id with no page.
    """
    with use_language(lang):
        b, ctx = page_context(data, item_id, made_at=made_at, pictures=False)
        t = ctx["t"]
        doc = _new_document(lang, f"{t['kicker']}: {b.name}")
        _paragraph(doc, f"{t['kicker']} · {ctx['subtitle']} · {ctx['dataset']}",
                   style="Subtitle")
        doc.add_heading(plain_text(ctx["title"]), level=1)
        meta = [f"{t['data_as_of']} {ctx['date_text']}"]
        meta += [x for x in (ctx["population"], ctx["home"]) if x]
        _paragraph(doc, " · ".join(meta + [t["made"]]), italic=True, size=9)

        doc.add_heading(t["in_brief"], level=2)
        for sentence in ctx["narrative"]:
            _paragraph(doc, sentence)

        doc.add_heading(t["figures"], level=2)
        _table(doc, [t["figure"], ctx["title"], ctx["median_heading"]], ctx["figure_rows"],
               numeric=(1, 2), widths=(9.0, 3.5, 3.5))
        if ctx["page"] == "actor":
            _actor_sections(doc, data, b, ctx)
        else:
            _council_sections(doc, ctx)
        _pictures(doc, data, b, ctx, made_at)
        if ctx["page"] == "actor":
            _gaps(doc, ctx)
        _changes(doc, ctx)
        _sources(doc, ctx)
    return doc


def _actor_sections(doc, data: BriefingData, b, ctx: dict) -> None:
    t = ctx["t"]
    doc.add_heading(t["quadrant"], level=2)
    _picture(doc, quadrant_png(b.row.get("breadth"), b.row.get("home_alignment"),
                               b.strategy, b.stated_strategy, dpi=DPI,
                               earlier=b.earlier_strategy,
                               years=(b.stated_year(), b.stated_year("earlier_date"))), 6.5)
    for label, value in ctx["strategy_rows"]:
        _paragraph(doc, value, bold_prefix=f"{label}: ")
    _paragraph(doc, t["quadrant_explain"], italic=True, size=9)

    doc.add_heading(t["agreements"], level=2)
    if ctx["agreements"]:
        header = [t["sector"], t["agreement"], t["legal_form"], t["host"], t["n_partners"],
                  t["partners"]]
        rows = [list(r[:6]) for r in ctx["agreements"]]
        widths = (2.1, 3.2, 2.7, 2.0, 1.3, 4.7)
        if ctx["home"]:
            header.append(t["within"])
            rows = [list(r) for r in ctx["agreements"]]
            widths = (*widths[:5], 3.1, 1.6)
        _table(doc, header, rows, numeric=(4,), widths=widths)
    else:
        _paragraph(doc, t["no_agreements"], italic=True)
    if ctx["groups"]:
        doc.add_heading(t["groups"], level=3)
        _table(doc, [t["name"], t["kind"], t["role"]], ctx["groups"], widths=(8.0, 4.0, 4.0))


def _council_sections(doc, ctx: dict) -> None:
    t = ctx["t"]
    doc.add_heading(t["members"], level=2)
    _table(doc, [t["municipality"], t["agreements_n"], t["partners"], t["fragmentation"],
                 t["inside_agreements"], t["hosted_here"], t["strategy"], t["stated"]],
           ctx["members"], numeric=(1, 2, 3, 4, 5),
           widths=(3.2, 1.6, 1.6, 1.8, 1.9, 1.5, 2.2, 2.2))
    doc.add_heading(t["agreements"], level=2)
    if ctx["agreements"]:
        _table(doc, [t["sector"], t["agreement"], t["legal_form"], t["host"], t["inside"],
                     t["outside"], t["relation"]], ctx["agreements"],
               widths=(2.0, 3.2, 2.2, 2.0, 2.8, 2.4, 1.4))
    else:
        _paragraph(doc, t["no_agreements"], italic=True)


def _pictures(doc, data: BriefingData, b, ctx: dict, made_at) -> None:
    t = ctx["t"]
    map_png, map_msg = _map_png(data, b)
    doc.add_heading(ctx["map_title"], level=2)
    _picture(doc, map_png, _TEXT_WIDTH_CM, t["map_explain"])
    net_png, net_msg = _network_png(data, b, made_at)
    doc.add_heading(ctx["network_title"], level=2)
    _picture(doc, net_png, _TEXT_WIDTH_CM, t["network_explain"])
    for message in (net_msg, map_msg):
        if message:
            _paragraph(doc, message, italic=True, size=9)


def _gaps(doc, ctx: dict) -> None:
    t = ctx["t"]
    doc.add_heading(t["gaps"], level=2)
    _paragraph(doc, t["gaps_explain"], italic=True, size=9)
    if ctx["gaps"]:
        _table(doc, [t["sector"], t["could_join"], t["host"], t["who"]], ctx["gaps"],
               widths=(2.5, 5.0, 2.5, 6.0))
    else:
        _paragraph(doc, t["no_gaps"], italic=True)


def _changes(doc, ctx: dict) -> None:
    if not ctx["since"]:
        return
    t = ctx["t"]
    doc.add_heading(t["changes"], level=2)
    _paragraph(doc, f"{ctx['since']} → {ctx['until']}", bold_prefix=f"{t['compared']}: ")
    _table(doc, [label for _, label, _ in ctx["change_counts"]],
           [[value for value, _, _ in ctx["change_counts"]]],
           numeric=tuple(range(len(ctx["change_counts"]))))
    if ctx["change_rows"]:
        _table(doc, [t["change"], t["agreement"], t["municipality"]],
               [(word, coll, actor) for _, word, coll, actor in ctx["change_rows"]],
               widths=(3.0, 8.0, 5.0))
    else:
        _paragraph(doc, t["no_changes"], italic=True)


def _sources(doc, ctx: dict) -> None:
    t = ctx["t"]
    doc.add_heading(t["sources"], level=2)
    _table(doc, [t["source"], t["rows"]], ctx["sources"], numeric=(1,), widths=(13.0, 3.0))
    _paragraph(doc, f"{t['data_as_of']} {ctx['date_text']} · {ctx['dataset']}", size=9)
    _paragraph(doc, f"{t['hash']} {ctx['data_hash']}", size=8)
    _paragraph(doc, t["made_with"], size=9)


def briefing_docx(data: BriefingData, item_id: str, *, lang: str = "en",
                  made_at=None) -> bytes:
    """One briefing as the bytes of a ``.docx`` file (see :func:`briefing_document`).

    Examples
    --------
    >>> import pandas as pd
    >>> from graphmodel.briefing import briefing_data
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["<b>Ås</b>", "Bø"],
    ...                   "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["s", "s"]}),
    ... )
    >>> briefing_docx(briefing_data(m), "a", lang="nb", made_at="2024-05-01 10:00")[:2]
    b'PK'
    """
    buf = io.BytesIO()
    briefing_document(data, item_id, lang=lang, made_at=made_at).save(buf)
    return buf.getvalue()


def write_docx_report(model: Model, folder, *, per: str = "municipality", lang: str = "en",
                      since=None, max_km: float | None = None, made_at=None,
                      progress: Callable[[int, int, str], None] | None = None,
                      **filters) -> Report:
    """Write one Word briefing per municipality (or council) to ``folder``.

    As :func:`graphmodel.briefing.pages.write_report` (tables computed once, file names from ids by
    :func:`graphmodel.briefing.pages.safe_file_name`, never leaving ``folder``), with ``.docx``
    files and no index (``Report.index`` is ``None``).

    Raises
    ------
    SpecError
        ``per`` is not one of :data:`graphmodel.briefing.pages.PER`.
    """
    if per not in PER:
        raise SpecError(f"unknown --per {per!r}: use {' or '.join(PER)}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    data = briefing_data(model, since=since, max_km=max_km, **filters)
    ids = data.council_ids() if per == "council" else data.municipality_ids()
    used: set = set()
    files = [(i, safe_file_name(i, used, suffix=".docx")) for i in ids]
    made = made_at if made_at is not None else _dt.datetime.now().astimezone()
    written = []
    for k, (item_id, file_name) in enumerate(files, start=1):
        path = (root / file_name).resolve()
        if path.parent != root:  # pragma: no cover  (safe_file_name cannot do this)
            raise SpecError(f"the page of {item_id!r} would leave the folder")
        path.write_bytes(briefing_docx(data, item_id, lang=lang, made_at=made))
        written.append((item_id, path))
        if progress is not None:
            progress(k, len(files), data.names.get(item_id, item_id))
    return Report(folder=root, index=None, pages=tuple(written))

