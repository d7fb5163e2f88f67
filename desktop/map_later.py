"""The layers of a map page that follow it (:mod:`mapping.later`): filled in the page shown once computed.

The first map after an import of areas that are no coverage (the national wijken of a third party) is shown
without the study area's outline while its union is computed (0.6-0.8 s); :class:`LaterLayers` gives the page
that outline when it is done, without loading the page again (the view stays where the user has it).
"""
from __future__ import annotations

import json
import logging

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class LaterLayers(QObject):
    """Fills the layers that follow a page of ``view`` (a :class:`desktop.map_view.MapView`).

    Signals
    -------
    filled(str)
        A layer (its id: ``gemeente``) got its shapes in the page shown or kept.
    """

    filled = Signal(str)
    _arrived = Signal(object, object, str, str)  # page, its URL when it was ready, layer id, GeoJSON text

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        #: Layers taken for a page and not filled (or given up) yet.
        self.waiting = 0
        self._arrived.connect(self._fill)  # queued: the layers are done in threads of their own

    def watch(self, page, path) -> None:
        """The layers of the map at ``path``, ready in ``page``: each filled when done (at once when it is)."""
        from mapping.later import take

        url = page.url()
        layers = take(path)
        self.waiting += len(layers)
        for layer_id, future in layers.items():
            future.add_done_callback(lambda f, layer_id=layer_id: self._done(page, url, layer_id, f))

    def _done(self, page, url, layer_id: str, future) -> None:
        failed = future.cancelled() or future.exception() is not None
        if failed:  # given up (url None): only counted off, in the GUI thread
            log.warning("Laag '%s' van de kaart niet aangevuld: %s", layer_id, future.exception())
        try:
            self._arrived.emit(page, None if failed else url, layer_id, "" if failed else future.result()[1])
        except RuntimeError:  # the window closed meanwhile
            pass

    def _fill(self, page, url, layer_id: str, text: str) -> None:
        """Run the fill in ``page`` if it still shows the map it was ready with (shown, or kept to go back to;
        another map of the same areas restyles the page and keeps its URL, and so gets the shapes too)."""
        if url is None or not any(page is p for p in self.view.pages()) or page.url() != url:
            self.waiting -= 1
            return
        page.runJavaScript(f"window.wijkbeeldFill ? wijkbeeldFill({json.dumps(layer_id)}, {text}) : false", 0,
                           lambda done: self._filled(layer_id, done))

    def _filled(self, layer_id: str, done) -> None:
        self.waiting -= 1
        if done is True:
            self.filled.emit(layer_id)
