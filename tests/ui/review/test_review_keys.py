"""The review from the keyboard: Ctrl+Enter / Ctrl+Backspace between steps, each step's
main list focused, read-only tables out of the Tab chain, and step 4 actionable and live."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import BlockKind, Note, NoteKind, Person
from leaddesk.services.base import ChangeKind
from leaddesk.ui.delegation.checkin import CheckInDialog
from leaddesk.ui.review.area import ReviewArea
from leaddesk.ui.review.steps import triage
from leaddesk.ui.review.steps.inbox import InboxPage
from leaddesk.ui.review.steps.look_back import LookBackPage
from leaddesk.ui.review.steps.people_check import DELEGATION_ROW, PERSON_ROW, PeoplePage
from leaddesk.ui.review.steps.plan import PlanPage
from leaddesk.ui.review.steps.prune import PrunePage
from leaddesk.ui.roles import ID_ROLE, KIND_ROLE
from tests.conftest import BERLIN

WEEK = date(2026, 11, 16)
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def no_delegation_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(triage, "_offer_delegation", lambda ctx, parent, tid: None)


@pytest.fixture
def area(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = ReviewArea(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.activateWindow()
    widget.refresh()
    return widget


def _person_with_overdue_one_on_one(ctx, name: str = "Olu Overdue") -> int:  # type: ignore[no-untyped-def]
    with ctx.services.hub.write(ChangeKind.PEOPLE, ChangeKind.NOTES) as s:
        person = Person(name=name, started_on=date(2025, 3, 1))
        s.add(person)
        s.flush()
        s.add(Note(person_id=person.id, kind=NoteKind.ONE_ON_ONE, written_on=date(2026, 9, 1)))
        return int(person.id)


def _focused() -> object:
    return QApplication.focusWidget()


def test_ctrl_enter_walks_every_step_and_finishes_ctrl_backspace_goes_back(
    qtbot, ctx, area
) -> None:
    ctx.services.tasks.capture("Answer the vendor")
    qtbot.keyClick(area.overview.start_button, Qt.Key.Key_Return, CTRL)
    look = area.stack.currentWidget()
    assert isinstance(look, LookBackPage)
    assert _focused() is look.lessons
    qtbot.keyClick(look.lessons, Qt.Key.Key_Return, CTRL)
    inbox = area.stack.currentWidget()
    assert isinstance(inbox, InboxPage)
    assert _focused() is inbox.list
    qtbot.keyClick(inbox.list, Qt.Key.Key_Backspace, CTRL)
    assert area.stack.currentWidget() is look
    assert ctx.services.reviews.get(WEEK).step == 0
    qtbot.keyClick(look.lessons, Qt.Key.Key_Enter, CTRL | Qt.KeyboardModifier.KeypadModifier)
    assert area.stack.currentWidget() is inbox
    qtbot.keyClick(inbox.list, Qt.Key.Key_Return, CTRL)
    prune = area.stack.currentWidget()
    assert isinstance(prune, PrunePage)
    assert _focused() is prune.list
    qtbot.keyClick(prune.list, Qt.Key.Key_Return, CTRL)
    people = area.stack.currentWidget()
    assert isinstance(people, PeoplePage)
    assert _focused() is people.tree
    qtbot.keyClick(people.tree, Qt.Key.Key_Return, CTRL)
    plan = area.stack.currentWidget()
    assert isinstance(plan, PlanPage)
    focused = _focused()
    assert focused is plan.week_view.plan_controller.button
    assert ctx.services.reviews.get(WEEK).finished_at is None
    qtbot.keyClick(focused, Qt.Key.Key_Return, CTRL)
    assert ctx.services.reviews.get(WEEK).finished_at is not None
    assert area.stack.currentWidget() is area.overview
    assert _focused() is area.overview.start_button


def test_ctrl_backspace_in_the_lessons_deletes_a_word_not_the_step(qtbot, ctx, area) -> None:
    area.start_review()
    look = area.stack.currentWidget()
    qtbot.keyClicks(look.lessons, "two words")
    qtbot.keyClick(look.lessons, Qt.Key.Key_Backspace, CTRL)
    assert look.lessons.toPlainText() == "two "
    assert area.stack.currentWidget() is look


def test_an_empty_inbox_focuses_next_and_read_only_tables_take_no_tab(qtbot, ctx, area) -> None:
    assert area.overview.past.focusPolicy() == Qt.FocusPolicy.NoFocus
    area.start_review()
    look = area.stack.currentWidget()
    assert look.blocks.focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.keyClick(look.lessons, Qt.Key.Key_Return, CTRL)
    assert isinstance(area.stack.currentWidget(), InboxPage)
    assert _focused() is area.next_button  # inbox zero: nothing to triage
    plan = area.steps[-1]
    assert plan.week_view.capacity_panel.table.focusPolicy() == Qt.FocusPolicy.NoFocus


def _rows(page: PeoplePage) -> list:  # type: ignore[type-arg]
    tree = page.tree
    return [
        tree.topLevelItem(i).child(j)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    ]


def _open_step4(area: ReviewArea) -> PeoplePage:
    area.start_review()
    area._go_step(3)
    page = area.stack.currentWidget()
    assert isinstance(page, PeoplePage)
    return page


def test_step4_enter_on_a_delegation_checks_in_and_the_row_follows(
    qtbot, ctx, area, monkeypatch
) -> None:
    pid = _person_with_overdue_one_on_one(ctx, "Dana Delegate")
    task = ctx.services.tasks.capture("Migrate the build")
    delegation = ctx.services.delegations.create(
        task.id, pid, started_on=date(2026, 11, 2), next_check_in_on=date(2026, 11, 16)
    )
    page = _open_step4(area)
    row = next(r for r in _rows(page) if r.data(0, KIND_ROLE) == DELEGATION_ROW)
    assert row.data(0, ID_ROLE) == delegation.id
    assert row.text(2) == "overdue since Mon 16 Nov"
    shown: list[CheckInDialog] = []
    monkeypatch.setattr(
        "leaddesk.ui.delegation.checkin.show_dialog", lambda dialog: shown.append(dialog)
    )
    page.tree.setCurrentItem(row)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert len(shown) == 1 and shown[0].delegation_id == delegation.id
    shown[0].accept()  # log it as the dialog's OK does
    row = next(r for r in _rows(page) if r.data(0, KIND_ROLE) == DELEGATION_ROW)
    assert row.text(2) == "check in Wed 25 Nov"  # live: one cadence after today


def test_step4_b_books_the_one_on_one_and_it_shows_booked(qtbot, ctx, area) -> None:
    pid = _person_with_overdue_one_on_one(ctx)
    page = _open_step4(area)
    row = next(r for r in _rows(page) if r.data(0, KIND_ROLE) == PERSON_ROW)
    assert (row.text(0), row.text(1)) == ("Overdue one-on-one", "Olu Overdue")
    page.tree.setCurrentItem(row)
    qtbot.keyClick(page.tree, Qt.Key.Key_B)
    blocks = ctx.services.blocks.week(WEEK + timedelta(days=7))
    one_on_ones = [b for b in blocks if b.kind is BlockKind.ONE_ON_ONE and b.person_id == pid]
    assert len(one_on_ones) == 1
    start = one_on_ones[0].start.astimezone(BERLIN)
    row = next(r for r in _rows(page) if r.data(0, KIND_ROLE) == PERSON_ROW)
    assert row.text(0) == "One-on-one booked"
    assert row.text(2).startswith(f"booked {start:%a %H:%M}")
    assert "Olu" not in page.status.text()
    qtbot.keyClick(page.tree, Qt.Key.Key_B)  # already booked: nothing more
    assert len(ctx.services.blocks.week(WEEK + timedelta(days=7))) == len(blocks)
    ctx.undo_stack.undo()
    row = next(r for r in _rows(page) if r.data(0, KIND_ROLE) == PERSON_ROW)
    assert row.text(0) == "Overdue one-on-one"


def test_step4_enter_on_a_person_opens_their_brief(qtbot, ctx) -> None:
    from leaddesk.ui.main_window import MainWindow

    pid = _person_with_overdue_one_on_one(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_area("review")
    area = window.ensure_area("review")
    page = _open_step4(area)
    row = next(r for r in _rows(page) if r.data(0, KIND_ROLE) == PERSON_ROW)
    page.tree.setCurrentItem(row)
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert window.current_area_key() == "people"
    people = window.ensure_area("people")
    assert people.person_page.person.id == pid


def test_triaging_the_last_inbox_task_shows_inbox_zero_and_focuses_next(qtbot, ctx, area) -> None:
    ctx.services.tasks.capture("Answer the vendor")
    area.start_review()
    area._go_step(1)
    inbox = area.stack.currentWidget()
    assert isinstance(inbox, InboxPage)
    assert _focused() is inbox.list
    assert inbox.buttons.isVisible() and not inbox.empty.isVisible()
    qtbot.keyClick(inbox.list, Qt.Key.Key_2)
    assert not inbox.list.isVisible() and not inbox.buttons.isVisible()
    assert inbox.empty.isVisible()
    assert _focused() is area.next_button
    qtbot.keyClick(area.next_button, Qt.Key.Key_Return, CTRL)
    assert isinstance(area.stack.currentWidget(), PrunePage)


def test_no_step_makes_the_review_wider_or_taller_than_a_laptop_screen(qtbot, ctx, area) -> None:
    """Step 5's week and the six insight charts used to set the whole review's minimum size
    (1399x704 with the demo): Back and Finish went off a 1280x720 screen."""
    from leaddesk.services.demo import seed_demo

    seed_demo(ctx.services)
    area.refresh()
    area.start_review()
    for index in range(len(area.steps)):
        area._go_step(index)
        hint = area.minimumSizeHint()
        assert hint.width() <= 900 and hint.height() <= 520, (index, hint)
    area.show_insights()
    hint = area.minimumSizeHint()
    assert hint.width() <= 900 and hint.height() <= 520, ("insights", hint)


def test_step4_follows_a_check_in_made_elsewhere(qtbot, ctx, area) -> None:
    """A check-in logged in Delegations (through the service, as that area does) updates
    the step on screen: it used to keep saying "overdue since ..."."""
    pid = _person_with_overdue_one_on_one(ctx, "Dana Delegate")
    task = ctx.services.tasks.capture("Migrate the build")
    delegation = ctx.services.delegations.create(
        task.id, pid, started_on=date(2026, 11, 2), next_check_in_on=date(2026, 11, 16)
    )
    page = _open_step4(area)
    row = next(r for r in _rows(page) if r.data(0, KIND_ROLE) == DELEGATION_ROW)
    assert row.text(2) == "overdue since Mon 16 Nov"
    ctx.services.delegations.check_in(delegation.id, note="on track")
    row = next(r for r in _rows(page) if r.data(0, KIND_ROLE) == DELEGATION_ROW)
    assert row.text(2) == "check in Wed 25 Nov"
    assert page.tree.currentItem() is not None  # the keyboard keeps a row to act on


def test_tab_leaves_the_lessons_without_typing_a_tab(qtbot, ctx, area) -> None:
    """Keyboard users Tab out of the lessons to Back/Next; before, Tab typed a tab character
    into the lesson and the focus never left (a keyboard trap, seen at 1280x720)."""
    area.start_review()
    look = area.stack.currentWidget()
    look.lessons.setFocus()
    qtbot.keyClicks(look.lessons, "Book a buffer")
    qtbot.keyClick(look.lessons, Qt.Key.Key_Tab)
    assert look.lessons.toPlainText() == "Book a buffer"
    assert _focused() is not look.lessons
    qtbot.keyClick(_focused(), Qt.Key.Key_Backtab)  # type: ignore[arg-type]
    assert _focused() is look.lessons
