"""Paints one card: title elided to two lines, then a small line of facts and markers.

Painting is per visible card only, and every card has the same height, so a 2,000-card
quadrant scrolls without measuring text. (A Qt item delegate, named "card painter" because
in LeadDesk "Delegate" is a quadrant of the board.)
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import NamedTuple

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
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
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
CARD_PLANS_KEPT = 400  # laid-out cards kept (a few screens' worth; ~1 KB each)
MARGIN = 4  # around each card
# A card body's rounded end (corner radius 6, its antialiasing and the "only me" stripe) fits
# in BODY_END pixels; the body pixmap is two ends and one middle column wide.
BODY_END = 8
BODY_STRIP = 2 * BODY_END + 1
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
    colour = _date_colour(day, today, _is_dark(palette))
    return None if colour is None else QColor(colour)


# date_colour's and the "booked" tag's colours, made once (light, dark)
_OVERDUE = (QColor("#b3261e"), QColor("#ff9b8f"))
_SOON = (QColor("#8a5a00"), QColor("#f2c46d"))
_BOOKED = (QColor("#2e7d4f"), QColor("#7fd3a0"))


def _date_colour(day: date, today: date | None, dark: bool) -> QColor | None:
    """:func:`date_colour` for a palette known dark or light."""
    if today is None:
        return None
    if day < today:
        return _OVERDUE[dark]
    if (day - today).days <= 1:
        return _SOON[dark]
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
        self._ends: dict[tuple[object, ...], tuple[QPixmap, QColor, QColor, QRect, QRect]] = {}
        self._plans: dict[tuple[object, ...], CardPlan] = {}
        self._looks: dict[tuple[object, ...], CardLook] = {}

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

    def share_looks(self, looks: dict[tuple[object, ...], CardLook]) -> None:
        """Keep looks in ``looks``, shared with the board's other painters: its four
        quadrants have one size, so one look serves them (a look is made, not read: fonts,
        metrics, colours)."""
        looks.update(self._looks)
        self._looks = looks

    def clear_cache(self) -> None:
        self._cache.clear()
        self._backgrounds.clear()
        self._ends.clear()
        self._plans.clear()  # they hold laid-out titles: dropped on lock
        self._looks.clear()

    def _draw_body(
        self,
        painter: QPainter,
        body: QRect,
        palette: QPalette,
        selected: bool,
        focused: bool,
        only_me: bool,
    ) -> None:
        """The card's body (its rounded frame and fill) at ``body``: its two rounded ends
        from a narrow pixmap, the straight part between them filled (a border row, the
        fill, a border row), so one small pixmap serves every width."""
        ratio = self.parent().devicePixelRatioF() if self.parent() is not None else 1.0
        whole = int(ratio)
        if body.width() <= BODY_STRIP or whole != ratio:
            painter.drawPixmap(
                body.topLeft(), self._background(body.size(), palette, selected, focused, only_me)
            )
            return
        height = body.height()
        key = (height, selected, focused, only_me, palette.cacheKey())
        ends = self._ends.get(key)
        if ends is None:
            if len(self._ends) > 64:
                self._ends.clear()
            base = palette.color(QPalette.ColorRole.Base)
            highlight = palette.color(QPalette.ColorRole.Highlight)
            strip = self._background(QSize(BODY_STRIP, height), palette, selected, focused, only_me)
            ends = self._ends[key] = (
                strip,
                highlight if (selected or focused) else palette.color(QPalette.ColorRole.Mid),
                _blend(base, highlight, 0.16) if selected else base,
                QRect(0, 0, BODY_END * whole, height * whole),
                QRect((BODY_END + 1) * whole, 0, BODY_END * whole, height * whole),
            )
        strip, edge, fill, left, right = ends
        x, y, width = body.x(), body.y(), body.width()
        painter.drawPixmap(x, y, strip, left.x(), 0, left.width(), left.height())
        painter.drawPixmap(
            x + width - BODY_END, y, strip, right.x(), 0, right.width(), right.height()
        )
        painter.fillRect(x + BODY_END, y, width - 2 * BODY_END, height, edge)
        painter.fillRect(x + BODY_END, y + 1, width - 2 * BODY_END, height - 2, fill)

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
        """Draw the card straight into the view from its cached plan (see :meth:`_plan`).

        A rendered pixmap per card (~70 KB each, ~40 on screen) was 2.7 MB of the app's
        peak memory (issue 18). What it saved a repaint is kept more cheaply: the card's
        geometry, texts and colours once per card (its plan), its body a pixmap per size
        and state, its title's line breaks. The pixels are the same as the pixmap's."""
        card: BoardCard | None = index.data(CARD_ROLE)
        if card is None:
            return
        markers: CardMarkers = index.data(MARKERS_ROLE) or CardMarkers()
        rect: QRect = option.rect  # type: ignore[attr-defined]
        state = option.state.value  # type: ignore[attr-defined]  # an int: enum flags are slow
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        font: QFont = option.font  # type: ignore[attr-defined]
        width, height = rect.width(), rect.height()
        key = (
            card,
            markers,
            width,
            height,
            palette.cacheKey(),
            font.key(),
            self.today,
            self.private,
        )
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) > CARD_PLANS_KEPT:
                self._plans.clear()
            plan = self._plans[key] = self._plan(rect.size(), palette, font, card, markers)
        painter.save()
        # The plan is in card coordinates: one whole-pixel translation draws it in place
        # (the same pixels as each shape and text moved by the card's offset).
        painter.translate(rect.x(), rect.y())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._draw_body(
            painter,
            QRect(MARGIN, MARGIN // 2, width - 2 * MARGIN, height - MARGIN),
            palette,
            bool(state & _SELECTED),
            bool(state & _HAS_FOCUS),
            card.only_i_can,
        )
        for step in plan:
            if type(step) is CardText:
                painter.setFont(step.font)
                painter.setPen(step.colour)
                painter.drawText(step.box, step.flags, step.text)
            else:
                painter.setPen(step.pen)
                painter.setBrush(step.brush)
                if step.radius:
                    painter.drawRoundedRect(step.rect, step.radius, step.radius)
                else:
                    painter.drawEllipse(step.rect)
        painter.restore()

    def _look(self, size: QSize, palette: QPalette, option_font: QFont) -> CardLook:
        """What every card of one size, palette and font shares (colours, fonts, metrics and
        the geometry of the circle, the chip and the text area): made once, not per card."""
        key = (size.width(), size.height(), palette.cacheKey(), option_font.key())
        look = self._looks.get(key)
        if look is not None:
            return look
        if len(self._looks) > 16:
            self._looks.clear()
        rect = QRect(MARGIN, MARGIN // 2, size.width() - 2 * MARGIN, size.height() - MARGIN)
        base = palette.color(QPalette.ColorRole.Base)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        text_colour = palette.color(QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        muted.setAlpha(150)
        check = QRectF(check_rect(QRect(QPoint(0, 0), size)))
        inner = rect.adjusted(PAD + CHECK_SIZE + 8, 5, -PAD, -5)
        font = QFont(option_font)
        chip_font = QFont(font)
        chip_font.setPointSizeF(max(font.pointSizeF() * 0.8, 6.0))
        chip_font.setBold(True)
        chip = QRectF(inner.right() - CHIP_WIDTH + 1, inner.top(), CHIP_WIDTH, 20)
        chip_shape = CardShape(
            chip.adjusted(1, -1, -1, 1)
            if chip.height() > chip.width()
            else chip.adjusted(2, 0, -2, 0),
            NO_PEN,
            QBrush(_blend(base, highlight, 0.22)),
            0,
        )
        facts_font = QFont(font)
        facts_font.setPointSizeF(max(font.pointSizeF() * 0.85, 6.0))
        facts_metrics = QFontMetrics(facts_font)
        look = self._looks[key] = CardLook(
            base=base,
            highlight=highlight,
            text_colour=text_colour,
            muted=muted,
            dark=_is_dark(palette),
            check=CardShape(check.adjusted(0.5, 0.5, -0.5, -0.5), QPen(muted), NO_BRUSH, 0),
            inner=inner,
            font=font,
            line_height=QFontMetrics(font).height(),
            chip=chip,
            chip_shape=chip_shape,
            chip_font=chip_font,
            facts_font=facts_font,
            facts_metrics=facts_metrics,
            facts_height=facts_metrics.height(),
            tag_brushes={},
        )
        return look

    def _plan(
        self,
        size: QSize,
        palette: QPalette,
        option_font: QFont,
        card: BoardCard,
        markers: CardMarkers,
    ) -> CardPlan:
        """What :meth:`paint` draws over the card's body, in card coordinates: the circle,
        the initials chip, the title's lines and the facts line."""
        look = self._look(size, palette, option_font)
        inner = look.inner
        # the "complete" circle (click it, or press Space)
        steps: list[CardShape | CardText] = [look.check]

        # initials chip on the right of the title
        chip_w = 0
        if markers.initials and not self.private:
            steps.append(look.chip_shape)
            steps.append(
                CardText(
                    look.chip,
                    _CENTRE,
                    markers.initials[:2],
                    look.chip_font,
                    QColor(look.text_colour),
                )
            )
            chip_w = CHIP_WIDTH + 6

        # title: two lines, elided
        font = look.font
        title_w = inner.width() - chip_w
        colour = look.text_colour
        if self.private:
            colour = look.muted
            lines = [PRIVATE_CARD_TEXT]
        else:
            lines = self._title_lines(card, font, title_w)
        y = inner.top()
        line_h = look.line_height
        side = _RIGHT if starts_right_to_left(card.title) and not self.private else _LEFT
        left = inner.left()
        for line in lines:
            box = QRectF(left, y, title_w, line_h)
            steps.append(CardText(box, side, line, font, QColor(colour)))
            y += line_h

        # facts line at the bottom
        metrics = look.facts_metrics
        height = look.facts_height
        x = left
        right = inner.right()
        top = inner.bottom() - height + 1
        for text, fact_colour, tag in self._fact_list(card, markers, look.dark, look.highlight):
            w = metrics.horizontalAdvance(text) + (10 if tag else 0)
            if x + w > right:
                break
            box = QRectF(x, top, w, height)
            if tag:
                steps.append(CardShape(box, NO_PEN, look.tag_brush(fact_colour), 4))
            steps.append(
                CardText(box, _CENTRE, text, look.facts_font, QColor(fact_colour or look.muted))
            )
            x += w + 8
        return tuple(steps)

    def _facts(
        self, card: BoardCard, markers: CardMarkers, palette: QPalette
    ) -> list[tuple[str, QColor | None, bool]]:
        """The facts line's texts, colours and whether each is a tag."""
        highlight = palette.color(QPalette.ColorRole.Highlight)
        return self._fact_list(card, markers, _is_dark(palette), highlight)

    def _fact_list(
        self, card: BoardCard, markers: CardMarkers, dark: bool, highlight: QColor
    ) -> list[tuple[str, QColor | None, bool]]:
        facts: list[tuple[str, QColor | None, bool]] = []
        if card.due_on:
            facts.append(
                (f"due {card.due_on:%d %b}", _date_colour(card.due_on, self.today, dark), False)
            )
        if card.needed_by:
            facts.append(
                (
                    f"answer by {card.needed_by:%d %b}",
                    _date_colour(card.needed_by, self.today, dark),
                    False,
                )
            )
        if card.estimate_minutes:
            facts.append((format_minutes(card.estimate_minutes), None, False))
        if markers.delegated:
            facts.append(("delegated", highlight, True))
        if markers.booked:
            facts.append(("booked this week", _BOOKED[dark], True))
        if card.requester and not markers.initials and not self.private:
            facts.append((f"from {one_line(card.requester, 30)}", None, False))
        return facts


SHORT_KEY = 400
_SELECTED = QStyle.StateFlag.State_Selected.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value


def _blend(a: QColor, b: QColor, amount: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


class CardLook(NamedTuple):
    """What the cards of one size, palette and font share (see ``CardPainter._look``)."""

    base: QColor
    highlight: QColor
    text_colour: QColor
    muted: QColor
    dark: bool
    check: CardShape
    inner: QRect
    font: QFont
    line_height: int
    chip: QRectF
    chip_shape: CardShape
    chip_font: QFont
    facts_font: QFont
    facts_metrics: QFontMetrics
    facts_height: int
    tag_brushes: dict[int, QBrush]

    def tag_brush(self, colour: QColor | None) -> QBrush:
        """The fill behind a tag of ``colour`` (the highlight's when None)."""
        colour = colour or self.highlight
        brush = self.tag_brushes.get(colour.rgba())
        if brush is None:
            brush = self.tag_brushes[colour.rgba()] = QBrush(_blend(self.base, colour, 0.18))
        return brush


class CardShape(NamedTuple):
    """An ellipse (``radius`` 0) or a rounded rectangle of a card's plan."""

    rect: QRectF
    pen: QPen
    brush: QBrush
    radius: float


class CardText(NamedTuple):
    """A line of text of a card's plan, placed as ``QPainter.drawText(box, flags, text)``
    places it."""

    box: QRectF
    flags: int
    text: str
    font: QFont
    colour: QColor


CardPlan = tuple[CardShape | CardText, ...]
CHIP_WIDTH = 24
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
NO_PEN = QPen(Qt.PenStyle.NoPen)
NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)


def _text_in(
    box: QRectF, align: Qt.AlignmentFlag, text: str, font: QFont, colour: QColor
) -> CardText:
    """``text`` drawn in ``box`` with ``align``, in ``font`` and ``colour``."""
    return CardText(box, int(align), text, font, QColor(colour))
