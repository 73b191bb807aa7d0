"""A meeting in the user's calendar with exactly one other participant who is one of the
user's people counts as that person's one-on-one: kind, cadence, last and overdue."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from leaddesk.domain.model import BlockKind
from tests.calendar_text import ics

BERLIN = ZoneInfo("Europe/Berlin")


ME = "ATTENDEE;CN=Dana Lead;PARTSTAT=ACCEPTED:mailto:dana.lead@example.com"
MIA = "ATTENDEE;CN=Mia Schulz;PARTSTAT=ACCEPTED:mailto:mia.schulz@example.com"
JONAS = "ATTENDEE;PARTSTAT=ACCEPTED:mailto:jonas.weber@example.com"
STRANGER = "ATTENDEE;CN=Someone Else:mailto:someone@example.com"


def meeting(uid: str, start: str, *attendees: str, title: str = "Catch-up") -> str:
    end = start[:9] + f"{int(start[9:11]) + 1:02d}" + start[11:]
    people = "\r\n".join(attendees)
    return f"UID:{uid}\r\nDTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:{title}\r\n{people}"


def test_a_two_person_meeting_is_that_persons_one_on_one(services) -> None:
    mia = services.people.add("Mia Schulz", one_on_one_every_days=14)
    jonas = services.people.add("Jonas Weber", one_on_one_every_days=7)
    services.calendar_sources.set_my_addresses("dana.lead@example.com")
    services.calendar.import_ics(
        ics(
            meeting("a", "20261116T090000Z", ME, MIA),  # Mon: Mia and me
            meeting("b", "20261117T090000Z", ME, JONAS),  # Tue: by e-mail name
            meeting("c", "20261118T070000Z", ME, MIA, STRANGER),  # three people: a meeting
            meeting("d", "20261119T090000Z", ME, STRANGER),  # not one of my people
        )
    )
    blocks = {b.external_uid: b for b in services.blocks.week(date(2026, 11, 16))}
    assert (blocks["a"].kind, blocks["a"].person_id) == (BlockKind.ONE_ON_ONE, mia.id)
    assert (blocks["b"].kind, blocks["b"].person_id) == (BlockKind.ONE_ON_ONE, jonas.id)
    assert (blocks["c"].kind, blocks["c"].person_id) == (BlockKind.MEETING, None)
    assert (blocks["d"].kind, blocks["d"].person_id) == (BlockKind.MEETING, None)
    # cadence: Mia's Monday one-on-one has ended (now: Wed 18 Nov, 10:00)
    assert services.notes.last_one_on_one(mia.id) == date(2026, 11, 16)
    assert services.notes.last_one_on_one(jonas.id) == date(2026, 11, 17)


def test_without_my_address_a_meeting_of_two_with_one_known_person_counts(services) -> None:
    mia = services.people.add("Mia Schulz")
    services.calendar.import_ics(ics(meeting("a", "20261116T090000Z", ME, MIA)))
    (block,) = services.blocks.week(date(2026, 11, 16))
    assert block.person_id == mia.id and block.kind is BlockKind.ONE_ON_ONE


def test_an_overdue_person_is_no_longer_overdue_after_a_calendar_one_on_one(
    services, clock
) -> None:
    mia = services.people.add("Mia Schulz", one_on_one_every_days=7)
    before = services.notes.cadence(mia)
    services.calendar.import_ics(ics(meeting("a", "20261116T090000Z", ME, MIA)))
    after = services.notes.cadence(services.people.get(mia.id))
    assert before.last_on is None
    assert after.last_on == date(2026, 11, 16)
    assert after.next_due_on == date(2026, 11, 23)


def test_the_quick_note_after_a_calendar_one_on_one_preselects_the_person(services, clock) -> None:
    mia = services.people.add("Mia Schulz")
    services.calendar.import_ics(ics(meeting("a", "20261118T080000Z", ME, MIA)))
    clock.at = datetime(2026, 11, 18, 10, 5, tzinfo=BERLIN)  # just after it ended
    block = services.notes.just_ended_one_on_one(timedelta(minutes=30))
    assert block is not None and block.person_id == mia.id
