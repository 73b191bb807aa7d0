"""Forms with a Save button keep what is typed as a draft in the vault (ui/form_draft.py).

"Nothing lost, ever": typed text is in the vault within 2 s even while typing goes on, also
in the task editor, the block editor and the tracker's dialogs, which save the record only
on Save. A crash (the form dropped without Save, Cancel or a lock, the services reopened on
the same vault file) brings the text back the next time the form opens; Save and Cancel
forget it; Cancel of a changed form asks first. Real vault, real dialogs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QWidget

from leaddesk.domain.model import BlockKind, DelegationStatus, Quadrant
from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.autosave import MAX_WAIT_MS
from leaddesk.ui.form_draft import RESTORED_AT_LOCK_TEXT, RESTORED_TEXT
from tests.conftest import BERLIN, PASSPHRASE
from tests.ui.test_autosave_steady_typing import check_deadline, type_steadily

DRAFT_DUE_MS = MAX_WAIT_MS + 1500  # the 2 s rule plus slack for a busy 2-core machine


@pytest.fixture(autouse=True)
def discard_when_asked(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Closing a changed form asks "Discard changes?" (a modal box); the windows a test
    leaves open are closed by pytest-qt, so the answer is yes unless a test asks itself."""
    from leaddesk.ui import record_dialog

    monkeypatch.setattr(record_dialog, "_ask_discard", lambda parent: True)


@pytest.fixture
def host(qtbot):  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def gone(dialog: QWidget) -> None:
    """The window dies with the process: nothing of the form's own closing runs (no reject,
    no accept, no lock, no last draft write). The dialog is only hidden and its timers
    stopped, and kept until the end of the test session: deleting its Qt objects under
    the live Python ones, as no path of the app does, left wrappers that crashed
    PySide6 6.11's garbage collection."""
    draft = getattr(dialog, "draft", None)
    if draft is not None:
        draft.autosave.stop()
    dialog.blockSignals(True)
    dialog.hide()
    _GONE.append(dialog)


_GONE: list[QWidget] = []


@pytest.fixture
def after_crash(app_paths, app_settings, clock) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """``after_crash(dialog, services)``: the app dies with ``dialog`` open (no Save, no
    Cancel, no lock: the dialog is destroyed, the vault connection dropped), then LeadDesk
    starts again on the same vault file; returns the new AppContext."""
    from leaddesk.ui.context import AppContext

    opened = []

    def crash_and_restart(dialog: QWidget, services) -> AppContext:  # type: ignore[no-untyped-def]
        gone(dialog)
        services.close()
        again = unlock_vault(app_paths, PASSPHRASE, clock)
        opened.append(again)
        ctx = AppContext(app_paths, app_settings, clock)
        ctx.attach(again)
        return ctx

    yield crash_and_restart
    for services in opened:
        services.close()


def wait_for_draft(qtbot, services, form: str, record_id: int | None) -> dict:  # type: ignore[no-untyped-def]
    found: list[dict] = []

    def kept() -> bool:
        draft = services.drafts.find(form, record_id)
        if draft is not None:
            found.append(draft)
        return draft is not None

    qtbot.waitUntil(kept, timeout=DRAFT_DUE_MS)
    return found[-1]


def banner_text(dialog: QWidget) -> list[str]:
    return [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.objectName() == "DraftNotice" and label.isVisible()
    ]


def discard_button(dialog: QWidget) -> QPushButton:
    (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Discard draft"]
    return button


# -- the task editor ----------------------------------------------------------------------
def test_steady_typing_in_the_task_editor_is_kept_within_two_seconds(ctx, services, qtbot) -> None:
    from leaddesk.ui.matrix.editor import open_task_editor

    task = services.tasks.capture("Write the RFC", quadrant=Quadrant.SCHEDULE)
    heard = []
    ctx.changed.connect(heard.append)
    editor = open_task_editor(ctx, None, task.id)
    elapsed, stored = type_steadily(
        qtbot,
        editor.notes_edit,
        lambda: (services.drafts.find("task", task.id) or {}).get("notes", ""),
    )
    check_deadline(elapsed, stored)
    assert services.tasks.get(task.id).notes == ""  # the task itself waits for Save
    assert ctx.undo_stack.count() == 0  # a draft is no undo step
    assert heard == []  # and no change notice: no view reloads for it
    editor.confirm_discard = lambda parent: True
    editor.reject()


def test_a_crash_with_the_task_editor_open_brings_the_typing_back(
    ctx, services, qtbot, after_crash
) -> None:
    from leaddesk.ui.matrix.editor import open_task_editor

    task = services.tasks.capture("Write the RFC", quadrant=Quadrant.SCHEDULE)
    editor = open_task_editor(ctx, None, task.id)
    assert banner_text(editor) == []  # nothing to restore the first time
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_End)
    qtbot.keyClicks(editor.title_edit, " for billing")
    editor.estimate_spin.setValue(90)
    qtbot.keyClicks(editor.notes_edit, "Ask Ana about the ledger")
    draft = wait_for_draft(qtbot, services, "task", task.id)
    assert draft["notes"] == "Ask Ana about the ledger"

    ctx2 = after_crash(editor, services)
    assert ctx2.services.tasks.get(task.id).title == "Write the RFC"  # never saved
    editor = open_task_editor(ctx2, None, task.id)
    assert banner_text(editor) == [RESTORED_TEXT]
    assert editor.title_edit.toPlainText() == "Write the RFC for billing"
    assert editor.estimate_spin.value() == 90
    assert editor.notes_edit.toPlainText() == "Ask Ana about the ledger"
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    saved = ctx2.services.tasks.get(task.id)
    assert (saved.title, saved.estimate_minutes, saved.notes) == (
        "Write the RFC for billing",
        90,
        "Ask Ana about the ledger",
    )
    assert ctx2.services.drafts.find("task", task.id) is None  # Save forgets the draft
    assert ctx2.undo_stack.count() == 1


def test_discard_on_a_restored_draft_shows_the_task_as_stored(
    ctx, services, qtbot, after_crash
) -> None:
    from leaddesk.ui.matrix.editor import open_task_editor

    task = services.tasks.capture("Plan the offsite", quadrant=Quadrant.DO)
    editor = open_task_editor(ctx, None, task.id)
    qtbot.keyClicks(editor.requester_edit, "Mia")
    wait_for_draft(qtbot, services, "task", task.id)
    ctx2 = after_crash(editor, services)
    editor = open_task_editor(ctx2, None, task.id)
    assert editor.requester_edit.text() == "Mia"
    discard_button(editor).click()
    assert editor.requester_edit.text() == ""
    assert banner_text(editor) == []
    assert ctx2.services.drafts.find("task", task.id) is None
    asked = []
    editor.confirm_discard = lambda parent: asked.append(parent) or False
    editor.reject()  # nothing changed any more: closes without a question
    assert asked == [] and not editor.isVisible()


def test_cancel_of_a_changed_form_asks_then_forgets_the_draft(ctx, services, qtbot) -> None:
    from leaddesk.ui.matrix.editor import open_task_editor

    task = services.tasks.capture("Review the hiring plan", quadrant=Quadrant.DO)
    editor = open_task_editor(ctx, None, task.id)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_End)
    qtbot.keyClicks(editor.title_edit, " by Friday")
    wait_for_draft(qtbot, services, "task", task.id)
    answers = [False, True]
    asked = []
    editor.confirm_discard = lambda parent: asked.append(parent) or answers.pop(0)
    editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert editor.isVisible()  # "Keep editing"
    assert services.drafts.find("task", task.id) is not None
    editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert asked == [editor, editor] and not editor.isVisible()
    assert services.drafts.find("task", task.id) is None
    assert services.tasks.get(task.id).title == "Review the hiring plan"


def test_a_lock_keeps_what_it_cannot_save_as_the_draft(
    ctx, services, qtbot, app_paths, clock
) -> None:
    from leaddesk.ui.matrix.editor import open_task_editor

    task = services.tasks.capture("Budget review", quadrant=Quadrant.DO)
    editor = open_task_editor(ctx, None, task.id)
    editor.title_edit.clear()  # an empty title cannot be saved ...
    qtbot.keyClicks(editor.notes_edit, "numbers from finance")  # ... but this was typed
    ctx.lock()
    assert not editor.isVisible()
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert ctx.services.tasks.get(task.id).notes == ""
    editor = open_task_editor(ctx, None, task.id)
    assert editor.notes_edit.toPlainText() == "numbers from finance"
    assert banner_text(editor) == [RESTORED_AT_LOCK_TEXT]  # a lock kept it, not a crash
    # a valid form is saved by the lock itself, and then no draft is left
    editor.title_edit.setPlainText("Budget review")
    ctx.lock()
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, clock))
    assert ctx.services.tasks.get(task.id).notes == "numbers from finance"
    assert ctx.services.drafts.kept_forms() == []
    ctx.lock()


# -- the block editor -----------------------------------------------------------------------
def _block_editor(ctx, block=None, start=None, end=None):  # type: ignore[no-untyped-def]
    from leaddesk.ui.week.editor import BlockEditor

    dialog = BlockEditor(BERLIN, block, start=start, end=end)
    dialog.bind(ctx, save=lambda: False)  # as the week area binds it
    dialog.show()
    return dialog


def test_a_crash_with_the_block_editor_open_brings_the_typing_back(
    ctx, services, qtbot, after_crash
) -> None:
    start = datetime(2026, 11, 19, 9, 0, tzinfo=BERLIN)
    end = datetime(2026, 11, 19, 10, 0, tzinfo=BERLIN)
    block_id = services.blocks.create("Deep work", BlockKind.FOCUS, start, end).created_ids[0]
    editor = _block_editor(ctx, services.blocks.get(block_id))
    editor.title_edit.end(False)
    qtbot.keyClicks(editor.title_edit, ": billing RFC")
    editor.end_edit.setTime(QTime(11, 30))
    wait_for_draft(qtbot, services, "block", block_id)
    new = _block_editor(ctx, start=start, end=end)  # a new block, typed and not saved
    qtbot.keyClicks(new.title_edit, "Prepare the offsite")
    wait_for_draft(qtbot, services, "block", None)
    gone(new)

    ctx2 = after_crash(editor, services)
    assert ctx2.services.blocks.get(block_id).title == "Deep work"
    editor = _block_editor(ctx2, ctx2.services.blocks.get(block_id))
    qtbot.addWidget(editor)
    assert banner_text(editor) == [RESTORED_TEXT]
    assert editor.title_edit.text() == "Deep work: billing RFC"
    assert editor.end_edit.time() == QTime(11, 30)
    assert editor.is_modified() and not editor.problem()
    new = _block_editor(ctx2, start=start, end=end)
    qtbot.addWidget(new)
    assert new.title_edit.text() == "Prepare the offsite"
    new.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert ctx2.services.drafts.find("block", None) is None
    editor.confirm_discard = lambda parent: True
    editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert ctx2.services.drafts.kept_forms() == []


# -- the delegation tracker's dialogs --------------------------------------------------------
def test_a_crash_in_a_new_delegation_brings_it_back_and_delegating_forgets_it(
    ctx, services, qtbot, host, after_crash
) -> None:
    from leaddesk.ui.delegation.create import find_open_dialog, open_new_delegation

    services.people.add("Ana Pérez")
    open_new_delegation(ctx, host)
    dialog = find_open_dialog(ctx)
    assert dialog is not None
    qtbot.keyClicks(dialog.task_combo.lineEdit(), "Migrate the CI runners")
    dialog.person_combo.setCurrentIndex(0)
    qtbot.keyClicks(dialog.outcome_edit, "All jobs green on the new runners")
    wait_for_draft(qtbot, services, "delegation", None)

    ctx2 = after_crash(dialog, services)
    open_new_delegation(ctx2, host)
    dialog = find_open_dialog(ctx2)
    assert dialog is not None
    assert banner_text(dialog) == [RESTORED_TEXT]
    assert dialog.task_combo.currentText() == "Migrate the CI runners"
    assert dialog.person_combo.currentText() == "Ana Pérez"
    assert dialog.outcome_edit.toPlainText() == "All jobs green on the new runners"
    dialog.accept()
    assert dialog.error.isHidden(), dialog.error.text()
    assert dialog.created_id is not None
    made = ctx2.services.delegations.get(dialog.created_id)
    assert made.expected_outcome == "All jobs green on the new runners"
    assert ctx2.services.drafts.kept_forms() == []


def _delegation(services):  # type: ignore[no-untyped-def]
    ana = services.people.add("Ana Pérez")
    task = services.tasks.capture("Write the RFC", quadrant=Quadrant.DO)
    return services.delegations.create(task.id, ana.id)


def test_a_crash_in_a_check_in_brings_the_note_back(
    ctx, services, qtbot, host, after_crash
) -> None:
    from leaddesk.ui.delegation.checkin import open_check_in

    delegation = _delegation(services)
    dialog = open_check_in(ctx, host, delegation.id)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("blocked"))
    qtbot.keyClicks(dialog.note_edit, "Waiting on the infra team")
    wait_for_draft(qtbot, services, "check-in", delegation.id)

    ctx2 = after_crash(dialog, services)
    dialog = open_check_in(ctx2, host, delegation.id)
    assert banner_text(dialog) == [RESTORED_TEXT]
    assert dialog.note_edit.toPlainText() == "Waiting on the infra team"
    assert dialog.status_combo.currentData() == "blocked"
    dialog.accept()
    assert ctx2.services.delegations.get(delegation.id).status is DelegationStatus.BLOCKED
    assert ctx2.services.drafts.kept_forms() == []


def test_a_crash_in_a_debrief_brings_it_back_and_cancel_forgets_it(
    ctx, services, qtbot, host, after_crash
) -> None:
    from leaddesk.ui.delegation.debrief import open_debrief

    delegation = _delegation(services)
    dialog = open_debrief(ctx, host, delegation.id)
    dialog.cancel_radio.setChecked(True)
    qtbot.keyClicks(dialog.edits["worked"], "Pairing on day one")
    wait_for_draft(qtbot, services, "debrief", delegation.id)

    ctx2 = after_crash(dialog, services)
    dialog = open_debrief(ctx2, host, delegation.id)
    assert banner_text(dialog) == [RESTORED_TEXT]
    assert dialog.edits["worked"].toPlainText() == "Pairing on day one"
    assert dialog.status is DelegationStatus.CANCELLED
    dialog.confirm_discard = lambda parent: True
    dialog.reject()
    assert ctx2.services.drafts.kept_forms() == []
    assert ctx2.services.delegations.get(delegation.id).status is DelegationStatus.ACTIVE


# -- privacy ------------------------------------------------------------------------------------
def test_a_draft_is_only_in_the_encrypted_vault(
    ctx, services, qtbot, caplog, tmp_path: Path, app_settings
) -> None:
    """Not in a log line, not in QSettings, not in any other file LeadDesk wrote."""
    from leaddesk.ui.matrix.editor import open_task_editor

    marker = "quokka-ledger-5521"
    task = services.tasks.capture("Write the RFC", quadrant=Quadrant.DO)
    caplog.set_level("DEBUG")
    editor = open_task_editor(ctx, None, task.id)
    qtbot.keyClicks(editor.notes_edit, marker)
    wait_for_draft(qtbot, services, "task", task.id)
    app_settings.qsettings.sync()
    assert marker not in caplog.text
    leaks = [
        path
        for path in tmp_path.rglob("*")
        if path.is_file() and marker.encode() in path.read_bytes()
    ]
    assert leaks == []
    editor.confirm_discard = lambda parent: True
    editor.reject()


# -- a real crash ---------------------------------------------------------------------------
KILLED_CHILD = """
import os, signal, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from leaddesk.domain.model import Quadrant
from leaddesk.paths import resolve_paths
from leaddesk.services.unlocking import create_vault
from leaddesk.ui.context import AppContext
from leaddesk.ui.matrix.editor import open_task_editor
from leaddesk.ui.settings import AppSettings

app = QApplication([])
paths = resolve_paths(Path(sys.argv[1]))
services = create_vault(paths, sys.argv[2])
task = services.tasks.capture("Write the RFC", quadrant=Quadrant.DO)
paths.config_dir.mkdir(parents=True, exist_ok=True)
settings = AppSettings(QSettings(str(paths.settings_file), QSettings.Format.IniFormat))
ctx = AppContext(paths, settings)
ctx.attach(services)
editor = open_task_editor(ctx, None, task.id)
started = time.monotonic()
for char in "typed while the app died":  # steady typing, one key every 100 ms
    QTest.keyClick(editor.notes_edit, char)
    deadline = time.monotonic() + 0.1
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
while time.monotonic() - started < 3.0:  # the 2 s rule has passed
    app.processEvents()
    time.sleep(0.01)
print(task.id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_draft_survives_a_killed_process(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from leaddesk.paths import resolve_paths

    vault_dir = tmp_path / "killed"
    result = subprocess.run(
        [sys.executable, "-c", KILLED_CHILD, str(vault_dir), PASSPHRASE],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == -9, result.stderr[-2000:]
    task_id = int(result.stdout.split()[-1])
    services = unlock_vault(resolve_paths(vault_dir), PASSPHRASE)
    try:
        draft = services.drafts.find("task", task_id)
        assert draft is not None and draft["notes"].startswith("typed while")
        assert services.tasks.get(task_id).notes == ""  # the task waits for Save
        assert services.vault.integrity_ok()
    finally:
        services.close()


pytestmark = pytest.mark.usefixtures("deletes_flushed")
