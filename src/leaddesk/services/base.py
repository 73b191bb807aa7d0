"""What every service shares: the vault, the clock, and the change notifications."""

from __future__ import annotations

import contextlib
import enum
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ..domain.clock import Clock
from ..domain.errors import LeadDeskError
from ..storage import row_changes
from ..storage.driver_errors import translate_errors
from ..storage.row_changes import RowChanges as RowChanges  # re-exported for the UI
from ..storage.row_snapshot import row_snapshot
from ..storage.vault import Vault

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
    # Who made the change (the view that saved it need not read its own write back).
    initiator: object | None = field(default=None, compare=False)

    def touches(self, *kinds: ChangeKind) -> bool:
        return any(kind in self.kinds for kind in kinds)


ChangeListener = Callable[[ChangeSet], None]

# Which kind of record each tracked table holds (views refresh on kinds).
TABLE_KINDS: dict[str, ChangeKind] = {
    "people": ChangeKind.PEOPLE,
    "tasks": ChangeKind.TASKS,
    "time_blocks": ChangeKind.BLOCKS,
    "delegations": ChangeKind.DELEGATIONS,
    "check_ins": ChangeKind.DELEGATIONS,
    "notes": ChangeKind.NOTES,
    "action_items": ChangeKind.NOTES,
    "topics": ChangeKind.NOTES,
    "growth_goals": ChangeKind.NOTES,
    "week_reviews": ChangeKind.REVIEWS,
    "vault_settings": ChangeKind.SETTINGS,
}


# The table whose ids a kind's ids are (a kind over several tables names its main one).
_MAIN_TABLE: dict[str, ChangeKind] = {
    "people": ChangeKind.PEOPLE,
    "tasks": ChangeKind.TASKS,
    "time_blocks": ChangeKind.BLOCKS,
    "delegations": ChangeKind.DELEGATIONS,
    "notes": ChangeKind.NOTES,
    "week_reviews": ChangeKind.REVIEWS,
}


def change_set_of(changes: RowChanges, also: ChangeSet | None = None) -> ChangeSet:
    """The kinds and ids a row change touched, merged with ``also`` (what the services
    announced). Ids are those of each kind's main table (tasks, people, time_blocks,
    delegations, notes, week_reviews)."""
    kinds: set[ChangeKind] = set(also.kinds) if also else set()
    ids: dict[ChangeKind, set[int]] = {k: set(v) for k, v in also.ids.items()} if also else {}
    for table, keys in changes.ids().items():
        kinds.add(TABLE_KINDS[table])
        kind = _MAIN_TABLE.get(table)
        if kind is not None:
            ids.setdefault(kind, set()).update(int(k) for k in keys)
    return ChangeSet(frozenset(kinds), {k: frozenset(v) for k, v in ids.items()})


class UndoConflictError(LeadDeskError):
    """The records changed since (outside the undo history): this step cannot be replayed."""


class _Operation:
    """What the writes of one user action changed, collected until it ends."""

    def __init__(self) -> None:
        self.rows = RowChanges()
        self.kinds: set[ChangeKind] = set()
        self.ids: dict[ChangeKind, set[int]] = {}

    def heard(self, changes: ChangeSet) -> None:
        self.kinds |= changes.kinds
        for kind in changes.kinds:
            if kind in changes.ids:
                self.ids.setdefault(kind, set()).update(changes.ids[kind])

    def change_set(self) -> ChangeSet:
        announced = ChangeSet(frozenset(self.kinds), {k: frozenset(v) for k, v in self.ids.items()})
        return change_set_of(self.rows, announced)


class ServiceHub:
    """The vault, the clock and the change listeners, shared by all services of an unlocked
    vault: every service reads and writes through its ``hub`` (``hub.read()``,
    ``hub.write(...)``, ``hub.operation()``). In the UI, ``ctx`` is always the
    ``AppContext``; the services' shared state is always the ``hub``."""

    def __init__(self, vault: Vault, clock: Clock | None = None) -> None:
        self._vault = vault
        vault.on_row_changes = self._on_row_changes
        self.clock = clock or Clock()
        self._listeners: list[ChangeListener] = []
        self._operation: _Operation | None = None
        # Run in the replay's transaction, before the rows are put back: what a service must
        # do about rows written outside the history (blocks: series stored ahead since).
        self.replay_hooks: list[Callable[[Session, RowChanges, bool], None]] = []

    @property
    def vault(self) -> Vault:
        return self._vault

    @vault.setter
    def vault(self, vault: Vault) -> None:
        self._vault = vault
        vault.on_row_changes = self._on_row_changes

    def _on_row_changes(self, changes: RowChanges) -> None:
        if self._operation is not None:
            self._operation.rows = self._operation.rows.merge(changes)

    # -- operations (one user action, one undo step) ------------------------------------
    @contextlib.contextmanager
    def operation(self) -> Iterator[_Operation]:
        """Collect every write inside into one change; change notices are held back (the
        caller announces :meth:`_Operation.change_set` once, after recording the step).

        If the body fails, what its earlier transactions wrote is put back, so a user action
        happens entirely or not at all."""
        if self._operation is not None:
            raise RuntimeError("operations do not nest")
        op = _Operation()
        self._operation = op
        try:
            yield op
        except BaseException:
            self._operation = None
            if op.rows:
                try:
                    self._apply(op.rows, backwards=True)
                except Exception as exc:  # the original failure is what the user must see
                    log.error("putting back a failed action failed: %s", type(exc).__name__)
            raise
        finally:
            self._operation = None

    def undo(self, changes: RowChanges) -> ChangeSet:
        """Put the rows back as they were before ``changes`` (by id, one transaction) and
        announce it; returns the change set announced."""
        return self._replay(changes, backwards=True)

    def redo(self, changes: RowChanges) -> ChangeSet:
        """Put the rows back as ``changes`` left them."""
        return self._replay(changes, backwards=False)

    def _replay(self, changes: RowChanges, *, backwards: bool) -> ChangeSet:
        self._apply(changes, backwards=backwards)
        announced = change_set_of(changes)
        self.notify(announced)
        return announced

    def _apply(self, changes: RowChanges, *, backwards: bool) -> None:
        try:
            with self.vault.transaction() as session:
                for hook in self.replay_hooks:
                    hook(session, changes, backwards)
                row_changes.apply(session.connection(), changes, backwards=backwards)
        except row_changes.RowConflictError:
            raise UndoConflictError(
                "This step can no longer be undone or redone: the records changed since."
            ) from None

    def subscribe(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: ChangeListener) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    @contextlib.contextmanager
    def write(self, *kinds: ChangeKind, undoable: bool = True) -> Iterator[Session]:
        """One transaction; after it commits, every listener hears which kinds changed.
        ``undoable=False``: a write that is no user action (a calendar refresh) skips the
        row tracker, unless an action is being recorded (then it stays part of it)."""
        tracked = undoable or self._operation is not None
        with self.vault.transaction(tracked=tracked) as session:
            yield session
        self.notify(ChangeSet(frozenset(kinds)))

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work; driver errors arrive as ``VaultError`` (a damaged page
        as ``VaultDamagedError``), with no SQL in the message, like writes."""
        with self.vault.session() as session, translate_errors():
            yield session

    @contextlib.contextmanager
    def read_rows(self) -> Iterator[Any]:
        """A read of plain rows on the vault's own DB-API connection, in one read
        transaction (``storage.row_snapshot``), for hot reads that use no ORM; driver
        errors arrive as from :meth:`read`."""
        with translate_errors(), row_snapshot(self.vault.raw_connection) as raw:
            yield raw

    def notify(self, changes: ChangeSet) -> None:
        if self._operation is not None:
            self._operation.heard(changes)
            return
        for listener in list(self._listeners):
            listener(changes)


class Service:
    def __init__(self, hub: ServiceHub) -> None:
        self.hub = hub

    @property
    def clock(self) -> Clock:
        return self.hub.clock
