"""Draws one history entry as a card: channel icon, subject, when, who, notes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.domain.schema.enums import Channel, Direction, label_of
from desktop.i18n import _
from desktop.services.detail_rows import TimelineEntry
from ui.formatting import when
from ui.models.timeline import ENTRY_ROLE
from ui.resources import icon

PAD = 10
ICON = 22
LINE_COLOR = QColor("#CFD8DC")
CHANNEL_COLORS = {
    "phone": "#1E88E5", "email": "#8E24AA", "chat": "#00897B", "fax": "#6D4C41",
    "web": "#3949AB", "visit": "#E65100", "meeting": "#C0CA33", "note": "#78909C",
}


class TimelineDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        fm = QFontMetrics(option.font)
        entry: TimelineEntry = index.data(ENTRY_ROLE)
        lines = 3 if entry and entry.notes else 2
        return QSize(320, PAD * 2 + fm.height() * lines + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        entry: TimelineEntry = index.data(ENTRY_ROLE)
        if entry is None:
            return
        rect: QRect = option.rect
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, QColor("#E0F2F1") if selected else QColor("white"))
        painter.setPen(LINE_COLOR)
        painter.drawLine(rect.left() + PAD, rect.bottom(), rect.right() - PAD, rect.bottom())

        # The rail with a coloured dot ties the entries into one timeline.
        colour = QColor(CHANNEL_COLORS.get(entry.channel, "#78909C"))
        cx = rect.left() + PAD + ICON // 2
        painter.setPen(LINE_COLOR)
        painter.drawLine(cx, rect.top(), cx, rect.bottom())
        circle = QRect(cx - ICON // 2 - 3, rect.top() + PAD - 3, ICON + 6, ICON + 6)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor("white"))
        painter.setPen(colour)
        painter.drawEllipse(circle)
        icon(f"channel-{entry.channel}").paint(
            painter, QRect(cx - ICON // 2 + 3, rect.top() + PAD + 3, ICON - 6, ICON - 6)
        )

        font: QFont = option.font
        fm = QFontMetrics(font)
        left = rect.left() + PAD * 2 + ICON + 4
        width = rect.right() - PAD - left
        y = rect.top() + PAD

        stamp = when(entry.occurred_at)
        stamp_w = fm.horizontalAdvance(stamp)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        subject = QFontMetrics(bold).elidedText(entry.subject, Qt.TextElideMode.ElideRight,
                                                width - stamp_w - PAD)
        painter.drawText(QRect(left, y, width, fm.height()), Qt.AlignmentFlag.AlignLeft, subject)
        painter.setFont(font)
        painter.setPen(QColor("#607D8B"))
        painter.drawText(QRect(left, y, width, fm.height()), Qt.AlignmentFlag.AlignRight, stamp)

        y += fm.height() + 2
        painter.drawText(QRect(left, y, width, fm.height()), Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(_meta(entry), Qt.TextElideMode.ElideRight, width))
        if entry.notes:
            y += fm.height() + 2
            painter.setPen(QColor("#37474F"))
            notes = " ".join(entry.notes.split())
            painter.drawText(QRect(left, y, width, fm.height()), Qt.AlignmentFlag.AlignLeft,
                             fm.elidedText(notes, Qt.TextElideMode.ElideRight, width))
        painter.restore()


def _meta(entry: TimelineEntry) -> str:
    parts = [label_of(Channel, entry.channel)]
    parts.append(label_of(Direction, entry.direction).lower())
    if entry.duration_minutes:
        parts.append(_("{n} min").format(n=entry.duration_minutes))
    if entry.contact_name:
        parts.append(_("with {name}").format(name=entry.contact_name))
    if entry.outcome:
        parts.append(_("Outcome: {o}").format(o=entry.outcome))
    if entry.author_name:
        parts.append(_("by {name}").format(name=entry.author_name))
    return "  ·  ".join(parts)
