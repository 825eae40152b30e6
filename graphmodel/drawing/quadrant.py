"""The strategy quadrant's layout: where stated positions sit, and labels that do not overlap.

Pure geometry for the Fragmentation page's quadrant (Altair) and the briefing's (SVG/PNG):
:func:`quadrant_box` (a strategy's rectangle under the two thresholds), :func:`stated_marks`
(each stated position as a ring in its quadrant, like the names on the Værnesregionen
slides 9 and 10, with the move from an earlier statement to the later one and a tie to
where the actor's agreements place it) and :func:`place_labels` (names beside points,
moved up or down, or to the left, until no two overlap).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["MARK_COLUMNS", "place_labels", "quadrant_box", "stated_marks"]

#: (high breadth, high alignment) of each strategy (DESIGN.md "Strategy profile")
_HIGH = {"self-sufficiency": (False, False), "specialisation": (False, True),
         "service-centre": (True, False), "regional partner": (True, True)}

MARK_COLUMNS = ["id", "name", "when", "strategy", "date", "x", "y", "px", "py"]


def quadrant_box(strategy: str, bt: float = 0.5,
                 at: float = 0.5) -> tuple[float, float, float, float] | None:
    """``(x0, y0, x1, y1)`` of ``strategy``'s quadrant in the unit square; None if unknown.

    >>> quadrant_box("specialisation", 0.4, 0.6)
    (0.0, 0.6, 0.4, 1.0)
    >>> quadrant_box("nonsense") is None
    True
    """
    if strategy not in _HIGH:
        return None
    hb, ha = _HIGH[strategy]
    x0, x1 = (bt, 1.0) if hb else (0.0, bt)
    y0, y1 = (at, 1.0) if ha else (0.0, at)
    return (float(x0), float(y0), float(x1), float(y1))


def _slots(n: int, box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """``n`` places spread over the inner part of ``box`` (rows of up to three)."""
    x0, y0, x1, y1 = box
    cols = min(n, 3)
    rows = math.ceil(n / 3)
    # keep clear of the corner names (top and bottom bands) and the threshold lines
    ix0, ix1 = x0 + (x1 - x0) * 0.12, x1 - (x1 - x0) * 0.12
    iy0, iy1 = y0 + (y1 - y0) * 0.18, y1 - (y1 - y0) * 0.18
    out = []
    for k in range(n):
        r, c = divmod(k, 3)
        in_row = min(cols, n - r * 3)
        x = ix0 + (ix1 - ix0) * (c + 1) / (in_row + 1)
        y = iy1 - (iy1 - iy0) * (r + 1) / (rows + 1) if rows > 1 else (iy0 + iy1) / 2
        out.append((x, y))
    return out


def stated_marks(positions: pd.DataFrame, placed: pd.DataFrame, bt: float = 0.5,
                 at: float = 0.5) -> pd.DataFrame:
    """A ring per stated position, placed in its quadrant, with where the actor practises.

    Parameters
    ----------
    positions : pandas.DataFrame
        :func:`graphmodel.stated_positions`: ``id, stated_strategy, stated_date,
        earlier_strategy, earlier_date``.
    placed : pandas.DataFrame
        The actors on the quadrant: ``id, name, x, y`` (their practised place).
    bt, at : float
        The breadth and alignment thresholds (the quadrants' borders).

    Returns
    -------
    pandas.DataFrame
        :data:`MARK_COLUMNS`: one row per ring, ``when`` ``"now"`` or ``"earlier"``,
        ``x``/``y`` the ring's place (every ring its own place: rings of one quadrant
        share it in rows of three, the later ones first, by name), ``px``/``py`` the
        actor's practised place. Only actors in ``placed`` with a known strategy.

    Examples
    --------
    >>> pos = pd.DataFrame({"id": ["a", "b"], "stated_strategy": ["specialisation"] * 2,
    ...                     "stated_date": pd.NaT, "earlier_strategy": ["service-centre", ""],
    ...                     "earlier_date": pd.NaT})
    >>> placed = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "x": [0.9, 0.8],
    ...                        "y": [1.0, 1.0]})
    >>> m = stated_marks(pos, placed)
    >>> m[["id", "when", "strategy", "x", "y"]].round(2).values.tolist()
    [['a', 'now', 'specialisation', 0.19, 0.75], ['b', 'now', 'specialisation', 0.31, 0.75], \
['a', 'earlier', 'service-centre', 0.75, 0.25]]
    """
    where = placed.drop_duplicates("id").set_index("id")
    rows = []
    for when, strat, date in (("now", "stated_strategy", "stated_date"),
                              ("earlier", "earlier_strategy", "earlier_date")):
        for r in positions.itertuples(index=False):
            s = getattr(r, strat)
            if r.id not in where.index or quadrant_box(s, bt, at) is None:
                continue
            p = where.loc[r.id]
            rows.append({"id": r.id, "name": p["name"], "when": when, "strategy": s,
                         "date": getattr(r, date), "px": float(p["x"]),
                         "py": float(p["y"])})
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in MARK_COLUMNS})
    marks = pd.DataFrame(rows)
    marks["order"] = (marks["when"] != "now").astype(int)
    marks = marks.sort_values(["strategy", "order", "name", "id"], kind="stable")
    xs, ys = np.zeros(len(marks)), np.zeros(len(marks))
    for strategy, idx in marks.groupby("strategy", sort=False).indices.items():
        for k, (x, y) in zip(idx, _slots(len(idx), quadrant_box(strategy, bt, at))):
            xs[k], ys[k] = x, y
    marks["x"], marks["y"] = xs, ys
    marks = marks.sort_values(["order", "strategy", "name", "id"], kind="stable")
    return marks[MARK_COLUMNS].reset_index(drop=True)


def place_labels(x, y, texts, *, width: float = 700.0, height: float = 460.0,
                 char: float = 6.0, line: float = 13.0, gap: float = 8.0,
                 obstacles=()) -> pd.DataFrame:
    """Beside each point, a place for its label where it overlaps no other label.

    Points are in the unit square (``y`` up), drawn ``width`` × ``height`` px. Each label
    is a box ``char`` px per character by ``line`` px; it is tried right of its point,
    then one, two, … lines above or below, then left of it, and the first place that
    overlaps no label placed before, no point and no box of ``obstacles`` (``(x0, y0,
    x1, y1)`` in px, y down) is kept (points from left to right, top to bottom).

    Returns
    -------
    pandas.DataFrame
        ``ly`` (the label's middle, unit square), ``align`` (``left`` or ``right``),
        ``dx`` (px from the point) and ``moved`` (True when not level with its point),
        one row per point, in the given order.

    Examples
    --------
    Three names along the 100 % row, 10 px apart: right of the first two stand the next
    points, so those two step down a line each; the last stays level with its point.

    >>> p = place_labels([0.5, 0.51, 0.52], [1.0, 1.0, 1.0], ["Frosta", "Meråker", "Selbu"],
    ...                  width=1000, height=100)
    >>> p["moved"].tolist(), p["ly"].round(2).tolist()
    ([True, True, False], [0.87, 0.74, 1.0])
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    texts = [str(t) for t in texts]
    n = len(texts)
    px, py = x * width, (1.0 - y) * height
    boxes = [tuple(b) for b in obstacles]
    dots = [(px[i] - 5, py[i] - 5, px[i] + 5, py[i] + 5) for i in range(n)]

    def free(b):
        return all(b[2] <= o[0] or b[0] >= o[2] or b[3] <= o[1] or b[1] >= o[3]
                   for o in boxes + dots)

    ly, align, dx, moved = np.array(y), ["left"] * n, np.full(n, gap), np.zeros(n, bool)
    for i in sorted(range(n), key=lambda k: (px[k], py[k])):
        w = char * len(texts[i]) + 2
        steps = [0]
        for k in range(1, 12):
            steps += [k, -k]
        chosen = None
        for side in ("left", "right"):
            for s in steps:
                cy = py[i] + s * line
                if cy < 0 or cy > height:  # half a line may stand out (the padding)
                    continue
                x0 = px[i] + gap if side == "left" else px[i] - gap - w
                if x0 < 0 or x0 + w > width + 40:
                    continue
                b = (x0, cy - line / 2, x0 + w, cy + line / 2)
                if free(b):
                    chosen = (side, cy, b)
                    break
            if chosen:
                break
        if chosen is None:  # nowhere free: right of the point, as before
            chosen = ("left", py[i], (px[i] + gap, py[i] - line / 2, px[i] + gap + w,
                                      py[i] + line / 2))
        side, cy, b = chosen
        boxes.append(b)
        ly[i] = 1.0 - cy / height
        align[i] = side
        dx[i] = gap if side == "left" else -gap
        moved[i] = abs(cy - py[i]) > 0.5
    return pd.DataFrame({"ly": ly, "align": align, "dx": dx, "moved": moved})
