"""Method declarations: each analysis names its parameters once, bound to its run function.

A :class:`Method` lists its :class:`Param` objects with defaults, bounds and
Dutch help text (after QGIS processing's parameter declarations) and names its
run function, ``run(inputs, params, progress=None, cancelled=None) -> Result``
(``runner="package.module:function"``, imported only when it runs). The
desktop form, the command-line flags and the JSON ``params`` are generated from
the same declaration, so they can never disagree; every result follows
:class:`Result` (``params``, ``notes``, ``warnings``, ``to_dict()``).

The declarations live in light modules (``hotspots/<question>/methods.py``,
listed in :data:`DECLARATIONS`) that import neither pandas nor scipy, so
``wijkbeeld --help`` and the window's form need no statistics;
:func:`all_methods` imports them.

A parameter may apply only to some values of another (``when=("method",
("gistar", "lisa"))``): :meth:`Method.shown` gives the parameters that apply
to a set of values, and the form shows only those.

>>> m = Method("voorbeeld", "Voorbeeld", "Een voorbeeld.", (
...     Param("fdr", True, "FDR-correctie", "Benjamini-Hochberg."),
...     Param("permutations", 0, "Permutaties", "Aantal permutaties.", minimum=0, maximum=99999),
...     Param("weights", "queen", "Buren", "Soort buren.", choices=("queen", "rook"))))
>>> m.validate({"permutations": 99})
{'fdr': True, 'permutations': 99, 'weights': 'queen'}
"""
from __future__ import annotations

import argparse
import importlib
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol, runtime_checkable

from kernel.errors import AnalysisError
from kernel.nl import plain

#: The light modules that declare the analyses (each calls :func:`register`); see :func:`all_methods`.
DECLARATIONS = ("hotspots.where.methods", "hotspots.when.methods", "hotspots.change.methods",
                "hotspots.inzet.methods", "hotspots.spacetime.methods",
                "hotspots.benchmark.methods")


@dataclass(frozen=True)
class Param:
    """One parameter of a method.

    ``default`` fixes the type (bool, int, float, str, or a tuple for a list of texts).
    ``choices`` restricts a str to a list; ``choice_labels`` gives their Dutch names for a form.
    ``words``: ``(value, word)`` pairs, the Dutch word the command line shows for a value (a choice,
    or the head of ``head:number`` in a free text such as ``knn:8``); the value itself stays accepted,
    so scripts keep working (:meth:`from_word`). ``cli`` overrides the flag (default
    ``--name-with-dashes``), ``metavar`` the name of the value in the help (default from the type and
    the unit in the label: ``AANTAL``, ``GETAL``, ``METERS``, ``TEKST``). ``when=(name, values)``: the
    parameter applies only while the parameter ``name`` has one of ``values`` (the form hides it
    otherwise). A list (tuple default) takes ``items`` values on the command line when given
    (else one or more), and a text with commas or semicolons elsewhere. ``form=False``: a choice of
    *what* to analyse (the category), which the window makes with its data and the command line as a
    shared input: declared, validated and in ``params``, but not a row of the method's form.
    ``presets``: ``(value, label)`` pairs a form offers for a free text as a list to choose from, in plain
    Dutch (other text can still be typed; the values stay what is stored and what the command line takes).

    >>> p = Param("shape", "square", "Celvorm", "Vorm.", choices=("square", "hexagon"),
    ...           words=(("square", "vierkant"), ("hexagon", "zeshoek")))
    >>> p.coerce("zeshoek"), p.coerce("hexagon"), p.word("square")
    ('hexagon', 'hexagon', 'vierkant')
    >>> w = Param("weights", "queen", "Buren", "Wie.", words=(("queen", "koningin"), ("knn", "dichtstbij")))
    >>> w.coerce("dichtstbij:8"), w.word("knn:8")
    ('knn:8', 'dichtstbij:8')
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
    when: tuple | None = None
    items: int | None = None
    metavar: str | None = None
    form: bool = True
    words: tuple = ()
    presets: tuple = ()

    @property
    def type(self) -> type:
        if isinstance(self.default, bool):
            return bool
        if self.default is None:
            return str
        if isinstance(self.default, tuple):
            return tuple
        return type(self.default)

    @property
    def flag(self) -> str:
        return self.cli or "--" + self.name.replace("_", "-")

    def word(self, value) -> str:
        """The Dutch word the command line shows for ``value`` (``knn:8`` -> ``dichtstbij:8``)."""
        head, sep, rest = str(value).partition(":")
        return dict(self.words).get(head, head) + sep + rest

    def from_word(self, text):
        """The value of a Dutch word or of the value itself, case ignored (``Zeshoek`` -> ``hexagon``)."""
        if not self.words or not isinstance(text, str):
            return text
        back = {w.lower(): v for v, w in self.words} | {v.lower(): v for v, _ in self.words}
        items = [part.strip() for part in text.split(",")]
        out = []
        for item in items:
            head, sep, rest = item.partition(":")
            out.append(back.get(head.lower(), head) + sep + rest)
        return ",".join(out)

    @property
    def value_name(self) -> str:
        """The name of the value in the help: ``metavar``, else from the unit in the label or the type."""
        if self.metavar:
            return self.metavar
        for unit, name in ((" (m)", "METERS"), (" (uur)", "UREN"), (" (s)", "SECONDEN"), (" (dagen)", "DAGEN"),
                           (" (weken)", "WEKEN")):
            if self.label.endswith(unit):
                return name
        if self.type is int and "getal" in self.label.lower():  # a start number, not a count
            return "GETAL"
        return {int: "AANTAL", float: "GETAL"}.get(self.type, "TEKST")

    def word_of(self, text: str) -> str:
        """``type=`` of a choice on the command line: the Dutch word of ``text`` (a word or a value)."""
        value = self.from_word(text)
        return self.word(value) if value in (self.choices or ()) else str(text)

    def _items(self, value) -> tuple:
        if isinstance(value, str):
            value = value.replace(";", ",").split(",")
        if not isinstance(value, (list, tuple, set)):
            raise ValueError(value)
        return tuple(str(v).strip() for v in value if str(v).strip())

    def coerce(self, value: Any) -> Any:
        """Check and convert one value; raise :class:`AnalysisError` in Dutch when it does not fit."""
        if value is None:
            if self.optional or self.default is None:
                return None
            return self.default
        t = self.type
        value = self.from_word(value)
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
            elif t is tuple:
                value = self._items(value)
            elif t is int:
                if isinstance(value, float) and not value.is_integer():
                    raise ValueError(value)
                value = int(value)
            elif t is float:
                value = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
            else:
                value = str(value)
        except (TypeError, ValueError):
            expected = {bool: "; kies aan of uit", int: ": geef een geheel getal", float: ": geef een getal"}
            raise AnalysisError(f"{self.label}: '{value}' is geen geldige waarde{expected.get(t, '')}.") from None
        if t is tuple and self.items is not None and value and len(value) != self.items:
            raise AnalysisError(f"{self.label}: geef er precies {self.items}, niet {len(value)}.")
        if self.choices is not None and value not in self.choices:
            raise AnalysisError(f"{self.label}: '{value}' is geen keuze; kies uit "
                                f"{', '.join(map(self.word, self.choices))}.")
        if self.minimum is not None and value < self.minimum:
            raise AnalysisError(f"{self.label}: {plain(value)} is kleiner dan het minimum {plain(self.minimum)}.")
        if self.maximum is not None and value > self.maximum:
            raise AnalysisError(f"{self.label}: {plain(value)} is groter dan het maximum {plain(self.maximum)}.")
        return value


@runtime_checkable
class Result(Protocol):
    """What every analysis returns: its validated ``params``, Dutch ``notes`` (method sentences for the
    appendix) and ``warnings`` (what the user must know), and ``to_dict()`` (plain JSON-ready data, what
    ``--json`` prints)."""

    params: dict
    notes: list
    warnings: list

    def to_dict(self) -> dict: ...


@dataclass(frozen=True)
class Method:
    """An analysis: a name, a Dutch label and help, its parameters, outputs and run function.

    ``runner`` names the run function as ``"package.module:function"`` with the shape
    ``run(inputs, params, progress=None, cancelled=None) -> Result`` (``inputs`` a
    :class:`hotspots.inputs.Inputs`); :meth:`run` imports and calls it. ``group`` says where
    the window offers it (``"where"``: the analysis form beside the map).
    """

    name: str
    label: str
    help: str
    params: tuple[Param, ...]
    outputs: dict[str, str] = field(default_factory=dict)
    reference: str = ""
    runner: str = ""
    group: str = ""

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

    def applies(self, param: Param | str, values: dict | None = None) -> bool:
        """Whether ``param`` matters for these ``values`` (defaults for the ones not given)."""
        p = self.param(param) if isinstance(param, str) else param
        if p.when is None:
            return True
        name, allowed = p.when
        current = (values or {}).get(name, self.param(name).default)
        return current in allowed

    def shown(self, values: dict | None = None) -> tuple[Param, ...]:
        """The parameters that apply to ``values`` (what a form shows; not those with ``form=False``)."""
        return tuple(p for p in self.params if p.form and self.applies(p, values))

    def run(self, inputs, params: dict | None = None, progress=None, cancelled=None):
        """Validate ``params`` and call the bound run function (imported here, not at declaration)."""
        if not self.runner:
            raise AnalysisError(f"{self.label}: deze analyse heeft geen rekenfunctie.")
        module, _, function = self.runner.partition(":")
        fn = getattr(importlib.import_module(module), function)
        return fn(inputs, self.validate(params), progress=progress, cancelled=cancelled)

    # -- command line -------------------------------------------------------------------------
    def add_arguments(self, parser: argparse.ArgumentParser, skip: Iterable[str] = (),
                      only: Iterable[str] | None = None) -> None:
        """Add one flag per parameter to an argparse parser (booleans as ``--x/--no-x``).

        ``skip``: parameters whose flag the command declares itself (a shared input such as
        ``--category``; :meth:`from_args` still reads them). ``only``: just these parameters.
        A choice shows its Dutch words and takes the value too; the help ends with the default
        as a Dutch reader writes it (none when there is none) and the methods it applies to.
        """
        skip = set(skip)
        group = parser.add_argument_group(self.label)
        for p in self.params:
            if p.name in skip or (only is not None and p.name not in only):
                continue
            help_text = (p.help + self._help_tail(p)).replace("%", "%%")  # argparse formats help with %
            if p.type is bool:
                group.add_argument(p.flag, dest=p.name, action=argparse.BooleanOptionalAction, default=None,
                                   help=help_text)
            elif p.type is tuple:
                group.add_argument(p.flag, dest=p.name, default=None, nargs=p.items or "+",
                                   metavar=p.metavar or "TEKST", help=help_text)
            elif p.choices is not None:
                group.add_argument(p.flag, dest=p.name, default=None, choices=[p.word(c) for c in p.choices],
                                   type=p.word_of, help=help_text)
            else:
                group.add_argument(p.flag, dest=p.name, default=None, metavar=p.value_name, help=help_text)

    def _help_tail(self, p: Param) -> str:
        """`` (standaard: ...; alleen bij --method ...)`` for the help of ``p``; empty when there is nothing to say."""
        parts = []
        default = p.default
        if isinstance(default, bool):
            parts.append(f"standaard: {'aan' if default else 'uit'}")
        elif isinstance(default, int):
            parts.append(f"standaard: {default}")
        elif isinstance(default, float):
            parts.append(f"standaard: {plain(default)}")
        elif isinstance(default, tuple) and default:
            parts.append(f"standaard: {', '.join(default)}")
        elif isinstance(default, str) and default:
            parts.append(f"standaard: {p.word(default) if p.choices else ','.join(map(p.word, default.split(',')))}")
        if p.when:
            other = self.param(p.when[0])
            parts.append(f"alleen bij {other.flag} {'/'.join(other.word(v) for v in p.when[1])}")
        return f" ({'; '.join(parts)})" if parts else ""

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


def all_methods() -> dict[str, Method]:
    """Every declared analysis by name (imports the light declaration modules, not the statistics)."""
    for module in DECLARATIONS:
        importlib.import_module(module)
    return METHODS
