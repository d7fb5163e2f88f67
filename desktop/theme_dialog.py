"""'Nieuw thema...': a name and the categories it takes from each source of the project.

A theme (:class:`importers.projectmodel.Theme`) is a named selection of categories across the sources:
"Fietsendiefstal" = police "1.2.3 Diefstal van brom-, snor-, fietsen" + the own registration's "fiets".
One list of categories per source, largest first; OK once the theme has a name and a category.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QVBoxLayout, QWidget)

from desktop.strings import number, tr


class ThemeDialog(QDialog):
    """Asks a theme's name and its categories per source; :meth:`theme` is the result (None: incomplete)."""

    def __init__(self, project, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("theme_dialog")
        self.setWindowTitle(tr("theme.title"))
        self.project = project
        self.name = QLineEdit()
        self.name.setObjectName("theme_name")
        self.name.setPlaceholderText(tr("theme.name_hint"))
        form = QFormLayout()
        form.addRow(tr("theme.name"), self.name)
        self.problem = QLabel("")
        self.problem.setObjectName("theme_problem")
        self.problem.setStyleSheet("color: #a00;")
        lists = QHBoxLayout()
        self.lists: dict[str, QListWidget] = {}
        for source in project.sources:
            box = QGroupBox(source.name)
            inner = QVBoxLayout(box)
            lst = QListWidget()
            lst.setObjectName(f"theme_source_{source.name}")
            for c in source.categories():
                text = " ".join(str(v) for v in (c["category"], c.get("label")) if v)
                item = QListWidgetItem(tr("theme.category_line", text=text, n=number(c["count"], 0)))
                item.setData(Qt.ItemDataRole.UserRole, c["category"])
                item.setToolTip(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                lst.addItem(item)
            lst.itemChanged.connect(self._check)
            inner.addWidget(lst)
            lists.addWidget(box)
            self.lists[source.name] = lst
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("theme.ok"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("unsaved.cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(tr("theme.explain")))
        lay.addLayout(lists)
        lay.addWidget(self.problem)
        lay.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self.resize(760, 460)
        self._check()

    def pick(self, source: str, categories) -> None:
        """Check ``categories`` (as in the data) of ``source`` (as the user clicks them)."""
        lst = self.lists[source]
        for i in range(lst.count()):
            item = lst.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in set(map(str, categories)):
                item.setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> dict:
        out = {}
        for source, lst in self.lists.items():
            items = (lst.item(i) for i in range(lst.count()))
            cats = [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]
            if cats:
                out[source] = cats
        return out

    def theme(self):
        from importers.projectmodel import Theme

        name = self.name.text().strip()
        return Theme(name, self.chosen()) if name and self.chosen() else None

    def _check(self, *_) -> None:
        name = self.name.text().strip()
        problem = "" if name else tr("theme.need_name")
        if name and not self.chosen():
            problem = tr("theme.need_category")
        if name and any(t.name.casefold() == name.casefold() for t in self.project.themes):
            problem = problem or tr("theme.replaces", name=name)  # allowed: the theme is redefined
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.theme() is not None)
