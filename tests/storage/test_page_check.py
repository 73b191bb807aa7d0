"""The every-page HMAC check in the background (issue 18): unlock returns before it has run,
every write waits for it, and damage it finds refuses writes and is told to the caller.

Real damaged vault files: the pages that a batch of rows was written to are flipped on disk,
pages the unlock itself never reads (it reads the schema and two small tables).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from leaddesk.domain.errors import VaultDamagedError
from leaddesk.paths import AppPaths
from leaddesk.services.container import Services
from leaddesk.services.unlocking import (
    create_vault,
    start_page_check,
    unlock_vault,
    when_pages_checked,
)
from leaddesk.storage.page_check import PageState
from tests.conftest import PASSPHRASE

PAGE = 4096


def add_tasks(services: Services, count: int = 300) -> None:
    raw = services.vault.raw_connection
    raw.execute("BEGIN")
    for i in range(count):
        raw.execute(
            "INSERT INTO tasks (title, quadrant, position, notes, requester, only_i_can, status)"
            " VALUES (?, 'inbox', ?, '', '', 0, 'open')",
            (f"task number {i} " + "padding " * 20, float(i)),
        )
    raw.execute("COMMIT")


def vault_with(app_paths: AppPaths, fill: Callable[[Services], None]) -> range:
    """A vault unlocked once today (its daily backup and full check are done, so later
    unlocks may check in the background), then filled: the pages the filling added."""
    create_vault(app_paths, PASSPHRASE).close()
    services = unlock_vault(app_paths, PASSPHRASE)  # first unlock today: backup, verifier
    try:
        services.vault.checkpoint()
        first = app_paths.vault.stat().st_size // PAGE
        fill(services)
    finally:
        services.close()  # checkpoints: the rows are in the main file
    return range(first, app_paths.vault.stat().st_size // PAGE)


def damage_pages(path: Path, pages: range) -> None:
    data = bytearray(path.read_bytes())
    for page in pages:
        middle = page * PAGE + PAGE // 2
        data[middle : middle + 32] = bytes(b ^ 0x5A for b in data[middle : middle + 32])
    path.write_bytes(bytes(data))


def test_a_write_issued_while_the_check_runs_waits_for_it_then_is_saved(
    app_paths: AppPaths,
) -> None:
    vault_with(app_paths, add_tasks)
    for _attempt in range(5):  # the check's key derivation alone takes ~100 ms
        services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
        try:
            start_page_check(services)  # what the window does once it has painted
            if services.vault.page_state is not PageState.RUNNING:
                continue  # it finished already: nothing to wait for, try again
            task = services.tasks.capture("Written once the pages are checked")
            # The write returned only after the check had found every page sound.
            assert services.vault.page_state is PageState.HEALTHY
            break
        finally:
            services.close()
    else:
        pytest.fail("the background check always finished before the first write")
    services = unlock_vault(app_paths, PASSPHRASE)
    try:
        assert any(t.id == task.id for t in services.tasks.open_tasks())
    finally:
        services.close()


def test_damage_the_unlock_did_not_read_is_found_in_the_background_and_refuses_writes(
    app_paths: AppPaths,
) -> None:
    pages = vault_with(app_paths, add_tasks)
    assert len(pages) >= 5
    damage_pages(app_paths.vault, pages)
    damaged_bytes = app_paths.vault.read_bytes()

    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)  # opens
    try:
        heard: list[bool] = []
        done = threading.Event()
        when_pages_checked(services, lambda damaged: (heard.append(damaged), done.set()))
        start_page_check(services)
        assert done.wait(20) and heard == [True]
        assert services.vault.page_state is PageState.DAMAGED
        with pytest.raises(VaultDamagedError) as refused:
            services.tasks.capture("Never written to a damaged vault")
        assert "damaged" in str(refused.value)
    finally:
        services.close()
    assert app_paths.vault.read_bytes() == damaged_bytes  # not a byte written
    with pytest.raises(VaultDamagedError):  # the unlock without it says so up front
        unlock_vault(app_paths, PASSPHRASE)


def test_a_sound_vault_checked_in_the_background_reports_healthy(app_paths: AppPaths) -> None:
    vault_with(app_paths, add_tasks)
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    try:
        heard: list[bool] = []
        done = threading.Event()
        when_pages_checked(services, lambda damaged: (heard.append(damaged), done.set()))
        start_page_check(services)
        assert done.wait(20) and heard == [False]
        late: list[bool] = []  # registered after the end: told at once
        when_pages_checked(services, late.append)
        assert late == [False]
    finally:
        services.close()
    for suffix in ("-wal", "-shm"):  # the check's connection let go of the file
        assert not Path(str(app_paths.vault) + suffix).exists()


def test_a_write_before_anything_started_the_check_starts_it_and_waits_for_it(
    app_paths: AppPaths,
) -> None:
    pages = vault_with(app_paths, add_tasks)
    damage_pages(app_paths.vault, pages)
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    try:
        assert services.vault.page_state is PageState.RUNNING  # not started
        with pytest.raises(VaultDamagedError):
            services.tasks.capture("Never written")
        assert services.vault.page_state is PageState.DAMAGED
    finally:
        services.close()


def test_closing_while_the_check_runs_stops_it_and_leaves_no_files(app_paths: AppPaths) -> None:
    vault_with(app_paths, add_tasks)
    services = unlock_vault(app_paths, PASSPHRASE, check_pages_later=True)
    start_page_check(services)
    services.close()
    for suffix in ("-wal", "-shm"):
        assert not Path(str(app_paths.vault) + suffix).exists()
    assert not [t for t in threading.enumerate() if t.name == "leaddesk-page-check"]
