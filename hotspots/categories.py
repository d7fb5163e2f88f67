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
    mask = column.astype("string").isin(m.values(wanted)).fillna(False).to_numpy(bool)
    return mask, m
