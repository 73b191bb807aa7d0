"""A full disk gives a clear DiskFullError, keeps earlier data, and the session goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaddesk.domain.errors import DiskFullError
from leaddesk.paths import resolve_paths
from leaddesk.services.unlocking import create_vault, unlock_vault
from tests.conftest import PASSPHRASE
from tests.security.small_disks import mounted_tmpfs

BIG_NOTE = "lorem ipsum dolor sit amet " * 400  # ~10 KB per task


def _fill_until_full(services, limit: int = 2000) -> list[int]:  # type: ignore[no-untyped-def]
    stored = []
    for i in range(limit):
        try:
            task = services.tasks.capture(f"filler {i} {BIG_NOTE}")
        except DiskFullError as exc:
            assert "disk is full" in str(exc).lower()
            assert "filler" not in str(exc)  # no private text in the message
            return stored
        assert task.id is not None
        stored.append(task.id)
    raise AssertionError("the disk never filled up")


def test_sqlite_full_is_reported_and_the_session_continues(services) -> None:  # type: ignore[no-untyped-def]
    raw = services.vault.raw_connection
    pages = raw.execute("PRAGMA page_count").fetchone()[0]
    raw.execute(f"PRAGMA max_page_count = {pages + 40}")

    stored = _fill_until_full(services)

    assert stored, "some writes must have fitted"
    assert sorted(t.id for t in services.tasks.open_tasks()) == stored  # earlier data intact
    with pytest.raises(DiskFullError):
        services.tasks.capture("one more " + BIG_NOTE)
    assert len(services.tasks.open_tasks()) == len(stored)  # refused change left nothing
    services.tasks.capture("small enough")  # a small change may still fit, or...
    raw.execute(f"PRAGMA max_page_count = {pages + 4000}")  # ...space was freed
    services.tasks.capture("after space was freed " + BIG_NOTE)
    assert services.vault.integrity_ok()


@pytest.fixture
def small_tmpfs(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real 3 MiB filesystem (needs root and mount); skipped elsewhere."""
    with mounted_tmpfs(tmp_path / "small-disk", "3m") as disk:
        yield disk


def test_real_full_disk(small_tmpfs: Path) -> None:
    paths = resolve_paths(small_tmpfs / "data")
    services = create_vault(paths, PASSPHRASE)
    ballast = small_tmpfs / "other-files"  # what the user deletes to make room
    ballast.write_bytes(b"\0" * (1024 * 1024))
    try:
        stored = _fill_until_full(services)
        assert stored
        assert sorted(t.id for t in services.tasks.open_tasks()) == stored
        with pytest.raises(DiskFullError):
            services.tasks.capture("still full " + BIG_NOTE)
        ballast.unlink()
        # The same session goes on once there is room again.
        services.tasks.capture("after freeing space")
        services.tasks.remove(stored[-5:])
        assert len(services.tasks.open_tasks()) == len(stored) - 5 + 1
    finally:
        services.close()
    services = unlock_vault(paths, PASSPHRASE)  # reopens, passes its integrity checks
    try:
        assert len(services.tasks.open_tasks()) == len(stored) - 5 + 1
    finally:
        services.close()
