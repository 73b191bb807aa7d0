from __future__ import annotations

from datetime import date, datetime

from leaddesk.domain.model import BlockKind, Note, NoteKind, Person, Quadrant, TimeBlock
from leaddesk.services.base import ChangeKind
from tests.conftest import BERLIN

NEXT_WEEK = date(2026, 11, 23)


def test_plan_markdown_has_blocks_tasks_and_never_notes(services) -> None:
    key = services.tasks.capture(
        "Design *the* [cache] # layer", quadrant=Quadrant.SCHEDULE, estimate_minutes=120
    )
    services.tasks.capture("Triage request", quadrant=Quadrant.INBOX)
    with services.hub.write(ChangeKind.BLOCKS, ChangeKind.PEOPLE, ChangeKind.NOTES) as s:
        s.add(
            TimeBlock(
                title="Cache design",
                kind=BlockKind.FOCUS,
                protected=True,
                start=datetime(2026, 11, 24, 9, tzinfo=BERLIN),
                end=datetime(2026, 11, 24, 12, tzinfo=BERLIN),
                task_id=key.id,
            )
        )
        person = Person(name="Nia Private")
        s.add(person)
        s.flush()
        s.add(
            Note(
                person_id=person.id,
                kind=NoteKind.CONCERN,
                written_on=NEXT_WEEK,
                body="SECRET-NOTE-TEXT",
            )
        )
    text = services.plan_export.markdown(NEXT_WEEK)
    assert text.startswith("# Plan for 2026-W48 (23 Nov – 29 Nov 2026)")
    assert "- Focus / coding: 3 h" in text
    assert "## Tuesday 24 November" in text
    assert "- 09:00–12:00 **Focus / coding** (protected): Cache design" in text
    assert "[Schedule] Design \\*the\\* \\[cache\\] \\# layer (~120 min) — booked" in text
    assert "Triage request" not in text  # inbox is not part of the plan
    assert "SECRET-NOTE-TEXT" not in text


def test_empty_week_plan_says_so(services) -> None:
    text = services.plan_export.markdown(NEXT_WEEK)
    assert "_No time blocks planned for this week yet._" in text
    assert "_No open tasks in Do or Schedule._" in text


def test_all_day_events_are_listed_as_all_day_and_left_out_of_the_hours(services) -> None:
    """Before, an imported all-day event was listed as "00:00–00:00" and counted as 24 h."""
    services.calendar.import_ics(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:off\r\n"
        b"DTSTART;VALUE=DATE:20261124\r\nDTEND;VALUE=DATE:20261125\r\nSUMMARY:Offsite\r\n"
        b"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:m\r\nDTSTART:20261125T090000Z\r\n"
        b"DTEND:20261125T103000Z\r\nSUMMARY:Sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    text = services.plan_export.markdown(NEXT_WEEK)
    assert "- All day **Meeting**: Offsite" in text
    assert "00:00–00:00" not in text
    assert "- Meetings: 1.5 h" in text
