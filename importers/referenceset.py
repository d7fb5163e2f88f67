"""The reference set of the comparison: all gemeenten's figures, kept offline with the date they were read.

A :class:`ReferenceSet` holds what the benchmark needs of every gemeente, read once from the files the
user downloaded (:func:`hotspots.benchmark.reference.build_reference` builds it through the readers):

``gemeenten``   one row per gemeente: ``code``, ``name``, ``population`` (latest year), ``stedelijkheid``
                (1-5), ``year`` and the region columns of the kerncijfers (police unit, basisteam, ...)
``population``  inhabitants per ``code`` and ``year`` (the country as ``NL01``)
``counts``      registered crime per ``code``, ``year`` and ``category`` (``category_label``), with the
                months of the year it covers (``first_month``, ``last_month``) and ``provisional``
``neighbours``  pairs of gemeenten sharing a border (``code``, ``neighbour``; both ways)
``survey``      Veiligheidsmonitor figures (:data:`importers.survey.SURVEY_COLUMNS`)
``sources``     per file read: what it was, its name, SHA-256, file date, when it was read and the counts of
                its import report
``made``        when the set was made (ISO date and time)

It is stored as one SQLite file (every table readable with any SQLite tool), by default in the user's
reference folder shared by all projects (:func:`kernel.paths.reference_dir`), or anywhere the user chooses
(beside a project). Writing is atomic as for projects: a temporary file in the same folder, ``fsync``,
then :func:`os.replace`.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kernel.errors import ImportFileError, OutputError
from kernel.paths import reference_dir

VERSION = 1
FILE_NAME = "referentieset.sqlite"
META = "wijkbeeld_referentie"
#: Column types per table (how they come back from SQLite).
SCHEMA = {
    "population": {"code": "string", "year": "int64", "population": "float64"},
    "counts": {"code": "string", "year": "int64", "category": "string", "category_label": "string", "count": "int64",
               "first_month": "int64", "last_month": "int64", "provisional": "bool"},
    "neighbours": {"code": "string", "neighbour": "string"},
    "survey": {"code": "string", "name": "string", "level": "string", "year": "Int64", "indicator": "string",
               "theme": "string", "unit": "string", "value": "float64", "lower": "float64", "upper": "float64",
               "provisional": "bool"},
}
GEMEENTE_TYPES = {"code": "string", "name": "string", "population": "float64", "stedelijkheid": "Int64",
                  "year": "Int64"}


def default_path() -> Path:
    """Where the reference set lives unless the user says otherwise."""
    return reference_dir() / FILE_NAME


def locate(path: str | Path | None = None) -> Path:
    """The file of the reference set: :func:`default_path` for None; ``<folder>/referentieset.sqlite`` for a
    folder (an existing one, or a name without ``.sqlite``); else the file itself.

    >>> locate("mijn/referentie").as_posix(), locate("set.sqlite").as_posix()
    ('mijn/referentie/referentieset.sqlite', 'set.sqlite')
    """
    if path is None:
        return default_path()
    path = Path(path)
    if path.is_dir() or path.suffix.lower() not in (".sqlite", ".db", ".gpkg"):
        return path / FILE_NAME
    return path


def _empty(table: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SCHEMA[table].items()})


@dataclass
class ReferenceSet:
    """See the module docstring."""

    gemeenten: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {c: pd.Series(dtype=t) for c, t in GEMEENTE_TYPES.items()}))
    population: pd.DataFrame = field(default_factory=lambda: _empty("population"))
    counts: pd.DataFrame = field(default_factory=lambda: _empty("counts"))
    neighbours: pd.DataFrame = field(default_factory=lambda: _empty("neighbours"))
    survey: pd.DataFrame = field(default_factory=lambda: _empty("survey"))
    sources: list = field(default_factory=list)
    made: str = ""

    def is_empty(self) -> bool:
        return self.gemeenten.empty and self.counts.empty and self.survey.empty

    def years(self) -> list[int]:
        return sorted(int(y) for y in self.counts["year"].unique())

    def categories(self) -> pd.DataFrame:
        """The categories of the counts: ``category``, ``category_label`` (first spelling), one row each."""
        return (self.counts.groupby("category", sort=True)["category_label"].first().reset_index()
                if len(self.counts) else pd.DataFrame({"category": [], "category_label": []}))

    def made_text(self) -> str:
        """The date of the set in Dutch (``03-12-2025``)."""
        return _dutch_date(self.made)

    def describe(self) -> str:
        """One Dutch sentence: what the set holds and from when."""
        parts = [f"{len(self.gemeenten)} gemeenten"]
        if len(self.counts):
            ys = self.years()
            parts.append(f"politiecijfers {ys[0]} t/m {ys[-1]} ({self.counts['category'].nunique()} categorieën)")
        if len(self.survey):
            parts.append(f"Veiligheidsmonitor {', '.join(str(y) for y in sorted(self.survey['year'].dropna().unique()))}")
        return f"Referentieset van {self.made_text()}: " + ", ".join(parts) + "."

    def to_dict(self) -> dict:
        return {"made": self.made, "description": self.describe(), "sources": self.sources,
                "gemeenten": int(len(self.gemeenten)), "years": self.years(),
                "categories": self.categories().to_dict(orient="records"),
                "survey_years": sorted(int(y) for y in self.survey["year"].dropna().unique())}


def _dutch_date(iso: str) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).strftime("%d-%m-%Y")
    except (TypeError, ValueError):
        return "onbekende datum"


def _typed(frame: pd.DataFrame, types: dict) -> pd.DataFrame:
    out = frame.copy()
    for col, t in types.items():
        if col not in out:
            out[col] = pd.Series(dtype=t)
        elif t == "bool":
            out[col] = out[col].fillna(0).astype(int).astype(bool)
        elif t in ("Int64", "int64"):
            out[col] = pd.to_numeric(out[col], errors="coerce").round().astype("Int64" if t == "Int64" else "int64")
        else:
            out[col] = out[col].astype(t)
    return out


def save(ref: ReferenceSet, path: str | Path | None = None) -> Path:
    """Write ``ref`` atomically to ``path`` (a file or folder, :func:`locate`); returns the file's path."""
    path = locate(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp.sqlite", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"De referentieset kan niet in {path.parent} worden opgeslagen ({exc.strerror}).",
                          path=path) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with sqlite3.connect(tmp) as con:
            gem = ref.gemeenten.drop(columns=[c for c in ("geometry",) if c in ref.gemeenten])
            pd.DataFrame(gem).to_sql("gemeenten", con, index=False)
            for table in SCHEMA:
                getattr(ref, table).to_sql(table, con, index=False)
            meta = {"version": VERSION, "made": ref.made, "sources": ref.sources,
                    "gemeenten_columns": list(gem.columns)}
            con.execute(f"CREATE TABLE {META} (key TEXT PRIMARY KEY, value TEXT)")
            con.executemany(f"INSERT INTO {META} VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()])
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"De referentieset kan niet worden opgeslagen ({exc.strerror}).", path=path) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def load(path: str | Path | None = None) -> ReferenceSet:
    """The reference set in ``path`` (a file or folder, :func:`locate`); a Dutch error when missing or damaged."""
    path = locate(path)
    if not path.is_file():
        raise ImportFileError("Er is nog geen referentieset: lees eerst de politiecijfers en kerncijfers van alle "
                              "gemeenten in (wijkbeeld vergelijk --politie BESTAND --kerncijfers BESTAND).", path=path)
    try:
        with sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True) as con:  # a '#' in a folder name too
            meta = {k: json.loads(v) for k, v in con.execute(f"SELECT key, value FROM {META}")}
            if int(meta.get("version", 0)) > VERSION:
                raise ImportFileError("Deze referentieset is gemaakt met een nieuwere Wijkbeeld.", path=path)
            tables = {t: pd.read_sql(f"SELECT * FROM {t}", con) for t in ["gemeenten", *SCHEMA]}
    except (sqlite3.DatabaseError, json.JSONDecodeError, ValueError) as exc:
        raise ImportFileError(f"Dit is geen leesbare referentieset ({exc}).", path=path) from None
    gem = _typed(tables["gemeenten"], {c: t for c, t in GEMEENTE_TYPES.items()})
    for c in gem.columns:
        if c not in GEMEENTE_TYPES:
            gem[c] = gem[c].astype("string")
    return ReferenceSet(gemeenten=gem, **{t: _typed(tables[t], SCHEMA[t]) for t in SCHEMA},
                        sources=list(meta.get("sources", [])), made=str(meta.get("made", "")))
