"""What the spec leaves out of PyInstaller's collection, and the libraries only those parts needed (build time only).

PyInstaller's Qt hooks collect every plugin of a type a module names (all image formats, all
platforms, all platform themes...) and every language. Wijkbeeld is a desktop program for
municipal laptops (Windows; Linux desktops with X11 or Wayland) and speaks Dutch, so some of it
can go without anything the app does changing:

- Qt translations other than Dutch and English, QtWebEngine's Chromium locales other than nl
  and en-US;
- plugins for embedded devices and kiosks (EGLFS, linuxfb, VNC, evdev input, TUIO touch),
  the on-screen virtual keyboard (it brings Qt Quick's keyboard libraries), the PDF image
  format (Qt PDF), GLib's network-status plugin, and the GTK 3 platform theme (it alone brings
  GTK, GDK, Pango, Cairo, ATK: some 25 MB of the build machine's libraries; without it Qt draws
  its own Fusion style on GNOME);
- QtWebEngine's developer-tools resources (the app never opens Chromium's devtools);
- the CUPS print plugin: the app never prints (no ``QPrinter``; the map, tables and report are
  files: HTML, PNG, GeoPackage, Excel, PDF, Word). It alone brought libcups and GnuTLS with
  p11-kit, libunistring, GMP, Nettle and Avahi (7 MB);
- matplotlib's ``sample_data`` (the data of its examples, read only by ``cbook.get_sample_data``).

:func:`unused_libraries` then finds the shared libraries that only the dropped plugins linked
(``bindepend.get_imports``, the same analysis PyInstaller runs), so that GTK and its kin go too;
a library that anything kept still links, or that nothing links (loaded through ctypes, such as
rtree's libspatialindex), stays.
"""
from __future__ import annotations

import os
import re

#: Languages kept of Qt's translations.
KEEP_LANGUAGES = ("nl", "en")
#: QtWebEngine's Chromium locales kept: Dutch, and en-US, the one Chromium falls back to for any other language.
KEEP_LOCALES = ("nl", "en-US")
#: Qt plugins left out, by file stem without the ``lib`` prefix (Linux) and ``.so``/``.dll``.
DROP_PLUGINS = re.compile(
    r"^(qeglfs.*|qlinuxfb|qminimalegl|qvnc|qvkkhrdisplay|qevdev.*|qtuiotouchplugin|"
    r"qtvirtualkeyboardplugin|qpdf|qglib|qgtk3|cupsprintersupport)$")
#: Data files left out, by name.
DROP_DATA = {"qtwebengine_devtools_resources.pak"}
#: Folders left out with everything in them (bundle paths, ``/``-separated).
DROP_FOLDERS = ("matplotlib/mpl-data/sample_data",)


def _parts(dest: str) -> list[str]:
    return dest.replace("\\", "/").split("/")


def plugin_stem(dest: str) -> str | None:
    """``qgtk3`` for ``PySide6/Qt/plugins/platformthemes/libqgtk3.so``; None when ``dest`` is no Qt plugin."""
    parts = _parts(dest)
    if "plugins" not in parts[:-1] or not any(p.startswith(("PySide6", "PyQt")) for p in parts[:1]):
        return None
    stem = parts[-1].split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def keep(dest: str) -> bool:
    """False for what this module leaves out (``dest`` is the path inside the bundle)."""
    parts = _parts(dest)
    name = parts[-1]
    if name in DROP_DATA:
        return False
    if any("/".join(parts[:len(f.split("/"))]) == f for f in DROP_FOLDERS):
        return False
    if "translations" in parts[:-1] and name.endswith(".qm"):
        return name.rsplit(".", 1)[0].rsplit("_", 1)[-1] in KEEP_LANGUAGES
    if "qtwebengine_locales" in parts[:-1] and name.endswith(".pak"):
        return name.split(".")[0] in KEEP_LOCALES
    stem = plugin_stem(dest)
    return not (stem and DROP_PLUGINS.match(stem))


def _imports(src: str) -> set[str]:
    from PyInstaller.depend import bindepend

    try:
        return {os.path.basename(name) for name, _ in bindepend.get_imports(src)}
    except Exception:  # noqa: BLE001 - not a binary PyInstaller can read: it links nothing we track
        return set()


def _closure(start: set[str], links: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), list(start)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += links.get(name, ())
    return seen


def unused_libraries(binaries, dropped) -> set[str]:
    """Base names of the libraries in ``binaries`` that only the ``dropped`` entries linked (directly or not)."""
    by_name = {os.path.basename(dest): src for dest, src, *_ in binaries}
    links = {name: _imports(src) & set(by_name) for name, src in by_name.items()}
    for dest, src, *_ in dropped:
        links[os.path.basename(dest)] = _imports(src) & set(by_name)
    dropped_names = {os.path.basename(dest) for dest, *_ in dropped}
    candidates = _closure(dropped_names, links) - dropped_names
    kept_roots = set(by_name) - candidates
    return candidates - _closure(kept_roots, links)


def _norm(path: str) -> str:
    return os.path.normpath(path).replace("\\", "/")


def trim(analysis) -> list[str]:
    """Leave out what :func:`keep` refuses and the libraries only that needed; returns what went, for the log."""
    dropped = [e for e in list(analysis.binaries) + list(analysis.datas) if not keep(e[0])]
    binaries = [e for e in analysis.binaries if keep(e[0])]
    unused = unused_libraries(binaries, [e for e in dropped if e in analysis.binaries])
    analysis.binaries = [e for e in binaries if os.path.basename(e[0]) not in unused]
    # PyInstaller links some libraries from the top folder to where they live (PySide6/Qt/lib/...), as
    # SYMLINK entries among the data: a link whose target went, goes too
    targets = {_norm(e[0]) for e in analysis.binaries} | {_norm(e[0]) for e in analysis.datas if e[2] != "SYMLINK"}
    analysis.datas = [e for e in analysis.datas if keep(e[0]) and (
        e[2] != "SYMLINK" or _norm(os.path.join(os.path.dirname(e[0]), e[1])) in targets)]
    return sorted(e[0] for e in dropped) + sorted(unused)
