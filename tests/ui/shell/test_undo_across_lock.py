"""The undo history survives a lock and unlock of the same vault, and is inert while locked.

An accidental delete shortly before an idle lock must still be undoable after unlocking; a
different vault, a restored backup or a changed passphrase starts with an empty history.
"""

from __future__ import annotations

from datetime import date

import pytest

from leaddesk.services.unlocking import create_vault, unlock_vault
from leaddesk.ui.people.commands import DeleteNoteCommand, RemoveGoalCommand
from tests.conftest import PASSPHRASE


@pytest.fixture
def ana(ctx):  # type: ignore[no-untyped-def]
    return ctx.services.people.add("Ana Pérez", started_on=date(2024, 3, 1))


def _relock_and_unlock(ctx, app_paths, clock) -> None:  # type: ignore[no-untyped-def]
    ctx.lock()
    assert not ctx.is_unlocked
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))


def test_a_removed_goal_comes_back_with_undo_after_lock_and_unlock(
    ctx, ana, app_paths, clock
) -> None:
    goal = ctx.services.notes.add_goal(ana.id, "Lead the Q1 migration", next_step="Draft RFC")
    assert ctx.push(RemoveGoalCommand(ctx.services, goal.id))
    assert ctx.services.notes.goals(ana.id) == []

    _relock_and_unlock(ctx, app_paths, clock)

    assert ctx.undo_stack.canUndo()
    ctx.undo_stack.undo()
    goals = ctx.services.notes.goals(ana.id)
    assert [g.goal for g in goals] == ["Lead the Q1 migration"]
    ctx.undo_stack.redo()  # and redo still reaches the reopened vault
    assert ctx.services.notes.goals(ana.id) == []


def test_a_deleted_note_survives_two_lock_cycles(ctx, ana, app_paths, clock) -> None:
    note = ctx.services.notes.add_note(ana.id, body="Wants to move to the platform team")
    assert ctx.push(DeleteNoteCommand(ctx.services, note.id))
    _relock_and_unlock(ctx, app_paths, clock)
    _relock_and_unlock(ctx, app_paths, clock)
    ctx.undo_stack.undo()
    assert ctx.services.notes.get(note.id).body == "Wants to move to the platform team"


def test_undo_while_locked_is_disabled_and_does_nothing(
    ctx, ana, app_paths, clock, make_window
) -> None:
    window = make_window()
    goal = ctx.services.notes.add_goal(ana.id, "Mentor Bo on code review")
    assert ctx.push(RemoveGoalCommand(ctx.services, goal.id))
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Remove growth goal"

    window.lock_now()
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert window.undo_action.text() == "&Undo"  # no command text while locked
    window.undo_action.trigger()
    ctx.undo_stack.undo()  # a direct call is ignored too: the vault is closed
    assert ctx.undo_stack.index() == 1 and ctx.undo_stack.count() == 1

    check = unlock_vault(app_paths, PASSPHRASE, clock)  # nothing was half-applied
    try:
        assert check.notes.goals(ana.id) == []
    finally:
        check.close()

    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Remove growth goal"
    window.undo_action.trigger()
    assert [g.goal for g in ctx.services.notes.goals(ana.id)] == ["Mentor Bo on code review"]


def test_push_while_locked_is_refused_without_touching_the_stack(ctx, monkeypatch) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(ctx, "report", lambda exc, parent=None: reported.append(exc))
    ctx.lock()
    ran: list[str] = []
    assert not ctx.run(lambda s: ran.append("apply"), "x")
    assert ran == [] and ctx.undo_stack.count() == 0 and len(reported) == 1


def test_opening_another_vault_clears_the_history(ctx, ana, tmp_path, clock) -> None:
    from leaddesk.paths import resolve_paths

    goal = ctx.services.notes.add_goal(ana.id, "Own the on-call rota")
    assert ctx.push(RemoveGoalCommand(ctx.services, goal.id))
    ctx.lock()
    other = create_vault(resolve_paths(tmp_path / "other-vault"), PASSPHRASE, clock)
    ctx.attach(other)
    assert ctx.undo_stack.count() == 0
    ctx.lock()


def test_a_restore_lock_forgets_the_history(ctx, ana, app_paths, clock) -> None:
    goal = ctx.services.notes.add_goal(ana.id, "Give a conference talk")
    assert ctx.push(RemoveGoalCommand(ctx.services, goal.id))
    ctx.lock(forget_history=True)  # what Preferences → Restore from backup does
    assert ctx.undo_stack.count() == 0
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert not ctx.undo_stack.canUndo()


def test_a_replaced_vault_file_starts_a_new_history(ctx, ana, app_paths, clock) -> None:
    """A restore done from the unlock dialog (already locked) replaces the file: new inode."""
    import os
    import shutil

    goal = ctx.services.notes.add_goal(ana.id, "Run the retro")
    assert ctx.push(RemoveGoalCommand(ctx.services, goal.id))
    ctx.lock()
    copy = app_paths.vault.with_name("copy")
    shutil.copyfile(app_paths.vault, copy)
    os.replace(copy, app_paths.vault)
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert ctx.undo_stack.count() == 0


def test_changing_the_passphrase_clears_the_history(ctx, ana, qtbot) -> None:
    from leaddesk.ui.dialogs.change_passphrase import ChangePassphraseDialog

    goal = ctx.services.notes.add_goal(ana.id, "Pair on the parser")
    assert ctx.push(RemoveGoalCommand(ctx.services, goal.id))
    dialog = ChangePassphraseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.current.setText(PASSPHRASE)
    dialog.new.setText("a new and long passphrase")
    dialog.confirm.setText("a new and long passphrase")
    dialog.change_button.click()
    qtbot.waitUntil(lambda: ctx.undo_stack.count() == 0, timeout=10_000)


def test_restore_from_preferences_locks_and_forgets_the_history(
    ctx, ana, qtbot, monkeypatch
) -> None:
    from leaddesk.ui.dialogs import restore_backup

    def fake_exec(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog._before_restore()  # what choosing a backup does before replacing the file
        return 0

    monkeypatch.setattr(restore_backup.RestoreBackupDialog, "exec", fake_exec)
    goal = ctx.services.notes.add_goal(ana.id, "Grow into tech lead")
    assert ctx.push(RemoveGoalCommand(ctx.services, goal.id))
    panel = restore_backup.VaultSafetyPanel(ctx)
    qtbot.addWidget(panel)
    panel.restore_button.click()
    assert not ctx.is_unlocked
    assert ctx.undo_stack.count() == 0
