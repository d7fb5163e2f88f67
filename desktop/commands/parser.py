"""The command line in Dutch: argparse's own texts, one metavar style, Dutch values, examples.

argparse writes its own texts (``usage:``, ``options``, ``show this help message and exit``, ``the
following arguments are required: %s``, ``invalid choice: ...``) through gettext: it looks each one up
with the module's ``_`` (and ``ngettext``) at the moment it needs it. While a :class:`Parser` is built,
parses or writes its help, that lookup is :data:`DUTCH`, a :class:`gettext.NullTranslations` over
:data:`CATALOG`, the Dutch text of every message argparse has (``tests/test_cli_dutch.py`` reads
argparse's source and checks that none is missing, so a newer Python cannot bring English back).
Afterwards argparse is as it was: another parser in the same process (pytest's) keeps its own texts.

The style of the help (:class:`Formatter`): a value the user types is named in capitals and in Dutch
(``BESTAND``, ``MAP``, ``KOLOM``, ``AANTAL``, ``METERS``, ``JJJJ-MM``); a choice shows its Dutch
values (``{buurt,wijk}``); a default is written as a Dutch reader writes it (``0,5``, ``aan``), never
``None`` or empty; each command ends with two or three examples on the demo files
(:mod:`desktop.commands.examples`). Nothing here imports pandas: ``wijkbeeld --help`` stays fast.
"""
from __future__ import annotations

import argparse
import contextlib
import gettext
import os
import sys
from collections.abc import Iterator

#: argparse's messages (the msgids of its ``_()`` and ``ngettext()`` calls) in Dutch. Messages about a
#: mistake in our own parser definition are translated too: nothing English reaches a user.
CATALOG: dict[str, str] = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "optional arguments": "opties",  # Python < 3.10
    "subcommands": "opdrachten",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "dit moet u nog opgeven: %s",
    "one of the arguments %s is required": "geef een van deze opties: %s",
    "not allowed with argument %s": "gaat niet samen met %s",
    "unrecognized arguments: %s": "onbekende opties of waarden: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "onbekende opdracht %(parser_name)r (kies uit "
                                                             "%(choices)s)",
    "ambiguous option: %(option)s could match %(matches)s": "optie %(option)s is niet eenduidig: bedoelt u "
                                                            "%(matches)s?",
    "expected one argument": "hier hoort één waarde bij",
    "expected at most one argument": "hier hoort hoogstens één waarde bij",
    "expected at least one argument": "hier hoort minstens één waarde bij",
    "expected %s argument": "hier hoort %s waarde bij",
    "expected %s arguments": "hier horen %s waarden bij",
    "ignored explicit argument %r": "de waarde %r hoort niet bij deze optie",
    "unexpected option string: %s": "onverwachte optie: %s",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
    "argument \"-\" with mode %r": "'-' (standaardinvoer of -uitvoer) kan niet met modus %r",
    # mistakes in a parser definition (for a developer, but never English on a user's screen)
    ".__call__() not defined": ".__call__() ontbreekt",
    "%r is not callable": "%r is geen functie",
    "'required' is an invalid argument for positionals": "'required' kan niet bij een argument zonder optie",
    "mutually exclusive arguments must be optional": "opties die elkaar uitsluiten moeten opties zijn",
    "cannot merge actions - two groups are named %r": "kan de opties niet samenvoegen: twee groepen heten %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "ongeldige optie %(option)r: moet beginnen met %(prefix_chars)r",
    "dest= is required for options like %r": "dest= is nodig bij een optie als %r",
    "invalid conflict_resolution value: %r": "ongeldige waarde voor conflict_resolution: %r",
    "conflicting option string: %s": "deze optie bestaat al: %s",
    "conflicting option strings: %s": "deze opties bestaan al: %s",
    "cannot have multiple subparser arguments": "er kan maar één groep opdrachten zijn",
    "conflicting subparser: %s": "deze opdracht bestaat al: %s",
    "conflicting subparser alias: %s": "deze andere naam van een opdracht bestaat al: %s",
    # Python 3.13 and later
    "command '%(parser_name)s' is deprecated": "de opdracht '%(parser_name)s' verdwijnt",
    "option '%(option)s' is deprecated": "de optie '%(option)s' verdwijnt",
    "argument '%(argument_name)s' is deprecated": "'%(argument_name)s' verdwijnt",
}


class Catalog(gettext.NullTranslations):
    """A gettext translation from a dict (argparse asks with ``gettext`` and ``ngettext``)."""

    def __init__(self, texts: dict[str, str]):
        super().__init__()
        self.texts = texts

    def gettext(self, message):
        return self.texts.get(message, message) if message else message

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)


DUTCH = Catalog(CATALOG)


@contextlib.contextmanager
def dutch() -> Iterator[None]:
    """argparse's texts in Dutch inside the block (and as they were after it)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = DUTCH.gettext, DUTCH.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def dutch_number(value) -> str:
    """A default as a Dutch reader writes it: ``0,5``, ``250``, ``aan``/``uit``; a list joined by commas."""
    if isinstance(value, bool):
        return "aan" if value else "uit"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value))
    return str(value)


class Formatter(argparse.HelpFormatter):
    """Help in one style: metavars in Dutch capitals, defaults written out by :class:`~hotspots.params.Param`."""

    def __init__(self, prog, indent_increment=2, max_help_position=30, width=None):
        super().__init__(prog, indent_increment, max_help_position, _terminal_width() - 2 if width is None else width)

    def _get_default_metavar_for_optional(self, action):
        return "WAARDE"

    def _get_default_metavar_for_positional(self, action):
        return "WAARDE"


def _terminal_width() -> int:
    """The width argparse would take (``shutil.get_terminal_size().columns``: ``$COLUMNS``, else the terminal's,
    else 80), without importing shutil (with bz2, lzma and fnmatch a tenth of ``wijkbeeld --help``)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class Parser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` that speaks Dutch (see the module docstring).

    ``examples``: ``(command line, what it does)`` pairs, printed under "Voorbeelden" at the end of
    the help. Subcommands get this class too (argparse makes them with the parent's class).
    """

    def __init__(self, *args, examples=(), **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        # no abbreviations: 'inzet --category X' was read as --category-column X, without a word
        kwargs.setdefault("allow_abbrev", False)
        with dutch():
            super().__init__(*args, **kwargs)
        self.examples = list(examples)

    def add_subparsers(self, **kwargs):
        with dutch():
            return super().add_subparsers(**kwargs)

    def add_argument(self, *args, **kwargs):
        with dutch():
            return super().add_argument(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with dutch():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with dutch():
            return super().parse_known_args(args, namespace)

    def format_usage(self):
        with dutch():
            return super().format_usage()

    def format_help(self):
        with dutch():
            text = super().format_help()
        return text + examples_text(self.examples)

    def error(self, message):
        with dutch():
            super().error(message)


def examples_text(examples) -> str:
    """The "Voorbeelden" section of a help text: each command line, and below it what it does."""
    if not examples:
        return ""
    lines = ["", "voorbeelden (de voorbeeldbestanden eerst in een map: wijkbeeld voorbeeld-bestanden --out voorbeeld):"]
    for command, what in examples:
        lines += [f"  {command}", f"      {what}"]
    return "\n".join(lines) + "\n"


def whole_number(text: str) -> int:
    """``type=`` for a whole number of at least 0, with a Dutch message otherwise."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geheel getal") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is kleiner dan 0")
    return value


def words(mapping: dict[str, str]):
    """``type=`` that takes a Dutch word or its English alias and gives the Dutch word (``choices=`` lists the
    Dutch words, so the help shows only those; scripts that use the English word keep working).

    >>> kind = words({"grenzen": "boundaries", "tellingen": "counts"})
    >>> kind("counts"), kind("Grenzen")
    ('tellingen', 'grenzen')
    """
    back = {english.lower(): dutch_word for dutch_word, english in mapping.items()}

    def to_word(text: str) -> str:
        low = str(text).strip().lower()
        return back.get(low, low)

    return to_word
