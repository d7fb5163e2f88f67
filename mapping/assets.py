"""Web assets of the maps, from installed packages and from ``resources/web``: nothing from the internet.

Leaflet 1.9.4 comes from the installed package ``django-js-lib-leaflet``
(its ``js_lib_leaflet/static/js_lib_leaflet`` package data; we only read the
files, so Django is never imported). Our own small script and stylesheet live
in ``resources/web``. A rendered page carries placeholders
(``<!--wijkbeeld-asset:NAME-->``) where the assets go; :func:`fill_assets`
replaces them either by the inlined file (one self-contained HTML file) or by
a relative link into a sibling folder (file + folder), see :func:`write_assets`.

The images that ``leaflet.css`` refers to are inlined as data URLs and the
``sourceMappingURL`` comment is dropped, so that a page never asks for a file
that is not there.
"""
from __future__ import annotations

import base64
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from kernel.errors import WijkbeeldError

#: (name, kind) in the order the page needs them: Leaflet first, then our code.
ASSETS = (("leaflet.css", "css"), ("leaflet.js", "js"), ("wijkbeeld.css", "css"), ("wijkbeeld.js", "js"))
PLACEHOLDER = "<!--wijkbeeld-asset:{name}-->"
_PLACEHOLDER_RE = re.compile(r"<!--wijkbeeld-asset:([\w.]+)-->")
LEAFLET_VERSION = "1.9.4"


class AssetError(WijkbeeldError, RuntimeError):
    """A web asset the maps need is not installed."""


@lru_cache(maxsize=1)
def leaflet_dir() -> Path:
    """The folder with ``leaflet.js`` and ``leaflet.css`` of the installed ``django-js-lib-leaflet``.

    Found through the import system without importing the package (its
    ``apps.py`` needs Django; its ``__init__`` does not, but we need neither).
    """
    spec = importlib.util.find_spec("js_lib_leaflet")
    if spec is None or not spec.submodule_search_locations:
        raise AssetError("Leaflet is niet geïnstalleerd (pakket django-js-lib-leaflet ontbreekt).",
                         hint="installeer Wijkbeeld opnieuw")
    folder = Path(list(spec.submodule_search_locations)[0]) / "static" / "js_lib_leaflet"
    if not (folder / "leaflet.js").is_file():
        raise AssetError(f"Leaflet-bestanden niet gevonden in {folder}.")
    return folder


def web_dir() -> Path:
    """Our own web assets (``resources/web``), located as package data of the ``resources`` package."""
    spec = importlib.util.find_spec("resources")
    if spec is None or not spec.submodule_search_locations:
        raise AssetError("De map resources/ van Wijkbeeld ontbreekt.")
    return Path(list(spec.submodule_search_locations)[0]) / "web"


def _data_url(path: Path, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _strip_source_map(text: str) -> str:
    return re.sub(r"\n?[/][/*]# sourceMappingURL=[^\n]*", "", text)


@lru_cache(maxsize=None)
def asset_text(name: str) -> str:
    """The text of one asset, ready to inline (images as data URLs, no source-map comment)."""
    if name == "leaflet.js":
        return _strip_source_map((leaflet_dir() / "leaflet.js").read_text(encoding="utf-8"))
    if name == "leaflet.css":
        folder = leaflet_dir()
        text = (folder / "leaflet.css").read_text(encoding="utf-8")

        def repl(match: re.Match) -> str:
            rel = match.group(1).strip("'\"")
            if rel.startswith("#"):
                return match.group(0)  # url(#default#VML): an old IE behaviour, no request
            return f"url({_data_url(folder / rel, 'image/png')})"

        return _strip_source_map(re.sub(r"url\(([^)]*)\)", repl, text))
    path = web_dir() / name
    if not path.is_file():
        raise AssetError(f"Web-bestand {name} ontbreekt in {web_dir()}.")
    return path.read_text(encoding="utf-8")


def placeholders() -> str:
    """The placeholders for the page head, in load order."""
    return "\n".join(PLACEHOLDER.format(name=name) for name, _ in ASSETS)


def _tag(name: str, kind: str, folder: str | None) -> str:
    if folder is None:
        text = asset_text(name)
        if kind == "js":
            if "</script" in text.lower():
                raise AssetError(f"{name} kan niet worden ingevoegd (bevat </script>).")
            return f"<script>{text}</script>"
        return f"<style>{text}</style>"
    href = f"{folder}/{name}"
    return f'<script src="{href}"></script>' if kind == "js" else f'<link rel="stylesheet" href="{href}"/>'


def fill_assets(html: str, folder: str | None = None) -> str:
    """Replace the asset placeholders in ``html``: inline (``folder=None``) or links to ``folder/NAME``."""
    kinds = dict(ASSETS)
    return _PLACEHOLDER_RE.sub(lambda m: _tag(m.group(1), kinds[m.group(1)], folder), html)


def write_assets(folder: Path) -> list[Path]:
    """Write every asset into ``folder`` (for the file + folder form of an export)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, _ in ASSETS:
        target = folder / name
        target.write_text(asset_text(name), encoding="utf-8")
        written.append(target)
    return written
