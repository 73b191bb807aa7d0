"""The printed (PDF) plan lists all-day events as all-day, outside the day's hours."""

from __future__ import annotations

from datetime import date, datetime

from tests.conftest import BERLIN

NEXT_WEEK = date(2026, 11, 23)


def test_the_printed_plan_lists_all_day_events_without_hours(services) -> None:
    from leaddesk.ui.plan_pdf import plan_html

    services.calendar.import_ics(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:off\r\n"
        b"DTSTART;VALUE=DATE:20261124\r\nDTEND;VALUE=DATE:20261125\r\nSUMMARY:Offsite\r\n"
        b"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:m\r\nDTSTART:20261124T090000Z\r\n"
        b"DTEND:20261124T103000Z\r\nSUMMARY:Sync\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    plan = services.plan_export.week_plan(NEXT_WEEK)
    html = plan_html(
        NEXT_WEEK, BERLIN, plan.blocks, plan.tasks, generated=datetime(2026, 11, 20, tzinfo=BERLIN)
    )
    assert "All day" in html and "00:00–00:00" not in html
    assert "1.5 h planned" in html
