"""The privacy settings of exports: suppression of small counts and incident points, chosen by the user.

Privacy by default: small counts suppressed below 5, no incident points. The
choice belongs to the project (a project for the council and one for the police
may need different rules): it is saved in the project's ``settings`` as
``"export"`` (:meth:`ExportSettings.to_dict`) and read back with :func:`for_project`.
QSettings (``export/...``) keeps the user's last choice, the default for a project
that has none (a new one). The choice becomes the :class:`mapping.disclosure.PrivacyRules`
that every export from the menu uses; the command line has its own (``mapping/``).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout,
                               QWidget)

from desktop import settings_store
from desktop.strings import tr

DEFAULT_THRESHOLD = 5  # mapping.disclosure.DEFAULT_THRESHOLD, repeated so that the menu needs no mapping import
MIN_THRESHOLD = 2      # PrivacyRules refuses less
MAX_THRESHOLD = 100


@dataclass(frozen=True)
class ExportSettings:
    """What the user chose for exports (defaults: suppress below 5, no points)."""

    suppress: bool = True
    threshold: int = DEFAULT_THRESHOLD
    points: bool = False

    def rules(self):
        from mapping.disclosure import PrivacyRules

        return PrivacyRules(suppress_below=self.threshold if self.suppress else None, include_points=self.points)

    def to_dict(self) -> dict:
        """As the project stores it (``settings["export"]``, JSON)."""
        return {"suppress": self.suppress, "threshold": int(self.threshold), "points": self.points}

    def summary(self) -> str:
        """One Dutch sentence for the message after an export."""
        first = tr("export.summary_suppressed", n=self.threshold) if self.suppress else tr("export.summary_open")
        return first + " " + (tr("export.summary_points") if self.points else tr("export.summary_no_points"))


def _bool(value, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, str):  # ini files give strings back
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def _threshold(value) -> int:
    try:
        threshold = int(value or DEFAULT_THRESHOLD)
    except (TypeError, ValueError):
        threshold = DEFAULT_THRESHOLD
    return min(max(threshold, MIN_THRESHOLD), MAX_THRESHOLD)


def _read(get) -> ExportSettings:
    """A choice from ``get(key)`` (None or "" where nothing is stored: then the privacy default)."""
    return ExportSettings(suppress=_bool(get("suppress"), True), threshold=_threshold(get("threshold")),
                          points=_bool(get("points"), False))


def for_project(settings: dict | None, s=None) -> ExportSettings:
    """The choice saved in a project's ``settings`` (``"export"``), else the user's default (:func:`load`).

    A key missing from a saved choice takes the privacy default, not the user's.
    """
    saved = (settings or {}).get("export")
    return _read(saved.get) if isinstance(saved, dict) else load(s)


def load(s=None) -> ExportSettings:
    """The user's last choice (QSettings): the default for a new project."""
    s = s or settings_store.settings()
    return _read(lambda key: s.value(f"export/{key}", ""))


def save(choice: ExportSettings, s=None) -> None:
    s = s or settings_store.settings()
    # ints and strings only: PySide6 6.12 on Python 3.11 loses references to True/False through QVariant
    s.setValue("export/suppress", "true" if choice.suppress else "false")
    s.setValue("export/threshold", int(choice.threshold))
    s.setValue("export/points", "true" if choice.points else "false")
    s.sync()


class ExportSettingsDialog(QDialog):
    """Suppression on/off, its threshold, and the opt-in for incident points."""

    def __init__(self, parent: QWidget | None = None, current: ExportSettings | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("export.settings_title"))
        current = current or load()
        intro = QLabel(tr("export.settings_intro"))
        intro.setWordWrap(True)
        self.suppress = QCheckBox(tr("export.suppress"))
        self.suppress.setToolTip(tr("export.suppress_tip"))
        self.threshold = QSpinBox()
        self.threshold.setRange(MIN_THRESHOLD, MAX_THRESHOLD)
        self.threshold.setToolTip(tr("export.threshold_tip"))
        self.points = QCheckBox(tr("export.points"))
        self.points.setToolTip(tr("export.points_tip"))
        self.suppress.toggled.connect(self.threshold.setEnabled)
        self.set_choice(current)
        form = QFormLayout()
        form.addRow(self.suppress)
        form.addRow(tr("export.threshold"), self.threshold)
        form.addRow(self.points)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.set_choice(ExportSettings()))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def set_choice(self, choice: ExportSettings) -> None:
        self.suppress.setChecked(choice.suppress)
        self.threshold.setValue(choice.threshold)
        self.threshold.setEnabled(choice.suppress)
        self.points.setChecked(choice.points)

    def choice(self) -> ExportSettings:
        return ExportSettings(suppress=self.suppress.isChecked(), threshold=self.threshold.value(),
                              points=self.points.isChecked())

    def accept(self) -> None:
        save(self.choice())  # the user's last choice: the default of the next new project
        super().accept()
