"""One council up close: the agreements its members take part in, with host and member
counts (the list a council's own presentation gives, e.g. Værnesregionen's slide 5)."""

from __future__ import annotations

from typing import Unpack

import numpy as np
import pandas as pd

from ..data.model import Model
from ..data.select import Filters, check_filters, council_members, select
from ..errors import UnknownIdError

__all__ = ["COUNCIL_AGREEMENT_COLUMNS", "council_agreements"]

COUNCIL_AGREEMENT_COLUMNS = ["id", "name", "sector", "host", "host_name", "n_members",
                             "n_inside", "fit", "part_of"]


def _ancestors(collaborations: pd.DataFrame) -> dict[str, set[str]]:
    """collaboration id -> every id above it through ``parent`` (cycles cut)."""
    parent = dict(zip(collaborations["id"], collaborations["parent"].fillna("")))
    out = {}
    for cid in parent:
        seen, node = set(), parent.get(cid, "")
        while node and node not in seen:
            seen.add(node)
            node = parent.get(node, "")
        out[cid] = seen
    return out


def council_agreements(model: Model, council: str,
                       **filters: Unpack[Filters]) -> pd.DataFrame:
    """The filtered agreements with at least one member of ``council``, host and counts.

    The same agreements as ``n_collaborations`` of
    :func:`graphmodel.analysis.fragmentation.council_metrics`, one row each: members are
    the council's counted members on the filters' date
    (:func:`graphmodel.data.select.council_members`, observers never count; the status
    filter applies to the agreements, not to the council) among the actors the filters
    keep.

    Parameters
    ----------
    model : Model
    council : str
        A collaboration id (usually of kind ``council``).
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select` (default: active services,
        municipalities).

    Returns
    -------
    pandas.DataFrame
        ``id, name, sector, host`` (id, empty when none), ``host_name``, ``n_members``
        (counted members of the agreement), ``n_inside`` (of them in the council),
        ``fit`` (``aligned``: the same members as the council; ``within``: some of them;
        ``spanning``: reaching outside it), ``part_of`` (True when the council is above it
        through ``parent``). Sorted with the council's own first, then by ``n_inside``
        (most first) and name.

    Raises
    ------
    UnknownIdError
        ``council`` is not a collaboration in the data.

    Examples
    --------
    >>> t = council_agreements(example, "R")
    >>> t[["id", "host_name", "n_members", "n_inside", "fit", "part_of"]].values.tolist()
    [['s2', 'Bes', 3, 3, 'aligned', True], ['s1', 'Aby', 2, 2, 'within', True], ['s3', 'Dal', 2, 1, 'spanning', False]]
    """
    if council not in set(model.collaborations["id"]):
        raise UnknownIdError(f"no collaboration with id {council!r} in the data (ids are "
                             "case-sensitive)")
    filters = check_filters(filters)
    sel = select(model, **filters)
    # the council's members on the date, whatever the status asked of the agreements
    inside = council_members(model, [council], as_of=filters.get("as_of"), status=None)
    kept = sel.actors["id"].isin(inside).to_numpy()
    B = sel.B.tocsc()
    size = np.asarray(B.sum(axis=0), dtype=np.int64).ravel()
    n_in = np.asarray(B[np.flatnonzero(kept)].sum(axis=0), dtype=np.int64).ravel()
    n_council = int(kept.sum())
    touch = np.flatnonzero(n_in > 0)
    c = sel.collaborations.iloc[touch]
    names = model.names()
    above = _ancestors(model.collaborations)
    host = c["host"].fillna("").astype(str).to_numpy(dtype=object)
    fit = np.where(n_in[touch] < size[touch], "spanning",
                   np.where(n_in[touch] == n_council, "aligned", "within"))
    out = pd.DataFrame({
        "id": c["id"].to_numpy(dtype=object),
        "name": c["name"].astype(str).to_numpy(dtype=object),
        "sector": c["sector"].fillna("").to_numpy(dtype=object),
        "host": host,
        "host_name": np.array([str(names.get(h, h)) if h else "" for h in host], dtype=object),
        "n_members": size[touch].astype(np.int64),
        "n_inside": n_in[touch].astype(np.int64),
        "fit": fit.astype(object),
        "part_of": np.array([council in above.get(i, ()) for i in c["id"]], dtype=bool),
    }, columns=COUNCIL_AGREEMENT_COLUMNS)
    out = out.assign(_key=out["name"].str.casefold()).sort_values(
        ["part_of", "n_inside", "_key", "id"], ascending=[False, False, True, True],
        kind="stable")
    return out.drop(columns="_key").reset_index(drop=True)
