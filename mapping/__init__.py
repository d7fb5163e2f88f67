"""Maps and exports: offline Leaflet maps, static PNG/PDF maps, GeoPackage/CSV/XLSX with privacy rules.

No Qt here: the desktop shows what this package writes.
"""
