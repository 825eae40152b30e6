"""The vis-network page: a view's drawing as offline HTML (inlined vis-network, escaped JSON)."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SpecError
from ..i18n import current_language, tr

if TYPE_CHECKING:
    from .network import ViewGraph

__all__ = ["CSP", "NetworkFragment", "json_for_script", "network_fragment", "network_html",
           "vis_data"]

_CSS_LENGTH = re.compile(r"^\d{1,5}(\.\d{1,3})?(px|%|vh|vw|em|rem)$")

#: No request of any kind leaves the page; inline scripts and styles, data: images only.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; "
       "base-uri 'none'")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network 9.1.2 JS and CSS as shipped inside the pyvis package (read once)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # inlined code must not be able to end its own element early
    if re.search(r"</script|<!--", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise RuntimeError("the vis-network files in pyvis cannot be inlined safely")
    return js, css


def _own_asset(name: str) -> str:
    return (resources.files("graphmodel") / "assets" / name).read_text(encoding="utf-8")


def json_for_script(value) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so ``</script>``
    in a name cannot close the element), as do U+2028 and U+2029. NaN is refused.

    Examples
    --------
    >>> json_for_script({"name": "</script><b>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, rep)
    return text


@dataclass(frozen=True)
class NetworkFragment:
    """The pieces of an interactive network to place in a page of one's own.

    ``head`` goes inside ``<head>`` (styles), ``body`` where the network should
    appear (its container and scripts).
    """

    head: str
    body: str


def vis_data(vg: ViewGraph) -> dict:
    """The nodes and edges of ``vg`` as vis-network wants them (plain JSON-ready values)."""
    nodes = []
    for rec in vg.nodes.to_dict("records"):
        nodes.append({
            "id": str(rec["id"]), "label": str(rec["label"]), "title": str(rec["title"]),
            "x": float(rec["x"]), "y": float(rec["y"]), "size": float(rec["size"]),
            "shape": str(rec["shape"]), "color": str(rec["color"]),
            "focus": bool(rec.get("focus", False)), "layer": str(rec["layer"]),
        })
    edges = []
    for k, rec in enumerate(vg.edges.to_dict("records")):
        e = {"id": f"e{k}", "from": str(rec["source"]), "to": str(rec["target"]),
             "width": float(rec["width"]), "color": str(rec["color"]),
             "title": str(rec["title"])}
        if rec["relation"] == "part_of":
            e["dashes"] = [2, 4]
            e["arrows"] = "to"
        elif bool(rec["dashes"]):
            e["dashes"] = True
        edges.append(e)
    out = {"nodes": nodes, "edges": edges}
    frame = getattr(vg, "frame", None)
    if frame is not None:
        out["frame"] = [float(v) for v in frame]
    return out


def network_fragment(vg: ViewGraph, *, height: str = "640px", width: str = "100%",
                     element_id: str = "network") -> NetworkFragment:
    """The network of ``vg`` as pieces of HTML (vis-network inlined, no external URL).

    Used by :func:`network_html` and :func:`graphmodel.share.snapshot.snapshot_html`. All data
    travels as JSON inside a script element, escaped by :func:`json_for_script`;
    tooltips are built in the page as DOM elements holding text nodes
    (``assets/network.js``), so a name is never read as HTML or Markdown.
    """
    for name, value in (("height", height), ("width", width)):
        if not _CSS_LENGTH.match(str(value)):
            raise SpecError(f"{name} must be a CSS length such as 640px or 100%, not {value!r}")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,40}", element_id):
        raise SpecError(f"element_id must be a plain identifier, not {element_id!r}")
    js, css = _vis_assets()
    head = (f"<style>\n{css}\n</style>\n<style>\n{_own_asset('network.css')}\n"
            f"#{element_id} {{ height: {height}; width: {width}; }}\n</style>")
    data = json_for_script(vis_data(vg))
    label = html.escape(tr("Network drawing"))
    show_all = html.escape(tr("Show all"))
    hint = html.escape(tr("Drag to move · scroll to zoom · click a node to highlight its links"))
    body = (
        f'<div class="gm-network-wrap"><div id="{element_id}" class="gm-network" '
        f'role="img" aria-label="{label}"></div>\n'
        f'<div class="gm-toolbar"><button type="button" id="{element_id}-fit">'
        f'{show_all}</button><span class="gm-hint">{hint}</span></div></div>\n'
        f"<script>\n{js}\n</script>\n"
        f'<script>\nvar GM_DATA = {data};\nvar GM_ELEMENT = "{element_id}";\n'
        f"{_own_asset('network.js')}\n</script>"
    )
    return NetworkFragment(head=head, body=body)


def network_html(vg: ViewGraph, *, height: str = "640px", width: str = "100%",
                 title: str | None = None) -> str:
    """A complete, standalone HTML document showing the network of ``vg``.

    Built on a small template of our own around vis-network 9.1.2 (the copy
    shipped inside pyvis, inlined), rather than pyvis' template: that one links to
    CDNs (Bootstrap, vis, tom-select) and puts its heading and menus into the page
    as raw HTML. Here every data text travels as escaped JSON, tooltips are plain
    text, positions are fixed and physics is off, and a Content-Security-Policy
    forbids any network request. Write the result with ``encoding="utf-8"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from graphmodel.drawing import view_graph
    >>> from graphmodel.data import Model
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["Ås", "</script>"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["s", "s"]}),
    ... )
    >>> page = network_html(view_graph(m))
    >>> page.startswith("<!DOCTYPE html>"), "Ås" in page, "</script>\\"" in page
    (True, True, False)
    """
    frag = network_fragment(vg, height=height, width=width)
    if title is None:
        title = tr("Network")
    return (
        f"<!DOCTYPE html>\n<html lang=\"{current_language()}\">\n<head>\n"
        "<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n{frag.head}\n"
        "<style>body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
        "'Helvetica Neue',Arial,sans-serif;}</style>\n"
        f"</head>\n<body>\n{frag.body}\n</body>\n</html>\n"
    )

