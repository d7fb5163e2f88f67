"""What every feature controller shares: its runners, and how their errors reach the user."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.state import ProjectSettings, Session
from desktop.workers import Runner

#: How a runner's error reaches the user: a message box, or a line in the status bar (background work).
BOX, STATUS = "box", "status"


class Feature(QObject):
    """A controller of one feature, on the window's state: ``chosen`` (what the project saves) and ``session``.

    Signals
    -------
    status(str)
        A line for the status bar.
    failed(object, str)
        A runner's :class:`desktop.workers.TaskError` and the Dutch name of the work (a message box).
    """

    status = Signal(str)
    failed = Signal(object, str)

    def __init__(self, chosen: ProjectSettings, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.chosen, self.session = chosen, session
        self._runners: list[tuple[Runner, bool]] = []

    def add_runner(self, title: str, *, process: bool | str = False, progress: bool = True,
               errors: str | None = BOX) -> Runner:
        """A new runner of this feature; ``progress``: shown in the status bar's bar (with Afbreken)."""
        r = Runner(title, self, process=process)
        self._runners.append((r, progress))
        if errors == BOX:
            r.errorOccurred.connect(lambda err, r=r: self.failed.emit(err, r.title))
        elif errors == STATUS:
            r.errorOccurred.connect(lambda err: self.status.emit(self.background_error(err)))
        return r

    def background_error(self, err) -> str:
        from desktop.strings import tr

        return tr("status.autosave_failed", error=err.exception)

    def runners(self) -> tuple[Runner, ...]:
        return tuple(r for r, _ in self._runners)

    def shown_runners(self) -> tuple[Runner, ...]:
        """The runners whose progress the status bar shows."""
        return tuple(r for r, shown in self._runners if shown)


class FileWriter(Feature):
    """A feature that writes one file at a time on its runner and says in the status bar where it went (the report,
    the exports): Afbreken and progress as every runner, the privacy choice (``summary``) said with the path.

    Signals
    -------
    written(str)
        The path of the file just written.
    """

    written = Signal(str)
    #: The status line once written (a :mod:`desktop.strings` key with ``{path}``).
    said = ""

    def __init__(self, chosen: ProjectSettings, session: Session, parent: QObject | None = None, *, title: str,
                 process: bool | str):
        from desktop.strings import tr

        super().__init__(chosen, session, parent)
        self.runner = self.add_runner(title, process=process)
        self.runner.resultReady.connect(self._on_written)
        self.runner.cancelled.connect(lambda: self.status.emit(tr("status.cancelled")))
        self._summary = ""

    def busy(self) -> bool:
        return self.runner.is_running()

    def start_writing(self, fn, *, summary: str = "", label: str = "", **kwargs) -> None:
        """Start ``fn(**kwargs)`` (it returns the path written, or a dict with ``path``)."""
        self._summary = summary
        self.runner.start(fn, label=label, **kwargs)

    def _on_written(self, result) -> None:
        from desktop.strings import tr

        path = str(result["path"] if isinstance(result, dict) else result)
        self.status.emit(tr(self.said, path=path) + (" · " + self._summary if self._summary else ""))
        self.written.emit(path)
