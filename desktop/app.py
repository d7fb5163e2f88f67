"""Start the Qt application: the main window, a project, the demo, and crash recovery."""
from __future__ import annotations

import os
import sys
from datetime import datetime


def prepare_environment() -> None:
    """QtWebEngine refuses to run as root without --no-sandbox; add it only in that case.

    Also guards against PySide6's reference-count bug on Python 3.11 (see :mod:`desktop.compat`).
    """
    from desktop.compat import guard_singletons

    guard_singletons()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--no-sandbox" not in flags:
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --no-sandbox").strip()


def application():
    """The QApplication (created once, with the names QSettings uses)."""
    prepare_environment()
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication(sys.argv[:1])
        from desktop import procpool

        app.aboutToQuit.connect(procpool.shutdown)  # the worker process ends with the window
        _quit_on_signals(app)
    _make_scratch(app)
    _install_dutch(app)
    app.setOrganizationName("Wijkbeeld")
    app.setApplicationName("Wijkbeeld")
    app.setApplicationDisplayName("Wijkbeeld")
    return app


def _quit_on_signals(app) -> None:
    """SIGTERM (a logout, ``kill``) and SIGHUP end the app as its own Afsluiten does: the event loop stops,
    the worker process ends and the scratch folder goes (``aboutToQuit``), and the autosave holds any
    unsaved work (nothing asks: there is no one to answer). Python runs a signal handler only between
    bytecodes, so a timer lets it in while Qt waits for events."""
    import signal

    from PySide6.QtCore import QTimer

    def stop(signum, frame) -> None:
        app.exit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    tick = QTimer(app)
    tick.setInterval(250)
    tick.timeout.connect(lambda: None)
    tick.start()
    app._wijkbeeld_signal_tick = tick


SCRATCH_PREFIX = "wijkbeeld-sessie-"


def clean_stale_scratch(folder: str | None = None) -> list[str]:
    """Remove the scratch folders of sessions that ended without removing theirs (killed, crashed): the
    folder's name carries its process id; a folder whose process is gone goes. Returns what was removed."""
    import shutil
    import tempfile
    from pathlib import Path

    removed = []
    for path in Path(folder or tempfile.gettempdir()).glob(SCRATCH_PREFIX + "*"):
        pid = path.name.removeprefix(SCRATCH_PREFIX).split("-")[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(str(path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _make_scratch(app) -> None:
    """One scratch folder for the session's map pages (desktop.tasks.scratch_dir), removed at the end.

    Each analysis writes a new page (a map of the national buurten is ~4.5 MB); before, every page stayed
    behind in the system's temporary folder. Made before the worker process starts, which inherits it.
    Its name carries the process id, so that the next start removes it when this session was killed.
    """
    import atexit
    import shutil
    import tempfile

    from desktop.tasks import SCRATCH_ENV

    if os.environ.get(SCRATCH_ENV):
        return
    clean_stale_scratch()
    folder = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-")
    os.environ[SCRATCH_ENV] = folder

    def remove() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    app.aboutToQuit.connect(remove)
    atexit.register(remove)  # also when the app ends without aboutToQuit (tests)


def _install_dutch(app) -> None:
    """Qt's own texts (OK, Annuleren, Details tonen…) in Dutch, from the translations PySide6 ships."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if getattr(app, "_wijkbeeld_translator", None) is not None:
        return
    QLocale.setDefault(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_nl", folder):
        app.installTranslator(translator)
    app._wijkbeeld_translator = translator


def offer_restore(window, ask: bool = True) -> bool:
    """After a crash (the running flag is still there) offer the autosaved project; True if opened."""
    from PySide6.QtWidgets import QMessageBox

    from desktop import settings_store
    from desktop.strings import tr

    flag, auto = settings_store.running_flag(), settings_store.autosave_path()
    crashed = flag.exists()
    flag.write_text(str(os.getpid()))
    if not (crashed and auto.exists()):
        return False
    when = datetime.fromtimestamp(auto.stat().st_mtime).strftime("%d-%m-%Y %H:%M")
    if ask:
        answer = QMessageBox.question(window, tr("project.restore_title"), tr("project.restore_text", time=when))
        if answer != QMessageBox.StandardButton.Yes:
            return False
    window.controller.project.open_project(auto)
    return True


def create_window(project: str | None = None, demo: bool = False, ask: bool = True):
    """The main window, shown, with the project, the demo or the crash-recovery offer."""
    application()
    from desktop.main_window import MainWindow

    window = MainWindow()
    window.restore_settings()
    window.show()
    from desktop import bench_hook

    if bench_hook.wanted():  # benchmarks/bench_startup.py: marks on stdout (nothing without the variable)
        bench_hook.install(application(), window)
    restored = offer_restore(window, ask=ask)
    if demo:
        window.controller.project.open_demo()
    elif project:
        window.open_files([project])
    elif not restored:
        window.controller.project.new_project()
    return window


def run_app(project: str | None = None, demo: bool = False) -> int:
    app = application()
    window = create_window(project, demo)
    code = app.exec()
    del window
    return code
