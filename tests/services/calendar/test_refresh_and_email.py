"""A subscription refresh writes only what changed (nothing when the calendar is the same),
and a person's e-mail address makes a calendar meeting their one-on-one.

Real vault, real files; no mocks."""

from __future__ import annotations

from datetime import date

import pytest

from leaddesk.domain.errors import ValidationError
from leaddesk.domain.model import BlockKind
from leaddesk.services.base import ChangeKind
from tests.calendar_text import ics

WEEK = date(2026, 11, 16)
ME = "ATTENDEE;CN=Dana Lead;PARTSTAT=ACCEPTED:mailto:dana.lead@example.com"


def meeting(uid: str, day: int, title: str, *more: str, hour: int = 9) -> str:
    extra = "\r\n".join(more)
    return (
        f"UID:{uid}\r\nDTSTART:202611{day:02d}T{hour:02d}0000Z\r\n"
        f"DTEND:202611{day:02d}T{hour + 1:02d}0000Z\r\nSUMMARY:{title}\r\n{extra}"
    )


def blocks(services) -> dict[str, tuple[int, str, object]]:
    return {b.external_uid: (b.id, b.title, b.start) for b in services.blocks.week(WEEK)}


def test_an_unchanged_calendar_is_not_written_again(services, tmp_path) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(ics(meeting("a", 17, "Sync"), meeting("b", 18, "Review")))
    source = services.calendar_sources.add("file", str(path))
    first = services.calendar_sources.refresh(source.id)
    assert first is not None and first.created == 2
    before = blocks(services)
    heard = []
    services.subscribe(heard.append)
    again = services.calendar_sources.refresh(source.id)
    assert again is None  # nothing read, nothing written
    assert blocks(services) == before
    # only the source's status row was touched: the week has nothing to redraw
    assert [c.kinds for c in heard] == [frozenset({ChangeKind.SETTINGS})]
    assert services.calendar_sources.get(source.id).status.startswith("Read:")


def test_a_changed_calendar_writes_only_the_changed_meetings(services, tmp_path) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(
        ics(meeting("a", 17, "Sync"), meeting("b", 18, "Review"), meeting("c", 19, "Gone"))
    )
    source = services.calendar_sources.add("file", str(path))
    services.calendar_sources.refresh(source.id)
    before = blocks(services)
    path.write_bytes(
        ics(meeting("a", 17, "Sync"), meeting("b", 18, "Review", hour=11), meeting("d", 20, "New"))
    )
    result = services.calendar_sources.refresh(source.id)
    assert result is not None
    assert (result.created, result.updated, result.removed) == (1, 1, 1)
    after = blocks(services)
    key = f"a|c={source.tag}"
    assert after[key] == before[key]  # untouched: same row
    moved = f"b|c={source.tag}"
    assert after[moved][0] == before[moved][0] and after[moved][2] != before[moved][2]
    assert sorted(v[1] for v in after.values()) == ["New", "Review", "Sync"]


def test_a_person_matched_by_e_mail_address_case_insensitively(services, tmp_path) -> None:
    services.calendar_sources.set_my_addresses("dana.lead@example.com")
    # the attendee's name and the address's name part match nobody: only the address does
    other = "ATTENDEE;CN=MS;PARTSTAT=ACCEPTED:mailto:M.Schulz@Corp.Example"
    path = tmp_path / "work.ics"
    path.write_bytes(ics(meeting("a", 17, "Catch-up", ME, other)))
    source = services.calendar_sources.add("file", str(path))
    mia = services.people.add("Mia Schulz")
    services.calendar_sources.refresh(source.id)
    (block,) = services.blocks.week(WEEK)
    assert (block.kind, block.person_id) == (BlockKind.MEETING, None)
    # the address is added on the person's page: the next refresh (same file) finds her
    services.people.update(mia.id, email="m.schulz@corp.example")
    result = services.calendar_sources.refresh(source.id)
    assert result is not None and result.updated == 1
    (block,) = services.blocks.week(WEEK)
    assert (block.kind, block.person_id) == (BlockKind.ONE_ON_ONE, mia.id)
    assert services.notes.last_one_on_one(mia.id) == date(2026, 11, 17)


def test_without_a_matching_address_the_name_is_the_fallback(services) -> None:
    services.calendar_sources.set_my_addresses("dana.lead@example.com")
    jonas = services.people.add("Jonas Weber")
    services.people.add("Mia Schulz", email="jw@corp.example")  # a shared old address
    other = "ATTENDEE;CN=Jonas Weber:mailto:jonas.weber@corp.example"
    services.calendar.import_ics(ics(meeting("a", 17, "1:1", ME, other)))
    (block,) = services.blocks.week(WEEK)
    assert block.person_id == jonas.id  # no address matched: the name is the fallback


def test_a_malformed_address_is_refused_in_plain_words_and_changes_nothing(services) -> None:
    mia = services.people.add("Mia Schulz", email=" Mia.Schulz@Example.COM ")
    assert services.people.get(mia.id).email == "mia.schulz@example.com"
    for bad in ("mia", "mia@", "mia@example", "mia schulz@example.com", "a@b.c."):
        with pytest.raises(ValidationError, match="not an e-mail address"):
            services.people.update(mia.id, email=bad)
        with pytest.raises(ValidationError, match="not an e-mail address"):
            services.people.add("Someone", email=bad)
    assert services.people.get(mia.id).email == "mia.schulz@example.com"
    assert [p.name for p in services.people.list()] == ["Mia Schulz"]
    services.people.update(mia.id, email="")
    assert services.people.get(mia.id).email == ""


def test_a_person_changed_while_the_calendar_was_read_is_matched_when_stored(
    services, tmp_path
) -> None:
    """The worker makes the blocks with the people it was given; if they changed before
    the result is stored, the store makes them again with the people the vault has now."""
    services.calendar_sources.set_my_addresses("dana.lead@example.com")
    other = "ATTENDEE;CN=MS;PARTSTAT=ACCEPTED:mailto:m.schulz@corp.example"
    path = tmp_path / "work.ics"
    path.write_bytes(ics(meeting("a", 17, "Catch-up", ME, other)))
    source = services.calendar_sources.add("file", str(path))
    mia = services.people.add("Mia Schulz")
    fetched = services.calendar_sources.fetch(services.calendar_sources.get(source.id))
    assert fetched.prepared is not None  # the worker's pieces: nobody matched yet
    services.people.update(mia.id, email="m.schulz@corp.example")  # meanwhile, on screen
    services.calendar_sources.store(fetched)
    (block,) = services.blocks.week(WEEK)
    assert (block.kind, block.person_id) == (BlockKind.ONE_ON_ONE, mia.id)
