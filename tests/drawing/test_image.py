"""Tests for graphmodel.drawing.network_image: PNG and PDF pictures of a network view."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from graphmodel.drawing.network_image import MAX_LABELS, render_pdf, render_png, view_figure

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
MADE = "2024-05-01 12:00"

ACTOR = "#1f77b4"
COUNCIL = "#d62728"
SERVICE = "#2ca02c"


@dataclass(frozen=True)
class FakeView:
    """Same fields as graphmodel.drawing.ViewGraph; the image functions only read them."""

    nodes: pd.DataFrame
    edges: pd.DataFrame
    legend: list = field(default_factory=list)
    message: str = ""
    as_of: str | None = None


def _nodes(rows):
    cols = ["id", "label", "layer", "kind", "group", "color", "shape", "size", "x", "y", "title"]
    return pd.DataFrame(rows, columns=cols)


def _edges(rows):
    return pd.DataFrame(rows, columns=["source", "target", "width", "color", "title"])


def nordic_view(extra_label: str = "$x$ kommune") -> FakeView:
    """Værnesregionen and Trondheimsregionen, two shared services; one odd name."""
    actors = ["Stjørdal", "Malvik", "Meråker", "Selbu", "Tydal", "Frosta", "Trondheim",
              "Melhus", "Skaun", extra_label]
    rows = []
    for k, name in enumerate(actors):
        angle = 2 * math.pi * k / len(actors)
        rows.append([f"a{k}", name, "actor", "municipality", "municipality", ACTOR, "dot",
                     14 + (6 if name == "Stjørdal" else 0), 320 * math.cos(angle),
                     260 * math.sin(angle), name])
    rows += [
        ["c1", "Værnesregionen", "collaboration", "council", "council", COUNCIL, "square", 22,
         120, -40, "council"],
        ["c2", "Trondheimsregionen", "collaboration", "council", "council", COUNCIL, "square",
         22, -150, 60, "council"],
        ["s1", "Værnesregionen IT", "collaboration", "service", "ict", SERVICE, "diamond", 16,
         60, 90, "service"],
        ["s2", "Interkommunalt arkiv Trøndelag IKS (IKAT)", "collaboration", "service",
         "archive", SERVICE, "diamond", 16, -40, -120, "service"],
    ]
    members = {"c1": [0, 1, 2, 3, 4, 5], "c2": [6, 0, 1, 7, 8, 9], "s1": [0, 2, 3, 4, 5],
               "s2": [0, 1, 6, 7, 9]}
    edges = [[f"a{a}", c, 3 if c.startswith("c") else 1.5, "#9aa5b1", ""]
             for c, ms in members.items() for a in ms]
    legend = [("Municipality", ACTOR, "dot"), ("Council", COUNCIL, "square"),
              ("Service agreement", SERVICE, "diamond")]
    return FakeView(_nodes(rows), _edges(edges), legend,
                    message="Colour by kind; lines are memberships.", as_of="2024-01-01")


def big_view(n: int = 150) -> FakeView:
    rng = np.random.default_rng(7)
    rows = [[f"n{i}", f"Kommune {i:03d}", "actor", "municipality", "m", ACTOR, "dot",
             float(5 + (i % 10) * 2), float(rng.uniform(-900, 900)),
             float(rng.uniform(-500, 500)), ""] for i in range(n)]
    edges = [[f"n{i}", f"n{(i * 7 + 3) % n}", 1, "#cccccc", ""] for i in range(n)]
    return FakeView(_nodes(rows), _edges(edges), [("Municipality", ACTOR, "dot")])


def _pixels(png: bytes) -> np.ndarray:
    from matplotlib import image as mpimg

    img = mpimg.imread(io.BytesIO(png), format="png")
    return np.round(img[..., :3] * 255).astype(int)


def _labels(fig) -> list[str]:
    """The node names drawn (not their white halos)."""
    return [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "label"]


def _has_colour(px: np.ndarray, hex_colour: str, at_least: int = 20) -> bool:
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    return int(np.all(np.abs(px - rgb) <= 2, axis=-1).sum()) >= at_least


# ----------------------------------------------------------------------------- PNG


def test_png_is_written_non_blank_with_node_and_legend_colours(tmp_path):
    path = tmp_path / "view.png"
    assert render_png(nordic_view(), path, title="Samarbeid i Trøndelag", made=MADE,
                      dpi=80) is None
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    px = _pixels(data)
    assert px.shape == (int(7.5 * 80), int(13.33 * 80), 3)
    packed = (px[..., 0] << 16) | (px[..., 1] << 8) | px[..., 2]
    assert len(np.unique(packed)) > 50  # far more than a blank page
    for colour in (ACTOR, COUNCIL, SERVICE):
        assert _has_colour(px, colour), colour


def test_legend_colours_are_drawn_even_when_no_node_has_them():
    vg = nordic_view()
    vg = FakeView(vg.nodes, vg.edges, [*vg.legend, ("Planned", "#ff7f0e", "triangle")])
    px = _pixels(render_png(vg, None, title="t", made=MADE, dpi=100))
    assert _has_colour(px, "#ff7f0e")
    px_without = _pixels(render_png(vg, None, title="t", made=MADE, dpi=100, legend=False))
    assert not _has_colour(px_without, "#ff7f0e", at_least=1)


def test_png_into_a_binary_file_and_as_bytes_are_the_same():
    buf = io.BytesIO()
    render_png(nordic_view(), buf, title="T", made=MADE, dpi=60)
    assert buf.getvalue() == render_png(nordic_view(), None, title="T", made=MADE, dpi=60)


def test_png_size_and_dpi():
    px = _pixels(render_png(nordic_view(), None, title="T", dpi=50, size=(8, 4.5), made=MADE))
    assert px.shape[:2] == (225, 400)


def test_y_grows_down_as_in_the_interactive_view():
    """A node with the larger y of vis-network is drawn lower in the picture."""
    vg = FakeView(
        _nodes([["top", "", "actor", "", "", "#ff0000", "dot", 20, 0, -300, ""],
                ["bottom", "", "actor", "", "", "#0000ff", "dot", 20, 0, 300, ""]]),
        _edges([]),
    )
    px = _pixels(render_png(vg, None, title="", made=MADE, dpi=60))
    red = np.argwhere(np.all(px == [255, 0, 0], axis=-1))[:, 0].mean()
    blue = np.argwhere(np.all(px == [0, 0, 255], axis=-1))[:, 0].mean()
    assert red < blue  # image rows grow downwards


def test_same_input_gives_same_png_bytes():
    a = render_png(nordic_view(), None, title="T", made=MADE, dpi=60)
    b = render_png(nordic_view(), None, title="T", made=MADE, dpi=60)
    assert a == b


# ----------------------------------------------------------------------------- text


# "\frac{" would make mathtext raise; "$x$" would be drawn as an italic x without dollars.
ODD_NAME = r"$x$ and \frac{ $"
PDF_ARGS = {"title": "Samverkan i Åre och Östersund", "subtitle": "Sektor: IKT",
            "note": "Budsjett $5 $6. Kilde: kommunenes årsrapporter.", "made": MADE}


def odd_view() -> FakeView:
    vg = nordic_view(extra_label=ODD_NAME)
    return FakeView(vg.nodes, vg.edges, [*vg.legend, ("Budget $a$", "#ff7f0e", "dot")],
                    vg.message, vg.as_of)


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory) -> Path:
    """One PDF for the text and metadata checks (embedding fonts takes about a second)."""
    path = tmp_path_factory.mktemp("pdf") / "view.pdf"
    assert render_pdf(odd_view(), path, **PDF_ARGS) is None
    return path


def _pdftotext(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF text")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         check=True)
    return out.stdout.decode("utf-8")


def _pdfinfo(path: Path) -> str:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed: cannot read the PDF metadata")
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_dollar_names_are_literal_text_not_mathtext(pdf_file):
    fig = view_figure(odd_view(), title="Cost $100 $200", note="Budget $5 $6", made=MADE)
    texts = [t for ax in fig.axes for t in ax.texts] + list(fig.texts)
    legend_texts = [t for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert legend_texts and texts
    assert all(not t.get_parse_math() for t in texts + legend_texts)
    render_png(odd_view(), io.BytesIO(), title="Cost $100 $200", dpi=30, made=MADE)  # no error
    text = _pdftotext(pdf_file)
    assert ODD_NAME in text
    assert "Budsjett $5 $6." in text  # the note
    assert "Budget $a$" in text  # a legend label


def test_pdf_has_title_nordic_names_and_metadata(pdf_file):
    assert pdf_file.read_bytes().startswith(b"%PDF-")
    text = _pdftotext(pdf_file)
    for expected in [PDF_ARGS["title"], "Meråker", "Stjørdal", "Værnesregionen",
                     "Sektor: IKT · data as of 2024-01-01", "Legend", "Service agreement",
                     "graphmodel · made 2024-05-01 12:00", "årsrapporter"]:
        assert expected in text, expected
    info = _pdfinfo(pdf_file)
    assert re.search(r"^Title: +Samverkan i Åre och Östersund$", info, re.MULTILINE)
    assert re.search(r"^Creator: +graphmodel$", info, re.MULTILINE)
    assert "CreationDate" not in info
    assert re.search(r"^Pages: +1$", info, re.MULTILINE)
    assert "841.68 x 595.44 pts" in info  # A4 landscape, 11.69 x 8.27 in


def test_same_input_gives_same_pdf_bytes(pdf_file):
    assert render_pdf(odd_view(), None, **PDF_ARGS) == pdf_file.read_bytes()


def test_as_of_not_repeated_when_subtitle_names_it():
    fig = view_figure(nordic_view(), title="T", subtitle="As of 2024-01-01, sector ICT",
                      made=MADE)
    texts = [t.get_text() for t in fig.texts]
    assert "As of 2024-01-01, sector ICT" in texts
    assert not any("data as of" in t for t in texts)


def grid_view(n: int) -> FakeView:
    """n nodes on a roomy grid: no two names can touch."""
    rows = [[f"g{i}", f"G{i}", "actor", "", "", ACTOR, "dot", 8, (i % 10) * 300,
             (i // 10) * 150, ""] for i in range(n)]
    return FakeView(_nodes(rows), _edges([]))


def test_labels_of_small_nodes_skipped_above_the_limit_with_caption():
    vg = big_view(150)
    fig = view_figure(vg, title="Many", made=MADE)
    labels = _labels(fig)
    assert 0 < len(labels) <= MAX_LABELS
    ranked = vg.nodes.assign(order=range(150)).sort_values(["size", "order"],
                                                            ascending=[False, True])
    assert set(labels) <= set(ranked["label"].head(MAX_LABELS))  # only the largest
    assert len(labels) == len(set(labels))
    halos = [t for t in fig.axes[0].texts if t.get_gid() == "label-halo"]
    assert len(halos) == len(labels)
    caption = [t.get_text() for t in fig.texts if "Names shown" in t.get_text()]
    expected = (f"Names shown for {len(labels)} of the 150 nodes (the largest, where they "
                "fit); open the interactive view for the rest.")
    assert caption == [expected]


def test_only_the_largest_are_named_above_the_limit():
    fig = view_figure(grid_view(MAX_LABELS + 20), title="Grid", made=MADE)
    assert _labels(fig) == [f"G{i}" for i in range(MAX_LABELS)]  # equal sizes: first ones


def test_names_never_overlap(tmp_path):
    fig = view_figure(big_view(150), title="Many", made=MADE)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer).expanded(0.96, 0.9)
             for t in fig.axes[0].texts if t.get_gid() == "label"]
    for k, a in enumerate(boxes):
        assert not any(a.overlaps(b) for b in boxes[k + 1:])


def test_every_label_drawn_at_or_below_the_limit():
    fig = view_figure(grid_view(MAX_LABELS), title="Few", made=MADE)
    assert sorted(_labels(fig)) == sorted(f"G{i}" for i in range(MAX_LABELS))
    assert not any("Names shown" in t.get_text() or "left out" in t.get_text()
                   for t in fig.texts)


def test_a_name_that_would_cover_another_is_left_out_and_said_so():
    vg = FakeView(_nodes([["a", "Levanger", "actor", "", "", ACTOR, "dot", 20, 0, 0, ""],
                          ["b", "Verdal", "actor", "", "", ACTOR, "dot", 10, 5, 0, ""],
                          ["c", "Inderøy", "actor", "", "", ACTOR, "dot", 10, 600, 300, ""]]),
                  _edges([]))
    fig = view_figure(vg, title="T", made=MADE)
    assert _labels(fig) == ["Levanger", "Inderøy"]  # the larger node keeps its name
    assert "1 name left out where it would cover another." in [t.get_text() for t in fig.texts]


def test_view_message_shown_in_caption():
    vg = nordic_view()
    fig = view_figure(vg, title="T", made=MADE)
    assert any("lines are memberships" in t.get_text() for t in fig.texts)


def test_long_note_is_wrapped_and_kept_inside_the_figure(tmp_path):
    note = " ".join(["Dette er en lang merknad om hvilke avtaler som er tatt med."] * 40)
    fig = view_figure(nordic_view(), title="T", note=note, made=MADE)
    side = fig.axes[-1]
    body = side.texts[-1]
    assert "\n" in body.get_text()
    renderer = fig.canvas.get_renderer()
    box = body.get_window_extent(renderer)
    assert box.y0 >= 0 and box.x1 <= fig.bbox.width + 1


# ----------------------------------------------------------------------------- edge cases


def test_empty_view_draws_a_message():
    vg = FakeView(pd.DataFrame(), pd.DataFrame(), [], message="No collaboration at this date.")
    fig = view_figure(vg, title="Empty", made=MADE)
    assert any("Nothing to draw" in t.get_text() for t in fig.axes[0].texts)
    assert render_pdf(vg, None, title="Empty", made=MADE).startswith(b"%PDF-")


def test_missing_positions_odd_colours_and_unknown_shapes_do_not_fail():
    vg = FakeView(
        _nodes([["a", "A", "actor", "", "", "rgba(255, 0, 0, 0.5)", "hexagon", 10, None, None, ""],
                ["b", None, "actor", "", "", "not a colour", "weird", None, 10, 10, ""],
                ["c", "C", "actor", "", "", None, "star", float("nan"), 50, 20, ""]]),
        _edges([["a", "b", None, "rgb(0,0,0)", ""], ["a", "ghost", 2, "#000000", ""]]),
        legend=[("Only a label",)],
    )
    png = render_png(vg, None, title="Odd", made=MADE, dpi=40)
    assert png.startswith(b"\x89PNG")
    fig = view_figure(vg, title="Odd", made=MADE)
    assert _labels(fig) == ["A", "b", "C"]  # the id when there is no label


def test_dashed_edges_focus_ring_and_full_names():
    vg = FakeView(
        _nodes([["a", "Short…", "actor", "", "", ACTOR, "dot", 10, 0, 0, ""],
                ["b", "B", "actor", "", "", ACTOR, "dot", 10, 400, 0, ""]])
        .assign(name=["Kommunedirektørutvalget i Lister", ""], focus=[True, False]),
        _edges([["a", "b", 1, "#000000", ""], ["b", "a", 1, "#000000", ""]])
        .assign(dashes=[False, True]),
    )
    fig = view_figure(vg, title="T", made=MADE)
    ax = fig.axes[0]
    (lines,) = ax.collections[:1]
    solid, dashed = lines.get_linestyles()
    assert solid[1] is None and dashed[1] is not None
    assert _labels(fig) == ["Kommunedirektørutvalget\ni Lister", "B"]
    (dots,) = ax.collections[1:]
    edge = dots.get_edgecolors()
    assert dots.get_offsets()[:, 0].tolist() == [0, 400]  # a first, then b
    assert edge[0][:3].tolist() == pytest.approx([0x1F / 255, 0x23 / 255, 0x28 / 255])
    assert edge[1][:3].tolist() == [1.0, 1.0, 1.0]


def test_footer_uses_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    fig = view_figure(nordic_view(), title="T")
    assert "graphmodel · made 1970-01-01 00:00" in [t.get_text() for t in fig.texts]


def test_import_does_not_load_matplotlib_or_change_backend():
    code = ("import sys, graphmodel.drawing.network_image; assert 'matplotlib' not in sys.modules; "
            "import matplotlib; matplotlib.use('svg'); "
            "import pandas as pd, types; "
            "vg = types.SimpleNamespace(nodes=pd.DataFrame(), edges=pd.DataFrame(), legend=[], "
            "message='', as_of=None); graphmodel.drawing.network_image.render_png(vg, None, title='x'); "
            "assert matplotlib.get_backend() == 'svg', matplotlib.get_backend(); "
            "assert 'matplotlib.pyplot' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


# ----------------------------------------------------------------------------- look at it


@pytest.mark.slow
def test_write_screenshots_for_review():
    """Writes tests/screenshots/ (git-ignored) so that a person can look at the output."""
    SCREENSHOTS.mkdir(exist_ok=True)
    kw = {"title": "Interkommunalt samarbeid i Trøndelag",
          "subtitle": "Tjenester og råd · alle sektorer",
          "note": "Stjørdal og Malvik er med i både Værnesregionen og Trondheimsregionen. "
                  "Planlagte avtaler er ikke tatt med.\nKilde: kommunenes nettsider, 2024.",
          "made": MADE}
    render_png(nordic_view(), SCREENSHOTS / "image_view.png", **kw)
    render_pdf(nordic_view(), SCREENSHOTS / "image_view.pdf", **kw)
    render_png(big_view(150), SCREENSHOTS / "image_big.png", title="150 kommuner",
               made=MADE)
    assert (SCREENSHOTS / "image_view.png").stat().st_size > 10_000
