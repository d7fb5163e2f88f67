"""The ImportReport: what an importer kept, repaired, rejected and assumed.

Every reader returns its data together with an :class:`ImportReport`. The
invariant ``rows_read == rows_kept + rows_rejected`` holds for every report
(checked by :meth:`ImportReport.check`), so nothing is lost silently.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Rejection:
    """One rejected row: ``row`` is the 1-based row as a spreadsheet shows it (header = 1)."""

    row: int
    column: str | None
    value: Any
    reason: str

    def to_dict(self) -> dict:
        value = self.value
        if value is not None and not isinstance(value, (int, float, str, bool)):
            value = str(value)
        try:
            if value != value:  # NaN
                value = None
        except Exception:  # pragma: no cover - exotic values
            value = str(value)
        return {"row": int(self.row), "column": self.column, "value": value, "reason": self.reason}


@dataclass
class ImportReport:
    """What happened when a file was read.

    ``kind`` is ``"boundaries"``, ``"counts"`` or ``"incidents"``.
    ``column_mapping`` maps our column (``x``, ``start``, ...) to the source column.
    ``assumptions`` are sentences in Dutch ("Datumvolgorde dag-maand afgeleid uit ...").
    """

    path: str
    kind: str | None = None
    reader: str | None = None
    encoding: str | None = None
    separator: str | None = None
    crs: str | None = None
    column_mapping: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    rows_kept: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    geometries_repaired: list[dict] = field(default_factory=list)
    personal_data_columns: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    unmatched: list[dict] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    #: Set when only the first rows were read (a preview): max_rows, rows, complete, file_bytes, rows_estimate.
    sample: dict[str, Any] | None = None

    @property
    def rows_rejected(self) -> int:
        return len(self.rejections)

    def reject(self, row: int, column: str | None, value: Any, reason: str) -> None:
        self.rejections.append(Rejection(int(row), column, value, reason))

    def assume(self, sentence: str) -> None:
        if sentence not in self.assumptions:
            self.assumptions.append(sentence)

    def warn(self, sentence: str) -> None:
        if sentence not in self.warnings:
            self.warnings.append(sentence)

    def check(self) -> "ImportReport":
        """Assert the bookkeeping invariant: every row read is kept or rejected."""
        if self.rows_read != self.rows_kept + self.rows_rejected:
            raise AssertionError(
                f"{Path(self.path).name}: {self.rows_read} gelezen, maar {self.rows_kept} bewaard "
                f"+ {self.rows_rejected} afgewezen")
        return self

    def to_dict(self) -> dict:
        d = asdict(self)
        d["rejections"] = [r.to_dict() for r in self.rejections]
        d["rows_rejected"] = self.rows_rejected
        return d

    def summary(self) -> str:
        """A few Dutch lines for the command line and the wizard."""
        lines = [f"Bestand: {Path(self.path).name}",
                 f"Soort: {KIND_LABELS.get(self.kind, self.kind or 'onbekend')}"]
        if self.sample and not self.sample.get("complete"):
            lines.append(f"VOORBEELD: alleen de eerste {self.sample['rows']} rijen bekeken")
        if self.encoding:
            lines.append(f"Codering: {self.encoding}")
        if self.separator:
            lines.append(f"Scheidingsteken: {SEPARATOR_LABELS.get(self.separator, self.separator)}")
        if self.crs:
            lines.append(f"Coördinatenstelsel: {self.crs}")
        if self.column_mapping:
            lines.append("Kolommen: " + ", ".join(f"{k} ← '{v}'" for k, v in self.column_mapping.items()))
        lines.append(f"Rijen gelezen: {self.rows_read}, bewaard: {self.rows_kept}, afgewezen: {self.rows_rejected}")
        for r in self.rejections[:20]:
            col = f", kolom '{r.column}'" if r.column else ""
            lines.append(f"  rij {r.row}{col}: {r.reason} (waarde: {r.value!r})")
        if self.rows_rejected > 20:
            lines.append(f"  ... en nog {self.rows_rejected - 20} afgewezen rijen")
        if self.geometries_repaired:
            lines.append(f"Geometrieën hersteld: {len(self.geometries_repaired)}")
        if self.personal_data_columns:
            lines.append("Persoonsgegevens (niet bewaard, nooit geëxporteerd): "
                         + ", ".join(self.personal_data_columns))
        if self.duplicates:
            lines.append(f"Dubbele registraties: {len(self.duplicates)}")
            for d in self.duplicates[:10]:
                where = f" (rijen {', '.join(map(str, d['rows']))})" if d.get("rows") else ""
                lines.append(f"  {d.get('column') or 'code'} = {d.get('value') or d.get('code')!r}{where}")
        if self.unmatched:
            lines.append(f"Niet gekoppeld: {len(self.unmatched)}")
            for u in self.unmatched[:20]:
                lines.append(f"  {u.get('name') or u.get('code')!r}: {u.get('reason', '')}")
        for a in self.assumptions:
            lines.append(f"Aanname: {a}")
        for w in self.warnings:
            lines.append(f"Let op: {w}")
        return "\n".join(lines)


KIND_LABELS = {"boundaries": "gebiedsgrenzen", "counts": "tellingen (politie open data)",
               "incidents": "incidenten (eigen registratie)", "project": "Wijkbeeld-project",
               "kerncijfers": "kerncijfers van gemeenten (CBS)", "survey": "Veiligheidsmonitor (CBS)"}
SEPARATOR_LABELS = {";": "puntkomma (;)", ",": "komma (,)", "\t": "tab"}
