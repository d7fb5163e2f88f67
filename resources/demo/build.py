"""Rebuild the demo data in this folder from the real public data in ``../shared/data/groningen``.

Run from the repository root::

    python -m resources.demo.build [--source ../shared/data/groningen]

What it writes (a few MB in all):

- ``groningen_buurten_2017.gpkg``: the CBS 2017 buurten (layer ``buurten``) and wijken (layer ``wijken``) of
  Groningen as Areas frames (EPSG:28992), read through :func:`importers.read_boundaries`.
- ``fietsdiefstal_groningen_2013_2017.csv``: the police bicycle-theft registrations as Incidents, with only the
  columns listed in :data:`KEEP` (a whitelist, so street, house number and postcode never get in).
- ``groningen_47022NED_2014_2016.csv``: the monthly counts in the typed layout of police table 47022NED, copied
  byte for byte so that the importer meets the real quirks (padded codes, ``2014MM01`` periods).
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "groningen"

#: Source column -> demo column. Everything else (street, house number, postcode, place) stays out.
KEEP = {
    "Incident Identificatie": "id",
    "X": "x",
    "Y": "y",
    "Begin-pleegdatum/tijd": "start",
    "Eind-pleegdatum/tijd": "end",
    "Incidentsoort": "category",
    "Bronregistratie": "registratie",
    "Pleegwijk": "pleegwijk",
    "Pleegbuurt": "pleegbuurt",
}


def build(source: Path = DEFAULT_SOURCE, target: Path = HERE) -> dict[str, Path]:
    import pandas as pd

    sys.path.insert(0, str(ROOT))
    from importers.boundaries import read_boundaries
    from kernel.schema import AREA_COLUMNS

    target.mkdir(parents=True, exist_ok=True)
    gpkg = target / "groningen_buurten_2017.gpkg"
    if gpkg.exists():
        gpkg.unlink()
    buurten, _ = read_boundaries(source / "buurt2017.zip", gemeente="GM0014")
    wijken, _ = read_boundaries(source / "wijk2017.zip", gemeente="GM0014")
    buurten[AREA_COLUMNS].to_file(gpkg, layer="buurten", driver="GPKG", engine="pyogrio")
    wijken[AREA_COLUMNS].to_file(gpkg, layer="wijken", driver="GPKG", engine="pyogrio")

    raw = pd.read_excel(source / "Diefstal_fiets_Groningen_stad_vanaf_2013.xlsx", usecols=list(KEEP),
                        engine="calamine")
    inc = raw[list(KEEP)].rename(columns=KEEP)
    for col in ("start", "end"):
        inc[col] = pd.to_datetime(inc[col]).dt.strftime("%Y-%m-%d %H:%M")
    incidents = target / "fietsdiefstal_groningen_2013_2017.csv"
    inc.to_csv(incidents, index=False, encoding="utf-8", lineterminator="\n")

    counts = target / "groningen_47022NED_2014_2016.csv"
    shutil.copyfile(source / "groningen_47022NED_typed_2014_2016.csv", counts)
    return {"areas": gpkg, "incidents": incidents, "counts": counts}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Bouw de demodata opnieuw uit ../shared/data/groningen.")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    for kind, path in build(args.source).items():
        print(f"{kind}: {path} ({path.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
