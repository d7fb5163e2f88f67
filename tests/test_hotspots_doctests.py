"""The examples in the hot-spot engine's docstrings are run, so they stay true."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["hotspots.assign", "hotspots.weights", "hotspots.stats", "hotspots.getis_ord", "hotspots.moran",
           "hotspots.rates", "hotspots.kde", "hotspots.cells", "hotspots.guards"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
