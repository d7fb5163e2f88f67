"""Veiligheidsmonitor results as CBS publishes them on StatLine, into one Survey frame with the margins kept.

The Veiligheidsmonitor gives per gemeente (and per wijk where a gemeente ordered a larger sample)
indicators such as "Voelt zich wel eens onveilig in de buurt (%)" or "Fysieke verloedering (schaalscore
0-10)", each with its 95% margin. StatLine exports them in several layouts; all are read:

* **long, topics as columns** (the typed download and the export with labels): one line per region,
  period and margin (``Marges``: ``Waarde`` / ``MW00000``, ``Ondergrens 95%-betrouwbaarheidsinterval`` /
  ``MOG0095``, ``Bovengrens ...`` / ``MBG0095``), one column per indicator;
* **wide** (the periods as columns): one line per region, indicator (``Onderwerp``) and margin;
* **one column per indicator name** with the value and its bounds in columns (``Waarde``,
  ``Ondergrens``, ``Bovengrens`` or a half-width ``Marge``), as the Veiligheidsmonitor databank exports.

Only the total of all persons is used where the table splits by person (``Persoonskenmerken``); the other
lines are rejected with that reason. A cell without a figure (``.``: too few respondents, ``x``: secret)
is rejected with its meaning, as in the police reader. A value without margins is kept (its margin
unknown: no difference is then called significant). The survey year of each figure is kept.

The Survey frame: ``code`` (GM, WK or BU code, or NL01), ``name``, ``level``, ``year``, ``indicator`` (its
text), ``theme`` (the group before a ``/`` in a label header), ``unit`` (``%``, ``schaalscore``,
``rapportcijfer`` or empty), ``value``, ``lower``, ``upper`` and ``provisional``. The report counts cells
(one region, period, indicator and margin): every cell read is kept or rejected.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from importers.detect import find_column, normalise_header, reference_header, to_number
from importers.report import ImportReport
from importers.wide import MARKS, period_columns
from kernel.cbs import level_of_code
from kernel.errors import ImportFileError
from kernel.progress import as_progress

SURVEY_COLUMNS = ["code", "name", "level", "year", "indicator", "theme", "unit", "value", "lower", "upper",
                  "provisional"]
MARGIN_HEADERS = ("marges", "marge", "margins")
REGION_HEADERS = ("regios", "regio", "wijkenenbuurten", "wijken", "gemeenten", "gemeente", "gebied", "gebieden",
                  "wijk", "buurt", "regioaanduiding")
TOPIC_HEADERS = ("onderwerp", "onderwerpen", "indicator", "indicatoren", "vraag", "kenmerk")
PERSON_HEADERS = ("persoonskenmerken", "kenmerkenpersonen", "persoonskenmerk", "populatie")
VALUE_HEADERS = ("waarde", "value", "percentage", "score")
LOWER_HEADERS = ("ondergrens", "ondergrens95", "ondergrens95betrouwbaarheidsinterval", "lower")
UPPER_HEADERS = ("bovengrens", "bovengrens95", "bovengrens95betrouwbaarheidsinterval", "upper")
HALF_HEADERS = ("marge", "marge95", "halvebreedte")
#: Words that make a header or a topic a Veiligheidsmonitor indicator.
SURVEY_WORDS = ("onveilig", "overlast", "slachtoffer", "verloedering", "veiligheidsmonitor", "rapportcijfer",
                "criminaliteit", "buurtprobleem", "respectloos", "politie", "sociale cohesie", "leefbaarheid")
ROLE = {"waarde": "value", "mw00000": "value", "value": "value"}


def margin_role(text) -> str | None:
    """``value``, ``lower``, ``upper`` or ``half`` for a ``Marges`` value (label or code); None otherwise.

    >>> [margin_role(t) for t in ("Waarde", "MOG0095", "Bovengrens 95%-betrouwbaarheidsinterval", "Marge", "X")]
    ['value', 'lower', 'upper', 'half', None]
    """
    n = normalise_header(text)
    if n in ROLE:
        return ROLE[n]
    if n.startswith("ondergrens") or n.startswith("mog"):
        return "lower"
    if n.startswith("bovengrens") or n.startswith("mbg"):
        return "upper"
    if n.startswith("marge") or n.startswith("mm0"):
        return "half"
    return None


def unit_of(label: str) -> str:
    """The unit written in an indicator's label: ``%``, ``schaalscore``, ``rapportcijfer`` or ``""``.

    >>> unit_of("Voelt zich wel eens onveilig in de buurt (%)"), unit_of("Fysieke verloedering (schaalscore 0-10)")
    ('%', 'schaalscore')
    """
    t = str(label).lower()
    if "(%)" in t or "percentage" in t or t.endswith("%"):
        return "%"
    for word in ("schaalscore", "rapportcijfer", "gemiddelde"):
        if word in t:
            return word
    return ""


def indicator_text(header: str) -> tuple[str, str]:
    """(indicator, theme) from a header: ``Overlast/Ervaart veel overlast in de buurt (%)`` or the typed
    ``OverlastInDeBuurt_2`` (CamelCase split, the number dropped).

    >>> indicator_text("Onveiligheidsgevoelens/Voelt zich wel eens onveilig in de buurt (%)")
    ('Voelt zich wel eens onveilig in de buurt (%)', 'Onveiligheidsgevoelens')
    >>> indicator_text("VoeltZichWelEensOnveilig_12")
    ('Voelt zich wel eens onveilig', '')
    """
    text = str(header).strip()
    if " " not in text and re.search(r"[a-z][A-Z]", text):
        text = re.sub(r"_\d+$", "", text)
        words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text).split()
        text = " ".join([words[0]] + [w.lower() for w in words[1:]]) if words else text
    parts = [p.strip() for p in text.split("/") if p.strip()]
    return (parts[-1], parts[0] if len(parts) > 1 else "") if parts else (text, "")


def identify(sniff) -> float:
    """A Veiligheidsmonitor table: a ``Marges`` column, or a StatLine table of regions and periods with indicator
    words in its header or topics (an incidents file with an "overlast" column is no survey)."""
    found = reference_header(sniff, (".csv", ".txt", ".tsv", ""))
    if found is None:
        return 0.0
    header, norm = found
    if any(n in MARGIN_HEADERS for n in norm):
        return 0.97
    # without margins: a StatLine table (periods, in a column or as columns) of regions with survey words
    periods = any(n in ("perioden", "periode") for n in norm) or bool(period_columns(header))
    if not periods or not any(n in REGION_HEADERS for n in norm):
        return 0.0
    words = [normalise_header(w) for w in SURVEY_WORDS]
    if any(w in n for n in norm for w in words):
        return 0.97
    if any(n in TOPIC_HEADERS for n in norm):
        text = normalise_header(sniff.text()[:64 * 1024])
        return 0.97 if any(w in text for w in words) else 0.0
    return 0.0


def read_survey(path, *, areas=None, gemeente=None, sniff=None, sep=None, encoding=None, sheet=None,
                max_rows=None, progress=None, cancelled=None, **options):
    """The Veiligheidsmonitor table in ``path`` as a Survey frame (module docstring) and its report.

    ``areas`` (``code``, ``name``, optionally ``gemeente_code``/``gemeente_name``: the gemeenten of a
    reference set, or a project's wijken) joins a table with names only, within ``gemeente`` when given.
    """
    from importers.tables import read_table

    path = Path(path)
    prog = as_progress(progress, cancelled)
    prog(0.0, "Veiligheidsmonitor lezen")
    report = ImportReport(path=str(path), kind="survey", reader="veiligheidsmonitor")
    raw, bad = read_table(path, report, sep=sep, encoding=encoding, sheet=sheet, dtype=str, max_rows=max_rows,
                          sniff=sniff)
    cells = _cells(raw, report, path)
    frame = _records(cells, report)
    frame = _regions(frame, areas, gemeente, report)
    for r, line in bad:
        report.reject(r, None, line, "regel heeft meer velden dan de kopregel")
    report.rows_read = report.rows_kept + len(report.rejections)
    report.rejections.sort(key=lambda r: r.row)
    years = sorted(int(y) for y in frame["year"].dropna().unique())
    report.extra.update({"indicators": sorted(frame["indicator"].unique().tolist()), "years": years,
                         "levels": frame["level"].value_counts().to_dict(),
                         "without_margin": int((frame["lower"].isna() | frame["upper"].isna()).sum())})
    report.assume(f"Veiligheidsmonitor: {frame['indicator'].nunique()} indicatoren, "
                  f"{frame['code'].nunique()} gebieden, jaren {', '.join(map(str, years))}; de telling hieronder is "
                  "in cellen (gebied x jaar x indicator x marge).")
    if report.extra["without_margin"]:
        report.warn(f"{report.extra['without_margin']} cijfers zonder marge: daarbij wordt geen verschil "
                    "significant genoemd.")
    prog(1.0, "Veiligheidsmonitor gelezen")
    return frame[SURVEY_COLUMNS].reset_index(drop=True), report.check()


def _region_column(raw: pd.DataFrame) -> str:
    from importers.kerncijfers import ANY_REGION_CODE

    for c in raw.columns:  # codes first, whatever the header
        text = raw[c].dropna().astype("string").str.strip().str.upper()
        if len(text) and float(text.str.match(ANY_REGION_CODE).mean()) >= 0.8:
            return c
    col = find_column(raw.columns, REGION_HEADERS)
    if col is None:
        raise ImportFileError("Geen kolom met gebieden (Regio's, Wijken en buurten) in deze tabel.", path=raw.attrs.get("path"))
    return col


def _cells(raw: pd.DataFrame, report: ImportReport, path: Path) -> pd.DataFrame:
    """One line per cell: row, region, period, indicator (header text), role (value/lower/upper/half), text."""
    raw.attrs["path"] = str(path)
    region = _region_column(raw)
    margin = find_column(raw.columns, MARGIN_HEADERS)
    person = find_column(raw.columns, PERSON_HEADERS)
    period = find_column(raw.columns, ("perioden", "periode", "jaar", "onderzoeksjaar"))
    topic = find_column(raw.columns, TOPIC_HEADERS)
    rows = pd.Series(raw.index.to_numpy() + 2, index=raw.index)
    if person is not None:  # only the total of all persons
        total = raw[person].astype("string").str.strip()
        is_total = total.str.casefold().str.startswith("totaal") | total.str.upper().str.startswith("T009002")
        for i in np.flatnonzero(~is_total.fillna(False).to_numpy(bool)):
            report.reject(int(rows.iat[i]), person, str(total.iat[i]), "alleen 'Totaal personen' wordt gebruikt")
        raw, rows = raw[is_total.fillna(False).to_numpy(bool)], rows[is_total.fillna(False).to_numpy(bool)]
    dims = {c for c in (region, margin, person, period, topic) if c is not None}
    dims |= {c for c in raw.columns if normalise_header(c) in ("id", "codering", "soortregio", "gemeentenaam")}
    parts = []
    wide = period_columns([c for c in raw.columns if c not in dims]) if period is None else []
    value_col = find_column(raw.columns, VALUE_HEADERS) if topic is not None else None
    if wide:  # periods as columns, an indicator per line (Onderwerp)
        if topic is None:
            raise ImportFileError("De perioden staan als kolommen, maar er is geen kolom 'Onderwerp' met de "
                                  "indicatoren.", path=path)
        for p in wide:
            parts.append(pd.DataFrame({"row": rows, "region": raw[region], "period": p, "indicator": raw[topic],
                                       "role": raw[margin] if margin else "Waarde", "text": raw[p], "column": p}))
        report.assume(f"Brede tabel: perioden als kolommen ({wide[0]} t/m {wide[-1]}), indicatoren uit '{topic}'.")
    elif value_col is not None:  # an indicator per line, value and bounds in columns
        for headers, role in ((VALUE_HEADERS, "Waarde"), (LOWER_HEADERS, "Ondergrens"), (UPPER_HEADERS, "Bovengrens"),
                              (HALF_HEADERS, "Marge")):
            col = find_column(raw.columns, headers)
            if col is not None:
                parts.append(pd.DataFrame({"row": rows, "region": raw[region], "period": raw[period] if period else None,
                                           "indicator": raw[topic], "role": role, "text": raw[col], "column": col}))
        report.assume(f"Eén indicator per regel ('{topic}'), waarde en grenzen in kolommen.")
    else:  # topics as columns
        indicators = [c for c in raw.columns if c not in dims]
        if not indicators:
            raise ImportFileError("Geen kolommen met indicatoren gevonden.", path=path)
        for c in indicators:
            parts.append(pd.DataFrame({"row": rows, "region": raw[region], "period": raw[period] if period else None,
                                       "indicator": c, "role": raw[margin] if margin else "Waarde", "text": raw[c],
                                       "column": c}))
        report.assume(f"{len(indicators)} indicatoren als kolommen" + (f", marges uit '{margin}'." if margin else
                                                                        "; geen kolom met marges."))
    if period is None and not wide:
        raise ImportFileError("Geen perioden: het onderzoeksjaar is nodig (kolom 'Perioden').", path=path)
    for role, col in (("region", region), ("margin", margin), ("period", period), ("indicator", topic)):
        if col is not None:
            report.column_mapping[role] = col
    return pd.concat(parts, ignore_index=True)


def _records(cells: pd.DataFrame, report: ImportReport) -> pd.DataFrame:
    """The cells as records (region, year, indicator) with value, lower and upper; bad cells rejected."""
    from importers.police import parse_period

    text = cells["text"].astype("string").str.strip().fillna("")
    role = cells["role"].map(margin_role)
    provisional = text.str.endswith("*") | cells["period"].astype("string").str.contains(r"\*|voorlopig",
                                                                                          case=False).fillna(False)
    text = text.str.rstrip("*").str.strip()
    number = to_number(text.replace({k: None for k in MARKS}))
    periods = {p: parse_period(p) for p in cells["period"].dropna().unique()}
    year = cells["period"].map(lambda p: periods.get(p)).map(lambda p: p.year if p is not None else np.nan)
    bad_role = role.isna()
    marked = text.isin(list(MARKS)) & ~bad_role
    unreadable = number.isna() & ~marked & ~bad_role
    no_year = year.isna() & ~bad_role & ~marked & ~unreadable
    for i in np.flatnonzero(bad_role | marked | unreadable | no_year):
        v = text.iat[i]
        if bad_role.iat[i]:
            reason = f"onbekende marge '{cells['role'].iat[i]}' (verwacht Waarde, Ondergrens, Bovengrens of Marge)"
        elif marked.iat[i]:
            reason = f"geen cijfer ('{v}': {MARKS[v]})"
        elif unreadable.iat[i]:
            reason = "geen getal"
        else:
            reason = "periode niet te lezen"
        report.reject(int(cells["row"].iat[i]), str(cells["column"].iat[i]), v or None, reason)
    good = ~(bad_role | marked | unreadable | no_year)
    c = cells[good.to_numpy()].assign(role=role[good], value=number[good], year=year[good].astype(int),
                                      provisional=provisional[good])
    indicator = c["indicator"].astype(str)
    labels = {h: indicator_text(h) for h in indicator.unique()}
    c["theme"] = indicator.map(lambda h: labels[h][1])
    c["indicator"] = indicator.map(lambda h: labels[h][0])
    key = ["region", "year", "indicator"]
    dup = c.duplicated(key + ["role"], keep="first")
    for r in c[dup].itertuples():
        report.reject(int(r.row), str(r.column), r.text, "dit cijfer (gebied, jaar, indicator, marge) staat al eerder "
                                                          "in het bestand")
    c = c[~dup]
    wide = c.pivot_table(index=key, columns="role", values="value", aggfunc="first")
    meta = c.groupby(key).agg(theme=("theme", "first"), provisional=("provisional", "any"),
                              first_row=("row", "min"))
    out = wide.join(meta).reset_index()
    for col in ("value", "lower", "upper", "half"):
        if col not in out:
            out[col] = np.nan
    no_value = out["value"].isna()
    dropped = 0
    for r in out[no_value].itertuples():
        for k in ("lower", "upper", "half"):
            if np.isfinite(getattr(r, k)):
                report.reject(int(r.first_row), str(r.indicator), None, "grens zonder waarde (de waarde ontbreekt)")
                dropped += 1
    out = out[~no_value].copy()
    half = out["half"]
    out["lower"] = out["lower"].where(out["lower"].notna(), out["value"] - half)
    out["upper"] = out["upper"].where(out["upper"].notna(), out["value"] + half)
    report.rows_kept = len(c) - dropped
    out["unit"] = out["indicator"].map(unit_of)
    return out


def _regions(frame: pd.DataFrame, areas, gemeente, report: ImportReport) -> pd.DataFrame:
    """Codes (and levels) for the regions: CBS codes as they are, names joined to ``areas``."""
    from importers.kerncijfers import ANY_REGION_CODE
    from importers.police import normalise_name

    region = frame["region"].astype("string").str.strip()
    code = region.str.upper().where(region.str.upper().str.match(ANY_REGION_CODE).fillna(False))
    name = region.where(code.isna())
    if name.notna().any():
        if areas is None:
            report.warn("Deze tabel heeft alleen namen en er zijn geen gebieden om ze aan te koppelen: niet gekoppeld.")
        else:
            scope = areas
            if gemeente is not None and "gemeente_code" in areas:
                from kernel.cbs import gemeente_mask

                scope = areas[gemeente_mask(areas, gemeente) | (areas["code"].astype(str) == str(gemeente))]
            lookup: dict[str, set] = {}
            for c, n in zip(scope["code"].astype(str), scope["name"].fillna("").astype(str)):
                lookup.setdefault(normalise_name(n), set()).add(c)
            if "gemeente_name" in scope and "gemeente_code" in scope:
                for c, n in zip(scope["gemeente_code"].astype(str), scope["gemeente_name"].fillna("").astype(str)):
                    if n and c.startswith("GM"):
                        lookup.setdefault(normalise_name(n), set()).add(c)
            lookup.setdefault("nederland", {"NL01"})
            joined = {}
            for n in name.dropna().unique():
                key = normalise_name(re.sub(r"\s*\((gemeente|gem\.)\)\s*$", "", str(n), flags=re.I))
                hits = sorted(lookup.get(key, ()))
                if len(hits) == 1:
                    joined[n] = hits[0]
                else:
                    rows = int((name == n).sum())
                    report.unmatched.append({"name": str(n), "rows": rows, "codes": hits,
                                             "reason": "geen gebied met deze naam" if not hits else
                                             f"naam past bij {len(hits)} gebieden; niet gekoppeld"})
            code = code.fillna(name.map(joined).astype("string"))
            report.assume(f"Gekoppeld op naam: {len(joined)} van {name.nunique()} namen.")
            if report.unmatched:
                report.warn(f"{len(report.unmatched)} namen niet gekoppeld (zie 'Niet gekoppeld').")
    names = {}
    if areas is not None:
        names = dict(zip(areas["code"].astype(str), areas["name"].astype(str)))
    frame = frame.assign(code=code.astype("string"),
                         name=[names.get(str(c), str(r)) if pd.notna(c) else str(r) for c, r in zip(code, region)])
    frame["level"] = [("land" if str(c).startswith("NL") else level_of_code(c)) if pd.notna(c) else None
                      for c in frame["code"]]
    frame["year"] = frame["year"].astype("Int64")
    return frame
