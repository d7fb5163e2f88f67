"""The comparison groups of a gemeente: the country, similar gemeenten, its neighbours, a named region.

Similar gemeenten are those of the same CBS size class (gemeentegrootte, by inhabitants) and the same
mate van stedelijkheid (1 zeer sterk stedelijk ... 5 niet stedelijk, from the omgevingsadressendichtheid;
CBS Wijk- en buurtkaart). Where that leaves fewer than ``min_group`` others the group is widened one size
class at a time on both sides, then to the neighbouring stedelijkheid, and the group's label says so:
a benchmark against two gemeenten says little. Neighbours share a border (from the gemeente layer, see
:func:`importers.referenceset.border_pairs`). A region is named by the user: a value of a region column
of the kerncijfers (``Regionale eenheid politie``, ``Veiligheidsregio``, a basisteam) or an inline list
``NAAM=gemeente,gemeente,...`` (codes or names).

>>> size_class(240_000), size_label(size_class(240_000))
(6, '150.000 tot 250.000 inwoners')
>>> STEDELIJKHEID[2]
'sterk stedelijk'
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kernel.cbs import gemeente_code
from kernel.errors import AnalysisError
from kernel.nl import listing

#: CBS gemeentegrootteklassen: lower bounds of the classes 0..7 (inhabitants).
SIZE_BOUNDS = (0, 5_000, 10_000, 20_000, 50_000, 100_000, 150_000, 250_000)
STEDELIJKHEID = {1: "zeer sterk stedelijk", 2: "sterk stedelijk", 3: "matig stedelijk", 4: "weinig stedelijk",
                 5: "niet stedelijk"}
#: The group keys in the order they are shown, and their names in a sentence ("hoger dan ...").
GROUPS = ("nederland", "vergelijkbaar", "buren", "regio")
GROUP_NAMES = {"nederland": "landelijk", "vergelijkbaar": "vergelijkbare gemeenten", "buren": "buurgemeenten",
               "regio": "de regio"}
#: Headers (normalised) of region columns a user may name a region from.
REGION_HEADERS = ("regionaleeenheidpolitie", "regionaleeenheid", "politieregio", "politieeenheid", "basisteam",
                  "politiebasisteam", "veiligheidsregio", "regio")


def size_class(population) -> int:
    """The CBS size class (0: under 5,000 ... 7: 250,000 or more); -1 when unknown."""
    if population is None or not np.isfinite(population):
        return -1
    return int(np.searchsorted(SIZE_BOUNDS, float(population), side="right") - 1)


def size_label(cls: int) -> str:
    if cls < 0:
        return "onbekende grootte"
    low = SIZE_BOUNDS[cls]
    if cls == len(SIZE_BOUNDS) - 1:
        return f"{low:,} of meer inwoners".replace(",", ".")
    if cls == 0:
        return f"minder dan {SIZE_BOUNDS[1]:,} inwoners".replace(",", ".")
    return f"{low:,} tot {SIZE_BOUNDS[cls + 1]:,} inwoners".replace(",", ".")


def _span_label(lo: int, hi: int) -> str:
    if lo == hi:
        return size_label(lo)
    if lo == 0 and hi == len(SIZE_BOUNDS) - 1:
        return "alle groottes"
    if lo == 0:
        return f"minder dan {SIZE_BOUNDS[hi + 1]:,} inwoners".replace(",", ".")
    if hi == len(SIZE_BOUNDS) - 1:
        return f"{SIZE_BOUNDS[lo]:,} of meer inwoners".replace(",", ".")
    return f"{SIZE_BOUNDS[lo]:,} tot {SIZE_BOUNDS[hi + 1]:,} inwoners".replace(",", ".")


@dataclass
class Group:
    """One comparison group of a gemeente: its key, its label in words and the *other* members' codes."""

    key: str
    label: str
    members: list
    notes: list = field(default_factory=list)

    @property
    def name(self) -> str:
        """The group in a sentence: "hoger dan {name}"."""
        return GROUP_NAMES.get(self.key, self.label) if self.key != "regio" else self.label


def similar(gemeenten: pd.DataFrame, code: str, min_group: int = 5) -> Group:
    """The gemeenten of the same size class and stedelijkheid as ``code`` (widened to ``min_group`` others)."""
    g = gemeenten.set_index("code")
    row = g.loc[code]
    cls = g["population"].map(size_class)
    mine, sted = size_class(row["population"]), row.get("stedelijkheid")
    others = g.index != code
    notes = []
    if mine < 0:
        return Group("vergelijkbaar", "vergelijkbare gemeenten", [], ["Het inwonertal is onbekend: geen groep."])
    sted_ok = pd.notna(sted)
    if not sted_ok:
        notes.append("De mate van stedelijkheid is onbekend: alleen de grootteklasse telt.")
    same_sted = (g["stedelijkheid"] == sted) if sted_ok else pd.Series(True, index=g.index)
    lo = hi = mine
    sted_span = 0
    while True:
        sted_mask = same_sted if sted_span == 0 else (g["stedelijkheid"] - sted).abs() <= sted_span
        members = g.index[others & cls.between(lo, hi) & sted_mask.fillna(False)]
        if len(members) >= min_group:
            break
        if lo > 0 or hi < len(SIZE_BOUNDS) - 1:
            lo, hi = max(lo - 1, 0), min(hi + 1, len(SIZE_BOUNDS) - 1)
        elif sted_ok and sted_span < 4:
            sted_span += 1
        else:
            break
    what = _span_label(lo, hi)
    if sted_ok:
        what += ", " + (STEDELIJKHEID.get(int(sted), f"stedelijkheid {sted}") if sted_span == 0 else
                        f"stedelijkheid {int(max(sted - sted_span, 1))} t/m {int(min(sted + sted_span, 5))}")
    if (lo, hi) != (mine, mine) or sted_span:
        notes.append(f"Te weinig gemeenten van {size_label(mine)}"
                     + (f" en {STEDELIJKHEID.get(int(sted), '')}" if sted_ok else "")
                     + f" (minder dan {min_group}): de groep is verbreed tot {what}.")
    return Group("vergelijkbaar", f"vergelijkbare gemeenten ({what})", list(members), notes)


def national(gemeenten: pd.DataFrame, code: str) -> Group:
    return Group("nederland", "Nederland", [c for c in gemeenten["code"] if c != code])


def neighbours(pairs: pd.DataFrame | None, code: str) -> Group:
    """The gemeenten sharing a border with ``code`` (``pairs``: columns code, neighbour, both ways)."""
    if pairs is None or pairs.empty:
        return Group("buren", "buurgemeenten", [], ["De referentieset heeft geen grenzen: geen buurgemeenten."])
    members = sorted(pairs.loc[pairs["code"] == code, "neighbour"].astype(str).unique())
    notes = [] if members else ["Deze gemeente deelt met geen andere gemeente een grens (een eiland)."]
    return Group("buren", "buurgemeenten", members, notes)


def region_columns(gemeenten: pd.DataFrame) -> list[str]:
    """The columns of the kerncijfers that name a region (police unit, basisteam, veiligheidsregio)."""
    from importers.detect import normalise_header

    return [c for c in gemeenten.columns if normalise_header(c) in REGION_HEADERS]


def region(gemeenten: pd.DataFrame, code: str, spec: str) -> Group:
    """The region the user names: ``NAAM=gemeente,...`` or a value of a region column (module docstring)."""
    spec = str(spec).strip()
    if "=" in spec:
        name, _, listed = spec.partition("=")
        members, unknown = [], []
        by_name = {str(n).casefold(): c for c, n in zip(gemeenten["code"], gemeenten["name"])}
        for item in (s.strip() for s in listed.replace(";", ",").split(",")):
            if not item:
                continue
            c = gemeente_code(item) or by_name.get(item.casefold())
            (members if c in set(gemeenten["code"]) else unknown).append(c or item)
        if unknown:
            raise AnalysisError(f"Regio '{name.strip()}': onbekende gemeente(n) {listing(unknown)}.")
        if code not in members:
            raise AnalysisError(f"Regio '{name.strip()}': de gemeente zelf hoort er niet bij; geef de gemeenten "
                                "van de regio inclusief deze gemeente.")
        return Group("regio", name.strip() or "de regio", [m for m in dict.fromkeys(members) if m != code])
    cols = region_columns(gemeenten)
    for col in cols:
        values = gemeenten[col].astype("string").str.strip()
        hit = values.str.casefold() == spec.casefold()
        if hit.any():
            members = gemeenten.loc[hit.fillna(False).to_numpy(), "code"].tolist()
            if code not in members:
                raise AnalysisError(f"Deze gemeente hoort niet bij {col} '{spec}'.")
            return Group("regio", f"{spec}", [m for m in members if m != code], [f"Regio: {col} '{spec}'."])
    known = sorted({str(v) for c in cols for v in gemeenten[c].dropna()})
    hint = f" Bekend: {listing(known, 12)}." if known else " De kerncijfers hebben geen regiokolom; geef de regio als " \
                                                           "NAAM=gemeente,gemeente,..."
    raise AnalysisError(f"Regio '{spec}' onbekend.{hint}")


def own_region(gemeenten: pd.DataFrame, code: str) -> str | None:
    """The value of the first region column for ``code`` (the default region where the kerncijfers name one)."""
    for col in region_columns(gemeenten):
        value = gemeenten.loc[gemeenten["code"] == code, col]
        if len(value) and pd.notna(value.iloc[0]) and str(value.iloc[0]).strip():
            return str(value.iloc[0]).strip()
    return None
