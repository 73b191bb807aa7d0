"""A realistic sample team for ``leaddesk --demo``, screenshots and first-time users.

Everything is placed relative to "today" (the clock's, unless given), so the demo always
shows a live week: this week's blocks, a one-on-one that is overdue, a delegation check-in
that slipped, requests waiting for an answer. No randomness: the same day gives the same
vault. Every record goes in through the services, as a user's action would put it there
(same validation, same rules), all as one operation: entirely or not at all.

The data lives in ``team``, ``board``, ``week`` and ``conversations``; ``seeder`` turns it
into rows; this module holds the two entry points, ``seed_demo`` and ``open_demo_vault``.
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

from ...domain.errors import ValidationError
from ...domain.week import local_datetime
from .seeder import DemoSeeder

if TYPE_CHECKING:
    from ...domain.clock import Clock
    from ..container import Services


@dataclass(frozen=True)
class DemoVault:
    """A throwaway vault seeded with the demo team; ``close()`` removes every file."""

    services: Services
    directory: tempfile.TemporaryDirectory[str]

    def close(self) -> None:
        self.services.close()
        self.directory.cleanup()


def open_demo_vault(clock: Clock | None = None) -> DemoVault:
    """A fresh vault in a temporary directory (never the user's real one), seeded.

    The passphrase is random and never shown: the demo vault is meant to be thrown away.
    """
    from ...paths import AppPaths
    from ..unlocking import create_vault

    directory = tempfile.TemporaryDirectory(prefix="leaddesk-demo-")
    root = Path(directory.name)
    paths = AppPaths(data_dir=root / "data", config_dir=root / "config")
    try:
        services = create_vault(paths, secrets.token_urlsafe(24), clock)
        seed_demo(services)
    except BaseException:
        directory.cleanup()
        raise
    return DemoVault(services, directory)


def seed_demo(services: Services, *, today: date | None = None) -> None:
    """Fill an empty vault with the demo team. Refuses a vault that already holds data."""
    clock = services.clock
    tz = clock.tz
    if today is None:
        today = clock.today()
        now = clock.now()
    else:
        now = local_datetime(today, time(10, 0), tz)
    if services.people.list(include_archived=True) or services.tasks.open_tasks():
        raise ValidationError("Demo data can only be added to an empty vault.")
    # One action: if any record is refused, what was written before it is put back.
    with services.hub.operation() as seeded:
        DemoSeeder(services, today, now, tz).run()
    services.hub.notify(seeded.change_set())
