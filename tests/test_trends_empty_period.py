"""``wijkbeeld trends`` on a period without data: one Dutch line that names the period chosen and the months the
data cover, exit 2, for incidents and police counts alike (incidents used to give exit 0 with every month
unknown; counts refused with ISO months). The window's Ontwikkeling goes through the same check
(hotspots.change.trends.check_period via desktop.change_tasks.development)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from kernel.errors import AnalysisError

MONTHS = pd.period_range("2015-03", "2016-10", freq="M")  # the data: maart 2015 t/m oktober 2016
CODES = ["BU00140001", "BU00140002"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    import geopandas as gpd
    from shapely.geometry import box

    d = tmp_path_factory.mktemp("empty_period")
    gpd.GeoDataFrame({"code": CODES, "name": ["Noord", "Zuid"]},
                     geometry=[box(233000, 582000, 233500, 582500), box(233500, 582000, 234000, 582500)],
                     crs="EPSG:28992").to_file(d / "buurten.gpkg")
    rows = [(233100 + 300 * (i % 2) + i % 50, 582100 + i % 70, f"{1 + i % 28:02d}-{m.month:02d}-{m.year} 21:15")
            for m in MONTHS for i in range(6)]
    pd.DataFrame(rows, columns=["x", "y", "datum"]).to_csv(d / "meldingen.csv", sep=";", index=False)
    counts = [(code, f"{m.year}MM{m.month:02d}", 3 + (i + m.month) % 5) for i, code in enumerate(CODES + ["GM0014"])
              for m in MONTHS]  # with the gemeente's own row, as the police's tables have
    pd.DataFrame(counts, columns=["WijkenEnBuurten", "Perioden", "GeregistreerdeMisdrijven_1"]) \
        .assign(SoortMisdrijf="0.0.0 Totaal misdrijven").to_csv(d / "tellingen.csv", sep=";", index=False)
    return {"areas": str(d / "buurten.gpkg"), "incidents": str(d / "meldingen.csv"),
            "counts": str(d / "tellingen.csv")}


SOURCES = {"incidents": ("--incidents", "incidenten"), "counts": ("--counts", "tellingen")}
EMPTY = [(["--from", "2020-01", "--to", "2020-06"], "januari t/m juni 2020"),
         (["--from", "2012-11", "--to", "2013-02"], "november 2012 t/m februari 2013"),
         (["--from", "2017-01"], "vanaf januari 2017"),
         (["--to", "2015-02"], "t/m februari 2015")]


@pytest.mark.parametrize("with_areas", [True, False])
@pytest.mark.parametrize("json_out", [False, True])
@pytest.mark.parametrize("period, chosen", EMPTY)
@pytest.mark.parametrize("source", list(SOURCES))
def test_an_empty_period_is_refused_alike(cli, files, source, period, chosen, json_out, with_areas):
    flag, what = SOURCES[source]
    argv = ["trends", flag, files[source], *period] + (["--areas", files["areas"]] if with_areas else []) \
        + (["--json"] if json_out else [])
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and "Traceback" not in err, (code, out, err)
    line = [x for x in err.splitlines() if not x.startswith("Let op")]
    assert line == [f"wijkbeeld: Geen {what} in de gekozen periode ({chosen}); de {what} beslaan maart 2015 t/m "
                    "oktober 2016."], err


@pytest.mark.parametrize("source", list(SOURCES))
def test_a_period_that_ends_before_it_begins(cli, files, source):
    flag, _ = SOURCES[source]
    code, out, err = cli("trends", "--areas", files["areas"], flag, files[source], "--from", "2016-06", "--to",
                         "2016-01")
    assert code == 2 and "De gekozen periode loopt van juni 2016 tot januari 2016: het begin ligt na het eind" in err


@pytest.mark.parametrize("source", list(SOURCES))
def test_a_period_partly_in_the_data_still_runs(cli, files, source):
    """Half in the data: the months after the data are unknown (incidents) or missing (counts), no refusal."""
    flag, _ = SOURCES[source]
    code, out, err = cli("trends", "--areas", files["areas"], flag, files[source], "--from", "2016-07", "--to",
                         "2017-03", "--json")
    assert code == 0, err
    series = pd.DataFrame(json.loads(out)["series"])
    counted = series.groupby("month")["count"].apply(lambda c: np.isfinite(c.astype(float)).any())
    assert counted[["2016-07", "2016-10"]].all()
    assert not counted[[m for m in counted.index if m > "2016-10"]].any()


@pytest.mark.parametrize("source", list(SOURCES))
def test_the_window_says_the_same(files, source):
    """The Ontwikkeling view's worker (no Qt) refuses the same period with the same line."""
    import importers
    from desktop import change_tasks, tasks

    areas = importers.read(files["areas"]).data
    data = importers.read(files[source]).data
    if source == "incidents":
        data = tasks.assign_areas(data, areas)
    kw = {"incidents": data} if source == "incidents" else {"counts": data}
    with pytest.raises(AnalysisError) as caught:
        change_tasks.development(**kw, areas=areas, period=("2020-01", "2020-06"))
    what = SOURCES[source][1]
    assert str(caught.value) == (f"Geen {what} in de gekozen periode (januari t/m juni 2020); de {what} beslaan "
                                 "maart 2015 t/m oktober 2016.")
    shown = change_tasks.development(**kw, areas=areas, period=("2016-07", "2017-03"))
    assert shown.period == ("2016-07", "2016-10")
