"""Small shared widgets of the people area: rich-text list delegate, Markdown view, a label
that shortens with an ellipsis."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPaintEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from ..roles import HTML_ROLE

_WORD = re.compile(r"\w+", re.UNICODE)


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" when the layout has less room than it needs,
    instead of widening the layout (``text()`` stays the whole text)."""

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, room.width()
        )
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            room,
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


class HtmlDelegate(QStyledItemDelegate):
    """Paints an item's HTML_ROLE rich text (search hits with highlighted words)."""

    LINES = 3

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        html = index.data(HTML_ROLE) or ""
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setHtml(html)
        doc.setTextWidth(opt.rect.width() - 8)
        painter.save()
        painter.translate(opt.rect.left() + 4, opt.rect.top() + 2)
        clip = QRectF(0, 0, opt.rect.width() - 8, opt.rect.height() - 4)
        painter.setClipRect(clip)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if opt.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(ctx.palette.ColorRole.Text, opt.palette.highlightedText().color())
        ctx.clip = clip
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = option.fontMetrics.lineSpacing() * self.LINES + 10
        return QSize(200, height)


class MarkdownView(QTextBrowser):
    """A read-only rendered Markdown note; links open nowhere (no network, no leaks)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)

    def show_markdown(self, text: str) -> None:
        self.setExtraSelections([])
        if len(text) > 200_000:
            # Very long notes: rendering Markdown of megabytes stalls the UI; show plain.
            self.setPlainText(text)
        else:
            self.setMarkdown(text)

    def highlight_words(self, query: str, limit: int = 200) -> int:
        """Mark the searched words (case-insensitive) so a jump from search shows them."""
        selections: list[QTextEdit.ExtraSelection] = []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe08a"))
        fmt.setForeground(QColor("#000000"))
        doc = self.document()
        for word in {w.lower() for w in _WORD.findall(query or "")}:
            cursor = QTextCursor(doc)
            while len(selections) < limit:
                cursor = doc.find(word, cursor)
                if cursor.isNull():
                    break
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cursor  # type: ignore[misc]
                sel.format = fmt  # type: ignore[misc]
                selections.append(sel)
        self.setExtraSelections(selections)
        if selections:
            self.setTextCursor(selections[0].cursor)  # type: ignore[arg-type]
            self.ensureCursorVisible()
        return len(selections)
