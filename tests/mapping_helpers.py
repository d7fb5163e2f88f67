"""Shared inputs for the mapping tests: HotspotResult-like objects built from the real Groningen buurten.

The hotspot engine's ``HotspotResult`` (hotspots/where/hotspots.py) is an object with
``method``, ``areas`` (GeoDataFrame with code, name, count, rate, z, p_fdr,
gi_class, gi_label), ``params``, ``notes``, ``warnings``, ``outside`` and
``surface``. The map and export code only reads those attributes, so the tests
build such objects directly (with seeded values) and do not depend on the
statistics being right.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pytest

import hotspot_data
import importers

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = "<script>alert(1)</script>"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                  "--disable-features=MediaRouter,OptimizationHints,Translate", "--hide-scrollbars",
                  # networking off: no host name resolves (Chromium itself still tries to reach Google's
                  # update and account services; the page's own requests are recorded through CDP)
                  "--host-resolver-rules=MAP * ~NOTFOUND"]


def groningen_areas(groningen: Path) -> gpd.GeoDataFrame:
    """The 108 CBS buurten of Groningen 2017 as an Areas-like frame in RD New.

    Loaded once by ``hotspot_data.groningen_areas`` (through the importer); the map tests
    get only the Areas columns, not the CBS key figures the importer carries along.
    """
    areas = hotspot_data.groningen_areas(groningen)
    return areas[["code", "name", "level", "wijk_code", "gemeente_code", "population", "geometry"]].copy()


def groningen_wijken(groningen: Path) -> gpd.GeoDataFrame:
    """The 15 CBS wijken of Groningen 2017 (code, name, level) through the importer."""
    wijken, _ = importers.read_boundaries(groningen / "wijk2017.zip")
    return wijken[["code", "name", "level", "geometry"]].copy()


def fake_result(areas: gpd.GeoDataFrame, seed: int = 0, hostile: bool = False):
    """A HotspotResult-like object with seeded counts, z-scores and Gi* classes."""
    from mapping.styles import GI_LABELS

    a = areas.copy()
    rng = np.random.default_rng(seed)
    a["count"] = rng.poisson(40, len(a))
    a.loc[a.index[:3], "count"] = [0, 2, 4]  # small counts for suppression
    a["rate"] = a["count"] / a["population"] * 1000
    a["rate_eb"] = a["rate"]
    a["z"] = rng.normal(0, 2, len(a)).round(4)
    a["p"] = rng.uniform(0, 0.3, len(a)).round(5)
    a["p_fdr"] = np.minimum(1, a["p"] * 1.5).round(5)
    a["gi_class"] = np.clip(np.round(a["z"]), -3, 3).astype(int)
    a["gi_label"] = a["gi_class"].map(GI_LABELS)
    if hostile:
        a.loc[a.index[5], "name"] = HOSTILE
    return SimpleNamespace(method="gistar", areas=a, params={"fdr": True, "weights": "queen"},
                           notes=["FDR-correctie (Benjamini-Hochberg) toegepast."], warnings=[], outside=7,
                           surface=None, weights_summary={"islands": []})


def chromium_or_skip() -> Path:
    """Debian's chromium; missing, the browser tests skip locally and fail in CI (as ``shared_data``)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"chromium ontbreekt in CI: {CHROMIUM}")
        pytest.skip("chromium is niet geïnstalleerd")
    return CHROMIUM


def run_chromium(args: list[str], profile: Path, timeout: float = 90) -> subprocess.CompletedProcess:
    """Run headless chromium with networking features off and a fresh profile."""
    exe = chromium_or_skip()
    cmd = [str(exe), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class Cdp:
    """A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out).

    Records every ``Network.requestWillBeSent`` URL of the page, so a test can
    prove which files a page asked for.
    """

    def __init__(self, profile: Path, window=(1400, 1000)):
        exe = chromium_or_skip()
        self.profile = profile
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        cmd = [str(exe), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe",
               f"--window-size={window[0]},{window[1]}", "about:blank"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=wire, close_fds=False)  # dup2'd fds 3/4 are inheritable
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.requests: list[str] = []
        self.events: list[dict] = []
        self.session = None

    def _read_message(self, timeout: float) -> dict:
        import json
        import os
        import select

        while b"\0" not in self._buf:
            ready, _, _ = select.select([self._from_child], [], [], timeout)
            if not ready:
                raise TimeoutError("chromium antwoordt niet")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium is gestopt")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method: str, params: dict | None = None, session: bool = True, timeout: float = 60) -> dict:
        import json
        import os

        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read_message(timeout)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"CDP {method}: {reply['error']}")
                return reply.get("result", {})
            self._event(reply)

    def _event(self, msg: dict) -> None:
        self.events.append(msg)
        if msg.get("method") == "Network.requestWillBeSent":
            self.requests.append(msg["params"]["request"]["url"])

    def wait_event(self, method: str, timeout: float = 60) -> dict:
        for msg in self.events:
            if msg.get("method") == method:
                return msg
        while True:
            msg = self._read_message(timeout)
            self._event(msg)
            if msg.get("method") == method:
                return msg

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        self.send("Network.enable")
        self.send("Page.enable")
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def evaluate(self, expression: str):
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True})
        if "exceptionDetails" in res:
            raise RuntimeError(str(res["exceptionDetails"]))
        return res["result"].get("value")

    def screenshot(self, path: Path) -> None:
        import base64

        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        Path(path).write_bytes(base64.b64decode(data))

    def close(self) -> None:
        import os

        try:
            self.send("Browser.close", session=False, timeout=10)
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
