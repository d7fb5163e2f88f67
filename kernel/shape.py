"""Plain JSON checked against a declared shape before it is used: a project file is input too.

A project's metadata and its window snapshot come from a file that anyone may have edited. Before a
value reaches pandas, Qt or a web page it is checked against a shape declared next to the code that
uses it (:data:`importers.project.META`, :data:`desktop.snapshot.SNAPSHOT`). :func:`problems` lists
what does not fit, each with its place (``table.text[3]: ...``); an empty list means the value fits.
Standard library only (the window checks a snapshot before pandas is imported).

>>> shape = Record({"name": Text(20), "rows": ListOf(Integer(0, 10), max_len=3)}, optional={"rows"})
>>> problems({"name": "Ermelo", "rows": [1, 2]}, shape)
[]
>>> problems({"name": 5, "rows": [1, 20, "x", 3]}, shape)
['name: tekst verwacht', 'rows: hooguit 3 elementen']
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = ["Shape", "Anything", "Text", "Number", "Integer", "Boolean", "Null", "ListOf", "Record", "MapOf",
           "OneOf", "problems"]


class Shape:
    """A declared shape; :meth:`check` returns the problems of one value (Dutch, with their place)."""

    def check(self, value: Any, where: str) -> list[str]:  # pragma: no cover - abstract
        raise NotImplementedError


def _at(where: str, text: str) -> list[str]:
    return [f"{where}: {text}" if where else text]


@dataclass(frozen=True)
class Anything(Shape):
    """Any value (the parts checked by the code that uses them)."""

    def check(self, value, where):
        return []


@dataclass(frozen=True)
class Text(Shape):
    """A string of at most ``max_len`` characters, matching ``pattern`` when given."""

    max_len: int = 10_000
    pattern: str | None = None

    def check(self, value, where):
        if not isinstance(value, str):
            return _at(where, "tekst verwacht")
        if len(value) > self.max_len:
            return _at(where, f"tekst langer dan {self.max_len} tekens")
        if self.pattern is not None and re.fullmatch(self.pattern, value) is None:
            return _at(where, f"tekst van de vorm {self.pattern} verwacht")
        return []


@dataclass(frozen=True)
class Number(Shape):
    """A finite int or float (no bool) in ``[low, high]``."""

    low: float = -math.inf
    high: float = math.inf

    def check(self, value, where):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return _at(where, "getal verwacht")
        if not self.low <= value <= self.high:
            return _at(where, f"getal tussen {self.low} en {self.high} verwacht")
        return []


@dataclass(frozen=True)
class Integer(Number):
    """A whole number (an int, no bool) in ``[low, high]``."""

    def check(self, value, where):
        if isinstance(value, bool) or not isinstance(value, int):
            return _at(where, "geheel getal verwacht")
        return super().check(value, where)


@dataclass(frozen=True)
class Boolean(Shape):
    def check(self, value, where):
        return [] if isinstance(value, bool) else _at(where, "waar/onwaar verwacht")


@dataclass(frozen=True)
class Null(Shape):
    def check(self, value, where):
        return [] if value is None else _at(where, "leeg (null) verwacht")


@dataclass(frozen=True)
class ListOf(Shape):
    """A list of ``item``, with at most ``max_len`` (or exactly ``length``) elements."""

    item: Shape
    max_len: int = 1_000_000
    length: int | None = None

    def check(self, value, where):
        if not isinstance(value, list):
            return _at(where, "lijst verwacht")
        if self.length is not None and len(value) != self.length:
            return _at(where, f"{self.length} elementen verwacht, niet {len(value)}")
        if len(value) > self.max_len:
            return _at(where, f"hooguit {self.max_len} elementen")
        for i, v in enumerate(value):
            found = self.item.check(v, f"{where}[{i}]")
            if found:
                return found  # the first bad element says enough (and a long list is not read to its end)
        return []


@dataclass(frozen=True)
class Record(Shape):
    """A dict with these keys (``optional`` ones may be absent; other keys are refused unless ``extra``).

    ``rule`` checks the record as a whole (lengths that must agree, ...) and returns problems.
    """

    fields: dict[str, Shape]
    optional: frozenset | set = frozenset()
    extra: bool = False
    rule: Callable[[dict], list[str]] | None = field(default=None, compare=False)

    def check(self, value, where):
        if not isinstance(value, dict):
            return _at(where, "object verwacht")
        found: list[str] = []
        for key, shape in self.fields.items():
            if key not in value:
                if key not in self.optional:
                    found += _at(where, f"'{key}' ontbreekt")
                continue
            found += shape.check(value[key], f"{where}.{key}" if where else key)
        if not self.extra:
            found += [f"{where}: onbekende sleutel '{k}'" if where else f"onbekende sleutel '{k}'"
                      for k in value if k not in self.fields][:3]
        if not found and self.rule is not None:
            found += [f"{where}: {p}" if where else p for p in self.rule(value)]
        return found


@dataclass(frozen=True)
class MapOf(Shape):
    """A dict of text keys (at most ``max_len`` of them) to ``item``."""

    item: Shape
    max_len: int = 1_000
    key: Shape = Text(200)

    def check(self, value, where):
        if not isinstance(value, dict):
            return _at(where, "object verwacht")
        if len(value) > self.max_len:
            return _at(where, f"hooguit {self.max_len} sleutels")
        for k, v in value.items():
            found = self.key.check(k, f"{where}[{k!r}]") or self.item.check(v, f"{where}[{k!r}]")
            if found:
                return found
        return []


@dataclass(frozen=True)
class OneOf(Shape):
    """Any one of ``shapes`` (e.g. a number or null)."""

    shapes: tuple

    def check(self, value, where):
        first: list[str] = []
        for shape in self.shapes:
            found = shape.check(value, where)
            if not found:
                return []
            first = first or found
        return first


def problems(value: Any, shape: Shape) -> list[str]:
    """What in ``value`` does not fit ``shape`` (empty when it fits)."""
    return shape.check(value, "")
