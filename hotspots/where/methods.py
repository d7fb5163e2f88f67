"""The declarations of the where-analyses (light: no pandas, no scipy; see :mod:`hotspots.params`).

:data:`HOTSPOTS` is run by :func:`hotspots.where.hotspots.run`. Each parameter says for which
hot-spot methods it applies (``when``); the window's form shows only those, and
``wijkbeeld hotspots --help`` says it beside each flag.
"""
from __future__ import annotations

from hotspots.params import Method, Param, register

#: The hot-spot methods, in the order of the form.
METHODS = ("gistar", "lisa", "grid", "optimised", "kde")
_BY_AREA = ("gistar", "lisa")
_GI = ("gistar", "lisa", "grid", "optimised")  # the methods that test (FDR, permutations, seed)
_CELLS = ("grid", "optimised", "kde")

HOTSPOTS = register(Method(
    "hotspots", "Hot spots (waar)",
    "Waar gebeurt het meer dan je op grond van toeval verwacht? Getis-Ord Gi* of lokale Moran's I per buurt, "
    "in cellen, of als warmtekaart.",
    (
        Param("method", "gistar", "Methode", "Welke analyse: Gi* per gebied (gistar), lokale Moran's I (lisa), "
              "Gi* in cellen (raster), geoptimaliseerd (celgrootte en afstand uit de data) of een warmtekaart.",
              choices=METHODS, choice_labels=("Gi* per gebied", "Lokale Moran's I", "Gi* in cellen",
                                              "Geoptimaliseerd", "Warmtekaart"),
              words=(("grid", "raster"), ("optimised", "geoptimaliseerd"), ("kde", "warmtekaart"))),
        Param("variable", "count", "Waarde", "Wat per gebied getoetst wordt: het aantal, het aantal per 1.000 "
              "inwoners, of dat cijfer na empirical-Bayes-gladmaken (beter bij weinig inwoners).",
              choices=("count", "rate", "rate_eb"), choice_labels=("Aantal", "Per 1.000 inwoners",
                                                                   "Per 1.000 inwoners, gladgemaakt"),
              words=(("count", "aantal"), ("rate", "per1000"), ("rate_eb", "per1000-glad")),
              when=("method", _BY_AREA)),
        Param("weights", "queen", "Buren", "Wie zijn buren: gebieden met een gedeelde grens of hoekpunt "
              "(koningin, queen), met een gedeelde grens (toren, rook), de K dichtstbijzijnde (dichtstbij:K) of "
              "die binnen een afstand (afstand:METERS).",
              words=(("queen", "koningin"), ("rook", "toren"), ("knn", "dichtstbij"), ("distance", "afstand")),
              presets=(("queen", "gedeelde grens of hoekpunt (queen)"), ("rook", "gedeelde grens (rook)"),
                       ("knn:4", "de 4 dichtstbijzijnde (knn:4)"), ("knn:8", "de 8 dichtstbijzijnde (knn:8)"),
                       ("distance:500", "binnen 500 m (distance:500)"),
                       ("distance:1000", "binnen 1.000 m (distance:1000)")),
              metavar="BUREN", when=("method", ("gistar", "lisa", "grid"))),
        Param("tolerance", 0.5, "Snaptolerantie (m)", "Gebieden die elkaar op minder dan deze afstand "
              "naderen gelden als buren (bij een gedeelde grens of hoekpunt).", minimum=0.0, maximum=100.0,
              when=("method", _BY_AREA)),
        # lokale Moran's I weegt altijd rij-gestandaardiseerd (Anselin 1995): daar geldt deze keuze niet
        Param("transform", "binary", "Weging", "binair: het gebied en elke buur tellen even zwaar (zoals "
              "ArcGIS); rij: rij-gestandaardiseerd.", choices=("binary", "row"),
              choice_labels=("Binair", "Rij-gestandaardiseerd"), words=(("binary", "binair"), ("row", "rij")),
              when=("method", ("gistar", "grid"))),
        Param("fdr", True, "FDR-correctie", "Benjamini-Hochberg-correctie voor het aantal gebieden dat "
              "tegelijk getoetst wordt (voorkomt toevalstreffers).", when=("method", _GI)),
        Param("permutations", 0, "Permutaties", "Aantal permutaties voor p-waarden; 0 = automatisch "
              "(Gi*: analytisch, LISA: 999).", minimum=0, maximum=99999, when=("method", _GI)),
        Param("seed", 12345, "Startgetal", "Startgetal van de toevalsgenerator: dezelfde waarde geeft "
              "dezelfde uitkomst.", minimum=0, maximum=2 ** 31 - 1, when=("method", _GI)),
        Param("cell", 0.0, "Celgrootte (m)", "Grootte van de cellen in meters; 0 = automatisch (raster 250 m, "
              "warmtekaart 25 m of grover voor een groot gebied, geoptimaliseerd: gekozen uit de data).",
              minimum=0.0, maximum=10000.0, when=("method", _CELLS)),
        Param("shape", "square", "Celvorm", "Vierkanten (zoals het CBS-raster) of zeshoeken.",
              choices=("square", "hexagon"), choice_labels=("Vierkant", "Zeshoek"),
              words=(("square", "vierkant"), ("hexagon", "zeshoek")), when=("method", ("grid", "optimised"))),
        Param("distance", 0.0, "Afstandsband (m)", "Voor geoptimaliseerd: de afstand waarbinnen cellen buren "
              "zijn; 0 = gekozen uit de data.", minimum=0.0, maximum=100000.0, when=("method", ("optimised",))),
        Param("kernel", "quartic", "Kern", "Vorm van de warmtekaart-kern.", choices=("quartic", "gaussian"),
              choice_labels=("Kwartisch (zoals ArcGIS)", "Gaussisch"),
              words=(("quartic", "kwartisch"), ("gaussian", "gauss")), when=("method", ("kde",))),
        Param("bandwidth", 0.0, "Bandbreedte (m)", "Zoekstraal van de warmtekaart; 0 = vuistregel van "
              "Silverman (zoals ArcGIS).", minimum=0.0, maximum=100000.0, when=("method", ("kde",))),
        # what is counted, chosen with the data (the window's data panel, --category), so not a row of the form
        Param("category", None, "Categorie", "Alleen deze categorie. Tellingen van de politie worden nooit over "
              "categorieën opgeteld: standaard het totaal (zoals 0.0.0 Totaal misdrijven), anders de grootste.",
              optional=True, form=False),
    ),
    outputs={"areas": "gebieden of cellen met z, p, p_fdr en klasse", "surface": "warmtekaart"},
    reference="Getis & Ord 1992; Ord & Getis 1995; Anselin 1995; Benjamini & Hochberg 1995; Marshall 1991.",
    runner="hotspots.where.hotspots:run", group="where",
))

#: Which parameters matter for which method (derived from the declaration's ``when``).
METHOD_PARAMS = {m: tuple(p.name for p in HOTSPOTS.shown({"method": m}) if p.name != "method") for m in METHODS}
