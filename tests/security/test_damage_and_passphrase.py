"""A damaged vault is told apart from a wrong passphrase (files untouched); passphrase
change proves the old one and re-encrypts vault and backups; encrypted export and import."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from leaddesk.domain.errors import (
    ValidationError,
    VaultDamagedError,
    WrongPassphraseError,
)
from leaddesk.paths import AppPaths, resolve_paths
from leaddesk.services import security
from leaddesk.services.unlocking import create_vault, unlock_vault
from leaddesk.storage import backups, verifier
from tests.conftest import PASSPHRASE


def _vault_with_data(app_paths: AppPaths, count: int = 300) -> None:
    """``count`` tasks in one transaction (300 spread over ~20 pages), then a first unlock."""
    svc = create_vault(app_paths, PASSPHRASE)
    raw = svc.vault.raw_connection
    raw.execute("BEGIN")
    for i in range(count):
        raw.execute(
            "INSERT INTO tasks (title, quadrant, position, notes, requester, only_i_can, status)"
            " VALUES (?, 'inbox', ?, '', '', 0, 'open')",
            (f"task number {i} " + "padding " * 20, float(i)),
        )
    raw.execute("COMMIT")
    svc.close()
    unlock_vault(app_paths, PASSPHRASE).close()  # first unlock: verifier and a backup


def _overwrite_first_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:4096] = os.urandom(4096)
    path.write_bytes(bytes(data))


def _flip_mid_file(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 32] = bytes(b ^ 0x5A for b in data[middle : middle + 32])
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _dir_snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("damage", [_overwrite_first_page, _flip_mid_file, _truncate])
def test_damage_is_not_called_a_wrong_passphrase(
    app_paths: AppPaths, damage: Callable[[Path], None]
) -> None:
    _vault_with_data(app_paths)
    damage(app_paths.vault)
    before = _dir_snapshot(app_paths.data_dir)

    with pytest.raises(VaultDamagedError) as info:
        unlock_vault(app_paths, PASSPHRASE)
    assert "damaged" in str(info.value)
    assert PASSPHRASE not in str(info.value)
    with pytest.raises(WrongPassphraseError) as wrong:
        unlock_vault(app_paths, "a different passphrase")
    assert not isinstance(wrong.value, VaultDamagedError)

    assert _dir_snapshot(app_paths.data_dir) == before  # nothing written, nothing moved


@pytest.mark.parametrize("damage", [_overwrite_first_page, _flip_mid_file])
def test_damaged_vault_is_moved_aside_and_newest_backup_restored(
    app_paths: AppPaths, damage: Callable[[Path], None]
) -> None:
    _vault_with_data(app_paths, 20)
    damaged_bytes = None
    damage(app_paths.vault)
    damaged_bytes = app_paths.vault.read_bytes()
    with pytest.raises(VaultDamagedError):
        unlock_vault(app_paths, PASSPHRASE)

    offer = security.newest_backup_that_opens(app_paths, PASSPHRASE)
    assert offer is not None
    result = security.restore_backup(app_paths, offer.path, PASSPHRASE)

    assert result.set_aside is not None
    assert result.set_aside.read_bytes() == damaged_bytes  # kept, never deleted
    svc = unlock_vault(app_paths, PASSPHRASE)
    try:
        assert len(svc.tasks.open_tasks()) == 20
    finally:
        svc.close()


def test_wrong_passphrase_without_verifier_still_refused(app_paths: AppPaths) -> None:
    svc = create_vault(app_paths, PASSPHRASE)
    svc.close()
    assert not verifier.verifier_path(app_paths.vault).exists()
    with pytest.raises(WrongPassphraseError):
        unlock_vault(app_paths, "nope")
    unlock_vault(app_paths, PASSPHRASE).close()
    assert verifier.verifier_path(app_paths.vault).exists()  # settled at the first unlock


def test_verifier_is_not_the_vault_key(app_paths: AppPaths) -> None:
    _vault_with_data(app_paths, 1)
    text = verifier.verifier_path(app_paths.vault).read_text()
    assert PASSPHRASE not in text
    assert '"iterations": 256000' in text
    vault_salt = app_paths.vault.read_bytes()[:16].hex()
    assert vault_salt not in text


def test_change_passphrase_requires_the_old_one(app_paths: AppPaths) -> None:
    _vault_with_data(app_paths, 3)
    svc = unlock_vault(app_paths, PASSPHRASE)
    try:
        with pytest.raises(ValidationError):
            svc.security.change_passphrase("not the old one", "brand new passphrase")
        with pytest.raises(ValidationError):
            svc.security.change_passphrase(PASSPHRASE, PASSPHRASE)
        with pytest.raises(ValidationError):
            svc.security.change_passphrase(PASSPHRASE, "")
        svc.tasks.capture("still works")
    finally:
        svc.close()
    unlock_vault(app_paths, PASSPHRASE).close()  # unchanged


def test_change_passphrase_reencrypts_vault_and_backups(app_paths: AppPaths) -> None:
    _vault_with_data(app_paths, 5)
    svc = unlock_vault(app_paths, PASSPHRASE)
    try:
        assert svc.security.change_passphrase(PASSPHRASE, "a new passphrase") == 0
        svc.tasks.capture("after the change")  # the session goes on with the new key
    finally:
        svc.close()
    with pytest.raises(WrongPassphraseError):
        unlock_vault(app_paths, PASSPHRASE)
    svc = unlock_vault(app_paths, "a new passphrase")
    try:
        assert len(svc.tasks.open_tasks()) == 6
    finally:
        svc.close()
    for info in security.list_backups(app_paths):
        backups.verify_copy(info.path, "a new passphrase")
        with pytest.raises(WrongPassphraseError):
            backups.verify_copy(info.path, PASSPHRASE)
    assert not verifier.pending_path(app_paths.vault).exists()


def test_export_and_import_move_everything(app_paths: AppPaths, tmp_path: Path) -> None:
    _vault_with_data(app_paths, 4)
    svc = unlock_vault(app_paths, PASSPHRASE)
    target = tmp_path / "moving.leaddesk-backup"
    try:
        info = svc.security.export_backup(target)
        with pytest.raises(ValidationError):
            svc.security.export_backup(target)  # never overwrites
    finally:
        svc.close()
    assert info.size_bytes == target.stat().st_size > 0
    assert not target.read_bytes().startswith(b"SQLite format 3")
    assert b"task number" not in target.read_bytes()

    other = resolve_paths(tmp_path / "new-machine")
    security.import_backup(other, target, PASSPHRASE)
    svc = unlock_vault(other, PASSPHRASE)
    try:
        assert len(svc.tasks.open_tasks()) == 4
    finally:
        svc.close()

    # Importing over an existing vault keeps that vault aside.
    result = security.import_backup(other, target, PASSPHRASE)
    assert result.set_aside is not None and result.set_aside.exists()
    with pytest.raises(WrongPassphraseError):
        security.import_backup(other, target, "wrong")


def test_without_verifier_a_backup_that_opens_proves_damage(app_paths: AppPaths) -> None:
    _vault_with_data(app_paths, 50)
    verifier.verifier_path(app_paths.vault).unlink()
    _overwrite_first_page(app_paths.vault)
    with pytest.raises(VaultDamagedError):
        unlock_vault(app_paths, PASSPHRASE)
    with pytest.raises(WrongPassphraseError) as wrong:
        unlock_vault(app_paths, "a different passphrase")
    assert not isinstance(wrong.value, VaultDamagedError)
    assert not verifier.verifier_path(app_paths.vault).exists()  # nothing written
