"""Analysis settings: a form generated from the methods' own declarations (``hotspots.params.Method``)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from desktop.strings import tr


def editor_for(param):
    """One input widget for a :class:`hotspots.params.Param`, with its Dutch help as tooltip."""
    t = param.type
    if param.choices:
        w = QComboBox()
        labels = param.choice_labels or param.choices
        for value, label in zip(param.choices, labels):
            w.addItem(str(label), value)
        w.setCurrentIndex(max(0, w.findData(param.default)))
    elif t is bool:
        w = QCheckBox()
        w.setChecked(bool(param.default))
    elif t is int:
        w = QSpinBox()
        w.setRange(int(param.minimum if param.minimum is not None else -10**9),
                   int(param.maximum if param.maximum is not None else 10**9))
        w.setValue(int(param.default))
    elif t is float:
        w = QDoubleSpinBox()
        w.setDecimals(3)
        w.setRange(float(param.minimum if param.minimum is not None else -1e12),
                   float(param.maximum if param.maximum is not None else 1e12))
        w.setValue(float(param.default))
    else:
        w = QLineEdit("" if param.default is None else str(param.default))
        if param.optional or param.default is None:
            w.setPlaceholderText(tr("settings.auto"))
    if isinstance(w, QComboBox):
        narrow(w)
    if isinstance(w, (QSpinBox, QDoubleSpinBox)) and param.default == 0 and w.minimum() == 0 \
            and "0 = " in (param.help or ""):
        w.setSpecialValueText(tr("settings.auto"))  # "0 = automatisch / gekozen uit de data": not "0,000"
    w.setToolTip(param.help)
    w.setObjectName(f"param_{param.name}")
    return w


def narrow(combo: QComboBox) -> QComboBox:
    """Let a combo box shrink with its panel instead of pushing the panel wider than the screen."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


def value_of(w):
    if isinstance(w, QComboBox):
        return w.currentData()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    if isinstance(w, (QSpinBox, QDoubleSpinBox)):
        return w.value()
    text = w.text().strip()
    return text or None


def set_value(w, value) -> None:
    if isinstance(w, QComboBox):
        i = w.findData(value)
        if i >= 0:
            w.setCurrentIndex(i)
    elif isinstance(w, QCheckBox):
        w.setChecked(bool(value))
    elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
        if value is not None:
            w.setValue(value)
    else:
        w.setText("" if value is None else str(value))


def add_param_rows(form: QFormLayout, params) -> dict:
    """A labelled row per :class:`hotspots.params.Param` in ``form``; returns ``{name: editor}``."""
    editors = {}
    for p in params:
        editors[p.name] = w = editor_for(p)
        label = QLabel(p.label)
        label.setToolTip(p.help)
        form.addRow(label, w)
    return editors


class MethodForm(QWidget):
    """The form of one method: a row per parameter."""

    def __init__(self, method, parent: QWidget | None = None):
        super().__init__(parent)
        self.method = method
        form = QFormLayout(self)
        intro = QLabel(method.help)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.editors = add_param_rows(form, method.params)
        # only the rows of the parameters that apply to the chosen values (Param.when, e.g. the hot-spot method)
        for name in {p.when[0] for p in method.params if p.when and p.when[0] in self.editors}:
            self.editors[name].currentIndexChanged.connect(self.show_rows)
        self.show_rows()

    def show_rows(self) -> None:
        shown = {p.name for p in self.method.shown({n: value_of(w) for n, w in self.editors.items()})}
        for name, w in self.editors.items():
            self.layout().setRowVisible(w, name in shown)

    def values(self) -> dict:
        return self.method.validate({name: value_of(w) for name, w in self.editors.items()})

    def set_values(self, values: dict) -> None:
        for name, value in (values or {}).items():
            if name in self.editors:
                set_value(self.editors[name], value)


class SettingsPanel(QWidget):
    """Method chooser + generated form + run button; emits ``runRequested(method, params)``."""

    runRequested = Signal(str, dict)

    def __init__(self, methods: list | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        box = QGroupBox(tr("settings.title"))
        self.box_layout = QVBoxLayout(box)
        self.method = narrow(QComboBox())
        self.forms = QStackedWidget()
        self.by_name = {}
        self._pending: dict | None = None
        self.method.currentIndexChanged.connect(self.forms.setCurrentIndex)
        top = QFormLayout()
        top.addRow(tr("settings.method"), self.method)
        self.note = QLabel(tr("settings.loading"))
        self.note.setWordWrap(True)
        self.run_button = QPushButton(tr("settings.run"))
        self.run_button.setToolTip(tr("action.run").replace("&", "") + " (F5)")
        self.run_button.clicked.connect(self.request_run)
        self.box_layout.addLayout(top)
        self.box_layout.addWidget(self.note)
        self.box_layout.addWidget(self.forms)
        self.box_layout.addWidget(self.run_button)
        outer = QVBoxLayout(self)
        outer.addWidget(box)
        outer.addStretch(1)
        if methods is not None:
            self.set_methods(methods)

    def set_methods(self, methods: list) -> None:
        """Build a form per declared method (the declarations may arrive after start-up)."""
        for m in methods:
            if m.name in self.by_name:
                continue
            self.method.addItem(m.label, m.name)
            form = MethodForm(m)
            self.by_name[m.name] = form
            self.forms.addWidget(form)
        self.note.setVisible(not self.by_name)
        if self._pending is not None:
            self.set_settings(self._pending)

    def current(self) -> tuple[str | None, dict]:
        name = self.method.currentData() if self.method.currentIndex() >= 0 else None
        if name is None:
            return None, {}
        return name, self.by_name[name].values()

    def set_settings(self, settings: dict) -> None:
        self._pending = None if self.by_name else dict(settings)
        name = settings.get("method")
        i = self.method.findData(name)
        if i >= 0:
            self.method.setCurrentIndex(i)
            self.by_name[name].set_values(settings.get("params", {}))

    def request_run(self) -> None:
        name, params = self.current()
        self.runRequested.emit(name or "", params)
