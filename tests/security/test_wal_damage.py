"""Saved work never vanishes silently with its -wal, and a wrong passphrase after a crash
changes no file (issue 19, items 1 and 8).

A child process saves tasks and is killed with SIGKILL, so its changes live only in the
``-wal`` (no checkpoint ran). The ``-wal`` is then damaged, truncated or deleted: the unlock
must report damage (the commit counter is behind its outside copy), not open a vault that
silently lacks the saved tasks.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from leaddesk.domain.errors import VaultDamagedError, WrongPassphraseError
from leaddesk.domain.model import Task
from leaddesk.storage.vault import Vault
from tests.conftest import PASSPHRASE

SAVED = 20
FRAME = 24 + 4096  # WAL frame header + one page
WAL_HEADER = 32

_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from leaddesk.services.container import Services
    from leaddesk.storage.vault import Vault

    path, passphrase, count = sys.argv[1], sys.stdin.readline().rstrip("\\n"), int(sys.argv[2])
    services = Services(Vault.open(Path(path), passphrase))
    for n in range(count):
        services.tasks.capture(f"saved before the crash {n}")
    print("saved", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _crash_after_saving(vault_path: Path, count: int = SAVED) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(vault_path), str(count)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL
    assert "saved" in done.stdout


def _files(vault_path: Path) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(vault_path) + suffix)
        found[suffix] = hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
    return found


@pytest.fixture
def crashed_vault(tmp_path: Path) -> Path:
    vault_path = tmp_path / "data" / "leaddesk.vault"
    Vault.create(vault_path, PASSPHRASE).close()
    _crash_after_saving(vault_path)
    wal = Path(str(vault_path) + "-wal")
    assert wal.stat().st_size > WAL_HEADER + 3 * FRAME, "the saved work must be in the -wal"
    return vault_path


def _titles(vault_path: Path) -> list[str]:
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        with vault.session() as s:
            return list(s.scalars(select(Task.title)))
    finally:
        vault.close()


def test_an_intact_wal_after_a_crash_keeps_every_saved_task(crashed_vault: Path) -> None:
    assert len(_titles(crashed_vault)) == SAVED
    # The clean close checkpointed: nothing lives only in a -wal any more.
    assert not Path(str(crashed_vault) + "-wal").exists() or (
        Path(str(crashed_vault) + "-wal").stat().st_size == 0
    )


def _flip_a_byte(wal: Path) -> None:
    data = bytearray(wal.read_bytes())
    data[WAL_HEADER + 2 * FRAME + 24 + 100] ^= 0x5A
    wal.write_bytes(bytes(data))


def _truncate(wal: Path) -> None:
    size = wal.stat().st_size
    os.truncate(wal, WAL_HEADER + (size - WAL_HEADER) // 2)


def _delete(wal: Path) -> None:
    wal.unlink()


def _delete_with_shm(wal: Path) -> None:
    wal.unlink()
    Path(str(wal)[: -len("-wal")] + "-shm").unlink(missing_ok=True)


@pytest.mark.parametrize(
    "damage", [_flip_a_byte, _truncate, _delete, _delete_with_shm], ids=lambda f: f.__name__
)
def test_a_damaged_or_missing_wal_reads_as_damage(crashed_vault: Path, damage) -> None:  # type: ignore[no-untyped-def]
    wal = Path(str(crashed_vault) + "-wal")
    damage(wal)
    with pytest.raises(VaultDamagedError) as caught:
        Vault.open(crashed_vault, PASSPHRASE, backup_dir=crashed_vault.parent / "backups")
    assert "-wal" in str(caught.value)
    assert "saved changes are missing" in str(caught.value)


def test_the_damaged_wal_is_kept_as_it_was_for_the_set_aside(crashed_vault: Path) -> None:
    wal = Path(str(crashed_vault) + "-wal")
    _flip_a_byte(wal)
    before = _files(crashed_vault)
    with pytest.raises(VaultDamagedError):
        Vault.open(crashed_vault, PASSPHRASE)
    assert _files(crashed_vault)["-wal"] == before["-wal"]
    assert _files(crashed_vault)[""] == before[""]


def test_a_wrong_passphrase_after_a_crash_changes_no_file(crashed_vault: Path) -> None:
    before = _files(crashed_vault)
    assert before["-wal"] is not None and before["-shm"] is not None
    for _ in range(2):
        with pytest.raises(WrongPassphraseError):
            Vault.open(crashed_vault, "not the passphrase", backup_dir=crashed_vault.parent)
    assert _files(crashed_vault) == before  # vault, -wal and -shm byte for byte
    assert len(_titles(crashed_vault)) == SAVED  # and the right one still finds everything


def test_checkpoint_if_idle_moves_saved_work_into_the_vault_file(tmp_path: Path) -> None:
    from leaddesk.services.container import Services
    from leaddesk.services.unlocking import checkpoint_if_idle

    vault_path = tmp_path / "data" / "leaddesk.vault"
    services = Services(Vault.create(vault_path, PASSPHRASE))
    try:
        services.tasks.capture("typed and saved")
        wal = Path(str(vault_path) + "-wal")
        assert wal.stat().st_size > 0
        assert not services.vault.checkpoint_if_idle(idle_seconds=3600)  # not idle yet
        assert wal.stat().st_size > 0
        assert services.vault.checkpoint_if_idle(idle_seconds=0)
        assert wal.stat().st_size == 0
        assert not checkpoint_if_idle(services)  # nothing new since: a cheap no-op
    finally:
        services.close()


def test_a_wal_without_its_shm_is_still_read(crashed_vault: Path) -> None:
    Path(str(crashed_vault) + "-shm").unlink()
    assert len(_titles(crashed_vault)) == SAVED


def test_an_older_copy_renamed_into_place_is_not_read_as_a_lost_wal(tmp_path: Path) -> None:
    """A restore renames another file into place: the counter copy belonged to the old one."""
    import shutil

    from leaddesk.services.container import Services

    vault_path = tmp_path / "data" / "leaddesk.vault"
    Vault.create(vault_path, PASSPHRASE).close()
    older = tmp_path / "older-copy"
    shutil.copyfile(vault_path, older)
    services = Services(Vault.open(vault_path, PASSPHRASE))
    try:
        for n in range(3):
            services.tasks.capture(f"after the copy {n}")
    finally:
        services.close()
    os.replace(older, vault_path)
    assert _titles(vault_path) == []  # opens: not damage
