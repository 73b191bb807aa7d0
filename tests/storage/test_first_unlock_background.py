"""The first unlock of a day checks and backs up in the background (issue 18).

With ``check_pages_later`` the unlock returns before anything whole-file ran; once the window
starts the background work it runs, on a connection of its own and in this order: every
page's HMAC, the B-tree walk, and, only if both are clean, the daily backup and rotation.
Writes wait for the check, not for the backup; a damaged vault takes no backup (its good
backups stay as they were); a close during the backup leaves no backup file, and the next
unlock takes it. A migration still backs up first, before the unlock returns.

Real SQLCipher vaults in temp dirs; damage is real flipped bytes on disk
(tests/storage/test_page_check.py).
"""

from __future__ import annotations

import shutil
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from leaddesk.domain.errors import VaultDamagedError
from leaddesk.paths import AppPaths
from leaddesk.services.unlocking import (
    create_vault,
    start_page_check,
    unlock_vault,
    when_pages_checked,
)
from leaddesk.storage import backups
from leaddesk.storage.page_check import PageState
from leaddesk.storage.vault import Vault
from leaddesk.storage.vault_files import daily_backup_due
from tests.conftest import PASSPHRASE, make_vault_at_revision
from tests.storage.test_page_check import add_tasks, damage_pages, vault_with


def backup_files(app_paths: AppPaths) -> list[Path]:
    if not app_paths.backups.is_dir():
        return []
    return sorted(app_paths.backups.glob(f"*{backups.SUFFIX}"))


def leftovers(app_paths: AppPaths) -> list[Path]:
    if not app_paths.backups.is_dir():
        return []
    return sorted(app_paths.backups.glob("*.partial"))


def age_backups(app_paths: AppPaths, days: int = 1) -> None:
    """Rename every backup as if taken ``days`` earlier: the next unlock is the first of
    today again."""
    for path in backup_files(app_paths):
        parsed = backups.parse_name(path)
        assert parsed is not None
        old = backups.stamp(parsed[0])
        new = backups.stamp(parsed[0] - timedelta(days=days))
        path.rename(path.with_name(path.name.replace(old, new)))


def titles_in(copy: Path) -> list[str]:
    vault = Vault.open(copy, PASSPHRASE)
    try:
        rows = vault.raw_connection.execute("SELECT title FROM tasks").fetchall()
    finally:
        vault.close()
    return [r[0] for r in rows]


def test_the_first_unlock_of_a_day_returns_before_the_check_and_backup_which_follow(
    app_paths: AppPaths,
) -> None:
    create_vault(app_paths, PASSPHRASE).close()
    assert daily_backup_due(app_paths.backups)
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    try:
        # Nothing whole-file ran yet: no verdict, no backup, no thread.
        assert services.vault.page_state is PageState.RUNNING
        assert backup_files(app_paths) == []
        assert not [t for t in threading.enumerate() if t.name == "leaddesk-page-check"]
        heard: list[bool] = []
        when_pages_checked(services, heard.append)
        start_page_check(services)  # what the window does once it has painted
        assert services.vault.wait_for_background(30)
        assert heard == [False]
        assert services.vault.page_state is PageState.HEALTHY
        taken = backup_files(app_paths)
        assert len(taken) == 1 and leftovers(app_paths) == []
        info = backups.list_backups(app_paths.backups)[0]
        assert (info.reason, info.vault_id) == ("daily", services.vault.vault_id)
        assert info.day == datetime.now(UTC).date()
        backups.verify_copy(taken[0], PASSPHRASE)  # opens, and is intact
    finally:
        services.close()
    assert not daily_backup_due(app_paths.backups)
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)  # same day
    try:
        assert services.vault.wait_for_background(30)
        assert len(backup_files(app_paths)) == 1  # one a day
    finally:
        services.close()


def test_writes_wait_for_the_check_but_not_for_the_backup(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_vault(app_paths, PASSPHRASE).close()
    copying, release = threading.Event(), threading.Event()
    real_copy = backups.copy_into

    def held_copy(conn: Any, target: Path, **kwargs: Any) -> Path:
        copying.set()  # the verdict is out, the backup is about to be copied
        assert release.wait(30)
        return real_copy(conn, target, **kwargs)

    monkeypatch.setattr(backups, "copy_into", held_copy)
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    try:
        start_page_check(services)
        assert copying.wait(30)
        # The backup has not been copied, and a write goes through at once.
        task = services.tasks.capture("Saved while the backup waits")
        assert backup_files(app_paths) == []
        assert services.vault.checkpoint() is False  # never waits for the backup's reader
        release.set()
        assert services.vault.wait_for_background(30)
    finally:
        release.set()
        services.close()
    taken = backup_files(app_paths)
    assert len(taken) == 1
    copy = shutil.copy(taken[0], app_paths.data_dir.parent / "copy.vault")
    assert task.title in titles_in(Path(copy))  # the copy is a snapshot after the write


def test_a_damaged_vault_on_the_first_unlock_of_a_day_refuses_writes_and_takes_no_backup(
    app_paths: AppPaths,
) -> None:
    pages = vault_with(app_paths, add_tasks)  # its first unlock took today's backup
    age_backups(app_paths)  # ... as if yesterday's: this unlock is today's first
    before = {p.name: p.read_bytes() for p in backup_files(app_paths)}
    assert len(before) == 1 and daily_backup_due(app_paths.backups)
    damage_pages(app_paths.vault, pages)
    damaged_bytes = app_paths.vault.read_bytes()

    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)  # opens
    try:
        assert services.vault.page_state is PageState.RUNNING
        heard: list[bool] = []
        when_pages_checked(services, heard.append)
        start_page_check(services)
        assert services.vault.wait_for_background(30)
        assert heard == [True]
        with pytest.raises(VaultDamagedError):
            services.tasks.capture("Never written to a damaged vault")
    finally:
        services.close()
    # No backup of the damaged vault, the good one untouched, not a byte written.
    assert {p.name: p.read_bytes() for p in backup_files(app_paths)} == before
    assert leftovers(app_paths) == []
    assert app_paths.vault.read_bytes() == damaged_bytes
    with pytest.raises(VaultDamagedError):  # the next unlock checks first and says so
        unlock_vault(app_paths, PASSPHRASE)


def test_a_close_during_the_background_backup_leaves_no_backup_and_the_next_unlock_takes_it(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_vault(app_paths, PASSPHRASE).close()
    copying = threading.Event()
    partials: list[bool] = []
    real_copy = backups.copy_into

    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    work = services.vault._background
    assert work is not None

    def copy_while_closing(conn: Any, target: Path, **kwargs: Any) -> Path:
        copying.set()
        deadline = time.monotonic() + 30
        while not work.cancelled and time.monotonic() < deadline:
            time.sleep(0.005)  # the close has begun: the real copy starts now
        try:
            return real_copy(conn, target, **kwargs)
        finally:
            partials.append(target.with_name(target.name + ".partial").exists())

    monkeypatch.setattr(backups, "copy_into", copy_while_closing)
    start_page_check(services)
    assert copying.wait(30)
    services.close()  # the lock: stops the copy
    assert work.cancelled and partials == [False]
    assert backup_files(app_paths) == [] and leftovers(app_paths) == []
    assert not [t for t in threading.enumerate() if t.name == "leaddesk-page-check"]
    for suffix in ("-wal", "-shm"):
        assert not Path(str(app_paths.vault) + suffix).exists()

    monkeypatch.setattr(backups, "copy_into", real_copy)
    assert daily_backup_due(app_paths.backups)
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    try:
        start_page_check(services)
        assert services.vault.wait_for_background(30)
    finally:
        services.close()
    assert len(backup_files(app_paths)) == 1


def test_a_migration_still_backs_up_before_the_unlock_returns(app_paths: AppPaths) -> None:
    from leaddesk.storage.migrate import current_revision

    make_vault_at_revision(app_paths, "0001")

    vault = Vault.open(
        app_paths.vault, PASSPHRASE, backup_dir=app_paths.backups, check_pages_later=True
    )
    try:
        # Checked, backed up and upgraded before open returned: nothing left for later.
        assert vault.page_state is PageState.HEALTHY
        assert [b.reason for b in backups.list_backups(app_paths.backups)] == ["pre-migration"]
        assert current_revision(vault.engine) != "0001"
    finally:
        vault.close()


def test_a_background_backup_that_fails_is_logged_and_the_session_goes_on(
    app_paths: AppPaths, caplog: pytest.LogCaptureFixture
) -> None:
    create_vault(app_paths, PASSPHRASE).close()
    app_paths.backups.write_bytes(b"")  # a file where the backups folder belongs
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    try:
        start_page_check(services)
        assert services.vault.wait_for_background(30)
        assert services.vault.page_state is PageState.HEALTHY
        services.tasks.capture("Saved although the backup failed")
    finally:
        services.close()
    failed = [r for r in caplog.records if "background backup failed" in r.getMessage()]
    assert failed and str(app_paths.data_dir) not in failed[0].getMessage()
    app_paths.backups.unlink()
    assert daily_backup_due(app_paths.backups)  # the next unlock takes it
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    try:
        start_page_check(services)
        assert services.vault.wait_for_background(30)
    finally:
        services.close()
    assert len(backup_files(app_paths)) == 1


def test_a_passphrase_change_stops_the_background_backup_which_the_next_unlock_takes(
    app_paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = "a different and longer passphrase for the vault"
    create_vault(app_paths, PASSPHRASE).close()
    copying = threading.Event()
    real_copy = backups.copy_into
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    work = services.vault._background
    assert work is not None

    def copy_while_rekeying(conn: Any, target: Path, **kwargs: Any) -> Path:
        copying.set()
        deadline = time.monotonic() + 30
        while not work.cancelled and time.monotonic() < deadline:
            time.sleep(0.005)
        return real_copy(conn, target, **kwargs)

    monkeypatch.setattr(backups, "copy_into", copy_while_rekeying)
    try:
        start_page_check(services)
        assert copying.wait(30)
        services.security.change_passphrase(PASSPHRASE, new)
        assert work.cancelled
        # No copy under the old passphrase was left for the change to miss.
        assert backup_files(app_paths) == [] and leftovers(app_paths) == []
    finally:
        services.close()
    monkeypatch.setattr(backups, "copy_into", real_copy)
    services = unlock_vault(app_paths, new, check_pages_later=True)
    try:
        start_page_check(services)
        assert services.vault.wait_for_background(30)
    finally:
        services.close()
    (taken,) = backup_files(app_paths)
    backups.verify_copy(taken, new)
