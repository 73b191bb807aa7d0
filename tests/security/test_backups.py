"""Automatic backups: at most one a day on unlock, one before every migration, rotation
7 daily + 4 weekly, listing with date and size, restore that keeps the current vault aside."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leaddesk.domain.errors import VaultDamagedError, WrongPassphraseError
from leaddesk.paths import AppPaths
from leaddesk.services import security
from leaddesk.services.unlocking import create_vault, unlock_vault
from leaddesk.storage import backups
from leaddesk.storage.vault import Vault
from tests.conftest import PASSPHRASE, make_vault_at_revision


def _titles(services) -> set[str]:  # type: ignore[no-untyped-def]
    return {t.title for t in services.tasks.open_tasks()}


def _new_vault(app_paths: AppPaths, *titles: str) -> None:
    svc = create_vault(app_paths, PASSPHRASE)
    for title in titles:
        svc.tasks.capture(title)
    svc.close()


def test_unlock_takes_one_backup_a_day(app_paths: AppPaths) -> None:
    _new_vault(app_paths, "first")
    unlock_vault(app_paths, PASSPHRASE).close()
    listed = security.list_backups(app_paths)
    assert len(listed) == 1
    assert listed[0].size_bytes > 0
    assert listed[0].taken_at.tzinfo is not None
    assert not listed[0].path.read_bytes().startswith(b"SQLite format 3")
    unlock_vault(app_paths, PASSPHRASE).close()
    assert len(security.list_backups(app_paths)) == 1  # same day: no second one


def test_backup_holds_the_data_under_the_same_passphrase(app_paths: AppPaths) -> None:
    _new_vault(app_paths, "kept in the backup")
    unlock_vault(app_paths, PASSPHRASE).close()
    (info,) = security.list_backups(app_paths)
    backups.verify_copy(info.path, PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        backups.verify_copy(info.path, "not the passphrase")
    vault = Vault.open(shutil.copy(info.path, app_paths.data_dir / "copy.vault"), PASSPHRASE)
    try:
        rows = vault.raw_connection.execute("SELECT title FROM tasks").fetchall()
    finally:
        vault.close()
    assert [r[0] for r in rows] == ["kept in the backup"]


def test_migration_is_preceded_by_a_backup(app_paths: AppPaths) -> None:
    from leaddesk.storage.migrate import current_revision
    from leaddesk.storage.opening import open_raw_connection

    make_vault_at_revision(app_paths, "0001")

    vault = Vault.open(app_paths.vault, PASSPHRASE, backup_dir=app_paths.backups)
    try:
        assert current_revision(vault.engine) != "0001"
    finally:
        vault.close()
    reasons = [b.reason for b in security.list_backups(app_paths)]
    assert reasons == ["pre-migration"]
    # The pre-migration backup is the old schema, untouched by the upgrade.
    copy = shutil.copy(security.list_backups(app_paths)[0].path, app_paths.data_dir / "pre.db")
    conn = open_raw_connection(Path(copy), PASSPHRASE)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    finally:
        conn.close()


def test_rotation_keeps_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    backup_dir = tmp_path / "backups"
    backup_dir.mkdir()
    start = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
    made = []
    for days_ago in range(60):  # one backup a day, two on some days, for two months
        for hour in (9, 17) if days_ago % 5 == 0 else (9,):
            when = (start - timedelta(days=days_ago)).replace(hour=hour)
            path = backups.backup_path(backup_dir, when)
            path.write_bytes(b"x" * 10)
            made.append(when)
    manual = backups.backup_path(backup_dir, start - timedelta(days=90), "manual")
    manual.write_bytes(b"m")

    backups.rotate(backup_dir)
    left = backups.list_backups(backup_dir)
    daily = [b for b in left if b.reason == "daily"]
    days = sorted({b.day for b in daily}, reverse=True)
    assert len(daily) == 11
    # The newest backup of each of the last seven days...
    assert days[:7] == [(start - timedelta(days=d)).date() for d in range(7)]
    assert daily[0].taken_at == start.replace(hour=17)  # newest of a day with two
    # ...plus the newest of each of the four weeks before them.
    older = [b for b in daily if b.day not in days[:7]]
    weeks = [b.day.isocalendar()[:2] for b in older]
    assert len(set(weeks)) == 4
    for b in older:
        same_week = [w for w in made if w.date().isocalendar()[:2] == b.day.isocalendar()[:2]]
        in_recent = [w for w in same_week if w.date() in days[:7]]
        assert b.taken_at == max(w for w in same_week if w not in in_recent)
    assert manual.exists()  # manual backups are never rotated away


def test_restore_keeps_current_vault_aside(app_paths: AppPaths) -> None:
    _new_vault(app_paths, "from before")
    unlock_vault(app_paths, PASSPHRASE).close()  # the backup: "from before" only
    svc = unlock_vault(app_paths, PASSPHRASE)
    svc.tasks.capture("written later")
    svc.close()
    current_bytes = app_paths.vault.read_bytes()
    (info,) = security.list_backups(app_paths)

    result = security.restore_backup(app_paths, info.path, PASSPHRASE)

    assert result.set_aside is not None and result.set_aside.read_bytes() == current_bytes
    assert info.path.exists()  # the backup itself stays
    svc = unlock_vault(app_paths, PASSPHRASE)
    try:
        assert _titles(svc) == {"from before"}
    finally:
        svc.close()
    aside = Vault.open(result.set_aside, PASSPHRASE)
    try:
        titles = {r[0] for r in aside.raw_connection.execute("SELECT title FROM tasks")}
    finally:
        aside.close()
    assert titles == {"from before", "written later"}


def test_restore_with_wrong_passphrase_changes_nothing(app_paths: AppPaths) -> None:
    _new_vault(app_paths, "a")
    unlock_vault(app_paths, PASSPHRASE).close()
    before = app_paths.vault.read_bytes()
    (info,) = security.list_backups(app_paths)
    with pytest.raises(WrongPassphraseError):
        security.restore_backup(app_paths, info.path, "wrong")
    assert app_paths.vault.read_bytes() == before
    assert not (app_paths.data_dir / backups.SET_ASIDE_DIR).exists()


def test_damaged_backup_is_refused(app_paths: AppPaths) -> None:
    _new_vault(app_paths, "a")
    unlock_vault(app_paths, PASSPHRASE).close()
    (info,) = security.list_backups(app_paths)
    data = bytearray(info.path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 16] = bytes(b ^ 0xFF for b in data[middle : middle + 16])
    info.path.write_bytes(bytes(data))
    before = app_paths.vault.read_bytes()
    with pytest.raises(VaultDamagedError):
        security.restore_backup(app_paths, info.path, PASSPHRASE)
    assert app_paths.vault.read_bytes() == before
    assert security.newest_backup_that_opens(app_paths, PASSPHRASE) is None


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.lists(st.integers(min_value=0, max_value=400 * 24), min_size=1, max_size=60),
    reasons=st.lists(st.sampled_from(["daily", "pre-migration", "manual"]), min_size=60),
)
def test_rotation_properties(offsets: list[int], reasons: list[str]) -> None:
    """Whatever the history: the newest backup stays, manual ones stay, at most 7 + 4 + 1
    rotated kinds remain, and rotating twice changes nothing more."""
    import tempfile

    start = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as directory:
        backup_dir = Path(directory)
        for offset, reason in zip(sorted(set(offsets)), reasons, strict=False):
            backups.backup_path(backup_dir, start - timedelta(hours=offset), reason).write_bytes(
                b"x"
            )
        before = backups.list_backups(backup_dir)
        backups.rotate(backup_dir)
        after = backups.list_backups(backup_dir)
        assert after[0] == before[0]
        assert {b.path for b in before if b.reason == "manual"} <= {b.path for b in after}
        assert len([b for b in after if b.reason != "manual"]) <= 7 + 4 + 1
        assert len({b.day for b in after}) >= min(7, len({b.day for b in before}))
        backups.rotate(backup_dir)
        assert backups.list_backups(backup_dir) == after
