"""Which incident categories the user means: one matcher for hot times, trends and inzet.

People type categories the way they say them ("Woninginbraak", "fiets diefstal ",
"WONINGINBRAAK"); registrations spell them the way a system exported them. A chosen
category matches every spelling in the data with the same **key**: the text folded to
lower case (:meth:`str.casefold`) with runs of white space made one space and the ends
stripped. Nothing fuzzier (no typo tolerance): a wrong category must be named, not
guessed.

>>> m = match_categories(["woninginbraak ", "Vuurwerk"], ["Woninginbraak", "Overlast", "WONINGINBRAAK"])
>>> m.spellings
{'woninginbraak ': ['WONINGINBRAAK', 'Woninginbraak'], 'Vuurwerk': []}
>>> m.unknown
['Vuurwerk']
>>> m.message()
'Categorie(ën) niet in de gegevens: Vuurwerk. Wel aanwezig: Overlast, WONINGINBRAAK, Woninginbraak.'
>>> category_key("  Fiets   Diefstal ")
'fiets diefstal'
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.errors import AnalysisError
from kernel.nl import listing

#: How many categories present in the data a message lists at most.
SHOW = 10


def category_key(value) -> str:
    """The key two spellings of one category share: case-folded, white space collapsed and stripped."""
    return " ".join(str(value).casefold().split())


@dataclass
class CategoryMatch:
    """The result of :func:`match_categories`.

    Attributes
    ----------
    spellings : dict
        Each wanted category -> the spellings in the data that match it (sorted; empty when unknown).
    unknown : list
        The wanted categories that match nothing, in the order given.
    known : list
        The distinct categories present in the data (sorted).
    """

    spellings: dict
    unknown: list = field(default_factory=list)
    known: list = field(default_factory=list)

    def values(self, wanted) -> list:
        """The data's spellings of one wanted category."""
        return self.spellings.get(wanted, [])

    def message(self) -> str:
        """Dutch sentence naming the unknown categories and (up to :data:`SHOW`) the ones present."""
        if not self.unknown:
            return ""
        present = listing(self.known, SHOW)
        return ("Categorie(ën) niet in de gegevens: " + ", ".join(map(str, self.unknown)) + ". "
                + (f"Wel aanwezig: {present}." if self.known else "De gegevens hebben geen categorieën."))


def match_categories(wanted, known) -> CategoryMatch:
    """Match the categories a user chose to those present in the data, ignoring case and spaces.

    Parameters
    ----------
    wanted : iterable of str
        The chosen categories (a CLI flag, a GUI field, the keys of inzet's weights).
    known : iterable
        The category values in the data (a column; missing values are ignored).
    """
    present = sorted({str(v) for v in pd.Series(list(known), dtype="object").dropna()})
    by_key: dict[str, list] = {}
    for v in present:
        by_key.setdefault(category_key(v), []).append(v)
    spellings, unknown = {}, []
    for w in wanted:
        spellings[w] = by_key.get(category_key(w), [])
        if not spellings[w]:
            unknown.append(w)
    return CategoryMatch(spellings=spellings, unknown=unknown, known=present)


def select_category(column: pd.Series, wanted) -> tuple[np.ndarray, CategoryMatch]:
    """Boolean mask of the rows whose category matches ``wanted`` (case and spaces ignored), and the match.

    >>> mask, m = select_category(pd.Series(["Inbraak", "overlast", None, " inbraak"]), "INBRAAK")
    >>> mask.tolist(), m.unknown
    ([True, False, False, True], [])
    """
    m = match_categories([wanted], column.unique())
    return _rows(column, m.values(wanted)), m


def category_mask(column: pd.Series, wanted) -> np.ndarray:
    """Boolean mask of the rows whose category matches one of ``wanted`` (a theme's categories; case and spaces
    ignored), matched on the distinct values rather than per row (a million national incidents: 0.7 s).

    >>> category_mask(pd.Series(["Inbraak", "overlast", None, "Fiets "]), ["inbraak", "fiets"]).tolist()
    [True, False, False, True]
    """
    m = match_categories(wanted, column.unique())
    return _rows(column, [v for w in wanted for v in m.values(w)])


def _rows(column: pd.Series, spellings) -> np.ndarray:
    return column.astype("string").isin(spellings).fillna(False).to_numpy(bool)


#: The explicit choice to add categories up (only where none holds another).
ALL_CATEGORIES = ("alle", "all", "som")


@dataclass
class CountsCategory:
    """Which category of a Counts frame an analysis uses (:func:`choose_counts_category`).

    ``counts`` holds the rows of that category; ``category`` is its code as in the data (None when the data
    has no categories, ``"alle"`` for the explicit sum); ``sentence`` says what was chosen and why (Dutch).
    """

    counts: pd.DataFrame
    category: str | None
    label: str | None
    sentence: str


def choose_counts_category(counts: pd.DataFrame, wanted: str | None = None) -> CountsCategory:
    """One category of police counts: never an implicit sum over categories that overlap.

    A police table holds "0.0.0 Totaal misdrijven" beside its sub-categories; adding them up
    counts every incident twice. The choice: ``wanted`` (code or label, case and spaces ignored;
    ``"alle"`` adds the categories up, refused where one holds another), else the total where
    there is one, else the category with the most incidents. The sentence says which.

    >>> c = pd.DataFrame({"code": ["A"] * 3, "category": ["0.0.0", "1.1.1", "1.2.3"],
    ...                   "category_label": ["Totaal misdrijven", "Woninginbraak", "Fietsdiefstal"],
    ...                   "count": [10, 4, 6]})
    >>> r = choose_counts_category(c)
    >>> r.category, int(r.counts["count"].sum())
    ('0.0.0', 10)
    >>> choose_counts_category(c, "fietsdiefstal").category
    '1.2.3'
    """
    from importers.police import category_overview

    if "category" not in counts.columns:
        return CountsCategory(counts, None, None, "")
    overview = category_overview(counts)
    cats = overview["categories"]
    name = {c["category"]: " ".join(v for v in (c["category"], c["label"]) if v) for c in cats}
    column = counts["category"].astype("string").str.strip()
    if wanted is not None and category_key(wanted) in ALL_CATEGORIES:
        if overview["overlapping"]:
            raise AnalysisError("De categorieën in de tellingen overlappen (een totaal of een categorie die andere "
                                "bevat); optellen zou incidenten dubbel tellen. Kies één categorie: "
                                f"{listing(list(name.values()), SHOW)}.")
        return CountsCategory(counts, "alle", None, f"Tellingen: alle {len(cats)} categorieën opgeteld "
                              "(gekozen; ze overlappen niet).")
    if wanted is not None:
        keys = {category_key(c["category"]): c["category"] for c in cats}
        keys.update({category_key(c["label"]): c["category"] for c in cats if c["label"]})
        keys.update({category_key(name[c["category"]]): c["category"] for c in cats})
        chosen = keys.get(category_key(wanted))
        if chosen is None:
            raise AnalysisError(f"Categorie '{wanted}' komt niet voor in de tellingen. Wel aanwezig: "
                                f"{listing(list(name.values()), SHOW)}.")
        why = "gekozen"
    elif len(cats) <= 1:
        chosen = cats[0]["category"] if cats else None
        why = None
    elif overview["total"] is not None:
        chosen, why = overview["total"], f"het totaal; de {len(cats) - 1} andere categorieën vallen daaronder"
    else:
        chosen = max(cats, key=lambda c: c["count"])["category"]
        why = f"de grootste van {len(cats)} categorieën" + (", die elkaar deels bevatten" if overview["overlapping"]
                                                            else "")
    if chosen is None:
        return CountsCategory(counts, None, None, "")
    label = next((c["label"] for c in cats if c["category"] == chosen), None)
    rows = counts[(column == chosen).fillna(False).to_numpy(bool)]
    sentence = f"Tellingen: categorie '{name[chosen]}'"
    if why:
        sentence += f" ({why}; categorieën worden nooit opgeteld). Een andere kiest u bij Categorie (opdrachtregel: --category)."
    else:
        sentence += "."
    return CountsCategory(rows, chosen, label, sentence)


def incidents_of_category(incidents: pd.DataFrame, wanted: str) -> pd.DataFrame:
    """The incidents of one category (case and spaces ignored); a Dutch :class:`AnalysisError` when none."""
    if "category" not in incidents.columns:
        raise AnalysisError("Filteren op categorie kan niet: de incidenten hebben geen categorie.")
    mask, match = select_category(incidents["category"], str(wanted))
    if match.unknown:
        raise AnalysisError(f"Geen incidenten met categorie '{wanted}'. {match.message()}")
    return incidents[mask]


def counts_for_one_total(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts that may be added up to one total: one category (:func:`choose_counts_category`) and one area level.

    A police table holds a gemeente, its wijken and its buurten; adding them up counts each
    incident three times. The coarsest level present is kept (the gemeente's own row where
    there is one).

    >>> c = pd.DataFrame({"code": ["GM0014", "WK001401", "BU00140101", "BU00140102"], "category": "1.2.3",
    ...                   "count": [10, 10, 4, 6]})
    >>> int(counts_for_one_total(c)["count"].sum())
    10
    """
    from kernel.cbs import level_of_code

    counts = choose_counts_category(counts).counts
    if "code" not in counts.columns or counts.empty:
        return counts
    levels = counts["code"].astype("string").str.strip().map(level_of_code, na_action="ignore")
    for level in ("gemeente", "wijk", "buurt"):
        if (levels == level).any():
            return counts[(levels == level).fillna(False).to_numpy(bool)]
    return counts
