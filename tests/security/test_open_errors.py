"""At unlock, trouble of the operating system is said in plain words and never read as a
wrong passphrase or damage (issue 19, item 5): a full disk, read-only media (the vault then
opens read-only), permission denied on the file or its folder, a lock held by another
program. Real file systems: a tmpfs of a few MB and a read-only remount (root only)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from leaddesk.domain.errors import (
    DiskFullError,
    VaultDamagedError,
    VaultLockedError,
    VaultReadOnlyError,
    WrongPassphraseError,
)
from leaddesk.paths import resolve_paths
from leaddesk.services.unlocking import create_vault, unlock_vault
from leaddesk.storage import verifier
from tests.conftest import PASSPHRASE
from tests.security.small_disks import mounted_tmpfs

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mounting needs root"
)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with mounted_tmpfs(tmp_path / "small-disk", "4m") as disk:
        yield disk


def _make_vault(data_dir: Path, tasks: int = 3) -> None:
    paths = resolve_paths(data_dir)
    services = create_vault(paths, PASSPHRASE)
    try:
        for n in range(tasks):
            services.tasks.capture(f"kept task {n}")
    finally:
        services.close()
    unlock_vault(paths, PASSPHRASE).close()  # writes the verifier, as a real unlock does


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _fill(disk: Path) -> None:
    ballast = disk / "ballast"
    with ballast.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass


@needs_root
def test_a_full_disk_at_unlock_says_so_and_changes_nothing(small_disk: Path) -> None:
    data = small_disk / "data"
    _make_vault(data)
    _fill(small_disk)
    before = _digest(data)
    with pytest.raises(DiskFullError) as caught:
        unlock_vault(resolve_paths(data), PASSPHRASE)
    assert "disk is full" in str(caught.value).lower()
    assert not isinstance(caught.value, (VaultDamagedError, WrongPassphraseError))
    assert _digest(data) == before
    (small_disk / "ballast").unlink()
    services = unlock_vault(resolve_paths(data), PASSPHRASE)  # room again: it opens
    try:
        assert len(services.tasks.open_tasks()) == 3
    finally:
        services.close()


def _remount_read_only(disk: Path) -> None:
    done = subprocess.run(
        ["mount", "-o", "remount,ro", str(disk)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("cannot remount read-only here")


@needs_root
@pytest.mark.parametrize("with_wal", [False, True], ids=["closed-cleanly", "after-a-crash"])
def test_read_only_media_opens_read_only(small_disk: Path, with_wal: bool) -> None:
    data = small_disk / "data"
    _make_vault(data)
    if with_wal:  # saved work only in the -wal, as after a crash
        from tests.security.test_wal_damage import _crash_after_saving

        _crash_after_saving(data / "leaddesk.vault", count=4)
        assert (data / "leaddesk.vault-wal").stat().st_size > 0
    _remount_read_only(small_disk)
    before = _digest(data)
    services = unlock_vault(resolve_paths(data), PASSPHRASE)
    try:
        assert services.vault.read_only
        assert len(services.tasks.open_tasks()) == 3 + (4 if with_wal else 0)
        with pytest.raises(VaultReadOnlyError) as caught:
            services.tasks.capture("cannot be saved")
        assert "read-only" in str(caught.value)
    finally:
        services.close()
    assert _digest(data) == before
    with pytest.raises(WrongPassphraseError):  # a wrong one is still just wrong
        unlock_vault(resolve_paths(data), "not it")


_AS_UNPRIVILEGED = textwrap.dedent(
    """
    import sys
    from leaddesk.paths import resolve_paths
    from leaddesk.services.unlocking import unlock_vault
    try:
        unlock_vault(resolve_paths(sys.argv[1]), sys.stdin.readline().rstrip("\\n")).close()
    except Exception as exc:
        print(type(exc).__name__)
        print(exc)
    else:
        print("opened")
    """
)


def _unlock_without_root_powers(data: Path) -> list[str]:
    """Unlock in a child that obeys file permissions (root without DAC override)."""
    if shutil.which("capsh") is None:
        pytest.skip("capsh is needed to drop root's permission override")
    done = subprocess.run(
        [
            "capsh",
            "--drop=cap_dac_override,cap_dac_read_search,cap_fowner",
            "--",
            "-c",
            f'"{sys.executable}" -c "$0" "$1"',
            _AS_UNPRIVILEGED,
            str(data),
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return done.stdout.splitlines()


@needs_root
def test_permission_denied_on_the_file_or_folder_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _make_vault(data)
    vault = data / "leaddesk.vault"
    other = 12345  # the files belong to someone else: their mode bits apply to us
    os.chown(vault, other, other)
    os.chmod(vault, 0o600)
    lines = _unlock_without_root_powers(data)
    assert lines[0] == "VaultPermissionError", lines
    assert "permission denied" in lines[1]
    assert "vault file" in lines[1]
    os.chown(vault, 0, 0)
    os.chown(data, other, other)  # the folder is someone else's, read-only for us
    os.chmod(data, 0o755)
    before = _digest(data)
    lines = _unlock_without_root_powers(data)
    assert lines[0] == "VaultPermissionError", lines
    assert "folder" in lines[1]
    assert _digest(data) == before


def test_a_vault_locked_by_another_program_says_so(tmp_path: Path) -> None:
    from leaddesk.storage.opening import driver

    data = tmp_path / "data"
    _make_vault(data)
    holder = driver().connect(str(data / "leaddesk.vault"), isolation_level=None)
    try:
        holder.execute(f"PRAGMA key = '{PASSPHRASE}'")
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("CREATE TABLE other_program (x)")
        with pytest.raises(VaultLockedError) as caught:
            unlock_vault(resolve_paths(data), PASSPHRASE)
        assert "another program" in str(caught.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_an_empty_vault_with_backups_is_damage_not_room_for_a_new_one(tmp_path: Path) -> None:
    from leaddesk.domain.errors import VaultError
    from leaddesk.services.unlocking import vault_exists

    data = tmp_path / "data"
    _make_vault(data)
    paths = resolve_paths(data)
    assert any(paths.backups.iterdir())
    paths.vault.write_bytes(b"")  # emptied by a crash or a faulty tool
    assert vault_exists(paths)  # so the app asks to unlock (and offers backups)...
    with pytest.raises(VaultDamagedError):
        unlock_vault(paths, PASSPHRASE)
    with pytest.raises(VaultError):  # ...and init refuses to create a vault over it
        create_vault(paths, PASSPHRASE)
    assert list(paths.backups.iterdir())


def test_an_empty_file_left_by_an_interrupted_first_init_is_no_vault(tmp_path: Path) -> None:
    from leaddesk.services.unlocking import vault_exists

    paths = resolve_paths(tmp_path / "data")
    paths.data_dir.mkdir(parents=True)
    paths.vault.write_bytes(b"")
    assert not vault_exists(paths)
    create_vault(paths, PASSPHRASE).close()
    assert verifier.read_commits(paths.vault) is not None


_CHECK_BACKUP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from leaddesk.storage.backups import verify_copy
    try:
        verify_copy(Path(sys.argv[1]), sys.stdin.readline().rstrip("\\n"))
    except Exception as exc:
        print(type(exc).__name__)
        print(exc)
    else:
        print("opened")
    """
)


@needs_root
def test_a_backup_without_permission_is_not_a_wrong_passphrase(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _make_vault(data)
    (backup,) = (data / "backups").iterdir()
    os.chown(backup, 12345, 12345)
    done = subprocess.run(
        [
            "capsh",
            "--drop=cap_dac_override,cap_dac_read_search,cap_fowner",
            "--",
            "-c",
            f'"{sys.executable}" -c "$0" "$1"',
            _CHECK_BACKUP,
            str(backup),
        ],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "VaultPermissionError", (lines, done.stderr[-300:])
    assert "permission denied" in lines[1]


@needs_root
def test_a_full_disk_with_saved_work_in_the_wal_still_opens_to_read(small_disk: Path) -> None:
    from tests.security.test_wal_damage import _crash_after_saving

    data = small_disk / "data"
    _make_vault(data)
    _crash_after_saving(data / "leaddesk.vault", count=4)
    _fill(small_disk)
    services = unlock_vault(resolve_paths(data), PASSPHRASE)
    try:
        assert len(services.tasks.open_tasks()) == 3 + 4  # nothing saved is missing
        with pytest.raises(DiskFullError):
            for n in range(200):  # the disk is full: some write must fail, and say so
                services.tasks.capture(f"{n} " + "x" * 15_000)
        saved = len(services.tasks.open_tasks())
    finally:
        services.close()
    (small_disk / "ballast").unlink()
    services = unlock_vault(resolve_paths(data), PASSPHRASE)
    try:
        assert len(services.tasks.open_tasks()) == saved >= 7
        assert services.vault.integrity_ok()
    finally:
        services.close()


@needs_root
def test_creating_a_vault_on_a_full_disk_leaves_no_empty_file(small_disk: Path) -> None:
    """Issue 19 item 15: a failed create (here the GUI's create dialog path) must not leave a
    0-byte vault behind, which a later start would read as a damaged vault."""
    data = small_disk / "data"
    data.mkdir()
    _fill(small_disk)
    with pytest.raises(DiskFullError):
        create_vault(resolve_paths(data), PASSPHRASE)
    assert not (data / "leaddesk.vault").exists()
    assert not (data / "leaddesk.vault-wal").exists()
