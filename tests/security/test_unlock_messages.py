"""The unlock dialog says what is in the way when the operating system is (a lock held by
another program), offers a backup only for real damage (a lost -wal), and never counts
either as a wrong passphrase (issue 19, items 1 and 5). Real vaults, real dialog."""

from __future__ import annotations

from pathlib import Path

from leaddesk.paths import resolve_paths
from leaddesk.services.unlocking import create_vault, unlock_vault
from leaddesk.ui.dialogs.unlock import UnlockDialog
from tests.conftest import PASSPHRASE


def _dialog(qtbot, paths, offered: list[str]) -> UnlockDialog:  # type: ignore[no-untyped-def]
    def on_damaged(passphrase: str, parent):  # type: ignore[no-untyped-def]
        offered.append("restore")
        return None

    dialog = UnlockDialog(lambda text: unlock_vault(paths, text), on_damaged=on_damaged)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _try(qtbot, dialog: UnlockDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.passphrase.setText(PASSPHRASE)
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)


def test_a_vault_locked_by_another_program_is_said_so_and_no_backup_offered(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.storage.opening import driver

    paths = resolve_paths(tmp_path / "data")
    create_vault(paths, PASSPHRASE).close()
    holder = driver().connect(str(paths.vault), isolation_level=None)
    offered: list[str] = []
    try:
        holder.execute(f"PRAGMA key = '{PASSPHRASE}'")
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("CREATE TABLE other_program (x)")
        dialog = _dialog(qtbot, paths, offered)
        _try(qtbot, dialog)
        assert "locked by another program" in dialog.error.text()
        assert dialog.wrong_tries == 0 and offered == []
        assert dialog.passphrase.selectedText() == ""  # the passphrase was not the problem
        assert dialog.result() == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_lost_wal_is_damage_and_a_backup_is_offered(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.security.test_wal_damage import _crash_after_saving

    paths = resolve_paths(tmp_path / "data")
    create_vault(paths, PASSPHRASE).close()
    _crash_after_saving(paths.vault, count=5)
    Path(str(paths.vault) + "-wal").unlink()
    offered: list[str] = []
    dialog = _dialog(qtbot, paths, offered)
    _try(qtbot, dialog)
    assert "saved changes are missing" in dialog.error.text()
    assert offered == ["restore"] and dialog.wrong_tries == 0
