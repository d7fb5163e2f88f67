"""The coordinator's inputs to the inzetplanner, read from free text with Dutch errors.

Hours (``"07-23"``, ``"18-02"`` past midnight), days (``"vr, za"``), category
weights (``"woninginbraak=3, overlast=1,5"``) and lists of area codes.
"""
from __future__ import annotations

import re

from kernel.errors import AnalysisError

from kernel.nl import DAY_ABBR as _ABBR
from kernel.nl import DAY_NAMES as DAYS

DAY_ABBR = {abbr: i for i, abbr in enumerate(_ABBR)}


def parse_hours(text: str) -> tuple[int, int]:
    """``"07-23"`` -> (7, 23); ``"18-02"`` wraps past midnight.

    >>> parse_hours("07-23"), parse_hours("7:00-23:00"), parse_hours("00-24")
    ((7, 23), (7, 23), (0, 24))
    """
    try:
        a, b = str(text).replace(" ", "").split("-")
        a, b = int(a.split(":")[0]), int(b.split(":")[0])
    except ValueError:
        raise AnalysisError(f"Inzettijden: '{text}' niet te lezen; schrijf bijvoorbeeld 07-23.") from None
    if not (0 <= a <= 23 and 0 <= b <= 24) or a == b:
        raise AnalysisError(f"Inzettijden: '{text}' is geen geldig venster van uren (00-24).")
    return a, b


def parse_days(text: str) -> tuple[int, ...]:
    """``"vr,za"`` -> (4, 5).

    >>> parse_days("vr, za"), parse_days("")
    ((4, 5), ())
    """
    out = []
    for part in str(text or "").replace(";", ",").split(","):
        p = part.strip().lower()
        if not p:
            continue
        key = p[:2] if p in DAY_ABBR or p in DAYS else None
        if key not in DAY_ABBR:
            raise AnalysisError(f"Nachtdiensten: '{part.strip()}' is geen dag; gebruik ma, di, wo, do, vr, za, zo.")
        out.append(DAY_ABBR[key])
    return tuple(sorted(set(out)))


def parse_weights(text: str) -> dict | None:
    """``"woninginbraak=3, overlast=1"`` -> {...}; empty -> None (every category, weight 1).

    >>> parse_weights("woninginbraak=3, overlast=1,5")
    {'woninginbraak': 3.0, 'overlast': 1.5}
    """
    text = str(text or "").strip()
    if not text:
        return None
    pattern = r"[;,]\s*(?=[^=,;]+=)|;" if "=" in text else r"[;,]"
    out = {}
    for part in re.split(pattern, text):
        if not part.strip():
            continue
        if "=" in part:
            name, w = part.rsplit("=", 1)
            try:
                weight = float(w.strip().replace(",", "."))
            except ValueError:
                raise AnalysisError(f"Categorieën: gewicht '{w.strip()}' van '{name.strip()}' is geen getal.") from None
        else:
            name, weight = part, 1.0
        if weight < 0:
            raise AnalysisError(f"Categorieën: gewicht van '{name.strip()}' is negatief.")
        out[name.strip()] = weight
    return out


def _codes(text) -> set[str]:
    if isinstance(text, (list, tuple, set)):
        return {str(c).strip() for c in text if str(c).strip()}
    return {c.strip() for c in str(text or "").replace(";", ",").split(",") if c.strip()}
