"""Thin item models over the notes service's read models (checked with qtmodeltester).

Every model that carries note text has a ``privacy`` switch: while the privacy screen is on
it answers the placeholder instead of the text, so no view can show it by accident.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.cadence import describe_due, describe_since
from ...domain.model import ActionItem, ActionOwner, GoalStatus, GrowthGoal, NoteKind, Topic
from ...services.notes.cadence import PersonOverview
from ...services.notes.records import NoteSummary
from ...services.notes.search import HIT_END, HIT_START, SearchHit
from ..context import AppContext
from ..html_text import escape
from ..roles import HTML_ROLE, OBJECT_ROLE, SORT_ROLE
from .commands import EditGoalCommand, ResolveTopicCommand, TickActionCommand, perform_here

PRIVACY_PLACEHOLDER = "Hidden while the privacy screen is on"
OVERDUE_COLOR = QColor("#b3261e")

NOTE_KIND_LABELS = {
    NoteKind.ONE_ON_ONE: "One-on-one",
    NoteKind.OBSERVATION: "Observation",
    NoteKind.FEEDBACK_GIVEN: "Feedback given",
    NoteKind.FEEDBACK_RECEIVED: "Feedback received",
    NoteKind.PERSONAL: "Personal detail",
    NoteKind.GROWTH: "Growth",
    NoteKind.WIN: "Win",
    NoteKind.CONCERN: "Concern",
}
GOAL_STATUS_LABELS = {
    GoalStatus.NOT_STARTED: "Not started",
    GoalStatus.IN_PROGRESS: "In progress",
    GoalStatus.ACHIEVED: "Achieved",
    GoalStatus.DROPPED: "Dropped",
}

Index = QModelIndex | QPersistentModelIndex


def format_day(day: date | None) -> str:
    return "" if day is None else f"{day.day} {day.strftime('%b %Y')}"


_MARKUP = re.compile(r"(\*\*|__|`+|^#+\s*|(?<=\s)#+\s+)")


def plain_preview(text: str) -> str:
    """One line of note text with the loudest Markdown marks dropped (for lists)."""
    return _MARKUP.sub("", " ".join(text.split()))


def snippet_html(snippet: str) -> str:
    """Escape note text first, then turn the search markers into highlighting."""
    escaped = escape(plain_preview(snippet))
    return escaped.replace(HIT_START, '<b style="background:#ffe08a;color:#000">').replace(
        HIT_END, "</b>"
    )


def snippet_plain(snippet: str) -> str:
    return plain_preview(snippet.replace(HIT_START, "").replace(HIT_END, ""))


class _PrivacyMixin:
    privacy = False

    def set_privacy(self, on: bool) -> None:
        if on == self.privacy:
            return
        self.privacy = on
        model: Any = self
        rows, cols = model.rowCount(), len(getattr(self, "HEADERS", ("",)))
        if rows and cols:
            model.dataChanged.emit(model.index(0, 0), model.index(rows - 1, cols - 1))


# -- the people list ------------------------------------------------------------------------
class PeopleModel(_PrivacyMixin, QAbstractTableModel):
    NAME, ROLE, RELATIONSHIP, STARTED, CADENCE, LAST, NEXT = range(7)
    HEADERS = ("Name", "Role", "Relationship", "Started", "Cadence", "Last one-on-one", "Next due")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PersonOverview] = []

    def set_rows(self, rows: list[PersonOverview]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_of(self, person_id: int) -> int:
        for i, row in enumerate(self.rows):
            if row.person.id == person_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        person, cadence = row.person, row.cadence
        col = index.column()
        if role == OBJECT_ROLE:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if self.privacy and col in (self.NAME, self.ROLE):
                return "•••"  # the privacy screen: no colleague's name (issue 15)
            if col == self.NAME:
                return person.name + ("  (archived)" if person.archived else "")
            if col == self.ROLE:
                return person.role
            if col == self.RELATIONSHIP:
                return person.relationship.value.capitalize()
            if col == self.STARTED:
                return format_day(person.started_on)
            if col == self.CADENCE:
                return f"every {person.one_on_one_every_days} d · {person.one_on_one_minutes} min"
            if col == self.LAST:
                last = format_day(cadence.last_on)
                return f"{last} ({describe_since(cadence)})" if last else describe_since(cadence)
            if col == self.NEXT:
                if person.archived:
                    return "—"
                return f"{format_day(cadence.next_due_on)} ({describe_due(cadence)})"
        if role == SORT_ROLE:
            if col == self.NEXT:
                return cadence.next_due_on.toordinal()
            if col == self.LAST:
                return cadence.last_on.toordinal() if cadence.last_on else 0
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        overdue = cadence.is_overdue and not person.archived
        if role == Qt.ItemDataRole.ForegroundRole:
            if person.archived:
                return QBrush(QColor("#777777"))
            if overdue and col == self.NEXT:
                return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.FontRole and overdue and col in (self.NAME, self.NEXT):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and overdue:
            return f"One-on-one overdue by {cadence.overdue_days} days"
        return None


# -- the notes timeline (lazy) ------------------------------------------------------------------
class TimelineModel(_PrivacyMixin, QAbstractListModel):
    """A person's notes, newest first, fetched a page at a time (1,000 notes open fast)."""

    PAGE = 100

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: int | None = None
        self.rows: list[NoteSummary] = []
        self._exhausted = True

    def set_person(self, person_id: int | None) -> None:
        self.beginResetModel()
        self.person_id = person_id
        self.rows = []
        self._exhausted = person_id is None
        if person_id is not None:
            self.rows = self.ctx.services.notes.timeline_page(person_id, limit=self.PAGE)
            self._exhausted = len(self.rows) < self.PAGE
        self.endResetModel()

    def reload(self) -> None:
        """Re-read the loaded rows after a change; cheap in-place update when ids match."""
        if self.person_id is None:
            return
        wanted = max(len(self.rows), self.PAGE)
        fresh = self.ctx.services.notes.timeline_page(self.person_id, limit=wanted)
        if [r.id for r in fresh] == [r.id for r in self.rows]:
            self.rows = fresh
            if fresh:
                self.dataChanged.emit(self.index(0, 0), self.index(len(fresh) - 1, 0))
            return
        self.beginResetModel()
        self.rows = fresh
        self._exhausted = len(fresh) < wanted
        self.endResetModel()

    def clear(self) -> None:
        self.set_person(None)

    def show_saved(self, summary: NoteSummary) -> None:
        """A note's text was saved from this page: its row shows the new preview (no read);
        a note not loaded yet is left for its page."""
        row = self.row_of(summary.id)
        if row < 0:
            return
        self.rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, 0))

    def row_of(self, note_id: int) -> int:
        for i, row in enumerate(self.rows):
            if row.id == note_id:
                return i
        return -1

    def load_until(self, note_id: int) -> int:
        """Fetch pages until ``note_id`` is loaded (jumping to a search result)."""
        row = self.row_of(note_id)
        while row < 0 and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
            row = self.row_of(note_id)
        return row

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._exhausted or self.person_id is None:
            return
        last = self.rows[-1] if self.rows else None
        page = self.ctx.services.notes.timeline_page(
            self.person_id,
            after=(last.written_on, last.id) if last else None,
            limit=self.PAGE,
        )
        self._exhausted = len(page) < self.PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        note = self.rows[index.row()]
        if role == OBJECT_ROLE:
            return note
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            head = f"{format_day(note.written_on)} · {NOTE_KIND_LABELS[note.kind]}"
            if note.tone is not None:
                head += f" ({note.tone.value})"
            if self.privacy:
                return f"{head}\n{PRIVACY_PLACEHOLDER}"
            first = plain_preview(note.preview)[:160] or "(empty)"
            return f"{head}\n{first}"
        return None


# -- search results ---------------------------------------------------------------------------
class SearchModel(_PrivacyMixin, QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def _head(self, hit: SearchHit) -> str:
        return f"{hit.person_name} · {format_day(hit.written_on)} · {NOTE_KIND_LABELS[hit.kind]}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.hits)):
            return None
        hit = self.hits[index.row()]
        if role == OBJECT_ROLE:
            return hit
        text = PRIVACY_PLACEHOLDER if self.privacy else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{self._head(hit)}\n{text or snippet_plain(hit.snippet)}"
        if role == HTML_ROLE:
            body = escape(text) if text else snippet_html(hit.snippet)
            return f"<b>{escape(self._head(hit))}</b><br>{body}"
        return None


# -- action items and topics (checkable) ------------------------------------------------------
class ActionItemsModel(_PrivacyMixin, QAbstractListModel):
    """Open action items of one person, both ways; ticking pushes an undoable command."""

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[ActionItem] = []
        self.read_only = False
        # Set by the view that shows the result: a tick is then made as that view's own
        # write (not read back) and ``applied(item_id)`` updates the view.
        self.applied: Callable[[int], object] | None = None

    def set_items(self, items: list[ActionItem], read_only: bool = False) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.read_only = read_only
        self.endResetModel()

    def clear(self) -> None:
        self.set_items([])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self.read_only:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.items)):
            return None
        item = self.items[index.row()]
        if role == OBJECT_ROLE:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            who = "Mine" if item.owner is ActionOwner.MINE else "Theirs"
            text = PRIVACY_PLACEHOLDER if self.privacy else item.text
            extra = f"  · since {format_day(item.created_on)}" if item.created_on else ""
            if item.task_id is not None:
                extra += "  · in tasks"
            return f"{who}: {text}{extra}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if item.done_on else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or self.read_only:
            return False
        item = self.items[index.row()]
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        assert item.id is not None
        command = TickActionCommand(self.ctx.services, item.id, done)
        if self.applied is None:
            return self.ctx.push(command)
        if not perform_here(self.ctx, command, self):
            return False
        self.applied(item.id)  # the view shows the tick (made here: not read back)
        return True


class TopicsModel(_PrivacyMixin, QAbstractListModel):
    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.topics: list[Topic] = []
        self.read_only = False
        self.applied: Callable[[int], object] | None = None  # as ActionItemsModel's

    def set_topics(self, topics: list[Topic], read_only: bool = False) -> None:
        self.beginResetModel()
        self.topics = list(topics)
        self.read_only = read_only
        self.endResetModel()

    def clear(self) -> None:
        self.set_topics([])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.topics)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self.read_only:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.topics)):
            return None
        topic = self.topics[index.row()]
        if role == OBJECT_ROLE:
            return topic
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = PRIVACY_PLACEHOLDER if self.privacy else topic.text
            since = f"  · since {format_day(topic.created_on)}" if topic.created_on else ""
            return f"{text}{since}"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if topic.resolved_on else Qt.CheckState.Unchecked
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or self.read_only:
            return False
        topic = self.topics[index.row()]
        assert topic.id is not None
        resolved = Qt.CheckState(value) == Qt.CheckState.Checked
        command = ResolveTopicCommand(self.ctx.services, topic.id, resolved)
        if self.applied is None:
            return self.ctx.push(command)
        if not perform_here(self.ctx, command, self):
            return False
        self.applied(topic.id)
        return True


# -- growth goals -----------------------------------------------------------------------------
class GoalsModel(_PrivacyMixin, QAbstractTableModel):
    GOAL, NEXT_STEP, TARGET, STATUS = range(4)
    HEADERS = ("Goal", "Next step", "Timeline", "Status")

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.goals: list[GrowthGoal] = []
        self.read_only = False
        self.applied: Callable[[int], object] | None = None  # as ActionItemsModel's

    def set_goals(self, goals: list[GrowthGoal], read_only: bool = False) -> None:
        self.beginResetModel()
        self.goals = list(goals)
        self.read_only = read_only
        self.endResetModel()

    def clear(self) -> None:
        self.set_goals([])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.goals)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and not self.read_only and not self.privacy:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.goals)):
            return None
        goal = self.goals[index.row()]
        col = index.column()
        if role == OBJECT_ROLE:
            return goal
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            if col == self.STATUS:
                return GOAL_STATUS_LABELS[goal.status]
            if col == self.TARGET:
                if role == Qt.ItemDataRole.EditRole:
                    return goal.target_on.isoformat() if goal.target_on else ""
                return format_day(goal.target_on)
            if self.privacy:
                return PRIVACY_PLACEHOLDER
            return goal.goal if col == self.GOAL else goal.next_step
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        command = self.edit_command(index, value)
        if command is None:
            return False
        if self.applied is None:
            return self.ctx.push(command)
        if not perform_here(self.ctx, command, self):
            return False
        self.applied(command.goal_id)
        return True

    def edit_command(self, index: Index, value: Any) -> EditGoalCommand | None:
        """The undoable edit that putting ``value`` into the cell means (None: no change)."""
        if not index.isValid() or self.read_only or not (0 <= index.row() < len(self.goals)):
            return None
        goal = self.goals[index.row()]
        assert goal.id is not None
        col = index.column()
        changes: dict[str, Any]
        if col == self.GOAL:
            changes = {"goal": str(value)}
        elif col == self.NEXT_STEP:
            changes = {"next_step": str(value)}
        elif col == self.TARGET:
            text = str(value).strip()
            try:
                changes = {"target_on": date.fromisoformat(text) if text else None}
            except ValueError:
                return None
        else:
            status = _status_from_label(str(value))
            if status is None:
                return None
            changes = {"status": status}
        if all(getattr(goal, k) == v for k, v in changes.items()):
            return None
        return EditGoalCommand(self.ctx.services, goal.id, **changes)


def _status_from_label(value: str) -> GoalStatus | None:
    for status, label in GOAL_STATUS_LABELS.items():
        if value in (label, status.value):
            return status
    return None
