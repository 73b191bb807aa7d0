"""Quick capture that understands: chips for what the line says, one key removes one, and
Enter files the task with the title, requester (a known person), needed-by, estimate and
quadrant read from the line."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from leaddesk.domain.model import Quadrant
from leaddesk.ui.matrix.capture import QuickCaptureDialog


def _dialog(ctx, qtbot) -> QuickCaptureDialog:  # type: ignore[no-untyped-def]
    dialog = QuickCaptureDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.title_edit.setFocus()
    return dialog


def test_typed_line_becomes_a_filed_task_with_every_part(ctx, services, qtbot) -> None:
    carla = services.people.add("Carla Mendes")
    dialog = _dialog(ctx, qtbot)
    qtbot.keyClicks(dialog.title_edit, "Estimate the A/B test for Carla by fri 2h schedule")
    labels = [chip.text() for chip in dialog.chips.chips]
    assert labels == ["from Carla Mendes  ✕", "by Fri 20 Nov  ✕", "2h  ✕", "Schedule  ✕"]
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    (task,) = services.tasks.open_tasks(Quadrant.SCHEDULE)
    assert task.title == "Estimate the A/B test"
    assert task.requester == "Carla Mendes" and task.person_id == carla.id
    assert task.needed_by == date(2026, 11, 20) and task.estimate_minutes == 120
    ctx.undo_stack.undo()
    assert services.tasks.open_tasks() == []


def test_one_key_removes_a_chip_and_its_words_stay_in_the_title(ctx, services, qtbot) -> None:
    services.people.add("Carla Mendes")
    dialog = _dialog(ctx, qtbot)
    qtbot.keyClicks(dialog.title_edit, "Estimate the A/B test for Carla by fri 2h")
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert [c.part.kind for c in dialog.chips.chips] == ["requester", "estimate"]
    qtbot.keyClicks(dialog.title_edit, " do")  # typing on keeps the removed chip removed
    assert dialog.chips.parsed.needed_by is None and dialog.chips.parsed.quadrant is Quadrant.DO
    dialog.chips.chips[0].setFocus()
    qtbot.keyClick(dialog.chips.chips[0], Qt.Key.Key_Delete)
    assert [c.part.kind for c in dialog.chips.chips] == ["estimate", "quadrant"]
    dialog.submit()
    (task,) = services.tasks.open_tasks(Quadrant.DO)
    assert task.title == "Estimate the A/B test for Carla by fri"
    assert task.requester == "" and task.person_id is None and task.needed_by is None
    assert task.estimate_minutes == 120


def test_a_plain_line_files_as_before(ctx, services, qtbot) -> None:
    dialog = _dialog(ctx, qtbot)
    qtbot.keyClicks(dialog.title_edit, "Ask Marco about the flaky tests")
    assert not dialog.chips.isVisible() and dialog.chips.chips == []
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    (task,) = services.tasks.open_tasks(Quadrant.INBOX)
    assert task.title == "Ask Marco about the flaky tests" and task.estimate_minutes is None


def test_the_fields_win_over_the_line(ctx, services, qtbot) -> None:
    services.people.add("Carla Mendes")
    dialog = _dialog(ctx, qtbot)
    qtbot.keyClicks(dialog.title_edit, "Budget for Carla tomorrow")
    dialog.requester_edit.setText("Finance team")
    dialog.needed_check.setChecked(True)
    chosen = dialog.needed_date.date()
    dialog.submit()
    (task,) = services.tasks.open_tasks(Quadrant.INBOX)
    assert task.title == "Budget" and task.requester == "Finance team" and task.person_id is None
    assert task.needed_by == date(chosen.year(), chosen.month(), chosen.day())


def test_the_requester_field_completes_from_people_and_links_the_person(
    ctx, services, qtbot
) -> None:
    priya = services.people.add("Priya Raman")
    services.people.add("Marco Bianchi")
    dialog = _dialog(ctx, qtbot)
    completer = dialog.requester_edit.completer()
    completer.setCompletionPrefix("pri")
    assert completer.currentCompletion() == "Priya Raman"
    qtbot.keyClicks(dialog.title_edit, "Review the token PR")
    dialog.requester_edit.setText("priya raman")
    dialog.submit()
    (task,) = services.tasks.open_tasks(Quadrant.INBOX)
    assert task.person_id == priya.id and task.requester == "priya raman"
    assert [r.task_id for r in services.notes.brief(priya.id).requests] == [task.id]


def test_someone_outside_the_team_stays_free_text(ctx, services, qtbot) -> None:
    dialog = _dialog(ctx, qtbot)
    qtbot.keyClicks(dialog.title_edit, "Read access")
    dialog.requester_edit.setText("Data platform team")
    dialog.submit()
    (task,) = services.tasks.open_tasks(Quadrant.INBOX)
    assert task.requester == "Data platform team" and task.person_id is None


def test_the_task_editor_links_a_known_requester_to_the_person(ctx, services, qtbot) -> None:
    from leaddesk.ui.matrix.editor import TaskEditor

    carla = services.people.add("Carla Mendes")
    task = services.tasks.capture("Latency budget", requester="")
    editor = TaskEditor(ctx, task.id)
    qtbot.addWidget(editor)
    completer = editor.requester_edit.completer()
    completer.setCompletionPrefix("men")  # matches inside the name too
    assert completer.currentCompletion() == "Carla Mendes"
    editor.requester_edit.setText("carla mendes")
    editor.requester_edit.editingFinished.emit()
    editor.save()
    saved = services.tasks.get(task.id)
    assert saved.person_id == carla.id and saved.requester == "carla mendes"
    assert [r.task_id for r in services.notes.brief(carla.id).requests] == [task.id]
