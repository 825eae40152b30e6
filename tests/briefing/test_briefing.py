"""Briefing pages: the figures sliced per page agree with the metric tables; files stay put."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.briefing.data import (
    actor_briefing,
    briefing_data,
    council_briefing,
    format_figure,
)
from graphmodel.briefing.pages import briefing_html, safe_file_name, write_report
from graphmodel.data.model import Model
from graphmodel.errors import SpecError, UnknownIdError
from graphmodel.i18n import use_language

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"


def tiny() -> Model:
    """R = {a, b, c} (council). s: a b (host a), t: a b c (host b, from 2015), u: a d,
    v: c d (ended 2012). Since 2010: t formed, v ended (c was in it), d joined s in 2016."""
    return Model.from_frames(
        pd.DataFrame({"id": list("abcd"), "name": ["Aby", "Bes", "Cel", "Dal"],
                      "kind": "municipality", "country": "NO",
                      "lat": [59.0, 59.1, 59.2, 59.3], "lon": 10.0}),
        pd.DataFrame({"id": ["R", "s", "t", "u", "v"], "name": ["Rådet", "S", "T", "U", "V"],
                      "kind": ["council", "service", "service", "service", "service"],
                      "sector": ["general", "ict", "fire", "waste", "water"],
                      "legal_form": ["", "vertskommune", "IKS", "avtale", "avtale"],
                      "host": ["", "a", "b", "", ""],
                      "start": [None, None, "2015", None, None],
                      "end": [None, None, None, None, "2012"]}),
        pd.DataFrame({"actor": list("abc" "ab" "abc" "ad" "cd" "d"),
                      "collaboration": list("RRR" "ss" "ttt" "uu" "vv" "s"),
                      "start": [None] * 12 + ["2016"],
                      "source": ["seed A"] * 3 + ["seed B"] * 10}),
    )


def test_actor_page_figures_by_hand():
    d = briefing_data(tiny(), since="2010", as_of="2020")
    b = actor_briefing(d, "a")
    # S(a) = {s, t, u}; partners b, c, d; home council R; within R: t (a b c); s has d since 2016
    assert b.agreements["collaboration"].tolist() == ["t", "s", "u"]  # fire, ict, waste
    assert b.agreements["n_partners"].tolist() == [2, 2, 1]
    assert b.agreements["within"].tolist() == [True, False, False]
    assert b.home_council == "R" and b.n_within == 1 and b.n_councils == 1
    assert b.agreements.set_index("collaboration").at["s", "host_name"] == "Aby"
    fig = {f.key: f for f in b.figures}
    assert fig["agreements"].value == 3 and fig["partners"].value == 3
    assert fig["home_alignment"].value == pytest.approx(1 / 3)
    # the median over R's members a (1/3), b (S(b)={s,t}: t within -> 1/2), c (t, v ended -> 1)
    assert fig["home_alignment"].median == pytest.approx(0.5)
    assert fig["hosted"].value == 1
    # what changed 2010 -> 2020 for a: t formed; d joined s (not a's own join, but in s)
    assert set(b.changes["change"]) == {"formed"}
    c = actor_briefing(d, "c")
    assert sorted(c.changes["change"]) == ["ended", "formed"]  # v ended, t formed
    dd = actor_briefing(d, "d")
    assert dd.changes[["change", "collaboration", "actor"]].values.tolist() == [
        ["ended", "v", ""], ["joined", "s", "d"]]


def test_sources_are_the_pages_own_rows():
    d = briefing_data(tiny())
    b = actor_briefing(d, "a")
    # memberships of a in s, t, u: seed A for a in R is not an agreement of the page
    assert dict(b.sources) == {"seed B": 3}


def test_council_page_agrees_with_the_councils_table():
    if not NORDIC.exists():
        pytest.skip("data/nordic is missing")
    d = briefing_data(gm.load(NORDIC))
    for cid in d.council_ids():
        b = council_briefing(d, cid)
        counts = b.agreements["relation"].value_counts()
        for rel in ("aligned", "within", "spanning"):
            assert int(counts.get(rel, 0)) == int(d.councils.at[cid, rel]), (cid, rel)
        assert len(b.members) == int(d.councils.at[cid, "n_members"])
    vr = council_briefing(d, "vr-rad")
    assert vr.motor_name == "Stjørdal" and set(vr.dual) == {"Malvik", "Stjørdal"}


def test_actor_page_agrees_with_the_actors_table():
    if not NORDIC.exists():
        pytest.skip("data/nordic is missing")
    d = briefing_data(gm.load(NORDIC))
    for aid in d.municipality_ids():
        b = actor_briefing(d, aid)
        row = d.actors.loc[aid]
        assert len(b.agreements) == row["n_collaborations"]
        partners = set().union(*[set(p) for p in b.agreements["partners"]]) if len(
            b.agreements) else set()
        assert len(partners) <= row["n_partners"]
        if row["home_council"]:
            assert b.n_within == round(row["home_alignment"] * row["n_collaborations"])


def test_unknown_ids_are_refused():
    d = briefing_data(tiny())
    with pytest.raises(UnknownIdError, match="no municipality"):
        actor_briefing(d, "zz")
    with pytest.raises(UnknownIdError, match="no regional council"):
        council_briefing(d, "s")
    with pytest.raises(SpecError, match="unknown filter"):
        briefing_data(tiny(), colour="red")
    with pytest.raises(SpecError, match="unknown --per"):
        write_report(tiny(), "/nonexistent-never-made", per="county")


@pytest.mark.parametrize("lang, expected", [("nb", ("1\xa0234", "0,67", "86\xa0%")),
                                            ("en", ("1,234", "0.67", "86%"))])
def test_format_figure(lang, expected):
    with use_language(lang):
        assert (format_figure(1234, "int"), format_figure(2 / 3, "num"),
                format_figure(0.857, "pct")) == expected
    assert format_figure(None, "int") == ""


@pytest.mark.parametrize("item, must_not", [("../x", "/"), ("..", ".."), ("a/b", "/"),
                                            ("c:\\x", "\\"), ("", "/"), ("CON", "CON.")])
def test_file_names_are_safe(item, must_not):
    name = safe_file_name(item)
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.html", name), name
    assert not name.startswith(".") and must_not not in name[:-5]


def test_file_names_do_not_collide():
    used: set = set()
    names = [safe_file_name(i, used) for i in ["a/b", "a_b", "A_B", "index"]]
    assert len({n.lower() for n in names}) == 4 and "index.html" not in names


def hostile() -> Model:
    return Model.from_frames(
        pd.DataFrame({"id": ["../evil", "b", "c/d"],
                      "name": ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>",
                               "{n} {__class__}"],
                      "kind": "municipality", "source": '"><b>src</b>'}),
        pd.DataFrame({"id": ["r", "s"], "name": ["<iframe src=//x>", "<a href=//x>S</a>"],
                      "kind": ["council", "service"], "sector": ["general", "<b>x</b>"],
                      "legal_form": ["", "<style>*{}</style>"], "host": ["", "b"]}),
        pd.DataFrame({"actor": ["../evil", "b", "../evil", "b", "c/d"],
                      "collaboration": ["r", "r", "s", "s", "s"]}),
    )


def test_hostile_names_are_text_and_files_stay_in_the_folder(tmp_path):
    out = tmp_path / "out"
    seen = []
    report = write_report(hostile(), out, lang="nb", since="2000",
                          progress=lambda i, n, name: seen.append((i, n, name)))
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == 4 and "index.html" in files
    assert all(p.parent == out.resolve() for _, p in report.pages)
    assert not (tmp_path / "evil.html").exists()
    assert [s[:2] for s in seen] == [(1, 3), (2, 3), (3, 3)]
    for f in files:
        page = (out / f).read_text(encoding="utf-8")
        for bad in ("<script>alert", "<img src=x", "<iframe", "<a href=//x", "<b>src",
                    "<style>*"):
            assert bad not in page, (f, bad)
        assert "'unsafe-inline'" not in page
        if f != "index.html":
            assert "script-src 'none'" in page and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (out / "index.html").read_text("utf-8")


def test_briefing_html_for_the_app():
    page = briefing_html(tiny(), "a", lang="sv", since="2010", as_of="2020",
                         made_at="2024-05-01 10:00")
    assert page.startswith("<!DOCTYPE html>") and 'lang="sv"' in page
    assert "Aby" in page and "default-src 'none'" in page
    council = briefing_html(tiny(), "R", lang="en")
    assert "Rådet" in council


@pytest.mark.parametrize("item", ["no-5032", "no-5035", "no-5001", "vr-rad", "storsthlm"])
def test_focused_map_is_the_map_views_focus(item):
    """The report marks each page's focus on one map of the dataset; the result is the map
    :func:`graphmodel.map_view` draws with that focus (what is bright, dimmed, labelled, and
    the frame)."""
    if not NORDIC.exists():
        pytest.skip("data/nordic is missing")
    from graphmodel.briefing.pictures import focused_map
    from graphmodel.drawing.map import map_view

    d = briefing_data(gm.load(NORDIC))
    ref = map_view(d.model, color_by="home_council", focus=[item], **d.filters)
    focus_ids = ({item} if item in d.actors.index
                 else set(d.council_sets[item]) & set(d.actors.index))
    highlight = set(focus_ids)
    for ms in d.members.values():
        if focus_ids & set(ms):
            highlight |= set(ms)
    mine = focused_map(d, focus_ids, highlight, (item,))
    for a, b in ((mine.shapes, ref.shapes), (mine.points, ref.points)):
        cols = ["id", "color", "focus", "dim", "label"]
        pd.testing.assert_frame_equal(a[cols].reset_index(drop=True),
                                      b[cols].reset_index(drop=True), check_dtype=False)
    assert mine.bbox == pytest.approx(ref.bbox)


def test_an_organ_of_a_council_is_not_a_second_council():
    # Selbu sits in Værnesregionrådet and in its working committee (Arbeidsutvalget): one
    # regional council, and the committee is told as an organ of it
    model = gm.load(NORDIC)
    d = briefing_data(model)
    b = actor_briefing(d, "no-5032")
    g = b.groups.set_index("id")
    assert g.loc["vr-au", "organ_of"] == "Værnesregionrådet"
    assert g.loc["vr-rad", "organ_of"] == ""
    councils = g[(g["kind"] == "council") & (g["organ_of"] == "")]
    assert len(councils) == b.n_councils == 1
    html = briefing_html(model, "no-5032", lang="nb")
    assert "organ i Værnesregionrådet" in html


@pytest.mark.parametrize("lang, name, words", [
    ("nb", "Nordisk eksempel", ("illustrativt", "allmennkunnskap")),
    ("sv", "Nordiskt exempel", ("illustrativt", "allmän kunskap")),
])
def test_dataset_name_and_provenance_in_the_language(lang, name, words):
    """The Selbu page names the bundled example and its provenance categories in the
    language, never "nordic", "illustrative" or "general knowledge"."""
    if not NORDIC.exists():
        pytest.skip("data/nordic is missing")
    page = briefing_html(gm.load(NORDIC), "no-5032", lang=lang)
    text = re.sub(r"<[^>]+>", " ", page.split("</style>")[-1])
    assert f"· {name}" in text and "· nordic" not in text
    assert all(w in text for w in words), words
    assert "illustrative" not in text and "general knowledge" not in text


def test_fragmentation_of_a_single_agreement_is_undefined_on_the_page():
    """Indre Fosen takes part in one service agreement: its fragmentation is "–" (as on the
    explorer's pages), never 0; Selbu's (seven agreements) is a number."""
    if not NORDIC.exists():
        pytest.skip("data/nordic is missing")
    model = gm.load(NORDIC)
    frag = gm.actor_fragmentation(model).set_index("id")
    assert frag.loc["no-5054", "n_collaborations"] == 1
    row = lambda html: re.sub(r"<[^>]+>", "|", html).split("Fragmentering (0–1)")[1][:12]
    assert re.sub(r"\|+", "|", row(briefing_html(model, "no-5054", lang="nb"))).startswith("|–|")
    assert re.sub(r"\|+", "|", row(briefing_html(model, "no-5032", lang="nb"))).startswith("|0,5|")
