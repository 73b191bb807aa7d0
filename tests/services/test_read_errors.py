"""A page damaged while the vault is open is reported as damage on a read, not as a raw
driver error carrying SQL."""

from __future__ import annotations

import pytest

from leaddesk.domain.errors import VaultDamagedError
from leaddesk.paths import AppPaths
from leaddesk.services.unlocking import create_vault, unlock_vault
from tests.conftest import PASSPHRASE


def test_reading_a_page_damaged_during_the_session_raises_vault_damaged(
    app_paths: AppPaths,
) -> None:
    services = create_vault(app_paths, PASSPHRASE)
    for i in range(300):
        services.tasks.capture(f"task number {i} " + "padding " * 20)
    services.close()
    services = unlock_vault(app_paths, PASSPHRASE)  # checked and sound at unlock
    try:
        raw = services.vault.raw_connection
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        data = bytearray(app_paths.vault.read_bytes())
        middle = len(data) - 2048  # inside the last page: task rows
        data[middle : middle + 32] = bytes(b ^ 0x5A for b in data[middle : middle + 32])
        app_paths.vault.write_bytes(bytes(data))
        raw.execute("PRAGMA shrink_memory")  # the next read goes to the file
        with pytest.raises(VaultDamagedError) as info:
            services.tasks.open_tasks()
        assert "SELECT" not in str(info.value) and "padding" not in str(info.value)
    finally:
        services.close()
