"""A project file is input too: a snapshot that does not fit is ignored (the data opens), and a script in a
saved map page reads no file outside the page's own folder."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWebEngineWidgets")
pytestmark = pytest.mark.qt

from desktop import snapshot  # noqa: E402
from tests.desktop.page_helper import shown_map_view  # noqa: E402

SECRET = "GEHEIM-7731"

#: A page that tries every way a script has to read a file: fetch, XHR, an iframe, a script tag, navigation.
ATTACK = """<!doctype html><html><head><meta charset="utf-8"><title>kaart</title>
<script src="eigen.js"></script>
<script src="{secret_js}"></script>
</head><body><div id="map"></div>
<script>
window.__r = {{fetch: "bezig", xhr: "bezig", frame: "bezig", leak: String(window.leak)}};
fetch("{secret_txt}").then(function (r) {{ return r.text(); }})
  .then(function (t) {{ __r.fetch = t; }}, function () {{ __r.fetch = "geweigerd"; }});
try {{ var x = new XMLHttpRequest(); x.open("GET", "{secret_txt}", false); x.send(); __r.xhr = x.responseText || "leeg"; }}
catch (e) {{ __r.xhr = "geweigerd"; }}
var f = document.createElement("iframe"); f.src = "{secret_txt}";
f.onload = function () {{ try {{ __r.frame = f.contentDocument.body.innerText || "leeg"; }}
  catch (e) {{ __r.frame = "geweigerd"; }} }};
f.onerror = function () {{ __r.frame = "geweigerd"; }};
document.body.appendChild(f);
setTimeout(function () {{ if (__r.frame === "bezig") {{ __r.frame = "geen antwoord"; }} }}, 3000);
</script></body></html>"""


def _attack_files(tmp_path: Path) -> tuple[Path, dict]:
    secret = tmp_path / "elders"
    secret.mkdir()
    (secret / "geheim.txt").write_text(SECRET, encoding="utf-8")
    (secret / "geheim.js").write_text(f"window.leak = '{SECRET}';", encoding="utf-8")
    urls = {"secret_txt": (secret / "geheim.txt").as_uri(), "secret_js": (secret / "geheim.js").as_uri()}
    return secret, urls


def _results(view, qtbot) -> dict:
    out: dict = {}

    def read(value):
        if value:
            out.update(json.loads(value))

    def done():
        view.page.runJavaScript("JSON.stringify(window.__r || null)", 0, read)
        return bool(out) and "bezig" not in out.values()

    qtbot.waitUntil(done, timeout=15000)
    return out


def _after_navigation(view, qtbot, url: str) -> str:
    """The text the view shows after the page sent itself to ``url``."""
    view.page.runJavaScript(f"location.href = {json.dumps(url)}")
    qtbot.waitUntil(lambda: view.page.url().toString() == url, timeout=5000)
    qtbot.wait(500)
    text: list = []
    view.page.runJavaScript("document.documentElement.innerText", 0, text.append)
    qtbot.waitUntil(lambda: bool(text), timeout=5000)
    return str(text[0])


@pytest.fixture
def view(qtbot):
    return shown_map_view(qtbot)


def _page(tmp_path, urls) -> Path:
    folder = tmp_path / "kaart-1"
    folder.mkdir()
    (folder / "eigen.js").write_text("window.own = 'OK';", encoding="utf-8")
    page = folder / "kaart.html"
    page.write_text(ATTACK.format(**urls), encoding="utf-8")
    return page


def test_a_map_page_reads_no_file_outside_its_folder(view, qtbot, tmp_path):
    from PySide6.QtWebEngineCore import QWebEngineSettings

    assert not view.page.settings().testAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls)
    _, urls = _attack_files(tmp_path)
    page = _page(tmp_path, urls)
    with qtbot.waitSignal(view.mapReady, timeout=15000):
        view.load_map(page)
    r = _results(view, qtbot)
    assert SECRET not in json.dumps(r), r
    assert r["leak"] == "undefined" and r["fetch"] == "geweigerd" and r["xhr"] == "geweigerd"
    # nor can it navigate to a file: Chromium shows its 'access denied' page instead
    assert SECRET not in _after_navigation(view, qtbot, urls["secret_txt"])


def test_the_interceptor_alone_keeps_files_out(view, qtbot, tmp_path):
    """With Chromium's own rule lifted the interceptor still refuses every file outside the page's folder
    (and lets the page's own folder through); with both lifted the page reads the secret: the test would
    see a leak."""
    from PySide6.QtWebEngineCore import QWebEngineSettings

    _, urls = _attack_files(tmp_path)
    page = _page(tmp_path, urls)
    view.page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
    try:
        with qtbot.waitSignal(view.mapReady, timeout=15000):
            view.load_map(page)
        r = _results(view, qtbot)
        assert SECRET not in json.dumps(r), r
        assert any(u.endswith("geheim.js") for u in view.blocked_requests())
        own = []
        view.page.runJavaScript("String(window.own)", 0, own.append)
        qtbot.waitUntil(lambda: bool(own), timeout=5000)
        assert own == ["OK"], (view.blocked_requests(), view.interceptor.allowed[-10:])  # the page's own folder
        # the main frame goes only to pages the app opened
        assert SECRET not in _after_navigation(view, qtbot, urls["secret_txt"])
        assert view.blocked_requests()[-1].endswith("geheim.txt")
        allow = view.interceptor._file_allowed
        view.interceptor._file_allowed = lambda info, url: True
        try:
            with qtbot.waitSignal(view.mapReady, timeout=15000):
                view.load_map(page)
            assert SECRET in json.dumps(_results(view, qtbot))
        finally:
            view.interceptor._file_allowed = allow
    finally:
        view.page.settings().setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)


# -- a saved project whose snapshot was edited -----------------------------------------------------------
@pytest.fixture
def saved(demo, qtbot, tmp_path):
    c = demo.controller
    path = tmp_path / "demo.gpkg"
    with qtbot.waitSignal(c.project.saved, timeout=30000):
        c.project.save(path)
    return path


def _edit(path: Path, change) -> None:
    con = sqlite3.connect(path)
    with con:
        snap = json.loads(con.execute("SELECT value FROM wijkbeeld WHERE key = 'snapshot'").fetchone()[0])
        change(snap)
        con.execute("UPDATE wijkbeeld SET value = ? WHERE key = 'snapshot'", (json.dumps(snap),))
    con.close()


HOSTILE = {
    "table is text": lambda s: s.update(table="abc"),
    "table of texts": lambda s: s.update(table={"text": "abc", "key": "abc", "tips": "abc", "colours": "abc",
                                                "by_z": False}),
    "table of numbers": lambda s: s["table"].update(text=[[1, 2]] * 8),
    "ragged columns": lambda s: s["table"]["text"][3].pop(),
    "too few columns": lambda s: s["table"].update(text=s["table"]["text"][:2], key=s["table"]["key"][:2]),
    "colour that is a script": lambda s: s["table"]["colours"].__setitem__(0, "javascript:alert(1)"),
    "matrix 3 x 3": lambda s: s["charts"].update(matrix=[[1, 2, 3]] * 3),
    "a thousand years of months": lambda s: s.update(months=["0001-01", "9999-12"]),
    "months backwards": lambda s: s.update(months=["2017-09", "2013-01"]),
    "layers as a list": lambda s: s.update(layers=["a", "b"]),
    "categories of objects": lambda s: s.update(categories=[{"a": 1}]),
    "map is a number": lambda s: s.update(map=5),
    "NaN in the chart": lambda s: s["charts"].update(hours=[float("nan")] * 24),
    "a million selected codes": lambda s: s.update(selected=["BU1"] * 1_000_001),
}


def test_a_snapshot_that_does_not_fit_is_ignored_and_the_data_opens(saved, second_window, qtbot, tmp_path):
    """Every hostile snapshot is refused by its shape; four of them are opened in a window, which shows the
    project's own data after the rerun (without the check 'table of texts' and 'too few columns' end the
    app with a segmentation fault, 'table is text' with a TypeError)."""
    import shutil

    assert snapshot.read(saved)
    for case, change in HOSTILE.items():
        path = tmp_path / f"{len(case)}.gpkg"
        shutil.copyfile(saved, path)
        _edit(path, change)
        assert snapshot.read(path) == {}, case
        if case in ("table is text", "table of texts", "too few columns", "a thousand years of months"):
            c = second_window.controller
            with qtbot.waitSignals([c.analysis.done, second_window.map_view.mapReady], timeout=60000):
                c.project.open_project(path)
            assert second_window.table.model.rowCount() == 108 and c.state.analysis is not None, case
            assert second_window.data_panel.start.count() < 200, case  # the project's months, not 10,000 years


def test_a_script_in_a_saved_map_page_reads_nothing(saved, second_window, qtbot, tmp_path):
    _, urls = _attack_files(tmp_path)
    attack = ATTACK.format(**urls)
    _edit(saved, lambda s: s.update(map=s["map"].replace("</body>", attack[attack.index("<script>\nwindow.__r"):]
                                                         .replace("</body></html>", "") + "</body>", 1)))
    assert snapshot.read(saved)["map"].count("window.__r") == 1  # it fits: a snapshot's page may hold anything
    window = second_window
    window.controller.project.open_project(saved)
    qtbot.waitUntil(lambda: window.map_view.ready, timeout=30000)
    r = _results(window.map_view, qtbot)
    assert SECRET not in json.dumps(r), r
    assert r["fetch"] == "geweigerd" and r["xhr"] == "geweigerd"
