"""The restore dialog tells the true reason a backup was refused, and the vault stays put
(issue 19, items 5 and 13)."""

from __future__ import annotations

from leaddesk.services import security
from leaddesk.services.unlocking import unlock_vault
from leaddesk.storage.opening import open_raw_connection
from leaddesk.ui.dialogs.restore_backup import RestoreBackupDialog
from tests.conftest import PASSPHRASE


def test_a_crafted_backup_is_refused_in_plain_words(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    ctx.services.tasks.capture("mine")
    crafted = ctx.paths.backups / "leaddesk-20260101T000000Z-manual.leaddesk-backup"
    ctx.paths.backups.mkdir(parents=True, exist_ok=True)
    ctx.services.security.export_backup(crafted)
    ctx.lock()
    conn = open_raw_connection(crafted, PASSPHRASE)
    try:  # a view standing in for the tasks table (it could read anything)
        conn.execute("ALTER TABLE tasks RENAME TO tasks_real")
        conn.execute("CREATE VIEW tasks AS SELECT * FROM tasks_real")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    before = ctx.paths.vault.read_bytes()
    assert [b.path for b in security.list_backups(ctx.paths)] == [crafted]

    dialog = RestoreBackupDialog(ctx.paths, passphrase=PASSPHRASE)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.confirm = lambda backup: True  # type: ignore[method-assign]
    dialog.restore_button.click()

    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.isVisible()
    assert "not a LeadDesk vault or backup; nothing was changed" in dialog.error.text()
    assert ctx.paths.vault.read_bytes() == before
    assert not (ctx.paths.data_dir / "set-aside").exists()
    services = unlock_vault(ctx.paths, PASSPHRASE)
    try:
        assert [t.title for t in services.tasks.open_tasks()] == ["mine"]
    finally:
        services.close()
