"""The CBS code hierarchy: gemeente (``GM0014``), wijk (``WK001401``), buurt (``BU00140101``).

One place for what a CBS code says about itself: its level, its parents and
whether it is water or an area outside the built-up part. Codes are strings
(``BU0363AC02`` is a valid Amsterdam buurt code) and may carry padding spaces.
"""
from __future__ import annotations


def level_of_code(code: str) -> str | None:
    """The level of a CBS code from its prefix.

    >>> level_of_code("BU01530101"), level_of_code("WK015301"), level_of_code("GM0153"), level_of_code("X1")
    ('buurt', 'wijk', 'gemeente', None)
    """
    prefix = str(code)[:2].upper()
    return {"BU": "buurt", "WK": "wijk", "GM": "gemeente"}.get(prefix)


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
