"""The About box names the project's licence and lists the third-party packages with theirs."""
from __future__ import annotations


def test_about_box_lists_the_packages_and_their_licences(window):
    window.about()
    box = window.info_box
    assert "EUPL-1.2" in box.text() and "pakketten van anderen" in box.text()
    lines = box.detailedText().splitlines()
    assert any(line.startswith("PySide6 ") and "LGPL-3.0" in line for line in lines)
    assert any(line.startswith("geopandas ") and line.endswith(": BSD-3-Clause") for line in lines)
    assert not any(line.startswith(("pytest ", "esda ", "scikit-learn ")) for line in lines)
    box.close()
