"""desktop.selftest: one real task through the spawn worker process (what the frozen app's check asserts)."""
from __future__ import annotations

import os

from desktop import selftest


def test_a_task_runs_in_the_worker_process_and_reads_the_demo_through_gdal():
    facts = selftest.run()
    assert facts["pid"] != os.getpid() and facts["parent_pid"] == os.getpid()
    assert facts["frozen"] is False  # from the sources; packaging/check asserts True in the bundle
    assert facts["areas"] == 108 and facts["epsg"] == 28992
    assert facts["progress"] and facts["progress"][-1] == 1.0
    assert facts["licences"] > 20  # the run-time closure of wijkbeeld's requirements
