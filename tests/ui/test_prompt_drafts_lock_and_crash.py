"""The board's E and D prompts and the week's overrun dialog lose nothing typed, and the
restored-draft line says whether a lock or a crash left the draft.

- E (estimate) and D (defer) on the board: the answer typed is a draft of the first card
  selected (forms ``estimate`` and ``defer``), so a crash, or a lock that refused a typo,
  brings it back the next time the same key is pressed on that card.
- "Overran – push later blocks…": a lock while a new end is chosen pushes the later blocks
  to it first (one undo step), as the week's other prompts apply their answer at a lock; a
  push the lock cannot make, and a crash, keep the chosen end as the block's draft.
- The line: "Restored what you were typing before LeadDesk locked." for a draft kept by a
  lock, "Restored what you typed before LeadDesk closed." for one left by a crash.

Real vault, real dialogs (offscreen); a crash is the app's objects dropped without any
close or lock, then a new session on the same vault file (``after_crash``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTime

from leaddesk.domain.model import BlockKind, Quadrant
from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.form_draft import RESTORED_AT_LOCK_TEXT, RESTORED_TEXT
from leaddesk.ui.text_prompt import TextPrompt
from leaddesk.ui.week.editor import OverrunDialog
from tests.conftest import BERLIN, PASSPHRASE
from tests.ui.test_form_drafts import (  # noqa: F401  (fixtures used by name)
    after_crash,
    banner_text,
    discard_when_asked,
    wait_for_draft,
)
from tests.ui.test_save_every_window_on_lock import run_inside_exec as _run_inside_exec

pytestmark = pytest.mark.usefixtures("deletes_flushed")


def run_inside_exec(opener, kind, interact) -> None:  # type: ignore[no-untyped-def]
    """``run_inside_exec`` whose failing ``interact`` closes the dialog (its exec returns)
    and fails the test, instead of leaving the dialog blocking forever."""
    failed: list[BaseException] = []

    def guarded(dialog) -> None:  # type: ignore[no-untyped-def]
        try:
            interact(dialog)
        except BaseException as exc:
            failed.append(exc)
            if dialog.isVisible():
                dialog.hide()

    _run_inside_exec(opener, kind, guarded)
    if failed:
        raise failed[0]


def _board(ctx, qtbot):  # type: ignore[no-untyped-def]
    from leaddesk.ui.matrix.area import MatrixArea

    board = MatrixArea(ctx)
    qtbot.addWidget(board)
    board.resize(1280, 720)
    board.show()
    board.refresh()
    return board


def _selected(board, task_id: int):  # type: ignore[no-untyped-def]
    view = board.panels[Quadrant.SCHEDULE].view
    view.setFocus()
    view.select_ids([task_id])
    return view


def _retype(qtbot, prompt: TextPrompt, text: str) -> None:  # type: ignore[no-untyped-def]
    prompt.field.selectAll()
    qtbot.keyClicks(prompt.field, text)


# -- item 1: the board's E and D prompts ----------------------------------------------------
@pytest.mark.parametrize(
    ("key", "form", "typed", "field", "expected"),
    [
        (Qt.Key.Key_E, "estimate", "2h", "estimate_minutes", 120),
        (Qt.Key.Key_D, "defer", "+3d", "not_before", "in three days"),
    ],
)
def test_the_e_and_d_answers_survive_a_crash(
    ctx,
    services,
    qtbot,
    clock,
    after_crash,  # noqa: F811
    key,
    form,
    typed,
    field,
    expected,
) -> None:
    task = services.tasks.capture("Design doc", quadrant=Quadrant.SCHEDULE, estimate_minutes=60)
    board = _board(ctx, qtbot)
    view = _selected(board, task.id)

    def type_then_crash(prompt: TextPrompt) -> None:
        _retype(qtbot, prompt, typed)
        assert wait_for_draft(qtbot, services, form, task.id) == {"text": typed}
        prompt.draft.autosave.stop()
        prompt.hide()  # the window goes with the process (exec returns: nothing applied)

    run_inside_exec(lambda: qtbot.keyClick(view, key), TextPrompt, type_then_crash)
    ctx2 = after_crash(board, services)
    before = ctx2.services.tasks.get(task.id)
    assert (before.estimate_minutes, before.not_before) == (60, None)

    board2 = _board(ctx2, qtbot)
    view2 = _selected(board2, task.id)

    def check_and_ok(prompt: TextPrompt) -> None:
        assert banner_text(prompt) == [RESTORED_TEXT]
        assert prompt.field.text() == typed
        prompt.accept()

    run_inside_exec(lambda: qtbot.keyClick(view2, key), TextPrompt, check_and_ok)
    if expected == "in three days":
        expected = clock.today() + timedelta(days=3)
    assert getattr(ctx2.services.tasks.get(task.id), field) == expected
    assert ctx2.services.drafts.kept_forms() == []


def test_a_typo_refused_at_a_lock_comes_back_saying_the_lock_kept_it(
    ctx, services, qtbot, app_paths, clock
) -> None:
    task = services.tasks.capture("Design doc", quadrant=Quadrant.SCHEDULE, estimate_minutes=60)
    board = _board(ctx, qtbot)
    view = _selected(board, task.id)
    board.prune_keys.refuse = lambda parent, text: None

    def type_then_lock(prompt: TextPrompt) -> None:
        _retype(qtbot, prompt, "an hour or so")  # not a length: the lock cannot apply it
        ctx.lock()

    run_inside_exec(lambda: qtbot.keyClick(view, Qt.Key.Key_E), TextPrompt, type_then_lock)
    assert not ctx.is_unlocked
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert ctx.services.tasks.get(task.id).estimate_minutes == 60
    board.refresh()
    view = _selected(board, task.id)

    def check_and_fix(prompt: TextPrompt) -> None:
        assert banner_text(prompt) == [RESTORED_AT_LOCK_TEXT]
        assert prompt.field.text() == "an hour or so"
        _retype(qtbot, prompt, "1.5h")
        prompt.accept()

    run_inside_exec(lambda: qtbot.keyClick(view, Qt.Key.Key_E), TextPrompt, check_and_fix)
    assert ctx.services.tasks.get(task.id).estimate_minutes == 90
    assert ctx.services.drafts.kept_forms() == []
    ctx.lock()


# -- item 2: the overrun dialog -------------------------------------------------------------
def _at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 18, hour, minute, tzinfo=BERLIN)  # the test clock's day


def _week(ctx, qtbot):  # type: ignore[no-untyped-def]
    from leaddesk.ui.week.area import WeekArea

    area = WeekArea(ctx)
    qtbot.addWidget(area)
    return area


def _close_if_still_open(dialog: OverrunDialog) -> None:
    """Old code: the lock left a plain dialog open (exec would never return)."""
    if dialog.isVisible():
        dialog.reject()


def test_a_lock_pushes_to_the_chosen_end_in_one_undo_step(
    ctx, services, qtbot, app_paths, clock
) -> None:
    first = services.blocks.create("Design review", BlockKind.FOCUS, _at(9), _at(10))
    first_id = first.created_ids[0]
    later = services.blocks.create("Admin", BlockKind.ADMIN, _at(10), _at(11)).created_ids[0]
    area = _week(ctx, qtbot)

    def choose_then_lock(dialog: OverrunDialog) -> None:
        dialog.end_edit.setFocus()
        dialog.end_edit.setTime(QTime(10, 45))  # what typing 10:45 into the field does
        ctx.lock()  # Ctrl+L, idle, sleep or quit
        _close_if_still_open(dialog)

    run_inside_exec(lambda: area.push_later(first_id), OverrunDialog, choose_then_lock)
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    blocks = ctx.services.blocks
    assert (blocks.get(first_id).end, blocks.get(later).start) == (_at(10, 45), _at(10, 45))
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert (blocks.get(first_id).end, blocks.get(later).start) == (_at(10), _at(10))
    assert ctx.services.drafts.kept_forms() == []
    ctx.lock()


def test_a_lock_that_cannot_push_keeps_the_chosen_end_as_a_draft(
    ctx, services, qtbot, app_paths, clock
) -> None:
    late = services.blocks.create("Release", BlockKind.FOCUS, _at(21), _at(22)).created_ids[0]
    services.blocks.create("Wrap up", BlockKind.ADMIN, _at(22), _at(23, 30))
    area = _week(ctx, qtbot)

    def choose_then_lock(dialog: OverrunDialog) -> None:
        dialog.end_edit.setTime(QTime(23, 15))  # the later block would end past midnight
        ctx.lock()
        _close_if_still_open(dialog)

    run_inside_exec(lambda: area.push_later(late), OverrunDialog, choose_then_lock)
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert ctx.services.blocks.get(late).end == _at(22)  # refused: nothing moved
    assert ctx.undo_stack.count() == 0

    def check_and_cancel(dialog: OverrunDialog) -> None:
        assert banner_text(dialog) == [RESTORED_AT_LOCK_TEXT]
        assert dialog.end_edit.time() == QTime(23, 15)
        dialog.reject()  # Esc: closes at once and forgets the draft

    run_inside_exec(lambda: area.push_later(late), OverrunDialog, check_and_cancel)
    assert ctx.services.drafts.kept_forms() == []
    ctx.lock()


def test_the_chosen_end_survives_a_crash(
    ctx,
    services,
    qtbot,
    after_crash,  # noqa: F811
) -> None:
    first_id = services.blocks.create("Design review", BlockKind.FOCUS, _at(9), _at(10))
    first_id = first_id.created_ids[0]
    later = services.blocks.create("Admin", BlockKind.ADMIN, _at(10), _at(11)).created_ids[0]
    area = _week(ctx, qtbot)

    def choose_then_crash(dialog: OverrunDialog) -> None:
        assert dialog.end_edit.time() == QTime(10, 15)  # offered: a quarter past the end
        dialog.end_edit.setTime(QTime(11, 30))
        assert wait_for_draft(qtbot, services, "overrun", first_id) == {"end": ["time", "11:30"]}
        dialog.draft.autosave.stop()
        dialog.hide()  # gone with the process: exec returns, nothing pushed

    run_inside_exec(lambda: area.push_later(first_id), OverrunDialog, choose_then_crash)
    ctx2 = after_crash(area, services)
    assert ctx2.services.blocks.get(later).start == _at(10)
    area2 = _week(ctx2, qtbot)

    def check_and_push(dialog: OverrunDialog) -> None:
        assert banner_text(dialog) == [RESTORED_TEXT]
        assert dialog.end_edit.time() == QTime(11, 30)
        dialog.accept()

    run_inside_exec(lambda: area2.push_later(first_id), OverrunDialog, check_and_push)
    assert ctx2.services.blocks.get(later).start == _at(11, 30)
    assert ctx2.services.drafts.kept_forms() == []


# -- item 3: the wording follows why the draft was kept --------------------------------------
def test_a_draft_written_while_typing_then_kept_by_a_lock_says_locked_and_a_crash_says_closed(
    ctx,
    services,
    qtbot,
    app_paths,
    clock,
    after_crash,  # noqa: F811
) -> None:
    """The same form, one draft: the lock's own write marks it; typing again (autosave)
    after the unlock makes it a typing draft again, which a crash then leaves."""
    from leaddesk.ui.matrix.editor import open_task_editor

    task = services.tasks.capture("Budget review", quadrant=Quadrant.DO)
    editor = open_task_editor(ctx, None, task.id)
    editor.title_edit.clear()  # an empty title: the lock cannot save the form
    qtbot.keyClicks(editor.notes_edit, "numbers from finance")
    wait_for_draft(qtbot, services, "task", task.id)  # an autosave write first
    assert services.drafts.find_kept("task", task.id).at_lock is False
    ctx.lock()
    services = unlock_vault(app_paths, PASSPHRASE, clock)
    ctx.attach(services)
    assert services.drafts.find_kept("task", task.id).at_lock is True
    editor = open_task_editor(ctx, None, task.id)
    assert banner_text(editor) == [RESTORED_AT_LOCK_TEXT]
    qtbot.keyClicks(editor.notes_edit, ", and HR")  # typing on continues the restored text
    qtbot.waitUntil(
        lambda: services.drafts.find_kept("task", task.id).at_lock is False, timeout=3500
    )
    ctx2 = after_crash(editor, services)
    editor = open_task_editor(ctx2, None, task.id)
    assert editor.notes_edit.toPlainText() == "numbers from finance, and HR"
    assert banner_text(editor) == [RESTORED_TEXT]
    editor.reject()
