"""Briefing pages as offline HTML: one per municipality or council, and an index of the set.

Each page is one self-contained file with the snapshot's guarantees: no request of any
kind (a strict Content-Security-Policy: no script, the page's own style element and the
map's style attributes allowed by hash, :func:`graphmodel.share.page.strict_csp`), every text
from the data escaped by Jinja2's autoescape, the pictures inline SVG
(:mod:`graphmodel.briefing.pictures`), print CSS for A4. The index page is searchable and
sortable by a small constant script allowed by its SHA-256 hash; it reads the table from
the page (no data inside the script) and the table works without it (sorted by name).

:func:`write_report` computes the dataset's tables once (:func:`graphmodel.briefing.
briefing_data`) and slices them per page; :func:`briefing_html` writes one page (the
app's "Briefing" download).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from ..analysis.columns import label, long_label
from ..data.model import Model
from ..errors import SpecError
from ..files import safe_file_name
from ..i18n import (
    UNDEFINED,
    dataset_label,
    date,
    integer,
    kind_label,
    provenance_label,
    role_label,
    sector_label,
    tr,
    use_language,
)
from ..share.page import asset, csp_hash, made_text, strict_csp, template
from .data import (
    ActorBriefing,
    BriefingData,
    CouncilBriefing,
    actor_briefing,
    briefing_data,
    council_briefing,
    figure_format,
    format_figure,
    strategy_label,
)
from .narrative import narrative
from .pictures import not_a_number, partners_map, partners_network, quadrant_svg

__all__ = [
    "PER",
    "Report",
    "briefing_html",
    "briefing_page",
    "index_html",
    "page_context",
    "safe_file_name",
    "write_report",
]

#: what a report writes one page per
PER = ("municipality", "council")


# --------------------------------------------------------------------------- file names


# --------------------------------------------------------------------------- assets


@lru_cache(maxsize=1)
def _css() -> str:
    """The snapshot's CSS (the same look) followed by the briefing's own (A4 print)."""
    css = asset("snapshot.css") + "\n" + asset("briefing.css")
    if re.search(r"</style|<!--", css, re.IGNORECASE):
        raise RuntimeError("the page CSS cannot be inlined safely")
    return css


# --------------------------------------------------------------------------- the pages


#: columns the index heads with their longer label (the short one is ambiguous there)
_INDEX_LONG = ("effective_partners", "hosted")


def _index_columns(names: list[str], table: str) -> list[tuple[str, str, str]]:
    """``(column, heading, format)`` of the index table, from the metric registry."""
    return [(n, long_label(n) if n in _INDEX_LONG else label(n, table=table),
             figure_format(n)) for n in names]


#: a briefing figure's key -> the metric column it shows (its label is the registry's)
_FIGURE_COLUMNS = {
    "agreements": "n_collaborations", "partners": "n_partners",
    "configurations": "n_configurations", "fragmentation": "fragmentation",
    "effective_partners": "effective_partners", "home_alignment": "home_alignment",
    "breadth": "breadth", "hosted": "hosted", "hosted_members": "hosted_members",
    "members": "n_members", "aligned": "aligned", "spanning": "spanning",
    "region_fragmentation": "region_fragmentation", "dual_members": "n_dual_members",
    "ba_fit": "ba_fit", "ba_regions": "n_ba_regions", "host_concentration": "host_concentration",
}


def _figure_label(key: str, council: str = "") -> str:
    if key in _FIGURE_COLUMNS:
        return long_label(_FIGURE_COLUMNS[key])
    return {
        "within": lambda: tr("Agreements wholly within {council}", council=council),
        "councils": lambda: tr("Regional councils it sits in"),
        "gaps": lambda: tr("Sectors with an agreement nearby to join"),
        "inside_ba": lambda: tr("Agreements wholly inside its BA-region"),
    }.get(key, lambda: key)()


def _council_within_label() -> str:
    return tr("Agreements inside the council")


def _figure_rows(b) -> list[tuple[str, str, str]]:
    council = getattr(b, "home_council_name", "")
    values = {f.key: f.value for f in b.figures}
    rows = []
    for f in b.figures:
        label = (_council_within_label() if isinstance(b, CouncilBriefing) and f.key == "within"
                 else _figure_label(f.key, council))
        # fragmentation is undefined below two agreements (as on the pages): "–", not 0
        undefined = (f.key == "fragmentation" and not isinstance(b, CouncilBriefing)
                     and values.get("agreements") is not None and values["agreements"] < 2)
        rows.append((label, UNDEFINED if undefined else format_figure(f.value, f.fmt),
                     format_figure(f.median, f.fmt) if f.median is not None else "–"))
    return rows


def _change_word(kind: str) -> str:
    return {"formed": lambda: tr("formed"), "ended": lambda: tr("ended"),
            "joined": lambda: tr("joined"), "left": lambda: tr("left")}.get(kind, lambda: kind)()


def _changes_context(data: BriefingData, changes: pd.DataFrame) -> dict:
    if data.since is None:
        return {"since": "", "change_rows": [], "change_counts": []}
    counts = changes["change"].value_counts() if len(changes) else pd.Series(dtype=int)
    return {
        "since": date(data.since),
        "until": date(data.as_of) if data.as_of else tr("today"),
        "change_counts": [(integer(int(counts.get(k, 0))), label, k) for k, label in (
            ("formed", tr("agreements formed")), ("ended", tr("agreements ended")),
            ("joined", tr("memberships begun")), ("left", tr("memberships ended")))],
        "change_rows": [(k, _change_word(k), c, a) for k, c, a in zip(
            changes["change"], changes["collaboration_name"], changes["actor_name"])],
    }


def _sources_rows(b) -> list[tuple[str, str]]:
    return [(provenance_label(s), integer(n)) for s, n in b.sources] or [(tr("no source given"), "")]


def _page_words(data: BriefingData, made: str) -> dict:
    try:
        from .. import __version__
    except ImportError:  # pragma: no cover
        __version__ = "?"
    return {
        "kicker": tr("Briefing"),
        "data_as_of": tr("Data as of"),
        "made": tr("made {time}", time=made),
        "in_brief": tr("In brief"),
        "figures": tr("Key figures"),
        "figure": tr("Figure"),
        "quadrant": tr("Strategy: practised and stated"),
        "quadrant_explain": tr("The dot is the practised profile; the shaded quadrant, where "
                               "there is one, is the strategy stated; a dotted quadrant "
                               "with an arrow, the one it stated before."),
        "agreements": tr("Agreements by sector"),
        "sector": tr("Sector"), "agreement": tr("Agreement"),
        "legal_form": tr("Legal form"), "host": tr("Host"), "partners": tr("Partners"),
        "within": tr("Wholly within home council"), "yes": tr("yes"), "no": tr("no"),
        "groups": tr("Regional councils and networks"), "kind": tr("Kind"),
        "role": tr("Role"), "name": tr("Name"),
        "map_explain": tr("Coloured by home council; the partners are highlighted."),
        "network_explain": tr("Lines join municipalities that share agreements (thicker: "
                              "more). Blue: this page; green: its council; grey: others."),
        "gaps": tr("Gaps: agreements it could join"),
        "gaps_explain": tr("Sectors where it has no agreement and a partner in the same "
                           "country within {km} km (or one it already works with) has one.",
                           km=integer(data.max_km) if math.isfinite(data.max_km)
                           else "∞"),
        "no_gaps": tr("No sector found where a neighbour nearby has an agreement it lacks."),
        "could_join": tr("Agreement to join"), "who": tr("Partners already in it (km)"),
        "changes": tr("What changed"), "change": tr("Change"),
        "municipality": tr("Municipality"),
        "compared": tr("Compared"),
        "no_changes": tr("No change in these agreements between the two dates."),
        "sources": tr("Sources and data"), "source": tr("Source"), "rows": tr("Rows"),
        "hash": tr("Data hash (SHA-256 of the data files):"),
        "made_with": tr("Made {time} with graphmodel {version}.", time=made,
                        version=__version__),
        "offline": tr("This file works offline and can be printed (A4)."),
        "members": tr("Members"), "inside": tr("Members inside"),
        "outside": tr("Members outside"), "relation": tr("Relation"),
        "median": tr("Median"),
        "no_agreements": tr("No agreement under these filters."),
        "index": tr("All briefings"),
        "strategy": tr("Strategy"), "stated": tr("Stated"),
        "hosted_here": tr("Hosts here"),
        "inside_agreements": tr("Agreements inside the council"),
        "fragmentation": tr("Fragmentation"), "n_partners": tr("Number of partners"),
        "agreements_n": tr("Agreements"),
    }


def _relation_word(r: str) -> str:
    return {"aligned": lambda: tr("every member"), "within": lambda: tr("inside"),
            "spanning": lambda: tr("across the border")}.get(r, lambda: r)()


def _actor_context(data: BriefingData, b: ActorBriefing, pictures: bool = True) -> dict:
    agreements = [
        (sector_label(r["sector"]), r["name"], r["legal_form"], r["host_name"],
         integer(r["n_partners"]), ", ".join(r["partners"]),
         (tr("yes") if r["within"] else tr("no")) if b.home_council else "")
        for r in b.agreements.to_dict("records")]
    gaps = [(sector_label(r["sector"]), r["collaboration_name"], r["host_name"],
             "; ".join(n if math.isnan(d) else f"{n} ({integer(d)})"
                       for n, d in zip(r["candidates"], r["distance_km"])))
            for r in b.gaps.to_dict("records")]
    groups = [(r["name"], _group_kind(r), role_label(r["role"]))
              for r in b.groups.to_dict("records")]
    ctx = {
        "page": "actor",
        "map_title": tr("Map of its partners"), "network_title": tr("Who it cooperates with"),
        "median_heading": (tr("Median in {council}", council=b.home_council_name)
                           if b.home_council else tr("Median")),
        "agreements": agreements, "gaps": gaps, "groups": groups,
        "strategy_rows": [(tr("practised"), strategy_label(b.strategy)),
                          (tr("stated"), strategy_label(b.stated_strategy) or "–")]
        + ([(tr("stated before"), strategy_label(b.earlier_strategy)
             + (f" ({b.stated_year('earlier_date')})" if b.stated_year("earlier_date")
                else ""))] if b.earlier_strategy else []),
        "population": (tr("Population {n}", n=integer(b.population))
                       if b.population is not None else ""),
        "home": b.home_council_name,
    }
    if not pictures:
        return ctx
    inside = frozenset(data.council_sets.get(b.home_council, frozenset()))
    net, net_msg = partners_network(data, b.id, inside)
    map_, map_msg = partners_map(data, {b.id}, b.id)
    return {
        **ctx,
        "quadrant": Markup(quadrant_svg(b.row.get("breadth"), b.row.get("home_alignment"),
                                        b.strategy, b.stated_strategy,
                                        earlier=b.earlier_strategy,
                                        years=(b.stated_year(),
                                               b.stated_year("earlier_date")))),
        "network_svg": Markup(net), "map_svg": Markup(map_),
        "messages": [m for m in (net_msg, map_msg) if m],
    }


def _council_context(data: BriefingData, b: CouncilBriefing, pictures: bool = True) -> dict:
    members = [(r["name"], integer(r["n_collaborations"]), integer(r["n_partners"]),
                format_figure(r["fragmentation"], "num"), integer(r["n_inside"]),
                integer(r["hosted_here"]), strategy_label(r["strategy"]),
                strategy_label(r.get("stated_strategy") or ""))
               for r in b.members.to_dict("records")]
    agreements = [(sector_label(r["sector"]), r["name"], r["legal_form"], r["host_name"],
                   ", ".join(r["inside"]), ", ".join(r["outside"]),
                   _relation_word(r["relation"]))
                  for r in b.agreements.to_dict("records")]
    ctx = {
        "page": "council",
        "map_title": tr("Map of its members"),
        "network_title": tr("How its members cooperate"),
        "median_heading": tr("Median of all councils"),
        "members": members, "agreements": agreements,
        "population": "", "home": "",
    }
    if not pictures:
        return ctx
    net, net_msg = partners_network(data, b.id, frozenset(data.council_sets.get(b.id, ())))
    inside = set(data.council_sets.get(b.id, ())) & set(data.actors.index)
    map_, map_msg = partners_map(data, inside, b.id)
    return {**ctx, "network_svg": Markup(net), "map_svg": Markup(map_),
            "messages": [m for m in (net_msg, map_msg) if m]}


def _group_kind(r: dict) -> str:
    """One council or network's kind in the singular; a council organised under another
    (a working committee) as an organ of it, so that the rows agree with the key figure
    "Regional councils it sits in"."""
    if r.get("organ_of"):
        return tr("organ of {council}", council=r["organ_of"])
    if r.get("kind") == "council":
        return tr("Regional council")
    if r.get("kind") == "network":
        return tr("Network")
    return kind_label(r.get("kind"))


def page_context(data: BriefingData, item_id: str, *, made_at=None,
                 pictures: bool = True) -> tuple[ActorBriefing | CouncilBriefing, dict]:
    """What one briefing page says, in the language in use: its briefing and the words,
    rows and sentences of each section, formatted as the language writes them.

    The HTML page (:func:`briefing_page`) and the Word document
    (:mod:`graphmodel.office.docx`) both write this context; ``pictures=False`` leaves
    out the inline SVG pictures (a Word document draws its own at print resolution).
    Texts from the data are plain strings here: each writer escapes them for its format.
    """
    if item_id in data.councils.index and item_id not in data.actors.index:
        b = council_briefing(data, item_id)
        ctx = _council_context(data, b, pictures)
    else:
        b = actor_briefing(data, item_id)
        ctx = _actor_context(data, b, pictures)
    made = made_text(made_at)
    context = {
        "t": _page_words(data, made), "title": b.name,
        "subtitle": (tr("Regional council") if b.kind == "council"
                     else tr("Municipality")),
        "dataset": dataset_label(data.model.name),
        "date_text": date(data.as_of) if data.as_of else tr("today (status in the file)"),
        "narrative": narrative(data, b),
        "figure_rows": _figure_rows(b),
        "sources": _sources_rows(b),
        "data_hash": data.model.content_hash(),
        **_changes_context(data, b.changes),
        **ctx,
    }
    return b, context


def briefing_page(data: BriefingData, item_id: str, *, lang: str = "en", made_at=None,
                  index_link: str = "") -> str:
    """One briefing page (a municipality's, or a council's when ``item_id`` is a council of
    ``data``) as a self-contained HTML document in ``lang``.

    ``index_link`` (a file name, made by :func:`safe_file_name`) adds a link back to the
    index. Raises :class:`~graphmodel.errors.UnknownIdError` for an id with no page.
    """
    with use_language(lang):
        _, context = page_context(data, item_id, made_at=made_at)
        css = _css()
        context |= {"lang": lang, "css": Markup(css), "index_link": index_link}
        svgs = (str(context["map_svg"]) + str(context["network_svg"])
                + str(context.get("quadrant", "")))
        context["csp"] = Markup(strict_csp(css, svgs))
        return template("briefing.html.j2").render(context)


def briefing_html(model: Model, actor_id: str, *, lang: str = "en", since=None,
                  made_at=None, **filters) -> str:
    """One municipality's (or council's) briefing page as offline HTML, in ``lang``.

    For the app's "Briefing" download: computes the dataset's tables
    (:func:`graphmodel.briefing.briefing_data`) and writes the page of ``actor_id``.
    ``filters`` are those of :func:`graphmodel.data.select`; ``since`` the earlier date of
    "what changed". To write many pages, use :func:`write_report` (it computes once).

    Examples
    --------
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["<b>Ås</b>", "Bø"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["s", "s"]}),
    ... )
    >>> page = briefing_html(m, "a", lang="nb", made_at="2024-05-01 10:00")
    >>> "&lt;b&gt;Ås&lt;/b&gt;" in page, "<b>Ås" in page, "script-src 'none'" in page
    (True, False, True)
    """
    data = briefing_data(model, since=since, **filters)
    return briefing_page(data, actor_id, lang=lang, made_at=made_at)


# --------------------------------------------------------------------------- the index

#: The index page's one script: search and sort over the table already on the page. It is a
#: constant (no data in it), allowed by its hash in the page's CSP.
INDEX_SCRIPT = """
(function () {
  var table = document.getElementById("gm-index");
  var input = document.getElementById("gm-search");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    rows.forEach(function (r) {
      r.hidden = q !== "" && r.getAttribute("data-search").indexOf(q) < 0;
    });
  });
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var desc = th.getAttribute("aria-sort") !== "descending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", desc ? "descending" : "ascending");
      var numeric = th.classList.contains("num");
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-sort");
        var y = b.cells[col].getAttribute("data-sort");
        var c;
        if (numeric) {
          var fx = x === "" ? -Infinity : parseFloat(x);
          var fy = y === "" ? -Infinity : parseFloat(y);
          c = fx - fy;
        } else {
          c = x.localeCompare(y);
        }
        return desc ? -c : c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  document.documentElement.classList.add("js");
})();
"""


def _sort_key(value) -> str:
    if value is None or not_a_number(value):
        return ""
    return repr(float(value))


def index_html(data: BriefingData, pages: list[tuple[str, str]], *, per: str = "municipality",
               lang: str = "en", made_at=None) -> str:
    """The index of a report: one row per page (``pages``: id, file name), searchable by
    name and sortable by each figure (a constant script allowed by hash; without it the
    table is sorted by name).
    """
    with use_language(lang):
        made = made_text(made_at)
        words = _page_words(data, made)
        names = data.names
        rows = []
        if per == "council":
            columns = _index_columns(
                ["name", "n_members", "n_collaborations", "aligned", "within", "spanning",
                 "region_fragmentation", "n_dual_members"], "councils")
            table = data.councils
        else:
            columns = _index_columns(
                ["name", "home_council", "n_collaborations", "n_partners", "fragmentation",
                 "effective_partners", "home_alignment", "hosted", "strategy"], "actors")
            table = data.actors
        for item_id, file_name in pages:
            rec = table.loc[item_id].to_dict()
            cells = []
            for col, _, fmt in columns:
                v = rec.get(col)
                if col == "home_council":
                    text = names.get(v, v) if v else ""
                    cells.append((text, text.casefold(), fmt))
                elif col == "strategy":
                    text = strategy_label(v)
                    cells.append((text, text.casefold(), fmt))
                elif fmt == "text":
                    cells.append((str(v), str(v).casefold(), fmt))
                else:
                    cells.append((format_figure(v, fmt), _sort_key(v), fmt))
            rows.append({"file": file_name, "cells": cells,
                         "search": f"{rec.get('name', '')} {item_id}".casefold()})
        rows.sort(key=lambda r: r["cells"][0][1])
        css = _css()
        csp = ("default-src 'none'; script-src " + csp_hash(INDEX_SCRIPT) + "; style-src "
               + csp_hash("\n" + css + "\n") + "; img-src 'none'; font-src 'none'; "
               "connect-src 'none'; form-action 'none'; base-uri 'none'")
        title = (tr("Briefings per regional council: {name}", name=dataset_label(data.model.name))
                 if per == "council" else
                 tr("Briefings per municipality: {name}", name=dataset_label(data.model.name)))
        return template("briefing_index.html.j2").render({
            "lang": lang, "t": words, "title": title, "csp": Markup(csp),
            "css": Markup(css), "script": Markup(INDEX_SCRIPT),
            "columns": [(heading, fmt) for _, heading, fmt in columns], "rows": rows,
            "search_label": tr("Search by name"),
            "sort_hint": tr("Click a heading to sort by it."),
            "dataset": dataset_label(data.model.name),
            "date_text": date(data.as_of) if data.as_of else tr("today (status in the file)"),
            "since": date(data.since) if data.since else "",
            "data_hash": data.model.content_hash(),
            "count": tr("{n} pages", n=integer(len(rows))),
        })


# --------------------------------------------------------------------------- the set


@dataclass(frozen=True)
class Report:
    """What :func:`write_report` wrote: the folder, the index and one (id, path) per page."""

    folder: Path
    index: Path
    pages: tuple


def write_report(model: Model, folder, *, per: str = "municipality", lang: str = "en",
                 since=None, max_km: float | None = None, made_at=None,
                 progress: Callable[[int, int, str], None] | None = None,
                 **filters) -> Report:
    """Write one briefing page per municipality (or council) and ``index.html`` to ``folder``.

    The dataset's tables are computed once (:func:`graphmodel.briefing.briefing_data`) and
    sliced per page. File names come from ids (:func:`safe_file_name`), never from names,
    and always land inside ``folder``. ``progress(i, n, name)`` is called after each page.

    Raises
    ------
    SpecError
        ``per`` is not one of :data:`PER`.
    """
    if per not in PER:
        raise SpecError(f"unknown --per {per!r}: use {' or '.join(PER)}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    data = briefing_data(model, since=since, max_km=max_km, **filters)
    ids = data.council_ids() if per == "council" else data.municipality_ids()
    used = {"index.html"}  # folded names taken (graphmodel.files.fold)
    files = [(i, safe_file_name(i, used)) for i in ids]
    made = made_at if made_at is not None else _dt.datetime.now().astimezone()
    written = []
    names = data.names
    for k, (item_id, file_name) in enumerate(files, start=1):
        path = (root / file_name).resolve()
        if path.parent != root:  # pragma: no cover  (safe_file_name cannot do this)
            raise SpecError(f"the page of {item_id!r} would leave the folder")
        page = briefing_page(data, item_id, lang=lang, made_at=made, index_link="index.html")
        path.write_bytes(page.encode("utf-8", "replace"))
        written.append((item_id, path))
        if progress is not None:
            progress(k, len(files), names.get(item_id, item_id))
    index = root / "index.html"
    index.write_bytes(index_html(data, files, per=per, lang=lang, made_at=made)
                      .encode("utf-8", "replace"))
    return Report(folder=root, index=index, pages=tuple(written))
