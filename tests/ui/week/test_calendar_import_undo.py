"""One undo removes a whole .ics import and redo brings it back (the new meetings are
written in one executemany, outside the ORM: the vault's row tracker still sees them)."""

from __future__ import annotations

from datetime import date

from leaddesk.ui.week.commands import ImportCalendarCommand
from tests.calendar_text import ics

WEEK = date(2026, 11, 16)


def meeting(uid: str, day: int, title: str) -> str:
    return (
        f"UID:{uid}\r\nDTSTART:202611{day:02d}T090000Z\r\nDTEND:202611{day:02d}T100000Z\r\n"
        f"SUMMARY:{title}"
    )


def titles(ctx) -> list[str]:
    return sorted(b.title for b in ctx.services.blocks.week(WEEK))


def test_one_undo_removes_the_whole_import_and_redo_restores_it(ctx) -> None:
    data = ics(meeting("a", 16, "Sync"), meeting("b", 17, "Review"), meeting("c", 18, "Demo"))
    command = ImportCalendarCommand(ctx, ctx.services.calendar.read(data))
    assert ctx.push(command)
    assert command.result is not None and command.result.created == 3
    assert sorted(command.result.change.created_ids) == sorted(
        b.id for b in ctx.services.blocks.week(WEEK)
    )
    assert titles(ctx) == ["Demo", "Review", "Sync"]
    ctx.undo_stack.undo()
    assert titles(ctx) == []
    ctx.undo_stack.redo()
    assert titles(ctx) == ["Demo", "Review", "Sync"]
    assert all(b.read_only for b in ctx.services.blocks.week(WEEK))
