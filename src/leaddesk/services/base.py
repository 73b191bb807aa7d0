"""What every service shares: the vault, the clock, and the change notifications."""

from __future__ import annotations

import contextlib
import enum
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..domain.clock import Clock
from ..storage.vault import Vault, translate_errors

log = logging.getLogger(__name__)


def saved_id(record_id: int | None) -> int:
    """The id of a record read from the vault or flushed to it (only a record not yet
    saved has none: using one where a saved record is needed is a bug, said loudly)."""
    if record_id is None:
        raise RuntimeError("a record was used before it was saved")
    return record_id


class ChangeKind(enum.StrEnum):
    TASKS = "tasks"
    PEOPLE = "people"
    BLOCKS = "blocks"
    DELEGATIONS = "delegations"
    NOTES = "notes"
    REVIEWS = "reviews"
    SETTINGS = "settings"


@dataclass(frozen=True)
class ChangeSet:
    """Which kinds of records one committed action changed (views refresh on what they show)."""

    kinds: frozenset[ChangeKind]
    ids: dict[ChangeKind, frozenset[int]] = field(default_factory=dict)

    def touches(self, *kinds: ChangeKind) -> bool:
        return any(kind in self.kinds for kind in kinds)


ChangeListener = Callable[[ChangeSet], None]


class ServiceContext:
    """The vault, the clock and the change listeners, shared by all services of a session."""

    def __init__(self, vault: Vault, clock: Clock | None = None) -> None:
        self.vault = vault
        self.clock = clock or Clock()
        self._listeners: list[ChangeListener] = []

    def subscribe(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: ChangeListener) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    @contextlib.contextmanager
    def write(self, *kinds: ChangeKind) -> Iterator[Session]:
        """One transaction; after it commits, every listener hears which kinds changed."""
        with self.vault.transaction() as session:
            yield session
        self.notify(ChangeSet(frozenset(kinds)))

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work; driver errors arrive as ``VaultError`` (a damaged page
        as ``VaultDamagedError``), with no SQL in the message, like writes."""
        with self.vault.session() as session, translate_errors():
            yield session

    def notify(self, changes: ChangeSet) -> None:
        for listener in list(self._listeners):
            listener(changes)


class Service:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @property
    def clock(self) -> Clock:
        return self.ctx.clock
