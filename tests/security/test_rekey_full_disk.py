"""A passphrase change that cannot finish (a full disk) changes nothing: the old passphrase
keeps working, the message says the disk is full, the session goes on and later saves work;
and a change made by another process is not read as damage here (issue 19, item 2).
Real 6 MB tmpfs (root only)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from leaddesk.domain.errors import (
    DiskFullError,
    PassphraseChangedElsewhereError,
    VaultDamagedError,
    WrongPassphraseError,
)
from leaddesk.paths import resolve_paths
from leaddesk.services.unlocking import create_vault, unlock_vault
from tests.conftest import PASSPHRASE
from tests.security.small_disks import mounted_tmpfs

NEW = "a new passphrase that will not fit"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with mounted_tmpfs(tmp_path / "small-disk", "6m") as disk:
        yield disk


def _seed(data: Path, tasks: int = 1200) -> None:
    services = create_vault(resolve_paths(data), PASSPHRASE)
    try:
        raw = services.vault.raw_connection
        raw.execute("BEGIN")
        for i in range(tasks):
            raw.execute(
                "INSERT INTO tasks (title, quadrant, position, notes, requester, only_i_can,"
                " status) VALUES (?, 'inbox', ?, ?, '', 0, 'open')",
                (f"seed {i}", float(i), "x" * 700),
            )
        raw.execute("COMMIT")
    finally:
        services.close()


def _leave_free(disk: Path, wanted: int) -> Path:
    """A ballast file that leaves about ``wanted`` bytes free (what the user deletes)."""
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    ballast = disk / "other-files"
    ballast.write_bytes(b"\0" * max(0, free - wanted))
    return ballast


def _vault_bytes(data: Path) -> int:
    return (data / "leaddesk.vault").stat().st_size


def _reopen_checks(data: Path, count: int) -> None:
    paths = resolve_paths(data)
    with pytest.raises(WrongPassphraseError):  # refused as wrong, never "damaged"
        unlock_vault(paths, NEW)
    services = unlock_vault(paths, PASSPHRASE)
    try:
        assert len(services.tasks.open_tasks()) == count
        assert services.vault.integrity_ok()
    finally:
        services.close()


def test_a_passphrase_change_on_a_full_disk_is_refused_and_the_session_goes_on(
    small_disk: Path,
) -> None:
    data = small_disk / "data"
    _seed(data)
    services = unlock_vault(resolve_paths(data), PASSPHRASE)
    ballast = _leave_free(small_disk, _vault_bytes(data) // 2)
    try:
        with pytest.raises(DiskFullError) as caught:
            services.security.change_passphrase(PASSPHRASE, NEW)
        message = str(caught.value)
        assert "disk is full" in message.lower()
        assert "busy" not in message and "damaged" not in message
        services.tasks.capture("saved after the refused change")  # the session goes on
        ballast.unlink()
        services.tasks.capture("saved once there is room")
    finally:
        services.close()
    _reopen_checks(data, 1200 + 2)


@pytest.mark.parametrize("keep_session", [True, False], ids=["old-given", "old-unknown"])
def test_a_rekey_that_silently_fails_is_caught_before_the_verifier_changes(
    small_disk: Path, keep_session: bool
) -> None:
    """SQLCipher's PRAGMA rekey reports "ok" on a full disk: the fresh-connection proof
    catches it (the room check before it is switched off here to reach that path)."""
    data = small_disk / "data"
    _seed(data)
    services = unlock_vault(resolve_paths(data), PASSPHRASE)
    vault = services.vault
    ballast = _leave_free(small_disk, _vault_bytes(data) // 2)
    vault.check_room_before_rekey = False
    try:
        with pytest.raises(DiskFullError) as caught:
            vault.rekey(NEW, old_passphrase=PASSPHRASE if keep_session else None)
        assert "disk is full" in str(caught.value).lower()
        assert not (data / "leaddesk.vault.verifier.pending").exists()
        ballast.unlink()
        if keep_session:
            assert not vault.closed
            services.tasks.capture("saved after the failed change")
            assert len(services.tasks.open_tasks()) == 1201
        else:
            assert vault.closed  # half-switched keys are never written with
    finally:
        services.close()
    _reopen_checks(data, 1201 if keep_session else 1200)


_OTHER_PROCESS = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from leaddesk.storage.vault import Vault
    old, new = sys.stdin.read().split("\\n")[:2]
    vault = Vault.open(Path(sys.argv[1]), old)
    vault.rekey(new, old_passphrase=old)
    vault.close()
    print("changed")
    """
)


def test_a_passphrase_change_by_another_process_is_not_damage_here(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    create_vault(paths, PASSPHRASE).close()
    services = unlock_vault(paths, PASSPHRASE)
    try:
        services.tasks.capture("before the other change")
        done = subprocess.run(
            [sys.executable, "-c", _OTHER_PROCESS, str(paths.vault)],
            input=f"{PASSPHRASE}\n{NEW}\n",
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert "changed" in done.stdout, done.stderr[-500:]
        with pytest.raises(PassphraseChangedElsewhereError) as caught:
            services.tasks.capture("after the other change")
        assert not isinstance(caught.value, VaultDamagedError)
        assert "another" in str(caught.value)
    finally:
        services.close()
    services = unlock_vault(paths, NEW)  # nothing lost, nothing damaged
    try:
        assert [t.title for t in services.tasks.open_tasks()] == ["before the other change"]
    finally:
        services.close()
