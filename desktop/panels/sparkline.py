"""A sparkline in a table cell: the months before a signal as a line, the expected range as a band, the
signal's month as a red dot (:mod:`desktop.sparklines` gives the numbers)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

SPARK_ROLE = Qt.ItemDataRole.UserRole + 5
BAND, LINE, DOT = QColor("#cfdcec"), QColor("#444444"), QColor("#d62f27")


def points(spark: dict, x0: float, y0: float, width: float, height: float) -> dict:
    """The sparkline's points in a ``width`` x ``height`` box at ``(x0, y0)`` (y down): ``count``, ``upper``,
    ``lower`` as lists of (x, y) or None where a value is missing; scaled from 0 to the largest value."""
    values = [v for k in ("count", "upper") for v in spark.get(k, []) if v is not None]
    top = max(values + [1.0])
    n = max(len(spark.get("count", [])), 1)

    def xy(i, v):
        if v is None:
            return None
        x = x0 + (width * i / (n - 1) if n > 1 else width / 2)
        return (x, y0 + height * (1 - v / top))

    return {k: [xy(i, v) for i, v in enumerate(spark.get(k, []))] for k in ("count", "lower", "upper")}


class SparklineDelegate(QStyledItemDelegate):
    """Paints the cell's :data:`SPARK_ROLE` dict as a sparkline with its band."""

    def paint(self, painter: QPainter, option, index) -> None:
        spark = index.data(SPARK_ROLE)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight().color().lighter(170))
        if not spark or not spark.get("count"):
            return
        r = option.rect.adjusted(4, 3, -6, -3)
        pts = points(spark, r.x(), r.y(), r.width(), r.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        band = [(u, lo) for u, lo in zip(pts["upper"], pts["lower"]) if u is not None and lo is not None]
        if len(band) > 1:
            poly = QPolygonF([QPointF(*u) for u, _ in band] + [QPointF(*lo) for _, lo in reversed(band)])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(BAND))
            painter.drawPolygon(poly)
        line = [QPointF(*p) for p in pts["count"] if p is not None]
        painter.setPen(QPen(LINE, 1.3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if len(line) > 1:
            painter.drawPolyline(QPolygonF(line))
        if pts["count"][-1] is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(DOT))
            painter.drawEllipse(QPointF(*pts["count"][-1]), 2.8, 2.8)
        painter.restore()
