"""Privacy fuzz: seeded incident files with personal data planted in random columns, random roles and a
random share of rows; no planted value may reach any output.

Each seed writes a small CSV (or now and then an XLSX) with x, y and a date, maybe an end, maybe a
category-like column under a random header (categorie, type, omschrijving, ...), an id or registration
number, and a few other columns (remarks, names, e-mail, phone numbers as text or as integers, addresses,
postcodes, BSNs). One to three columns get personal data (whole values or inside free text) in one row,
1%, 5%, 30% or all rows; now and then a date or a coordinate cell holds it too (that row is rejected).

Every seed is read through the importers and the Incidents frame (the input of every output) and the
saved project file (every 5th seed) are searched. Every seed the importer accepts then goes through
``wijkbeeld analyse --points``, ``wijkbeeld inzet --html --xlsx`` and ``wijkbeeld rapport`` (PDF and Word in
turn) with ``--json``, and every byte of every file they write (xlsx and docx unpacked, a PDF's text as
pdftotext reads it) and of what they print is searched.

Pixels cannot be searched: a figure's text is rendered (its labels are area names, months and numbers
only). Rendering them is most of the commands' time (the PNG map alone 1.3 s a run), so one seed in
FULL_EVERY renders every figure for real and the others write a blank image in its place (:func:`_no_pixels`):
every text, table and file the commands write is the real one on every seed.
"""
from __future__ import annotations

import io
import json
import random
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

import importers
from importers.project import Project, save_project
from importers.textscan import elfproef
from kernel.errors import WijkbeeldError
from privacy_cases import CATEGORY_TEXTS, output_bytes

SEEDS = 300
FULL_EVERY = 5
FIRST = ["Jan", "Fatima", "Piet", "Anouk", "Mohamed", "Kees", "Sanne", "Youssef", "Marieke", "Dirk"]
SURNAMES = ["Zwartkruis", "Brinkhorst", "Vermeulenkamp", "Oosterwijkers", "Kloppenburg", "Wielenga", "el Amrani",
            "de Vriesendorp", "van Heukelom", "Terpstra-Bosma"]
STREETS = ["Kerkstraat", "Dorpsweg", "Irislaan", "Vismarkt", "Herestraat", "Oosterhaven", "Prinsengracht"]
HEADERS = {"category": ["categorie", "type", "omschrijving", "soort", "aard", "melding", "kolom3"],
           "id": ["id", "registratienummer", "zaaknummer", "nummer"],
           "extra": ["opmerking", "melder", "kolom7", "contact", "telefoon", "adres", "postcode", "bsn", "toelichting",
                     "wijk", "info"]}
#: The areas: three buurten of 1 km near (150000, 450000).
AREAS = gpd.GeoDataFrame({"code": ["BU09990000", "BU09990001", "BU09990002"], "name": ["Centrum", "Noord", "Zuid"]},
                         geometry=[box(150000 + 1000 * i, 450000, 151000 + 1000 * i, 451000) for i in range(3)],
                         crs="EPSG:28992")


def _bsn(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randrange(10**8, 10**9):09d}"
        if elfproef(digits):
            return digits


def personal_value(rng: random.Random) -> tuple[object, list[str]]:
    """One piece of personal data as a melder or a registrar writes it, and the tokens that betray it."""
    first, last = rng.choice(FIRST), rng.choice(SURNAMES)
    phone = f"{rng.randrange(10**7, 10**8)}"
    street, number = rng.choice(STREETS), rng.randrange(1, 300)
    postcode = f"{rng.randrange(1000, 10000)} {rng.choice('ABCDEFGHJKLMN')}{rng.choice('PQRTVWXZ')}"
    bsn = _bsn(rng)
    kinds = [
        (f"{first} {last}", [last]),
        (f"{first[0]}. {last}", [last]),
        (f"dhr. {last}", [last]),
        (f"06-{phone}", [f"06-{phone}", f"6{phone}"]),
        (f"06{phone}", [f"6{phone}"]),
        (int(f"6{phone}"), [f"6{phone}"]),
        (f"{last.split()[-1].lower()}{number}@example.nl", [f"{last.split()[-1].lower()}{number}@"]),
        (f"{street} {number}", [f"{street} {number}"]),
        (postcode, [postcode, postcode.replace(" ", "")]),
        (f"bsn {bsn}", [bsn]),
        (f"melder {first} {last}, tel 06-{phone}, {street} {number}", [last, f"6{phone}", f"{street} {number}"]),
        (f"overlast gemeld door {first} {last}", [last]),
    ]
    return rng.choice(kinds)


def make_file(seed: int, folder: Path) -> tuple[Path, list[str], dict]:
    """A seeded incident file with planted personal data; returns it, the tokens and what was planted where."""
    rng = random.Random(seed)
    n = rng.choice([40, 60, 100, 100])
    start = pd.Timestamp("2023-01-02") + pd.to_timedelta([rng.randrange(0, 24 * 500) for _ in range(n)], unit="h")
    frame = pd.DataFrame({"x": [150050 + rng.randrange(0, 2900) for _ in range(n)],
                          "y": [450050 + rng.randrange(0, 900) for _ in range(n)],
                          "datum": start.strftime("%d-%m-%Y %H:%M")})
    if rng.random() < 0.5:
        frame["einde"] = (start + pd.Timedelta(hours=2)).strftime("%d-%m-%Y %H:%M")
    columns = []
    if rng.random() < 0.8:
        header = rng.choice(HEADERS["category"])
        frame[header] = [rng.choice(CATEGORY_TEXTS[:12]) for _ in range(n)]
        columns.append(header)
    if rng.random() < 0.5:
        header = rng.choice(HEADERS["id"])
        frame[header] = [f"Z{seed}-{i}" for i in range(n)]
        columns.append(header)
    for header in rng.sample(HEADERS["extra"], rng.randrange(0, 4)):
        frame[header] = [rng.choice(["", "geen bijzonderheden", "Centrum", "camerabeelden opgevraagd"]) for _ in range(n)]
        columns.append(header)
    tokens: list[str] = []
    planted: dict = {}
    targets = rng.sample(columns, min(len(columns), rng.randrange(1, 4))) if columns else []
    if not targets or rng.random() < 0.15:
        targets.append(rng.choice(["datum", "x"]))  # a cell with a role that is parsed: the row is rejected
    for col in targets:
        share = rng.choice([1, 0.01, 0.05, 0.3, 1.0]) if col not in ("datum", "x") else 1
        k = share if isinstance(share, int) else max(1, round(share * n))
        rows = rng.sample(range(n), k)
        frame[col] = frame[col].astype(object)
        for r in rows:
            value, found = personal_value(rng)
            frame.loc[r, col] = value
            tokens += found
        planted[col] = k
    if rng.random() < 0.1:
        path = folder / f"meldingen{seed}.xlsx"
        frame.to_excel(path, index=False)
    else:
        path = folder / f"meldingen{seed}.csv"
        frame.to_csv(path, sep=rng.choice([";", ","]), index=False)
    return path, sorted(set(tokens)), planted


def _blank_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 6), "white").save(buf, format="PNG")
    return buf.getvalue()


def _no_pixels(monkeypatch) -> None:
    """Figures written as a blank PNG instead of rendered (see the module's docstring)."""
    from matplotlib.figure import Figure

    blank = _blank_png()

    def savefig(fig, fname, *args, **kwargs):
        if hasattr(fname, "write"):
            fname.write(blank)
        else:
            Path(fname).write_bytes(blank)

    monkeypatch.setattr(Figure, "savefig", savefig)


def _leaks(data: bytes, tokens: list[str]) -> list[str]:
    return [t for t in tokens if t.encode("utf-8") in data or json.dumps(t)[1:-1].encode() in data]


@pytest.fixture(scope="module")
def areas_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "buurten.gpkg"
    AREAS.to_file(path, layer="buurten", driver="GPKG")
    return path


@pytest.mark.slow
def test_no_planted_personal_data_reaches_any_output(tmp_path, areas_path, cli, monkeypatch):
    leaks, refused, runs, rendered, reports, kinds = [], 0, 0, 0, 0, set()
    for seed in range(SEEDS):
        folder = tmp_path / f"s{seed}"
        folder.mkdir()
        path, tokens, planted = make_file(seed, folder)
        kinds.update(planted)
        try:
            frame, report = importers.read_incidents(path)
        except WijkbeeldError:
            refused += 1  # a file the importer refuses as a whole (one Dutch error) writes nothing
            continue
        text = frame.astype(str).to_csv(index=False).encode()
        leaks += [(seed, "incidenten", t) for t in _leaks(text, tokens)]
        if seed % 5 == 0:
            saved = save_project(Project(incidents=frame, reports={"incidents": report.to_dict()}),
                                 folder / "project.gpkg")
            leaks += [(seed, "project", t) for t in _leaks(saved.read_bytes(), tokens)]
        with monkeypatch.context() as patch:
            if seed % FULL_EVERY:
                _no_pixels(patch)
            else:
                rendered += 1
            runs += 1
            out = folder / "uit"
            code, stdout, err = cli("analyse", "--areas", areas_path, "--incidents", path, "--out", out, "--points",
                                    "--json")
            assert code in (0, 2) and "Traceback" not in err, (seed, err)
            out.mkdir(exist_ok=True)
            code2, stdout2, err2 = cli("inzet", "--areas", areas_path, "--incidents", path, "--shifts", "2",
                                       "--html", out / "rooster.html", "--xlsx", out / "rooster.xlsx", "--json")
            assert code2 in (0, 2) and "Traceback" not in err2, (seed, err2)
            report = out / ("rapport.pdf" if runs % 2 else "rapport.docx")  # the document for the driehoek
            code3, stdout3, err3 = cli("rapport", "--areas", areas_path, "--incidents", path, "--out", report,
                                       "--json")
            assert code3 in (0, 2) and "Traceback" not in err3, (seed, err3)
        reports += code3 == 0
        data = output_bytes(out) + (stdout + stdout2 + stdout3).encode()
        leaks += [(seed, "uitvoer", t) for t in _leaks(data, tokens)]
    assert not leaks, leaks[:10]
    assert refused < SEEDS // 10 and runs == SEEDS - refused and rendered >= (SEEDS - refused) // FULL_EVERY - 5
    assert reports >= runs // 2
    assert {"datum", "x"} <= kinds and len(kinds) > 15  # every kind of column got its share
