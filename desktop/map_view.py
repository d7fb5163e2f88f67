"""The map in the centre: a QWebEngineView on the HTML maps that ``mapping/`` writes.

- Maps are loaded **by file URL** (never ``setHtml``), so relative assets resolve
  exactly as they do when the user opens the exported file.
- Chromium's own setting ``LocalContentCanAccessRemoteUrls`` stays off, and
  :class:`LocalOnlyInterceptor` lets only local requests through (``file:``,
  ``qrc:``, ``data:``, ``blob:``, ``about:``) and blocks and logs everything
  else: the offline rule enforced, not hoped for.
- A map page is data too (a saved project's snapshot carries one, and anyone may
  have edited it), so its scripts get no access to the laptop's files:
  ``LocalContentCanAccessFileUrls`` is off (no fetch or XHR of a ``file:`` URL; the
  maps inline everything they need), and the interceptor lets a ``file:`` request
  through only to a page that :meth:`MapView.load_map` opened, to a file in that
  page's own folder, or to the installed web assets (Leaflet, ``resources/web``).
- A map of the window comes with an update beside it (:func:`mapping.webmap.write_update`): when the page
  shown draws the same shapes (the national buurten at another period, category or theme), that page is
  restyled instead of replaced (0.05 s instead of ~1 s for 14,500 buurten). One page of other shapes is kept
  (:meth:`MapView.pages`; of two, the one with more areas), so that going back to it (the buurten after the
  wijken and the gemeente) is a restyle too.
- A :class:`QWebChannel` bridge (:class:`MapBridge`, published to the page as
  ``wijkbeeld``) carries a click on an area from the page to Qt. Two small scripts
  are injected: one at document creation that notes every Leaflet map as it
  is made (``L.Map.addInitHook``), one when the document is ready that connects
  the channel and puts a click handler on every feature with a ``code`` (or the
  short ``c``) property. Qt highlights areas by calling ``wijkbeeldHighlight``.
"""
from __future__ import annotations

import atexit
import json
import logging
import weakref
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFile, QIODevice, QObject, QUrl, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (QWebEnginePage, QWebEngineProfile, QWebEngineScript, QWebEngineSettings,
                                     QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from desktop.strings import tr

log = logging.getLogger(__name__)

LOCAL_SCHEMES = frozenset({"file", "qrc", "data", "blob", "about"})

_CREATION_JS = r"""
(function () {
  if (window.__wijkbeeldMaps) { return; }
  var maps = window.__wijkbeeldMaps = [];
  function hook(L) {
    if (L && L.Map && !L.__wijkbeeldHooked) {
      L.__wijkbeeldHooked = true;
      L.Map.addInitHook(function () { maps.push(this); });
    }
  }
  if (window.L) { hook(window.L); return; }
  var value;
  Object.defineProperty(window, "L", {configurable: true, enumerable: true,
    get: function () { return value; },
    set: function (v) { value = v; hook(v); }});
})();
"""

_READY_JS = r"""
(function () {
  var maps = window.__wijkbeeldMaps || [];
  function codeOf(layer) {
    var p = layer.feature && layer.feature.properties;
    if (!p) { return null; }
    var c = (p.code !== undefined) ? p.code : p.c;
    return (c === undefined || c === null) ? null : String(c);
  }
  function eachArea(fn) {
    maps.forEach(function (m) {
      m.eachLayer(function (l) { var c = codeOf(l); if (c && l.setStyle) { fn(l, c, m); } });
    });
  }
  new QWebChannel(qt.webChannelTransport, function (channel) {
    var bridge = channel.objects.wijkbeeld;
    window.wijkbeeld_bridge = bridge;
    function attach() {
      eachArea(function (l, c) {
        if (l.__wijkbeeld) { return; }
        l.__wijkbeeld = {weight: l.options.weight, color: l.options.color};
        l.on("click", function (e) {
          var o = e && e.originalEvent;  // shift/ctrl-click: one more area (or one less), for their sum
          if (o && (o.shiftKey || o.ctrlKey || o.metaKey)) { bridge.areaToggled(c); } else { bridge.areaClicked(c); }
        });
      });
    }
    maps.forEach(function (m) { m.on("layeradd", attach); });
    attach();
    // a rectangle drawn with Shift + drag (Leaflet's box zoom): the areas whose middle lies inside it are selected
    window.wijkbeeldBoxed = function (box) {
      var codes = [], seen = {};
      eachArea(function (l, c) {
        if (!seen[c] && l.getBounds && l.getBounds().isValid() && box.contains(l.getBounds().getCenter())) {
          seen[c] = true; codes.push(c);
        }
      });
      if (codes.length) { bridge.areasBoxed(codes); }
      return codes.length;
    };
    maps.forEach(function (m) {
      m.on("boxzoomend", function (e) { if (e.boxZoomBounds) { window.wijkbeeldBoxed(e.boxZoomBounds); } });
    });
    // the selection in a colour of its own (not the black of the wijk outlines); from the table: zoomed to,
    // with its neighbours (and so their names) in view, clear of the map's title box and legend
    window.wijkbeeldHighlight = function (codes, zoom) {
      var wanted = {};
      codes.forEach(function (c) { wanted[c] = true; });
      var bounds = null;
      eachArea(function (l, c) {
        var orig = l.__wijkbeeld || {weight: l.options.weight, color: l.options.color};
        if (wanted[c]) {
          l.setStyle({weight: 4, color: "#e600e6"});
          if (l.bringToFront) { l.bringToFront(); }
          if (l.getBounds) { bounds = bounds ? bounds.extend(l.getBounds()) : L.latLngBounds(l.getBounds().getSouthWest(), l.getBounds().getNorthEast()); }
        } else {
          l.setStyle({weight: orig.weight, color: orig.color});
        }
      });
      window.__wijkbeeldSelected = wanted;  // the map names the selected areas first
      maps.forEach(function (m) { if (m.wijkbeeldLayout) { m.wijkbeeldLayout.names(); } });
      if (zoom && bounds && maps.length) {
        var view = L.latLngBounds(bounds.getSouthWest(), bounds.getNorthEast());
        eachArea(function (l) { if (l.getBounds && l.getBounds().intersects(bounds)) { view.extend(l.getBounds()); } });
        var pad = L.Popup.prototype.options;
        maps[0].closePopup();
        maps[0].fitBounds(view, {maxZoom: 16, paddingTopLeft: pad.autoPanPaddingTopLeft || [40, 40],
                                 paddingBottomRight: pad.autoPanPaddingBottomRight || [40, 40]});
      }
      return codes.length;
    };
    // fit all areas once the view has its final size, and again when it is resized (until the user moves)
    var userMoved = false, resizeTimer = null;
    function fitAll() {
      var b = null;
      eachArea(function (l) {
        if (!l.getBounds) { return; }
        var lb = l.getBounds();
        if (!lb.isValid()) { return; }
        b = b ? b.extend(lb) : L.latLngBounds(lb.getSouthWest(), lb.getNorthEast());
      });
      if (!b || !maps.length) { return; }
      var m = maps[0];
      m.invalidateSize(false);
      // the view the page set already (the usual case): not set again, which drew every area once more
      // (0.15 s of the national buurten's 0.85 s)
      var fit = m.wijkbeeldLayout && m.wijkbeeldLayout.fitOptions ? m.wijkbeeldLayout.fitOptions(8) : {padding: [8, 8]};
      var target = m._getBoundsCenterZoom ? m._getBoundsCenterZoom(b, fit) : null;
      if (target && target.zoom === m.getZoom() &&
          m.latLngToContainerPoint(target.center).distanceTo(m.latLngToContainerPoint(m.getCenter())) < 1) { return; }
      m.fitBounds(b, fit);  // below the title box
    }
    window.wijkbeeldFitAll = fitAll;
    // a layer that follows the page (MapView: mapping/later.py) gets its shapes
    window.wijkbeeldFill = function (id, data) {
      return !!(maps.length && window.Wijkbeeld && Wijkbeeld.fill && Wijkbeeld.fill(maps[0], id, data));
    };
    // another map of the same shapes (MapView.load_map): restyled in place, then ready as a new page would be
    window.wijkbeeldUpdate = function (config) {
      if (!maps.length || !window.Wijkbeeld || !Wijkbeeld.update || !Wijkbeeld.update(maps[0], config)) {
        return false;
      }
      var areas = 0;
      eachArea(function (l) { areas += 1; l.__wijkbeeld = {weight: l.options.weight, color: l.options.color}; });
      window.__wijkbeeldSelected = {};
      bridge.pageReady(areas);
      return true;
    };
    maps.forEach(function (m) {
      m.on("dragstart", function () { userMoved = true; });
      m.getContainer().addEventListener("wheel", function () { userMoved = true; }, {passive: true});
    });
    function resized() {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(function () { if (!userMoved) { fitAll(); } else if (maps.length) {
        maps[0].invalidateSize(false); } }, 120);
    }
    window.addEventListener("resize", resized);
    // the areas are fitted below the title box: when it changes height (its text wraps again in a narrower
    // view, its fonts arrive, Toelichting opens) the view fits again, as after a resize
    var title = document.querySelector(".wb-title");
    if (title && window.ResizeObserver) {
      var seen = null;
      new ResizeObserver(function () {
        var h = title.getBoundingClientRect().height;
        if (seen !== null && Math.abs(h - seen) > 1) { resized(); }
        seen = h;
      }).observe(title);
    }
    fitAll();
    var areas = 0;
    eachArea(function () { areas += 1; });
    bridge.pageReady(areas);
  });
})();
"""


def _local_path(url: QUrl) -> Path | None:
    """The file a ``file:`` URL names (resolved: no ``..`` or link leads out of a folder), else None."""
    if url.scheme().lower() != "file" or not url.isLocalFile():
        return None
    try:
        return Path(url.toLocalFile()).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def _asset_roots() -> tuple[Path, ...]:
    """The folders of the installed web assets that a page may load from by file URL."""
    from mapping.assets import AssetError, leaflet_dir, web_dir

    roots = []
    for folder in (leaflet_dir, web_dir):
        try:
            roots.append(folder().resolve())
        except (AssetError, OSError):
            continue
    return tuple(roots)


class LocalOnlyInterceptor(QWebEngineUrlRequestInterceptor):
    """Blocks every request that would leave the machine, and every ``file:`` request outside a map page's
    own folder (and the installed web assets); keeps a log of both."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.blocked: list[str] = []
        self.allowed: list[str] = []
        self.pages: set[Path] = set()  # the map pages MapView.load_map opened (resolved)
        self._roots: tuple[Path, ...] | None = None

    def allow_page(self, path: Path) -> None:
        """A page the app itself opens (its folder becomes readable for the page's own requests)."""
        self.pages.add(Path(path).resolve())

    def interceptRequest(self, info) -> None:  # noqa: N802 - Qt's name
        url = info.requestUrl()
        scheme = url.scheme().lower()
        if scheme in LOCAL_SCHEMES and (scheme != "file" or self._file_allowed(info, url)):
            if len(self.allowed) < 1000:
                self.allowed.append(url.toString()[:200])
            return
        info.block(True)
        self.blocked.append(url.toString())
        if scheme == "file":
            log.warning("Bestand buiten de map van de kaart geweigerd: %s", url.toString())
        else:
            log.warning("Netwerkverzoek geblokkeerd (Wijkbeeld werkt offline): %s", url.toString())

    def _file_allowed(self, info, url: QUrl) -> bool:
        path = _local_path(url)
        if path is None:
            return False
        if info.resourceType() == QWebEngineUrlRequestInfo.ResourceType.ResourceTypeMainFrame:
            return path in self.pages  # a page navigates nowhere but to what the app opened
        page = _local_path(info.firstPartyUrl())
        if page is not None and page not in self.pages:
            return False
        # Chromium sometimes names about:blank as the first party of a new page's first requests (a race while
        # the page commits): then only the folders of the pages the app opened, never a file elsewhere
        folders = [page.parent] if page is not None else [p.parent for p in self.pages]
        if self._roots is None:
            self._roots = _asset_roots()
        return any(path.is_relative_to(folder) for folder in (*folders, *self._roots))


class _Page(QWebEnginePage):
    """A page that sends the map's console messages to our log (for the support desk)."""

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802 - Qt's name
        log.info("kaart: %s (%s:%s)", message, source, line)


_PROFILE: QWebEngineProfile | None = None
_VIEWS: "weakref.WeakSet[MapView]" = weakref.WeakSet()


def shared_profile() -> QWebEngineProfile:
    """One off-the-record profile for every map view (no cache or cookies on disk), with the
    interceptor and the injected scripts. It lives as long as the application, so it always
    outlives the pages that use it."""
    global _PROFILE
    if _PROFILE is None:
        from PySide6.QtWidgets import QApplication

        profile = QWebEngineProfile()  # no parent: deleted by _release() after every page
        interceptor = LocalOnlyInterceptor(profile)
        profile.setUrlRequestInterceptor(interceptor)
        profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.NoCache)
        profile.wijkbeeld_interceptor = interceptor
        scripts = profile.scripts()
        scripts.insert(_script("wijkbeeld-creation", _CREATION_JS,
                               QWebEngineScript.InjectionPoint.DocumentCreation))
        scripts.insert(_script("wijkbeeld-ready", _qwebchannel_js() + "\n" + _READY_JS,
                               QWebEngineScript.InjectionPoint.DocumentReady))
        _PROFILE = profile
        atexit.register(_release)
        QApplication.instance().aboutToQuit.connect(_release)
    return _PROFILE


def _release() -> None:
    """Delete the pages before their profile, and the profile before the application.

    QtWebEngine crashes at exit when a profile dies before its pages (or after
    the application), so the order is made explicit here.
    """
    global _PROFILE
    import shiboken6

    for view in list(_VIEWS):
        pages = view.pages() if shiboken6.isValid(view) else []
        if shiboken6.isValid(view) and shiboken6.isValid(view.view):
            view.view.setPage(None)
        for page in pages:
            if page is not None and shiboken6.isValid(page):
                shiboken6.delete(page)
    _VIEWS.clear()
    if _PROFILE is not None and shiboken6.isValid(_PROFILE):
        shiboken6.delete(_PROFILE)
    _PROFILE = None


def interceptor() -> LocalOnlyInterceptor:
    return shared_profile().wijkbeeld_interceptor


class MapBridge(QObject):
    """The object the page sees as ``wijkbeeld``: page -> Qt."""

    clicked = Signal(str)
    toggled = Signal(str)
    boxed = Signal(list)
    ready = Signal(int)

    @Slot(str)
    def areaClicked(self, code: str) -> None:  # noqa: N802 - the name the page calls
        self.clicked.emit(str(code))

    @Slot(str)
    def areaToggled(self, code: str) -> None:  # noqa: N802 - the name the page calls
        self.toggled.emit(str(code))

    @Slot(list)
    def areasBoxed(self, codes: list) -> None:  # noqa: N802 - the name the page calls
        self.boxed.emit([str(c) for c in codes])

    @Slot(int)
    def pageReady(self, areas: int) -> None:  # noqa: N802 - the name the page calls
        self.ready.emit(int(areas))


def _read_update(page: Path) -> tuple[str | None, str | None]:
    """The signature and the update script's configuration written beside ``page``; (None, None) without."""
    from mapping.files import update_file

    try:
        text = update_file(page).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None, None
    signature, _, config = text.partition("\n")
    return (signature.strip() or None, config) if config else (None, None)


def _qwebchannel_js() -> str:
    f = QFile(":/qtwebchannel/qwebchannel.js")
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):  # pragma: no cover - part of QtWebChannel
        raise RuntimeError("qwebchannel.js ontbreekt in de Qt-installatie")
    try:
        return bytes(f.readAll()).decode("utf-8")
    finally:
        f.close()


def _script(name: str, source: str, point: QWebEngineScript.InjectionPoint) -> QWebEngineScript:
    s = QWebEngineScript()
    s.setName(name)
    s.setSourceCode(source)
    s.setInjectionPoint(point)
    s.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    s.setRunsOnSubFrames(False)
    return s


@dataclass
class _Held:
    """A map page the view holds (shown or kept): its bridge, the signature of what it draws that an update cannot
    change (:func:`mapping.webmap.write_update`; None: not known) and its clickable areas."""

    page: QWebEnginePage
    bridge: "MapBridge"
    signature: str | None = None
    areas: int = 0


class MapView(QStackedWidget):
    """The map panel: a message when there is no map, else the web view.

    Signals
    -------
    areaClicked(str)
        The user clicked an area on the map (its code).
    areaToggled(str)
        The user shift- or ctrl-clicked an area (to add it to the selection or take it out).
    areasBoxed(list)
        The user drew a rectangle (Shift + drag): the codes of the areas whose middle lies inside it.
    mapReady(int)
        A map finished loading and its bridge is connected (number of clickable areas).
    layerFilled(str)
        A layer that follows the page got its shapes (:mod:`desktop.map_later`: the study area's outline).
    """

    areaClicked = Signal(str)
    areaToggled = Signal(str)
    areasBoxed = Signal(list)
    mapReady = Signal(int)
    layerFilled = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.message = QLabel(tr("map.empty"))
        self.message.setWordWrap(True)
        self.message.setMargin(24)
        self.message.setObjectName("mapMessage")
        self.addWidget(self.message)
        self.profile = shared_profile()
        self.interceptor = interceptor()
        self.view = QWebEngineView(self)
        self.page, self.bridge = self._new_page()
        _VIEWS.add(self)
        self.view.setPage(self.page)
        self.addWidget(self.view)
        self.path: Path | None = None
        self.ready = False
        self._signature: str | None = None  # of the page shown (what it draws that an update cannot change)
        #: The last map page of other shapes, kept to go back to (the buurten after a look at the gemeente or
        #: the wijken), or None.
        self._kept: _Held | None = None
        self._areas = 0  # the clickable areas of the page shown (when it said it was ready)
        self._loads = 0  # maps asked for: a restyle that fails opens its page only if no other was asked since
        self._revived: Path | None = None  # the map opened again after its page's renderer ended (once per map)
        from desktop.map_later import LaterLayers

        self.later = LaterLayers(self)  # the layers that follow a page (mapping.later)
        self.later.filled.connect(self.layerFilled)
        # start Chromium's renderer now, while the data loads, instead of when the first map arrives
        self.page.setUrl(QUrl("about:blank"))

    def _new_page(self) -> tuple[QWebEnginePage, "MapBridge"]:
        """A page with the offline settings and its own bridge, whose signals count only while it is shown.
        Its parent is this widget, not the view: a view deletes the page it lets go if that is its child."""
        page = _Page(self.profile, self)
        page.setBackgroundColor(QColor("#ffffff"))  # no black frame before the first map is painted
        # first line of defence: Chromium itself refuses remote URLs from a local page; the
        # interceptor is the second line (and the log a test can read)
        settings = page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        # no script of a map page reads a file (fetch/XHR of file: URLs); the maps inline what they need
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        bridge = MapBridge(page)
        channel = QWebChannel(page)
        channel.registerObject("wijkbeeld", bridge)
        page.setWebChannel(channel)

        def shown(signal):
            return lambda *args: signal(*args) if page is self.page else None

        bridge.clicked.connect(shown(self.areaClicked.emit))
        bridge.toggled.connect(shown(self.areaToggled.emit))
        bridge.boxed.connect(shown(self.areasBoxed.emit))
        bridge.ready.connect(shown(self._on_ready))
        page.renderProcessTerminated.connect(lambda status, code: self._renderer_gone(page, status, code))
        return page, bridge

    def pages(self) -> list[QWebEnginePage]:
        """The page shown and the one kept (to delete them at exit)."""
        return [self.page] + ([self._kept.page] if self._kept is not None else [])

    # -- public -----------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.setCurrentWidget(self.message)

    def load_map(self, path: str | Path) -> None:
        """Show the HTML map at ``path``; :attr:`mapReady` follows.

        A map of the shapes the page shows (the national buurten at another period or category) restyles that
        page with the update written beside ``path`` (:func:`mapping.webmap.write_update`): 0.05 s instead of
        ~1 s for 14,500 buurten, and the view stays where the user has it. A map of the shapes of the page kept
        (the buurten again after the gemeente) shows that page, restyled. Another map of the window opens in a
        page of its own while the one shown is kept; any other page (an export opened, a hand-made page) opens in
        the page shown, through its file URL."""
        path = Path(path).resolve()
        signature, update = _read_update(path)
        self._loads += 1
        load = self._loads
        shown = self.ready and self.currentWidget() is self.view and self.page.url().scheme() == "file"
        kept = self._kept
        self.path, self.ready = path, False
        if signature is not None and shown and signature == self._signature:
            self._restyle(load, signature, update)
        elif signature is not None and kept is not None and kept.signature == signature:
            self._swap(kept, _Held(self.page, self.bridge, self._signature if shown else None, self._areas))
            self._restyle(load, signature, update)
        elif signature is not None and shown and self._signature is not None and (
                kept is None or kept.areas <= self._areas):
            # of the two pages the one with more areas is kept (the buurten, when the wijken and then the
            # gemeente are looked at): the other opens the new map
            fresh = _Held(kept.page, kept.bridge) if kept is not None else _Held(*self._new_page())
            self._swap(fresh, _Held(self.page, self.bridge, self._signature, self._areas))
            self._navigate(load, signature)
        else:
            self._navigate(load, signature)

    def _swap(self, show: _Held, keep: _Held | None) -> None:
        """Show the page of ``show`` and keep that of ``keep``."""
        self.page, self.bridge, self._signature, self._areas = show.page, show.bridge, show.signature, show.areas
        self._kept = keep
        self.view.setPage(self.page)

    def _restyle(self, load: int, signature: str, update: str) -> None:
        """Give the page shown the figures of the map asked for (else open it as a new page)."""
        self.setCurrentWidget(self.view)
        self.page.runJavaScript(f"window.wijkbeeldUpdate ? wijkbeeldUpdate({update}) : false", 0,
                                lambda done: done is True or self._navigate(load, signature))

    def _navigate(self, load: int, signature: str | None) -> None:
        """Open :attr:`path` as a new page (unless another map was asked for since ``load``)."""
        if load != self._loads:
            return
        self._signature = signature
        self.interceptor.allow_page(self.path)
        self.setCurrentWidget(self.view)
        self.view.load(QUrl.fromLocalFile(str(self.path)))

    def highlight(self, codes: list[str], zoom: bool = False) -> None:
        """Outline ``codes`` on the map (the others return to their own style); nothing before the map is
        ready: whoever owns the selection applies it on :attr:`mapReady` (the controller does)."""
        if self.ready:
            self.page.runJavaScript(f"window.wijkbeeldHighlight && wijkbeeldHighlight({json.dumps(list(codes))},"
                                    f" {json.dumps(bool(zoom))})")

    def blocked_requests(self) -> list[str]:
        return list(self.interceptor.blocked)

    # -- internal ---------------------------------------------------------------------------
    def _renderer_gone(self, page: QWebEnginePage, status, code: int) -> None:
        """A page's renderer process ended (crashed, killed, out of memory): without this the page stays blank
        and never says it is ready. A kept page is let go; the map shown opens again in a new page, once per
        map (a second end at the same map says so instead of trying for ever)."""
        if status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus or _PROFILE is None:
            return  # (no profile: the application is closing, its pages are being deleted)
        log.warning("De weergave van een kaart stopte (%s, code %s).", status, code)
        if self._kept is not None and page is self._kept.page:
            self._kept = None
            page.deleteLater()
            return
        if page is not self.page or self.path is None or self.page.url().scheme() != "file":
            return
        self.ready = False
        # a page of its own for what comes next: the ended page's web channel does not come back with a new renderer
        signature = self._signature
        self._swap(_Held(*self._new_page()), self._kept)
        page.deleteLater()
        if self._revived == self.path:
            self._signature = None
            self.show_message(tr("map.renderer_gone"))
            return
        self._revived = self.path
        self._navigate(self._loads, signature)

    def _on_ready(self, areas: int) -> None:
        if self.path is None or self.page.url().scheme() != "file":
            return  # the warm-up page, not a map
        self.ready, self._areas = True, areas
        self.later.watch(self.page, self.path)
        self.mapReady.emit(areas)
