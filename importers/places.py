"""Incidents without coordinates: the place they name (a buurt code, a buurt name, a postcode-4), joined to areas.

Police "Misdaad in kaart" extracts and many BOA and MORA registrations have no
coordinates, only a buurt or wijk (code or name) or a postcode of four digits,
or nothing but a date and a category. Hot times and trends need no coordinates;
hot spots per area can use the area the file names. So such a file is read (its
``x``/``y`` empty), the column that names a place is kept as ``place``
(:func:`find_place_column`), and :func:`join_places` gives each incident the
area with that code, postcode or (unique) name, reporting what it could not
join, as for the police label files. A postcode of six characters (personal
data) is cut to its four digits.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from importers.detect import normalise_header
from importers.police import normalise_name
from kernel.nl import listing

#: Headers that name a place, best first: (normalised header, kind).
PLACE_HEADERS = (
    ("buurtcode", "code"), ("bucode", "code"), ("cbsbuurtcode", "code"), ("pleegbuurtcode", "code"),
    ("buurt", "name"), ("buurtnaam", "name"), ("bunaam", "name"), ("pleegbuurt", "name"), ("buurtnaampleeg", "name"),
    ("pc4", "postcode4"), ("postcode4", "postcode4"), ("pc4code", "postcode4"), ("postcode", "postcode4"),
    ("pleegpostcode", "postcode4"), ("wijkcode", "code"), ("wkcode", "code"), ("pleegwijkcode", "code"),
    ("wijk", "name"), ("wijknaam", "name"), ("pleegwijk", "name"), ("wknaam", "name"), ("gebiedscode", "code"),
    ("gebied", "name"), ("gebiedsnaam", "name"), ("wijkenenbuurten", "name"), ("locatie", "name"),
)
KIND_WORDS = {"code": "code", "name": "naam", "postcode4": "postcode (4 cijfers)"}


def find_place_column(raw: pd.DataFrame, taken=()) -> tuple[str, str] | None:
    """``(column, kind)`` of the column that names where an incident happened; None when there is none.

    A postcode column counts when its values are postcodes (four digits, or six characters cut to four).
    """
    norm = {normalise_header(c): c for c in raw.columns if c not in taken}
    for header, kind in PLACE_HEADERS:
        col = norm.get(header)
        if col is None or raw[col].notna().sum() == 0:
            continue
        if kind == "postcode4":
            text = raw[col].dropna().astype(str).str.replace(" ", "", regex=False)
            if not text.str.fullmatch(r"[1-9]\d{3}(?:[A-Za-z]{2})?").mean() >= 0.8:
                continue
        return col, kind
    return None


def place_values(values: pd.Series, kind: str) -> pd.Series:
    """The place as text: codes stripped and upper case, postcodes as four digits (never six), names as written."""
    text = values.astype("string").str.strip()
    if pd.api.types.is_float_dtype(values) and values.dropna().mod(1).eq(0).all():
        text = values.astype("Int64").astype("string")
    if kind == "code":
        return text.str.upper().where(text != "", pd.NA)
    if kind == "postcode4":
        return text.str.replace(" ", "", regex=False).str.extract(r"^([1-9]\d{3})", expand=False).astype("string")
    return text.where(text != "", pd.NA)


def join_places(places: pd.Series, areas) -> tuple[np.ndarray, list[str]]:
    """The position in ``areas`` of each place (-1 where none), and Dutch notes on what did not join.

    A place joins an area by its code (case and spaces ignored; postcodes are codes too), else by
    its name (accents, case and dashes ignored) when exactly one area carries that name.
    """
    codes = areas["code"].astype(str).str.strip().str.upper()
    by_code = pd.Series(np.arange(len(codes)), index=codes.to_numpy())
    by_code = by_code[~by_code.index.duplicated(keep=False)]
    names = areas["name"].fillna("").astype(str).map(normalise_name) if "name" in areas.columns \
        else pd.Series("", index=areas.index)
    counts = names.value_counts()
    by_name = pd.Series(np.arange(len(names)), index=names.to_numpy())
    by_name = by_name[by_name.index.map(lambda n: n != "" and counts.get(n, 0) == 1)]
    text = places.astype("string").str.strip()
    idx = np.full(len(text), -1, dtype=np.int64)
    unique = pd.Series(text.dropna().unique())
    found = {}
    for value in unique:
        hit = by_code.get(str(value).upper())
        if hit is None:
            hit = by_name.get(normalise_name(value))
        if hit is not None:
            found[value] = int(hit)
    mapped = text.map(found)
    ok = mapped.notna().to_numpy()
    idx[ok] = mapped[ok].astype(np.int64).to_numpy()
    missing = text[~ok & text.notna().to_numpy()]
    notes = [f"{int(ok.sum())} van de {len(text)} incidenten zonder coördinaten zijn op hun plaats (code, postcode "
             "of naam) aan een gebied gekoppeld."]
    if len(missing):
        ambiguous = [v for v in missing.unique() if counts.get(normalise_name(v), 0) > 1]
        notes.append(f"{len(missing)} incidenten zonder coördinaten niet gekoppeld: hun plaats komt niet (of bij "
                     f"meer dan één gebied) voor in de gebiedenlaag, zoals {listing(sorted(missing.unique()), 5)}"
                     + (f" (meerdere gebieden heten {listing(ambiguous, 3)})" if ambiguous else "") + ".")
    return idx, notes
