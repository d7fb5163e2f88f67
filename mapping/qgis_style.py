"""QGIS layer styles (QML) for the exported GeoPackage, so that it opens in QGIS already coloured.

A QML file is QGIS's XML layer definition; a categorized renderer
(``renderer-v2 type="categorizedSymbol"``) maps each value of an attribute to
a fill symbol. The same XML goes into the GeoPackage's ``layer_styles`` table
(the table QGIS itself writes with "Save as default"; columns as in QGIS'
``QgsOgrProviderUtils`` / GDAL's GPKG driver), so QGIS applies it when the layer
is added. Labels and values are XML-escaped.
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

import pandas as pd

QGIS_VERSION = "3.28.0-Firenze"


def _rgba(hex_colour: str, alpha: int = 255) -> str:
    h = hex_colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha}"


def _symbol(index: int, colour: str, outline: str = "#646464") -> str:
    opts = {"color": _rgba(colour), "outline_color": _rgba(outline), "outline_style": "solid",
            "outline_width": "0.26", "outline_width_unit": "MM", "style": "solid", "joinstyle": "bevel"}
    options = "".join(f'<Option type="QString" name={quoteattr(k)} value={quoteattr(v)}/>' for k, v in opts.items())
    # QGIS >= 3.16 reads the <Option> map; older 3.x versions read the <prop k v> list
    props = "".join(f"<prop k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in opts.items())
    return (f'<symbol type="fill" name="{index}" alpha="1" clip_to_extent="1" force_rhr="0">'
            f'<layer class="SimpleFill" enabled="1" locked="0" pass="0"><Option type="Map">{options}</Option>'
            f"{props}</layer></symbol>")


def categorized_qml(attribute: str, categories: list[tuple[object, str, str]]) -> str:
    """QML with a categorized renderer: ``categories`` is a list of ``(value, label, hex colour)``."""
    cats = "".join(f'<category value={quoteattr(str(v))} label={quoteattr(str(lab))} symbol="{i}" render="true"/>'
                   for i, (v, lab, _) in enumerate(categories))
    syms = "".join(_symbol(i, col) for i, (_, _, col) in enumerate(categories))
    return (f'<qgis version="{QGIS_VERSION}" styleCategories="Symbology|Labeling">'
            f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(attribute)} forceraster="0" '
            f'symbollevels="0" enableorderby="0" referencescale="-1">'
            f"<categories>{cats}</categories><symbols>{syms}</symbols></renderer-v2>"
            f"<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode><layerOpacity>1</layerOpacity>"
            f"</qgis>\n")


def layer_styles_frame(table: str, geometry_column: str, qml: str, name: str, description: str) -> pd.DataFrame:
    """One row of the ``layer_styles`` table, marked as the default style of ``table``."""
    return pd.DataFrame([{
        "f_table_catalog": "", "f_table_schema": "", "f_table_name": table,
        "f_geometry_column": geometry_column, "styleName": name, "styleQML": qml, "styleSLD": "",
        "useAsDefault": True, "description": description, "owner": "", "ui": "",
        "update_time": pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")}])
