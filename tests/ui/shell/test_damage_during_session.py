"""Damage found after the unlock returned (issue 18): the app unlocks with the every-page
check in the background, so a damaged page can be met by the first screen or found by the
check later. Either way the user gets the same restore offer as an unlock that finds damage
(never a generic error), and nothing is written to the damaged vault.

Real damaged vault files (tests/storage/test_page_check.py flips the pages a batch of rows
was written to), the real launcher, window, unlock dialog and restore dialog.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

from leaddesk.bootstrap import Launcher, make_settings
from leaddesk.domain.errors import VaultDamagedError
from leaddesk.paths import AppPaths
from leaddesk.services.container import Services
from leaddesk.services.unlocking import unlock_vault, when_pages_checked
from leaddesk.ui.context import AppContext
from leaddesk.ui.dialogs.restore_backup import RestoreBackupDialog
from leaddesk.ui.dialogs.unlock import UnlockDialog
from leaddesk.ui.error_hook import ErrorHook
from leaddesk.ui.main_window import DAMAGE_NOTE, MainWindow
from tests.conftest import PASSPHRASE
from tests.storage.test_page_check import add_tasks, damage_pages, vault_with


def add_notes(services: Services) -> None:
    """Notes of one person: pages the first screen (the board) never reads."""
    person = services.people.add("Ada")
    raw = services.vault.raw_connection
    raw.execute("BEGIN")
    for i in range(200):
        raw.execute(
            "INSERT INTO notes (person_id, kind, written_on, body, situation, behavior, impact,"
            " agreed_actions) VALUES (?, 'observation', '2026-11-02', ?, '', '', '', '')",
            (person.id, f"note {i} " + "words " * 40),
        )
    raw.execute("COMMIT")


@pytest.fixture
def launch(qapp, qtbot) -> Iterator:  # type: ignore[no-untyped-def]
    launchers: list[Launcher] = []

    def start(paths: AppPaths) -> Launcher:
        launcher = Launcher(paths, make_settings(paths))
        launchers.append(launcher)
        launcher.start()
        return launcher

    yield start
    for launcher in launchers:
        launcher.shutdown()
        if launcher.dialog is not None:
            launcher.dialog.close()


def note_of(dialog: UnlockDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def unlock_and_answer_the_offer(
    dialog: UnlockDialog, qtbot, *, restore: bool
) -> list[RestoreBackupDialog]:  # type: ignore[no-untyped-def]
    """Type the passphrase into the unlock dialog; the restore dialog it opens (modal) is
    declined or used to restore the backup it preselects."""
    offered: list[RestoreBackupDialog] = []

    def answer() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, RestoreBackupDialog) and widget.isVisible():
                if widget in offered:
                    continue
                offered.append(widget)
                if restore:
                    widget.confirm = lambda backup: True  # the "Replace your vault?" box
                    widget.submit()
                else:
                    widget.reject()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    try:
        dialog.passphrase.setText(PASSPHRASE)
        dialog.submit()
        qtbot.waitUntil(lambda: bool(offered) and not dialog.busy, timeout=30_000)
        if restore:
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    finally:
        timer.stop()
    return offered


def test_a_damaged_page_the_first_screen_reads_leads_to_the_restore_offer(
    launch, app_paths, qtbot
) -> None:  # type: ignore[no-untyped-def]
    pages = vault_with(app_paths, add_tasks)  # open tasks: the board reads them first
    damage_pages(app_paths.vault, pages)

    launcher = launch(app_paths)
    dialog = launcher.dialog
    assert isinstance(dialog, UnlockDialog)
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(launcher.window_shown, timeout=30_000):
        dialog.submit()  # opens: the unlock itself reads none of the damaged pages
    window = launcher.window
    assert window is not None
    # The board met a damaged page: locked, and the unlock dialog says why.
    qtbot.waitUntil(lambda: window.unlock_dialog is not None, timeout=30_000)
    assert not window.ctx.is_unlocked and not window.isVisible()
    again = window.unlock_dialog
    assert DAMAGE_NOTE in note_of(again)

    offered = unlock_and_answer_the_offer(again, qtbot, restore=False)
    assert len(offered) == 1  # the restore offer, with the newest backup preselected
    assert offered[0].selected_path() is not None
    assert "damaged" in again.error.text() and again.isVisible()


def test_damage_found_by_the_background_check_refuses_writes_and_offers_a_restore(
    qapp, app_paths, qtbot
) -> None:  # type: ignore[no-untyped-def]
    pages = vault_with(app_paths, add_notes)  # notes: the board never reads them
    damage_pages(app_paths.vault, pages)
    damaged_bytes = app_paths.vault.read_bytes()

    ctx = AppContext(app_paths, make_settings(app_paths))
    ctx.attach(unlock_vault(app_paths, PASSPHRASE, check_pages_later=True))
    window = MainWindow(ctx)  # the board: built and filled, its pages are sound
    try:
        assert window.areas["matrix"] is not None and ctx.is_unlocked
        # A write right away: it waits for the check, which finds the damage: refused.
        outcome = ctx.run(lambda services: services.tasks.capture("Never saved"), "Capture")
        assert not outcome
        assert app_paths.vault.read_bytes() == damaged_bytes

        window.show()
        qtbot.waitUntil(lambda: window.unlock_dialog is not None, timeout=30_000)
        dialog = window.unlock_dialog
        assert not ctx.is_unlocked and DAMAGE_NOTE in note_of(dialog)

        offered = unlock_and_answer_the_offer(dialog, qtbot, restore=True)
        assert len(offered) == 1
        qtbot.waitUntil(lambda: window.isVisible() and ctx.is_unlocked, timeout=30_000)
        # The damaged file is kept aside; the restored vault takes writes again.
        assert any(p.read_bytes() == damaged_bytes for p in app_paths.data_dir.rglob("*.vault"))
        assert ctx.run(lambda services: services.tasks.capture("Saved again"), "Capture")
    finally:
        window.close()
        ctx.lock()
        ctx.undo_stack.clear()
        window.deleteLater()  # before the context it listens to goes
        qtbot.wait(50)


def test_damage_met_by_a_read_nothing_caught_leads_to_the_restore_offer(
    launch, app_paths, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """After the background check passed, a page goes bad and a read in a paint or an event
    handler meets it: the error hook hands it to the session (no 'unexpected error' box)."""
    pages = vault_with(app_paths, add_tasks)
    launcher = launch(app_paths)
    launcher.dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(launcher.window_shown, timeout=30_000):
        launcher.dialog.submit()
    window = launcher.window
    services = window.ctx.services
    checked: list[bool] = []
    when_pages_checked(services, checked.append)
    qtbot.waitUntil(lambda: checked == [False], timeout=30_000)  # sound when unlocked

    services.vault.raw_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage_pages(app_paths.vault, pages)
    services.vault.raw_connection.execute("PRAGMA shrink_memory")  # the next read hits the disk
    with pytest.raises(VaultDamagedError) as met:
        services.tasks.open_tasks()
    told: list[str] = []
    hook = ErrorHook(tell=told.append, on_damaged=launcher.damage_met)
    hook(type(met.value), met.value, met.value.__traceback__)  # as Qt hands it over
    assert told == []
    with pytest.raises(VaultDamagedError):  # on sound pages too: no more writes this session
        services.people.add("Written to a sound page of a damaged vault")
    qtbot.waitUntil(lambda: window.unlock_dialog is not None, timeout=30_000)
    dialog = window.unlock_dialog
    assert DAMAGE_NOTE in note_of(dialog) and not window.ctx.is_unlocked

    offered = unlock_and_answer_the_offer(dialog, qtbot, restore=False)
    assert len(offered) == 1 and "damaged" in dialog.error.text()
