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
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from kernel.nl import MONTH_NAMES

from mapping.disclosure import PrivacyRules


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
    output must know about the data (too little history, dates without times, few incidents inside);
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

    def rows(self) -> dict:
        """Key/value pairs with Dutch keys (what was made when, title, period, source, theme, category,
        method, warnings); the privacy rule's own rows come from the :class:`~mapping.disclosure.PrivacyLog`
        of the output."""
        rows = {"gemaakt_met": "Wijkbeeld", "gemaakt_op": self.made_text}
        for key, value in (("titel", self.title), ("periode", self.period), ("bron", self.source),
                           ("thema", self.theme), ("categorie", self.category), ("methode", self.method),
                           ("waarschuwingen", " | ".join(self.warnings) or None)):
            if value is not None:
                rows[key] = value
        return rows
