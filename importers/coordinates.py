"""Coordinates as written in a file: the file's number convention, and the right reason for a rejected one.

**The convention.** ``233,000.5`` is 233000.5 in an English file and nonsense in a Dutch one;
``233.456,7`` the other way round; ``233,000`` is 233000 or 233.0 depending on the file. The
decimal separator is decided from *every* value of both coordinate columns that settles it (both
separators in one value: the last one is the decimal; one separator not followed by exactly three
digits, or after more than three: the decimal; a separator that repeats: the thousands). Where values
fit both conventions (``233,000``, ``6.566``, RD metres with a thousands dot ``233.456``), the convention
that puts more rows in the Netherlands is taken (the votes only break a tie: one ``233456.5`` does not
make a column of ``233.456`` decimals), and they are refused as ambiguous when neither does. A value that
contradicts the file's convention is refused with its row, never read as a different number (``233,000.5``
read as 233.0005) and never the reason to refuse the file. A table reader leaves a coordinate column as text
where a sample says so (:func:`read_as_text`; a sheet: every text cell), so that this module sees '233.456'.

**The reasons.** A missing x names the x column and a missing y the y column; a value that is no
number says so; a point in another coordinate system than the rest of the file (an RD value in a
WGS84 file) says that, naming the column whose value is out of range, before any transformation turns
it into "no number".

>>> x, y, info = read_pair(pd.Series(["233,000.5", "234,100.25"]), pd.Series(["582,000.5", "583,000.75"]))
>>> x.tolist(), y.tolist(), info["decimal"]
([233000.5, 234100.25], [582000.5, 583000.75], '.')
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from kernel.schema import RD_BOUNDS, RD_NEW, WGS84, WGS84_BOUNDS, within

NOT_A_NUMBER = "geen getal"
AMBIGUOUS = "dubbelzinnig getal"
WRONG_CONVENTION = "andere schrijfwijze"
#: The reason a rejected row gets, per problem (``{axis}`` is x or y).
REASONS = {NOT_A_NUMBER: "{axis}-coördinaat is geen getal",
           AMBIGUOUS: "{axis}-coördinaat is dubbelzinnig (duizendtallen of decimalen?)",
           WRONG_CONVENTION: "{axis}-coördinaat is met een ander decimaalteken geschreven dan de rest van het bestand"}

_SEP = r"[.,]"


def _classify(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Per value: the decimal separator it implies ('.', ',' or '' when it settles nothing) and whether it
    is ambiguous (fits both conventions: one separator followed by exactly three digits, 1-3 before)."""
    both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
    last_comma = text.str.rfind(",") > text.str.rfind(".")
    implied = pd.Series("", index=text.index, dtype=object)
    implied[both & last_comma] = ","
    implied[both & ~last_comma] = "."
    single = text.str.fullmatch(r"[+-]?\d+[.,]\d+") & ~both
    ambiguous = text.str.fullmatch(r"[+-]?\d{1,3}[.,]\d{3}") & ~both
    sep = text.str.extract(r"([.,])", expand=False)
    decides = single & ~ambiguous
    implied[decides] = sep[decides]
    repeated = text.str.fullmatch(r"[+-]?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?") | \
        text.str.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?")
    implied[repeated & ~both] = np.where(sep[repeated & ~both] == ",", ".", ",")
    return implied.fillna(""), ambiguous.fillna(False).astype(bool)


def _parse(text: pd.Series, decimal: str) -> pd.Series:
    """Numbers written with ``decimal`` as the decimal separator (the other one only as thousands, in groups
    of three); a value that does not fit is NaN."""
    thousands = "," if decimal == "." else "."
    t, d = ("\\" + thousands, "\\" + decimal)
    fits = text.str.fullmatch(rf"[+-]?(?:\d{{1,3}}(?:{t}\d{{3}})+|\d+)(?:{d}\d+)?") | \
        text.str.fullmatch(rf"[+-]?{d}\d+")
    plain = text.str.replace(thousands, "", regex=False).str.replace(decimal, ".", regex=False)
    numbers = pd.to_numeric(plain.where(fits), errors="coerce")
    # scientific notation and the like, only where no separator could mean thousands
    other = ~fits & ~text.str.contains(thousands, regex=False)
    if other.any():
        numbers = numbers.where(~other, pd.to_numeric(text.where(other), errors="coerce"))
    return numbers.astype(float)


#: Where a Dutch address can lie in RD New, for choosing a convention: RD's box, but x from 1 km (the most western
#: land, Cadzand, is at x = 13.7 km). Else '233.456' read as 233.456 beside an y of 582123 would count as a place.
_RD_PLACES = (1_000.0, *RD_BOUNDS[1:])


def _in_netherlands(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return within(x, y, _RD_PLACES) | within(x, y, WGS84_BOUNDS) | within(y, x, WGS84_BOUNDS)


#: A value that is RD metres with a thousands dot or a number with three decimals ('233.456').
DOTTED = r"[+-]?\d{1,3}\.\d{3}"


def read_as_text(values: pd.Series) -> bool:
    """Whether a table reader must leave a coordinate column as text for :func:`read_pair` (it would make 233.456
    of '233.456'), judged on a sample: every value is written ``233.456``, or one is and is, read with a decimal
    point, no Dutch longitude or latitude ('6.566' and '52.123' beside '6.5661' stay numbers; '233.456' beside
    '233456' does not)."""
    text = values.dropna().astype(str).str.strip()
    dotted = text[text.str.fullmatch(DOTTED)]
    if not len(dotted):
        return False
    if len(dotted) == len(text):
        return True
    v = pd.to_numeric(dotted).abs()
    return not (v.between(WGS84_BOUNDS[0], WGS84_BOUNDS[2]) | v.between(WGS84_BOUNDS[1], WGS84_BOUNDS[3])).all()


def maybe_dotted(values: pd.Series) -> np.ndarray | None:
    """The rows of a column a table reader read as numbers (past the sample :func:`read_as_text` saw) whose number
    may have been written ``233.456`` and would then make :func:`read_as_text` keep the column as text: below 1000,
    at most three decimals, and no Dutch longitude or latitude (``241.4``, ``588.0``; not ``6.566``). None when
    there is none: a few numpy passes (RD metres are 1000 or more, WGS84 degrees within their range), so that the
    reader reads the column again as text only where its text may say otherwise.

    >>> maybe_dotted(pd.Series([233456.0, 241.4, 6.566, 241.4567]))
    array([1])
    >>> maybe_dotted(pd.Series([233456.0, 6.566, 53.215])) is None
    True
    """
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_integer_dtype(values):
        return None  # no value had a dot
    if pd.api.types.is_float_dtype(values):
        v = np.abs(values.to_numpy(dtype=float, na_value=np.nan))
    elif values.dtype == object:  # number cells beside text ones (a CSV read in chunks); text that is a number too
        v = np.abs(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    else:  # text already
        return None
    small = (v < 1000) & (v != 0)  # '0.000' is 0 either way (and 0,0 is a registration's "no location")
    if not small.any():
        return None
    lon = (v >= WGS84_BOUNDS[0]) & (v <= WGS84_BOUNDS[2])
    lat = (v >= WGS84_BOUNDS[1]) & (v <= WGS84_BOUNDS[3])
    rows = np.flatnonzero(small & ~(lon | lat))
    if not len(rows):
        return None
    thousandths = v[rows] * 1000
    rows = rows[np.abs(thousandths - np.round(thousandths)) <= 1e-6]
    return rows if len(rows) else None


class _Text:
    """A column's text cells once per distinct value (the string work is done per value, not per row: RD metres
    of a town repeat): ``values`` (stripped), ``codes`` (per row its value's place, -1 where missing or a number)."""

    def __init__(self, values: pd.Series, codes: np.ndarray):
        self.values, self.codes = values, codes
        self.weights = np.bincount(codes[codes >= 0], minlength=len(values))  # rows per value

    def rows(self, per_value, fill) -> np.ndarray:
        """``per_value`` (one per value) per row, ``fill`` where the row has no text."""
        per_value = np.asarray(per_value)
        if not len(per_value):
            return np.full(len(self.codes), fill, dtype=per_value.dtype if fill is not None else object)
        out = per_value[np.maximum(self.codes, 0)]
        out[self.codes < 0] = fill
        return out


def _split(s: pd.Series) -> tuple[np.ndarray | None, _Text | None]:
    """A column as numbers (where its cells are numbers: a numeric column, or number cells of a sheet or JSON
    beside text ones; NaN elsewhere) and its text (:class:`_Text`); either is None when there is none."""
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.astype(float).to_numpy(), None
    codes, uniques = pd.factorize(s, use_na_sentinel=True)  # hashing: each distinct cell once
    uniques = np.asarray(uniques, dtype=object)
    numbers = None
    if s.dtype == object:  # a number cell is the number it holds: 52.123 stays 52.123 beside a text '233.456'
        cell = np.fromiter((isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_))
                            for v in uniques), dtype=bool, count=len(uniques))
        if cell.any():
            as_float = np.full(len(uniques), np.nan)
            as_float[cell] = pd.to_numeric(pd.Series(uniques[cell], dtype=object), errors="coerce")
            at = np.maximum(codes, 0)
            numbers = np.where(codes >= 0, as_float[at], np.nan)
            place = np.cumsum(~cell) - 1  # the place of each text value among the text values alone
            codes = np.where((codes >= 0) & ~cell[at], place[at], -1)
            uniques = uniques[~cell]
            if not len(uniques):
                return numbers, None
    return numbers, _Text(pd.Series(uniques, dtype=object).astype(str).str.strip(), codes)


def read_pair(sx: pd.Series, sy: pd.Series) -> tuple[np.ndarray, np.ndarray, dict]:
    """The x and y values of two columns (or two parts of a WKT point) as floats, in the file's convention.

    Returns ``x``, ``y`` and ``info``: ``decimal`` ('.' or ',', None when no value needed it),
    ``assumption`` (a Dutch sentence or None) and ``problems``: per axis a Series of reasons
    (:data:`NOT_A_NUMBER`, :data:`AMBIGUOUS`, :data:`WRONG_CONVENTION`; None where the value was read).
    Values that settle the convention vote; where values also fit both ways ('233.456'), the convention that
    puts more rows in the Netherlands wins over a few votes (a '233456.5' among '233.456' is refused, not the file).
    """
    numbers, texts, info = {}, {}, {"decimal": None, "assumption": None, "problems": {}}
    commas = points = 0
    ambiguous = False
    for axis, s in (("x", sx), ("y", sy)):
        numbers[axis], texts[axis] = _split(s)
        text = texts[axis]
        if text is not None:
            implied, amb = _classify(text.values)
            commas += int(text.weights[(implied == ",").to_numpy()].sum())
            points += int(text.weights[(implied == ".").to_numpy()].sum())
            ambiguous |= bool(amb.any())
    decimal = voted = "," if commas > points else "." if points else None
    if ambiguous:  # values fit both ways: where the rows lie decides, the votes between equals
        share = _shares(texts, numbers)
        if share["."] != share[","]:
            decimal = "." if share["."] > share[","] else ","
        elif decimal is None and _thousands_dots(texts):
            decimal = ","
    info["decimal"] = decimal
    wrong_rows = 0
    for axis in ("x", "y"):
        text, given = texts[axis], numbers[axis]
        if text is None:
            info["problems"][axis] = pd.Series(None, index=range(len(given)), dtype=object)
            continue
        values = _parse(text.values, decimal or ".")
        problems = pd.Series(None, index=values.index, dtype=object)
        bad = values.isna()
        problems[bad] = NOT_A_NUMBER
        if decimal is None:
            amb = text.values.str.fullmatch(r"[+-]?\d{1,3}[.,]\d{3}")
            problems[amb] = AMBIGUOUS
            values[amb] = np.nan
        else:
            wrong = bad & _parse(text.values, "," if decimal == "." else ".").notna()
            problems[wrong] = WRONG_CONVENTION
            wrong_rows += int(text.weights[wrong.to_numpy()].sum())
        values = text.rows(values.to_numpy(dtype=float), np.nan)
        numbers[axis] = values if given is None else np.where(np.isnan(given), values, given)
        info["problems"][axis] = pd.Series(text.rows(problems.to_numpy(dtype=object), None), dtype=object)
    by_place = decimal != voted or voted is None
    info["assumption"] = _assumption(decimal, by_place, texts, bool(commas and points), wrong_rows)
    return numbers["x"], numbers["y"], info


def _assumption(decimal, placed: bool, texts: dict, mixed: bool, wrong_rows: int) -> str | None:
    """What :func:`read_pair` assumed, in Dutch (None when the file left nothing to assume): ``placed`` when where
    the rows lie chose the convention, ``mixed`` when values settled it both ways."""
    other = (f"; {wrong_rows} {'rij' if wrong_rows == 1 else 'rijen'} met een andere schrijfwijze afgewezen"
             if wrong_rows else "")
    if decimal is None:
        return None
    if placed:
        dots = decimal == "," and any(t is not None and t.values.str.fullmatch(DOTTED).any() for t in texts.values())
        if dots:  # '233.456' and '582.123': RD metres with a thousands dot
            return ("Coördinaten als '233.456' gelezen als 233456 meter: de punt scheidt duizendtallen; zo liggen de "
                    f"punten in Nederland (RD New){other}.")
        return (f"Coördinaten als '233{'.' if decimal == ',' else ','}000' gelezen met een decimale "
                f"{'komma' if decimal == ',' else 'punt'}: zo liggen de punten in Nederland{other}.")
    if mixed:
        return (f"Coördinaten met een decimale {'komma' if decimal == ',' else 'punt'} (de meeste rijen){other}.")
    return None


def unreadable(info: dict) -> list[tuple[np.ndarray, str, str]]:
    """``(mask, axis, reason)`` for the values :func:`read_pair` could not read, x before y."""
    return [((info["problems"][axis] == problem).to_numpy(), axis, reason.format(axis=axis))
            for axis in ("x", "y") for problem, reason in REASONS.items()]


def _shares(texts: dict, numbers: dict) -> dict:
    """Per decimal separator, how many rows it puts in the Netherlands (RD New or WGS84); number cells count as
    they are."""
    share = {}
    for decimal in (".", ","):
        xy = []
        for a in ("x", "y"):
            given, text = numbers[a], texts[a]
            parsed = None if text is None else text.rows(_parse(text.values, decimal).to_numpy(), np.nan)
            xy.append(given if parsed is None else parsed if given is None else np.where(np.isnan(given), parsed,
                                                                                          given))
        share[decimal] = int(_in_netherlands(*xy).sum())
    return share


#: Where RD metres of a Dutch address lie, per axis (for '233.456': 233456 metres).
RD_EXTENT = {"x": (0, 300_000), "y": (300_000, 625_000)}


def _thousands_dots(texts: dict) -> bool:
    """Every text column holds RD metres with a thousands dot and no decimals: each value ``d{1,3}.d{3}``, and as a
    whole number inside the Netherlands' RD extent of its axis (``233.456`` beside ``582123``; not ``12.345``)."""
    for axis, text in texts.items():
        if text is None:
            continue
        filled = text.values
        if not len(filled) or not filled.str.fullmatch(r"\d{1,3}\.\d{3}").all():
            return False
        metres = pd.to_numeric(filled.str.replace(".", "", regex=False))
        if not metres.between(*RD_EXTENT[axis]).all():
            return False
    return True


#: The axis ranges of the Netherlands per coordinate system: (x range, y range) with their Dutch names.
RANGES = {RD_NEW: ((RD_BOUNDS[0], RD_BOUNDS[2]), (RD_BOUNDS[1], RD_BOUNDS[3]), "RD New (EPSG:28992)"),
          WGS84: ((WGS84_BOUNDS[0], WGS84_BOUNDS[2]), (WGS84_BOUNDS[1], WGS84_BOUNDS[3]), "WGS84 (EPSG:4326)")}


def out_of_system(x: np.ndarray, y: np.ndarray, crs: str) -> list[tuple[np.ndarray, str, str]]:
    """Rows whose coordinates do not fit ``crs`` (RD New or WGS84) before they are transformed.

    Returns ``(mask, axis, reason)`` items, most telling first: a point that fits the *other* system
    ("lijkt RD New" in a WGS84 file), naming the axis whose value is out of range; then a value outside
    the Netherlands' range of its axis. Other systems (a given ``--crs``) are not judged here.
    """
    crs = str(crs).upper()
    if crs not in RANGES:
        return []
    (x0, x1), (y0, y1), _ = RANGES[crs]
    other = WGS84 if crs == RD_NEW else RD_NEW
    (ox0, ox1), (oy0, oy1), other_name = RANGES[other]
    finite = np.isfinite(x) & np.isfinite(y)
    x_out = finite & ~((x >= x0) & (x <= x1))
    y_out = finite & ~((y >= y0) & (y <= y1))
    elsewhere = (x_out | y_out) & (x >= ox0) & (x <= ox1) & (y >= oy0) & (y <= oy1)
    items = []
    for mask, axis in ((elsewhere & x_out, "x"), (elsewhere & ~x_out, "y")):
        items.append((mask, axis, f"{axis}-coördinaat past niet bij het stelsel van de rest van het bestand, "
                                  f"{RANGES[crs][2]}: lijkt {other_name}"))
    items.append((x_out & ~elsewhere, "x", "locatie buiten Nederland"))
    items.append((y_out & ~elsewhere, "y", "locatie buiten Nederland"))
    return items
