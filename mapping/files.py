"""Writing outputs safely: each file complete or absent, an input never overwritten, one Dutch line.

Every output of Wijkbeeld (the folder of ``wijkbeeld analyse``, a report, one export from the
window) is written through :class:`Staging`:

1. :func:`check_target` refuses, before anything is written, a name that is too long or holds a
   line break or another control character, and an output folder that is a file;
2. :func:`refuse_inputs` refuses an output that is one of the input files (the same path, or the
   same file through another path or a link): an input is never an output;
3. each file is written under a temporary name in its own folder (``.wijkbeeld-<pid>-<hex>.ext``)
   and renamed to its real name (:func:`os.replace`, atomic on one file system) only when every
   file of the run is complete; on any error the temporary files are removed, so a full disk or a
   read-only folder leaves no partial file and no earlier output is damaged;
4. an operating-system error becomes an :class:`kernel.errors.OutputError` with one Dutch
   sentence (:func:`output_error`), which the command line prints with exit code 2.

Temporary files of a run that was killed are removed by the next run in the same folder
(:func:`remove_stale`): their process id is no longer alive.
"""
from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from kernel.errors import OutputError

#: The longest file name most file systems take (bytes, UTF-8).
MAX_NAME_BYTES = 255
_PREFIX = ".wijkbeeld-"


def _bad_char(text: str) -> str | None:
    for ch in text:
        if ord(ch) < 32 or ch == "\x7f":
            return {"\n": "een regelovergang", "\r": "een regelterugloop", "\t": "een tab"}.get(
                ch, f"een stuurteken (code {ord(ch)})")
    return None


def check_target(path, *, folder: bool = False) -> Path:
    """``path`` as a Path, or an :class:`OutputError` when it cannot be an output (see the module docstring).

    ``folder``: the path is an output folder (it may exist, as a folder).
    """
    path = Path(path)
    what = "De uitvoermap" if folder else "Het uitvoerbestand"
    bad = _bad_char(str(path))
    if bad:
        raise OutputError(f"{what} '{_show(path)}' bevat {bad} in de naam; kies een naam zonder.", path=None)
    for part in path.parts:
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            raise OutputError(f"{what} heeft een te lange naam ({len(part)} tekens in '{part[:40]}...'); "
                              f"een naam mag hoogstens {MAX_NAME_BYTES} tekens hebben.")
    if folder and path.exists() and not path.is_dir():
        raise OutputError(f"De uitvoermap '{_show(path)}' is een bestand, geen map; geef een map op.")
    if not folder and path.is_dir():
        raise OutputError(f"Het uitvoerbestand '{_show(path)}' is een map; geef een bestandsnaam op.")
    parent = path if folder else path.parent
    for up in [parent, *parent.parents]:
        if up.exists():
            if not up.is_dir():
                raise OutputError(f"'{_show(up)}' is een bestand, geen map; het kan '{_show(path)}' niet bevatten.")
            break
    return path


def _show(path) -> str:
    return str(path).replace("\n", "\\n").replace("\r", "\\r")


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def refuse_inputs(outputs, inputs) -> None:
    """An :class:`OutputError` when an output is one of the inputs (nothing has been written yet)."""
    ins = [Path(i) for i in inputs if i]
    for out in outputs:
        out = Path(out)
        for i in ins:
            if _same(out, i):
                raise OutputError(f"Het invoerbestand '{i.name}' zou als uitvoer worden overschreven "
                                  f"({_show(out)}). Kies een andere uitvoermap of verplaats het invoerbestand; "
                                  "er is niets geschreven.")


def output_error(exc: OSError, path) -> OutputError:
    """One Dutch sentence for an operating-system error while writing ``path``."""
    name = _show(path)
    code = getattr(exc, "errno", None)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = f"Kan niet schrijven in '{name}': de map is alleen-lezen of u heeft er geen schrijfrechten."
    elif code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        text = f"De schijf is vol (of het bestand te groot) bij het schrijven van '{name}'; maak ruimte vrij."
    elif code == errno.ENAMETOOLONG:
        text = f"De naam '{name[:80]}' is te lang voor het bestandssysteem; kies een kortere naam of map."
    elif code in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        text = f"'{name}' kan niet worden geschreven: een deel van de naam is een bestand waar een map hoort, of omgekeerd."
    elif code == errno.ENOENT:
        text = f"De map van '{name}' bestaat niet of is verdwenen."
    else:
        text = f"Schrijven van '{name}' is mislukt (foutcode {errno.errorcode.get(code, code)})."
    return OutputError(text + " Er is niets half geschreven achtergebleven.")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale(folder) -> list[Path]:
    """Remove temporary files of killed runs in ``folder`` (their process is gone); returns them."""
    removed = []
    try:
        entries = list(Path(folder).glob(f"{_PREFIX}*"))
    except OSError:
        return removed
    for f in entries:
        try:
            pid = int(f.name[len(_PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if not _alive(pid):
            try:
                f.unlink()
                removed.append(f)
            except OSError:
                pass
    return removed


class Staging:
    """Temporary names for a set of outputs, renamed together when all are complete.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with Staging() as st:
    ...         tmp = st.temp(Path(d) / "a.txt")
    ...         _ = tmp.write_text("klaar")
    ...     sorted(p.name for p in Path(d).iterdir())
    ['a.txt']
    """

    def __init__(self, inputs=()):
        self.inputs = list(inputs)
        self.pending: list[tuple[Path, Path]] = []

    def temp(self, final) -> Path:
        """The temporary path for ``final`` (same folder and suffix); checks the name and the inputs first."""
        final = check_target(final)
        refuse_inputs([final], self.inputs)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise output_error(exc, final.parent) from None
        if not self.pending:
            remove_stale(final.parent)
        tmp = final.with_name(f"{_PREFIX}{os.getpid()}-{secrets.token_hex(4)}{final.suffix}")
        self.pending.append((tmp, final))
        return tmp

    def commit(self) -> list[Path]:
        done = []
        for tmp, final in self.pending:
            if not tmp.exists():
                continue
            try:
                os.replace(tmp, final)
            except OSError as exc:
                self.abort()
                raise output_error(exc, final) from None
            done.append(final)
        self.pending = []
        return done

    def abort(self) -> None:
        for tmp, _ in self.pending:
            try:
                tmp.unlink()
            except OSError:
                pass
        self.pending = []

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self.commit()
            return False
        target = self.final_of(getattr(exc, "filename", None))
        self.abort()
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise output_error(exc, target) from None
        return False

    def final_of(self, filename) -> Path | str:
        """The real name of a temporary file (for a message), else ``filename`` or the first output."""
        for tmp, final in self.pending:
            if filename is not None and str(filename) == str(tmp):
                return final
        if filename:
            return filename
        return self.pending[-1][1] if self.pending else "uitvoer"


def update_file(page) -> Path:
    """Where :func:`mapping.webmap.write_update` writes the update of a page in the window (beside it, never in an
    export). Here, not in :mod:`mapping.webmap`: the window's map view asks for it, and importing folium there
    took a second and loaded an SSL library beside QtWebEngine's own (the window crashed at its first map)."""
    page = Path(page)
    return page.with_name(page.stem + ".update.json")
