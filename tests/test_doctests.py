"""Every docstring example in the core packages is run, so it stays true.

The modules are discovered (not listed by hand): every module of ``kernel``, ``importers``,
``hotspots``, ``mapping`` and ``resources`` (the Qt-free layers; ``desktop`` is
left out) that has at least one example gets a test of its own.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("kernel", "importers", "hotspots", "mapping", "resources")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        pkg = importlib.import_module(package)
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(pkg.__path__, prefix=f"{package}.")]
    return sorted(names)


def _with_examples() -> list[str]:
    finder = doctest.DocTestFinder()
    return [name for name in _modules()
            if any(t.examples for t in finder.find(importlib.import_module(name), name))]


MODULES = _with_examples()


def test_discovery_finds_the_known_modules():
    for name in ("hotspots.significance", "hotspots.when.hottimes", "hotspots.when.aoristic", "importers.dates", "resources.demo"):
        assert name in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0
