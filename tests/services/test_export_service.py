"""JSON export: every record, plain JSON values, and private notes only when asked for."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from leaddesk.domain.model import (
    ActionItem,
    ActionOwner,
    BlockKind,
    GrowthGoal,
    Note,
    NoteKind,
    Quadrant,
    TimeBlock,
    Topic,
)
from leaddesk.services.base import ChangeKind
from leaddesk.services.export import EXPORT_FORMAT, PRIVATE_SECTIONS, ExportService

PRIVATE_TEXT = "Robin is worried about the reorg"


def _fill(services, clock) -> dict[str, int]:
    person = services.people.add("Robin Avery", role="Engineer")
    task = services.tasks.capture(
        "Answer the vendor", quadrant=Quadrant.DO, requester="Kim", needed_by=date(2026, 11, 20)
    )
    start = clock.now()
    with services.hub.write(ChangeKind.NOTES, ChangeKind.BLOCKS) as s:
        note = Note(
            person_id=person.id,
            kind=NoteKind.ONE_ON_ONE,
            written_on=clock.today(),
            body=PRIVATE_TEXT,
        )
        s.add(note)
        s.flush()
        s.add_all(
            [
                ActionItem(
                    person_id=person.id, owner=ActionOwner.MINE, text="Ask HR", note_id=note.id
                ),
                Topic(person_id=person.id, text="Reorg follow-up", note_id=note.id),
                GrowthGoal(person_id=person.id, goal="Public speaking"),
                TimeBlock(
                    title="Focus",
                    kind=BlockKind.FOCUS,
                    start=start,
                    end=start + timedelta(hours=2),
                    task_id=task.id,
                ),
            ]
        )
    return {"person": person.id, "task": task.id}


def test_export_without_notes_has_planning_data_and_no_private_text(services, clock) -> None:
    ids = _fill(services, clock)
    data = ExportService(services.hub).export_json(include_private_notes=False)

    assert data["format"] == EXPORT_FORMAT and data["version"] == 1
    assert data["private_notes_included"] is False
    assert {"notes", "action_items", "topics", "growth_goals"} <= set(data["omitted"])
    # Free text about people inside planning records is left out too.
    assert {"Task.notes", "Delegation.debrief_hard", "CheckIn.note", "WeekReview.lessons"} <= set(
        data["omitted"]
    )
    assert all("notes" not in task for task in data["tasks"])
    assert all("why_this_person" not in d for d in data["delegations"])
    for key, _ in PRIVATE_SECTIONS:
        assert key not in data
    assert [p["name"] for p in data["people"]] == ["Robin Avery"]
    (task,) = data["tasks"]
    assert task["id"] == ids["task"]
    assert (task["quadrant"], task["requester"], task["needed_by"]) == ("do", "Kim", "2026-11-20")
    assert task["created_at"] == "2026-11-18T09:00:00+00:00"  # 10:00 Berlin, in UTC
    (block,) = data["time_blocks"]
    assert (block["kind"], block["task_id"]) == ("focus", ids["task"])
    assert datetime.fromisoformat(data["exported_at"]) == clock.now()

    text = json.dumps(data, ensure_ascii=False)  # everything is plain JSON
    assert PRIVATE_TEXT not in text


def test_export_with_notes_includes_every_private_section(services, clock) -> None:
    ids = _fill(services, clock)
    data = ExportService(services.hub).export_json(include_private_notes=True)

    assert data["private_notes_included"] is True and data["omitted"] == []
    (note,) = data["notes"]
    assert (note["body"], note["kind"], note["person_id"]) == (
        PRIVATE_TEXT,
        "one_on_one",
        ids["person"],
    )
    assert note["written_on"] == "2026-11-18"
    assert data["action_items"][0]["owner"] == "mine"
    assert data["topics"][0]["text"] == "Reorg follow-up"
    assert data["growth_goals"][0]["status"] == "not_started"
    json.dumps(data)


def test_export_of_an_empty_vault_has_every_section_empty(services) -> None:
    data = ExportService(services.hub).export_json(include_private_notes=True)
    for key in (
        "people",
        "tasks",
        "time_blocks",
        "delegations",
        "check_ins",
        "week_reviews",
        "notes",
        "action_items",
        "topics",
        "growth_goals",
    ):
        assert data[key] == [], key
    assert isinstance(data["settings"], dict)


def test_typed_drafts_leave_the_vault_only_with_the_private_notes(services) -> None:
    """A form's unsaved draft and a quick note typed before its person was chosen are kept
    in the vault's settings: they are text about people, so the export leaves them out
    unless the private notes are asked for (and says so)."""
    services.drafts.keep("task", {"notes": PRIVATE_TEXT})
    services.notes.keep_unfiled(discussed=PRIVATE_TEXT + " (unfiled)")

    without = ExportService(services.hub).export_json(include_private_notes=False)
    assert PRIVATE_TEXT not in json.dumps(without, ensure_ascii=False)
    assert {"settings.draft/*", "settings.quick_note/*"} <= set(without["omitted"])

    with_notes = ExportService(services.hub).export_json(include_private_notes=True)
    kept = json.dumps(with_notes["settings"], ensure_ascii=False)
    assert PRIVATE_TEXT in kept and PRIVATE_TEXT + " (unfiled)" in kept
