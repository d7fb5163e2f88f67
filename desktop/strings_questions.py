"""The Dutch texts of the officer's questions in the window (Ontwikkeling, Tijden, the linked charts, the level
switch and the map of the change), kept apart from :mod:`desktop.strings` so that each module stays one idea
of a readable size; :mod:`desktop.strings` merges them into its table (use :func:`desktop.strings.tr`).
"""
from __future__ import annotations

QUESTIONS: dict[str, str] = {}

# the officer's questions: Ontwikkeling (development over time, period against period, signals) and Tijden
QUESTIONS.update({
    "dev.title": "Ontwikkeling",
    "dev.working": "Ontwikkeling berekenen",
    "work.development": "Ontwikkeling",
    "work.compare": "Perioden vergelijken",
    "work.hottimes": "Hete tijden",
    "dev.level": "Niveau:",
    "dev.level.buurt": "Buurt",
    "dev.level.wijk": "Wijk",
    "dev.level.gemeente": "Gemeente",
    "dev.source": "Bron:",
    "dev.source.incidents": "eigen registraties (incidenten)",
    "dev.source.counts": "politietellingen per maand",
    "dev.waiting": "Open een project met incidenten of politietellingen.",
    "dev.loading": "De ontwikkeling wordt berekend…",
    "dev.heading": "{period} · jaar op jaar: {compared} tegen {previous}",
    "dev.no_previous": ("De gegevens beginnen in {first}: een jaar eerder is er niets om mee te vergelijken. "
                        "De vergelijking begint daarom in {start}."),
    "dev.partial_left_out": ("{month} is onvolledig (gegevens t/m {day}) en telt niet mee in de vergelijking "
                             "met een jaar eerder."),
    "dev.last_year_only": "De vergelijking met een jaar eerder gaat over de laatste twaalf maanden: {start} t/m {end}.",
    "dev.failed": "Dit kon niet worden berekend: {error}",
    "dev.no_table": "Geen jaar eerder in de gegevens om deze periode mee te vergelijken.",
    "dev.partial": "onvolledig: gegevens t/m {day}",
    "dev.partial_short": "maand nog niet compleet",
    "dev.partial_tip": ("De gegevens eindigen op {day}, midden in deze maand: het aantal van die maand is "
                        "onvolledig en is geen daling."),
    "dev.this_period": "deze periode",
    "dev.prev_year": "zelfde maand jaar eerder",
    "dev.expected_band": "verwacht bereik",
    "dev.tab_year": "Jaar op jaar",
    "dev.tab_ab": "Periode A en B",
    "dev.tab_signals": "Signalen",
    "dev.col.area": "Gebied",
    "dev.col.now": "Deze\nperiode",
    "dev.col.before": "Jaar\neerder",
    "dev.col.a": "Periode A",
    "dev.col.b": "Periode B",
    "dev.col.change": "Ver-\nschil",
    "dev.col.percent": "%",
    "dev.col.p": "p\n(FDR)",
    "dev.col.significant": "Meer dan toeval?",
    "dev.yes": "ja",
    "dev.no": "nee",
    "dev.tip.p": ("Voorwaardelijke binomiale toets voor twee Poisson-aantallen, met FDR-correctie "
                  "(Benjamini-Hochberg) over alle gebieden van dit niveau; dezelfde uitkomst als "
                  "'wijkbeeld trends --compare'."),
    "dev.col.per_1000": "per\n1.000",
    "dev.tip.per_1000": ("Het aantal in deze periode (B) per 1.000 inwoners; beide perioden in de uitleg onder de "
                         "tabel. Leeg waar het aantal inwoners onbekend is."),
    "dev.tab_trend": "Trend",
    "dev.col.trend": "Trend",
    "dev.col.slope": "Per jaar",
    "dev.tip.slope": ("Seizoens-Sen-helling: zoveel incidenten per maand meer (+) of minder (-) per jaar; alleen bij "
                      "een trend die meer is dan toeval."),
    "dev.tip.trend_p": ("Seizoens-Mann-Kendall (Hirsch e.a. 1982) over alle maanden, met FDR-correctie over de "
                        "gebieden; als 'wijkbeeld trends'."),
    "dev.tip.trend_tab": "De trendtoets over alle maanden in de gegevens: {first} t/m {last}.",
    "dev.trend_sentence": ("{name}: {direction}, ongeveer {slope} incidenten per maand per jaar "
                           "(seizoens-Mann-Kendall, {p})."),
    "dev.trend_small": ("{name}: {direction} (seizoens-Mann-Kendall, {p}), maar minder dan 0,01 incident per maand "
                        "per jaar: een kleine verandering."),
    "dev.per_1000_line": "Per 1.000 inwoners: van {before} naar {after}.",
    "dev.trend_none": "{name}: geen duidelijke trend ({p}).",
    "dev.trend_untested": "{name}: te weinig maanden of geen variatie; niet te toetsen.",
    "dev.pick_row": "Kies een gebied in de tabel voor de uitleg in gewone woorden.",
    "dev.period_a": "A:",
    "dev.period_b": "B:",
    "dev.until": "t/m",
    "dev.compare": "Vergelijken",
    "dev.compare_intro": "Kies twee perioden (maand, kwartaal, jaar of eigen reeks) en klik Vergelijken.",
    "dev.ab_line": "A: {a} · B: {b}. Gekleurd: meer dan toeval (rood stijging, blauw daling).",
    "dev.compare_bad": "Periode {which} eindigt vóór ze begint.",
    "dev.signals_intro": ("Maanden met meer incidenten dan verwacht (boven het verwachte bereik), nieuwste "
                          "eerst. Klik een regel om het gebied overal te kiezen."),
    "dev.signals_none": "Geen maanden boven het verwachte bereik.",
    "dev.col.month": "Maand",
    "dev.col.count": "Aantal",
    "dev.col.expected": "Verwacht",
    "dev.col.range": "Verwacht bereik",
    "dev.signal_line": "{name}: {month} hoger dan verwacht ({count} tegen {expected} verwacht; bovengrens {upper}).",
    "times.title": "Tijden",
    "times.heading": "Hete tijden: {title}",
    "times.loading": "De hete tijden worden berekend…",
    "times.matrix": "Week × uur (omlijnd: hete tijdblokken)",
    "times.blocks": "Hete tijdblokken",
    "times.none": "Geen uren die significant drukker zijn dan een gelijke spreiding over de week.",
    "times.no_counts": "Hete tijden vragen incidenten met een tijdstip; tellingen per maand hebben dat niet.",
    "times.no_incidents": ("Hete tijden vragen incidenten met een tijdstip; dit project heeft nog geen incidenten. "
                           "Voeg ze toe met Gegevens importeren…"),
    "times.dates_short": "alleen datums, geen tijden",
    "times.dates_only": ("Dit bestand heeft alleen datums, geen tijden: welke uren van de week druk zijn, is daaruit "
                         "niet te bepalen. De Kalender hieronder laat de drukke dagen wel zien."),
    "times.col.block": "Tijdblok",
    "times.col.hours": "Uren",
    "times.col.observed": "Waargenomen",
    "times.col.expected": "Verwacht",
    "times.col.p": "p (FDR)",
    "times.cell": "{day} {hour}:00-{next}:00: {value} incidenten (verwacht {expected})",
    "times.signature": "Tijdsignatuur: {label} (drukste 8 uur {block}: {share} van de incidenten).",
    "times.tip": ("Een blok is een reeks aaneengesloten uren die elk significant drukker zijn dan bij een gelijke "
                  "spreiding over de 168 uren van de week (Poisson-toets per uur, FDR-correctie), zoals "
                  "'wijkbeeld hottimes' ze berekent."),
})

# linked both ways (issue 18): a chart click filters the map and the table; the sum of several areas; the
# hot-time blocks per area and per hot-spot group; the calendar; the signals' sparklines
QUESTIONS.update({
    "filter.line": "Filter: {when}",
    "filter.clear": "wissen",
    "filter.tip": ("Kaart en tabel tonen alleen de incidenten die {when} begonnen (geteld op hun begintijd; "
                   "de week × uur-grafiek verdeelt een incident met een tijdvak over zijn uren). Klik "
                   "nogmaals op hetzelfde vak of op 'wissen' om alles te tonen."),
    "filter.period": "{period}, alleen {when}",
    "charts.click_tip": "Klik op een maand, een vak of een staaf om kaart en tabel daarop te filteren.",
    "charts.sum": "Som van {n} gebieden: {names}",
    "dev.col.spark": "Verloop",
    "dev.spark_tip": ("De twaalf maanden tot en met de maand van het signaal: de lijn is het aantal, de blauwe band "
                      "het verwachte bereik, de rode stip de maand die hoger is dan verwacht."),
    "times.tab_blocks": "Tijdblokken",
    "times.tab_areas": "Per gebied en hot-spot-groep",
    "times.tab_calendar": "Kalender",
    "times.col.area": "Gebied of groep",
    "times.col.total": "Incidenten",
    "times.col.signature": "Tijdsignatuur",
    "times.col.busiest": "Drukste 8 uur",
    "times.col.hot_blocks": "Hete tijdblokken",
    "times.group": "{label} ({n} gebieden samen)",
    "times.areas_intro": "Elk gekozen gebied en elke groep hot spots apart; klik een regel voor de inzet.",
    "times.areas_tip": ("Elk gekozen gebied (Ctrl- of Shift-klik in de tabel of op de kaart voor meer) en elke groep "
                        "hot spots van de kaart (de gebieden van één klasse samen) apart: hun eigen hete tijdblokken "
                        "en tijdsignatuur, zoals 'wijkbeeld hottimes' ze berekent. Onder de tabel: wat de "
                        "tijdsignatuur betekent voor de inzet (naar Ratcliffe 2004)."),
    "times.areas_none": ("Kies een of meer gebieden in de tabel of op de kaart, of maak een hot-spotkaart "
                         "(Berekenen), om hier per gebied en per hot-spot-groep de tijden te zien."),
    "times.no_blocks": "geen",
    "times.meaning.acute": ("Acuut: {share} van de incidenten valt in de drukste 8 uur ({block}). Inzet precies in "
                            "dat tijdvak levert het meeste op; daarbuiten gebeurt weinig."),
    "times.meaning.focused": ("Geconcentreerd: de drukste 8 uur ({block}) hebben {share} van de incidenten, maar het "
                              "speelt ook op andere uren. Leg de inzet vooral in dat blok, met af en toe een ronde "
                              "op andere tijden."),
    "times.meaning.diffused": ("Verspreid over de dag: geen duidelijk tijdvak (de drukste 8 uur, {block}, hebben "
                               "{share}). Een vaste inzettijd helpt hier weinig; denk aan maatregelen voor de plek "
                               "zelf (verlichting, inrichting, toezicht) of inzet op wisselende tijden."),
    "times.meaning.unknown": "Te weinig incidenten met een tijd om iets over de tijden te zeggen.",
    "times.calendar": "Per dag van het jaar (rij: jaar; grijs: geen gegevens)",
    "times.calendar_tip": ("Elk vakje is één dag: kolommen de dagen van het jaar (januari links), rijen de jaren. "
                           "Dagen die elk jaar terugkomen (jaarwisseling, Koningsdag, kermis, vakanties) staan "
                           "onder elkaar. Geteld op de begindatum van elk incident."),
    "times.calendar_cell": "{day} {year}: {value} incidenten",
    "times.calendar_none": "Geen incidenten met een datum.",
    "times.busiest": "Drukste dagen: {days}.",
    "times.busiest_day": "{text}: {count} (gewone {weekday}: {typical})",
})

QUESTIONS.update({  # the level switch (gemeente, wijk, buurt, cellen) and the map of the change (issue 18)
    "level.label": "Niveau",
    "level.cellen": "Cellen",
    "level.tip": ("Tabel, kaart, grafieken en vergelijkingen per gemeente, wijk of buurt (wijken en de gemeente uit de "
                  "CBS-codes van de buurten). 'Cellen' staat er bij een methode met cellen (raster, warmtekaart)."),
    "level.too_few": ("Op {level}niveau zijn er {n} gebieden: te weinig voor een hotspotanalyse ({reason}). Kaart en "
                      "tabel tonen het aantal per gebied."),
    "level.found": "'{name}' is een {level} ({code}): klik hier om naar {level}niveau te gaan en {name} te kiezen.",
    "change.show_map": "Op de kaart",
    "change.map_tip": ("Op de kaart: elk gebied rood bij een significante stijging, blauw bij een significante daling, "
                       "grijs zonder significante verandering (zoals de tabel; FDR-correctie)."),
})
