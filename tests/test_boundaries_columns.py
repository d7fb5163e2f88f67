"""The user's choice of code and name columns for a boundary file (the import wizard's boxes)."""
from __future__ import annotations

import pytest

import importers
from kernel.errors import ImportFileError

NATIONAL = "nl/nl_wijken_2024_simplified_geoinzicht.geojson"


def test_chosen_name_column_and_the_source_crs(shared_data):
    areas, report = importers.read_boundaries(shared_data / NATIONAL, name="gemeentenaam")
    assert areas.loc[areas["code"] == "WK001400", "name"].iloc[0] == "Groningen"
    assert report.column_mapping["name"] == "gemeentenaam"
    assert report.extra["source_crs"] == "EPSG:4326" and areas.crs.to_epsg() == 28992


def test_a_chosen_column_that_is_not_there_is_named(shared_data):
    # main's wording (importers.areacodes.choose_code_column), which also lists the file's columns
    with pytest.raises(ImportFileError, match="De opgegeven codekolom 'wijk' bestaat niet in dit bestand") as err:
        importers.read_boundaries(shared_data / NATIONAL, code="wijk")
    assert err.value.column == "wijk" and "wijkcode" in str(err.value)
