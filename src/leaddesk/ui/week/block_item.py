"""How one block of the week grid is painted: the block item (colour, title, times, outcome
mark, tooltip) and the shared fonts, pens and colours it draws with.

A block is painted once into a pixmap kept by its :class:`BlockStyle`, under a key of
everything the painting shows (title, kind, wall-clock times, length, marks, size, the
sub-pixel offset): a week switch or a moved neighbour then blits, and blocks that look the
same in the same place (this week's and last week's Monday stand-up, a week shown again)
share one pixmap. The pixels are those painting the item directly gives.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Hashable
from datetime import tzinfo

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from ...domain.capacity import format_minutes
from ...domain.model import BlockOutcome, TimeBlock
from ...domain.week import real_minutes
from ...services.blocks import BlockRow
from .colors import KIND_COLORS, KIND_PATTERNS, KIND_TAGS, tint

Block = TimeBlock | BlockRow  # a record (tests, editors) or a row as the week view reads it
# Painted blocks kept per style, by their bytes: two weeks' worth of a full calendar
# (going back and forth between two weeks blits both). A count was not enough: at 100
# pixmaps, two weeks of 78 blocks (40 of them subscribed meetings) pushed each other out and
# every switch painted every block again (issue 18). Small blocks (a 30-minute meeting is
# ~6 KB at a laptop's size) fit by the hundreds; Qt's own item cache held the shown week's
# in its 10 MB pixmap cache.
PIXMAP_BYTES_KEPT = 4 * 1024 * 1024

OUTCOME_MARKS = {
    BlockOutcome.DONE: "✓",
    BlockOutcome.PARTLY_DONE: "½",
    BlockOutcome.SKIPPED: "–",
    BlockOutcome.DERAILED: "✗",
}


class BlockItem(QGraphicsRectItem):
    """One block, painted with its kind colour, title, times and outcome mark."""

    def __init__(
        self, block: Block, tz: tzinfo, recurring: bool, style: BlockStyle | None = None
    ) -> None:
        super().__init__()
        self.style = style
        self.block = block
        self.tz = tz
        self.recurring = recurring
        self.privacy = False  # privacy screen: the kind stands in for the title
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)
        # Painted once, then blitted from the style's pixmaps (see the module docstring):
        # a change elsewhere in the week (a moved neighbour, a new selection, another week
        # with blocks that look the same) repaints this block without laying out text.

    # The tooltip is written when the pointer arrives, not for every block of every week
    # shown (describe() for 38 blocks was ~1.5 ms of a week switch). Python callers (tests,
    # accessibility) get the current description from toolTip().
    def hoverEnterEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        QGraphicsRectItem.setToolTip(self, self.describe())
        super().hoverEnterEvent(event)

    def toolTip(self) -> str:  # Qt's name: the description, always current
        return self.describe()

    def _forget_tooltip(self) -> None:
        QGraphicsRectItem.setToolTip(self, "")  # rewritten (privacy-aware) on the next hover

    def set_privacy(self, on: bool) -> None:
        """Under the privacy screen paint, tell and tooltip only the kind and time: titles
        name people and private matters ("1:1 Anna — performance")."""
        if on != self.privacy:
            self.privacy = on
            self._forget_tooltip()
            self.update()

    def shown_title(self) -> str:
        """The title as painted: the first line, or the kind under the privacy screen."""
        if self.privacy:
            return self.block.kind.label
        return self.block.title.splitlines()[0] if self.block.title else ""

    @staticmethod
    def _looks(block: Block, recurring: bool) -> tuple[object, ...]:
        """Everything the painting and the tooltip depend on (records compare by identity)."""
        return (
            block.title,
            block.kind,
            block.start,
            block.end,
            block.protected,
            block.read_only,
            block.outcome,
            block.outcome_reason,
            recurring,
        )

    def show_block(self, block: Block, recurring: bool, tz: tzinfo) -> None:
        """Show ``block`` in this item: a newer version of the same record, or (reusing
        the item) another block. Repaints only when something drawn changed."""
        if block.id != self.block.id:
            self.setSelected(False)
        unchanged = tz == self.tz and self._looks(block, recurring) == self._looks(
            self.block, self.recurring
        )
        self.block = block
        if unchanged:
            return
        self.recurring = recurring
        self.tz = tz
        self._forget_tooltip()
        self.update()

    @property
    def block_id(self) -> int:
        assert self.block.id is not None
        return self.block.id

    def describe(self) -> str:
        """What a screen reader or tooltip says about the block."""
        b = self.block
        start = b.start.astimezone(self.tz)
        end = b.end.astimezone(self.tz)
        parts = [
            "" if self.privacy else (b.title.splitlines()[0][:200] if b.title else ""),
            b.kind.label,
            f"{start:%a %H:%M}–{end:%H:%M} ({format_minutes(b.minutes)})",
        ]
        if b.protected:
            parts.append("protected")
        if self.recurring:
            parts.append("repeats")
        if b.read_only:
            parts.append("imported, read-only")
        if b.outcome is not BlockOutcome.PLANNED:
            parts.append(b.outcome.value.replace("_", " "))
        return ", ".join(p for p in parts if p)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        style = self.style
        rect = self.rect()
        transform = painter.worldTransform()
        if (
            style is None
            or transform.type().value > QTransform.TransformationType.TxTranslate.value
        ):
            # no shared style (an item on its own) or a scaled view: paint directly
            style = style or BlockStyle(widget.palette() if widget else QPalette(), QFont())
            self._paint_block(painter, rect, style)
            return
        # Where the item's bounds (the rectangle and half a pixel of pen around it) land on
        # the device: whole pixels, plus a fraction that is part of the key (the same block
        # a whole pixel further is the same pixmap).
        x, y = transform.dx() + rect.x() - 0.5, transform.dy() + rect.y() - 0.5
        fx, fy = round(x - math.floor(x), 3), round(y - math.floor(y), 3)
        # the pixmap's top left in item coordinates (a whole device pixel), one pixel out
        # of the bounds as Qt's own item cache had it (the selection pen reaches there)
        left, top = math.floor(x) - 1 - transform.dx(), math.floor(y) - 1 - transform.dy()
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        key = (
            self._paint_key(),
            self.isSelected(),
            rect.width(),
            rect.height(),
            fx,
            fy,
            ratio,
            # a hatch is anchored at the item origin, so its phase is part of the look
            (round(-left % 8, 3), round(-top % 8, 3)) if self.block.kind in KIND_PATTERNS else None,
        )
        pixmap = style.pixmap(key)
        if pixmap is None:
            width = math.ceil(fx + rect.width() + 1) + 2
            height = math.ceil(fy + rect.height() + 1) + 2
            pixmap = QPixmap(max(1, math.ceil(width * ratio)), max(1, math.ceil(height * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            inner = QPainter(pixmap)
            inner.setRenderHints(painter.renderHints())
            # item coordinates, as painting directly has them
            inner.translate(-left, -top)
            self._paint_block(inner, rect, style)
            inner.end()
            style.keep(key, pixmap)
        painter.drawPixmap(QPointF(left, top), pixmap)

    def _paint_key(self) -> Hashable:
        """Everything :meth:`_paint_block` draws of the block (size and selection apart)."""
        b = self.block
        start = b.start.astimezone(self.tz)
        end = b.end.astimezone(self.tz)
        return (
            self.shown_title(),
            b.kind,
            start.hour,
            start.minute,
            end.hour,
            end.minute,
            b.minutes,
            b.protected,
            b.read_only,
            b.outcome,
            "" if self.privacy else b.outcome_reason,
            self.recurring,
        )

    def _paint_block(self, painter: QPainter, area: QRectF, style: BlockStyle) -> None:
        # Plain rectangles and cached fonts: painting 50 blocks must stay well under the
        # week-switch budget (antialiased rounded paths cost ~0.4 ms each offscreen).
        b = self.block
        rect = area.adjusted(0, 0, -1, -1)
        kind = style.kind_colors[b.kind]
        fill = QColor(style.fills[b.kind])
        if b.outcome is BlockOutcome.SKIPPED:
            fill.setAlpha(120)
        painter.fillRect(rect, fill)
        pattern = KIND_PATTERNS.get(b.kind)
        if pattern is not None:
            painter.fillRect(rect, style.hatches[b.kind])
        painter.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), kind)
        if self.isSelected():
            painter.setPen(style.selected_pen)
        elif b.read_only:
            painter.setPen(style.dashed_pens[b.kind])
        else:
            painter.setPen(style.border_pens[b.kind])
        painter.drawRect(rect)

        font, metrics = style.font, style.metrics
        painter.setFont(font)
        painter.setPen(style.text)
        inner = rect.adjusted(7, 2, -3, -1)
        marks = []
        if b.outcome in OUTCOME_MARKS:
            marks.append(OUTCOME_MARKS[b.outcome])
        if self.recurring:
            marks.append("↻")
        if rect.width() < 48:
            marks = []  # too narrow: the tooltip and accessible text still tell
        mark_text = " ".join(marks)
        title_width = inner.width() - (metrics.horizontalAdvance(mark_text) + 4 if marks else 0)
        show_lock = b.protected and rect.width() >= 60
        if show_lock:
            title_width -= 12
        start = b.start.astimezone(self.tz)
        end = b.end.astimezone(self.tz)
        title = self.shown_title()
        line_height = metrics.height()
        if inner.height() < line_height * 2:
            # short block: one line, title then time
            text = metrics.elidedText(
                f"{title}  {start:%H:%M}", Qt.TextElideMode.ElideRight, int(max(0, title_width))
            )
            painter.drawText(QRectF(inner.left(), inner.top(), title_width, line_height), text)
        else:
            painter.setFont(style.bold)
            lines = max(1, int((inner.height() - line_height) // line_height))
            wrapped = _wrap(title, style.bold_metrics, int(max(0, title_width)), min(lines, 3))
            y = inner.top()
            for line in wrapped:
                painter.drawText(QRectF(inner.left(), y, title_width, line_height), line)
                y += line_height
            painter.setFont(font)
            painter.setPen(style.muted)
            if y + line_height <= inner.bottom() + 2:
                time_text = f"{start:%H:%M}–{end:%H:%M} · {format_minutes(b.minutes)}"
                painter.drawText(
                    QRectF(inner.left(), y, inner.width(), line_height),
                    metrics.elidedText(time_text, Qt.TextElideMode.ElideRight, int(inner.width())),
                )
                y += line_height
            if b.outcome_reason and not self.privacy and y + line_height <= inner.bottom() + 2:
                painter.drawText(
                    QRectF(inner.left(), y, inner.width(), line_height),
                    metrics.elidedText(
                        b.outcome_reason, Qt.TextElideMode.ElideRight, int(inner.width())
                    ),
                )
        painter.setPen(style.text)
        right = inner.right()
        if marks:
            width = metrics.horizontalAdvance(mark_text)
            painter.drawText(QRectF(right - width, inner.top(), width + 2, line_height), mark_text)
            right -= width + 4
        if show_lock:
            # the kind's tag colour: darker on a light fill, lighter on a dark one
            _draw_lock(painter, QPointF(right - 9, inner.top() + 2), style.tag_colors[b.kind])
        if rect.width() > 40 and inner.height() >= line_height * 2:
            tag = KIND_TAGS[b.kind]
            painter.setFont(style.tag_font)
            width = style.tag_metrics.horizontalAdvance(tag)
            height = style.tag_metrics.height()
            painter.setPen(style.tag_colors[b.kind])
            painter.drawText(
                QRectF(inner.right() - width - 1, inner.bottom() - height, width + 2, height), tag
            )


class BlockStyle:
    """Fonts, metrics, pens and colours shared by every block item (built once per week),
    and the pixmaps of blocks painted with them (a palette or font change makes a new
    style, so old pixmaps are never shown in new colours)."""

    def __init__(self, palette: QPalette, base_font: QFont) -> None:
        self._pixmaps: OrderedDict[Hashable, QPixmap] = OrderedDict()
        self._bytes = 0  # of the pixmaps kept
        base = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.muted = QColor(self.text)
        self.muted.setAlpha(190)
        self.font = QFont(base_font)
        self.font.setPointSizeF(max(7.5, base_font.pointSizeF() * 0.85))
        self.metrics = QFontMetrics(self.font)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.bold_metrics = QFontMetrics(self.bold)
        self.tag_font = QFont(self.font)
        self.tag_font.setPointSizeF(max(6.5, self.font.pointSizeF() * 0.8))
        self.tag_metrics = QFontMetrics(self.tag_font)
        self.selected_pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2.5)
        light = base.lightness() > 128
        self.kind_colors = {k: QColor(c) for k, c in KIND_COLORS.items()}
        self.fills = {k: tint(k, base) for k in KIND_COLORS}
        self.hatches = {}
        for kind, pattern in KIND_PATTERNS.items():
            hatch = QColor(self.kind_colors[kind])
            hatch.setAlpha(90)
            self.hatches[kind] = QBrush(hatch, pattern)
        self.border_pens = {k: QPen(c.darker(130), 1) for k, c in self.kind_colors.items()}
        self.dashed_pens = {}
        for kind, color in self.kind_colors.items():
            pen = QPen(color.darker(130), 1)
            pen.setStyle(Qt.PenStyle.DashLine)
            self.dashed_pens[kind] = pen
        self.tag_colors = {
            k: (c.darker(150) if light else c.lighter(130)) for k, c in self.kind_colors.items()
        }

    def pixmap(self, key: Hashable) -> QPixmap | None:
        """The block painted under ``key``, if kept (it becomes the most recent)."""
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
        return pixmap

    def keep(self, key: Hashable, pixmap: QPixmap) -> None:
        old = self._pixmaps.pop(key, None)
        if old is not None:
            self._bytes -= _bytes(old)
        self._pixmaps[key] = pixmap
        self._bytes += _bytes(pixmap)
        while self._bytes > PIXMAP_BYTES_KEPT and len(self._pixmaps) > 1:
            self._bytes -= _bytes(self._pixmaps.popitem(last=False)[1])

    @property
    def bytes_kept(self) -> int:
        return self._bytes

    @property
    def pixmaps_kept(self) -> int:
        return len(self._pixmaps)

    def forget_pixmaps(self) -> None:
        """Drop every painted block (on lock: they show titles)."""
        self._pixmaps.clear()
        self._bytes = 0


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4  # 32-bit pixels (device pixels: the ratio in)


def _wrap(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap into at most ``max_lines`` lines, eliding the last one."""
    if width <= 0:
        return []
    words = text.split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if metrics.horizontalAdvance(candidate) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines - 1:
            current = " ".join(words[index:])
            break
    if current:
        lines.append(current)
    lines = lines[:max_lines]
    # every line is elided: a single long word must not run under the marks on the right
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


def _draw_lock(painter: QPainter, top_left: QPointF, color: QColor) -> None:
    """A small padlock (protected focus time), drawn so it needs no emoji font."""
    painter.save()
    painter.setPen(QPen(color, 1.3))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    x, y = top_left.x(), top_left.y()
    painter.drawArc(QRectF(x + 1.5, y, 6, 7), 0, 180 * 16)
    painter.setBrush(color)
    painter.drawRoundedRect(QRectF(x, y + 4, 9, 7), 1.5, 1.5)
    painter.restore()


def real_length_text(block: Block) -> str:
    return format_minutes(real_minutes(block.start, block.end))
