"""desktop.licences: the third-party licences the About box shows, from the packages' own metadata."""
from __future__ import annotations

import sys
from importlib import metadata

import pytest

from desktop import licences

TEST_ONLY = {"esda", "libpysal", "pytest", "pytest-qt", "hypothesis", "pymannkendall", "scikit-learn",
             "import-linter"}


def fake_dist(tmp_path, name: str, headers: list[str], files: dict[str, str]) -> metadata.Distribution:
    info = tmp_path / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("\n".join([f"Name: {name}", "Version: 1.0", *headers]) + "\n\n",
                                   encoding="utf-8")
    for rel, text in files.items():
        (info / rel).parent.mkdir(parents=True, exist_ok=True)
        (info / rel).write_text(text, encoding="utf-8")
    (info / "RECORD").write_text("".join(f"{info.name}/{rel},,\n" for rel in [*files, "METADATA"]),
                                 encoding="utf-8")
    return metadata.PathDistribution(info)


def test_licence_name_prefers_the_spdx_expression_then_a_short_field_then_the_classifiers(tmp_path):
    spdx = fake_dist(tmp_path, "a", ["License-Expression: BSD-3-Clause", "License: something else"], {})
    field = fake_dist(tmp_path, "b", ["License: MIT", "Classifier: License :: OSI Approved :: BSD License"], {})
    # a whole licence text in the License field (scipy, matplotlib) is no name: the classifier is
    full_text = fake_dist(tmp_path, "c", ["License: Copyright (c) 2001\n        All rights reserved.",
                                          "Classifier: License :: OSI Approved :: BSD License"], {})
    nothing = fake_dist(tmp_path, "d", ["License: UNKNOWN"], {})
    assert [licences.licence_name(d) for d in (spdx, field, full_text, nothing)] == \
        ["BSD-3-Clause", "MIT", "BSD License", "onbekend"]


def test_licence_texts_are_the_named_license_files_or_else_the_usual_names(tmp_path):
    named = fake_dist(tmp_path, "a", ["License-File: LICENSE", "License-File: vendored/LICENSE_GEOS"],
                      {"licenses/LICENSE": "BSD", "licenses/vendored/LICENSE_GEOS": "LGPL",
                       "AUTHORS.txt": "someone"})
    unnamed = fake_dist(tmp_path, "b", [], {"LICENSE": "BSD", "COPYING.txt": "GPL", "WHEEL": "x"})
    assert sorted(p.name for p in licences.licence_texts(named)) == ["LICENSE", "LICENSE_GEOS"]
    assert sorted(p.name for p in licences.licence_texts(unnamed)) == ["COPYING.txt", "LICENSE"]


def test_the_installed_list_is_the_run_time_closure_without_test_packages():
    items = {i.name.lower().replace("_", "-"): i for i in licences.installed()}
    assert {"pyside6", "shiboken6", "geopandas", "shapely", "pyogrio", "pyproj", "folium",
            "django-js-lib-leaflet", "numpy", "pandas"} <= set(items)  # pandas through geopandas too
    assert not TEST_ONLY & set(items)  # extras of wijkbeeld are not what it runs on
    assert "wijkbeeld" not in items
    assert items["geopandas"].licence == "BSD-3-Clause" and items["geopandas"].files
    assert items["pyside6"].licence.startswith("LGPL-3.0")


def test_the_frozen_app_reads_the_overview_written_beside_its_executable(tmp_path, monkeypatch):
    folder = tmp_path / licences.FOLDER
    items = [licences.Licence("Leaflet", "1.9.4", "BSD-2-Clause", ("Leaflet/LICENSE",)),
             licences.Licence("PySide6", "6.12.0", "LGPL-3.0-only", ())]
    licences.write_index(items, folder)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "wijkbeeld"))
    assert licences.bundled_folder() == folder.resolve()
    assert licences.installed() == items
    assert licences.overview_text(items) == "Leaflet 1.9.4: BSD-2-Clause\nPySide6 6.12.0: LGPL-3.0-only"
    html = licences.about_html(items)
    assert "2 pakketten" in html and str(folder.resolve()) in html


@pytest.mark.parametrize("requirement, name", [
    ("numpy>=1.26", "numpy"), ("pywin32-ctypes>=0.2; sys_platform == 'win32'", None if sys.platform != "win32"
                               else "pywin32-ctypes"),
    ("pytest>=8; extra == 'test'", None), ("Jinja2 >= 2.9", "Jinja2")])
def test_requirements_of_extras_and_other_platforms_are_left_out(requirement, name):
    assert licences._requirement_name(requirement) == name
