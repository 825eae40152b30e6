"""The planner's office formats: Word briefings, PowerPoint slides and the map for QGIS.

Everything here writes, offline, a format a planner hands on, from the same figures, words
and pictures as the HTML pages and snapshots (DESIGN.md "Office formats"):

- :mod:`graphmodel.office.docx`: a briefing as a Word document (``.docx``):
  :func:`briefing_docx`, :func:`write_docx_report`;
- :mod:`graphmodel.office.pptx`: a view, map or comparison as a 16:9 slide (``.pptx``):
  :func:`snapshot_pptx`;
- :mod:`graphmodel.office.gpkg`: the map as a GeoPackage (EPSG:4326) for QGIS and GDAL:
  :func:`write_gpkg`.

Text from the data stays text in all of them (:func:`graphmodel.office.text.plain_text`).
"""

from .docx import briefing_docx, write_docx_report
from .gpkg import GPKG_LAYERS, write_gpkg
from .pptx import snapshot_pptx, write_snapshot
from .text import plain_text

__all__ = [
    "GPKG_LAYERS",
    "briefing_docx",
    "plain_text",
    "snapshot_pptx",
    "write_docx_report",
    "write_gpkg",
    "write_snapshot",
]
