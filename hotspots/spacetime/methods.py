"""The declarations of the space-time analyses (light: no pandas, no scipy; see :mod:`hotspots.params`).

:data:`EMERGING` is run by :func:`hotspots.spacetime.emerging.run`, :data:`NEARREPEAT` by
:func:`hotspots.spacetime.nearrepeat.run` and :data:`STABLE` by :func:`hotspots.spacetime.stable.run`;
each takes :class:`hotspots.inputs.Inputs`. The heavy modules re-export their declaration.
"""
from __future__ import annotations

from hotspots.params import Method, Param, register

#: The Near Repeat Calculator's usual bands: 0-100-...-500 m and 0-7-...-56 days.
DISTANCES = (100, 200, 300, 400, 500)
DAYS = (7, 14, 21, 28, 35, 42, 49, 56)

EMERGING = register(Method(
    "emerging", "Opkomende hot spots (ruimte en tijd)",
    "Is een plek een nieuwe, toenemende, aanhoudende, afnemende of steeds terugkerende hot spot? Gi* per maand "
    "op buren in ruimte en tijd, met een trendtoets per plek en de categorieën van ArcGIS.",
    (
        Param("unit", "area", "Eenheid", "Per gebied (buurt of wijk), of per vierkante of zeshoekige cel.",
              choices=("area", "square", "hexagon"), choice_labels=("Gebieden", "Vierkante cellen", "Zeshoeken"),
              words=(("area", "gebied"), ("square", "vierkant"), ("hexagon", "zeshoek"))),
        Param("cell", 250.0, "Celgrootte (m)", "Grootte van de cellen in meters (alleen voor cellen).",
              minimum=25.0, maximum=10000.0),
        Param("time_steps", 1, "Eerdere maanden als buren", "Hoeveel voorgaande maanden meetellen in de buurt van "
              "een maand (zoals ArcGIS's 'Neighborhood Time Step').", minimum=0, maximum=12),
        Param("window", "cube", "Vergelijken met", "Elke maand vergelijken met alle maanden samen (zoals ArcGIS) "
              "of alleen met de maanden van zijn eigen tijdvenster (een stijging in de hele stad maakt dan niet "
              "overal een hot spot).", choices=("cube", "steps"),
              choice_labels=("Alle maanden (de hele kubus)", "Het eigen tijdvenster"),
              words=(("cube", "kubus"), ("steps", "venster"))),
        Param("confidence", "90", "Betrouwbaarheid", "Vanaf welke betrouwbaarheid een maand als hot of cold spot "
              "telt, en een trend als significant (ArcGIS: 90%).", choices=("90", "95", "99"),
              choice_labels=("90%", "95%", "99%")),
        Param("fdr", True, "FDR-correctie", "Benjamini-Hochberg-correctie voor het aantal vakken (plek x maand) dat "
              "tegelijk getoetst wordt, zoals ArcGIS."),
        Param("category", None, "Categorie", "Alleen deze categorie.", optional=True),
        Param("start", None, "Vanaf maand", "Eerste maand (JJJJ-MM).", optional=True),
        Param("end", None, "Tot en met maand", "Laatste maand (JJJJ-MM).", optional=True),
        Param("tolerance", 0.5, "Snaptolerantie (m)", "Gebieden die elkaar op minder dan deze afstand naderen gelden "
              "als buren.", minimum=0.0, maximum=100.0),
    ),
    outputs={"locations": "categorie, uitleg en trend per plek", "bins": "Gi* per plek en maand"},
    reference="ArcGIS Pro, How Emerging Hot Spot Analysis works; Getis & Ord 1992; Ord & Getis 1995; Mann 1945; "
              "Kendall 1975; Benjamini & Hochberg 1995.",
    runner="hotspots.spacetime.emerging:run", group="spacetime"))

NEARREPEAT = register(Method(
    "nearrepeat", "Bijna-herhaling (near repeat)",
    "Is na een incident de kans op een volgend incident dichtbij en kort daarna groter dan bij toeval? De "
    "Knox-toets over afstands- en tijdbanden, met p-waarden uit permutaties, en reeksen van bijna-herhalingen.",
    (
        Param("distances", ",".join(map(str, DISTANCES)), "Afstandsbanden (m)",
              "Bovengrenzen van de afstandsbanden in meters, bijv. 100,200,300,400,500.", metavar="METERS,..."),
        Param("days", ",".join(map(str, DAYS)), "Tijdbanden (dagen)",
              "Bovengrenzen van de tijdbanden in dagen, bijv. 7,14,21,28,35,42,49,56.", metavar="DAGEN,..."),
        Param("same_place", True, "Zelfde plek apart", "Paren op precies dezelfde plek (herhaald slachtofferschap) in "
              "een eigen rij, zoals de Near Repeat Calculator."),
        Param("permutations", 999, "Permutaties", "Hoe vaak de data worden verwisseld voor de p-waarden "
              "(99 tot 999 is gebruikelijk; meer is nauwkeuriger en trager).", minimum=99, maximum=9999),
        Param("seed", 12345, "Startgetal", "Startgetal van de toevalsgenerator: dezelfde waarde geeft dezelfde "
              "uitkomst.", minimum=0, maximum=2 ** 31 - 1),
        Param("moment", "start", "Tijdstip", "Welke dag van een incident telt: de begindatum of het midden van het "
              "tijdvak tussen begin en eind.", choices=("start", "middle"), choice_labels=("Begin", "Midden"),
              words=(("start", "begin"), ("middle", "midden"))),
        Param("alpha", 0.05, "Significantieniveau", "Een band telt als verhoogd bij een p-waarde (na "
              "FDR-correctie) tot en met deze waarde.", minimum=0.001, maximum=0.2),
        Param("category", None, "Categorie", "Alleen deze categorie.", optional=True),
        Param("start", None, "Vanaf", "Eerste datum (JJJJ-MM-DD).", optional=True),
        Param("end", None, "Tot en met", "Laatste datum (JJJJ-MM-DD).", optional=True),
        Param("noun", "incident", "Naam van een incident", "Hoe de zin een incident noemt, bijv. 'inbraak' of "
              "'fietsdiefstal'.", metavar="WOORD"),
        Param("chain_distance", 0.0, "Reeks: afstand (m)", "Incidenten binnen deze afstand én tijd horen bij één reeks; "
              "0 = de eerste afstandsband.", minimum=0.0, maximum=5000.0),
        Param("chain_days", 0, "Reeks: dagen", "0 = de eerste tijdband.", minimum=0, maximum=365, metavar="DAGEN"),
        Param("chain_min", 3, "Reeks: minimaal aantal", "Kleinste aantal incidenten in een reeks.", minimum=2,
              maximum=1000),
    ),
    outputs={"table": "Knox-tabel (waargenomen, verwacht, ratio, p)", "chains": "reeksen als kaartlaag"},
    reference="Knox 1964; Ratcliffe 2009 (Near Repeat Calculator); Townsley, Homel & Chaseling 2003; "
              "Benjamini & Hochberg 1995.",
    runner="hotspots.spacetime.nearrepeat:run", group="spacetime"))

STABLE = register(Method(
    "stabiel", "Stabiele hot spots (over schalen)",
    "Welke plekken zijn hot op elke schaal: per buurt, in vierkante cellen en in zeshoeken van twee groottes? "
    "Zulke plekken hangen niet af van de indeling van de kaart.",
    (
        Param("scales", "area,square:250,hexagon:250,hexagon:500", "Schalen",
              "De schalen, gescheiden door komma's: gebied (de gebieden), vierkant:METERS, zeshoek:METERS.",
              words=(("area", "gebied"), ("square", "vierkant"), ("hexagon", "zeshoek")), metavar="SCHALEN"),
        Param("base", 0.0, "Plekgrootte (m)", "Grootte van de kleine vierkanten waarop de schalen worden "
              "vergeleken; 0 = 50 m, of grover voor een groot gebied.", minimum=0.0, maximum=1000.0),
        Param("confidence", "90", "Betrouwbaarheid", "Vanaf welke betrouwbaarheid een gebied of cel als hot spot "
              "telt.", choices=("90", "95", "99"), choice_labels=("90%", "95%", "99%")),
        Param("fdr", True, "FDR-correctie", "Benjamini-Hochberg-correctie op elke schaal."),
        Param("category", None, "Categorie", "Alleen deze categorie.", optional=True),
        Param("start", None, "Vanaf", "Eerste datum (JJJJ-MM-DD).", optional=True),
        Param("end", None, "Tot en met", "Laatste datum (JJJJ-MM-DD).", optional=True),
        Param("tolerance", 0.5, "Snaptolerantie (m)", "Gebieden die elkaar op minder dan deze afstand naderen "
              "gelden als buren.", minimum=0.0, maximum=100.0),
    ),
    outputs={"map": "plekken naar aantal schalen dat ze hot noemt", "areas": "per gebied: op hoeveel schalen hot"},
    reference="Getis & Ord 1992; Ord & Getis 1995; Openshaw 1984 (modifiable areal unit problem).",
    runner="hotspots.spacetime.stable:run", group="spacetime"))
