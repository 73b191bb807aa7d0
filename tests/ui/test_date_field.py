"""Typeable date fields (issue 15): one Tab stop each, the capture grammar, a typo changes
nothing; the task editor's Due / Needed-by and the block editor's Day use them."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt

from leaddesk.domain.capture_parse import parse_day_time
from leaddesk.domain.model import BlockKind
from leaddesk.ui.date_field import DateLineEdit, read_day
from tests.conftest import BERLIN

FRIDAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri", (FRIDAY, None)),
        ("thu 14:00", (date(2026, 11, 26), time(14, 0))),
        ("+3d", (date(2026, 11, 23), None)),
        ("2026-12-04", (date(2026, 12, 4), None)),
        ("next tue at 9:30", (date(2026, 11, 24), time(9, 30))),
        ("Fri 4 Dec 2026", (date(2026, 12, 4), None)),
        ("14", None),
        ("thu 25:00", None),
        ("3000-01-01", None),
        ("", None),
    ],
)
def test_the_grammar(text: str, expected: object) -> None:
    assert read_day(text, FRIDAY, with_time=True) == expected
    if text not in ("Fri 4 Dec 2026",):
        assert parse_day_time(text, FRIDAY) == expected


def test_a_time_is_refused_where_only_a_day_is_wanted() -> None:
    assert read_day("thu 14:00", FRIDAY) is None
    assert read_day("thu", FRIDAY) == (date(2026, 11, 26), None)


def test_typing_replaces_the_date_and_a_typo_changes_nothing(qtbot) -> None:
    field = DateLineEdit(FRIDAY, lambda: FRIDAY)
    qtbot.addWidget(field)
    changed: list[object] = []
    field.dateChanged.connect(changed.append)
    field.selectAll()
    qtbot.keyClicks(field, "+3d")
    assert field.value() == date(2026, 11, 23) and field.is_valid()
    field.selectAll()
    qtbot.keyClicks(field, "14")
    assert not field.is_valid()
    assert field.value() == date(2026, 11, 23)  # the last good date stays
    assert "is not a day" in field.problem()
    field.selectAll()
    qtbot.keyClicks(field, "2026-12-04")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "Fri 4 Dec 2026"
    assert len(changed) == 2


def test_an_optional_field_is_empty_for_no_date(qtbot) -> None:
    field = DateLineEdit(FRIDAY, lambda: FRIDAY, optional=True)
    qtbot.addWidget(field)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert field.value() is None and field.is_valid()
    assert not field.date().isValid()


def test_task_editor_due_is_one_tab_stop_and_typeable(qtbot, ctx) -> None:
    from leaddesk.ui.matrix.editor import TaskEditor

    task = ctx.services.tasks.capture("Estimate the A/B test")
    editor = TaskEditor(ctx, task.id)
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    editor.estimate_spin.setFocus()
    qtbot.keyClick(editor.estimate_spin, Qt.Key.Key_Tab)
    assert editor.focusWidget() is editor.due.edit
    qtbot.keyClicks(editor.due.edit, "fri")
    qtbot.keyClick(editor.due.edit, Qt.Key.Key_Tab)
    assert editor.focusWidget() is editor.needed.edit  # not stuck in "Due"
    qtbot.keyClicks(editor.needed.edit, "+3d")
    qtbot.keyClick(editor.needed.edit, Qt.Key.Key_Tab)
    assert editor.focusWidget() is editor.requester_edit
    # The test clock's today is Wednesday 18 November 2026.
    assert editor.changes() == {"due_on": date(2026, 11, 20), "needed_by": date(2026, 11, 21)}
    editor.save()
    saved = ctx.services.tasks.get(task.id)
    assert (saved.due_on, saved.needed_by) == (date(2026, 11, 20), date(2026, 11, 21))


def test_task_editor_refuses_a_typo_and_saves_nothing(qtbot, ctx, monkeypatch) -> None:
    from leaddesk.ui.matrix.editor import TaskEditor

    task = ctx.services.tasks.capture("Estimate the A/B test")
    editor = TaskEditor(ctx, task.id)
    qtbot.addWidget(editor)
    reported: list[str] = []
    monkeypatch.setattr(ctx, "report", lambda exc, parent=None: reported.append(str(exc)))
    editor.title_edit.setPlainText("Estimate the A/B test soon")
    editor.due.edit.setFocus()
    qtbot.keyClicks(editor.due.edit, "frday")
    editor.save()
    assert reported and "is not a day" in reported[0]
    assert ctx.services.tasks.get(task.id).title == "Estimate the A/B test"


def test_block_editor_tab_plus_14_does_not_move_the_block(qtbot) -> None:
    from leaddesk.ui.week.editor import BlockEditor

    start = datetime(2026, 11, 18, 9, 0, tzinfo=BERLIN)
    end = datetime(2026, 11, 18, 10, 30, tzinfo=BERLIN)
    editor = BlockEditor(BERLIN, start=start, end=end)
    qtbot.addWidget(editor)
    editor.show()
    editor.title_edit.setText("Deep work")
    editor.date_edit.setFocus(Qt.FocusReason.TabFocusReason)
    editor.date_edit.selectAll()
    qtbot.keyClicks(editor.date_edit, "14")
    assert editor.problem().startswith("“14” is not a day")
    assert editor.values().start == start  # the block stays where it was
    editor.date_edit.selectAll()
    qtbot.keyClicks(editor.date_edit, "fri 14:00")
    values = editor.values()
    assert values.start == datetime(2026, 11, 20, 14, 0, tzinfo=BERLIN)
    assert values.end == datetime(2026, 11, 20, 15, 30, tzinfo=BERLIN)  # same length
    assert editor.problem() == ""
    assert values.kind in BlockKind
