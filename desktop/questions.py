"""The questions the window asks before it throws work away or replaces data (Dutch, one place).

Each question is a :class:`QMessageBox` with one button per answer (``objectName`` is the
answer's key, so that tests and the window find them without reading the text). The answer
is returned as that key; closing the box is the cancel answer.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.strings import tr

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
#: Answers to an import over existing data: replace it, add incidents or counts as a new source beside the
#: current ones, keep a boundary file as another division beside the current one.
REPLACE, ADD_SOURCE, BESIDE = "replace", "add_source", "beside"

_ROLES = {SAVE: QMessageBox.ButtonRole.AcceptRole, DISCARD: QMessageBox.ButtonRole.DestructiveRole,
          REPLACE: QMessageBox.ButtonRole.ActionRole, ADD_SOURCE: QMessageBox.ButtonRole.AcceptRole,
          BESIDE: QMessageBox.ButtonRole.AcceptRole, CANCEL: QMessageBox.ButtonRole.RejectRole}


def ask(parent: QWidget | None, title: str, text: str, answers: list[tuple[str, str]], *,
        informative: str = "", default: str | None = None) -> str:
    """Ask ``text``; ``answers`` are ``(key, button text)`` in the order shown. Returns the chosen key
    (the last answer, the cancel one by convention, when the box is closed)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("question")
    if informative:
        box.setInformativeText(informative)
    buttons = {}
    for key, label in answers:
        button = box.addButton(label, _ROLES.get(key, QMessageBox.ButtonRole.ActionRole))
        button.setObjectName(key)
        buttons[button] = key
    if default is not None:
        box.setDefaultButton(next(b for b, k in buttons.items() if k == default))
    box.setEscapeButton(next(b for b, k in buttons.items() if k == answers[-1][0]))
    box.exec()
    return buttons.get(box.clickedButton(), answers[-1][0])


def save_changes(parent: QWidget | None, name: str, action: str) -> str:
    """Opslaan / Niet opslaan / Annuleren before ``action`` (a Dutch phrase: "een nieuw project begint")."""
    return ask(parent, tr("unsaved.title"), tr("unsaved.text", name=name),
               [(SAVE, tr("unsaved.save")), (DISCARD, tr("unsaved.discard")), (CANCEL, tr("unsaved.cancel"))],
               informative=tr("unsaved.informative", action=action), default=SAVE)


def replace_data(parent: QWidget | None, kind: str, current: str, new: str,
                 answers: list[tuple[str, str]] | None = None) -> str:
    """Before an import replaces the project's ``kind`` (boundaries, incidents, counts): what it holds now
    (``current``) and what would come (``new``). ``answers`` before Annuleren: Vervangen, and room for more."""
    answers = list(answers or [(REPLACE, tr("replace.replace"))]) + [(CANCEL, tr("unsaved.cancel"))]
    return ask(parent, tr("replace.title"), tr("replace.text", kind=tr(f"replace.kind_{kind}")),
               answers, informative=tr("replace.informative", current=current, new=new), default=CANCEL)


def import_over(parent: QWidget | None, kind: str, current: str, new: str) -> str:
    """Before an import meets data of its kind: incidents or counts ask "Toevoegen als nieuwe bron" (the
    default) / "Vervangen" / "Annuleren"; boundaries ask "Vervangen" / "Naast de huidige als andere indeling" /
    "Annuleren" (default: Annuleren, as 108 buurten must never become other areas by a stray Enter)."""
    if kind == "boundaries":
        answers = [(REPLACE, tr("replace.replace")), (BESIDE, tr("replace.beside")), (CANCEL, tr("unsaved.cancel"))]
        informative, default = "replace.informative_division", CANCEL
    else:
        answers = [(ADD_SOURCE, tr("replace.add_source")), (REPLACE, tr("replace.replace")),
                   (CANCEL, tr("unsaved.cancel"))]
        informative, default = "replace.informative_sources", ADD_SOURCE
    return ask(parent, tr("replace.title"), tr("replace.text", kind=tr(f"replace.kind_{kind}")), answers,
               informative=tr(informative, current=current, new=new), default=default)
