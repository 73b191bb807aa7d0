"""Paints one card: title elided to two lines, then a small line of facts and markers.

Painting is per visible card only, and every card has the same height, so a 2,000-card
quadrant scrolls without measuring text. (A Qt item delegate, named "card painter" because
in LeadDesk "Delegate" is a quadrant of the board.)
"""

from __future__ import annotations

import unicodedata
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPixmap,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ...services.tasks import BoardCard
from .model import (
    CARD_ROLE,
    MARKERS_ROLE,
    PRIVATE_CARD_TEXT,
    CardMarkers,
    format_minutes,
    one_line,
)

CARD_HEIGHT = 66
CHECK_SIZE = 14
CARD_PIXMAP_CACHE = 400  # rendered cards kept (a few screens' worth)
MARGIN = 4  # around each card
PAD = 8  # inside each card


def two_line_elide(text: str, font: QFont, width: int) -> list[str]:
    """Wrap ``text`` at ``width`` pixels into at most two lines, eliding the second."""
    text = one_line(text)
    if width <= 10 or not text:
        return [text] if text else []
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    first = layout.createLine()
    first.setLineWidth(width)
    second = layout.createLine()
    if second.isValid():
        second.setLineWidth(width)
    layout.endLayout()
    encoded = text.encode("utf-16-le")  # Qt counts UTF-16 units: emoji take two

    def cut(start: int, length: int | None = None) -> str:
        end = None if length is None else 2 * (start + length)
        return encoded[2 * start : end].decode("utf-16-le", errors="ignore")

    line1 = cut(first.textStart(), first.textLength()).rstrip()
    if not second.isValid():
        return [line1]
    rest = cut(second.textStart())
    metrics = QFontMetrics(font)
    return [line1, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)]


def starts_right_to_left(text: str) -> bool:
    """True when the first letter with a strong direction is Hebrew, Arabic, etc."""
    for char in text[:200]:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def date_colour(day: date, today: date | None, palette: QPalette) -> QColor | None:
    """Overdue in a calm red, due today or tomorrow in amber; otherwise the muted text."""
    if today is None:
        return None
    dark = _is_dark(palette)
    if day < today:
        return QColor("#ff9b8f" if dark else "#b3261e")
    if (day - today).days <= 1:
        return QColor("#f2c46d" if dark else "#8a5a00")
    return None


def check_rect(card_rect: QRect) -> QRect:
    """Where the "complete" circle of a card sits (painting and clicks agree on it)."""
    return QRect(card_rect.left() + MARGIN + PAD, card_rect.top() + 8, CHECK_SIZE, CHECK_SIZE)


class CardPainter(QStyledItemDelegate):
    """The board views' Qt item delegate: paints each card and reports a click on its circle."""

    complete_clicked = Signal(int)  # task id whose circle was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today: date | None = None
        self.private = False  # privacy screen: no title, initials or requester painted
        self._cache: dict[tuple[int, str, int, str], list[str]] = {}
        self._backgrounds: dict[tuple[object, ...], QPixmap] = {}
        self._card_pixmaps: dict[tuple[object, ...], QPixmap] = {}

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(160, CARD_HEIGHT)

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        """A click on the circle completes that card (and neither selects nor drags it)."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            pos = event.position().toPoint()  # type: ignore[attr-defined]
            if check_rect(option.rect).adjusted(-3, -3, 3, 3).contains(pos):  # type: ignore[attr-defined]
                card = index.data(CARD_ROLE)
                if kind == QEvent.Type.MouseButtonRelease and card is not None:
                    self.complete_clicked.emit(card.id)
                return True
        return super().editorEvent(event, model, option, index)

    def clear_cache(self) -> None:
        self._cache.clear()
        self._backgrounds.clear()
        self._card_pixmaps.clear()  # they hold rendered titles: dropped on lock

    def _background(
        self, size: QSize, palette: QPalette, selected: bool, focused: bool, only_me: bool
    ) -> QPixmap:
        base = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Mid)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        key = (
            size.width(),
            size.height(),
            selected,
            focused,
            only_me,
            base.rgba(),
            highlight.rgba(),
            border.rgba(),
        )
        pixmap = self._backgrounds.get(key)
        if pixmap is not None:
            return pixmap
        if len(self._backgrounds) > 64:
            self._backgrounds.clear()
        ratio = self.parent().devicePixelRatioF() if self.parent() is not None else 1.0
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRectF(0, 0, size.width(), size.height())
        painter.setPen(highlight if (selected or focused) else border)
        painter.setBrush(_blend(base, highlight, 0.16) if selected else base)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        if only_me:  # a thin accent stripe on the leading edge
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(highlight)
            painter.drawRoundedRect(QRectF(1, 6, 3, size.height() - 12), 1.5, 1.5)
        painter.end()
        self._backgrounds[key] = pixmap
        return pixmap

    def _title_lines(self, card: BoardCard, font: QFont, width: int) -> list[str]:
        key = (card.id, card.title[:SHORT_KEY], width, font.key())
        lines = self._cache.get(key)
        if lines is None:
            if len(self._cache) > 4000:
                self._cache.clear()
            lines = self._cache[key] = two_line_elide(card.title, font, width)
        return lines

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Draw the card from a cached pixmap: after a move most cards are only shifted,
        so a refreshed quadrant repaints with a few blits instead of text layout."""
        card: BoardCard | None = index.data(CARD_ROLE)
        markers: CardMarkers = index.data(MARKERS_ROLE) or CardMarkers()
        if card is None:
            return
        rect: QRect = option.rect  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        flags = (
            bool(state & QStyle.StateFlag.State_Selected),
            bool(state & QStyle.StateFlag.State_HasFocus),
        )
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        font: QFont = option.font  # type: ignore[attr-defined]
        ratio = painter.device().devicePixelRatioF()
        key = (
            card,
            markers,
            rect.width(),
            rect.height(),
            flags,
            palette.cacheKey(),
            font.key(),
            self.today,
            ratio,
            self.private,
        )
        pixmap = self._card_pixmaps.get(key)
        if pixmap is None:
            if len(self._card_pixmaps) > CARD_PIXMAP_CACHE:
                self._card_pixmaps.clear()
            pixmap = QPixmap(rect.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            local = QStyleOptionViewItem(option)
            local.rect = QRect(QPoint(0, 0), rect.size())  # type: ignore[attr-defined]
            card_painter = QPainter(pixmap)
            self._paint_card(card_painter, local, card, markers)
            card_painter.end()
            self._card_pixmaps[key] = pixmap
        painter.drawPixmap(rect.topLeft(), pixmap)

    def _paint_card(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        card: BoardCard,
        markers: CardMarkers,
    ) -> None:
        palette = option.palette  # type: ignore[attr-defined]
        rect: QRect = option.rect.adjusted(MARGIN, MARGIN // 2, -MARGIN, -MARGIN // 2)  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

        # card body: a cached pixmap per size and state (antialiased rounded rects are
        # the most expensive part of painting a card)
        base = palette.color(QPalette.ColorRole.Base)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        painter.drawPixmap(
            rect.topLeft(),
            self._background(rect.size(), palette, selected, focused, card.only_i_can),
        )

        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(150)

        # the "complete" circle (click it, or press Space)
        check = QRectF(check_rect(option.rect))  # type: ignore[attr-defined]
        painter.setPen(muted)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(check.adjusted(0.5, 0.5, -0.5, -0.5))
        inner = rect.adjusted(PAD + CHECK_SIZE + 8, 5, -PAD, -5)

        # initials chip on the right of the title
        chip_w = 0
        font = QFont(option.font)  # type: ignore[attr-defined]
        if markers.initials and not self.private:
            small = QFont(font)
            small.setPointSizeF(max(font.pointSizeF() * 0.8, 6.0))
            small.setBold(True)
            chip_w = 24
            chip = QRectF(inner.right() - chip_w + 1, inner.top(), chip_w, 20)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_blend(base, highlight, 0.22))
            painter.drawEllipse(
                chip.adjusted(1, -1, -1, 1)
                if chip.height() > chip.width()
                else chip.adjusted(2, 0, -2, 0)
            )
            painter.setPen(text_colour)
            painter.setFont(small)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, markers.initials[:2])
            chip_w += 6

        # title: two lines, elided
        painter.setFont(font)
        painter.setPen(text_colour)
        metrics = QFontMetrics(font)
        title_w = inner.width() - chip_w
        if self.private:
            painter.setPen(muted)
            lines = [PRIVATE_CARD_TEXT]
        else:
            lines = self._title_lines(card, font, title_w)
        y = inner.top()
        line_h = metrics.height()
        side = (
            Qt.AlignmentFlag.AlignRight
            if starts_right_to_left(card.title) and not self.private
            else Qt.AlignmentFlag.AlignLeft
        )
        for line in lines:
            painter.drawText(
                QRect(inner.left(), y, title_w, line_h),
                int(side | Qt.AlignmentFlag.AlignVCenter),
                line,
            )
            y += line_h

        # facts line at the bottom
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.85, 6.0))
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        x = inner.left()
        bottom = QRect(
            inner.left(),
            inner.bottom() - small_metrics.height() + 1,
            inner.width(),
            small_metrics.height(),
        )
        for text, colour, tag in self._facts(card, markers, palette):
            w = small_metrics.horizontalAdvance(text) + (10 if tag else 0)
            if x + w > inner.right():
                break
            box = QRect(x, bottom.top(), w, bottom.height())
            if tag:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(_blend(base, colour or highlight, 0.18))
                painter.drawRoundedRect(QRectF(box), 4, 4)
            painter.setPen(colour or muted)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), text)
            x += w + 8
        painter.restore()

    def _facts(
        self, card: BoardCard, markers: CardMarkers, palette: QPalette
    ) -> list[tuple[str, QColor | None, bool]]:
        facts: list[tuple[str, QColor | None, bool]] = []
        if card.due_on:
            facts.append(
                (f"due {card.due_on:%d %b}", date_colour(card.due_on, self.today, palette), False)
            )
        if card.needed_by:
            facts.append(
                (
                    f"answer by {card.needed_by:%d %b}",
                    date_colour(card.needed_by, self.today, palette),
                    False,
                )
            )
        if card.estimate_minutes:
            facts.append((format_minutes(card.estimate_minutes), None, False))
        if markers.delegated:
            facts.append(("delegated", palette.color(QPalette.ColorRole.Highlight), True))
        if markers.booked:
            facts.append(
                (
                    "booked this week",
                    QColor("#2e7d4f") if not _is_dark(palette) else QColor("#7fd3a0"),
                    True,
                )
            )
        if card.requester and not markers.initials and not self.private:
            facts.append((f"from {one_line(card.requester, 30)}", None, False))
        return facts


SHORT_KEY = 400


def _blend(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )
