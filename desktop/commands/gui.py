"""``wijkbeeld`` / ``wijkbeeld gui [PROJECT]`` / ``wijkbeeld demo``: open the desktop app.

``wijkbeeld demo`` opens the app on the bundled demo data (bicycle theft in
Groningen). Where there is no screen (a server, a CI machine) or with
``--no-gui`` it runs the same default analyses without one and writes the map,
the tables and the summary into a folder, like ``wijkbeeld analyse``.
"""
from __future__ import annotations

import argparse
import os
import sys

from desktop.commands.inputs import add_inputs


def add_parser(sub) -> None:
    p = sub.add_parser("gui", help="open de desktop-app (ook zonder opdracht)")
    p.add_argument("project", nargs="?", metavar="BESTAND",
                   help="een Wijkbeeld-project (.gpkg) of databestand om te openen")
    p.set_defaults(func=run)
    d = sub.add_parser("demo", help="open de desktop-app met het demoproject (fietsendiefstal Groningen)",
                       description="Opent de app op de demodata. Zonder beeldscherm (of met --no-gui) draait "
                                   "de standaardanalyse zonder scherm en komen kaart, tabellen en samenvatting "
                                   "in de uitvoermap.")
    d.add_argument("--no-gui", action="store_true", help="niet de app openen maar de analyse zonder scherm draaien")
    d.add_argument("--out", default="wijkbeeld-demo", metavar="MAP",
                   help="uitvoermap zonder scherm (standaard: wijkbeeld-demo)")
    add_inputs(d, "json")  # the summary, without a screen
    d.set_defaults(func=run_demo, project=None)


#: The shared libraries Qt's X11 platform and QtWebEngine load on Linux beyond those a desktop has, and the
#: Debian/Ubuntu package of each (the README names them; .ci/run installs them).
LINUX_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-image.so.0": "libxcb-image0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libEGL.so.1": "libegl1", "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1", "libnss3.so": "libnss3", "libxkbfile.so.1": "libxkbfile1",
    "libXcomposite.so.1": "libxcomposite1", "libXdamage.so.1": "libxdamage1", "libXrandr.so.2": "libxrandr2",
    "libXtst.so.6": "libxtst6", "libxshmfence.so.1": "libxshmfence1", "libdbus-1.so.3": "libdbus-1-3",
}
EXIT_NO_SCREEN = 2


def has_screen() -> bool:
    """False on Linux without a reachable X11 or Wayland display, unless Qt is told to draw offscreen.

    A ``DISPLAY`` of this machine (":0") counts only when its X server's socket is there: with a
    stale ``DISPLAY`` Qt aborts with an English message about its platform plugin.
    """
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    wayland = os.environ.get("WAYLAND_DISPLAY")
    if wayland:
        folder = os.environ.get("XDG_RUNTIME_DIR", "")
        if os.path.exists(wayland if os.path.isabs(wayland) else os.path.join(folder, wayland)):
            return True
    display = os.environ.get("DISPLAY", "")
    if not display:
        return False
    host, _, number = display.rpartition(":")
    if host not in ("", "unix", "localhost") or "/" in display:
        return True  # another machine's screen (ssh -X) or a socket path: Qt finds out
    return os.path.exists(f"/tmp/.X11-unix/X{number.split('.')[0]}")


def missing_libraries() -> list[str]:
    """The Debian packages of the system libraries the window needs that this Linux machine lacks."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM", "xcb") not in ("xcb", ""):
        return []
    import ctypes

    missing = []
    for library, package in LINUX_LIBRARIES.items():
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.append(package)
    return missing


def _cannot_start() -> int | None:
    """Exit code 2 with a Dutch line when the window cannot open here (no screen, missing libraries)."""
    if not has_screen():
        print("wijkbeeld: er is geen beeldscherm (geen X11 of Wayland), dus de app kan niet openen. "
              "Zonder scherm: 'wijkbeeld demo --no-gui' draait de demo-analyse en schrijft kaart, tabellen en "
              "samenvatting in een map; 'wijkbeeld analyse --areas GRENZEN --incidents INCIDENTEN --out MAP' "
              "doet dat met uw eigen bestanden.", file=sys.stderr)
        return EXIT_NO_SCREEN
    missing = missing_libraries()
    if missing:
        print("wijkbeeld: de app kan niet openen: deze systeembibliotheken ontbreken: " + ", ".join(missing)
              + ". Installeer ze (als beheerder) met: sudo apt install " + " ".join(missing), file=sys.stderr)
        return EXIT_NO_SCREEN
    return None


def run(args: argparse.Namespace) -> int:
    refused = _cannot_start()
    if refused is not None:
        return refused
    from desktop.app import run_app

    return run_app(project=getattr(args, "project", None))


def run_demo(args: argparse.Namespace) -> int:
    if args.no_gui or not has_screen():
        return run_demo_headless(args.out, as_json=args.json, said_why=not args.no_gui)
    refused = _cannot_start()
    if refused is not None:
        return refused
    from desktop.app import run_app

    return run_app(demo=True)


def run_demo_headless(out: str, as_json: bool = False, said_why: bool = False) -> int:
    from desktop.commands.analyse import report
    from desktop.tasks import load_demo
    from mapping.outputs import run_analyse
    from resources import demo

    if said_why:
        print("Geen beeldscherm gevonden: de demo-analyse draait zonder scherm.", file=sys.stderr)
    project = load_demo()  # the demo as the window opens it (one loader)
    summary = run_analyse(project.areas, incidents=project.incidents, out_dir=out, boundaries=project.outlines,
                          suppress_below=5, title="Demo fietsendiefstal Groningen", source=demo.ATTRIBUTION)
    report(summary, out, as_json)
    return 0
