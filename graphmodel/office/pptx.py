"""A view, a map or a comparison as one PowerPoint slide (.pptx, 16:9).

The slide holds the snapshot's picture (:func:`graphmodel.share.snapshot.snapshot_image`, drawn
without its own title: the slide's title placeholder carries it, so the title is text that
PowerPoint and a screen reader know as the slide's title), the key figures of the HTML
snapshot beside it (:func:`graphmodel.share.page.figures_context`'s cards, a map's
:func:`graphmodel.share.map_snapshot.map_key_figures`, a comparison's
:func:`graphmodel.share.comparison_snapshot.change_cards`), the data date and dataset in a footer
line, and the view's note in the speaker notes. Every text from the data is a plain text
run (:func:`graphmodel.office.text.plain_text`): no link, field or formula is made from it.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..data.model import Model
from ..i18n import date, tr, use_language
from ..share.view import View
from .text import LANGUAGE_TAGS, plain_text

__all__ = ["PICTURE_INCHES", "SLIDE_INCHES", "slide_figures", "snapshot_pptx", "write_snapshot"]

#: The slide's size in inches (16:9, PowerPoint's default widescreen).
SLIDE_INCHES = (13.333, 7.5)
#: The picture's size on the slide in inches (drawn at this size, 150 dpi: 1410 px wide).
PICTURE_INCHES = (9.4, 5.75)
_INK = (0x1F, 0x23, 0x28)
_GREY = (0x57, 0x60, 0x6A)


def slide_figures(model: Model, view: View) -> list[tuple[str, str]]:
    """The key figures of a view as (number as the language writes it, label), in the
    language in use: the cards of its HTML snapshot.

    Examples
    --------
    >>> slide_figures(example, View.for_model(example))[0]  # a, b, c, d (f is a county)
    ('4', 'actors drawn')
    """
    from ..share.key_figures import key_figures
    from ..share.page import figures_context

    if view.comparison:
        from ..share.comparison_snapshot import change_cards, comparison_of

        return [(n, label) for n, label, _ in change_cards(comparison_of(model, view).counts())]
    if view.picture == "map":
        from ..share.map_snapshot import map_key_figures

        return list(figures_context(map_key_figures(model, view))["cards"])
    return list(figures_context(key_figures(model, view))["cards"])


def _rgb(color):
    from pptx.dml.color import RGBColor

    return RGBColor(*color)


def _text_box(slide, left, top, width, height, paragraphs, *, anchor_bottom=False):
    """A text box of (text, size in points, bold, colour) paragraphs, wrapped."""
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    if anchor_bottom:
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    for i, (text, size, bold, color) in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = plain_text(text)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = _rgb(color)
    return box


def snapshot_pptx(model: Model, view: View, path_or_file=None, *, made_at=None):
    """Write the view as a one-slide 16:9 presentation.

    Parameters
    ----------
    model : Model
    view : View
        A network view, a map (``picture="map"``) or a comparison; its language is the
        slide's.
    path_or_file : str, os.PathLike, binary file or None
        Where to write; ``None`` returns the bytes.
    made_at : datetime or str, optional
        When it was made (the footer line); now by default.

    Returns
    -------
    pathlib.Path, None or bytes
        The path (a path given), ``None`` (a file given) or the bytes (``None`` given).

    Raises
    ------
    UnknownIdError
        The view's focus or councils are not in the data.
    """
    from pptx import Presentation
    from pptx.util import Inches, Pt

    from ..share.page import made_text
    from ..share.snapshot import snapshot_image, snapshot_title

    with use_language(view.lang):
        view.check(model)
        title = snapshot_title(model, view)
        picture = snapshot_image(model, view, None, "png", title="", size=PICTURE_INCHES)
        # snapshot_image draws at 150 dpi by default; the slide scales it to its box
        figures = slide_figures(model, view)
        prs = Presentation()
        prs.slide_width, prs.slide_height = Inches(SLIDE_INCHES[0]), Inches(SLIDE_INCHES[1])
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
        heading = slide.shapes.title
        heading.left, heading.top = Inches(0.45), Inches(0.25)
        heading.width, heading.height = Inches(12.4), Inches(0.95)
        heading.text_frame.word_wrap = True
        heading.text_frame.text = plain_text(title)
        for para in heading.text_frame.paragraphs:
            para.alignment = 1  # left
            for run in para.runs:
                run.font.size = Pt(30 if len(title) <= 60 else 24)
                run.font.bold = True
                run.font.color.rgb = _rgb(_INK)
        slide.shapes.add_picture(io.BytesIO(picture), Inches(0.3), Inches(1.3),
                                 width=Inches(PICTURE_INCHES[0]))
        paras = [(tr("Key figures"), 16, True, _INK)]
        for value, label in figures[:6]:
            paras += [(value, 26, True, _INK), (label, 12, False, _GREY)]
        _text_box(slide, 9.95, 1.35, 3.1, 5.3, paras)
        # the picture's subtitle gives the date filter; the footer says where the data are
        when = f"{tr('Data as of')} {date(view.as_of)} · " if view.as_of else ""
        footer = (f"{when}{model.name} · graphmodel · "
                  f"{tr('made {time}', time=made_text(made_at))}")
        _text_box(slide, 0.45, 7.05, 12.4, 0.35, [(footer, 9, False, _GREY)])
        note = view.note.strip()
        if note:
            slide.notes_slide.notes_text_frame.text = plain_text(note)
        prs.core_properties.title = plain_text(title)
        prs.core_properties.author = ""
        prs.core_properties.language = LANGUAGE_TAGS.get(view.lang, "en-GB")
    target = io.BytesIO() if path_or_file is None else path_or_file
    if isinstance(target, (str, Path)):
        target = Path(target)
        prs.save(str(target))
        return target
    prs.save(target)
    return target.getvalue() if path_or_file is None else None


def write_snapshot(model, view, path, *, made_at=None) -> Path:
    """Write a view in any snapshot format, chosen by the suffix: .pptx here (a slide,
    :func:`snapshot_pptx`), .html, .png, .pdf and .json by
    :func:`graphmodel.share.snapshot.write_snapshot`. This is :func:`graphmodel.write_snapshot`."""
    from ..share.snapshot import write_snapshot as write_other

    path = Path(path)
    if path.suffix.lower() == ".pptx":
        return snapshot_pptx(model, view, path, made_at=made_at)
    return write_other(model, view, path, made_at=made_at)
