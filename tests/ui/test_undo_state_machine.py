"""Undo and redo of every use case restore the same rows by id (a hypothesis state machine).

Random user actions run through ``AppContext.run`` (one generic undo step each), mixed with
undo and redo on the session's undo stack. After every step the whole vault (every tracked
table, every row, by id, as stored) must equal the state recorded for that point in the
history: undo gives back exactly the rows before, redo exactly the rows after, ids included.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from leaddesk.domain.errors import LeadDeskError
from leaddesk.domain.model import BlockKind, NoteKind, Quadrant
from leaddesk.storage import row_changes, tables
from tests.conftest import BERLIN

NOTE_TYPING = 0x6E07F  # a merge key id for typing in one note (as the people area does)
TITLES = st.text(alphabet="abcdefgh xyz", min_size=1, max_size=12).filter(str.strip)


def _vault_rows(ctx: Any) -> dict[Any, Any]:
    with ctx.services.hub.read() as s:
        return row_changes.snapshot(s.connection())


def _by_table(rows: dict[Any, Any], table: Any) -> dict[int, dict[str, Any]]:
    cols = row_changes.columns(table)
    return {
        key: dict(zip(cols, values, strict=True))
        for (name, key), values in rows.items()
        if name == table.name
    }


def _empty_the_vault(ctx: Any) -> None:
    with ctx.services.vault.transaction() as s:
        conn = s.connection()
        for table in reversed(row_changes.TRACKED):
            conn.exec_driver_sql(f'DELETE FROM "{table.name}"')


def test_undo_and_redo_restore_every_row_by_id(ctx) -> None:  # type: ignore[no-untyped-def]
    stack = ctx.undo_stack

    class History(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            stack.clear()
            _empty_the_vault(ctx)  # every example starts from the same (empty) vault
            self.states = [_vault_rows(ctx)]  # the rows at each index of the undo stack

        # -- helpers ------------------------------------------------------------------
        def rows(self, table: Any) -> dict[int, dict[str, Any]]:
            # the recorded state of this point in history (the invariant: the vault's rows)
            return _by_table(self.states[stack.index()], table)

        def has(self, table: Any, **where: Any) -> bool:
            return any(
                all(row[col] == value for col, value in where.items())
                for row in self.rows(table).values()
            )

        def act(self, op: Any, label: str, merge_key: Any = None) -> None:
            index = stack.index()
            try:
                outcome = ctx.perform(op, label, merge_key=merge_key)
            except LeadDeskError:
                assert stack.index() == index
                assert _vault_rows(ctx) == self.states[index], "a refusal changed rows"
                return
            assert outcome.ok
            now = _vault_rows(ctx)
            if stack.index() == index + 1:
                self.states = [*self.states[: index + 1], now]
            elif now == self.states[index]:  # nothing changed: no step, the redo tail stays
                assert stack.index() == index
            else:  # merged into the step before (the redo tail goes, as with any push)
                assert stack.index() == index and index > 0
                self.states = [*self.states[:index], now]

        def pick(self, data: Any, table: Any, **where: Any) -> int | None:
            ids = sorted(
                key
                for key, row in self.rows(table).items()
                if all(row[col] == value for col, value in where.items())
            )
            at = data.draw(st.integers(0, 1000))  # drawn whatever the vault holds
            return ids[at % len(ids)] if ids else None

        # -- tasks --------------------------------------------------------------------
        @rule(title=TITLES, quadrant=st.sampled_from(list(Quadrant)))
        def capture(self, title: str, quadrant: Quadrant) -> None:
            self.act(lambda s: s.tasks.capture(title, quadrant=quadrant), "Capture")

        @precondition(lambda self: self.has(tables.tasks, status="open"))
        @rule(data=st.data(), quadrant=st.sampled_from(list(Quadrant)))
        def move(self, data: Any, quadrant: Quadrant) -> None:
            task = self.pick(data, tables.tasks, status="open")
            if task is not None:
                self.act(lambda s: s.tasks.move([task], quadrant, index=0), "Move")

        @precondition(lambda self: self.has(tables.tasks, status="open"))
        @rule(data=st.data())
        def complete(self, data: Any) -> None:
            task = self.pick(data, tables.tasks, status="open")
            if task is not None:
                self.act(lambda s: s.tasks.complete([task]), "Complete")

        @precondition(lambda self: self.has(tables.tasks, status="done"))
        @rule(data=st.data())
        def reopen(self, data: Any) -> None:
            task = self.pick(data, tables.tasks, status="done")
            if task is not None:
                self.act(lambda s: s.tasks.reopen([task]), "Reopen")

        @precondition(lambda self: self.has(tables.tasks, status="open"))
        @rule(data=st.data())
        def let_go(self, data: Any) -> None:
            task = self.pick(data, tables.tasks, status="open")
            if task is not None:
                self.act(lambda s: s.tasks.let_go([task]), "Let go")

        @precondition(lambda self: self.has(tables.tasks))
        @rule(data=st.data(), title=TITLES, minutes=st.none() | st.integers(1, 600))
        def edit(self, data: Any, title: str, minutes: int | None) -> None:
            task = self.pick(data, tables.tasks)
            if task is not None:
                self.act(
                    lambda s: s.tasks.update(task, title=title, estimate_minutes=minutes), "Edit"
                )

        @precondition(lambda self: self.has(tables.tasks, status="let_go"))
        @rule(data=st.data())
        def purge(self, data: Any) -> None:
            task = self.pick(data, tables.tasks, status="let_go")
            if task is not None:
                self.act(lambda s: s.tasks.purge([task]), "Purge")

        # -- people, notes ---------------------------------------------------------------
        @rule(name=TITLES)
        def add_person(self, name: str) -> None:
            self.act(lambda s: s.people.add(name), "Add person")

        @precondition(lambda self: self.has(tables.people))
        @rule(data=st.data(), body=TITLES)
        def add_note(self, data: Any, body: str) -> None:
            person = self.pick(data, tables.people)
            if person is not None:
                self.act(lambda s: s.notes.add_note(person, NoteKind.ONE_ON_ONE, body), "Note")

        @precondition(lambda self: self.has(tables.notes))
        @rule(data=st.data(), body=TITLES)
        def type_in_note(self, data: Any, body: str) -> None:
            note = self.pick(data, tables.notes)
            if note is not None:
                self.act(
                    lambda s: s.notes.update_note(note, body=body),
                    "Edit note",
                    merge_key=(NOTE_TYPING, note),
                )

        @precondition(lambda self: self.has(tables.notes))
        @rule(data=st.data())
        def delete_note(self, data: Any) -> None:
            note = self.pick(data, tables.notes)
            if note is not None:
                self.act(lambda s: s.notes.remove_note(note), "Delete note")

        # -- delegations -----------------------------------------------------------------
        @precondition(lambda self: self.has(tables.people))
        @rule(data=st.data())
        def delegate(self, data: Any) -> None:
            delegated = {row["task_id"] for row in self.rows(tables.delegations).values()}
            task = self.pick(data, tables.tasks, status="open")
            person = self.pick(data, tables.people)
            if task is not None and person is not None and task not in delegated:
                self.act(lambda s: s.delegations.create(task, person), "Delegate")

        @precondition(lambda self: self.has(tables.delegations, status="active"))
        @rule(data=st.data(), note=TITLES)
        def check_in(self, data: Any, note: str) -> None:
            delegation = self.pick(data, tables.delegations, status="active")
            if delegation is not None:
                self.act(lambda s: s.delegations.check_in(delegation, note=note), "Check in")

        # -- blocks ----------------------------------------------------------------------
        @rule(title=TITLES, day=st.integers(0, 4), hour=st.integers(8, 16))
        def add_block(self, title: str, day: int, hour: int) -> None:
            start = datetime(2026, 11, 16, hour, tzinfo=BERLIN) + timedelta(days=day)
            end = start + timedelta(minutes=30)
            self.act(lambda s: s.blocks.create(title, BlockKind.FOCUS, start, end), "Block")

        @precondition(lambda self: self.has(tables.time_blocks))
        @rule(data=st.data(), hour=st.integers(8, 16))
        def move_block(self, data: Any, hour: int) -> None:
            block = self.pick(data, tables.time_blocks)
            if block is None:
                return
            current = ctx.services.blocks.get(block).start.astimezone(BERLIN)
            start = current.replace(hour=hour, minute=0)
            self.act(lambda s: s.blocks.move(block, start), "Move block")

        # -- history ---------------------------------------------------------------------
        @precondition(lambda self: stack.canUndo())
        @rule()
        def undo(self) -> None:
            stack.undo()

        @precondition(lambda self: stack.canRedo())
        @rule()
        def redo(self) -> None:
            stack.redo()

        @invariant()
        def rows_match_the_history(self) -> None:
            assert stack.count() == len(self.states) - 1
            assert _vault_rows(ctx) == self.states[stack.index()]

    run_state_machine_as_test(
        History,
        settings=settings(
            max_examples=20,
            stateful_step_count=30,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
