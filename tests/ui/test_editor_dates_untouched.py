"""An editor never changes a field the user did not touch, and the week never leaves the
dates LeadDesk keeps (issue 19, item 16, UI part).

A date stored before the one valid range existed (``0001-01-01`` from the CLI, or a typo
such as ``0226-12-01``) used to be clamped by the task editor's date box to 14 Sep 1752 and
written back by an untouched Save. Week "Go to" in December 9999 raised OverflowError.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate

from leaddesk.domain.date_range import MAX_DATE, MIN_DATE
from leaddesk.domain.model import Task
from leaddesk.services.base import ChangeKind


def store_raw_dates(ctx, task_id: int, **dates: date) -> None:  # type: ignore[no-untyped-def]
    """Write dates as an older version (or the CLI before the range check) could have."""
    with ctx.services.hub.write(ChangeKind.TASKS) as session:
        task = session.get(Task, task_id)
        for name, value in dates.items():
            setattr(task, name, value)


@pytest.mark.parametrize("stored", [date(1, 1, 1), date(226, 12, 1), date(9999, 12, 31)])
def test_an_untouched_date_is_not_rewritten_by_save(qtbot, ctx, stored: date) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.matrix.editor import TaskEditor

    task = ctx.services.tasks.capture("Estimate the A/B test", requester="Carla")
    store_raw_dates(ctx, task.id, due_on=stored, needed_by=stored)
    editor = TaskEditor(ctx, task.id)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.changes() == {}  # opening changes nothing
    editor.title_edit.setPlainText("Estimate the A/B test by Friday")  # touch another field
    editor.save()
    saved = ctx.services.tasks.get(task.id)
    assert saved.title == "Estimate the A/B test by Friday"
    assert (saved.due_on, saved.needed_by) == (stored, stored)


def test_a_date_the_user_changes_is_saved_within_the_range(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.matrix.editor import TaskEditor

    task = ctx.services.tasks.capture("Review the rollout plan")
    store_raw_dates(ctx, task.id, due_on=date(1, 1, 1))
    editor = TaskEditor(ctx, task.id)
    qtbot.addWidget(editor)
    assert editor.due.edit.minimumDate() == QDate(MIN_DATE)
    assert editor.due.edit.maximumDate() == QDate(MAX_DATE)
    editor.due.edit.setDate(QDate(2026, 12, 1))
    assert editor.changes() == {"due_on": date(2026, 12, 1)}
    editor.due.edit.setDate(None)  # emptied: no due date
    assert editor.changes() == {"due_on": None}
    editor.reject()


def test_week_go_to_far_future_is_refused_with_a_message(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.week.area import WeekArea

    area = WeekArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    before = (area.anchor, area.title_label.text())
    assert area.go_to(date(9999, 12, 31)) is False  # OverflowError before
    assert (area.anchor, area.title_label.text()) == before
    assert "between" in area.status_label.text() and "2999" in area.status_label.text()
    # The date box cannot go past the range; its last week is refused the same way.
    area.date_edit.setDate(QDate(9999, 12, 31))
    assert area.date_edit.date() == QDate(area.anchor)  # put back: nothing changed
    assert (area.anchor, area.title_label.text()) == before
    # Inside the range it still works, and stepping past the last week is refused.
    assert area.go_to(date(2999, 12, 20)) is True
    area.go_next()  # the week of 23-29 Dec 2999: the last whole week of the range
    assert area.anchor == date(2999, 12, 27)
    area.go_next()  # would reach into the year 3000
    assert area.anchor == date(2999, 12, 27)
    assert "2999" in area.status_label.text()
    assert area.go_to(date(1899, 12, 31)) is False


def _delegation_with_raw_dates(ctx, **dates: date) -> int:  # type: ignore[no-untyped-def]
    from leaddesk.domain.model import Delegation

    ana = ctx.services.people.add("Ana Pérez")
    task = ctx.services.tasks.capture("Migrate the build")
    ctx.services.delegations.create(task.id, ana.id, started_on=date(2026, 11, 2))
    delegation_id = ctx.services.delegations.for_task(task.id).id
    with ctx.services.hub.write(ChangeKind.DELEGATIONS) as session:
        row = session.get(Delegation, delegation_id)
        for name, value in dates.items():
            setattr(row, name, value)
    return delegation_id


def test_the_delegation_editor_keeps_an_untouched_1999_due_date(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """1999 was swallowed as "No due date" (the box's 'none' was 2000-01-01)."""
    from leaddesk.ui.delegation.create import DelegationDialog

    delegation_id = _delegation_with_raw_dates(
        ctx, started_on=date(1999, 4, 1), due_on=date(1999, 5, 1)
    )
    dialog = DelegationDialog(ctx, existing=ctx.services.delegations.get(delegation_id))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.due_edit.date() == QDate(1999, 5, 1)  # shown, not "No due date"
    dialog.why_edit.setText("She knows the build best")  # touch another field
    dialog.accept()
    assert dialog.error.isHidden(), dialog.error.text()
    saved = ctx.services.delegations.get(delegation_id)
    assert saved.why_this_person == "She knows the build best"
    assert (saved.started_on, saved.due_on) == (date(1999, 4, 1), date(1999, 5, 1))


def test_the_delegation_editor_never_turns_a_legacy_date_into_none(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.delegation.create import DelegationDialog

    delegation_id = _delegation_with_raw_dates(ctx, due_on=date(1, 1, 1))
    dialog = DelegationDialog(ctx, existing=ctx.services.delegations.get(delegation_id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.why_edit.setText("She knows the build best")
    dialog.accept()  # refused or saved, the stored due date is never dropped
    assert ctx.services.delegations.get(delegation_id).due_on == date(1, 1, 1)
    dialog.confirm_discard = lambda parent: True  # Cancel of a changed form asks first
    dialog.reject()


def test_the_person_dialog_keeps_an_untouched_start_date(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.domain.model import Person
    from leaddesk.ui.people.dialogs import PersonDialog

    ana = ctx.services.people.add("Ana Pérez", started_on=date(2024, 3, 1))
    with ctx.services.hub.write(ChangeKind.PEOPLE) as session:
        session.get(Person, ana.id).started_on = date(1, 1, 1)
    dialog = PersonDialog(None, ctx.services.people.get(ana.id))
    qtbot.addWidget(dialog)
    assert dialog.values()["started_on"] == date(1, 1, 1)
    dialog.started.setDate(QDate(2024, 3, 4))
    assert dialog.values()["started_on"] == date(2024, 3, 4)
    dialog.has_start.setChecked(False)
    assert dialog.values()["started_on"] is None
