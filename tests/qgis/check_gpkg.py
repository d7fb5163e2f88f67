"""Run by Debian's python3 (which has QGIS 3.22's python3-qgis): open a resultaten.gpkg as QGIS would.

Usage: python3 check_gpkg.py GPKG PNG. Prints one JSON line: validity, features, fields, the renderer
of the default style (from layer_styles) and its categories; renders the layer to PNG.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsProject,  # noqa: E402
                       QgsVectorLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

gpkg, png = sys.argv[1], sys.argv[2]
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(f"{gpkg}|layername=gebieden", "gebieden", "ogr")
out = {"valid": layer.isValid(), "features": layer.featureCount(), "fields": [f.name() for f in layer.fields()],
       "crs": layer.crs().authid()}
renderer = layer.renderer()
out["renderer"] = renderer.type() if renderer else None
if renderer is not None and renderer.type() == "categorizedSymbol":
    out["attribute"] = renderer.classAttribute()
    out["categories"] = [(c.value(), c.label(), c.symbol().color().name()) for c in renderer.categories()]
QgsProject.instance().addMapLayer(layer)
settings = QgsMapSettings()
settings.setLayers([layer])
settings.setExtent(layer.extent())
settings.setOutputSize(QSize(900, 700))
settings.setBackgroundColor(QColor("white"))
settings.setDestinationCrs(layer.crs())
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
out["rendered"] = job.renderedImage().save(png, "png")
print(json.dumps(out))
app.exitQgis()
