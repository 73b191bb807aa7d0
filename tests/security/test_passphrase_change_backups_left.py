"""Issue 19 item 9: a passphrase change never skips a backup in silence.

A backup that an earlier, interrupted change left under another passphrase cannot be
re-encrypted (LeadDesk does not know that passphrase). The change reports it, the service
lists it with its date, and the dialog tells the user in plain words.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from leaddesk.paths import AppPaths
from leaddesk.services.unlocking import create_vault, unlock_vault
from leaddesk.storage.opening import open_raw_connection, quote_passphrase
from tests.conftest import PASSPHRASE

NEW = "velvet orbit lantern quietly ninety"
EARLIER = "an earlier passphrase nobody remembers"


def _move_backup_to(path: Path, passphrase: str) -> None:
    conn = open_raw_connection(path, PASSPHRASE)
    try:
        conn.execute(f"PRAGMA rekey = {quote_passphrase(passphrase)}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def test_the_change_counts_and_lists_backups_it_left_behind(app_paths: AppPaths) -> None:
    create_vault(app_paths, PASSPHRASE).close()
    svc = unlock_vault(app_paths, PASSPHRASE)
    try:
        stray = svc.security.backup_now().path
        kept = svc.security.backup_now().path
        _move_backup_to(stray, EARLIER)
        assert svc.security.change_passphrase(PASSPHRASE, NEW) == 1
        left = svc.security.backups_not_opening_with(NEW)
        assert [info.path for info in left] == [stray]
        assert kept not in [info.path for info in left]
        svc.tasks.capture("the session goes on under the new passphrase")
    finally:
        svc.close()
    unlock_vault(app_paths, NEW).close()


def test_the_dialog_tells_the_user_which_backups_keep_an_earlier_passphrase(ctx, qtbot) -> None:
    from leaddesk.ui.dialogs.change_passphrase import ChangePassphraseDialog

    stray = ctx.services.security.backup_now()
    _move_backup_to(stray.path, EARLIER)
    dialog = ChangePassphraseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.current.setText(PASSPHRASE)
    dialog.new.setText(NEW)
    dialog.confirm.setText(NEW)
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, read_and_close)

    QTimer.singleShot(20, read_and_close)
    dialog.submit()
    assert dialog.backups_left_on_old == 1
    assert seen, "no message told the user about the backup left behind"
    assert "1 backup could not be re-encrypted" in seen[0]
    assert stray.day.strftime("%d %b %Y") in seen[0]
