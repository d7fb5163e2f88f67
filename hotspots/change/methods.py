"""The declarations of trends and period comparison (light: no pandas, no scipy; see :mod:`hotspots.params`).

:data:`TRENDS` is run by :func:`hotspots.change.trends.run`, :data:`COMPARE` by
:func:`hotspots.change.compare.run`; the comparison selects its series as the trends do (area,
category, level) and adds the two periods.
"""
from __future__ import annotations

from hotspots.params import Method, Param, register

TRENDS = register(Method(
    "trends", "Trends", "Maandreeksen per gebied met vorig jaar, trendtoets en signalen.",
    (
        Param("area", None, "Gebied", "Alleen dit gebied (code).", optional=True, metavar="CODE"),
        Param("category", None, "Categorie", "Alleen deze categorie.", optional=True),
        Param("level", "alle", "Niveau", "Alleen gebieden van dit niveau (tellingen met gemeente, wijk, buurt).",
              choices=("alle", "buurt", "wijk", "gemeente")),
        Param("start", None, "Vanaf maand", "Eerste maand (JJJJ-MM).", optional=True),
        Param("end", None, "Tot en met maand", "Laatste maand (JJJJ-MM).", optional=True),
        Param("years_back", 3, "Jaren historie", "Hoeveel jaren terug de seizoensverwachting kijkt.",
              minimum=1, maximum=10),
        Param("confidence", 0.95, "Betrouwbaarheid", "Breedte van het verwachte bereik.",
              minimum=0.5, maximum=0.999),
        Param("spread", "geschat", "Spreiding",
              "Hoe breed het verwachte bereik is. Geschat: met de eigen schommelingen van elk gebied en de "
              "onzekerheid van de verwachting (negatief-binomiaal). Poisson: het smallere Poisson-bereik, dat bij "
              "misdaadcijfers veel meer valse signalen geeft.",
              choices=("geschat", "poisson"), choice_labels=("Geschat per gebied", "Poisson (smaller bereik)")),
        Param("min_count", 3, "Minimum voor signaal", "Een maand is pas 'hoog' bij minstens dit aantal.",
              minimum=0),
        Param("alpha", 0.05, "Significantieniveau", "Voor de trendtoets.", minimum=0.0001, maximum=0.5),
    ),
    outputs={"series": "maandreeks", "tests": "trendtoets per gebied", "sentences": "zinnen"},
    reference="Hirsch, Slack & Smith (1982); Benjamini & Hochberg (1995); Farrington e.a. (1996); "
              "Noufaily e.a. (2013)",
    runner="hotspots.change.trends:run", group="change"))

COMPARE = register(Method(
    "compare", "Perioden vergelijken",
    "Periode A tegen periode B per gebied: de verandering, of die meer is dan toeval, en een zin.",
    (
        Param("periods", (), "Perioden", "Twee perioden A en B, elk als JJJJ-MM:JJJJ-MM "
              "(bijv. 2015-01:2015-12 2016-01:2016-12).", items=2, cli="--compare", metavar=("A", "B")),
        TRENDS.param("area"), TRENDS.param("category"), TRENDS.param("level"),
        Param("alpha", 0.05, "Significantieniveau", "Een verandering is significant bij p (na FDR) hoogstens "
              "deze waarde.", minimum=0.0001, maximum=0.5),
    ),
    outputs={"table": "per gebied: voor, na, verandering, p, zin"},
    reference="Przyborowski & Wilenski (1940); Krishnamoorthy & Thomson (2004); Benjamini & Hochberg (1995)",
    runner="hotspots.change.compare:run", group="change"))
