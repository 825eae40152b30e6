"""The short narrative of a briefing page: plain sentences from templates, numbers from its tables.

No text is generated beyond the catalogue's templates (:func:`graphmodel.i18n.tr` and
:func:`~graphmodel.i18n.ntr` with named fields). Every number is written by
:func:`graphmodel.briefing.format_figure` (or the i18n formatters the page's tables use
for the same value), so each number a politician reads in the text stands in a table on
the same page (``tests/test_narrative.py`` checks this in nb, sv and en). The sentences
are plain text: the page escapes them.
"""

from __future__ import annotations

import math

from ..data.select import DEFAULT_FILTERS
from ..i18n import date, integer, ntr, sector_label, tr
from .data import ActorBriefing, BriefingData, CouncilBriefing, format_figure, strategy_label

__all__ = ["actor_narrative", "council_narrative", "narrative"]


def narrative(data: BriefingData, briefing) -> list[str]:
    """The narrative of a page (an :class:`ActorBriefing` or a :class:`CouncilBriefing`),
    one sentence per item, in the language in use.

    Examples
    --------
    >>> from graphmodel.briefing import briefing_data, actor_briefing
    >>> from graphmodel.i18n import use_language
    >>> d = briefing_data(example)
    >>> with use_language("en"):
    ...     narrative(d, actor_briefing(d, "c"))[:2]
    ['Cel takes part in 2 service agreements with 3 other municipalities.', '1 of them lies wholly within Region East (50%).']
    """
    if isinstance(briefing, CouncilBriefing):
        return council_narrative(data, briefing)
    return actor_narrative(data, briefing)


def _fig(briefing, key: str):
    for f in briefing.figures:
        if f.key == key:
            return f
    raise KeyError(key)


def _value(briefing, key: str) -> str:
    f = _fig(briefing, key)
    return format_figure(f.value, f.fmt)


def _median(briefing, key: str) -> str:
    f = _fig(briefing, key)
    return format_figure(f.median, f.fmt)


def _agreements(data: BriefingData, n: int) -> str:
    if data.filters.get("kinds") == DEFAULT_FILTERS["kinds"]:
        return ntr("{n} service agreement", "{n} service agreements", n)
    return ntr("{n} agreement", "{n} agreements", n)


def _partners(data: BriefingData, n: int) -> str:
    if data.filters.get("actor_kinds") == DEFAULT_FILTERS["actor_kinds"]:
        return ntr("{n} other municipality", "{n} other municipalities", n)
    return ntr("{n} partner", "{n} partners", n)


def _listed(items, limit: int = 4) -> str:
    items = [str(i) for i in items]
    if len(items) <= limit:
        if len(items) < 2:
            return "".join(items)
        return tr("{first} and {last}", first=", ".join(items[:-1]), last=items[-1])
    # no count here: the number of items stands in the tables, the rest are listed there
    return tr("{first} and others", first=", ".join(items[:limit]))


def actor_narrative(data: BriefingData, b: ActorBriefing) -> list[str]:
    """The sentences of a municipality's page (see :func:`narrative`)."""
    n = int(b.row.get("n_collaborations") or 0)
    out = []
    if n == 0:
        out.append(tr("{name} takes part in no agreement counted here.", name=b.name))
    else:
        out.append(tr("{name} takes part in {agreements} with {partners}.", name=b.name,
                      agreements=_agreements(data, n),
                      partners=_partners(data, int(b.row.get("n_partners") or 0))))
    if b.home_council and n:
        out.append(ntr("{n} of them lies wholly within {council} ({share}).",
                       "{n} of them lie wholly within {council} ({share}).", b.n_within,
                       council=b.home_council_name, share=_value(b, "home_alignment")))
    elif not b.home_council:
        out.append(tr("It belongs to no regional council in the data."))
    out.extend(_functional_region(data, b, n))
    if b.n_councils >= 2:
        councils = [name for cid, name in zip(b.groups["id"], b.groups["name"])
                    if cid in data.council_sets and b.id in data.council_sets[cid]]
        out.append(ntr("It sits in {n} regional council: {names}.",
                       "It sits in {n} regional councils: {names}.", b.n_councils,
                       names=_listed(councils)))
    if n >= 2:
        text = ntr("Its agreements have {n} different set of partners, a fragmentation of "
                   "{value}", "Its agreements have {n} different sets of partners, a "
                   "fragmentation of {value}", int(b.row.get("n_configurations") or 0),
                   value=_value(b, "fragmentation"))
        if b.home_council:
            text += " " + tr("(median in {council}: {median}).", council=b.home_council_name,
                             median=_median(b, "fragmentation"))
        else:
            text += "."
        out.append(text)
        out.extend(_closest(b))
    out.extend(_hosting(b))
    out.extend(_strategy(b))
    out.extend(_gaps(b))
    out.extend(_changes(data, b.changes))
    return out


def _closest(b: ActorBriefing, top: int = 3) -> list[str]:
    """Plain words for how its cooperation is spread: the partners it shares the most
    agreements with (the effective number of partners stays in the key figures)."""
    if b.agreements.empty:
        return []
    counts: dict[str, int] = {}
    for partners in b.agreements["partners"]:
        for name in partners:
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return []
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]).casefold()))
    cut = ranked[min(top, len(ranked)) - 1][1]  # those tied with the last one go along
    ranked = [kv for kv in ranked if kv[1] >= cut][:top + 2]
    # names only: every number of the text stands in the page's tables
    return [tr("It shares the most agreements with {partners}.",
               partners=_listed([name for name, _ in ranked]))]


def _functional_region(data: BriefingData, b: ActorBriefing, n: int) -> list[str]:
    """One sentence on the actor's functional region (BA-region): how much lies inside it."""
    if not n:
        return []
    region = str(b.row.get("ba_region") or "")
    if not region:
        return [tr("Its commuting region (BA-region) is not known: graphmodel ships Norway's "
                   "BA-regions only; a ba_region column in the data adds others.")]
    inside = int(_fig(b, "inside_ba").value or 0)
    if not inside:
        return [tr("None of its {total} lies wholly inside the {region} BA-region, its "
                   "commuting region.", total=_agreements(data, n), region=region)]
    return [ntr("{n} of its {total} lies wholly inside the {region} BA-region, its "
                "commuting region.",
                "{n} of its {total} lie wholly inside the {region} BA-region, its "
                "commuting region.", inside, total=_agreements(data, n), region=region)]


def _council_regions(b: CouncilBriefing) -> list[str]:
    """Sentences on a council's fit with the functional regions and the county lines."""
    row = b.row
    out = []
    fit = row.get("ba_fit")
    if fit is None or (isinstance(fit, float) and math.isnan(fit)):
        out.append(tr("The commuting regions (BA-regions) of its members are not known: "
                      "graphmodel ships Norway's BA-regions only."))
    else:
        out.append(ntr("{share} of its members lie in one commuting region, the {region} "
                       "BA-region; its members span {n} BA-region.",
                       "{share} of its members lie in one commuting region, the {region} "
                       "BA-region; its members span {n} BA-regions.",
                       int(row.get("n_ba_regions") or 0), share=_value(b, "ba_fit"),
                       region=b.main_ba_region))
    if bool(row.get("crosses_county")):
        out.append(tr("Its members lie in more than one county: it crosses county lines."))
    return out


def _hosting(b: ActorBriefing) -> list[str]:
    hosted = int(b.row.get("hosted") or 0)
    if hosted:
        return [ntr("{name} is host of {n} agreement, for {members}.",
                    "{name} is host of {n} agreements, for {members}.", hosted, name=b.name,
                    members=ntr("{n} other member", "{n} other members",
                                int(b.row.get("hosted_members") or 0)))]
    hosts = b.agreements["host_name"][b.agreements["host_name"] != ""] if len(
        b.agreements) else []
    if len(hosts):
        counts = hosts.value_counts()
        top = min(counts[counts == counts.max()].index)
        return [tr("It hosts none of its agreements; most are hosted by {host}.", host=top)]
    return []


def _strategy(b: ActorBriefing) -> list[str]:
    if not b.strategy:
        return []
    text = tr("In practice its profile is {strategy} (breadth {breadth}, {alignment} within "
              "its home council).", strategy=strategy_label(b.strategy),
              breadth=_value(b, "breadth"), alignment=_value(b, "home_alignment"))
    if b.stated_strategy and b.stated_strategy == b.strategy:
        text += " " + tr("That is also the strategy it states.")
    elif b.stated_strategy:
        text += " " + tr("The strategy it states is {stated}.",
                         stated=strategy_label(b.stated_strategy))
    if b.earlier_strategy and b.earlier_strategy != b.stated_strategy:
        was, now = b.stated_year("earlier_date"), b.stated_year()
        if was and now:
            text += " " + tr("In {before} it stated {earlier}; by {after}, {stated}.",
                             before=was, after=now,
                             earlier=strategy_label(b.earlier_strategy),
                             stated=strategy_label(b.stated_strategy))
        else:
            text += " " + tr("Before that it stated {earlier}.",
                             earlier=strategy_label(b.earlier_strategy))
    return [text]


def _gaps(b: ActorBriefing) -> list[str]:
    if not b.n_gaps:
        return [tr("In every sector its neighbours cover, it has an agreement too.")]
    sectors = [sector_label(s) for s in b.gaps["sector"]]
    out = [ntr("In {n} sector a neighbour nearby has an agreement it could join: {sectors}.",
               "In {n} sectors a neighbour nearby has an agreement it could join: {sectors}.",
               b.n_gaps, sectors=_listed(sectors, 5))]
    first = b.gaps.iloc[0]
    if first["candidates"]:
        km = first["distance_km"][0]
        where = (tr("{km} km away", km=integer(km)) if not math.isnan(km)
                 else tr("distance unknown"))
        out.append(tr("For {sector}, the first option is {agreement}, where {partner} "
                      "({where}) takes part.", sector=sector_label(first["sector"]),
                      agreement=first["collaboration_name"] or first["collaboration"],
                      partner=first["candidates"][0], where=where))
    return out


def _changes(data: BriefingData, changes) -> list[str]:
    if data.since is None:
        return []
    when = date(data.since)
    if not len(changes):
        return [tr("Nothing changed in its agreements since {date}.", date=when)]
    counts = changes["change"].value_counts()
    parts = []
    for kind, words in (
        ("formed", lambda k: ntr("{n} agreement formed", "{n} agreements formed", k)),
        ("ended", lambda k: ntr("{n} agreement ended", "{n} agreements ended", k)),
        ("joined", lambda k: ntr("{n} membership begun", "{n} memberships begun", k)),
        ("left", lambda k: ntr("{n} membership ended", "{n} memberships ended", k)),
    ):
        k = int(counts.get(kind, 0))
        if k:
            parts.append(words(k))
    return [tr("Since {date}: {changes}.", date=when, changes=", ".join(parts))]


def council_narrative(data: BriefingData, b: CouncilBriefing) -> list[str]:
    """The sentences of a council's page (see :func:`narrative`)."""
    row = b.row
    out = [tr("{name} has {members}.", name=b.name,
              members=ntr("{n} member", "{n} members", int(row.get("n_members") or 0)))]
    n = int(row.get("n_collaborations") or 0)
    if n:
        out.append(tr("{agreements} have at least one member here: {aligned} include every "
                      "member, {within} lie inside the council and {spanning} reach across "
                      "its border.", agreements=_agreements(data, n),
                      aligned=_value(b, "aligned"), within=_value(b, "within"),
                      spanning=_value(b, "spanning")))
        out.append(tr("Fragmentation of the region is {value} (median of all councils: "
                      "{median}).", value=_value(b, "region_fragmentation"),
                      median=_median(b, "region_fragmentation")))
    if b.dual:
        out.append(ntr("{n} member also sits in another regional council: {names}.",
                       "{n} members also sit in another regional council: {names}.",
                       int(_fig(b, "dual_members").value or 0), names=_listed(b.dual)))
    out.extend(_council_regions(b))
    if b.motor:
        out.append(ntr("{host} hosts the most of these agreements ({n}).",
                       "{host} hosts the most of these agreements ({n}).", b.motor_hosted,
                       host=b.motor_name))
        out.append(tr("That is {share} of them: the host concentration.",
                      share=_value(b, "host_concentration")))
    out.extend(_changes(data, b.changes))
    return out
