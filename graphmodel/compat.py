"""The module paths of graphmodel 0.2 (``graphmodel.select``…), kept for one release.

graphmodel 0.3 moved its flat modules into subpackages by concept (``graphmodel.data.select``,
``graphmodel.drawing.map``…; see docs/ARCHITECTURE.md). Importing an old path still works and
warns (:class:`DeprecationWarning`); the old paths go in 0.4. Prefer the package doors
(``from graphmodel.data import Selection``) or the top-level names (``gm.select``).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings

__all__ = ["OLD_PATHS", "install"]

OLD_PATHS = {
    "briefing_pictures": "briefing.pictures",
    "build": "data.graph",
    "checks": "data.checks",
    "compare": "change.compare",
    "comparison_view": "drawing.comparison",
    "edit_checks": "change.edit_checks",
    "edits": "change.edits",
    "export": "data.export",
    "figures": "share.key_figures",
    "fragmentation": "analysis.fragmentation",
    "geo": "drawing.geo",
    "graphio": "data.graph_files",
    "image": "drawing.network_image",
    "image_change": "drawing.comparison_image",
    "image_parts": "drawing.image",
    "incidence": "analysis.incidence",
    "load": "data.load",
    "mapimage": "drawing.map_image",
    "mapsvg": "drawing.map_svg",
    "mapview": "drawing.map",
    "metrics": "analysis.metrics",
    "model": "data.model",
    "narrative": "briefing.narrative",
    "network_svg": "drawing.network_svg",
    "overlap": "analysis.overlap",
    "page": "share.page",
    "positions": "drawing.positions",
    "read": "data.read",
    "report": "briefing.pages",
    "scenario": "change.scenario",
    "schema": "data.schema",
    "select": "data.select",
    "snapshot": "share.snapshot",
    "snapshot_change": "share.comparison_snapshot",
    "snapshot_map": "share.map_snapshot",
    "sources": "data.sources",
    "structure": "analysis.structure",
    "style": "drawing.style",
    "suggest": "analysis.suggest",
    "summary": "data.summary",
    "synth": "data.synth",
    "timeline": "analysis.timeline",
    "view": "share.view",
    "visnetwork": "drawing.network_html",
    "workspace_rules": "workspace.rules",
    "workspace_session": "workspace.session",
    "workspace_text": "workspace.text",
}


class _OldPaths(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``graphmodel.<old>`` and loads a thin module that hands on the new one's names."""

    def __init__(self, package: str):
        self.package = package

    def find_spec(self, fullname, path=None, target=None):
        prefix = self.package + "."
        if not fullname.startswith(prefix) or fullname[len(prefix):] not in OLD_PATHS:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):
        return None  # the default: a plain, empty module

    def exec_module(self, module: types.ModuleType) -> None:
        old = module.__name__[len(self.package) + 1:]
        new = f"{self.package}.{OLD_PATHS[old]}"
        warnings.warn(f"{module.__name__} moved to {new} in graphmodel 0.3; the old path goes "
                      "in 0.4", DeprecationWarning, stacklevel=2)
        target = importlib.import_module(new)
        module.__getattr__ = lambda name: getattr(target, name)
        module.__dir__ = lambda: dir(target)
        module.__all__ = list(getattr(target, "__all__", ()))
        module.__doc__ = f"Deprecated alias of :mod:`{new}`."


def install(package: str) -> None:
    """Let ``import graphmodel.<old>`` find its new home (once per process)."""
    if not any(isinstance(f, _OldPaths) for f in sys.meta_path):
        sys.meta_path.append(_OldPaths(package))
