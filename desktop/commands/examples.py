"""Two or three examples for every command, on the demo files that ship with the app.

``wijkbeeld voorbeeld-bestanden --out voorbeeld`` puts the demo files in the folder ``voorbeeld``
under the short names used here (:mod:`desktop.commands.voorbeeld`); each command's ``--help`` ends
with its examples (:class:`desktop.commands.parser.Parser`). Each example says its units and date
formats. ``tests/test_cli_dutch.py`` runs every example (except those that open the window) on a
copy of the demo files, so they stay true. Kept in one place so that a new command's examples sit
beside the others; a command without examples fails that test.
"""
from __future__ import annotations

#: The demo files as ``wijkbeeld voorbeeld-bestanden --out voorbeeld`` writes them.
AREAS = "voorbeeld/buurten.gpkg"
INCIDENTS = "voorbeeld/fietsdiefstal.csv"
COUNTS = "voorbeeld/tellingen.csv"
_FILES = f"--areas {AREAS} --incidents {INCIDENTS}"

#: The generated reference files of ``wijkbeeld vergelijk`` (all gemeenten), in ``voorbeeld/referentie``.
REF = "voorbeeld/referentie"

#: Per command (``wijkbeeld`` itself too): ``(command line, what it does)``.
EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "wijkbeeld": [
        ("wijkbeeld voorbeeld-bestanden --out voorbeeld", "zet de voorbeeldbestanden (Groningen) in de map voorbeeld"),
        (f"wijkbeeld analyse {_FILES} --out uitvoer",
         "de standaardanalyses met kaart, tabellen en samenvatting in de map uitvoer"),
        ("wijkbeeld hotspots --help", "alles over één opdracht, met voorbeelden"),
    ],
    "gui": [
        ("wijkbeeld gui", "open de app (met het laatste project, of een nieuw)"),
        (f"wijkbeeld gui {INCIDENTS}", "open de app en lees de fietsdiefstallen in met de importhulp"),
    ],
    "demo": [
        ("wijkbeeld demo", "open de app met het demoproject: fietsdiefstal in Groningen"),
        ("wijkbeeld demo --no-gui --out demo-uitvoer",
         "zonder scherm: kaart, tabellen en samenvatting van de demo in de map demo-uitvoer"),
    ],
    "voorbeeld-bestanden": [
        ("wijkbeeld voorbeeld-bestanden", "toon de voorbeeldbestanden: wat erin staat en waar ze staan"),
        ("wijkbeeld voorbeeld-bestanden --out voorbeeld",
         "zet ze in de map voorbeeld (buurten.gpkg, fietsdiefstal.csv, tellingen.csv, bronnen.txt)"),
    ],
    "inspect": [
        (f"wijkbeeld inspect {INCIDENTS}",
         "wat Wijkbeeld van het bestand maakt: kolommen, coördinatenstelsel, datums, afgewezen rijen"),
        (f"wijkbeeld inspect {INCIDENTS} --dayfirst --sample 1000",
         "alleen de eerste 1.000 rijen (snel), datums gelezen als dag-maand-jaar (31-12-2016)"),
        (f"wijkbeeld inspect {COUNTS} --areas {AREAS}", "politietellingen per gebied en maand, naast de buurten"),
    ],
    "hotspots": [
        (f"wijkbeeld hotspots {_FILES}", "Gi* per buurt: waar meer fietsdiefstal is dan toeval verklaart"),
        (f"wijkbeeld hotspots {_FILES} --method raster --cell 250 --shape zeshoek",
         "Gi* in zeshoeken van 250 m (celgrootte in meters)"),
        (f"wijkbeeld hotspots --areas {AREAS} --counts {COUNTS} --method lisa --permutations 999 --json",
         "lokale Moran's I op de politietellingen, 999 permutaties, als JSON"),
    ],
    "hottimes": [
        (f"wijkbeeld hottimes --incidents {INCIDENTS}", "hete uren van de week, met tijdblokken als 'donderdag 16:00-22:00'"),
        (f"wijkbeeld hottimes {_FILES} --area BU00140000",
         "alleen in Binnenstad-Noord (buurtcode van het CBS)"),
        (f"wijkbeeld hottimes --incidents {INCIDENTS} --no-aoristic --statistic g",
         "tel alleen het uur van de begintijd en toets met de G-toets"),
    ],
    "trends": [
        (f"wijkbeeld trends --counts {COUNTS} --areas {AREAS} --level wijk",
         "maandreeksen per wijk uit de politietellingen, met signalen en trendtoets"),
        (f"wijkbeeld trends {_FILES} --from 2015-01 --to 2016-12",
         "per buurt, van januari 2015 t/m december 2016 (maanden als JJJJ-MM)"),
        (f"wijkbeeld trends {_FILES} --compare 2015-01:2015-12 2016-01:2016-12",
         "2015 tegen 2016 per buurt: de verandering en of die meer is dan toeval"),
    ],
    "analyse": [
        (f"wijkbeeld analyse {_FILES} --out uitvoer",
         "kaart.html, kaart.png, resultaten.gpkg, resultaten.xlsx en samenvatting.json in de map uitvoer"),
        (f"wijkbeeld analyse {_FILES} --out uitvoer-wijk --level wijk --suppress-below 5",
         "per wijk, en aantallen onder de 5 als '<5'"),
        (f"wijkbeeld analyse --areas {AREAS} --counts {COUNTS} --out uitvoer-tellingen",
         "hetzelfde op de politietellingen per buurt en maand"),
    ],
    "rapport": [
        (f"wijkbeeld rapport {_FILES} --out rapport.pdf",
         "het rapport voor de driehoek als PDF: hot spots, hot times, ontwikkeling en bronnen"),
        (f"wijkbeeld rapport {_FILES} --from 2016-01 --to 2016-12 --compare-with previous-year --out rapport.docx",
         "over 2016 (maanden als JJJJ-MM), vergeleken met 2015, als Word-document om zelf duiding toe te voegen"),
        (f"wijkbeeld rapport --areas {AREAS} --counts {COUNTS} --period last-quarter --suppress-below 5 "
         "--out kwartaal.pdf",
         "het laatste volledige kwartaal uit de politietellingen, aantallen onder de 5 als '<5'"),
    ],
    "inzet": [
        (f"wijkbeeld inzet {_FILES} --shifts 10 --shift-hours 4",
         "een weekrooster van 10 diensten van 4 uur op de hot spots en hot times"),
        (f"wijkbeeld inzet {_FILES} --hours 18-02 --nights vr,za --xlsx rooster.xlsx",
         "diensten tussen 18:00 en 02:00 (uren als UU-UU), nachtdiensten op vrijdag en zaterdag, als Excel"),
        (f"wijkbeeld inzet {_FILES} --evaluate-from 2017-01-01",
         "leer van de weken tot 1 januari 2017 (datum als JJJJ-MM-DD) en toets daarna welk deel in de diensten viel"),
    ],
    "emerging": [
        (f"wijkbeeld emerging {_FILES}",
         "per buurt: nieuwe, toenemende, aanhoudende of afnemende hot spots, maand voor maand"),
        (f"wijkbeeld emerging {_FILES} --unit zeshoek --cell 500 --from 2014-01 --to 2016-12",
         "in zeshoeken van 500 m, januari 2014 t/m december 2016 (maanden als JJJJ-MM)"),
        (f"wijkbeeld emerging --areas {AREAS} --counts {COUNTS} --time-steps 2",
         "op de politietellingen, met de 2 maanden ervoor als buren in de tijd"),
    ],
    "nearrepeat": [
        (f"wijkbeeld nearrepeat --incidents {INCIDENTS} --from 2016-01 --to 2016-12 --noun fietsdiefstal",
         "bijna-herhaling in 2016: volgt na een fietsdiefstal vaker een volgende dichtbij en kort daarna?"),
        (f"wijkbeeld nearrepeat {_FILES} --from 2016-07-01 --to 2016-09-30 --distances 50,100,200 "
         "--days 3,7,14 --permutations 99",
         "zomer 2016 (dagen als JJJJ-MM-DD), banden tot 50, 100 en 200 m en 3, 7 en 14 dagen; 99 permutaties"),
    ],
    "stabiel": [
        (f"wijkbeeld stabiel {_FILES}", "hot per buurt, in vierkanten van 250 m en in zeshoeken van 250 en 500 m"),
        (f"wijkbeeld stabiel {_FILES} --scales gebied,zeshoek:500 --confidence 95",
         "twee schalen (buurten en zeshoeken van 500 m), hot bij minstens 95% betrouwbaarheid"),
    ],
    "vergelijk": [
        (f"wijkbeeld vergelijk --politie {REF}/politie.csv --kerncijfers {REF}/gemeenten.gpkg --kerncijfers "
         f"{REF}/kerncijfers.csv --vm {REF}/vm_gemeenten.csv --referentie referentie",
         "lees de cijfers van alle gemeenten één keer in, als referentieset in de map referentie (zonder "
         "--referentie: in de eigen map van Wijkbeeld, voor alle projecten)"),
        ("wijkbeeld vergelijk --referentie referentie --gemeente Groningen --categories 1.2.3 --years 2021:2023",
         "fietsdiefstal in Groningen per 1.000 inwoners tegen het land, vergelijkbare gemeenten, de buren en de regio, "
         "2021 t/m 2023 (jaren als JJJJ:JJJJ), en wat inwoners zeggen"),
        (f"wijkbeeld vergelijk --referentie referentie --gemeente Groningen --categories 1.2.3 --groups nederland "
         f"{_FILES} --wijken {AREAS} --vm {REF}/vm_wijken.csv",
         "ook de wijken tegen het gemiddelde van Groningen, en de Veiligheidsmonitor per wijk naast de "
         "fietsdiefstallen"),
    ],
}
