"""The declaration of the comparison with other gemeenten (light: no pandas, no scipy; see :mod:`hotspots.params`).

:data:`VERGELIJK` is run by :func:`hotspots.benchmark.run.run` on :class:`hotspots.inputs.Inputs` with a
reference set (``inputs.reference``), the gemeente (``inputs.selection.gemeente``) and, for the wijken, the
project's areas and counts or incidents.
"""
from __future__ import annotations

from hotspots.params import Method, Param, register

GROUPS = ("nederland", "vergelijkbaar", "buren", "regio")

VERGELIJK = register(Method(
    "vergelijk", "Vergelijken met andere gemeenten",
    "De gemeente tegen het land, vergelijkbare gemeenten, de buurgemeenten en de regio (per 1.000 inwoners, met "
    "plaats, percentiel en marge); de wijken tegen het gemiddelde van de gemeente; wat inwoners zeggen "
    "(Veiligheidsmonitor) naast wat geregistreerd is.",
    (
        Param("categories", (), "Categorieën", "Categorieën van de politiecijfers van alle gemeenten (code of naam), "
              "elk apart; een thema als NAAM=categorie,categorie (alleen categorieën die elkaar niet bevatten). "
              "Standaard alle categorieën van de referentieset.", metavar="CATEGORIE"),
        Param("groups", GROUPS, "Vergelijken met", "Nederland, vergelijkbare gemeenten (zelfde grootteklasse en "
              "stedelijkheid), buurgemeenten (gedeelde grens) en/of de regio.", metavar="GROEP"),
        Param("region", None, "Regio", "De regio of het basisteam: een waarde uit de kerncijfers (zoals de "
              "regionale eenheid 'Noord-Nederland') of NAAM=gemeente,gemeente,... (standaard de eigen regionale "
              "eenheid, als de kerncijfers die noemen).", optional=True, metavar="REGIO"),
        Param("years", None, "Jaren", "Alleen deze jaren (JJJJ:JJJJ).", optional=True, metavar="JJJJ:JJJJ"),
        Param("alpha", 0.05, "Significantieniveau", "'Hoger' of 'lager' alleen bij p (na FDR) hoogstens deze waarde.",
              minimum=0.0001, maximum=0.5),
        Param("spread", "geschat", "Spreiding", "Geschat: de toevallige schommeling van jaar tot jaar van gemeenten "
              "van dezelfde grootte (negatief-binomiaal). Poisson: alleen Poisson-toeval, dat bij misdaadcijfers te "
              "snel 'hoger' zegt.", choices=("geschat", "poisson"),
              choice_labels=("Geschat van jaar tot jaar", "Poisson (smaller)")),
        Param("min_group", 5, "Minimale groep", "Zo veel vergelijkbare gemeenten minstens; anders wordt de groep "
              "verbreed (en dat gezegd).", minimum=2, maximum=100),
        Param("confidence", 0.95, "Betrouwbaarheid", "Breedte van de intervallen en de marge van de plaats.",
              minimum=0.5, maximum=0.999),
        Param("seed", 0, "Startgetal", "Startgetal van de trekkingen voor de marge van de plaats (herhaalbaar).",
              minimum=0),
        Param("links", (), "Koppelingen", "Welke geregistreerde categorie bij een indicator van de "
              "Veiligheidsmonitor hoort, als INDICATOR=CATEGORIE (een deel van de tekst volstaat); standaard "
              "herkend (onveilig en slachtofferschap bij alle misdrijven, overlast bij overlast, fiets bij fiets).",
              metavar="INDICATOR=CATEGORIE"),
        Param("category", None, "Categorie (eigen gegevens)", "De categorie van de eigen gegevens voor de wijken.",
              optional=True, form=False),
    ),
    outputs={"gemeente": "per categorie, groep en jaar: per 1.000, interval, oordeel, plaats, percentiel",
             "wijken": "per wijk en jaar tegen het gemiddelde van de gemeente",
             "inwoners": "Veiligheidsmonitor: vorige meting, vergelijkbare gemeenten, naast de registraties"},
    reference="Garwood (1936); Spiegelhalter (2005); Goldstein & Spiegelhalter (1996); McCullagh & Nelder (1989); "
              "Benjamini & Hochberg (1995); Fieller, Hartley & Pearson (1957)",
    runner="hotspots.benchmark.run:run", group="benchmark"))
