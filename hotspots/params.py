"""Method declarations: each analysis names its parameters once.

A :class:`Method` lists its :class:`Param` objects with defaults, bounds and
Dutch help text (after QGIS processing's parameter declarations). The desktop
form and the command-line flags are generated from the same declaration, so
the two can never disagree.

>>> m = Method("voorbeeld", "Voorbeeld", "Een voorbeeld.", (
...     Param("fdr", True, "FDR-correctie", "Benjamini-Hochberg."),
...     Param("permutations", 0, "Permutaties", "Aantal permutaties.", minimum=0, maximum=99999),
...     Param("weights", "queen", "Buren", "Soort buren.", choices=("queen", "rook"))))
>>> m.validate({"permutations": 99})
{'fdr': True, 'permutations': 99, 'weights': 'queen'}
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any, Iterable

from kernel.errors import AnalysisError


@dataclass(frozen=True)
class Param:
    """One parameter of a method.

    ``default`` fixes the type (bool, int, float or str). ``choices`` restricts
    a str to a list; ``choice_labels`` gives their Dutch names for a form.
    ``cli`` overrides the flag (default ``--name-with-dashes``).
    """

    name: str
    default: Any
    label: str
    help: str
    choices: tuple | None = None
    choice_labels: tuple | None = None
    minimum: float | None = None
    maximum: float | None = None
    cli: str | None = None
    optional: bool = False  # None is an allowed value ("automatisch")

    @property
    def type(self) -> type:
        if isinstance(self.default, bool):
            return bool
        if self.default is None:
            return str
        return type(self.default)

    @property
    def flag(self) -> str:
        return self.cli or "--" + self.name.replace("_", "-")

    def coerce(self, value: Any) -> Any:
        """Check and convert one value; raise :class:`AnalysisError` in Dutch when it does not fit."""
        if value is None:
            if self.optional or self.default is None:
                return None
            return self.default
        t = self.type
        try:
            if t is bool:
                if isinstance(value, str):
                    low = value.strip().lower()
                    if low in ("1", "true", "ja", "aan", "yes", "on"):
                        value = True
                    elif low in ("0", "false", "nee", "uit", "no", "off"):
                        value = False
                    else:
                        raise ValueError(value)
                else:
                    value = bool(value)
            elif t is int:
                if isinstance(value, float) and not value.is_integer():
                    raise ValueError(value)
                value = int(value)
            elif t is float:
                value = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
            else:
                value = str(value)
        except (TypeError, ValueError):
            raise AnalysisError(f"{self.label}: '{value}' is geen geldige waarde.") from None
        if self.choices is not None and value not in self.choices:
            raise AnalysisError(f"{self.label}: '{value}' is geen keuze; kies uit {', '.join(map(str, self.choices))}.")
        if self.minimum is not None and value < self.minimum:
            raise AnalysisError(f"{self.label}: {value} is kleiner dan het minimum {self.minimum}.")
        if self.maximum is not None and value > self.maximum:
            raise AnalysisError(f"{self.label}: {value} is groter dan het maximum {self.maximum}.")
        return value


@dataclass(frozen=True)
class Method:
    """An analysis method: a name, a Dutch label and help, its parameters and outputs."""

    name: str
    label: str
    help: str
    params: tuple[Param, ...]
    outputs: dict[str, str] = field(default_factory=dict)
    reference: str = ""

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    def validate(self, values: dict | None = None, **kw) -> dict:
        """Fill defaults and check every value; unknown names are an error."""
        values = dict(values or {}, **kw)
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise AnalysisError(f"{self.label}: onbekende instelling(en) {', '.join(sorted(unknown))}.")
        return {p.name: p.coerce(values.get(p.name, p.default)) for p in self.params}

    # -- command line -------------------------------------------------------------------------
    def add_arguments(self, parser: argparse.ArgumentParser, skip: Iterable[str] = ()) -> None:
        """Add one flag per parameter to an argparse parser (booleans as ``--x/--no-x``)."""
        skip = set(skip)
        group = parser.add_argument_group(self.label)
        for p in self.params:
            if p.name in skip:
                continue
            if p.type is bool:
                group.add_argument(p.flag, dest=p.name, action=argparse.BooleanOptionalAction,
                                   default=None, help=f"{p.help} (standaard: {'aan' if p.default else 'uit'})")
            else:
                group.add_argument(p.flag, dest=p.name, default=None, choices=p.choices,
                                   help=f"{p.help} (standaard: {p.default})")

    def from_args(self, ns: argparse.Namespace) -> dict:
        """The validated parameter values from parsed arguments (None means: the default)."""
        values = {p.name: getattr(ns, p.name) for p in self.params
                  if getattr(ns, p.name, None) is not None}
        return self.validate(values)


#: All declared methods by name; modules register theirs with :func:`register`.
METHODS: dict[str, Method] = {}


def register(method: Method) -> Method:
    METHODS[method.name] = method
    return method
