"""Checks of what is typed in a form, one Dutch sentence per field (no Qt).

A declaration (:class:`hotspots.params.Param`) checks type, choices and bounds; a free-text
parameter may have a form of its own (the neighbours: ``koningin``/``queen``, ``toren``/``rook``,
``dichtstbij:K``/``knn:K``, ``afstand:METERS``/``distance:METERS``; the declaration turns the Dutch
words into the values). The form shows the sentence at the field and runs nothing while one is there,
so that a typo never reaches the engine, an error box or a map title.

>>> from hotspots.params import Param
>>> buren = Param("weights", "queen", "Buren", "Wie zijn buren.")
>>> field_error(buren, "buurvrouw")
"Buren: 'buurvrouw' is geen buren-definitie; kies er een uit de lijst, of typ dichtstbij:K (bijv. dichtstbij:8) of afstand:METERS (bijv. afstand:500)."
>>> field_error(buren, "distance:323,5") is None, field_error(buren, "KNN:8") is None, field_error(buren, "koningin") is None
(True, True, True)
"""
from __future__ import annotations

import re

from kernel.errors import AnalysisError

_WEIGHTS = re.compile(r"^\s*(?:(?:queen|rook|koningin|toren)(?::\d+(?:[.,]\d+)?)?|(?:knn|dichtstbij)(?::[1-9]\d*)?"
                      r"|(?:distance|afstand):\d+(?:[.,]\d+)?)\s*$", re.IGNORECASE)


def _weights(param, value) -> str | None:
    if value is None or _WEIGHTS.match(str(value)):
        return None
    return (f"{param.label}: '{value}' is geen buren-definitie; kies er een uit de lijst, of typ dichtstbij:K "
            "(bijv. dichtstbij:8) of afstand:METERS (bijv. afstand:500).")


def _parsed(parse):
    """A check from a parser of the core that raises a Dutch :class:`AnalysisError` for text it cannot read."""
    def check(param, value) -> str | None:
        try:
            parse(value)
        except AnalysisError as exc:
            return str(exc)
        return None
    return check


#: Checks of free-text parameters beyond their declaration, by parameter name (the hot-spot methods' form).
CHECKS = {"weights": _weights}


def inzet_checks() -> dict:
    """The checks of the Inzet tab's free-text fields: the planner's own readers of hours, days and weights.

    >>> from hotspots.inzet.methods import INZET as METHOD
    >>> field_error(METHOD.param("hours"), "7 tot 23", inzet_checks())
    "Inzettijden: '7 tot 23' niet te lezen; schrijf bijvoorbeeld 07-23."
    >>> field_error(METHOD.param("nights"), "vr, zaterdag", inzet_checks()) is None, field_error(METHOD.param("nights"),
    ...     "vrijdagnacht", inzet_checks())
    (True, "Nachtdiensten: 'vrijdagnacht' is geen dag; gebruik ma, di, wo, do, vr, za, zo.")
    """
    from hotspots.inzet.inputs import parse_days, parse_hours, parse_weights

    return {"hours": _parsed(parse_hours), "nights": _parsed(parse_days), "categories": _parsed(parse_weights)}


def field_error(param, value, checks: dict | None = None) -> str | None:
    """The Dutch message for ``value`` in the field of ``param`` (with ``checks``, else :data:`CHECKS`); None
    when it is fine."""
    try:
        value = param.coerce(value)
    except AnalysisError as exc:
        return str(exc)
    check = (CHECKS if checks is None else checks).get(param.name)
    return check(param, value) if check is not None else None
