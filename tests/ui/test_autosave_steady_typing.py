"""Steady typing is saved at least every 2 s in every editor that autosaves (issue 19, item 3).

The old debounce restarted on every key, so a user who kept typing never had anything
saved. Each test types into a real editor widget with keys spaced closer than the idle
delay (so a pure debounce never fires) and reads the text back through the services.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from leaddesk.ui.autosave import IDLE_MS, MAX_WAIT_MS, Autosave

KEY_GAP_MS = 250  # well under the idle delay: a restart-on-every-key debounce never fires
TEXT = "steady typing goes on and on"  # 28 keys = 7 s of typing


def type_steadily(qtbot, widget: QWidget, saved: Callable[[], str]) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    """Type ``TEXT`` one key every ``KEY_GAP_MS``; return (seconds from the first key to
    the first save, what that save held). Fails if nothing was saved while typing went on."""
    assert KEY_GAP_MS < IDLE_MS
    widget.setFocus()
    first_key = time.monotonic()
    for index, char in enumerate(TEXT):
        qtbot.keyClick(widget, char)
        stored = saved()
        if stored:
            assert index < len(TEXT) - 1 or stored != TEXT, "saved only when typing stopped"
            return time.monotonic() - first_key, stored
        qtbot.wait(KEY_GAP_MS)
    pytest.fail("nothing was saved while the user kept typing")


def check_deadline(elapsed: float, stored: str) -> None:
    # The save is due MAX_WAIT_MS after the first key; allow the event loop some slack on a
    # busy 2-core machine, but far less than the 7 s the typing lasts.
    assert elapsed <= MAX_WAIT_MS / 1000 + 0.75, elapsed
    assert TEXT.startswith(stored) and len(stored) >= 3


def test_the_helper_fires_by_the_max_wait_while_touched_steadily(qtbot) -> None:  # type: ignore[no-untyped-def]
    saves: list[float] = []
    holder = QWidget()
    qtbot.addWidget(holder)
    autosave = Autosave(
        lambda: saves.append(time.monotonic()), holder, idle_ms=300, max_wait_ms=600
    )
    start = time.monotonic()
    while time.monotonic() - start < 1.5:
        autosave.touch()
        qtbot.wait(100)
    assert len(saves) >= 2  # every ~600 ms although the idle delay never elapsed
    autosave.stop()
    count = len(saves)
    qtbot.wait(800)
    assert len(saves) == count  # stop() forgets the pending save
    autosave.touch()
    assert autosave.isActive()
    autosave.flush()
    assert not autosave.isActive() and len(saves) == count + 1


def test_the_helper_refuses_a_max_wait_shorter_than_the_pause() -> None:
    with pytest.raises(ValueError):
        Autosave(lambda: None, idle_ms=700, max_wait_ms=500)


def test_a_person_note_saves_while_typing_continues(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.area import PeopleArea

    area = PeopleArea(ctx)
    qtbot.addWidget(area)
    area.show()
    area.refresh()
    area.open_person(team["ana"].id)
    page = area.person_page
    qtbot.mouseClick(page.notes.new_note_button, Qt.MouseButton.LeftButton)
    note_id = page.notes.current_note.id
    before = ctx.undo_stack.count()
    elapsed, stored = type_steadily(
        qtbot, page.notes.note_editor, lambda: ctx.services.notes.get(note_id).body
    )
    check_deadline(elapsed, stored)
    qtbot.keyClicks(page.notes.note_editor, " more")
    page.notes.note_editor.flush()
    assert ctx.services.notes.get(note_id).body.endswith(" more")
    assert ctx.undo_stack.count() == before + 1  # the periodic saves merged into one step


def test_a_quick_note_saves_while_typing_continues(qtbot, ctx, team) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.people.quick_note import QuickNoteWindow

    window = QuickNoteWindow(ctx, None, team["ana"].id)
    window.show()
    try:

        def saved() -> str:
            if window.note_id is None:
                return ""
            return ctx.services.notes.get(window.note_id).body

        elapsed, stored = type_steadily(qtbot, window.discussed, saved)
        check_deadline(elapsed, stored)
    finally:
        window.reject()


def test_review_lessons_save_while_typing_continues(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from leaddesk.ui.review.steps.look_back import LookBackPage

    week = date(2026, 11, 16)
    page = LookBackPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.load(week)

    def saved() -> str:
        review = ctx.services.reviews.get(week)
        return review.lessons if review is not None else ""

    elapsed, stored = type_steadily(qtbot, page.lessons, saved)
    check_deadline(elapsed, stored)


@pytest.fixture
def team(services):  # type: ignore[no-untyped-def]
    return {"ana": services.people.add("Ana Pérez", role="Backend engineer")}
