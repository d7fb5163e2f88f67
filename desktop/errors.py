"""Errors at the edge: a Dutch message box with the details one click away (after glue-qt).

:func:`show_error` never blocks (``QMessageBox.open``), so a test or a running
analysis is never stuck behind a modal dialog, and every box shown is kept in
:data:`SHOWN` so that tests can assert that an error reached the user.
"""
from __future__ import annotations

import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.strings import tr
from kernel.errors import WijkbeeldError

#: The message boxes shown in this session (newest last), for tests and the log.
SHOWN: list[QMessageBox] = []


def message_for(exc: BaseException) -> str:
    """The one Dutch sentence a user reads: the core's own message (its hints in the window's words: the window's
    own advice where the error names it, :data:`ADVICE`, else its options as the window's boxes,
    :func:`window_words`), or a general one."""
    if isinstance(exc, WijkbeeldError):
        own = ADVICE.get(getattr(exc, "advice", None))
        return window_words(exc.text(hint=own()) if own is not None else str(exc))
    return tr("error.internal", kind=type(exc).__name__)


def _menu(key: str) -> str:
    """A menu's or action's text as the user reads it (``Exporteren``, ``Resultaten als Excel (XLSX)``)."""
    return tr(key).replace("&", "").rstrip("…").strip()


#: The window's words for what an error of the core advises (:attr:`kernel.errors.WijkbeeldError.advice`), in place
#: of its hint, which names the command line's commands and options (``wijkbeeld analyse``, ``--history-from``).
ADVICE = {
    "hotspots_without_period": lambda: tr("advice.hotspots_without_period", menu=_menu("menu.export"),
                                          action=_menu("action.export_xlsx")),
    "earlier_history": lambda: tr("advice.earlier_history"),
}


#: The importers' hints name the options of the command line (``--counts``, ``--crs``); in the window they are
#: the wizard's boxes. Each: a pattern of the hint and the window's words for it.
_KIND_OPTIONS = {"areas": "boundaries", "incidents": "incidents", "counts": "counts"}
_BOXES = (
    (r"Geef het op als [^()]*\(--(areas|incidents|counts)\)",
     lambda m: tr("error.choose_kind", kind=tr(f"kind.{_KIND_OPTIONS[m.group(1)]}"))),
    (r"Geef het op als [^()]*\(--(kerncijfers|vm)\)", lambda m: tr("error.not_in_wizard")),
    (r"een tabel met incidenten of tellingen geef je op als --incidents of --counts",
     lambda m: tr("error.choose_kinds", first=tr("kind.incidents"), second=tr("kind.counts"))),
    (r"geef het stelsel op met --crs(, bijvoorbeeld) --crs ", lambda m: tr("error.choose_crs") + m.group(1) + " "),
    (r"geef het stelsel op met --crs", lambda m: tr("error.choose_crs")),
    (r"\s*\(--crs\)", lambda m: " " + tr("error.crs_box")),
    (r"met --encoding", lambda m: tr("error.encoding_box")),
    (r"geef de volgorde op met --dayfirst of --monthfirst", lambda m: tr("error.dayfirst_box")),
    (r"(geef de kolom met de gebiedscode op|kies de kolom met de gebiedscode) met --code",
     lambda m: tr("error.code_box")),
)


def window_words(text: str) -> str:
    """``text`` with the command line's options said as the window's boxes (and an option the window has no box
    for left out of the sentence, not shown as a flag)."""
    import re

    if "--" not in text:
        return text
    for pattern, words in _BOXES:
        text = re.sub(pattern, words, text)
    return re.sub(r"\s*\(--[a-z][a-z-]*\)", "", text)


def show_error(parent: QWidget | None, exc: BaseException, details: str | None = None,
               what: str = "") -> QMessageBox:
    """Show ``exc`` as a warning box; the traceback goes into the details (one click away)."""
    if details is None:
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Warning, tr("error.title"),
                      (tr("error.intro", what=what) + "\n\n" if what else "") + message_for(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(tr("error.details_hint"))
    box.setDetailedText(details)
    box.setObjectName("errorBox")
    SHOWN.append(box)
    box.open()
    return box
