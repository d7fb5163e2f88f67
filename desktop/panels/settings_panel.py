"""Analysis settings: a form generated from the methods' own declarations (``hotspots.params.Method``)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QStackedWidget, QVBoxLayout, QWidget)

from desktop.strings import tr
from kernel.errors import AnalysisError


def editor_for(param):
    """One input widget for a :class:`hotspots.params.Param`, with its Dutch help as tooltip."""
    t = param.type
    if param.choices:
        w = QComboBox()
        labels = param.choice_labels or param.choices
        for value, label in zip(param.choices, labels):
            w.addItem(str(label), value)
        w.setCurrentIndex(max(0, w.findData(param.default)))
    elif param.presets:  # a free text offered as a list in plain Dutch; other text can be typed
        w = QComboBox()
        w.setEditable(True)
        w.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for value, label in param.presets:
            w.addItem(label, value)
        w.wijkbeeld_param = param
        w.view().setMinimumWidth(w.view().sizeHintForColumn(0) + 24)  # the list whole, the field narrow
        # a narrow field shows a label's start ('gedeelde grens of…'), not its end; the whole as tooltip
        w.currentIndexChanged.connect(lambda _=None, w=w: w.lineEdit().setCursorPosition(0))
        for i, (value, label) in enumerate(param.presets):
            w.setItemData(i, label, Qt.ItemDataRole.ToolTipRole)
        set_value(w, param.default)
        w.lineEdit().setCursorPosition(0)
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
        w = QLineEdit("" if param.default is None else param.word(param.default))  # 'koningin', not 'queen'
        w.wijkbeeld_param = param  # its Dutch words are read back as the value (value_of)
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
    if isinstance(w, QComboBox) and w.isEditable():
        text = w.currentText().strip()
        i = w.findText(text)
        if i >= 0:
            return w.itemData(i)
        param = getattr(w, "wijkbeeld_param", None)
        return (param.from_word(text) if param is not None else text) or None
    if isinstance(w, QComboBox):
        return w.currentData()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    if isinstance(w, (QSpinBox, QDoubleSpinBox)):
        return w.value()
    text = w.text().strip()
    param = getattr(w, "wijkbeeld_param", None)
    if text and param is not None and param.words:
        return param.from_word(text)  # 'dichtstbij:8' -> 'knn:8'; the value itself is accepted as well
    return text or None


def set_value(w, value) -> None:
    if isinstance(w, QComboBox):
        i = w.findData(value)
        if i >= 0:
            w.setCurrentIndex(i)
        elif w.isEditable():  # a value the list does not offer (knn:6): as typed, in its Dutch words
            param = getattr(w, "wijkbeeld_param", None)
            w.setEditText("" if value is None else param.word(value) if param is not None else str(value))
    elif isinstance(w, QCheckBox):
        w.setChecked(bool(value))
    elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
        if value is not None:
            w.setValue(value)
    else:
        param = getattr(w, "wijkbeeld_param", None)
        w.setText("" if value is None else param.word(value) if param is not None and param.words else str(value))


def add_param_rows(form: QFormLayout, params, errors: dict | None = None) -> dict:
    """A labelled row per :class:`hotspots.params.Param` in ``form``; returns ``{name: editor}``.

    With ``errors`` (a dict), each free-text field gets a hidden line under it for its Dutch message
    (:func:`desktop.form_checks.field_error`), stored there by the parameter's name.
    """
    editors = {}
    for p in params:
        editors[p.name] = w = editor_for(p)
        label = QLabel(p.label)
        label.setToolTip(p.help)
        form.addRow(label, w)
        if errors is not None and (isinstance(w, QLineEdit) or isinstance(w, QComboBox) and w.isEditable()):
            message = QLabel()
            message.setObjectName(f"error_{p.name}")
            message.setWordWrap(True)
            message.setStyleSheet("color: #b00020;")
            message.hide()
            form.addRow("", message)
            errors[p.name] = message
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
        self.errors: dict[str, QLabel] = {}  # the message line under each free-text field
        self.editors = add_param_rows(form, method.params, self.errors)
        for name in self.errors:
            w = self.editors[name]
            (w.editTextChanged if isinstance(w, QComboBox) else w.textChanged).connect(
                lambda _, name=name: self.check(name))
        # only the rows of the parameters that apply to the chosen values (Param.when, e.g. the hot-spot method)
        for name in {p.when[0] for p in method.params if p.when and p.when[0] in self.editors}:
            self.editors[name].currentIndexChanged.connect(self.show_rows)
        self.show_rows()

    def show_rows(self) -> None:
        shown = {p.name for p in self.method.shown({n: value_of(w) for n, w in self.editors.items()})}
        for name, w in self.editors.items():
            self.layout().setRowVisible(w, name in shown)
            message = self.errors.get(name)
            if message is not None:  # a hidden field's message goes with it; a shown one only when it says something
                self.layout().setRowVisible(message, name in shown and bool(message.text()))

    def values(self) -> dict:
        return self.method.validate({name: value_of(w) for name, w in self.editors.items()})

    def check(self, only: str | None = None) -> bool:
        """Show a Dutch message at each field that is wrong (or only at ``only``); True when none is."""
        from desktop.form_checks import field_error

        ok = True
        for p in self.method.params:
            message = self.errors.get(p.name)
            if message is None or (only is not None and p.name != only):
                continue
            shown = self.layout().isRowVisible(self.editors[p.name])  # a field that does not apply is not checked
            text = field_error(p, value_of(self.editors[p.name])) if shown else None
            message.setText(text or "")
            self.layout().setRowVisible(message, bool(text))
            self.editors[p.name].setStyleSheet("border: 1px solid #b00020;" if text else "")
            ok = ok and text is None
        return ok

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

    def take_run_button(self) -> QPushButton:
        """The Berekenen button out of the form's box (the window keeps it in view below the forms)."""
        self.box_layout.removeWidget(self.run_button)
        return self.run_button

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
        form = self.by_name[name]
        try:
            return name, form.values()
        except AnalysisError:  # a field is wrong (its message is shown): the declared defaults
            return name, form.method.defaults()

    def set_settings(self, settings: dict) -> None:
        self._pending = None if self.by_name else dict(settings)
        name = settings.get("method")
        i = self.method.findData(name)
        if i >= 0:
            self.method.setCurrentIndex(i)
            self.by_name[name].set_values(settings.get("params", {}))

    def request_run(self) -> None:
        """Berekenen: the form's values, unless a field is wrong (then its message shows, nothing runs)."""
        name = self.method.currentData() if self.method.currentIndex() >= 0 else None
        if name is not None and not self.by_name[name].check():
            return
        name, params = self.current()
        self.runRequested.emit(name or "", params)
