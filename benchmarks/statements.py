"""SQL statements per user action, with every area built and a person page open.

Counted with ``set_trace_callback`` on the vault's one DB-API connection: the ORM, Core and
the raw FTS paths all run through it, so nothing escapes the count. The callback keeps only
the first word of each statement (never the statement: it holds the user's text). Lines
SQLite reports for statements run inside triggers (``-- TRIGGER ...``) are not counted, nor
are trigger repeats: sqlcipher3's callback reports each trigger program a statement enters
as that same statement's text once more, right after it (an UPDATE of a task entering the
row tracker's and the commit counter's triggers showed up five times). The suite's
``tests/ui/test_statements_per_action.py`` counts the same way.

Issue 14's target: a card move runs at most 6 statements (the write plus the visible board)
and hidden views run none until they are shown.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any


class StatementCounter:
    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.words: Counter[str] = Counter()
        self._last = ""  # the previous statement's text, only to spot trigger repeats

    def _seen(self, statement: str) -> None:
        stripped = statement.lstrip()
        if stripped.startswith("--"):
            return
        if stripped == self._last and not stripped.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            return  # the same statement entering a trigger program
        self._last = stripped
        self.words[stripped.split(None, 1)[0].upper() if stripped else "?"] += 1

    @contextmanager
    def counting(self) -> Iterator[Counter[str]]:
        self.words, self._last = Counter(), ""
        self.raw.set_trace_callback(self._seen)
        try:
            yield self.words
        finally:
            self.raw.set_trace_callback(None)


def _raw_connection(ctx: Any) -> Any:
    """The vault's DB-API connection (through the services' shared context)."""
    services = ctx.services
    for name in ("tasks", "blocks", "notes", "delegations"):
        service = getattr(services, name, None)
        vault = getattr(getattr(service, "hub", None), "vault", None)
        if vault is not None:
            return vault.raw_connection
    raise LookupError("no vault connection found on the services")


CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END")


def _summary(words: Counter[str]) -> dict[str, int]:
    """``statements``: SQL that reads or writes (transaction control counted apart)."""
    control = sum(words.get(w, 0) for w in CONTROL)
    return {
        "statements": sum(words.values()) - control,
        "transactions": words.get("BEGIN", 0),
        "control": control,
        "writes": sum(words.get(w, 0) for w in ("INSERT", "UPDATE", "DELETE", "REPLACE")),
        "reads": words.get("SELECT", 0),
        "other": sum(words.values())
        - control
        - words.get("SELECT", 0)
        - sum(words.get(w, 0) for w in ("INSERT", "UPDATE", "DELETE", "REPLACE")),
    }


def count_actions(ctx: Any, settle: Callable[[], None], busiest_person: int) -> dict[str, Any]:
    """Statements (and transactions) of a card move, a block move, a quick-note save and a
    check-in, each with the main window holding every area and a person page open."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from leaddesk.domain.model import BlockKind, Quadrant
    from leaddesk.ui.area import Area
    from leaddesk.ui.main_window import MainWindow

    from .interactions import delete_now, flush_deletes, open_delegation

    counter = StatementCounter(_raw_connection(ctx))
    stray = [type(o).__name__ for o in gc.get_objects() if isinstance(o, Area)]

    def drop_card(window: Any) -> None:
        board = window.areas["matrix"]
        source, target = board.models[Quadrant.DO], board.models[Quadrant.SCHEDULE]
        mime = source.mimeData([source.index(min(3, source.rowCount() - 1), 0)])
        target.dropMimeData(
            mime, Qt.DropAction.MoveAction, target.rowCount() // 2, 0, target.index(-1, 0)
        )

    # The same card move with only the board built: what the visible view itself costs.
    alone = MainWindow(ctx)
    alone.resize(1400, 900)
    alone.show()
    alone.show_area("matrix")
    settle()
    board_alone: dict[str, int] | None = None
    try:
        with counter.counting() as words:
            drop_card(alone)
            settle()
        board_alone = _summary(words)
    except Exception:
        board_alone = None
    delete_now(alone)

    window = MainWindow(ctx)
    window.resize(1400, 900)
    window.show()
    window.ensure_all_areas()
    for key in ("matrix", "week", "delegations", "review", "people"):
        window.show_area(key)
        settle()
    window.areas["people"].open_person(busiest_person)  # the person page stays open
    settle()
    results: dict[str, Any] = {}
    notes: list[str] = []

    def attempt(name: str, action: Callable[[], None], shown: str) -> None:
        window.show_area(shown)
        settle()
        try:
            with counter.counting() as words:
                action()
                settle()
            results[name] = _summary(words)
        except Exception as exc:  # one action's API change must not hide the others
            notes.append(f"{name}: n/a, {type(exc).__name__}: {' '.join(str(exc).split())[:120]}")

    attempt("move a card", lambda: drop_card(window), "matrix")
    if board_alone is not None:
        results["move a card, board alone"] = board_alone

    def move_block() -> None:
        week = window.areas["week"]
        movable = [b for b in week.blocks if b.id is not None and b.series_id is None]
        if not movable:
            monday = week.first_day
            from datetime import datetime

            from .generate import TZ

            start = datetime(monday.year, monday.month, monday.day, 9, 0, tzinfo=TZ)
            with counter.counting():  # setting up is not the action
                ctx.services.blocks.create(
                    "Focus", BlockKind.FOCUS, start, start + timedelta(hours=1)
                )
                week.refresh()
                settle()
            movable = [b for b in week.blocks if b.id is not None and b.series_id is None]
        block = movable[0]
        shift = timedelta(minutes=30)
        with counter.counting() as words:
            week.grid.block_change_requested.emit(block.id, block.start + shift, block.end + shift)
            settle()
        results["move a block"] = _summary(words)

    window.show_area("week")
    settle()
    try:
        move_block()
    except Exception as exc:
        notes.append(f"move a block: n/a, {type(exc).__name__}")

    def save_note() -> None:
        from leaddesk.ui.people.quick_note import QuickNoteWindow, open_quick_note

        open_quick_note(ctx, None, busiest_person)
        settle()
        note = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QuickNoteWindow))
        note.discussed.setPlainText("first line")
        note.flush()  # the first save creates the note; count a later save (an update)
        settle()
        note.discussed.setPlainText("first line, and a second thought")
        with counter.counting() as words:
            note.flush()
            settle()
        results["save a quick note"] = _summary(words)
        note.reject()
        flush_deletes()

    window.show_area("people")
    settle()
    try:
        save_note()
    except Exception as exc:
        notes.append(f"save a quick note: n/a, {type(exc).__name__}")

    def check_in() -> None:
        from leaddesk.ui.delegation.checkin import CheckInDialog

        area = window.areas["delegations"]
        with counter.counting():  # finding (or making) an open delegation is not the action
            delegation_id = open_delegation(ctx)
            settle()
        dialog = CheckInDialog(ctx, delegation_id, area)
        dialog.show()
        settle()
        dialog.note_edit.setPlainText("heard back")
        with counter.counting() as words:
            dialog.accept()
            settle()
        results["check in on a delegation"] = _summary(words)
        delete_now(dialog)

    window.show_area("delegations")
    settle()
    try:
        check_in()
    except Exception as exc:
        notes.append(f"check in on a delegation: n/a, {type(exc).__name__}")

    delete_now(window)
    if stray:  # anything else alive would answer ctx.changed too and inflate the counts
        notes.append(f"other areas alive while counting: {', '.join(sorted(set(stray)))}")
    results["_notes"] = notes
    return results
