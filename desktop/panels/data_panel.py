"""The data panel: what the project holds (boundaries, incidents, counts) and the period/category filters."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from desktop.panels.settings_panel import narrow
from desktop.strings import tr


#: Item data for "all categories". Not None: PySide6 on Python 3.11 miscounts references to None
#: passed through QVariant, which can crash the interpreter at exit.
ALL = ""
#: The theme list's item data for "Nieuw thema..." (opens the dialog; never a theme's name: it has a tab).
NEW_THEME = "\tnew"


class DataPanel(QWidget):
    """Emits ``filtersChanged(dict)`` with ``start``, ``end`` (``"2016-01"``) and ``category`` (None: all)."""

    filtersChanged = Signal(dict)
    importRequested = Signal()
    #: The sources checked (names), the theme chosen ("": none), the division chosen, "Nieuw thema..." picked.
    sourcesChanged = Signal(list)
    themeChanged = Signal(str)
    divisionChanged = Signal(str)
    newThemeRequested = Signal()
    #: The level box (gemeente, wijk, buurt, cellen): the level chosen.
    levelChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layers = QGroupBox(tr("data.title"))
        form = QFormLayout(layers)
        self.labels = {}
        for kind in ("boundaries", "incidents", "counts"):
            lab = QLabel(tr("data.none"))  # no word wrap: it overlaps in a form row; the texts carry \n
            lab.setObjectName(f"data_{kind}")
            self.labels[kind] = lab
            form.addRow(tr(f"data.{kind}") + ":", lab)
        self.import_button = QPushButton(tr("action.import").replace("&", ""))
        self.import_button.clicked.connect(self.importRequested)
        form.addRow(self.import_button)

        self.sources_box = QGroupBox(tr("data.sources"))
        self.sources_box.setToolTip(tr("data.sources_tip"))
        sf = QFormLayout(self.sources_box)
        self.sources = QListWidget()
        self.sources.setObjectName("sources")
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # long file names are elided in the middle (the tooltip holds the whole line); no scrollbar hides a row
        self.sources.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sources.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.sources.itemChanged.connect(self._emit_sources)
        sf.addRow(self.sources)
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        self.theme.setToolTip(tr("data.theme_tip"))
        self.theme.activated.connect(self._emit_theme)
        sf.addRow(tr("data.theme"), self.theme)
        self.division = QComboBox()
        self.division.setObjectName("division")
        self.division.setToolTip(tr("data.division_tip"))
        self.division.activated.connect(lambda i: self.divisionChanged.emit(self.division.itemData(i) or ""))
        self.division_label = QLabel(tr("data.division"))
        sf.addRow(self.division_label, self.division)
        for combo in (self.theme, self.division):
            narrow(combo)

        filters = QGroupBox(tr("data.period"))
        filters.setToolTip(tr("data.filter_tip"))
        f = QFormLayout(filters)
        self.start = QComboBox()
        self.end = QComboBox()
        f.addRow(tr("data.from"), self.start)
        f.addRow(tr("data.to"), self.end)
        self.category = QComboBox()
        f.addRow(tr("data.category"), self.category)
        for combo in (self.start, self.end, self.category):
            narrow(combo)
            combo.currentIndexChanged.connect(self._emit)
        self.level = QComboBox()  # filled by set_levels
        self.level.setObjectName("levelBox")
        self.level.setToolTip(tr("level.tip"))
        narrow(self.level)
        self.level.currentIndexChanged.connect(lambda _: None if self._quiet or self.level.currentIndex() < 0
                                               else self.levelChanged.emit(self.level.currentData()))
        f.addRow(tr("level.label"), self.level)

        lay = QVBoxLayout(self)
        lay.addWidget(layers)
        lay.addWidget(self.sources_box)
        lay.addWidget(filters)
        lay.addStretch(1)
        self._quiet = False
        self.set_sources([], [])
        self.set_themes([], None)
        self.set_divisions([], None)

    # -- sources, theme and division ---------------------------------------------------------
    def set_sources(self, sources: list, checked: list) -> None:
        """``sources``: ``(name, line)`` per source of the project; ``checked``: the names shown. The box shows
        from two sources on (one source is simply the project's)."""
        self._quiet = True
        try:
            self.sources.clear()
            for name, line in sources:
                item = QListWidgetItem(line)
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setToolTip(line)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if name in checked else Qt.CheckState.Unchecked)
                self.sources.addItem(item)
            rows = max(1, min(len(sources), 4))
            self.sources.setFixedHeight(self.sources.sizeHintForRow(0) * rows + 2 * self.sources.frameWidth() + 2
                                        if sources else 24)
            self.sources.setVisible(len(sources) > 1)
        finally:
            self._quiet = False

    def checked_sources(self) -> list:
        items = (self.sources.item(i) for i in range(self.sources.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def set_themes(self, names: list, current: str | None) -> None:
        """The project's themes, "geen thema" first and "Nieuw thema..." last; ``current`` selected."""
        self.theme.clear()
        self.theme.addItem(tr("data.no_theme"), ALL)
        for name in names:
            self.theme.addItem(name, name)
        self.theme.addItem(tr("data.new_theme"), NEW_THEME)
        i = self.theme.findData(current or ALL)
        self.theme.setCurrentIndex(i if i >= 0 else 0)
        self._theme_shown = _data(self.theme)
        self.category.setEnabled(not current)  # a theme chooses the categories itself

    def set_divisions(self, names: list, current: str | None) -> None:
        """The project's divisions (the box shows from two on); ``current`` (None: the first) selected."""
        self.division.clear()
        for name in names:
            self.division.addItem(name, name)
        i = self.division.findData(current) if current else 0
        self.division.setCurrentIndex(max(i, 0) if names else -1)
        for w in (self.division, self.division_label):
            w.setVisible(len(names) > 1)

    def _emit_sources(self, *_):
        if not self._quiet:
            self.sourcesChanged.emit(self.checked_sources())

    def _emit_theme(self, index: int):
        value = self.theme.itemData(index)
        if value == NEW_THEME:  # back to what was shown; the dialog decides
            self.theme.setCurrentIndex(max(self.theme.findData(self._theme_shown), 0))
            self.newThemeRequested.emit()
            return
        self._theme_shown = value
        self.themeChanged.emit(value or "")

    # -- showing the project ---------------------------------------------------------------
    def layer_texts(self) -> dict:
        """What the layer lines say (saved in a snapshot, see :mod:`desktop.snapshot`)."""
        return {kind: label.text() for kind, label in self.labels.items()}

    def choices(self) -> tuple[tuple[str, str] | None, list[str]]:
        """The period (first and last month) and the categories the lists offer (for a snapshot)."""
        months = (self.start.itemData(0), self.start.itemData(self.start.count() - 1)) if self.start.count() else None
        return months, [d for d in (self.category.itemData(i) for i in range(self.category.count())) if d != ALL]

    def set_layer_texts(self, texts: dict) -> None:
        for kind, text in texts.items():
            if kind in self.labels:
                self.labels[kind].setText(text)

    def set_choices(self, months: tuple[str, str] | None, categories: list[str], filters: dict | None = None, *,
                    texts: dict | None = None, everything: bool = True) -> None:
        """Fill the period and category lists without emitting; then select ``filters``. ``texts``: a category's
        words in the list; ``everything=False``: no "all categories" item (police counts are never summed)."""
        self._quiet = True
        try:
            for combo in (self.start, self.end):
                combo.clear()
            if months:
                for m in _month_range(months[0], months[1]):
                    self.start.addItem(f"{m[5:7]}-{m[:4]}", m)
                    self.end.addItem(f"{m[5:7]}-{m[:4]}", m)
                self.start.setCurrentIndex(0)
                self.end.setCurrentIndex(self.end.count() - 1)
            self.category.clear()
            if everything or not categories:
                self.category.addItem(tr("data.all_categories"), ALL)  # no None as item data (see ALL)
            for c in categories:
                self.category.addItem((texts or {}).get(c, c), c)
                self.category.setItemData(self.category.count() - 1, (texts or {}).get(c, c), Qt.ItemDataRole.ToolTipRole)
            # the list opens as wide as its longest category ("1.2.3 Diefstal van brom-, snor-, fietsen")
            self.category.view().setMinimumWidth(self.category.view().sizeHintForColumn(0) + 24)
            self.category.setToolTip(tr("data.counts_category_tip") if not everything and categories else "")
            self.set_filters(filters or {})
        finally:
            self._quiet = False

    def set_levels(self, levels: list[str], current: str | None) -> None:
        """The levels the box offers (coarsest first, as "Gemeente / Wijk / Buurt"; "cellen" last) and the one
        shown, without emitting."""
        quiet, self._quiet = self._quiet, True
        try:
            if [self.level.itemData(i) for i in range(self.level.count())] != list(levels):
                self.level.clear()
                for name in levels:
                    self.level.addItem(tr("level.cellen") if name == "cellen" else tr(f"dev.level.{name}"), name)
            self.level.setCurrentIndex(max(0, self.level.findData(current)))
            self.level.setEnabled(len(levels) > 1)
        finally:
            self._quiet = quiet

    def set_filters(self, filters: dict) -> None:
        quiet, self._quiet = self._quiet, True
        try:
            for combo, key in ((self.start, "start"), (self.end, "end"), (self.category, "category")):
                if filters.get(key) is not None or key == "category":
                    i = combo.findData(filters.get(key) or ALL)
                    if i >= 0:
                        combo.setCurrentIndex(i)
        finally:
            self._quiet = quiet

    def filters(self) -> dict:
        return {"start": _data(self.start), "end": _data(self.end), "category": _data(self.category) or None}

    def _emit(self, *_):
        if not self._quiet:
            self.filtersChanged.emit(self.filters())


def _month_range(first: str, last: str) -> list[str]:
    """The months ``"YYYY-MM"`` from ``first`` to ``last`` inclusive (no pandas: see set_choices).

    >>> _month_range("2016-11", "2017-02")
    ['2016-11', '2016-12', '2017-01', '2017-02']
    """
    y, m = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _data(combo: QComboBox):
    """The current item's data; None without asking Qt when the list is empty (see ALL)."""
    return combo.currentData() if combo.currentIndex() >= 0 else None
