"""Personal data planted in a category column, as a privacy audit planted it: licence plates, a BSN with dots or
spaces, a birth date with its cue, an abbreviated street with a house number, names after 'fam.', after a bare
initial, in lower case after 'door', a first name and an initial, and a postcode in lower case. Each class is found
in several variants, as a whole value and inside free text, through :func:`importers.personal.column_kind` and
through :func:`importers.read_incidents` on a CSV file; the police's real category labels, BOA/MORA categories,
codes, periods, times and counts are not flagged."""
from __future__ import annotations

import glob

import pandas as pd
import pytest

import importers
from importers import personal, textscan
from importers.textscan import ADDRESS, BIRTH, BSN, NAME, PLATE, POSTCODE
from privacy_cases import CATEGORY_TEXTS

#: Every class in free text (the audit's own strings first) ...
IN_TEXT = [
    ("Overlast kenteken 12-ABC-3", PLATE), ("Fout geparkeerd: XB-12-34", PLATE), ("auto 9-XK-999 weggesleept", PLATE),
    ("Overlast G-123-BB.", PLATE), ("bestuurder van 99-XX-99 reed door", PLATE), ("(kenteken 12-BCD-3)", PLATE),
    ("Overlast 111.222.333", BSN), ("Overlast 123 456 782", BSN), ("bsn 123.456.782 bekend", BSN),
    ("Overlast geb. 01-02-1980", BIRTH), ("geboren op 1 februari 1980", BIRTH), ("Geboortedatum: 1980-02-01", BIRTH),
    ("melder geb 1-2-80 belde", BIRTH), ("GEB. 01.02.1980", BIRTH),
    ("Overlast Kerkstr. 12", ADDRESS), ("Overlast Dorpsstr 3a", ADDRESS), ("bij Marktpl. 4", ADDRESS),
    ("Overlast Oudegr. 112", ADDRESS),
    ("Overlast fam. Jansen", NAME), ("Overlast familie de Boer", NAME), ("Fam El Amrani belde", NAME),
    ("Overlast J de Vries", NAME), ("melding P van der Berg", NAME), ("overlast door jan de vries", NAME),
    ("melder: piet jansen", NAME), ("Overlast door Mohammed B.", NAME), ("Overlast door Fatima K., achterom", NAME),
    ("Overlast 9711 ab", POSTCODE), ("Overlast 9711ab", POSTCODE), ("pc 1234 xy achterom", POSTCODE),
]
#: ... and as whole values (three or more per class: a column that holds them).
WHOLE = {
    PLATE: ["27-NTC-2", "12-ABC-3", "XB-12-34", "12-34-XB", "9-KLM-99", "27-ntc-2", "G-123-BB", "999-XK-9"],
    BSN: ["111.222.333", "123 456 782", "123.456.782"],
    ADDRESS: ["Kerkstr. 12", "Dorpsstr 3a", "Stationsstr. 5", "Marktpl. 4"],
    NAME: ["fam. Jansen", "J de Vries", "Mohammed B.", "familie Bakker", "P van Dam"],
    POSTCODE: ["9711 ab", "1234xy", "9712 cd"],
}

#: The police's crime categories (CBS table 47022NED, "Soort misdrijf").
CBS = ["0.0.0 Totaal misdrijven", "1.1.1 Diefstal/inbraak woning", "1.1.2 Diefstal/inbraak box/garage/schuur",
       "1.2.1 Diefstal uit/vanaf motorvoertuigen", "1.2.2 Diefstal van motorvoertuigen",
       "1.2.3 Diefstal van brom-, snor-, fietsen", "1.2.4 Zakkenrollerij", "1.2.5 Diefstal af/uit/van ov. voertuigen",
       "1.3.1 Ongevallen (weg)", "1.4.1 Zedenmisdrijf", "1.4.2 Moord, doodslag", "1.4.3 Openlijk geweld (persoon)",
       "1.4.4 Bedreiging", "1.4.5 Mishandeling", "1.4.6 Straatroof", "1.4.7 Overval", "1.6.1 Brand/ontploffing",
       "1.6.2 Overige vermogensdelicten", "1.6.3 Mensenhandel", "2.1.1 Drugs/drankoverlast", "2.5.1 Mishandeling",
       "2.2.1 Vernieling cq. zaakbeschadiging", "2.4.1 Burengerucht (relatieproblemen)", "2.4.2 Huisvredebreuk",
       "2.5.1 Diefstal/inbraak bedrijven enz.", "2.5.2 Winkeldiefstal", "2.6.4 Afval", "2.6.9 Vuurwerk",
       "2.6.13 Dieren",
       "2.7.3 Leefbaarheid (overig)", "3.1.1 Drugshandel", "3.1.3 Wapenhandel", "3.5.2 Onder invloed (weg)",
       "3.5.5 Weg (overig)", "3.6.4 Aan/op/in openbaar vervoer", "3.7.1 Discriminatie", "3.7.4 Cybercrime",
       "3.9.3 Fraude (overig)", "Diefstal van brom-, snor-, fietsen", "Overlast jeugd", "Drugs/drankoverlast",
       "Verkeersongeval (materieel)", "Verkeersongeval (letsel)"]
#: BOA and MORA categories ("Zwerfvuil Kerkstraat" names a place: a street without a house number is no address).
BOA = ["Afval naast container", "Parkeren op gehandicaptenplaats", "Hondenpoep", "Fout geparkeerd voertuig",
       "Wildplassen", "Overlast door jongeren", "Overlast door buren", "Overlast door Airbnb", "Verkeer - snelheid",
       "Zwerfvuil Kerkstraat", "Kerkstraat", "Parkeren Marktplein", "Overlast Willem Barentszstraat",
       "Jeugdoverlast Frederik Hendrikbuurt", "Categorie A", "Fase B in Noord", "Route C van Zuid", "Blok D op Zuid",
       "Vak A de Ruijterkade", "Hal B van de Markt", "Ingang C de Kade", "Zone A van der Valk", "door anna paulowna",
       "Overlast door Jan", "Overlast door Anne Frankstraat", "melder anoniem", "dader onbekend",
       "Overlast door hangjongeren en buren", "Verkeer - snelheid 30 km", "Max. snelheid 50",
       "Afval - 2 zakken", "Controle 22:30", "Overlast van 22:00 tot 06:00", "Evenement 1 mei", "Geluid (dB) 85"]
#: Codes, periods, times and counts.
CODES = ["PL0100_3606792", "PL0100_BVH_2013063774", "2024-000123", "BU00140000", "GM0363", "WK036300", "2014MM01",
         "2016-2017", "2016 en 2017", "Jaarwisseling 2016/2017", "2014 januari", "22:30", "01-03-2016 10:00",
         "1-JAN-16", "01-JAN-2016", "1.234.567", "12.345.678", "1.234.567.890", "1000 kg", "1500 ha", "Artikel 5 WVW",
         "APV 2:48", "NEN-EN 1176", "COVID-19", "A-12-B", "AB-12", "123.456.789,00"]


def _kind_in_a_category_column(text: str) -> str | None:
    return personal.column_kind(pd.Series(CATEGORY_TEXTS * 2 + [text]), "soort")


@pytest.mark.parametrize("text, kind", IN_TEXT)
def test_each_class_is_found_inside_free_text(text, kind):
    assert textscan.is_personal(text)
    assert kind in textscan.kinds_in(text) or kind == BSN  # a BSN in one value is one with 'bsn' near only
    assert textscan.hits(pd.Series(["Overlast jeugd", text]))[kind].tolist() == [False, True]
    assert _kind_in_a_category_column(text) == f"{kind} in vrije tekst"


@pytest.mark.parametrize("kind", list(WHOLE))
def test_each_class_is_found_as_whole_values(kind):
    values = WHOLE[kind]
    assert personal.column_kind(pd.Series(values * 5), "kolom") == kind
    for value in values:
        assert _kind_in_a_category_column(value) == f"{kind} in vrije tekst", value
        assert textscan.is_personal(value), value


def test_plates_need_their_dashes_and_bsn_its_eleven_test():
    """Without dashes a value is no plate (GM0363 and AB1234 have a plate's shape); a BSN with dots that fails the
    11-test is no BSN; a count with thousand dots has 7 or 10 digits."""
    assert personal.column_kind(pd.Series(["27NTC2", "XB1234", "GM0363"] * 5), "kolom") is None
    assert personal.column_kind(pd.Series(["123.456.789", "123 456 789"] * 5), "kolom") is None
    for text in ("ab-12-cd in de tekst", "1-JAN-16", "1.234.567", "1.234.567.890", "111 222 333 444"):
        assert not textscan.is_personal(text), text


def _incidents_csv(path, categories: list[str], *, extra: dict | None = None):
    rows = [{"x": 150100 + 10 * i, "y": 450500 + 7 * i,
             "datum": (pd.Timestamp("2024-01-01 20:00") + pd.Timedelta(hours=13 * i)).strftime("%d-%m-%Y %H:%M"),
             "soort": categories[i % len(categories)], **{k: v[i % len(v)] for k, v in (extra or {}).items()}}
            for i in range(3 * len(categories))]
    pd.DataFrame(rows).to_csv(path, sep=";", index=False)
    return path


@pytest.mark.parametrize("planted, kind", IN_TEXT[::3] + [(v, k) for k, vs in WHOLE.items() for v in vs[:1]])
def test_a_planted_category_never_becomes_the_category(tmp_path, planted, kind):
    path = _incidents_csv(tmp_path / "m.csv", ["Overlast jeugd", "Wildplassen", "Fout parkeren", planted])
    frame, report = importers.read_incidents(path)
    assert "category" not in report.column_mapping
    assert "soort" in report.personal_data_columns
    assert report.extra["roles_refused"]["category"]["reason"].startswith(f"bevat persoonsgegevens ({kind}")
    assert not frame.astype(str).apply(lambda c: c.str.contains(planted, regex=False)).any().any()


def test_a_column_of_plates_is_no_category_and_reaches_no_frame(tmp_path):
    plates = ["27-NTC-2", "12-ABC-3", "XB-12-34", "9-KLM-99"]
    path = _incidents_csv(tmp_path / "m.csv", ["Overlast jeugd", "Wildplassen"], extra={"Voertuig": plates})
    frame, report = importers.read_incidents(path)
    assert report.column_mapping.get("category") == "soort"
    assert "Voertuig" in report.personal_data_columns
    assert not frame.astype(str).apply(lambda c: c.str.contains("NTC", regex=False)).any().any()
    path = _incidents_csv(tmp_path / "v.csv", plates)  # the plates as the only candidate category
    frame, report = importers.read_incidents(path)
    assert "category" not in report.column_mapping and report.personal_data_columns == ["soort"]


def _real_labels(shared_data) -> list[str]:
    """The category labels (and area names and periods, which also end up as labels) of the real police files."""
    labels: set[str] = set()
    files = [shared_data / "groningen" / "groningen_47022NED_labels_2014_2016.csv",
             *map(type(shared_data), glob.glob(str(shared_data / "amsterdam_politie" / "*bikes*.csv"))),
             *map(type(shared_data), glob.glob(str(shared_data / "amsterdam_politie" / "Misdrijven*.csv")))]
    for path in files:
        counts, _ = importers.read_counts(path)
        for col in ("category", "category_label", "name", "period"):
            if col in counts:
                labels |= set(counts[col].dropna().astype(str))
    raw = pd.read_csv(shared_data / "amsterdam_politie" / "INDELING_BUURT.csv", sep=";", dtype=str,
                      encoding="utf-8-sig")
    for col in ("Buurt", "Wijk", "Gebied", "Stadsdeel", "CBS_Buurtcode", "Buurtcode"):
        labels |= set(raw[col].dropna())
    assert "Diefstal van brom-, snor-, fietsen" in labels or "1.2.3 Diefstal van brom-, snor-, fietsen" in labels
    return sorted(labels)


@pytest.mark.parametrize("name, values", [("CBS", CBS), ("BOA", BOA), ("codes", CODES),
                                          ("privacy_cases", CATEGORY_TEXTS)])
def test_real_category_values_are_not_flagged(name, values):
    assert [v for v in values if textscan.is_personal(v) or textscan.kinds_in(v)] == []
    assert not any(mask.any() for mask in textscan.hits(values).values())
    assert personal.column_kind(pd.Series(values * 3), "soort") is None
    assert personal.category_problem(pd.Series(values * 3)) is None or name == "codes"


def test_the_real_police_files_labels_are_not_flagged(shared_data):
    labels = _real_labels(shared_data)
    assert len(labels) > 500
    assert [v for v in labels if textscan.is_personal(v) or textscan.kinds_in(v)] == []
    assert personal.column_kind(pd.Series(labels), "soort") is None


def test_real_category_files_keep_their_category(tmp_path):
    path = _incidents_csv(tmp_path / "m.csv", CBS[:20] + BOA[:10])
    frame, report = importers.read_incidents(path)
    assert report.column_mapping.get("category") == "soort" and report.personal_data_columns == []
    assert set(frame["category"]) == set(CBS[:20] + BOA[:10])
