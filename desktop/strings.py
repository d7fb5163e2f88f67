"""Every text the user sees, in Dutch, in one place (so that an English table can follow).

Use :func:`tr` with a key; the keys are English identifiers. A missing key is a
bug and raises ``KeyError`` in the tests (no silent English fallback).
"""
from __future__ import annotations

NL: dict[str, str] = {
    # application
    "app.title": "Wijkbeeld",
    "app.title_project": "Wijkbeeld – {name}",
    "app.untitled": "naamloos project",
    "app.demo": "demoproject fietsendiefstal Groningen",
    # menus and actions
    "menu.file": "&Bestand",
    "menu.analysis": "&Analyse",
    "menu.export": "&Exporteren",
    "menu.help": "&Help",
    "menu.recent": "&Recente projecten",
    "action.new": "&Nieuw project",
    "action.open": "Project &openen…",
    "action.save": "Project op&slaan",
    "action.save_as": "Project opslaan &als…",
    "action.import": "Gegevens &importeren…",
    "action.demo": "&Demoproject openen",
    "action.quit": "&Afsluiten",
    "action.run": "Hot spots &berekenen",
    "action.cancel": "Af&breken",
    "action.export_html": "Kaart als &HTML…",
    "action.export_png": "Kaart als &PNG…",
    "action.export_gpkg": "Resultaten als &GeoPackage…",
    "action.export_xlsx": "Resultaten als &Excel (XLSX)…",
    "action.export_charts": "&Grafieken als PNG…",
    "action.report": "&Rapport maken (PDF of Word)…",
    "action.about": "&Over Wijkbeeld",
    "action.help": "&Uitleg",
    "recent.empty": "(geen recente projecten)",
    # status bar
    "status.ready": "Klaar.",
    "status.cancelled": "Afgebroken.",
    "status.running": "{what} loopt…",
    "status.saved": "Project opgeslagen: {path}",
    "status.exported": "Geëxporteerd: {path}",
    "status.report_written": "Rapport geschreven: {path}",
    "status.report_busy": "Er wordt al een rapport gemaakt; wacht tot het klaar is of breek het af.",
    "status.export_busy": "Er wordt al een export geschreven; wacht tot die klaar is of breek hem af.",
    "report.tip": "Het rapport voor de driehoek (gebiedsscan) over het project, de gekozen periode en categorie, met de privacyregel van het project.",
    "report.filter": "PDF-document (*.pdf);;Word-document (*.docx)",
    "report.need_data": "Een rapport heeft gebiedsgrenzen en incidenten of tellingen nodig; importeer die eerst (Bestand > Gegevens importeren).",
    # the Vergelijking tab (desktop/panels/comparison_panel.py, desktop/comparison_view.py)
    "compare.title": "Vergelijking",
    "work.compare": "Vergelijking",
    "work.compare_import": "Referentiebestanden inlezen",
    "work.compare_charts": "Vergelijkingsgrafieken",
    "compare.choose_files": "Referentiebestanden kiezen…",
    "compare.choose_tip": "Politiecijfers van alle gemeenten (47022NED), CBS-kerncijfers (gemeentelaag van de Wijk- en buurtkaart, StatLine) en de Veiligheidsmonitor: Wijkbeeld herkent elk bestand, leest ze in en bewaart de referentieset voor alle projecten.",
    "compare.files_filter": "Referentiebestanden (*.csv *.txt *.xlsx *.gpkg *.zip *.geojson);;Alle bestanden (*)",
    "compare.run": "Opnieuw vergelijken",
    "compare.gemeente": "Gemeente",
    "compare.category": "Categorie",
    "compare.year": "Jaar",
    "compare.waiting": "De vergelijking wordt berekend…",
    "compare.no_project": "Open eerst een project (of het demoproject): de vergelijking gaat over de gemeente van het project.",
    "compare.reference": "{description} Bestand: {path}",
    "compare.headline": "{name}, {period}, {category}: {rate} per 1.000 inwoners (95%-interval {low}-{high}; {count} misdrijven)",
    "compare.untestable": "niet te toetsen",
    "compare.rank": "{rank} van {n}",
    "compare.col_group": "Vergeleken met",
    "compare.col_group_rate": "Daar per 1.000",
    "compare.col_verdict": "Oordeel",
    "compare.col_rank": "Plaats (marge)",
    "compare.col_percentile": "Hoger dan",
    "compare.col_wijk": "Wijk",
    "compare.col_rate": "Per 1.000 (95%)",
    "compare.col_verdict_gemeente": "Tegen de gemeente",
    "compare.col_indicator": "Indicator",
    "compare.col_survey": "Meting (marge)",
    "compare.col_previous": "Vorige",
    "compare.col_similar": "Vergelijkbaar",
    "compare.col_registered": "Geregistreerd",
    "compare.registered": "{label} {year}: {rate}",
    "compare.section_gemeente": "De gemeente tegen andere gemeenten",
    "compare.section_charts": "Grafieken (klik voor groot)",
    "compare.section_wijken": "De wijken tegen het gemiddelde van de gemeente",
    "compare.section_survey": "Wat inwoners zeggen (Veiligheidsmonitor)",
    "compare.wijken_heading": "{category}, {period}: elke wijk tegen de rest van {gemeente} (samen {rate} per 1.000 inwoners).",
    "compare.no_wijken": "De wijken worden vergeleken als het project gebieden met inwoners en incidenten of tellingen heeft.",
    "compare.no_survey": "De referentieset heeft geen Veiligheidsmonitor van deze gemeente. Lees een tabel van de Veiligheidsmonitor (CBS StatLine) in met 'Referentiebestanden kiezen…'.",
    "compare.skipped": "Niet vergeleken: {part}: {reason}.",
    "compare.charts_waiting": "De grafieken worden getekend…",
    "compare.chart_tip": "Klik om de grafiek groot te zien.",
    "compare.chart_title": "Vergelijking: grafiek",
    "compare.imported": "Referentieset opgeslagen in {path}: {description}",
    "compare.tip_table": "Beweeg over een regel voor de hele zin; 'hoger' of 'lager' alleen als het verschil meer is dan toeval.",
    "compare.missing": ("<b>Er is nog geen referentieset.</b> Voor de vergelijking met andere gemeenten zijn de cijfers "
                        "van alle gemeenten nodig. Haal ze één keer op (met internet, op een andere computer mag ook); "
                        "daarna werkt alles offline:<ul>"
                        "<li><b>Politiecijfers van alle gemeenten</b>: politietabel <i>Geregistreerde misdrijven; soort "
                        "misdrijf, regio</i> (47022NED of de opvolger) op data.politie.nl of CBS StatLine, alle "
                        "gemeenten, per jaar of per maand, als CSV.</li>"
                        "<li><b>CBS-kerncijfers</b>: de gemeentelaag van de <i>Wijk- en buurtkaart</i> van het CBS "
                        "(GeoPackage: inwoners, stedelijkheid en de grenzen voor de buurgemeenten), en zo nodig de "
                        "<i>Kerncijfers wijken en buurten</i> van StatLine (inwoners per jaar, regionale eenheid).</li>"
                        "<li><b>Veiligheidsmonitor</b> (als u wilt weten wat inwoners zeggen): de tabellen van de "
                        "Veiligheidsmonitor op CBS StatLine, per gemeente en per wijk, met marges.</li></ul>"
                        "Kies de bestanden met <b>Referentiebestanden kiezen…</b> (alle tegelijk mag). Wijkbeeld leest "
                        "ze in en bewaart de referentieset voor alle projecten in<br><code>{folder}</code><br>"
                        "Op de opdrachtregel: <code>wijkbeeld vergelijk --politie BESTAND --kerncijfers BESTAND "
                        "--vm BESTAND</code>. Voorbeeldbestanden (gegenereerde cijfers): <code>wijkbeeld "
                        "voorbeeld-bestanden --out voorbeeld</code>, in voorbeeld/referentie."),
    "status.autosaved": "Automatisch opgeslagen.",
    "status.autosave_failed": "Automatisch opslaan is mislukt: {error}",
    "status.autosave_failed_retry": "Automatisch opslaan is mislukt: {error} Nieuwe poging over {seconds} s.",
    "status.save_failed": "Opslaan is mislukt: {error} Uw wijzigingen staan nog alleen in het venster.",
    "status.still_opening": "Het project wordt nog geopend; probeer het zo opnieuw.",
    "status.open_failed": "Het project is niet geopend.",
    "work.analysis": "Analyse",
    "work.analysis_later": "Hot times en trends",
    "work.prepare": "Volgend gebiedsniveau voorbereiden",
    "analysis.later_cancelled": "niet uitgevoerd: afgebroken",
    "work.import": "Import",
    "work.open": "Project openen",
    "work.save": "Project opslaan",
    "work.charts": "Grafieken",
    "work.plan_map": "Inzetkaart",
    "work.export": "Export",
    "work.report": "Rapport",
    "work.start": "Opstarten",
    # errors
    "error.title": "Wijkbeeld – fout",
    "error.intro": "{what} is mislukt.",
    "error.internal": "Er ging iets mis in Wijkbeeld ({kind}). Bewaar de details hieronder en meld dit aan de beheerder.",
    "error.details_hint": "Klik op ‘Details tonen…’ voor de technische details.",
    # the importers' command-line hints in the window's words (desktop.errors.window_words)
    "error.choose_kind": "Kies bij Soort gegevens '{kind}'",
    "error.choose_kinds": "kies voor een tabel met incidenten of tellingen bij Soort gegevens '{first}' of '{second}'",
    "error.not_in_wizard": ("Lees het in op het tabblad Vergelijking met 'Referentiebestanden kiezen…', niet met "
                            "Gegevens importeren"),
    "error.choose_crs": "kies het stelsel bij Coördinatenstelsel",
    "error.crs_box": "(kies het bij Coördinatenstelsel)",
    "error.encoding_box": "bij Tekencodering",
    "error.dayfirst_box": "kies de volgorde bij Datumvolgorde",
    "error.code_box": "kies de kolom bij Kolom gebiedscode",
    # what an error of the core advises, in the window's words (desktop.errors.ADVICE)
    "advice.hotspots_without_period": ("de hot spots zonder periode staan op de kaart en in de tabel van gebieden; "
                                       "bewaren kan met {menu} > {action}"),
    "advice.earlier_history": "kies links een periode die eerder begint",
    "wizard.failed": "De import is mislukt.\n\n{message}\n\nGa met ‘Vorige’ terug om een andere keuze te maken.",
    # the core behind the window
    "core.monthly": "De maandreeks",
    "core.making_map": "Kaart maken",
    "core.done": "Klaar",
    "core.demo_name": "Demo fietsendiefstal Groningen",
    # data panel
    "data.title": "Gegevens",
    "data.boundaries": "Gebiedsgrenzen",
    "data.incidents": "Incidenten",
    "data.counts": "Tellingen",
    "data.none": "nog niet geladen",
    "data.boundaries_info": "{n} gebieden ({level})",
    "data.incidents_info": "{n} incidenten\n{first} t/m {last}",
    "data.incidents_undated": "{n} incidenten\nzonder datum",
    "data.counts_info": "{n} rijen tellingen",
    "data.counts_period": "\n{first} t/m {last}",
    "data.period": "Periode",
    "data.from": "van",
    "data.to": "t/m",
    "data.category": "Categorie",
    "data.counts_category_tip": "Politiecijfers worden per categorie geteld en nooit opgeteld (het totaal staat naast de deelcategorieën; optellen telt incidenten dubbel). Kies de categorie die de kaart, de grafieken, de exports en het rapport tellen.",
    "data.all_categories": "alle categorieën",
    "data.sources": "Bronnen",
    "data.sources_tip": "Welke bronnen de kaart, de tabel en de grafieken tonen. Incidentbronnen samen worden als één reeks geanalyseerd; politietellingen worden nooit bij incidenten opgeteld maar staan ernaast in de tabel.",
    "data.source_line": "{name}: {what}",
    "data.theme": "Thema",
    "data.no_theme": "geen thema (alle categorieën)",
    "data.new_theme": "Nieuw thema...",
    "data.theme_tip": "Een thema kiest categorieën uit elke bron (bijv. fietsendiefstal uit de politiecijfers en uit de eigen registratie); alle overzichten volgen het thema.",
    "data.division": "Indeling",
    "data.division_tip": "Welke gebiedsindeling kaart en analyse gebruiken.",
    "choice.caption": "Bronnen: {sources}",
    "choice.caption_side": " (naast elkaar, niet opgeteld: {sources})",
    "theme.title": "Nieuw thema",
    "theme.name": "Naam",
    "theme.name_hint": "bijv. Fietsendiefstal",
    "theme.explain": "Kies per bron de categorieën die bij dit thema horen. Bronnen die verschillende dingen tellen worden niet opgeteld: de tabel zet ze naast elkaar.",
    "theme.category_line": "{text} ({n})",
    "theme.ok": "Thema opslaan",
    "theme.need_name": "Geef het thema een naam.",
    "theme.need_category": "Kies in ten minste één bron een categorie.",
    "theme.replaces": "Er is al een thema '{name}'; opslaan vervangt het.",
    "table.side_tip": "{name}: de cijfers van deze bron per gebied, naast de andere bronnen (nooit opgeteld)",
    "choice.n_incidents": "{n} incidenten",
    "choice.n_counts": "{n} rijen tellingen",
    "choice.nothing": "De gekozen bronnen en het thema laten niets over om te analyseren; kies links andere bronnen of een ander thema.",
    "choice.side_note": "{n} reeksen naast elkaar in de tabel (per bron een kolom; bronnen die verschillende dingen tellen worden nooit opgeteld).",
    "choice.one_series": "{view}: {label}{division}.",
    "choice.division": ", indeling {name}",
    "choice.left_out": "Niet in deze weergave: {sources} (politietellingen tellen iets anders en worden nooit bij "
                       "incidenten opgeteld).",
    "data.filter_tip": "Periode en categorie gelden voor kaart, grafieken en tabel tegelijk.",
    # settings panel
    "settings.title": "Analyse-instellingen",
    "settings.method": "Methode",
    "settings.run": "Berekenen",
    "settings.loading": "Analysemethoden worden geladen…",
    "settings.auto": "automatisch",
    # notes beside the map
    "notes.none": "Nog geen analyse.",
    "notes.summary": "Bij deze analyse: {w} waarschuwing(en), {n} toelichting(en).",
    "notes.show": "Toelichting tonen",
    "notes.hide": "Toelichting verbergen",
    "notes.warning": "Let op:",
    # table
    "table.title": "Gebieden",
    "table.no_name": "(geen naam)",
    "table.filter": "Zoek een gebied…",
    "col.code": "Code",
    "col.name": "Naam",
    "col.count": "Aantal",
    "col.population": "Inwoners",
    "col.rate": "Per 1.000 inw.",
    "col.z": "Gi* z",
    "col.p": "p (FDR)",
    "col.class": "Klasse",
    "tip.count": "Aantal incidenten in dit gebied in de gekozen periode en categorie.",
    "tip.rate": "Aantal per 1.000 inwoners. Leeg als het inwonertal onbekend is.",
    "tip.z": ("Gi* z-score: hoe ver dit gebied samen met zijn buren boven (+) of onder (−) het gemiddelde ligt, "
              "in standaardafwijkingen. Vanaf ongeveer 1,65 / 1,96 / 2,58 is dat met 90/95/99% zekerheid "
              "geen toeval."),
    "tip.p": ("De kans dat zo'n uitschieter puur toeval is, gecorrigeerd voor het feit dat veel gebieden "
              "tegelijk getoetst worden (FDR, Benjamini-Hochberg)."),
    "tip.class": "Hot spot: samen met de buren opvallend veel; cold spot: opvallend weinig.",
    "tip.z_area_hot": ("Gi* z = {z}: deze buurt en haar buren hebben samen veel meer incidenten dan verwacht."),
    "tip.z_area_cold": ("Gi* z = {z}: deze buurt en haar buren hebben samen veel minder incidenten dan verwacht."),
    "tip.z_area_ns": ("Gi* z = {z}: deze buurt en haar buren wijken samen niet duidelijk af van het gemiddelde."),
    "inzet.title": "Inzet",
    "inzet.work": "Inzetplanner",
    "inzet.settings": "Capaciteit en regels",
    "inzet.evaluate_from_tip": ("Het plan leert van de weken vóór deze dag en wordt getoetst op wat vanaf deze "
                                "dag gebeurde."),
    "inzet.evaluate_from": "Van",
    "inzet.evaluate_to_tip": "De laatste dag van de terugblik (telt mee).",
    "inzet.evaluate_to": "t/m",
    "inzet.excluded": "Uitgesloten gebieden (aanvinken)",
    "inzet.run": "Plan maken",
    "inzet.need_data": "Laad gebieden en incidenten om een plan te maken.",
    "inzet.save_xlsx": "Opslaan als Excel…",
    "inzet.save_html": "Opslaan als printbare HTML…",
    "inzet.ready": "Klaar om een plan te maken.",
    "inzet.running": "Plan wordt gemaakt…",
    "inzet.save_title": "Rooster opslaan",
    "inzet.planned": "Plan met {n} diensten.",
    "inzet.saved": "Rooster opgeslagen: {path}",
    "inzet.context": "Het plan leert van {period}{theme} (links gekozen).",
    "inzet.context_theme": ", thema {theme}",
    "inzet.context_category": ", categorie {theme}",
    "inzet.context_all": "alle incidenten",
    "inzet.target": "Plan voor",
    "inzet.target_tip": ("De maand of week waarvoor het plan is; de maanden van de historie die in dezelfde tijd "
                         "van het jaar vallen tellen zwaarder mee."),
    "inzet.page_plan": "Plan",
    "inzet.page_changes": "Wat is anders",
    "inzet.page_lookback": "Terugblik",
    "inzet.page_settings": "Capaciteit en regels",
    "inzet.how": "Hoe is dit gekozen?",
    "inzet.how_title": "Hoe is dit plan gekozen?",
    "inzet.rooster": "Weekrooster",
    "inzet.why": "Waarom deze diensten",
    "inzet.sure": "Hoe zeker: {text}",
    "inzet.shift_n": "Dienst {n}",
    "inzet.changes_none": "Nog geen plan om te vergelijken met het plan voor de periode ervoor.",
    "inzet.col_what": "Wat",
    "inzet.col_shift": "Dienst",
    "inzet.col_area": "Gebied",
    "inzet.col_why": "Waarom",
    "inzet.lookback_run": "Terugblik maken",
    "inzet.lookback_intro": ("Kies een afgelopen periode: het plan leert van de weken ervoor en wordt vergeleken met "
                             "wat er toen gebeurde, naast de plannen die je zonder Wijkbeeld zou maken."),
    "inzet.col_plan": "Plan",
    "inzet.col_inside": "Binnen de diensten",
    "inzet.col_of_best": "Van het achteraf beste",
    "inzet.lookback_empty": "De terugblik is leeg: de einddatum ligt voor de begindatum.",
    "inzet.fix_fields": "Niet gestart: verbeter eerst het rood omlijnde veld onder 'Capaciteit en regels'.",
    "inzet.lookback_running": "Terugblik wordt gemaakt…",
    "inzet.lookback_done": "Terugblik klaar.",
    # charts
    "charts.title": "Grafieken",
    "results.title": "Resultaten",
    "charts.monthly": "Per maand",
    "charts.weekhour": "Week × uur",
    "charts.hour": "Uur van de dag",
    "charts.weekday": "Dag van de week",
    "charts.this_year": "deze periode",
    "charts.partial": "onvolledige maand",  # the legend is narrow at 1366x768; the tooltip gives the day
    "charts.prev_year": "een jaar eerder",
    "charts.count": "aantal",
    "charts.hour_axis": "uur",
    "charts.all_areas": "Alle gebieden",
    "charts.area": "Gebied: {name}",
    "charts.no_data": "geen gegevens",
    "charts.no_times": "tellingen: geen tijdstip",
    "charts.dates_only": "alleen datums: geen tijdstip",
    "charts.no_months": "alleen jaarcijfers",
    "charts.weekhour_tip": ("Elk vakje: het aantal incidenten op die dag en dat uur. Een incident met een "
                            "tijdvak (van–tot) telt naar rato mee in elk uur van dat vak (aoristisch)."),
    "days.short": "ma,di,wo,do,vr,za,zo",
    # map
    "map.empty": "Nog geen kaart. Laad gebiedsgrenzen en incidenten of open het demoproject.",
    "map.opening": "Het project wordt geopend…",
    "map.making": "De kaart wordt gemaakt…",
    "map.renderer_gone": ("De kaart kon niet worden getoond: de weergave stopte twee keer bij deze kaart (vaak "
                          "te weinig geheugen). De analyse en de tabel zijn er wel; kies een ander niveau of een "
                          "kortere periode, of sla het project op en start Wijkbeeld opnieuw."),
    "charts.loading": "De grafieken worden geladen…",
    "map.areas_only": ("Nog geen incidenten of tellingen: de kaart en de tabel tonen de gebieden. Importeer "
                       "incidenten of politietellingen om hot spots te berekenen."),
    # wizard
    "wizard.title": "Gegevens importeren",
    "wizard.file_title": "Kies een bestand",
    "wizard.file_sub": "Sleep een bestand hierheen of kies er een. Het bronbestand wordt nooit gewijzigd.",
    "wizard.browse": "Bladeren…",
    "wizard.file_filter": "Gegevens (*.csv *.txt *.xlsx *.xls *.gpkg *.shp *.zip *.geojson *.json);;Alle bestanden (*)",
    "wizard.detect_title": "Wat is er herkend?",
    "wizard.detect_sub": "Controleer wat Wijkbeeld in het bestand herkent en pas het aan waar nodig.",
    "wizard.kind": "Soort gegevens",
    "wizard.encoding": "Tekencodering",
    "wizard.separator": "Scheidingsteken",
    "wizard.crs": "Coördinatenstelsel",
    "wizard.dayfirst": "Datumvolgorde",
    "wizard.dayfirst_yes": "dag-maand-jaar",
    "wizard.dayfirst_no": "maand-dag-jaar / jaar-maand-dag",
    "wizard.auto": "automatisch",
    "wizard.auto_is": "automatisch: {value}",
    "wizard.not_found": "niet gevonden",
    "wizard.box_encoding": "Tekencodering",
    "wizard.box_sep": "Scheidingsteken",
    "wizard.box_crs": "Coördinatenstelsel",
    "wizard.box_dayfirst": "Datumvolgorde",
    "wizard.col_code": "Kolom gebiedscode",
    "wizard.col_name": "Kolom gebiedsnaam",
    "wizard.found_kind": "Herkend als: {kind}",
    "wizard.sample": "Voorbeeld: alleen de eerste {n} rijen bekeken; bij de import wordt het hele bestand gelezen.",
    "wizard.kept_nothing": ("Er is niets bewaard: elke rij is afgewezen (zie de redenen hieronder). Dit kan zo niet "
                            "aan het project worden toegevoegd; ga terug en kies bijvoorbeeld een ander "
                            "coördinatenstelsel, andere kolommen of een andere datumvolgorde."),
    "wizard.added": "Toegevoegd aan het project: {what} uit {file}.",
    "wizard.col_x": "Kolom X",
    "wizard.col_y": "Kolom Y",
    "wizard.col_start": "Kolom begin (datum/tijd)",
    "wizard.col_end": "Kolom eind (datum/tijd)",
    "wizard.col_category": "Kolom categorie",
    "wizard.col_id": "Kolom registratienummer",
    "wizard.preview": "Voorbeeld van de eerste rijen",
    "wizard.columns": "Kolommen: {cols}",
    "wizard.personal": "Persoonsgegevens (worden niet bewaard): {cols}",
    "wizard.run_sub": "Het bestand wordt gelezen en gecontroleerd.",
    "wizard.report_title": "Verslag van de import",
    "wizard.report_sub": "Wat is bewaard, wat is afgewezen en waarom.",
    "wizard.save_rejected": "Afgewezen rijen opslaan als CSV…",
    "wizard.saved_rejected": "{n} afgewezen rijen opgeslagen in {path}",
    "wizard.no_rejected": "Er zijn geen rijen afgewezen.",
    "wizard.rej_row": "Rij",
    "wizard.rej_column": "Kolom",
    "wizard.rej_value": "Waarde",
    "wizard.rej_reason": "Reden",
    "wizard.back": "< Vorige",
    "wizard.next": "Volgende >",
    "wizard.cancel": "Annuleren",
    "wizard.finish": "Toevoegen aan project",
    "wizard.hidden": "(verborgen)",
    "wizard.date_formats": "Datumnotatie: {formats}",
    "wizard.inspecting": "Bestand wordt onderzocht…",
    "kind.boundaries": "gebiedsgrenzen",
    "kind.incidents": "incidenten (eigen registratie)",
    "kind.counts": "tellingen (politie open data)",
    # unsaved changes and replacing data
    "unsaved.title": "Wijzigingen opslaan?",
    "unsaved.text": "Het project ‘{name}’ heeft wijzigingen die nog niet zijn opgeslagen.",
    "unsaved.informative": "Wilt u ze opslaan voordat {action}?",
    "unsaved.save": "Opslaan",
    "unsaved.discard": "Niet opslaan",
    "unsaved.cancel": "Annuleren",
    "unsaved.before_new": "een nieuw project begint",
    "unsaved.before_demo": "het demoproject opent",
    "unsaved.before_open": "een ander project opent",
    "unsaved.before_close": "Wijkbeeld sluit",
    "replace.title": "Gegevens vervangen?",
    "replace.text": "Het project heeft al {kind}.",
    "replace.informative": "Nu in het project: {current}\nNieuw: {new}\n\nVervangen haalt de huidige uit het project.",
    "replace.replace": "Vervangen",
    "replace.kind_boundaries": "gebiedsgrenzen",
    "replace.kind_incidents": "incidenten",
    "replace.kind_counts": "tellingen",
    "replace.add_source": "Toevoegen als nieuwe bron",
    "replace.beside": "Naast de huidige als andere indeling",
    "replace.informative_sources": "Nu in het project: {current}\nNieuw: {new}\n\nAls nieuwe bron staan beide naast elkaar in het project (elk met een eigen importverslag en categorieën); Vervangen haalt de huidige uit het project.",
    "replace.informative_division": "Nu in het project: {current}\nNieuw: {new}\n\nNaast de huidige blijven beide indelingen in het project; kies links welke kaart en analyse gebruiken. Vervangen haalt de huidige uit het project.",
    # long runs
    "estimate.title": "Dit duurt lang",
    "estimate.text": "Met deze instellingen duurt de berekening naar schatting {time} ({reason}).",
    "estimate.advice": ("Minder permutaties (999 is meestal genoeg) of grotere cellen maken het veel sneller. "
                        "U kunt de berekening altijd afbreken (Esc)."),
    "estimate.refused": ("Dat is te lang om te beginnen. Kies minder permutaties (999 is meestal genoeg) of "
                         "grotere cellen, of een kortere periode."),
    "estimate.advice_nearrepeat": ("Minder permutaties (999 is meestal genoeg) of een kortere periode (links, bij "
                                   "Periode) maken het veel sneller. U kunt altijd afbreken (Esc)."),
    "estimate.refused_nearrepeat": ("Dat is te lang om te beginnen. Kies minder permutaties (999 is meestal genoeg) "
                                    "of een kortere periode."),
    "estimate.advice_emerging": ("Gebieden in plaats van cellen, grotere cellen of minder maanden (een latere "
                                 "begindatum) maken het sneller."),
    "estimate.refused_emerging": ("Dat is te lang om te beginnen. Kies gebieden in plaats van cellen, grotere cellen "
                                  "of minder maanden."),
    "estimate.advice_stable": "Een kortere periode of minder incidenten (een thema of categorie) maken het sneller.",
    "estimate.refused_stable": ("Dat is te lang om te beginnen. Kies een kortere periode of minder incidenten (een "
                                "thema of categorie)."),
    "estimate.run": "Toch berekenen",
    "estimate.not_run": "Niet berekend: de instellingen zouden te lang duren.",
    # projects
    "project.filter": "Wijkbeeld-project (*.gpkg)",
    "project.restore_title": "Werk herstellen?",
    "project.restore_text": ("Wijkbeeld is de vorige keer niet netjes afgesloten. Er is een automatisch "
                             "opgeslagen versie van {time}. Wilt u die openen?"),
    # exports
    "export.privacy_title": "Privacy bij exporteren",
    "action.export_settings": "&Privacy bij exporteren…",
    "export.settings_title": "Privacy bij exporteren",
    "export.settings_intro": ("Deze instellingen gelden voor elke export (kaart, GeoPackage, Excel). "
                              "Persoonsgegevens (adres, postcode, namen) worden nooit geëxporteerd."),
    "export.suppress": "Kleine aantallen afschermen",
    "export.suppress_tip": ("Aantallen onder de drempel worden als ‘<N’ geschreven en de cijfers per inwoner "
                            "in dezelfde rij leeggelaten, zodat niemand kan worden herkend."),
    "export.threshold": "Drempel (aantallen kleiner dan)",
    "export.threshold_tip": "Aantallen van 1 tot deze drempel worden afgeschermd (standaard 5).",
    "export.points": "Losse incidentpunten meenemen (alleen kaart en GeoPackage)",
    "export.points_tip": ("Schrijft de ligging, datum en categorie van elk incident. Doe dit alleen als de "
                          "ontvanger die punten mag zien."),
    "export.summary_suppressed": "Aantallen onder {n} zijn getoond als ‘<{n}’.",
    "export.summary_open": "Kleine aantallen zijn NIET afgeschermd.",
    "export.summary_points": "Losse incidentpunten zijn meegenomen.",
    "export.summary_no_points": "Losse incidentpunten zijn niet meegenomen.",
    "export.html_filter": "Webpagina (*.html)",
    "export.png_filter": "Afbeelding (*.png)",
    "export.write_failed": "kan {path} niet schrijven",
    "export.gpkg_filter": "GeoPackage (*.gpkg)",
    "export.xlsx_filter": "Excel-werkmap (*.xlsx)",
    "export.need_result": "Bereken eerst de hot spots; daarna kunt u de resultaten exporteren.",
    "export.waits": "{path} wordt geschreven zodra de hot times en trends klaar zijn…",
    "export.changed": "{path} is niet geschreven: intussen is een andere analyse gestart. Exporteer opnieuw als "
                      "u deze wilt bewaren.",
    "export.still_later": "De hot times en trends van deze kaart worden nog berekend (enkele seconden); exporteer daarna opnieuw.",
    # Ruimte en tijd (issue 15: emerging hot spots and near repeats; desktop/panels/spacetime_panel.py)
    "st.title": "Ruimte en tijd",
    "st.intro": "Waar en wanneer samen: is een plek een nieuwe, toenemende of aanhoudende hot spot, volgt op een "
                "incident vaker dan bij toeval een volgend incident dichtbij en kort daarna, en is een hot spot dat "
                "op elke schaal?",
    "st.method": "Analyse",
    "st.emerging": "Opkomende hot spots",
    "st.nearrepeat": "Bijna-herhaling (near repeat)",
    "st.unit": "Eenheid",
    "st.unit_area": "Gebieden (buurten of wijken)",
    "st.unit_square": "Vierkante cellen van 250 m",
    "st.unit_hexagon": "Zeshoeken van 250 m",
    "st.permutations": "Permutaties",
    "st.permutations_tip": "Hoe vaak de dagen over de plekken worden verwisseld voor de p-waarden (999 is "
                           "gebruikelijk; 99 is snel maar grof). Met 999 kan het bij veel incidenten een minuut duren.",
    "st.noun": "Een incident heet",
    "st.noun_tip": "Hoe de zin een incident noemt, bijvoorbeeld 'inbraak' of 'fietsdiefstal'.",
    "st.run": "Berekenen",
    "st.emerging_scope": "Over de hele reeks van het project (minstens 10 maanden; het soort hot spot, zoals "
                         "'nieuw' of 'aanhoudend', volgt uit de laatste hele maand). Alleen de gekozen categorie.",
    "st.near_scope": "Over de incidenten van de gekozen periode en categorie.",
    "st.busy": "Bezig: {what}…",
    "st.not_computed": ("Niet berekend: klik op Berekenen. (Het resultaat van '{other}' blijft bewaard; kies die "
                        "analyse weer om het te zien.)"),
    "st.emerging_span": "{span}. Kleur op de kaart: de categorie.",
    "st.near_span": "{span}, {incidents} incidenten, {permutations} permutaties.",
    "st.col_name": "Naam",
    "st.col_category": "Categorie",
    "st.col_sentence": "Uitleg",
    "st.col_distance": "Afstand",
    "st.cell_tip": "{row}, {column}: {observed} paren, verwacht {expected}; Knox-ratio {ratio}; p (na FDR) {p}",
    "st.knox_caption": "Knox-ratio per afstand en tijd (waargenomen / verwacht aantal paren); vet en gekleurd: "
                       "significant hoger dan toeval na FDR-correctie.",
    "st.need_incidents": "Bijna-herhaling vraagt incidenten met plaats en datum; dit project heeft alleen "
                         "politietellingen per maand.",
    "st.need_data": "Open of importeer eerst gebiedsgrenzen en incidenten of tellingen.",
    "st.need_incidents_choice": "{what} vraagt incidenten met plaats en datum; de gekozen bronnen ({sources}) zijn "
                                "politietellingen per maand. Kies links ook een bron met incidenten.",
    "work.emerging": "Opkomende hot spots",
    "work.nearrepeat": "Bijna-herhaling",
    "work.stable": "Stabiele hot spots",
    "st.stable": "Stabiele hot spots (over schalen)",
    "st.stable_scope": "Over de incidenten van de gekozen periode en categorie: Gi* per buurt, in vierkanten van "
                       "250 m en in zeshoeken van 250 en 500 m, over elkaar gelegd.",
    "st.stable_span": "{span}. Op de kaart: op hoeveel schalen een plek hot is.",
    "st.col_scales": "Schalen",
    "st.col_hot_at": "Hot als",
    "st.scales_of": "{k} van {n}",
    # help
    "about.title": "Over Wijkbeeld",
    "about.text": ("<h3>Wijkbeeld {version}</h3>"
                   "<p>Hot spots, hot times en BOA-inzet voor openbare orde en veiligheid, volledig offline.</p>"
                   "<p>Licentie: EUPL-1.2.</p>"
                   "<h4>Gegevensbronnen</h4><p>{sources}</p>"
                   "<h4>Software</h4><p>Qt/PySide6 (LGPL-3.0), Leaflet (BSD-2), folium (MIT), "
                   "pyqtgraph (MIT), GeoPandas, Shapely, pyogrio/GDAL, pandas, NumPy, SciPy (BSD/MIT). "
                   "{software}</p>"
                   "<p>Kaartondergrond: geen. Wijkbeeld maakt geen verbinding met internet.</p>"),
    "about.licences": "Wijkbeeld gebruikt {count} pakketten van anderen, elk onder een eigen licentie "
                      "(de lijst onder Details tonen).",
    "about.licences_bundled": "De volledige licentieteksten staan in {folder}.",
    "about.licences_installed": "De volledige licentieteksten staan bij de geïnstalleerde pakketten.",
    "about.sources_default": ("Fietsendiefstal Groningen 2013–2017: politie Groningen (BVH-extract, via "
                              "KennisnetwerkDataScience/Fietsendiefstallen). Wijk- en buurtkaart 2017: CBS, "
                              "CC BY 3.0 NL."),
    "help.title": "Uitleg",
    "help.text": ("<h3>Zo werkt Wijkbeeld</h3><ol>"
                  "<li>Importeer gebiedsgrenzen (CBS-buurten) en incidenten of politietellingen "
                  "(<b>Ctrl+I</b>, of sleep bestanden op het venster).</li>"
                  "<li>Kies periode en categorie links; kaart, grafieken en tabel volgen.</li>"
                  "<li>Bereken de hot spots (<b>F5</b>); <b>Esc</b> breekt af.</li>"
                  "<li>Klik een buurt op de kaart of in de tabel om haar grafieken te zien.</li>"
                  "<li>Exporteer kaart en resultaten via het menu Exporteren.</li></ol>"
                  "<h4>Wat betekent een hot spot?</h4><p>Gi* vergelijkt elke buurt samen met haar buren met "
                  "het gemiddelde. Een hoge z-score (bijv. 3,1) betekent: deze buurt en haar buren hebben samen "
                  "veel meer incidenten dan verwacht, en dat is vrijwel zeker geen toeval.</p>"),
}

_TABLE = NL


def tr(key: str, **kw) -> str:
    """The Dutch text for ``key``, formatted with ``kw``."""
    text = _TABLE[key]
    return text.format(**kw) if kw else text


def number(value: float, decimals: int = 1) -> str:
    """A number the Dutch way: decimal comma, dot for thousands (``1.234,5``)."""
    if value is None or value != value:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


from desktop.strings_questions import QUESTIONS  # noqa: E402 - the question views' texts, merged once

NL.update(QUESTIONS)
