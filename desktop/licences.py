"""The licences of the third-party packages Wijkbeeld runs on, for the About box (no Qt here).

Read from the packages' own metadata (``importlib.metadata``): the SPDX
``License-Expression``, else a short ``License`` field, else the licence
classifiers; the full texts are the ``License-File`` entries and the usual
``LICENSE``/``COPYING``/``NOTICE`` files of the ``.dist-info`` folder.

- Installed from source (``pip install -e .``) the list is the closure of
  Wijkbeeld's own requirements, read when the About box opens.
- In the frozen app the build (``packaging/wijkbeeld.spec``) wrote the
  packages it bundled, with their texts, into ``licenties/`` beside the
  executable (:data:`FOLDER`, :data:`INDEX`): a frozen program carries no
  package metadata of its own.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

#: Folder beside the frozen executable with the overview and the full texts.
FOLDER = "licenties"
#: The overview in that folder: a JSON list of :class:`Licence` records.
INDEX = "overzicht.json"
#: Files in a ``.dist-info`` folder that hold a licence text, when ``License-File`` names none.
_TEXT_NAME = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|COPYRIGHT)", re.IGNORECASE)
_CLASSIFIER = "License :: "


@dataclass(frozen=True)
class Licence:
    """One package: its licence in words (an SPDX expression where the package gives one) and its texts."""

    name: str
    version: str
    licence: str
    #: The texts, relative to the licence folder (frozen) or absolute paths (installed).
    files: tuple[str, ...] = field(default_factory=tuple)


def licence_name(dist: metadata.Distribution) -> str:
    """The licence of ``dist`` in a few words, from its metadata ("onbekend" when it names none)."""
    meta = dist.metadata
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80 and text.upper() != "UNKNOWN":
        return text
    classifiers = [c[len(_CLASSIFIER):].split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith(_CLASSIFIER)]
    if classifiers:
        return " / ".join(classifiers)
    return "onbekend"


def licence_texts(dist: metadata.Distribution) -> list[Path]:
    """The licence texts ``dist`` ships: its ``License-File`` entries, else the usual names in ``.dist-info``."""
    found: list[Path] = []
    named = dist.metadata.get_all("License-File") or []
    for entry in dist.files or []:
        parts = entry.parts
        if not parts or not parts[0].endswith(".dist-info"):
            continue
        inside = "/".join(parts[1:])
        rel = inside[len("licenses/"):] if inside.startswith("licenses/") else inside
        if rel in named or (not named and _TEXT_NAME.match(parts[-1])):
            path = Path(dist.locate_file(entry))
            if path.is_file():
                found.append(path)
    return found


def record(dist: metadata.Distribution) -> Licence:
    return Licence(dist.metadata["Name"], dist.version, licence_name(dist),
                   tuple(str(p) for p in licence_texts(dist)))


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them (``PySide6_Addons`` -> ``pyside6-addons``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str | None:
    """The distribution a requirement names, or None if it applies only to an extra or another platform."""
    spec, _, marker = requirement.partition(";")
    if "extra" in marker:
        return None
    if marker.strip():
        try:
            from packaging.markers import Marker
        except ImportError:  # no packaging: keep the requirement rather than lose a licence
            pass
        else:
            if not Marker(marker.strip()).evaluate():
                return None
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    return name.group(1) if name else None


def requirement_closure(root: str = "wijkbeeld") -> list[metadata.Distribution]:
    """The installed distributions ``root`` needs at run time (its requirements, theirs, ...; no extras)."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = canonical(name)
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist
        todo += [n for n in map(_requirement_name, dist.requires or []) if n]
    return sorted((d for k, d in seen.items() if k != canonical(root)),
                  key=lambda d: d.metadata["Name"].lower())


def bundled_folder() -> Path | None:
    """``licenties/`` beside the frozen executable; None when Wijkbeeld runs from its sources."""
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent / FOLDER


def installed() -> list[Licence]:
    """The third-party packages of this Wijkbeeld, each with its licence."""
    folder = bundled_folder()
    if folder is not None:
        index = folder / INDEX
        if not index.is_file():
            return []
        return [Licence(**{**item, "files": tuple(item.get("files", ()))})
                for item in json.loads(index.read_text(encoding="utf-8"))]
    return [record(d) for d in requirement_closure()]


def write_index(items: list[Licence], folder: Path) -> Path:
    """Write the overview for the frozen app (``files`` relative to ``folder``)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / INDEX
    path.write_text(json.dumps([asdict(i) for i in items], ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def overview_text(items: list[Licence]) -> str:
    """One line per package, for the About box's details."""
    return "\n".join(f"{i.name} {i.version}: {i.licence}" for i in items)


def about_html(items: list[Licence]) -> str:
    """The About box's paragraph on the software Wijkbeeld runs on (Dutch, from :mod:`desktop.strings`)."""
    from desktop.strings import tr

    folder = bundled_folder()
    where = tr("about.licences_bundled", folder=folder) if folder else tr("about.licences_installed")
    return tr("about.licences", count=len(items)) + " " + where
