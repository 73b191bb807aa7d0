"""Step 4 of the review: one-on-ones and delegation check-ins due, open action items."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....domain.errors import LeadDeskError
from ...context import AppContext
from ...roles import ID_ROLE, KIND_ROLE
from .base import ROOMY_TREE, StepPage, heading, one_line

PERSON_ROW, DELEGATION_ROW = "person", "delegation"
PRIVATE_TEXT = "•••"  # a name under the privacy screen, as the people list shows it


class PeopleTree(QTreeWidget):
    """Step 4's list: Enter acts on the row (check in, open the brief), B books."""

    activated_row = Signal(str, int)
    book_requested = Signal(int)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        item = self.currentItem()
        kind = item.data(0, KIND_ROLE) if item is not None else None
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if kind and plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_row.emit(str(kind), int(item.data(0, ID_ROLE)))
            return
        if kind == PERSON_ROW and plain and event.text().lower() == "b":
            self.book_requested.emit(int(item.data(0, ID_ROLE)))
            return
        super().keyPressEvent(event)


class PeoplePage(StepPage):
    title = "Check people and delegations"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                self.title,
                "One-on-ones overdue or due next week, delegation check-ins due, and open "
                "action items — so nothing falls off the radar. Keys: <b>Enter</b> on a "
                "delegation logs a check-in, on a person opens their brief · <b>B</b> books "
                "the one-on-one next week.",
            )
        )
        self.tree = PeopleTree()
        self.tree.setAccessibleName("People and delegations needing attention")
        self.tree.setHeaderLabels(["What", "Who", "When"])
        header = self.tree.header()  # "When" is read in full ("booked Thu 14:00")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet(ROOMY_TREE)
        self.tree.activated_row.connect(self.act_on)
        self.tree.book_requested.connect(self.book_one_on_one)
        self.tree.itemDoubleClicked.connect(self._on_double_clicked)
        layout.addWidget(self.tree, 1)
        self.status = QLabel()
        self.status.setObjectName("FieldHint")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        ctx.privacy_changed.connect(lambda _on: self.refresh())

    def main_widget(self) -> QWidget | None:
        return self.tree

    def refresh(self) -> None:
        if self.week is None or not self.ctx.is_unlocked:
            return
        today = self.ctx.clock.today()
        horizon = self.week + timedelta(days=13)  # the end of next week
        check = self.ctx.services.reviews.people_check(horizon)
        booked = self.ctx.services.notes.next_booked(
            [d.person.id for d in check.one_on_ones if d.person.id is not None]
        )
        current = self.tree.currentItem()
        keep = (current.data(0, KIND_ROLE), current.data(0, ID_ROLE)) if current else None
        self.tree.clear()
        first: list[QTreeWidgetItem] = []
        again: list[QTreeWidgetItem] = []

        def section(
            title: str, rows: list[tuple[list[str], str | None, int | None]], empty: str
        ) -> None:
            parent = QTreeWidgetItem([f"{title} ({len(rows)})", "", ""])
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            self.tree.addTopLevelItem(parent)
            for texts, kind, row_id in rows or [([empty, "", ""], None, None)]:
                child = QTreeWidgetItem(texts)
                if kind is not None and row_id is not None:
                    child.setData(0, KIND_ROLE, kind)
                    child.setData(0, ID_ROLE, row_id)
                    first.append(child)
                    if keep == (kind, row_id):
                        again.append(child)
                parent.addChild(child)
            parent.setExpanded(True)

        # Under the privacy screen no colleague's name and no free text shows (issue 15).
        hidden = self.ctx.privacy_screen

        def who(name: str) -> str:
            return PRIVATE_TEXT if hidden and name else name

        def one_on_one(d) -> tuple[list[str], str | None, int | None]:  # type: ignore[no-untyped-def]
            at = booked.get(d.person.id) if d.person.id is not None else None
            if at is not None:
                what, when = "One-on-one booked", f"booked {at:%a %H:%M}"
            else:
                what = "Overdue one-on-one" if d.overdue else "One-on-one due"
                when = f"due {d.due_on:%a %d %b}"
            when += f" · last {d.last:%d %b}" if d.last else " · none yet"
            return [what, who(d.person.name), when], PERSON_ROW, d.person.id

        section(
            "One-on-ones", [one_on_one(d) for d in check.one_on_ones], "Everyone is on cadence."
        )
        section(
            "Delegation check-ins",
            [
                (
                    [
                        "Delegated task (hidden)"
                        if hidden
                        else one_line(task.title if task else "(task removed)", 70),
                        who(person.name) if person else "",
                        _check_in_text(d.next_check_in_on, today),
                    ],
                    DELEGATION_ROW,
                    d.id,
                )
                for d, person, task in check.check_ins
            ],
            "No check-ins due.",
        )

        def item_text(text: str) -> str:
            return "Hidden while the privacy screen is on" if hidden else one_line(text, 70)

        def action_rows(actions) -> list[tuple[list[str], str | None, int | None]]:  # type: ignore[no-untyped-def]
            return [
                (
                    [item_text(a.text), who(p.name) if p else "", ""],
                    PERSON_ROW if p else None,
                    p.id if p else None,
                )
                for a, p in actions
            ]

        section("My open action items", action_rows(check.my_actions), "None open.")
        section("Their open action items", action_rows(check.their_actions), "None open.")
        target = (again or first or [None])[0]
        if target is not None:
            self.tree.setCurrentItem(target)

    # -- acting -------------------------------------------------------------------------
    def _on_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        kind = item.data(0, KIND_ROLE)
        if kind:
            self.act_on(str(kind), int(item.data(0, ID_ROLE)))

    def act_on(self, kind: str, row_id: int) -> None:
        """Enter: a delegation logs a check-in; a person opens their brief in People."""
        if not self.ctx.is_unlocked:
            return
        if kind == DELEGATION_ROW:
            module = importlib.import_module("leaddesk.ui.delegation.checkin")
            module.open_check_in(self.ctx, self, row_id)
            return
        window = self.window()
        show = getattr(window, "show_area", None)
        ensure = getattr(window, "ensure_area", None)
        if not callable(show) or not callable(ensure):
            return
        show("people")
        people = ensure("people")
        open_person = getattr(people, "open_person", None)
        if callable(open_person):
            open_person(row_id)

    def book_one_on_one(self, person_id: int) -> bool:
        """B: book this person's one-on-one in next week's first free slot that fits the
        planner's rules (one undo step); a booked one shows "booked Thu 14:00"."""
        if self.week is None or not self.ctx.is_unlocked:
            return False
        from ...week.commands import BlockChangeCommand
        from ...week.plan_preview import rules_from_settings

        if person_id in self.ctx.services.notes.next_booked([person_id]):
            self.status.setText("That one-on-one is already booked.")
            return False
        planning = self.ctx.services.planning
        first = self.week + timedelta(days=7)
        try:
            proposal = planning.propose(first, rules_from_settings(self.ctx), include_tasks=False)
        except LeadDeskError as exc:
            self.ctx.report(exc, self)
            return False
        placements = [p for p in proposal.placements if p.person_id == person_id]
        if not placements:
            self.status.setText("No free slot next week for that one-on-one.")
            return False
        slot = placements[0]
        done = self.ctx.push(
            BlockChangeCommand(self.ctx, "Book one-on-one", lambda: planning.accept([slot]))
        )
        if done:
            start = slot.start.astimezone(self.ctx.clock.tz)
            self.status.setText(f"One-on-one booked {start:%a %H:%M}. Ctrl+Z undoes it.")
        return bool(done)

    def clear_private(self) -> None:
        self.tree.clear()
        self.status.clear()


def _check_in_text(due: date | None, today: date) -> str:
    if due is None:
        return ""
    if due < today:
        return f"overdue since {due:%a %d %b}"
    return "check in today" if due == today else f"check in {due:%a %d %b}"
