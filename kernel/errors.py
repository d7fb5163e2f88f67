"""Typed errors and warnings of the Wijkbeeld core.

The core raises these; only ``desktop/`` (a dialog) and the command line (one
line on stderr, exit code 2) turn them into what a user sees. Every error
carries a Dutch message and, where known, the file, row and column, so that the
user can find the problem in the source file.

>>> e = ImportFileError("Datum niet te lezen: '31-02-2016'", path="meldingen.csv", row=12, column="Begindatum")
>>> str(e)
"meldingen.csv, rij 12, kolom 'Begindatum': Datum niet te lezen: '31-02-2016'"
"""
from __future__ import annotations

from pathlib import Path


class WijkbeeldWarning(UserWarning):
    """A warning from the Wijkbeeld core (the tests turn these into errors)."""


class WijkbeeldError(Exception):
    """Base class: an error with a Dutch message and where it happened.

    Parameters
    ----------
    message : str
        What is wrong, in Dutch, for the user.
    path, row, column : optional
        Where: the file, the 1-based data row (as a spreadsheet shows it, so
        the header is row 1 and the first data row is row 2) and the column.
    hint : str, optional
        What the user can do about it.
    advice : str, optional
        A name for what ``hint`` advises, where the hint names the command line's commands or options
        (``"hotspots_without_period"``: "de hot spots zonder periode geven wijkbeeld analyse en wijkbeeld
        hotspots"): a surface with its own words for that advice says those in its place (the window its menus and
        buttons, :func:`desktop.errors.message_for`), through :meth:`text`. The hint itself is what the command
        line says.

    >>> e = AnalysisError("Geen datum.", hint="geef --from", advice="example")
    >>> str(e), e.text(hint="kies links een periode"), e.text(hint=None)
    ('Geen datum. (geef --from)', 'Geen datum. (kies links een periode)', 'Geen datum.')
    """

    def __init__(self, message: str, *, path: str | Path | None = None, row: int | None = None,
                 column: str | None = None, hint: str | None = None, advice: str | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.row = row
        self.column = column
        self.hint = hint
        self.advice = advice
        super().__init__(self.__str__())

    def where(self) -> str:
        parts = []
        if self.path:
            parts.append(Path(self.path).name)
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column is not None:
            parts.append(f"kolom '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return self.text()

    def text(self, *, hint=...) -> str:
        """Where, the message and the hint: this error's own hint, or ``hint`` in its place (a surface's own
        words for :attr:`advice`; None: none)."""
        hint = getattr(self, "hint", None) if hint is ... else hint
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        if hint:
            text += f" ({hint})"
        return text

    def to_dict(self) -> dict:
        return {"error": type(self).__name__, "message": self.message, "path": self.path,
                "row": self.row, "column": self.column, "hint": self.hint, "advice": getattr(self, "advice", None)}


class ImportFileError(WijkbeeldError, ValueError):
    """A file cannot be read or understood (empty, binary, unknown layout, ...)."""


class UnknownFormatError(ImportFileError):
    """No reader recognises this file."""


class WrongFileError(ImportFileError):
    """A file given in the wrong place (boundaries as incidents, ...): the message says what it is and where it goes."""


class CRSError(WijkbeeldError, ValueError):
    """Coordinates in a reference system Wijkbeeld cannot use or cannot recognise."""


class AnalysisError(WijkbeeldError, ValueError):
    """Inputs that an analysis cannot work with (too few incidents, no areas, ...)."""


class ProjectError(WijkbeeldError, OSError):
    """A project file cannot be opened or saved."""


class OutputError(WijkbeeldError, OSError):
    """An output cannot be written (a read-only folder, a full disk, a bad name, an input in the way)."""


class Cancelled(WijkbeeldError):
    """The user cancelled a long computation."""

    def __init__(self, message: str = "Afgebroken door de gebruiker.", **kw):
        super().__init__(message, **kw)
