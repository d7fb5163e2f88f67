"""The declaration of the Inzetplanner (light: no pandas, no scipy; see :mod:`hotspots.params`).

:data:`INZET` is run by :func:`hotspots.inzet.plan.plan` (the declared shape; ``plan.run`` takes
frames and the evaluation period).
"""
from __future__ import annotations

from hotspots.params import Method, Param, register

INZET = register(Method(
    "inzet", "Inzetplanner (BOA-diensten)",
    "Kiest per week de BOA-diensten (gebied, dag, begin, einde) die de meeste verwachte incidenten "
    "dekken, met per dienst een reden en de dekking tegenover een ongerichte inzet.",
    (
        Param("shifts", 10, "Diensten per week", "Aantal BOA-diensten (koppels) per week.", minimum=1, maximum=500),
        Param("shift_hours", 4, "Dienstlengte (uur)", "Lengte van één dienst in hele uren.", minimum=1, maximum=12),
        Param("hours", "07-23", "Inzettijden", "Uren waarbinnen een dienst valt, bijvoorbeeld 07-23 of 18-02.",
              metavar="UU-UU"),
        Param("nights", "", "Nachtdiensten op", "Dagen waarop een dienst door mag lopen in de nacht, "
              "bijvoorbeeld vr,za (leeg: geen).", metavar="DAGEN"),
        Param("night_end", 3, "Nachtdienst tot (uur)", "Tot hoe laat een nachtdienst mag duren.",
              minimum=0, maximum=12, metavar="UUR"),
        Param("exclude", (), "Uitgesloten gebieden", "Codes van gebieden waar niet wordt ingezet.",
              metavar="CODE"),
        Param("only", (), "Alleen deze gebieden", "Codes van de gebieden waar wel mag worden ingezet "
              "(leeg: alle).", cli="--only-areas", metavar="CODE"),
        Param("categories", "", "Categorieën en gewichten", "Welke categorieën tellen, met gewicht, "
              "bijvoorbeeld 'woninginbraak=3,overlast=1' (leeg: alle met gewicht 1).", metavar="CATEGORIE=GEWICHT"),
        Param("weeks_history", 104, "Historie (weken)", "Aantal weken historie om van te leren.",
              minimum=1, maximum=1040),
        Param("max_per_area", 3, "Max. diensten per gebied", "Spreiding: hoogstens zoveel diensten per "
              "gebied per week.", minimum=1, maximum=100),
        Param("start_step", 1, "Begintijden elk (uur)", "Diensten beginnen op het hele uur (1), "
              "om de twee uur (2), ...", minimum=1, maximum=12),
        Param("smoothing", True, "Kleine aantallen gladstrijken", "Weekprofiel van kleine gebieden "
              "naar dat van de gemeente trekken (empirisch Bayes)."),
        Param("seasonal", True, "Seizoen meenemen", "Maandpatroon uit de historie gebruiken als er "
              "minstens een jaar is."),
        Param("time_limit", 60.0, "Maximale rekentijd (s)", "Na deze tijd geeft de optimalisatie het "
              "beste plan tot dan toe (niet bewezen optimaal).", minimum=1.0, maximum=3600.0),
    ),
    outputs={"shifts": "rooster met reden per dienst", "coverage": "gedekt deel van de verwachte incidenten",
             "coverage_uniform": "dekking bij ongerichte inzet", "hit_rate": "trefkans achteraf",
             "pai": "Prediction Accuracy Index"},
    reference="Chainey, Tompson & Uhlig (2008); Ratcliffe (2002); Nemhauser, Wolsey & Fisher (1978)",
    runner="hotspots.inzet.plan:plan", group="inzet",
))
