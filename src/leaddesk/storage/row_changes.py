"""The row-state tracker: what one write transaction did to each row, by table and id.

Every insert, update and delete in the vault's tracked tables is recorded by temporary
triggers (they live on the one long-lived connection, never in the vault file) into a temporary
log: the row's stored values before and after, as the database holds them. SQLite runs triggers
for the rows a foreign-key action changes too, so a delete that cascades (a task's delegations
and their check-ins) or unlinks (``ON DELETE SET NULL``) records those dependent rows as well,
before the parent row: nothing is inferred, nothing is missed, whatever wrote the row (ORM,
Core statement or raw SQL).

:class:`RowChanges` is the merged result (first "before", last "after" per row); :func:`apply`
puts rows back by id, backwards (undo) or forwards (redo), in one transaction and in a
foreign-key-safe order. Writing through the ``notes`` table keeps the full-text index in step:
its own triggers (migration 0002) run for the rows restored here like for any other write.

Values are the raw stored values (text, integer, real, null) so restoring needs no type
conversion and gives back exactly the bytes that were there (timestamps, float positions).
The columns come from the typed Core tables in :mod:`.tables`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from . import tables

LOG_TABLE = "leaddesk_row_log"
# One row here (inside a write transaction) pauses the triggers: a write that is no user
# action and no undo step (a calendar subscription's refresh) skips the per-row log.
PAUSE_TABLE = "leaddesk_row_log_paused"

# Tables whose rows are user data that an undo can put back. The commit counter, the
# calendar subscriptions (fetched content, a private location) and Alembic's own table are not.
TRACKED: tuple[Table, ...] = (
    tables.people,
    tables.tasks,
    tables.time_blocks,
    tables.delegations,
    tables.check_ins,
    tables.notes,
    tables.action_items,
    tables.topics,
    tables.growth_goals,
    tables.week_reviews,
    tables.vault_settings,
)
_BY_NAME: dict[str, Table] = {t.name: t for t in TRACKED}
# Parents before children (foreign keys), from the metadata: inserts go in this order,
# deletes in the reverse one.
_ORDER: dict[str, int] = {
    t.name: i for i, t in enumerate(t for t in tables.metadata.sorted_tables if t.name in _BY_NAME)
}

Key = tuple[str, Any]  # (table name, primary key value)
Values = tuple[Any, ...]  # stored values in the table's column order


class RowConflictError(Exception):
    """A row is not in the state the change expects (changed outside the history)."""


def columns(table: Table) -> list[str]:
    return [c.name for c in table.columns]


def primary_key(table: Table) -> str:
    (pk,) = table.primary_key.columns
    return pk.name


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def install_statements() -> list[str]:
    """The temporary log table and one trigger per tracked table and event."""
    stmts = [
        f"CREATE TEMP TABLE IF NOT EXISTS {LOG_TABLE} ("
        "seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, rid, old TEXT, new TEXT)",
        f"CREATE TEMP TABLE IF NOT EXISTS {PAUSE_TABLE} (paused INTEGER)",
    ]
    running = f"WHEN NOT EXISTS (SELECT 1 FROM temp.{PAUSE_TABLE}) "
    for table in TRACKED:
        name = table.name
        pk = _q(primary_key(table))
        cols = columns(table)
        new = "json_array(" + ", ".join(f"new.{_q(c)}" for c in cols) + ")"
        old = "json_array(" + ", ".join(f"old.{_q(c)}" for c in cols) + ")"
        events = (
            ("ai", "INSERT", f"new.{pk}", "NULL", new),
            ("au", "UPDATE", f"old.{pk}", old, new),
            ("ad", "DELETE", f"old.{pk}", old, "NULL"),
        )
        for suffix, event, rid, before, after in events:
            stmts.append(
                f"CREATE TEMP TRIGGER IF NOT EXISTS leaddesk_rc_{name}_{suffix} "
                f"AFTER {event} ON main.{_q(name)} {running}BEGIN "
                f"INSERT INTO temp.{LOG_TABLE}(tbl, rid, old, new) "
                f"VALUES ('{name}', {rid}, {before}, {after}); END"
            )
    return stmts


def install(conn: Any) -> None:
    """Create the log and triggers on a DB-API connection (idempotent)."""
    for stmt in install_statements():
        conn.execute(stmt)


def pause(conn: Any) -> None:
    """Log nothing until :func:`resume` (call both inside one write transaction on ``conn``:
    a rollback resumes too)."""
    conn.execute(f"INSERT INTO temp.{PAUSE_TABLE} (paused) VALUES (1)")


def resume(conn: Any) -> None:
    conn.execute(f"DELETE FROM temp.{PAUSE_TABLE}")


def collect(conn: Any) -> RowChanges:
    """Take (and empty) the log of the transaction in progress on ``conn``."""
    return collect_with(conn, "NULL")[0]


def collect_with(conn: Any, expression: str) -> tuple[RowChanges, Any]:
    """:func:`collect`, plus the value of one more SQL ``expression`` read by the same
    statement (None when nothing was logged): the commit counter's, see commit_counter.py."""
    rows = conn.execute(
        f"DELETE FROM temp.{LOG_TABLE} RETURNING seq, tbl, rid, old, new, {expression}"
    ).fetchall()
    value = rows[0][5] if rows else None
    return _from_log(rows), value


def _from_log(rows: list[Any]) -> RowChanges:
    rows.sort(key=lambda r: r[0])
    changes = RowChanges()
    for _seq, tbl, rid, old, new, *_ in rows:
        before = None if old is None else tuple(json.loads(old))
        after = None if new is None else tuple(json.loads(new))
        # An update that changes the primary key is a delete of the old row and an insert.
        if before is not None and after is not None:
            table = _BY_NAME[tbl]
            new_key = after[columns(table).index(primary_key(table))]
            if new_key != rid:
                changes._record((tbl, rid), before, None)
                changes._record((tbl, new_key), None, after)
                continue
        changes._record((tbl, rid), before, after)
    return changes


@dataclass(frozen=True)
class RowChange:
    before: Values | None
    after: Values | None


@dataclass
class RowChanges:
    """Rows one or more transactions changed: state before the first and after the last,
    by (table, id), in the order they were first touched. Rows that ended as they began
    are left out."""

    rows: dict[Key, RowChange] = field(default_factory=dict)

    def _record(self, key: Key, before: Values | None, after: Values | None) -> None:
        known = self.rows.get(key)
        if known is not None:
            before = known.before
        if before == after:
            self.rows.pop(key, None)
        else:
            self.rows[key] = RowChange(before, after)

    def merge(self, later: RowChanges) -> RowChanges:
        """This change followed by ``later``, as one."""
        merged = RowChanges(dict(self.rows))
        for key, change in later.rows.items():
            merged._record(key, change.before, change.after)
        return merged

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def tables(self) -> frozenset[str]:
        return frozenset(tbl for tbl, _ in self.rows)

    def ids(self) -> dict[str, frozenset[Any]]:
        """The primary keys changed, by table."""
        found: dict[str, set[Any]] = {}
        for tbl, key in self.rows:
            found.setdefault(tbl, set()).add(key)
        return {tbl: frozenset(keys) for tbl, keys in found.items()}

    def reversed(self) -> RowChanges:
        return RowChanges({k: RowChange(c.after, c.before) for k, c in self.rows.items()})

    def values(self, key: Key, *, after: bool = True) -> Mapping[str, Any] | None:
        """A row's stored values by column name (for tests and diagnostics)."""
        change = self.rows.get(key)
        if change is None:
            return None
        vals = change.after if after else change.before
        return None if vals is None else dict(zip(columns(_BY_NAME[key[0]]), vals, strict=True))


def _ordered(
    items: Iterable[tuple[Key, RowChange]], *, reverse: bool
) -> Iterator[tuple[Key, RowChange]]:
    return iter(sorted(items, key=lambda kv: _ORDER[kv[0][0]], reverse=reverse))


def apply(conn: Any, changes: RowChanges, *, backwards: bool) -> None:
    """Put every row of ``changes`` into its state before (``backwards``) or after it, by id,
    on ``conn`` (an open write transaction's DB-API or SQLAlchemy connection).

    Foreign keys are checked at commit (``defer_foreign_keys``), so the order only matters for
    the actions the database takes itself: rows to remove go first, children before parents;
    then rows to put back, parents before children. An update touches only the columns the
    change changed (typing saved meanwhile in another column of the same row stays). A row
    that is not where the change left it (gone, or its id taken) raises
    :class:`RowConflictError` and the caller's transaction rolls back.
    """
    execute = _executor(conn)
    execute("PRAGMA defer_foreign_keys = ON", ())
    plan = changes.reversed() if backwards else changes
    removals = [(k, c) for k, c in plan.rows.items() if c.after is None]
    others = [(k, c) for k, c in plan.rows.items() if c.after is not None]
    for (tbl, key), _change in _ordered(removals, reverse=True):
        table = _BY_NAME[tbl]
        execute(f"DELETE FROM {_q(tbl)} WHERE {_q(primary_key(table))} = ?", (key,))
    for (tbl, key), change in _ordered(others, reverse=False):
        table = _BY_NAME[tbl]
        cols = columns(table)
        target = change.after
        assert target is not None
        if change.before is None:
            exists = execute(
                f"SELECT 1 FROM {_q(tbl)} WHERE {_q(primary_key(table))} = ?", (key,)
            ).fetchone()
            if exists is not None:
                raise RowConflictError(tbl)
            marks = ", ".join("?" for _ in cols)
            execute(
                f"INSERT INTO {_q(tbl)} ({', '.join(_q(c) for c in cols)}) VALUES ({marks})",
                tuple(target),
            )
            continue
        changed = [
            (c, new) for c, old, new in zip(cols, change.before, target, strict=True) if old != new
        ]
        if not changed:
            continue
        sets = ", ".join(f"{_q(c)} = ?" for c, _ in changed)
        result = execute(
            f"UPDATE {_q(tbl)} SET {sets} WHERE {_q(primary_key(table))} = ?",
            (*(v for _, v in changed), key),
        )
        if result.rowcount == 0:
            raise RowConflictError(tbl)


def _executor(conn: Any) -> Any:
    if hasattr(conn, "exec_driver_sql"):
        return conn.exec_driver_sql
    return conn.execute


def snapshot(conn: Any) -> dict[Key, Values]:
    """Every tracked row, by (table, id): the whole vault's user data (for tests)."""
    execute = _executor(conn)
    rows: dict[Key, Values] = {}
    for table in TRACKED:
        cols = columns(table)
        pk_at = cols.index(primary_key(table))
        select = "SELECT json_array(" + ", ".join(_q(c) for c in cols) + f") FROM {_q(table.name)}"
        for (encoded,) in execute(select, ()).fetchall():
            values = tuple(json.loads(encoded))
            rows[(table.name, values[pk_at])] = values
    return rows
