"""Texts for the privacy tests: typical category texts (no personal data) and planted personal data.

The category texts were written for these tests after the kinds of classifications Dutch municipalities
and the police use: MORA-style meldingen openbare ruimte (main category - subcategory), overlast
registrations, BOA/handhaving reports and the police's crime classes as they appear in BVH extracts
and the open-data tables ("1.2.3 Diefstal van brom-, snor-, fietsen"). None of them may be taken for
personal data.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from report_text import pdf_pages

MORA = [
    "Afval - Grofvuil", "Afval - Zwerfafval", "Afval - Container is vol", "Afval - Dumping/bijplaatsing",
    "Afval - Container kapot", "Openbare verlichting - Lamp defect", "Openbare verlichting - Mast scheef",
    "Wegen, verkeer, straatmeubilair - Losse stoeptegel", "Wegen, verkeer, straatmeubilair - Gat in de weg",
    "Wegen, verkeer, straatmeubilair - Verkeersbord beschadigd", "Groen en water - Onkruid",
    "Groen en water - Boom omgevallen", "Groen en water - Takken over pad", "Groen en water - Drijfvuil",
    "Overlast van dieren - Ratten", "Overlast van dieren - Meeuwen", "Overlast van dieren - Wespennest",
    "Overlast van dieren - Dode dieren", "Overlast - Hondenpoep", "Overlast bedrijven en horeca - Geluidsoverlast",
    "Overlast bedrijven en horeca - Stankoverlast", "Overlast in de openbare ruimte - Fietswrak",
    "Overlast in de openbare ruimte - Graffiti", "Overlast in de openbare ruimte - Parkeeroverlast",
    "Overlast in de openbare ruimte - Auto-wrak", "Overlast van personen - Overlast van jongeren",
    "Overlast van personen - Wildplassen", "Overlast van personen - Drugsoverlast", "Overlast van personen - Bedelen",
    "Schoon - Veegvuil", "Wegen - Gladheid", "Riolering - Verstopte kolk", "Riolering - Putdeksel los",
    "Speelplaatsen - Speeltoestel kapot", "Evenement - Geluid", "Overig - Verzakking",
]
OVERLAST = [
    "Overlast jeugd", "Overlast zwervers", "Overlast alcohol/drugs", "Overlast i.v.m. verwarde persoon",
    "Burengerucht (relatieproblemen)", "Burenruzie", "Ruzie/twist", "Geluidshinder", "Vuurwerkoverlast",
    "Hangjongeren", "Loslopende honden", "Hondenbeet", "Verward persoon", "Alcoholgebruik op straat",
    "Overlast door Airbnb", "Illegale bewoning", "Rook/houtstook", "Overlast scooters", "Fout parkeren",
    "Parkeren op stoep", "Auto op gras", "Snelheid", "Max. snelheid overschreden", "Ondermijning",
    "APV overtreding", "A.P.V. Overtreding", "Overtreding APV art. 2:48", "BOA-controle", "BOA Controle Centrum",
    "Handhaving Drank- en Horecawet", "Controle terrasvergunning", "Sluitingstijden horeca",
    "N.B. Let op: herhaalmelding", "Melding via 14 050", "Melding via 0900-8844", "Storm Schade", "Wateroverlast",
    "Prioriteit 1", "Prioriteit 2", "Categorie 3", "Wijk 03 Korrewegwijk", "Jan van Galenstraat (overlast)",
    "Overlast Willem Barentszstraat", "Hortea: Horecateam Stud: Studenten Gerelateerd", "Moba: Mobiel Banditisme",
    "Openbare Weg/-Water, Weg", "Geen data aanwezig", "Lichte regen", "F.C. Groningen wedstrijd",
    "Dr. Nassaulaan parkeren", "Mr. Visserplein", "Koningsdag", "Jaarwisseling 2016/2017", "Zaak 2016 OM",
]
POLICE = [
    "1.1.1 Diefstal/inbraak woning", "1.1.2 Diefstal/inbraak box/garage/schuur", "1.2.1 Diefstal uit/vanaf motorvoertuigen",
    "1.2.3 Diefstal van brom-, snor-, fietsen", "1.4.5 Mishandeling", "1.4.6 Straatroof",
    "2.2.1 Vernieling cq. zaakbeschadiging", "2.5.2 Winkeldiefstal", "3.7.4 Drugshandel", "Diefstal Fiets",
    "Inbraak Woning", "Zakkenrollerij", "Bedreiging", "Openlijk geweld (persoon)", "A72", "B10",
]
CATEGORY_TEXTS = MORA + OVERLAST + POLICE

#: Personal data a melder might leave in a remark, one per kind, as the issue planted it and varied.
PLANTED = [
    ("melder Jan de Vries, 06-12345678, jan@x.nl, Kerkstraat 12, 1234 AB", "naam van een persoon"),
    ("J. de Vries", "naam van een persoon"),
    ("aangever: A.B. Jansen", "naam van een persoon"),
    ("J.P. van der Berg-Smit belde", "naam van een persoon"),
    ("contact met dhr. Bakker", "naam van een persoon"),
    ("Mevr. El Amrani", "naam van een persoon"),
    ("de heer P. Bakker", "naam van een persoon"),
    ("mw de Wit heeft gebeld", "naam van een persoon"),
    ("Fatima el Amrani", "naam van een persoon"),
    ("Piet Pietersen", "naam van een persoon"),
    ("overlast door Mohamed Benali en vrienden", "naam van een persoon"),
    ("bel 06-12345678", "telefoonnummer"),
    ("tel +31 6 1234 5678", "telefoonnummer"),
    ("050 367 1234", "telefoonnummer"),
    ("mail j.jansen@example.nl", "e-mailadres"),
    ("woont Irislaan 61", "adres (straat en huisnummer)"),
    ("Grote Markt 1", "adres (straat en huisnummer)"),
    ("pc 9711 AB", "postcode"),
    ("bsn 111222333", "BSN"),
]


def output_bytes(folder) -> bytes:
    """Every byte of every file under ``folder``, with the members of zip files (xlsx, docx) unpacked, so
    that text inside a spreadsheet is searched as written."""
    parts = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        parts.append(data)
        if data[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(path) as z:
                parts.extend(z.read(name) for name in z.namelist())
        if data[:5] == b"%PDF-":  # a PDF's text is compressed: searched as pdftotext reads it (-raw)
            if shutil.which("pdftotext") is None:
                raise RuntimeError("pdftotext (poppler-utils) is nodig om de tekst van een PDF te doorzoeken")
            parts.append("\f".join(pdf_pages(path, "raw")).encode("utf-8"))
    return b"\n".join(parts)
