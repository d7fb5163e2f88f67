"""The CBS code hierarchy: gemeente (``GM0014``), wijk (``WK001401``), buurt (``BU00140101``).

One place for what a CBS code says about itself: its level, its parents and
whether it is water or an area outside the built-up part, and for choosing a
gemeente by code or name (``--gemeente 0014``, ``GM0014``, ``14`` and
``Groningen`` all mean the same). Codes are strings (``BU0363AC02`` is a valid
Amsterdam buurt code) and may carry padding spaces.
"""
from __future__ import annotations

import re

#: The prefix of the codes of each level.
LEVEL_PREFIX = {"buurt": "BU", "wijk": "WK", "gemeente": "GM"}


def level_of_code(code: str) -> str | None:
    """The level of a CBS code from its prefix.

    >>> level_of_code("BU01530101"), level_of_code("WK015301"), level_of_code("GM0153"), level_of_code("X1")
    ('buurt', 'wijk', 'gemeente', None)
    """
    prefix = str(code).strip()[:2].upper()
    return {v: k for k, v in LEVEL_PREFIX.items()}.get(prefix)


def at_level(codes, level: str):
    """Boolean mask of the codes (a pandas Index or Series of text) at ``level`` (by their prefix).

    >>> import pandas as pd
    >>> at_level(pd.Index(["BU00140000", " wk001400", "GM0014"]), "wijk").tolist()
    [False, True, False]
    """
    return codes.astype("string").str.strip().str.upper().str.startswith(LEVEL_PREFIX[level]).fillna(False)


def gemeente_code(text) -> str | None:
    """The CBS code of a gemeente written as ``GM0014``, ``gm14``, ``0014`` or ``14``; None for a name.

    >>> gemeente_code("0014"), gemeente_code(" gm14 "), gemeente_code(14), gemeente_code("Groningen")
    ('GM0014', 'GM0014', 'GM0014', None)
    """
    g = str(text).strip()
    digits = re.sub(r"\D", "", g)
    if digits and (g.upper().startswith("GM") or g.isdigit()):
        return "GM" + digits.zfill(4)
    return None


def gemeente_mask(areas, gemeente):
    """Boolean Series: the areas of one gemeente, given by code (:func:`gemeente_code`) or by name
    (case-insensitive), from the Areas columns ``gemeente_code`` and ``gemeente_name``."""
    code = gemeente_code(gemeente)
    if code is not None:
        mask = areas["gemeente_code"].astype("string").str.strip().str.upper() == code
    elif "gemeente_name" in areas:
        mask = areas["gemeente_name"].astype("string").str.strip().str.casefold() == str(gemeente).strip().casefold()
    else:
        mask = areas["gemeente_code"].astype("string").isna() & False
    return mask.fillna(False).astype(bool)


def parents(codes):
    """The wijk and gemeente codes that buurt and wijk codes carry (pandas Series of text in, two out).

    >>> import pandas as pd
    >>> wk, gm = parents(pd.Series(["BU00140101", "WK001401", "GM0014", "X1"], dtype="string"))
    >>> wk.tolist(), gm.tolist()
    (['WK001401', <NA>, <NA>, <NA>], ['GM0014', 'GM0014', <NA>, <NA>])
    """
    prefix = codes.str[:2].str.upper()
    wijk = ("WK" + codes.str[2:-2]).where(prefix == "BU")
    gemeente = ("GM" + codes.str[2:6]).where(prefix.isin(["BU", "WK"]))
    return wijk, gemeente


def is_water_code(code: str) -> bool:
    """Codes of water or areas outside the built-up part (CBS convention).

    >>> is_water_code("BU02339997"), is_water_code("WK023399"), is_water_code("BU02330101")
    (True, True, False)
    """
    code = str(code).strip().upper()
    if code.startswith("BU"):
        return code.endswith(("9997", "9998"))
    if code.startswith("WK"):
        return code.endswith("99")
    return False


#: The names of police table 47022NED's categories, for a typed table that carries only the codes.
POLICE_LABELS = {
    "0.0.0": "Totaal misdrijven", "1.1.1": "Diefstal/inbraak woning", "1.1.2": "Diefstal/inbraak box/garage/schuur",
    "1.2.1": "Diefstal uit/vanaf motorvoertuigen", "1.2.2": "Diefstal van motorvoertuigen",
    "1.2.3": "Diefstal van brom-, snor-, fietsen", "1.2.4": "Zakkenrollerij",
    "1.2.5": "Diefstal af/uit/van ov. voertuigen",
    "1.4.1": "Zedenmisdrijf", "1.4.2": "Moord, doodslag", "1.4.3": "Openlijk geweld (persoon)", "1.4.4": "Bedreiging",
    "1.4.5": "Mishandeling", "1.4.6": "Straatroof", "1.4.7": "Overval", "2.1.1": "Drugs/drankoverlast",
    "2.2.1": "Vernieling cq. zaakbeschadiging", "2.5.1": "Diefstal/inbraak bedrijven enz.", "2.5.2": "Winkeldiefstal"}
