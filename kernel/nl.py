"""Dutch words and numbers for texts meant for people: one place for the whole core.

Days (Monday first, as the week-hour matrix), months, the dagdelen and numbers with a
decimal comma (and, on request, a point between thousands).

>>> number(1234.5), number(1234.5, 0, thousands=True), number(0.25, 2)
('1234,5', '1.234', '0,25')
>>> plain(0.5), plain(250.0), plain(1000, thousands=True)
('0,5', '250', '1.000')
>>> percent(0.031), percent(None), percent(float("nan"))
('3,1%', '', '')
>>> p_text(9.42e-199), p_text(0.000283), p_text(0.0474), p_text(0.5)
('p < 0,001', 'p < 0,001', 'p = 0,047', 'p = 0,500')
>>> DAY_NAMES[4], DAY_ABBR[6], MONTH_NAMES[2]
('vrijdag', 'zo', 'maart')
"""
from __future__ import annotations

import math

DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAY_ABBR = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december")
#: The parts of the day, hours [from, to).
DAGDELEN = {"nacht": (0, 6), "ochtend": (6, 12), "middag": (12, 18), "avond": (18, 24)}

_SWAP = str.maketrans(",.", ".,")


def number(x: float, digits: int = 1, *, thousands: bool = False) -> str:
    """``x`` with ``digits`` decimals and a decimal comma (``thousands``: ``1.234,5``); a number that is not there
    (NaN, infinite: a ratio of nothing to nothing) as a dash, never ``nan``.

    >>> number(0.956, 2), number(1234.5, thousands=True), number(float("nan"), 2)
    ('0,96', '1.234,5', '–')
    """
    if x is None or not math.isfinite(x):
        return "–"
    text = f"{x:,.{digits}f}" if thousands else f"{x:.{digits}f}"
    return text.translate(_SWAP)


def plain(x: float, *, thousands: bool = False) -> str:
    """``x`` with as few decimals as it needs (``:g``) and a decimal comma: ``0,5``, ``250``, ``1.000``."""
    return (f"{x:,g}" if thousands else f"{x:g}").translate(_SWAP)


def listing(items, most: int = 10) -> str:
    """The first ``most`` items joined by commas, and `` ...`` when there are more.

    >>> listing(["BU01", "BU02", "BU03"], 2), listing(range(3))
    ('BU01, BU02 ...', '0, 1, 2')
    """
    items = list(items)
    return ", ".join(map(str, items[:most])) + (" ..." if len(items) > most else "")


def p_text(p: float, name: str = "p", missing: str | None = None) -> str:
    """A p-value as a Dutch report writes it: ``p = 0,047``, and ``p < 0,001`` below a thousandth (never
    ``9.42e-199``); ``name`` for another symbol (``p (FDR)``); ``missing`` for a p that is not there (None,
    NaN: by default ``p onbekend``; a comparison says ``niet te toetsen``)."""
    if p is None or not math.isfinite(p):
        return f"{name} onbekend" if missing is None else missing
    return f"{name} < 0,001" if p < 0.001 else f"{name} = {number(p, 3)}"


def percent(share, digits: int = 1) -> str:
    """A share (0.031) as a Dutch percentage (``"3,1%"``); ``""`` when missing (None or NaN)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return ""
    return number(100 * share, digits) + "%"


#: First words of a message that keep their capital inside a sentence: names and abbreviations written as words.
NAMES = frozenset({"Wijkbeeld", "Excel", "Word", "Getis", "Moran", "Knox", "Poisson", "Veiligheidsmonitor",
                   "StatLine", "Leaflet", "Signalen", "Nederland", "Inzetplanner"})


def clause(text: str) -> str:
    """A message (a sentence of its own) as a part of another sentence: its first word in lower case unless it is a
    name or an abbreviation (``CBS``, ``Gi*``, ``Excel``), and without its closing full stop, for what joins it
    (``"Niet vergeleken: wijken: geen van de 5 incidenten heeft een datum."``).

    >>> clause("Geen van de 5 incidenten heeft een datum."), clause("CBS-tabel niet te lezen."), clause("Gi* niet.")
    ('geen van de 5 incidenten heeft een datum', 'CBS-tabel niet te lezen', 'Gi* niet')
    >>> clause("Excel-bestand leeg"), clause("geen referentieset"), clause("Er is ... 3 maanden.")
    ('Excel-bestand leeg', 'geen referentieset', 'er is ... 3 maanden')
    """
    text = str(text).strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    word = text.split(" ", 1)[0]
    letters = word.rstrip(":,;")
    name = letters.split("-", 1)[0]
    if name.isalpha() and name[:1].isupper() and name[1:].islower() and name not in NAMES:
        return text[:1].lower() + text[1:]
    return text
