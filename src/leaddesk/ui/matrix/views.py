"""The card list of one quadrant and the framed panel around it (header, count, empty text).

Keyboard: the view turns keys into requests (move to a quadrant, reorder, complete, edit,
let go) that the area carries out as undoable commands, so the board works without a mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QDropEvent, QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Quadrant
from ..task_mime import decode_task_ids
from .card_painter import CardPainter
from .model import QuadrantModel

# Alt+digit moves the selected cards; the digit is the quadrant's place on the board.
MOVE_KEYS: dict[Qt.Key, Quadrant] = {
    Qt.Key.Key_0: Quadrant.INBOX,
    Qt.Key.Key_1: Quadrant.DO,
    Qt.Key.Key_2: Quadrant.SCHEDULE,
    Qt.Key.Key_3: Quadrant.DELEGATE,
    Qt.Key.Key_4: Quadrant.DELETE,
}
SHORTCUT_OF: dict[Quadrant, str] = {
    q: f"Alt+{k.value - Qt.Key.Key_0.value}" for k, q in MOVE_KEYS.items()
}
HELP_LINE = (
    "Keys: Alt+1–4 move to Do / Schedule / Delegate / Delete · Alt+0 back to Inbox · "
    "Alt+↑/↓ reorder · Space complete · Enter edit · Delete let go · Ctrl+Z undo"
)

EMPTY_TEXT: dict[Quadrant, str] = {
    Quadrant.INBOX: "Inbox zero.\nPress Ctrl+N to capture a request or an idea; "
    "sort it into a quadrant later.",
    Quadrant.DO: "Nothing urgent and important.\nDrag a card here, or select it and press Alt+1.",
    Quadrant.SCHEDULE: "Important, not urgent: the long-term work.\n"
    "Drag it here (Alt+2), then book time for it in the week.",
    Quadrant.DELEGATE: "Urgent but not important for you?\n"
    "Drop it here (Alt+3) and hand it to the team.",
    Quadrant.DELETE: "Neither urgent nor important.\n"
    "Park it here (Alt+4), then let it go with Delete.",
}


class CardListView(QListView):
    """The cards of one quadrant: extended selection, drag and drop, keyboard actions."""

    move_requested = Signal(object)  # Quadrant
    reorder_requested = Signal(int)  # -1 up, +1 down
    complete_requested = Signal()
    edit_requested = Signal()
    let_go_requested = Signal()

    def __init__(self, model: QuadrantModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quadrant = model.quadrant
        self.empty_text = EMPTY_TEXT[model.quadrant]
        self.card_painter = CardPainter(self)
        self.setModel(model)
        self.setItemDelegate(self.card_painter)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAccessibleName(f"{model.quadrant.label} cards")
        self.setAccessibleDescription(model.quadrant.axes)
        self.setToolTip(
            f"{model.quadrant.label}: {model.quadrant.axes}. "
            f"Move selected cards here with {SHORTCUT_OF[model.quadrant]}."
        )
        self.doubleClicked.connect(self._on_double_clicked)

    def quadrant_model(self) -> QuadrantModel:
        model = self.model()
        assert isinstance(model, QuadrantModel)
        return model

    def selected_ids(self) -> list[int]:
        """Selected task ids in board order."""
        model = self.quadrant_model()
        rows = sorted(i.row() for i in self.selectionModel().selectedRows())
        return [model.card(r).id for r in rows]

    def select_ids(self, task_ids: list[int], current_row_fallback: int = -1) -> None:
        """Select the cards with these ids (after a refresh), else the row given."""
        model = self.quadrant_model()
        selection = self.selectionModel()
        selection.clearSelection()
        rows = {tid: r for r, tid in enumerate(model.task_ids())}
        chosen = [rows[t] for t in task_ids if t in rows]
        if not chosen and model.rowCount() and current_row_fallback >= 0:
            chosen = [min(current_row_fallback, model.rowCount() - 1)]
        flags = selection.SelectionFlag.Select
        for row in chosen:
            selection.select(model.index(row, 0), flags)
        if chosen:
            selection.setCurrentIndex(model.index(chosen[0], 0), selection.SelectionFlag.NoUpdate)
            self.scrollTo(model.index(chosen[0], 0))

    # -- keyboard --------------------------------------------------------------------
    def focusInEvent(self, event: QFocusEvent) -> None:
        """Entering the list from the keyboard selects its current card (else the first),
        so Alt+1..4, Space and Delete act at once instead of silently doing nothing."""
        super().focusInEvent(event)
        if event.reason() == Qt.FocusReason.MouseFocusReason:
            return  # the click selects what it hits
        model = self.model()
        selection = self.selectionModel()
        if model is None or selection is None or not model.rowCount():
            return
        if selection.selectedRows():
            return
        current = self.currentIndex()
        if not current.isValid():
            current = model.index(0, 0)
        selection.setCurrentIndex(current, selection.SelectionFlag.ClearAndSelect)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        mods = event.modifiers()
        alt = mods & Qt.KeyboardModifier.AltModifier
        plain = not (mods & ~Qt.KeyboardModifier.KeypadModifier)
        if alt and key in MOVE_KEYS:
            self.move_requested.emit(MOVE_KEYS[key])
        elif alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.reorder_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
        elif plain and key == Qt.Key.Key_Space:
            self.complete_requested.emit()
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_requested.emit()
        elif plain and key == Qt.Key.Key_Delete:
            self.let_go_requested.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_requested.emit()

    # -- drop ------------------------------------------------------------------------
    def drop_row_at(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` lands before (-1: at the end)."""
        index = self.indexAt(pos)
        if not index.isValid():
            return -1
        rect = self.visualRect(index)
        return index.row() + (1 if pos.y() > rect.center().y() else 0)

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand every drop to the model (which pushes one undo command).

        The drop action is reported as a copy so the dragging view never removes rows
        itself: the board refreshes from the vault after the move is saved.
        """
        row = self.drop_row_at(event.position().toPoint())
        model = self.quadrant_model()
        if model.dropMimeData(event.mimeData(), Qt.DropAction.MoveAction, row, 0, QModelIndex()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.select_ids(decode_task_ids(event.mimeData()))  # the dropped cards, selected
        else:
            event.ignore()
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()

    # -- empty state -----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is None or model.rowCount() > 0 or not self.empty_text:
            return
        painter = QPainter(self.viewport())
        colour = self.palette().color(QPalette.ColorRole.Text)
        colour.setAlpha(140)
        painter.setPen(colour)
        area = self.viewport().rect().adjusted(16, 12, -16, -12)
        painter.drawText(
            QRect(area),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            self.empty_text,
        )
        painter.end()


class QuadrantPanel(QFrame):
    """A quadrant (or the Inbox) on the board: header with action, axes and count, then cards."""

    def __init__(self, model: QuadrantModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        quadrant = model.quadrant
        self.quadrant = quadrant
        self.setObjectName(f"quadrant-{quadrant.value}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setProperty("quadrant", quadrant.value)
        # Every child is made with its final parent: adding a parentless widget to a layout
        # re-parents it afterwards, which walks it again for font, palette and style.
        self.title_label = QLabel(quadrant.label, self)
        bold = self.title_label.font()  # plain text in bold: "<b>…</b>" made a rich-text
        # label, laid out and painted through a QTextDocument (the same pixels, ~3x the cost)
        bold.setBold(True)
        self.title_label.setFont(bold)
        self.axes_label = QLabel(quadrant.axes, self)
        self.axes_label.setEnabled(False)  # muted text from the palette
        self.count_label = QLabel("0", self)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setAccessibleName(f"{quadrant.label} count")
        shortcut = QLabel(SHORTCUT_OF[quadrant], self)
        shortcut.setEnabled(False)
        shortcut.setToolTip(f"Select cards and press {SHORTCUT_OF[quadrant]} to move them here")
        header = QHBoxLayout()
        header.setContentsMargins(8, 6, 8, 2)
        header.setSpacing(8)
        header.addWidget(self.title_label)
        header.addWidget(self.axes_label, 1)
        header.addWidget(shortcut)
        header.addWidget(self.count_label)
        self.view = CardListView(model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)

    def set_count(self, shown: int, total: int) -> None:
        self.count_label.setText(str(total) if shown == total else f"{shown} of {total}")


class VerticalLabel(QLabel):
    """An axis label written bottom-to-top beside a row of quadrants."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.translate(0, self.height())
        painter.rotate(-90)
        painter.drawText(
            QRect(0, 0, self.height(), self.width()),
            int(Qt.AlignmentFlag.AlignCenter),
            self.text(),
        )
        painter.end()

    def minimumSizeHint(self):  # type: ignore[no-untyped-def]
        size = super().minimumSizeHint()
        return size.transposed()

    def sizeHint(self):  # type: ignore[no-untyped-def]
        size = super().sizeHint()
        return size.transposed()
