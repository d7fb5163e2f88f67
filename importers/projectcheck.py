"""A project file is input too: the shape of its metadata, checked before anything uses it.

The metadata table of a project (:mod:`importers.project`) comes from a file anyone may have edited.
It is checked against the shapes declared here (:mod:`kernel.shape`, standard library only) in
three steps:

- **before migration**, the keys of older versions (version 2's ``reports`` and ``period_freq``),
  which the migration to version 3 moves into the sources (:data:`LEGACY`);
- **after migration**, the keys every version has (:data:`META`): a key that does not fit is left
  out, its default used, and named in the project's ``problems`` (the data still open);
- **the layout** (:data:`LAYOUT`: ``sources``, ``divisions``, ``themes``), which names the layers:
  a layout that does not fit is one Dutch :class:`~kernel.errors.ProjectError`, since the data cannot
  be found without it (:func:`check_layout`). Only the import report and the period of one source
  (or the report of one division level) are left out where they do not fit, as above.

A schema version that is not a whole number from 1 to the newest is a ProjectError (:func:`version`).
"""
from __future__ import annotations

from kernel.errors import ProjectError
from kernel.shape import (Anything, Boolean, Integer, ListOf, MapOf, Null, Number, OneOf, Record, Text,
                          problems)

_SCALAR = OneOf((Text(1000), Number(), Boolean(), Null()))
_MONTH = OneOf((Text(7, r"\d{4}-\d{2}"), Null()))
_NAME = Text(500, r"(?s).+")  # a name that is not empty
#: A chart click's filter (desktop.when_filter): a month, or a day of the week and/or an hour.
_WHEN = Record({"month": Text(7, r"\d{4}-\d{2}"), "day": Integer(0, 6), "hour": Integer(0, 23)},
               optional={"month", "day", "hour"})
_FREQ = Text(10, r"[A-Z]{1,2}(?:-[A-Z]{3})?")
_REJECTION = Record({"row": Integer(0), "column": OneOf((Text(1000), Null())), "value": Anything(),
                     "reason": Text(1000)})
#: An import report (:meth:`importers.report.ImportReport.to_dict`) as a project keeps it.
REPORT = Record({"rejections": ListOf(_REJECTION, max_len=10_000_000), "personal_data_columns": ListOf(Text(1000)),
                 "column_mapping": MapOf(Text(1000)), "assumptions": ListOf(Text(10_000)),
                 "warnings": ListOf(Text(10_000))},
                optional={"rejections", "personal_data_columns", "column_mapping", "assumptions", "warnings"},
                extra=True)

#: Keys of version 1 and 2 files, checked before the migration moves them (a version 3 file has none).
LEGACY: dict = {
    "reports": MapOf(REPORT, max_len=20),
    "period_freq": _FREQ,
}
#: What each key of the metadata table may hold after migration (the layout aside). Keys not named
#: here or in :data:`LAYOUT` are kept as they are but never used.
META: dict = {
    "name": Text(500),
    "saved_at": Text(100),
    "settings": Record({"method": OneOf((Text(100), Null())), "params": MapOf(_SCALAR, max_len=200),
                        "filters": Record({"start": _MONTH, "end": _MONTH, "category": OneOf((Text(1000), Null())),
                                           "when": OneOf((_WHEN, Null()))},
                                          optional={"start", "end", "category", "when"}),
                        "export": Record({"suppress": Boolean(), "threshold": Integer(1, 10_000), "points": Boolean()},
                                         optional={"suppress", "threshold", "points"}),
                        # what the window shows of a project of several sources (desktop.choice)
                        "sources": ListOf(Text(1000), max_len=1000), "theme": OneOf((Text(1000), Null())),
                        "division": OneOf((Text(1000), Null()))},
                       optional={"method", "params", "filters", "export", "sources", "theme", "division"}),
    "view": Record({"selected": ListOf(Text(100), max_len=100_000)}, optional={"selected"}, extra=True),
    "snapshot": MapOf(Anything(), max_len=100),  # its parts: desktop.snapshot.SNAPSHOT
    "dtypes": MapOf(MapOf(Text(100), max_len=100_000), max_len=10_000),  # layer -> column -> pandas type
    "loose_reports": MapOf(REPORT, max_len=20),
}
DEFAULTS = {"reports": {}, "settings": {}, "view": {}, "snapshot": {}, "dtypes": {}, "loose_reports": {}}

#: The metadata that names the layers (:func:`importers.project.layout` writes it); a source's
#: ``report`` and ``period_freq`` and a level's ``report`` are checked one by one (:func:`check_layout`).
LAYOUT: dict = {
    "sources": ListOf(Record({"name": _NAME, "kind": Text(20, "incidents|counts"), "layer": _NAME,
                              "report": Anything(), "period_freq": Anything()},
                             optional={"report", "period_freq"}, extra=True), max_len=1_000),
    "divisions": ListOf(Record({"name": _NAME, "layers": ListOf(Record(
        {"layer": _NAME, "level": OneOf((Text(100), Null())), "report": Anything(), "outlines": Boolean()},
        optional={"level", "report", "outlines"}, extra=True), max_len=100)}, extra=True), max_len=1_000),
    "themes": ListOf(Record({"name": _NAME, "categories": MapOf(ListOf(Text(1000), max_len=10_000), max_len=1_000)},
                            optional={"categories"}, extra=True), max_len=1_000),
}
_LAYOUT_WORDS = {"sources": "een bron zonder naam, soort of laag",
                 "divisions": "een gebiedsindeling zonder naam of lagen",
                 "themes": "een thema zonder naam of met onleesbare categorieën"}


def version(value, path, newest: int) -> int:
    """The schema version as a whole number from 1 to ``newest`` (else a Dutch ProjectError)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ProjectError(f"Dit projectbestand is beschadigd: de schemaversie {value!r} bestaat niet "
                           f"(verwacht 1 tot en met {newest}).", path=path)
    if value > newest:
        raise ProjectError(f"Dit project is gemaakt met een nieuwere Wijkbeeld (schemaversie {value}); "
                           f"deze versie leest tot en met {newest}.", path=path, hint="werk Wijkbeeld bij")
    return value


def fit(meta: dict, shapes: dict, found: list[str]) -> dict:
    """``meta`` with every key of ``shapes`` that does not fit left out (its default instead), each named
    in ``found``."""
    for key, shape in shapes.items():
        if key in meta and (bad := problems(meta[key], shape)):
            found.append(f"'{key}' weggelaten ({bad[0]})")
            meta.pop(key)
            if key in DEFAULTS:
                meta[key] = DEFAULTS[key]
    return meta


def check_layout(meta: dict, path) -> None:
    """The layout of ``meta`` (:data:`LAYOUT`) fits, else a Dutch :class:`ProjectError`; a source's report
    or period and a level's report that do not fit are left out and named in ``meta["problems"]``."""
    for key, shape in LAYOUT.items():
        if bad := problems(meta.get(key, []), shape):
            raise ProjectError(f"Het projectbestand is beschadigd: {_LAYOUT_WORDS[key]} ({bad[0]}).", path=path)
    found = meta.setdefault("problems", [])
    entries = [(f"bron '{s['name']}'", s) for s in meta.get("sources", [])] + \
        [(f"gebiedsindeling '{d['name']}', laag '{e['layer']}'", e) for d in meta.get("divisions", [])
         for e in d["layers"]]
    for what, entry in entries:
        for key, shape in (("report", REPORT), ("period_freq", _FREQ)):
            if key in entry and (bad := problems(entry[key], shape)):
                found.append(f"'{key}' van {what} weggelaten ({bad[0]})")
                entry.pop(key)
