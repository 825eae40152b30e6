"""The map coloured by BA-region (commuting region), with the council territories over it."""

from analysis.test_regions import mid, trondelag_more

from graphmodel.drawing.map import map_view
from graphmodel.i18n import use_language


def test_map_by_ba_region():
    with use_language("en"):
        mv = map_view(trondelag_more(), color_by="ba_region")
    legend = [label for label, _, _ in mv.legend if _ != "line"]
    regions = ["Kristiansund", "Levanger", "Meråker", "Molde", "Oppdal", "Sunndal", "Surnadal",
               "Trondheim", "Tydal", "Ålesund"]
    assert [x for x in legend if x in regions + ["BA-region not known"]] == regions
    shapes = mv.shapes.set_index("id")
    # Selbu and Stjørdal share the Trondheim BA-region's fill; Tydal has another
    assert shapes.loc[mid("Selbu"), "color"] == shapes.loc[mid("Stjørdal"), "color"]
    assert shapes.loc[mid("Selbu"), "color"] != shapes.loc[mid("Tydal"), "color"]
    # Rindal (Trøndelag) and Surnadal (Møre og Romsdal): one commuting region
    assert shapes.loc[mid("Rindal"), "color"] == shapes.loc[mid("Surnadal"), "color"]
    assert len(mv.councils) == 3  # the council territories are drawn over the regions
    assert mv.legend_title == "BA-region (TØI 1713/2019)"
