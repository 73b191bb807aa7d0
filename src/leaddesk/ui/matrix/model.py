"""Item models of the board: one list model per quadrant (and the Inbox), plus a plain list
model for the Done and Let-go lists.

Thin adapters over the service's ``BoardCard`` rows. Drag and drop lives here: cards travel
as ``application/x-leaddesk-task-ids`` (comma-separated ids, ASCII) with the titles as
``text/plain`` fallback, and a drop pushes one undoable move command for all dropped cards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)

from ...domain.model import Quadrant, Task
from ...services.tasks import BoardCard, TaskService
from ..roles import MARKERS_ROLE, OBJECT_ROLE, TASK_ID_ROLE
from ..task_mime import TASK_IDS_MIME, decode_task_ids, encode_task_ids
from ..undo import Operation
from .commands import MoveTasksCommand

CARD_ROLE = OBJECT_ROLE  # the BoardCard (or Task) of a row; MARKERS_ROLE: its CardMarkers

SHORT_TITLE = 300  # the most of a title the card or its tooltip ever needs
PATCH_LIMIT = 64  # rows removed + inserted above which a model reset is cheaper
# Under the privacy screen a card names neither its task nor a colleague (issue 15).
PRIVATE_CARD_TEXT = "Task (hidden)"
PRIVATE_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole,
)


def set_model_private(model: QAbstractItemModel, on: bool) -> None:
    """Switch a card or task model's privacy screen and repaint every row."""
    if getattr(model, "private", None) == on:
        return
    model.private = on  # type: ignore[attr-defined]
    rows = model.rowCount()
    if rows:
        model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, 0))


Index = QModelIndex | QPersistentModelIndex


def one_line(title: str, limit: int = SHORT_TITLE) -> str:
    """A title flattened for a single line: newlines and runs of spaces become one space."""
    return " ".join(title[: limit * 2].split())[:limit]


@dataclass(frozen=True)
class CardMarkers:
    """What a card shows besides its title (resolved once per refresh, not per paint)."""

    initials: str = ""
    person_name: str = ""
    delegated: bool = False
    booked: bool = False


@dataclass
class BoardLookups:
    """Shared per refresh by all quadrant models: people and marker sets."""

    people: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (initials, name)
    delegated_ids: frozenset[int] = frozenset()
    booked_ids: frozenset[int] = frozenset()
    today: date | None = None

    def markers(self, card: BoardCard) -> CardMarkers:
        initials, name = self.people.get(card.person_id or -1, ("", ""))
        return CardMarkers(
            initials, name, card.id in self.delegated_ids, card.id in self.booked_ids
        )


class QuadrantModel(QStringListModel):
    """The cards of one quadrant (or the Inbox), in board order.

    Qt answers the row count, not Python: a ``QListView`` asks the model for an index of
    every row each time it lays itself out (``QListViewPrivate::isHidden``), and a
    ``QAbstractListModel`` answers each through its ``rowCount``, a call into Python: ~4,000
    of them, ~6 ms, to show the board's 2,000 cards (issue 18). So the model is a
    ``QStringListModel`` whose list holds one empty string per card, kept as long as the
    cards by :meth:`set_cards` and refused to anyone else (a drag cannot remove rows, an
    editor cannot write them); :meth:`data` gives everything shown, as before.
    """

    # task ids moved into this quadrant from elsewhere (the Delegate offer listens)
    moved_in = Signal(object, list)

    def __init__(
        self,
        quadrant: Quadrant,
        tasks: Callable[[], TaskService],
        push: Callable[[Operation], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.quadrant = quadrant
        self._tasks = tasks
        self._push = push
        self._cards: list[BoardCard] = []
        self._incoming: list[BoardCard] | None = None  # see _take_incoming
        self._lookups = BoardLookups()
        self.private = False  # privacy screen: see PRIVATE_ROLES
        self.last_came_from: dict[int, Quadrant] = {}  # the last move's origins, by task
        for done in (self.rowsRemoved, self.rowsInserted, self.modelReset):
            done.connect(self._take_incoming)

    # -- content ---------------------------------------------------------------------
    def set_cards(self, cards: Sequence[BoardCard], lookups: BoardLookups) -> bool:
        """Show these cards; returns False (and keeps views untouched: no repaint, no lost
        scroll position) when nothing this quadrant shows has changed.

        When only a stretch of rows differs (a card moved in or out, one edited) just that
        stretch is removed and inserted, so the view keeps its scroll position and selection
        and repaints only what moved; anything bigger resets the model.
        """
        cards = list(cards)
        if lookups != self._lookups:
            self._reset(cards, lookups)
            return True
        old = self._cards
        if cards == old:
            return False
        start = 0
        limit = min(len(old), len(cards))
        while start < limit and old[start] == cards[start]:
            start += 1
        end_old, end_new = len(old), len(cards)
        while end_old > start and end_new > start and old[end_old - 1] == cards[end_new - 1]:
            end_old -= 1
            end_new -= 1
        if (end_old - start) + (end_new - start) > PATCH_LIMIT:
            self._reset(cards, lookups)
            return True
        if end_old > start:
            self._incoming = old[:start] + old[end_old:]
            QStringListModel.removeRows(self, start, end_old - start, QModelIndex())
        if end_new > start:
            self._incoming = cards
            QStringListModel.insertRows(self, start, end_new - start, QModelIndex())
        self._cards = cards
        return True

    def _reset(self, cards: list[BoardCard], lookups: BoardLookups) -> None:
        self._incoming = cards
        self._lookups = lookups  # markers are resolved per painted card, not per refresh
        self.setStringList([""] * len(cards))  # the model's reset, with the new row count

    def _take_incoming(self, *_changed: object) -> None:
        """The list's rows have just changed: from now on :meth:`data` answers from the new
        cards. Connected before any view, so a view hears "about to change" with the old
        cards and "changed" with the new ones, as ``begin…``/``end…`` pairs gave."""
        if self._incoming is not None:
            self._cards, self._incoming = self._incoming, None

    def clear(self) -> None:
        self._reset([], BoardLookups())

    def card(self, row: int) -> BoardCard:
        return self._cards[row]

    def task_ids(self) -> list[int]:
        return [c.id for c in self._cards]

    def row_of(self, task_id: int) -> int:
        for row, card in enumerate(self._cards):
            if card.id == task_id:
                return row
        return -1

    # -- Qt model API ----------------------------------------------------------------
    # rowCount: QStringListModel's, in C++ (see the class docstring).

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if self.private and role in PRIVATE_ROLES:
            return PRIVATE_CARD_TEXT  # the privacy screen: no title, requester or name
        if role == Qt.ItemDataRole.DisplayRole:
            return one_line(card.title)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._describe(card, self._lookups.markers(card))
        if role == CARD_ROLE:
            return card
        if role == TASK_ID_ROLE:
            return card.id
        if role == MARKERS_ROLE:
            return self._lookups.markers(card)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # What a QAbstractListModel does (refuse, or ask data()), not QStringListModel's edits of
    # its list: the rows follow the cards, changed by set_cards only.
    def itemData(self, index: Index) -> dict[int, Any]:
        found = {}
        for role in range(Qt.ItemDataRole.UserRole):
            value = self.data(index, role)
            if value is not None:
                found[role] = value
        return found

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return False

    def setItemData(self, index: Index, roles: dict[int, Any]) -> bool:
        return False

    def clearItemData(self, index: Index) -> bool:
        return False

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return False

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return False

    def moveRows(self, source: Index, row: int, count: int, destination: Index, child: int) -> bool:
        return False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        return None

    # -- drag and drop ---------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        # Copy too: the week view books a dragged card into a time slot as a copy
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [TASK_IDS_MIME, "text/plain"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        cards = [self._cards[r] for r in rows]
        mime = QMimeData()
        mime.setData(TASK_IDS_MIME, encode_task_ids([c.id for c in cards]))
        if not self.private:  # the plain-text fallback would carry titles off the screen
            mime.setText("\n".join(one_line(c.title) for c in cards))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return action != Qt.DropAction.IgnoreAction and bool(decode_task_ids(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dropped cards before ``row`` (or to the end): one undo step."""
        ids = decode_task_ids(data)
        if action == Qt.DropAction.IgnoreAction or not ids:
            return False
        if parent.isValid():
            row = parent.row()
        return self.move_cards_before_row(ids, row)

    def move_cards_before_row(self, task_ids: Sequence[int], row: int) -> bool:
        """Shared by drops and keyboard moves: push the move unless it changes nothing."""
        current = self.task_ids()
        if not 0 <= row < len(current):
            row = len(current)
        # the first card at or after ``row`` that is not itself moving is the anchor
        before_id = next((i for i in current[row:] if i not in task_ids), None)
        others = [i for i in current if i not in task_ids]
        at = len(others) if before_id is None else others.index(before_id)
        if set(task_ids) <= set(current) and others[:at] + list(task_ids) + others[at:] == current:
            return False  # dropped where it already is
        command = MoveTasksCommand(self._tasks(), task_ids, self.quadrant, before_id=before_id)
        if not self._push(command):
            return False
        arrived = [tid for tid, q in command.came_from.items() if q != self.quadrant]
        self.last_came_from = {t: q for t, q in command.came_from.items() if t in arrived}
        if arrived:
            self.moved_in.emit(self.quadrant, arrived)
        return True

    # -- helpers ---------------------------------------------------------------------
    @staticmethod
    def _describe(card: BoardCard, markers: CardMarkers) -> str:
        parts = [one_line(card.title, 1000)]
        if markers.person_name:
            parts.append(f"Person: {markers.person_name}")
        if card.requester:
            parts.append(f"Requested by {card.requester}")
        if card.needed_by:
            parts.append(f"Answer needed by {card.needed_by:%a %d %b %Y}")
        if card.due_on:
            parts.append(f"Due {card.due_on:%a %d %b %Y}")
        if card.estimate_minutes:
            parts.append(f"Estimate {format_minutes(card.estimate_minutes)}")
        if markers.delegated:
            parts.append("Delegated")
        if markers.booked:
            parts.append("Booked this week")
        if card.only_i_can:
            parts.append("Only I can do this")
        return "\n".join(parts)


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest:02d}"


class TaskListModel(QAbstractListModel):
    """A read-only list of finished or let-go tasks (the Done and Let-go lists)."""

    def __init__(self, when: Callable[[Task], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._when = when
        self._tasks: list[Task] = []
        self.private = False  # privacy screen: see PRIVATE_ROLES

    def set_tasks(self, tasks: Sequence[Task]) -> None:
        self.beginResetModel()
        self._tasks = list(tasks)
        self.endResetModel()

    def clear(self) -> None:
        self.set_tasks([])

    def task_id(self, row: int) -> int:
        assert self._tasks[row].id is not None
        return self._tasks[row].id

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tasks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tasks):
            return None
        task = self._tasks[index.row()]
        if self.private and role in PRIVATE_ROLES:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{self._when(task)}  ·  {PRIVATE_CARD_TEXT}"
            return PRIVATE_CARD_TEXT
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{self._when(task)}  ·  {one_line(task.title, 200)}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return one_line(task.title, 1000)
        if role == CARD_ROLE:
            return task
        if role == TASK_ID_ROLE:
            return task.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
