"""The verifier and the backups are bound to their vault by a random vault id, and backups
are ordered by the vault's commit counter, not the clock (issue 19, items 6, 7 and 9)."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from leaddesk.domain.errors import VaultDamagedError, WrongPassphraseError
from leaddesk.services.container import Services
from leaddesk.storage import backups, verifier
from leaddesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

OTHER = "the passphrase of the vault that was here before"


def _damage_first_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(100, 400):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def test_init_where_a_vault_was_removed_does_not_keep_its_verifier(tmp_path: Path) -> None:
    path = tmp_path / "data" / "leaddesk.vault"
    Vault.create(path, OTHER).close()
    Vault.open(path, OTHER).close()  # the first vault's verifier is written
    path.unlink()  # the vault is removed, its verifier stays behind
    Vault.create(path, PASSPHRASE).close()
    vault = Vault.open(path, PASSPHRASE)
    vault_id = vault.vault_id
    vault.close()
    assert vault_id and verifier.recorded_vault_id(path) == vault_id
    _damage_first_page(path)
    with pytest.raises(VaultDamagedError):  # the right passphrase reads "damaged"...
        Vault.open(path, PASSPHRASE)
    with pytest.raises(WrongPassphraseError):  # ...and the old vault's reads "wrong"
        Vault.open(path, OTHER)


def test_a_verifier_of_another_vault_is_rebuilt_at_unlock(tmp_path: Path) -> None:
    path = tmp_path / "data" / "leaddesk.vault"
    Vault.create(path, PASSPHRASE).close()
    verifier.write(path, OTHER, "0" * 32)  # planted or left over: another vault's
    vault = Vault.open(path, PASSPHRASE)
    try:
        assert verifier.recorded_vault_id(path) == vault.vault_id != "0" * 32
    finally:
        vault.close()
    assert verifier.verdict(path, PASSPHRASE) is verifier.Verdict.MATCHES


def _write(backup_dir: Path, when: datetime, commits: int, vault_id: str, reason: str = "daily"):  # type: ignore[no-untyped-def]
    path = backups.backup_path(backup_dir, when, reason, commits=commits, vault_id=vault_id)
    path.write_bytes(b"x")
    return path


def test_rotation_never_removes_the_last_backups_of_another_vault(tmp_path: Path) -> None:
    backup_dir = tmp_path / "backups"
    backup_dir.mkdir()
    gone, current = "a" * 32, "b" * 32
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)
    old = [_write(backup_dir, start - timedelta(days=20 - d), d, gone) for d in range(5)]
    for day in range(12):  # the new vault's daily backups, well past a week
        _write(backup_dir, start + timedelta(days=day), day + 1, current)
        backups.rotate(backup_dir, current)
    assert all(p.exists() for p in old)
    mine = [b for b in backups.list_backups(backup_dir, current) if b.vault_id == current]
    # 7 days (6-12 Nov) + the newest of each week before: Sun 1 Nov (ISO week 44) and 2-5 Nov
    assert len(mine) == backups.DAILY_KEPT + 2


def test_backups_are_ordered_by_commit_counter_not_clock(tmp_path: Path) -> None:
    path = tmp_path / "data" / "leaddesk.vault"
    backup_dir = tmp_path / "data" / "backups"
    services = Services(Vault.create(path, PASSPHRASE))
    try:
        vault = services.vault
        far_ahead = datetime.now(UTC) + timedelta(days=3000)
        skewed = backups.take_backup(vault, backup_dir, reason="manual", now=far_ahead)
        services.tasks.capture("written after the skewed backup")
        later = backups.take_backup(vault, backup_dir, reason="manual")
        assert later.commits is not None and skewed.commits is not None
        assert later.commits > skewed.commits
        listed = backups.list_backups(backup_dir)
        assert [b.path for b in listed] == [later.path, skewed.path]
        assert backups.list_backups(backup_dir, vault.vault_id)[0].path == later.path
    finally:
        services.close()


def test_a_partial_left_by_a_killed_backup_is_cleaned_up(tmp_path: Path) -> None:
    backup_dir = tmp_path / "backups"
    backup_dir.mkdir()
    stale = backup_dir / "leaddesk-20261101T090000Z.leaddesk-backup.partial"
    stale.write_bytes(b"\0" * 4096)
    old = time.time() - 3600
    os.utime(stale, (old, old))
    running = backup_dir / "leaddesk-20261102T090000Z.leaddesk-backup.partial"
    running.write_bytes(b"\0" * 4096)  # may belong to a backup being written right now
    backups.rotate(backup_dir)
    assert not stale.exists()
    assert running.exists()


def test_a_restored_older_copy_counts_on_from_its_newest_backup(tmp_path: Path) -> None:
    path = tmp_path / "data" / "leaddesk.vault"
    backup_dir = tmp_path / "data" / "backups"
    services = Services(Vault.create(path, PASSPHRASE))
    try:
        early = backups.take_backup(services.vault, backup_dir, reason="manual")
        for n in range(3):
            services.tasks.capture(f"task {n}")
        late = backups.take_backup(services.vault, backup_dir, reason="manual")
    finally:
        services.close()
    path.unlink()
    backups.put_in_place(early.path, path)  # an older copy of the same vault comes back
    verifier.write(path, PASSPHRASE)
    vault = Vault.open(path, PASSPHRASE, backup_dir=backup_dir)
    try:
        assert late.commits is not None and vault.commits > late.commits
        again = backups.take_backup(vault, backup_dir, reason="manual")
    finally:
        vault.close()
    assert backups.list_backups(backup_dir)[0].path == again.path  # newest, not 'late'


def test_backups_left_under_an_earlier_passphrase_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "data" / "leaddesk.vault"
    backup_dir = tmp_path / "data" / "backups"
    vault = Vault.create(path, OTHER)
    try:
        left = backups.take_backup(vault, backup_dir, reason="manual")
        vault.rekey(PASSPHRASE, old_passphrase=OTHER)  # the backup was not re-encrypted
        kept = backups.take_backup(vault, backup_dir, reason="manual")
    finally:
        vault.close()
    found = backups.backups_not_opening_with(backup_dir, PASSPHRASE)
    assert [b.path for b in found] == [left.path]
    assert kept.path.exists()


def test_rekey_backups_reports_what_an_interrupted_change_left_behind(tmp_path: Path) -> None:
    newest = "the passphrase after two changes"
    path = tmp_path / "data" / "leaddesk.vault"
    backup_dir = tmp_path / "data" / "backups"
    vault = Vault.create(path, OTHER)
    try:
        left = backups.take_backup(vault, backup_dir, reason="manual")
        # A change OTHER -> PASSPHRASE was interrupted before the backups were done...
        vault.rekey(PASSPHRASE, old_passphrase=OTHER)
        current = backups.take_backup(vault, backup_dir, reason="manual")
        # ...and the next change, PASSPHRASE -> newest, must not skip ``left`` in silence.
        vault.rekey(newest, old_passphrase=PASSPHRASE)
    finally:
        vault.close()
    report = backups.rekey_backups(backup_dir, PASSPHRASE, newest)
    assert [b.path for b in report.rekeyed] == [current.path]
    assert [b.path for b in report.other_passphrase] == [left.path]
    assert not report.failed and not report.already_new
    backups.verify_copy(current.path, newest)
    again = backups.rekey_backups(backup_dir, PASSPHRASE, newest)  # an interrupted retry
    assert [b.path for b in again.already_new] == [current.path]


def test_the_next_unlock_removes_a_partial_left_by_a_killed_backup(tmp_path: Path) -> None:
    path = tmp_path / "data" / "leaddesk.vault"
    backup_dir = tmp_path / "data" / "backups"
    Vault.create(path, PASSPHRASE).close()
    Vault.open(path, PASSPHRASE, backup_dir=backup_dir).close()  # today's backup exists
    (done,) = backup_dir.iterdir()
    stale = backup_dir / (done.name + ".partial")
    stale.write_bytes(done.read_bytes())  # full size, as a kill mid-copy leaves it
    old = time.time() - 3600
    os.utime(stale, (old, old))
    Vault.open(path, PASSPHRASE, backup_dir=backup_dir).close()  # no backup due today
    assert not stale.exists()
    assert done.exists()
