"""A view that draws in slices (one chart or table per turn of the event loop) and is closed before it is done
must not draw on: Qt drops the queued slices with the panel. In CI a window closed by one test left Ontwikkeling
slices that ran into its deleted tables during the next test's set-up."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qt


def test_a_closed_ontwikkeling_panel_draws_no_more_slices(qtbot):
    import shiboken6

    from desktop import change_tasks as ct
    from desktop.panels.development_panel import DevelopmentPanel
    from desktop.tasks import load_demo

    project = load_demo()
    data = ct.development(project.incidents, None, project.areas, project.outlines, selected=["BU00140001"])
    panel = DevelopmentPanel()
    panel.show_development(data)
    assert panel.filling()
    drawn = []
    panel._steps.append(lambda: drawn.append(1))
    shiboken6.delete(panel)  # gone, as when its window closes, with slices still queued
    qtbot.wait(200)  # the event loop turns: a queued slice would now raise 'already deleted'
    assert drawn == []
