"""Change-passphrase and restore-from-backup dialogs over a real vault."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from leaddesk.domain.errors import WrongPassphraseError
from leaddesk.services import security
from leaddesk.services.unlocking import unlock_vault
from leaddesk.ui.dialogs.change_passphrase import ChangePassphraseDialog
from leaddesk.ui.dialogs.restore_backup import RestoreBackupDialog, human_size
from tests.conftest import PASSPHRASE


def _focusable_without_name(dialog: QWidget) -> list[str]:
    from PySide6.QtCore import Qt

    return [
        type(w).__name__
        for w in dialog.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not w.accessibleName()
        and type(w).__name__ not in ("QDialogButtonBox", "QHeaderView", "QScrollBar")
        and not w.objectName().startswith("qt_")
    ]


def test_change_passphrase_dialog_changes_it(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = ChangePassphraseDialog(ctx)
    qtbot.addWidget(dialog)
    assert _focusable_without_name(dialog) == []
    dialog.current.setText(PASSPHRASE)
    dialog.new.setText("a brand new passphrase")
    dialog.confirm.setText("a brand new passphrase")
    assert dialog.strength.text().strip()
    dialog.change_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert all(not f.text() for f in dialog.findChildren(QLineEdit))  # nothing kept
    ctx.lock()
    with pytest.raises(WrongPassphraseError):
        unlock_vault(ctx.paths, PASSPHRASE)
    unlock_vault(ctx.paths, "a brand new passphrase").close()


def test_change_passphrase_dialog_refuses_wrong_current(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = ChangePassphraseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.current.setText("not it")
    dialog.new.setText("another one")
    dialog.confirm.setText("another one")
    dialog.change_button.click()
    assert dialog.error.isVisibleTo(dialog)
    assert "not right" in dialog.error.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.current.setText(PASSPHRASE)
    dialog.confirm.setText("different")
    dialog.change_button.click()
    assert "differ" in dialog.error.text()
    ctx.lock()
    unlock_vault(ctx.paths, PASSPHRASE).close()  # unchanged


def test_restore_dialog_lists_and_restores(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    ctx.services.tasks.capture("in the backup")
    ctx.lock()
    services = unlock_vault(ctx.paths, PASSPHRASE)  # takes today's backup
    services.tasks.capture("after the backup")
    services.close()
    (info,) = security.list_backups(ctx.paths)

    locked: list[bool] = []
    dialog = RestoreBackupDialog(
        ctx.paths, passphrase=PASSPHRASE, before_restore=lambda: locked.append(True)
    )
    qtbot.addWidget(dialog)
    assert _focusable_without_name(dialog) == []
    assert dialog.list.topLevelItemCount() == 1
    item = dialog.list.topLevelItem(0)
    assert item.text(1).strip() == human_size(info.size_bytes)
    assert str(info.taken_at.astimezone().year) in item.text(0)
    asked: list[str] = []
    dialog.confirm = lambda backup: asked.append(backup.name) or True  # type: ignore[method-assign]
    dialog.restore_button.click()

    assert asked == [info.path.name] and locked == [True]
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.restore_result is not None and dialog.restore_result.set_aside.exists()
    services = unlock_vault(ctx.paths, dialog.passphrase_used)
    try:
        assert [t.title for t in services.tasks.open_tasks()] == ["in the backup"]
    finally:
        services.close()


def test_restore_dialog_declined_or_wrong_changes_nothing(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    ctx.lock()
    unlock_vault(ctx.paths, PASSPHRASE).close()
    before = ctx.paths.vault.read_bytes()
    dialog = RestoreBackupDialog(ctx.paths, passphrase="wrong passphrase")
    qtbot.addWidget(dialog)
    dialog.confirm = lambda backup: False  # type: ignore[method-assign]
    dialog.restore_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.confirm = lambda backup: True  # type: ignore[method-assign]
    dialog.restore_button.click()
    assert "does not open" in dialog.error.text()
    assert ctx.paths.vault.read_bytes() == before


def test_restore_dialog_empty_state(qtbot, app_paths) -> None:  # type: ignore[no-untyped-def]
    dialog = RestoreBackupDialog(app_paths)
    qtbot.addWidget(dialog)
    assert dialog.empty.isVisibleTo(dialog)
    assert not dialog.list.isVisibleTo(dialog)
    assert not dialog.restore_button.isEnabled()


def test_human_size() -> None:
    assert human_size(900) == "900 bytes"
    assert human_size(2048) == "2.0 KB"
    assert human_size(5 * 1024 * 1024) == "5.0 MB"


def test_safety_panel_backs_up_and_reports(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.dialogs.restore_backup import VaultSafetyPanel

    panel = VaultSafetyPanel(ctx)
    qtbot.addWidget(panel)
    assert "No backups yet" in panel.status.text()
    assert _focusable_without_name(panel) == []
    panel.backup_button.click()
    assert "1 encrypted backup beside" in panel.status.text()
    (info,) = security.list_backups(ctx.paths)
    assert info.reason == "manual"


def test_back_up_now_keeps_the_focus_and_restores_the_cursor(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The backup runs on the GUI thread (up to ~1 s at fifty years): the button is off and
    the cursor busy meanwhile; afterwards the keyboard user is still on the button, and a
    refused backup (here a read-only backup folder) leaves no busy cursor behind."""
    from PySide6.QtWidgets import QApplication

    from leaddesk.domain.errors import VaultReadOnlyError
    from leaddesk.ui.dialogs.restore_backup import VaultSafetyPanel

    panel = VaultSafetyPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.backup_button.setFocus()
    qtbot.waitUntil(panel.backup_button.hasFocus)
    seen: list[tuple[bool, bool]] = []
    real = ctx.services.security.backup_now

    def watched() -> object:
        seen.append((panel.backup_button.isEnabled(), QApplication.overrideCursor() is not None))
        return real()

    monkeypatch.setattr(ctx.services.security, "backup_now", watched)
    qtbot.keyClick(panel.backup_button, Qt.Key.Key_Space)
    assert seen == [(False, True)]
    assert panel.backup_button.hasFocus() and panel.backup_button.isEnabled()
    assert QApplication.overrideCursor() is None
    assert "1 encrypted backup beside" in panel.status.text()

    def refused() -> object:
        raise VaultReadOnlyError("The backup folder is read-only; nothing was written.")

    monkeypatch.setattr(ctx.services.security, "backup_now", refused)
    reported: list[str] = []
    monkeypatch.setattr(ctx, "report", lambda exc, parent=None: reported.append(str(exc)))
    panel.backup_button.click()
    assert reported == ["The backup folder is read-only; nothing was written."]
    assert QApplication.overrideCursor() is None and panel.backup_button.isEnabled()
