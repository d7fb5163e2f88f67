"""One category matcher (hotspots.categories) for hot times, trends and inzet: case and spaces ignored."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hotspots.categories import category_key, match_categories, select_category
from hotspots.when.hottimes import run_hottimes
from hotspots.inzet.plan import _match_categories
from hotspots.change.trends import run_trends
from kernel.errors import AnalysisError


def test_keys_fold_case_and_collapse_spaces():
    assert category_key("  Fiets\tDIEFSTAL ") == category_key("fiets diefstal") == "fiets diefstal"
    assert category_key("fietsdiefstal") != category_key("fiets diefstal")  # no guessing beyond spaces
    assert category_key(123) == "123"


def test_match_names_unknown_and_every_spelling():
    m = match_categories(["overlast", " Inbraak", "vuurwerk"], ["Overlast", "inbraak", "INBRAAK ", None, np.nan])
    assert m.spellings == {"overlast": ["Overlast"], " Inbraak": ["INBRAAK ", "inbraak"], "vuurwerk": []}
    assert m.unknown == ["vuurwerk"] and m.known == ["INBRAAK ", "Overlast", "inbraak"]
    assert m.message() == "Categorie(ën) niet in de gegevens: vuurwerk. Wel aanwezig: INBRAAK , Overlast, inbraak."
    assert match_categories(["x"], []).message() == ("Categorie(ën) niet in de gegevens: x. "
                                                     "De gegevens hebben geen categorieën.")
    many = match_categories(["zz"], [f"c{i:02d}" for i in range(12)]).message()
    assert many.endswith("c09 ....") and "c10" not in many
    mask, _ = select_category(pd.Series(["A b", "a  B", "ab", pd.NA], dtype="string"), "A B")
    assert mask.tolist() == [True, True, False, False]


def _incidents():
    start = pd.Series(pd.date_range("2016-01-04", periods=300, freq="37min"))
    cat = np.where(np.arange(300) % 3 == 0, "Vernieling", "overlast")
    return pd.DataFrame({"start": start, "end": start, "category": cat})


def test_hottimes_matches_like_inzet():
    inc = _incidents()
    exact = run_hottimes(inc, {"aoristic": False, "category": "Vernieling"})
    loose = run_hottimes(inc, {"aoristic": False, "category": "  VERNIELING "})
    assert exact.total == loose.total == 100
    np.testing.assert_array_equal(exact.matrix, loose.matrix)
    with pytest.raises(AnalysisError, match=r"Geen incidenten met categorie 'inbraak'\. Categorie\(ën\) niet in de "
                                            r"gegevens: inbraak\. Wel aanwezig: Vernieling, overlast\."):
        run_hottimes(inc, {"category": "inbraak"})


def test_trends_matches_like_inzet():
    months = pd.period_range("2014-01", periods=24, freq="M")
    counts = pd.concat([pd.DataFrame({"code": "BU1", "period": months, "category": c, "count": n})
                        for c, n in (("1.2.3 Fietsdiefstal", 5), ("Woninginbraak", 2))])
    exact = run_trends(counts=counts, category="1.2.3 Fietsdiefstal")
    loose = run_trends(counts=counts, category="1.2.3  fietsdiefstal")
    assert exact.series["count"].sum() == loose.series["count"].sum() == 5 * 24
    pd.testing.assert_frame_equal(exact.series, loose.series)
    with pytest.raises(AnalysisError, match=r"Geen maandcijfers voor categorie 'geweld'\. Categorie\(ën\) niet in de "
                                            r"gegevens: geweld\. Wel aanwezig: 1\.2\.3 Fietsdiefstal, Woninginbraak\."):
        run_trends(counts=counts, category="geweld")
    with pytest.raises(AnalysisError, match=r"categorie 'geweld'\. De gegevens hebben geen categorieën\.$"):
        run_trends(counts=counts.drop(columns="category"), category="geweld")


def test_inzet_weights_take_the_data_spelling():
    inc = pd.DataFrame({"category": ["Woninginbraak", "overlast", "WONINGINBRAAK"]})
    warnings: list = []
    out = _match_categories({"woning inbraak": 1.0, "woninginbraak": 3.0, "Overlast": 1.5, "vuurwerk": 2.0},
                            inc, warnings)
    assert out == {"WONINGINBRAAK": 3.0, "Woninginbraak": 3.0, "overlast": 1.5, "vuurwerk": 2.0,
                   "woning inbraak": 1.0}
    assert warnings == ["Categorie(ën) niet in de gegevens: woning inbraak, vuurwerk. "
                        "Wel aanwezig: WONINGINBRAAK, Woninginbraak, overlast."]
