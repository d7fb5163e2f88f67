"""The licences of everything PyInstaller bundled, written into the bundle's ``licenties/`` (build time only).

Which distributions: the top-level names of the bundled modules, extension modules and
data (``numpy``, ``numpy.libs``, ``PySide6``, ``js_lib_leaflet``, ...) mapped through
``importlib.metadata.packages_distributions()`` of the build environment. Each one's licence
and texts come from its own metadata (:func:`desktop.licences.record`). Three more parts are
in the bundle without being a package there: Python itself (PSF), PyInstaller's bootloader
(GPL-2.0-or-later with its bootloader exception, which lets it start programs under any
licence) and, for Qt/PySide6, whose wheels carry no licence text, the LGPL-3.0 and GPL-3.0
texts kept in ``packaging/licences/``.
"""
from __future__ import annotations

import shutil
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

from desktop import licences

HERE = Path(__file__).resolve().parent
QT_TEXTS = (HERE / "licences" / "LGPL-3.0.txt", HERE / "licences" / "GPL-3.0.txt")
QT_DISTRIBUTIONS = {"pyside6", "pyside6-essentials", "pyside6-addons", "pyside6-webengine", "pyside6-pdf",
                    "shiboken6"}


def top_level_names(analysis) -> set[str]:
    """The first path component of everything bundled (``X.libs`` folders count as ``X``)."""
    names = {name.split(".")[0] for name, *_ in analysis.pure}
    for dest, *_ in list(analysis.binaries) + list(analysis.datas):
        first = dest.replace("\\", "/").split("/")[0]
        names.add(first[:-len(".libs")] if first.endswith(".libs") else first.split(".")[0])
    return names


def bundled_distributions(analysis) -> list[metadata.Distribution]:
    owners = metadata.packages_distributions()
    names = {d for top in top_level_names(analysis) for d in owners.get(top, [])}
    if any(licences.canonical(n) == "pyside6-essentials" for n in names):  # the PySide6 meta-package owns no module
        names.add("PySide6")
    dists = {}
    for name in names:
        dist = metadata.distribution(name)
        dists[licences.canonical(dist.metadata["Name"])] = dist
    return [dists[k] for k in sorted(dists)]


def _copy(texts: list[Path], folder: Path, base: Path) -> tuple[str, ...]:
    """Copy ``texts`` into ``folder`` (keeping their path below the dist-info) and return them relative to ``base``."""
    out = []
    for text in texts:
        parts = text.parts
        cut = max((i for i, p in enumerate(parts) if p.endswith(".dist-info")), default=len(parts) - 2)
        rel = Path(*[p for p in parts[cut + 1:] if p != "licenses"]) if cut + 1 < len(parts) else Path(text.name)
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(text, target)
        out.append(target.relative_to(base).as_posix())
    return tuple(out)


def _python_licence() -> Path | None:
    for candidate in (Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt"):
        if candidate.is_file():
            return candidate
    return None


def write(analysis, folder: Path) -> list[licences.Licence]:
    """Write every bundled part's licence texts and the overview (``overzicht.json``, ``OVERZICHT.txt``)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    items = []
    python = _python_licence()
    version = ".".join(map(str, sys.version_info[:3]))
    items.append(licences.Licence("Python", version, "PSF-2.0",
                                  _copy([python], folder / "Python", folder) if python else ()))
    pyinstaller = metadata.distribution("pyinstaller")
    items.append(licences.Licence("PyInstaller (bootloader)", pyinstaller.version,
                                  "GPL-2.0-or-later WITH Bootloader-exception",
                                  _copy(licences.licence_texts(pyinstaller), folder / "PyInstaller", folder)))
    for dist in bundled_distributions(analysis):
        name = dist.metadata["Name"]
        if licences.canonical(name) == "wijkbeeld":  # our own code (a checkout's egg-info): LICENSE.txt
            continue
        texts = licences.licence_texts(dist)
        if licences.canonical(name) in QT_DISTRIBUTIONS and not texts:
            texts = list(QT_TEXTS)
        items.append(licences.Licence(name, dist.version, licences.licence_name(dist),
                                      _copy(texts, folder / name, folder)))
    licences.write_index(items, folder)
    lines = ["Wijkbeeld bevat de volgende onderdelen van anderen, elk onder een eigen licentie.",
             "De teksten staan in de map met de naam van het onderdeel.", ""]
    lines += [f"{i.name} {i.version}: {i.licence}" + ("" if i.files else "  (geen licentietekst meegeleverd)")
              for i in items]
    (folder / "OVERZICHT.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return items
