"""An attacker's view of the outputs: read what was published, and try to work out every hidden count.

Independent of :mod:`mapping.protect`: it reads the files themselves (the GeoPackage, the
workbook, the summary, the web map's embedded data, the report's text) and knows only what a
reader knows: a cell shown as ``"<N"`` holds 1 to N-1, a cell shown as ``"x"`` holds at least N
(else it would show as ``"<N"``; a zero is never hidden), and the published totals. For every
hidden cell it solves two linear programs (scipy's HiGHS): the smallest and the largest value the
cell can have given every published total (:func:`intervals`). A hidden count is *derivable* when
the two are equal.
"""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linprog

BIG = 1e7


def parse_marker(value, threshold: int):
    """A published cell as ('shown', number), ('primary', None) or ('secondary', None)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ("missing", None)
    if isinstance(value, str):
        v = value.strip()
        if v == f"<{threshold}":
            return ("primary", None)
        if v == "x":
            return ("secondary", None)
        return ("shown", float(v.replace(".", "").replace(",", ".")))
    return ("shown", float(value))


def gpkg_areas(path: Path) -> dict:
    """code -> published count, from the GeoPackage's layer 'gebieden'."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT code, count FROM gebieden").fetchall()
    finally:
        con.close()
    return {str(c): v for c, v in rows}


def xlsx_areas(path: Path, sheet: str = "Gebieden") -> dict:
    frame = pd.read_excel(path, sheet_name=sheet, engine="openpyxl")
    code_col = next(c for c in frame.columns if str(c).endswith("code"))
    return {str(c): (None if pd.isna(v) else v) for c, v in zip(frame[code_col], frame["Aantal"])}


def map_config(path: Path) -> dict:
    """The configuration ``wijkbeeld.js`` draws (title, layers with their GeoJSON, legend)."""
    text = Path(path).read_text(encoding="utf-8")
    start = text.index("Wijkbeeld.build(")
    start = text.index(",", start) + 1
    depth, i = 0, start
    while True:
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                break
        elif ch == '"':  # skip strings (escaped quotes inside)
            i += 1
            while text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        i += 1
    config = json.loads(text[start:i + 1])
    shapes: dict = {}
    for layer in config["layers"]:  # a layer of shapes drawn already brings only its properties (shared_shapes)
        if layer.get("same_as"):
            layer["data"] = {"type": "FeatureCollection", "features": [
                {"type": "Feature", "geometry": f["geometry"], "properties": p}
                for f, p in zip(shapes[layer["same_as"]]["features"], layer["properties"], strict=True)]}
        if layer.get("kind") == "areas":
            shapes[layer["id"]] = layer["data"]
    return config


def html_areas(path: Path) -> dict:
    """code -> published count ('v') of the main area layer of a web map."""
    cfg = map_config(path)
    out = {}
    for layer in cfg["layers"]:
        if layer.get("kind") == "areas":
            for f in layer["data"]["features"]:
                props = f["properties"]
                if "v" in props:
                    out.setdefault(str(props["c"]), props["v"])
    return out


def intervals(cells: dict, threshold: int, equations: list[tuple[list, float]]) -> dict:
    """For every hidden cell, ``(low, high)``: the range the published totals leave for it.

    ``cells``: key -> published value (a number or a marker); ``equations``: ``(keys, total)`` or
    ``(keys, total, tolerance)``, the cells whose sum was published as ``total`` (give or take the
    rounding of the published numbers).
    """
    parsed = {k: parse_marker(v, threshold) for k, v in cells.items()}
    hidden = [k for k, (kind, _) in parsed.items() if kind in ("primary", "secondary")]
    if not hidden:
        return {}
    index = {k: i for i, k in enumerate(hidden)}
    bounds = [(1, threshold - 1) if parsed[k][0] == "primary" else (threshold, BIG) for k in hidden]
    a_ub, b_ub = [], []
    for eq in equations:
        keys, total = eq[0], eq[1]
        tol = eq[2] if len(eq) > 2 else 0.0
        row = np.zeros(len(hidden))
        rest = float(total)
        for k in keys:
            kind, value = parsed[k]
            if kind == "shown":
                rest -= value
            elif kind in ("primary", "secondary"):
                row[index[k]] = 1.0
        if row.any():
            a_ub += [row, -row]
            b_ub += [rest + tol, -(rest - tol)]
    out = {}
    kw = dict(A_ub=np.array(a_ub) if a_ub else None, b_ub=b_ub or None, bounds=bounds, method="highs")
    for k in hidden:
        c = np.zeros(len(hidden))
        c[index[k]] = 1.0
        lo = linprog(c, **kw)
        hi = linprog(-c, **kw)
        assert lo.status == 0 and hi.status == 0, f"the published totals contradict the markers ({k})"
        out[k] = (lo.fun, -hi.fun, parsed[k][0])
    return out


def derivable(ranges: dict) -> list:
    """The hidden primary cells that the published totals pin to one value."""
    return [k for k, (lo, hi, kind) in ranges.items() if kind == "primary" and hi - lo < 1 - 1e-9]


NUMBER = re.compile(r"(?<![\w,.])(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\w])")


def numbers_in(text: str) -> list[str]:
    """Every number token in a Dutch text (``1.234``, ``25,5``, ``3``)."""
    return NUMBER.findall(text)
