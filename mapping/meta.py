"""What every output says about itself: one :class:`ReportMeta` instead of a title, period and source
passed through every writer.

Title, period, source, theme and method text, the privacy rule the output was written under
(:class:`mapping.disclosure.PrivacyRules`) and the time of the export. The map's title box,
the print map's caption, the GeoPackage's ``wijkbeeld_metadata`` table, the workbook's sheet
``Toelichting`` and the summary all read it from here.

>>> meta = ReportMeta(title="Fietsendiefstal", period="2016-01 t/m 2016-12", source="Politie",
...                   made=datetime(2026, 1, 2, 9, 30, tzinfo=timezone.utc))
>>> meta.rows()
{'gemaakt_met': 'Wijkbeeld', 'gemaakt_op': '2026-01-02 09:30 UTC', 'titel': 'Fietsendiefstal', \
'periode': '2016-01 t/m 2016-12', 'bron': 'Politie'}
>>> ReportMeta.of(PrivacyRules(5)).privacy.suppress_below
5
>>> meta.made_local_text
'2 januari 2026 om 10:30'

The notes and warnings of the analyses state counts of incidents in sentences written for the
window and the terminal ("3 vielen buiten elk gebied", "Er zijn maar 3 incidenten"); on their way
into an export they go through :meth:`ReportMeta.sentence` (:func:`published_sentence`), so that a
sentence never shows a count that the number fields of the same export hide:

>>> ReportMeta(privacy=PrivacyRules(5), hidden_counts=frozenset({15931})).sentence(
...     "15928 van de 15931 incidenten zijn toegewezen; 3 vielen buiten elk gebied.")
'15928 van de x incidenten zijn toegewezen; <5 vielen buiten elk gebied.'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from kernel.nl import MONTH_NAMES

from mapping.disclosure import SECONDARY_MARKER, PrivacyRules

#: A number in a Dutch sentence: ``3``, ``15928``, ``15.928``, ``2,5``.
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.])|\d+(?:,\d+)?"
#: A count of incidents in a sentence of the analyses: the number before "incident(en)" (also both numbers of
#: "N van de M incidenten", with the share after it) and the number that "vielen buiten" the areas. Not a
#: number that is part of another (a year, a decimal, ``<5``) nor a threshold ("minstens 30 incidenten").
INCIDENT_COUNT = re.compile(
    r"(?<![\w<.,])(?<!minstens )(?<!minimaal )(?<!minder dan )(?<!meer dan )(?<!ten minste )"
    rf"(?P<n>{_NUMBER})(?:(?P<of> van de )(?P<m>{_NUMBER}))?"
    r"(?:(?P<what> incident(?:\(en\)|en)?)(?P<share> \(\d+(?:,\d+)?\s?%\))?(?P<verb> (?:ligt|valt|begint|is)"
    r"(?!\w))?|(?P<out> vielen buiten))")
#: The plural of the verb after a count that a sentence may show as ``<5``: its form (1 or more) would tell the count.
PLURAL = {"ligt": "liggen", "valt": "vallen", "begint": "beginnen", "is": "zijn"}
#: What a sentence says about the single incidents behind a count (the distances of the incidents outside the
#: areas: the nearest and the farthest are one incident each), and what it says instead when its counts are
#: protected.
DETAIL = ((re.compile(r"; de andere liggen [^;]*? km van de gebieden \(mediaan [^)]*\)"), ""),
          (re.compile(r" ligt het verste [\d.,]+ m van het dichtstbijzijnde gebied \(mediaan [\d.,]+ m\)"),
           " is de afstand tot de gebieden afgeschermd"))
#: The day of the first or last incident in a sentence on a partial month (the trends, the space-time cube): the date
#: of one incident; with a threshold a sentence says that the month is partial, not the day.
_DAY = r"\d{1,2}-\d{1,2}-\d{4}"


def _in_months(match: re.Match) -> str:
    """``historie 03-07-2017 tot 01-08-2017`` (the end not included) as ``historie 2017-07 t/m 2017-07``."""
    first, end = (datetime.strptime(match[k], "%d-%m-%Y") for k in ("a", "b"))
    last = datetime.fromordinal(max(end.toordinal() - 1, first.toordinal()))
    return f"{match['what']} {first:%Y-%m} t/m {last:%Y-%m}"


#: The inzet planner's history and planned (or evaluated) period may start on the first incident's day and end on
#: the last's: in months with a threshold (as :func:`mapping.outputs.data_period`).
INCIDENT_DAY = ((re.compile(rf"loopt in de gegevens maar tot {_DAY}"), "loopt in de gegevens niet tot het eind"),
                (re.compile(rf"begint in de gegevens pas op {_DAY}"), "begint in de gegevens niet bij het begin"),
                (re.compile(rf"(?P<what>historie|planperiode) (?P<a>{_DAY}) tot (?P<b>{_DAY})"), _in_months))


def _value(token: str) -> float:
    return float(token.replace(".", "").replace(",", "."))


def published_sentence(sentence: str, rules: PrivacyRules, hidden=frozenset()) -> str:
    """``sentence`` with every count of incidents in it (:data:`INCIDENT_COUNT`) as ``rules`` publish a count:
    ``"<5"`` below the threshold, rounded with ``afronden`` (:meth:`PrivacyRules.text`), and ``"x"`` for a
    value in ``hidden`` (the totals the export hides so that no small count can be worked out from them). A
    share beside a count that changed is left out (it would give the count back), a verb after it takes its
    plural form (:data:`PLURAL`: "1 ... ligt" would tell the count), and what the sentence says about the single
    incidents behind it (:data:`DETAIL`) is left out too; the day of a first or last incident (:data:`INCIDENT_DAY`)
    is never said with a threshold. Unchanged without a threshold.

    >>> r = PrivacyRules(5)
    >>> published_sentence("Er zijn maar 3 incidenten; met minder dan 30 zegt een hotspotkaart weinig.", r)
    'Er zijn maar <5 incidenten; met minder dan 30 zegt een hotspotkaart weinig.'
    >>> published_sentence("Maar 1 van de 3 incidenten (33%) ligt binnen de gebieden; de andere liggen 2,1 tot "
    ...                    "4,0 km van de gebieden (mediaan 3,0 km).", r)
    'Maar <5 van de <5 incidenten liggen binnen de gebieden.'
    >>> published_sentence("Van de 2 incidenten buiten elk gebied ligt het verste 14.000 m van het "
    ...                    "dichtstbijzijnde gebied (mediaan 11.500 m).", r)
    'Van de <5 incidenten buiten elk gebied is de afstand tot de gebieden afgeschermd.'
    >>> published_sentence("De laatste maand (juli 2017) loopt in de gegevens maar tot 01-07-2017: onvolledig.", r)
    'De laatste maand (juli 2017) loopt in de gegevens niet tot het eind: onvolledig.'
    >>> published_sentence("Verwachting uit de historie 03-07-2017 tot 01-08-2017 (4 weken).", r)
    'Verwachting uit de historie 2017-07 t/m 2017-07 (4 weken).'
    >>> published_sentence("In 2017 vielen 12 incident(en) op 3 dagen, met minstens 2 incidenten.", r)
    'In 2017 vielen 12 incident(en) op 3 dagen, met minstens 2 incidenten.'
    >>> published_sentence("15928 van de 15931 incidenten; 3 vielen buiten.", PrivacyRules(5, secondary="afronden"))
    '15.930 van de 15.930 incidenten; <5 vielen buiten.'
    """
    if not rules.active or not sentence:
        return sentence
    hidden = {float(v) for v in hidden}

    def count(token: str) -> str:
        value = _value(token)
        if value in hidden and not rules.suppressed(value):
            return SECONDARY_MARKER
        shown = rules.shown(value)
        return token if shown == value and not isinstance(shown, str) else rules.text(value)

    protected = []

    def publish(match: re.Match) -> str:
        n = count(match["n"])
        m = count(match["m"]) if match["m"] else None
        changed = n != match["n"] or (m is not None and m != match["m"])
        protected.append(changed)
        head = n + (f"{match['of']}{m}" if m is not None else "")
        if match["out"]:
            return head + match["out"]
        verb = match["verb"] or ""
        if verb and n != match["n"]:
            verb = " " + PLURAL[verb.strip()]
        return head + match["what"] + ("" if changed else (match["share"] or "")) + verb

    out = INCIDENT_COUNT.sub(publish, sentence)
    for pattern, instead in (*DETAIL, *INCIDENT_DAY) if any(protected) else INCIDENT_DAY:
        out = pattern.sub(instead, out)
    return out


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _local(moment: datetime) -> datetime:
    """``moment`` in Dutch time (Europe/Amsterdam; the machine's own zone where tzdata is missing)."""
    try:
        from zoneinfo import ZoneInfo

        return moment.astimezone(ZoneInfo("Europe/Amsterdam"))
    except Exception:  # noqa: BLE001 - no time zone database (a bare Windows Python without tzdata)
        return moment.astimezone()


@dataclass(frozen=True)
class ReportMeta:
    """The description of one export (see the module docstring).

    ``theme`` is the selection in words (a category, a theme, a source); ``category`` the category
    the figures are of, in words (police counts are never summed over categories: which one was
    counted); ``method`` a sentence on the method for the metadata; ``warnings`` what a reader of the
    output must know about the data (too little history, dates without times, few incidents inside),
    as the analyses wrote them (:meth:`sentence` gives them as the export may show them);
    ``hidden_counts`` the values of the totals the export hides as ``"x"`` (the number of incidents
    read when the number outside the areas is hidden; :meth:`mapping.protect.Protection.total`);
    ``made`` the time of the export (UTC).
    """

    title: str | None = "Hot spots"
    period: str | None = None
    source: str | None = None
    theme: str | None = None
    method: str | None = None
    category: str | None = None
    warnings: tuple = ()
    privacy: PrivacyRules = field(default_factory=PrivacyRules)
    made: datetime = field(default_factory=_now)
    hidden_counts: frozenset = frozenset()

    @classmethod
    def of(cls, value=None, *, default_title: str | None = "Hot spots", **changes) -> "ReportMeta":
        """A ReportMeta from ``value`` (a ReportMeta; None: the defaults with ``default_title``;
        :class:`PrivacyRules`: those rules with ``default_title``), with ``changes``."""
        if value is None:
            meta = cls(title=default_title)
        elif isinstance(value, ReportMeta):
            meta = value
        elif isinstance(value, PrivacyRules):
            meta = cls(title=default_title, privacy=value)
        else:
            raise TypeError(f"ReportMeta.of: {type(value).__name__}")
        return replace(meta, **changes) if changes else meta

    def with_(self, **changes) -> "ReportMeta":
        return replace(self, **changes)

    @property
    def made_text(self) -> str:
        return self.made.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

    @property
    def made_local_text(self) -> str:
        """The time of the export in Dutch local time: ``2 januari 2026 om 10:30``."""
        local = _local(self.made)
        return f"{local.day} {MONTH_NAMES[local.month - 1]} {local.year} om {local:%H:%M}"

    def sentence(self, text: str) -> str:
        """A note or warning as this export may show it: its counts of incidents as the number fields show
        them (:func:`published_sentence` under :attr:`privacy`)."""
        return published_sentence(text, self.privacy, self.hidden_counts)

    @property
    def published_warnings(self) -> tuple:
        """:attr:`warnings` as this export may show them (:meth:`sentence`)."""
        return tuple(self.sentence(str(w)) for w in self.warnings)

    def rows(self) -> dict:
        """Key/value pairs with Dutch keys (what was made when, title, period, source, theme, category,
        method, warnings as published, :attr:`published_warnings`); the privacy rule's own rows come from the
        :class:`~mapping.disclosure.PrivacyLog` of the output."""
        rows = {"gemaakt_met": "Wijkbeeld", "gemaakt_op": self.made_text}
        for key, value in (("titel", self.title), ("periode", self.period), ("bron", self.source),
                           ("thema", self.theme), ("categorie", self.category), ("methode", self.method),
                           ("waarschuwingen", " | ".join(self.published_warnings) or None)):
            if value is not None:
                rows[key] = value
        return rows
