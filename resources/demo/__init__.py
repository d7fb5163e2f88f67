"""The bundled demo data: Groningen, bicycle theft 2013-2017 (rebuild with ``python -m resources.demo.build``).

>>> AREAS.name, INCIDENTS.suffix, COUNTS.exists()
('groningen_buurten_2017.gpkg', '.csv', True)
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

#: CBS 2017 buurten (layer "buurten") and wijken (layer "wijken") of Groningen, Areas frames in EPSG:28992.
AREAS = HERE / "groningen_buurten_2017.gpkg"
AREAS_LAYER = "buurten"
WIJKEN_LAYER = "wijken"
#: 15,947 police registrations of bicycle theft, without street, house number and postcode.
INCIDENTS = HERE / "fietsdiefstal_groningen_2013_2017.csv"
#: Monthly registered bicycle theft per gemeente/wijk/buurt 2014-2016, typed layout of police table 47022NED.
COUNTS = HERE / "groningen_47022NED_2014_2016.csv"

ATTRIBUTION = ("Grenzen: CBS Wijk- en buurtkaart 2017 (CC BY 3.0 NL). "
               "Fietsdiefstallen: politie Groningen, via KennisnetwerkDataScience/Fietsendiefstallen.")

__all__ = ["AREAS", "AREAS_LAYER", "WIJKEN_LAYER", "INCIDENTS", "COUNTS", "ATTRIBUTION"]
