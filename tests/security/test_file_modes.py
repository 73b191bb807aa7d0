"""Vault, -wal, -shm, backups, the encrypted export and the verifier files are 0600 and the
data folder 0700 whatever the umask, and an existing vault's loose modes are tightened at
unlock (issue 19, item 10)."""

from __future__ import annotations

import os
from pathlib import Path

from leaddesk.paths import resolve_paths
from leaddesk.services.unlocking import create_vault, unlock_vault
from tests.conftest import PASSPHRASE, file_mode


def _private_files(data: Path) -> list[Path]:
    found = [p for p in data.iterdir() if p.is_file()]
    found += [p for p in (data / "backups").iterdir() if p.is_file()]
    return found


def test_everything_is_private_from_the_first_byte(tmp_path: Path, permissive_umask) -> None:  # type: ignore[no-untyped-def]
    paths = resolve_paths(tmp_path / "data")
    services = create_vault(paths, PASSPHRASE)
    try:
        services.tasks.capture("a task about a colleague")
        for companion in ("", "-wal", "-shm"):
            assert file_mode(Path(str(paths.vault) + companion)) == 0o600, companion
        export = tmp_path / "move.leaddesk"
        services.security.export_backup(export)
        assert file_mode(export) == 0o600
        manual = services.security.backup_now()
        assert file_mode(manual.path) == 0o600
    finally:
        services.close()
    services = unlock_vault(paths, PASSPHRASE)  # verifier, counter copy, daily backup
    services.close()
    assert file_mode(paths.data_dir) == 0o700
    assert file_mode(paths.backups) == 0o700
    names = {p.name for p in _private_files(paths.data_dir)}
    assert {"leaddesk.vault", "leaddesk.vault.verifier", "leaddesk.vault.commits"} <= names
    for path in _private_files(paths.data_dir):
        assert file_mode(path) == 0o600, path.name


def test_an_existing_vault_with_loose_modes_is_tightened_at_unlock(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "data")
    create_vault(paths, PASSPHRASE).close()
    unlock_vault(paths, PASSPHRASE).close()
    os.chmod(paths.data_dir, 0o755)
    os.chmod(paths.backups, 0o755)
    for path in _private_files(paths.data_dir):
        os.chmod(path, 0o644)
    services = unlock_vault(paths, PASSPHRASE)
    try:
        for companion in ("", "-wal", "-shm"):
            assert file_mode(Path(str(paths.vault) + companion)) == 0o600, companion
    finally:
        services.close()
    assert file_mode(paths.data_dir) == 0o700
    assert file_mode(paths.backups) == 0o700
    for path in _private_files(paths.data_dir):
        assert file_mode(path) == 0o600, path.name
