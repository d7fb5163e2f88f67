"""Layers of a window's map that follow the page: drawn empty, filled in the page (and its file) once computed.

The outline of the study area ("Grens van het gebied") of areas that are no coverage (the national wijken of a
third party) is a general union of thousands of polygons: 0.6-0.8 s on two cores, most of the wait for the first
map after an import. A map the window shows may ask for it later (:func:`mapping.webmap.area_map`
``outline_later=True``): the page is written at once with that layer empty, and :func:`pending` gives the
layer's GeoJSON when the union is done. :func:`mapping.webmap.save_html` registers the map's pending layers by
its page (:func:`register`); the window takes them when the page is shown (:func:`take`) and fills the layer in
the page (``Wijkbeeld.fill`` in ``wijkbeeld.js``), and the page's file is completed on disk as well (so a saved
view or a page opened again draws the outline). Exports never ask for it: every file that leaves the window is
whole when written.

The layer's shapes follow from the areas' (the outline is their union), so the page's signature is the same
with and without them (:func:`mapping.webmap.signature`): another map of the same areas restyles the page.
"""
from __future__ import annotations

import os
import threading
import uuid
from concurrent.futures import Future
from pathlib import Path

#: The key of an empty layer's GeoJSON that names what fills it (the page draws no features from it).
MARK = "wijkbeeld_later"
#: Pages whose pending layers were registered and not taken (a map that is made but never shown).
KEEP = 8

_LOCK = threading.Lock()
_PAGES: dict[str, dict[str, Future]] = {}


def placeholder():
    """An empty feature collection (:class:`mapping.layers.RawJSON`) with a token of its own: the text
    :func:`register` replaces in the page. (The map view imports this module, and no map writer: not at the top.)"""
    from mapping.layers import RawJSON

    return RawJSON('{"type":"FeatureCollection","features":[],"%s":"%s"}' % (MARK, uuid.uuid4().hex))


def pending(empty, make) -> Future:
    """A future of ``(empty, text)``: ``make()`` (the layer's GeoJSON text, as :func:`mapping.webmap.script_json`
    embeds it) run where its inputs are done (``make`` waits for them), in a thread of its own."""
    out: Future = Future()

    def run() -> None:
        try:
            out.set_result((str(empty), make()))
        except BaseException as exc:  # noqa: BLE001 - the waiting page keeps its empty layer; the error is kept
            out.set_exception(exc)

    threading.Thread(target=run, name="wijkbeeld-later", daemon=True).start()
    return out


def register(path, layers: dict[str, Future]) -> None:
    """Keep the pending ``layers`` (id -> :func:`pending`) of the page at ``path`` for the window, and complete
    the file on disk when each is done."""
    if not layers:
        return
    key = str(Path(path).resolve())
    with _LOCK:
        _PAGES[key] = dict(layers)
        for old in list(_PAGES)[:-KEEP]:
            del _PAGES[old]
    for future in layers.values():
        future.add_done_callback(lambda f, page=Path(key): _complete(page, f))


def take(path) -> dict[str, Future]:
    """The pending layers of the page at ``path`` (taken: a second call gives none)."""
    with _LOCK:
        return _PAGES.pop(str(Path(path).resolve()), {})


_FILE_LOCK = threading.Lock()


def _complete(page: Path, future: Future) -> None:
    """Put the layer's GeoJSON in the page's file in place of its empty text (atomically: a reader sees the
    whole old file or the whole new one)."""
    if future.cancelled() or future.exception() is not None:
        return
    empty, text = future.result()
    with _FILE_LOCK:
        try:
            html = page.read_text(encoding="utf-8")
        except OSError:
            return  # the page is gone (a scratch folder cleaned up)
        if empty not in html:
            return
        tmp = page.with_name(page.name + ".tmp")
        try:
            tmp.write_text(html.replace(empty, text, 1), encoding="utf-8")
            os.replace(tmp, page)
        except OSError:  # (a file held open elsewhere): the page shown has its layer; the file stays as it was
            tmp.unlink(missing_ok=True)
