"""Input that is fine but limited, through the real command line: never an internal error, and a Dutch reason.

Small files of the kinds a municipality has (no dates, dates without times, one incident, one month, one
day, a buurt code instead of coordinates, no place at all, all outside the areas, one or no category,
police counts of one month) go through the commands that read data. None may end in exit code 3, a
traceback or "interne fout"; where an analysis cannot be made, the line says why (no date, no coordinates,
no month left, the period the data cover) instead of what a later step missed. The sweep that found these
ran every command on every variant; the cases kept here are the ones that failed, and a fast cross-section.
"""
from __future__ import annotations

import pytest

from resources import demo

AREAS = str(demo.AREAS)
CATS = ("Diefstal fiets", "Inbraak woning", "Vernieling")
#: Points inside land buurten of the demo boundaries, with their buurt code.
POINTS = [(234234, 583983, "BU00140301"), (235012, 582747, "BU00140402"), (233211, 583360, "BU00140300"),
          (234073, 583211, "BU00140302"), (233560, 582050, "BU00140000"), (232790, 581260, "BU00140106")]


def _write(path, n, *, dates="full", month=None, coords=True, code=False, cat="many", outside=False):
    head = ["id"] + (["x", "y"] if coords else []) + (["buurtcode"] if code else []) \
        + (["pleegdatum"] if dates else []) + (["categorie"] if cat else [])
    lines = [";".join(head)]
    for i in range(n):
        x, y, bu = POINTS[i % len(POINTS)]
        x, y = (x - 150000, y - 200000) if outside else (x + 7 * (i % 13), y + 11 * (i % 7))
        day, mon, year = (1 + i % 28, month or 1 + i % 12, 2016 if month else 2015 + i % 3)
        row = [f"R{i}"] + ([str(x), str(y)] if coords else []) + ([bu] if code else [])
        if dates:
            row.append(f"{day:02d}-{mon:02d}-{year}" + ("" if dates == "date" else f" {i % 24:02d}:{15 * (i % 4):02d}"))
        if cat:
            row.append({"many": CATS[i % 3], "one": CATS[0], "empty": ""}[cat])
        lines.append(";".join(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("limited")
    out = {
        "base": _write(d / "base.csv", 120),
        "nodate": _write(d / "nodate.csv", 120, dates=None),
        "notime": _write(d / "notime.csv", 120, dates="date"),
        "one": _write(d / "one.csv", 1),
        "three": _write(d / "three.csv", 3),
        "onemonth": _write(d / "onemonth.csv", 60, month=3),
        "buurtcode": _write(d / "buurtcode.csv", 120, coords=False, code=True),
        "nocoords": _write(d / "nocoords.csv", 120, coords=False),
        "outside": _write(d / "outside.csv", 40, outside=True),
        "onecat": _write(d / "onecat.csv", 120, cat="one"),
        "emptycat": _write(d / "emptycat.csv", 120, cat="empty"),
    }
    lines = demo.COUNTS.read_text(encoding="utf-8").splitlines()
    (d / "counts_onemonth.csv").write_text("\n".join([lines[0]] + [x for x in lines[1:] if ";2016MM03;" in x]) + "\n",
                                           encoding="utf-8")
    out["counts"], out["counts_onemonth"] = str(demo.COUNTS), str(d / "counts_onemonth.csv")
    out["dir"] = d
    return out


def _clean(code, out, err):
    text = out + err
    assert code != 3 and "Traceback" not in text and "interne fout" not in text, text[-600:]


def _source(files, variant):
    return ["--counts" if variant.startswith("counts") else "--incidents", files[variant]]


@pytest.mark.parametrize("variant", ["base", "nodate", "notime", "one", "three", "onemonth", "buurtcode",
                                     "nocoords", "outside", "onecat", "emptycat", "counts_onemonth"])
def test_reading_commands_never_fail_internally(cli, files, variant):
    """inspect, hotspots, hottimes and trends on every kind of limited input: a result, or exit 2 with a reason."""
    src = _source(files, variant)
    for argv in (["inspect", files[variant], "--json"], ["hotspots", "--areas", AREAS, *src, "--json"],
                 ["trends", "--areas", AREAS, *src, "--json"]) + \
            ((["hottimes", "--areas", AREAS, *src, "--json"], ["inzet", "--areas", AREAS, *src, "--json"])
             if src[0] == "--incidents" else ()):
        code, out, err = cli(*argv)
        _clean(code, out, err)
        assert code in (0, 2), (argv, err)
        assert code == 0 or err.startswith("wijkbeeld: ") and err.count("\n") == 1, err


def test_report_without_dates_says_so(cli, files, tmp_path):
    """Was: interne fout (TypeError in month_text on an empty month)."""
    for extra in ([], ["--from", "2016-01", "--to", "2016-06"], ["--suppress-below", "5"]):
        code, out, err = cli("rapport", "--areas", AREAS, "--incidents", files["nodate"], "--out",
                             tmp_path / "r.pdf", *extra)
        _clean(code, out, err)
        assert code == 2 and "Geen van de 120 incidenten heeft een datum" in err, err
        assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("variant", ["three", "onemonth", "counts_onemonth"])
def test_small_inputs_make_a_protected_report_and_analysis(cli, files, variant, tmp_path):
    """A handful of incidents, one month, or counts of one month: the report and the analysis are made
    (with --suppress-below 5), whatever they cannot show said inside them."""
    src = _source(files, variant)
    code, out, err = cli("rapport", "--areas", AREAS, *src, "--out", tmp_path / "r.docx", "--suppress-below", "5")
    _clean(code, out, err)
    assert code == 0 and (tmp_path / "r.docx").stat().st_size > 0, err
    code, out, err = cli("analyse", "--areas", AREAS, *src, "--out", tmp_path / "uit", "--suppress-below", "5")
    _clean(code, out, err)
    assert code == 0 and (tmp_path / "uit" / "samenvatting.json").exists(), err


def test_report_on_an_empty_period_names_the_data_months(cli, files, tmp_path):
    code, out, err = cli("rapport", "--areas", AREAS, "--incidents", files["base"], "--out", tmp_path / "r.pdf",
                         "--from", "2010-01", "--to", "2010-06")
    _clean(code, out, err)
    assert code == 2 and "Geen incidenten of tellingen in januari t/m juni 2010" in err
    assert "de gegevens beslaan januari 2015 t/m" in err, err


@pytest.mark.parametrize("variant, says", [
    ("nodate", "wijken: geen van de 120 incidenten heeft een datum: de wijken worden per jaar vergeleken"),
    ("nocoords", "wijken: geen van de 120 incidenten valt in een wijk van de gebieden"),
    ("outside", "wijken: geen van de 40 incidenten valt in een wijk van de gebieden"),
])
def test_wijken_comparison_says_why_nothing_counts(cli, files, variant, says):
    """Was: interne fout (KeyError: 'year') when no incident had a date or a wijk."""
    code, out, err = cli("vergelijk", "--areas", AREAS, "--wijken", AREAS, "--incidents", files[variant])
    _clean(code, out, err)
    assert code == 2 and says in err, err


@pytest.mark.parametrize("argv, says", [
    (["emerging", "buurtcode"], "Geen van de 120 incidenten heeft coördinaten (x en y)"),
    (["emerging", "nodate"], "Geen van de 120 incidenten met coördinaten heeft een datum"),
    (["emerging", "onemonth"], "Er blijft geen hele maand over in de gegevens (van 01-03-2016 tot 28-03-2016)"),
    (["emerging", "base", "--from", "2010-01", "--to", "2010-06"],
     "Geen incidenten in de gekozen periode (vanaf 01-01-2010 t/m 30-06-2010); de gegevens lopen van 01-01-2015"),
    (["stabiel", "nocoords"], "Geen van de 120 incidenten heeft coördinaten (x en y)"),
    (["stabiel", "base", "--from", "2010-01", "--to", "2010-06"], "Geen incidenten in de gekozen periode"),
    (["nearrepeat", "outside"], "Geen van de 40 incidenten ligt binnen de gebieden"),
    (["nearrepeat", "buurtcode"], "Geen van de 120 incidenten heeft coördinaten (x en y)"),
])
def test_space_time_names_the_real_cause(cli, files, argv, says):
    """Was: the cause a later step saw ("geen tijd om per maand te tellen" for a file with dates but no
    coordinates, "heeft coördinaten; kies Gi*" for an empty period, "maar 0 incidenten" for all outside)."""
    command, variant, *extra = argv
    code, out, err = cli(command, "--areas", AREAS, "--incidents", files[variant], *extra)
    _clean(code, out, err)
    assert code == 2 and says in err, err


def test_stable_hot_spots_need_no_dates(cli, files):
    """Stable hot spots are a map at several scales: incidents without a date are enough."""
    code, out, err = cli("stabiel", "--areas", AREAS, "--incidents", files["nodate"], "--scales", "gebied,zeshoek:500",
                         "--json")
    _clean(code, out, err)
    assert code == 0, err
    assert '"areas"' in out


def test_trends_of_counts_outside_the_period_in_dutch(cli, files):
    code, out, err = cli("trends", "--areas", AREAS, "--counts", files["counts"], "--from", "2010-01",
                         "--to", "2010-06")
    _clean(code, out, err)
    assert code == 2 and "Geen tellingen in de gekozen periode (januari t/m juni 2010); de tellingen beslaan " \
        "januari 2014 t/m" in err, err
