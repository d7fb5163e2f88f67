"""Running a script in the window's map page the way a user acts on it: on a page that is there.

A map page says it is ready, and may still be replaced just after (the demo's rerun after its snapshot loads its
own page): a script run in that moment finds no map and does nothing. :func:`in_page` runs a script that returns
-1 when the page is not (yet) built, and tries again on the page that follows.
"""
from __future__ import annotations

#: A script's first line for :func:`in_page`: -1 while the page has no map or no bridge to the window.
NOT_BUILT = ("var maps = window.__wijkbeeldMaps || []; "
             "if (!maps.length || !window.wijkbeeldBoxed || !window.wijkbeeld_bridge) { return -1; }")


def in_page(window, qtbot, body: str, tries: int = 5) -> list:
    """Run ``(function () { NOT_BUILT; body })()`` in the window's map page until it answers other than -1 (at most
    ``tries`` times, each on a page that said it is ready); returns every answer, the last one the page's."""
    answers: list = []
    script = "(function () { " + NOT_BUILT + " " + body + " })()"
    for _ in range(tries):
        qtbot.waitUntil(lambda: window.map_view.ready, timeout=30000)
        n = len(answers)
        window.map_view.page.runJavaScript(script, 0, answers.append)
        qtbot.waitUntil(lambda: len(answers) > n, timeout=10000)
        if answers[-1] != -1:
            break
        qtbot.wait(200)
    return answers


def shown_map_view(qtbot, width: int = 640, height: int = 440):
    """A :class:`desktop.map_view.MapView` of its own, shown at ``width`` x ``height`` (closed by qtbot)."""
    from desktop.map_view import MapView

    view = MapView()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    return view
