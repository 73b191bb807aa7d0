"""The one search (issue 15): people by name, notes, tasks, delegations, action items and
topics, ranked, on a real vault."""

from __future__ import annotations

from leaddesk.domain.model import ActionOwner, NoteKind, Quadrant
from leaddesk.services.search import HitKind, match_score


def _seed(services):  # type: ignore[no-untyped-def]
    aisha = services.people.add("Aisha Rahman")
    bo = services.people.add("Bo Lindqvist")
    services.notes.add_note(aisha.id, NoteKind.ONE_ON_ONE, "Talked about the Aisha-led migration")
    services.notes.add_note(bo.id, NoteKind.ONE_ON_ONE, "Wants a mentor for the platform work")
    mentor = services.tasks.capture("Find a mentor for Lena", quadrant=Quadrant.DO)
    services.tasks.capture("Mentor budget 2027")
    handed = services.tasks.capture("Write the onboarding guide")
    services.delegations.create(handed.id, bo.id, expected_outcome="A mentor checklist")
    services.notes.add_action_item(aisha.id, ActionOwner.MINE, "Ask HR about the mentor program")
    services.notes.add_topic(bo.id, "Mentoring juniors")
    return aisha, bo, mentor


def test_a_name_finds_the_person_first_and_their_notes(services) -> None:
    aisha, _bo, _mentor = _seed(services)
    hits = services.search.search("Aisha")
    assert hits[0].kind is HitKind.PERSON and hits[0].record_id == aisha.id
    kinds = {h.kind for h in hits}
    assert HitKind.NOTE in kinds  # "Aisha-led migration"
    assert services.search.search("aisha")[0].record_id == aisha.id  # any case


def test_every_kind_is_found_and_ranked(services) -> None:
    _aisha, bo, mentor = _seed(services)
    hits = services.search.search("mentor")
    kinds = [h.kind for h in hits]
    for kind in (
        HitKind.TASK,
        HitKind.DELEGATION,
        HitKind.ACTION_ITEM,
        HitKind.TOPIC,
        HitKind.NOTE,
    ):
        assert kind in kinds, kind
    # a word's start beats the middle of a word; the task starting with it comes first
    assert hits[0].kind is HitKind.TASK and hits[0].title == "Mentor budget 2027"
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    delegation = next(h for h in hits if h.kind is HitKind.DELEGATION)
    assert delegation.person_id == bo.id and "Bo Lindqvist" in delegation.detail
    task = next(h for h in hits if h.record_id == mentor.id and h.kind is HitKind.TASK)
    assert task.detail == "Do"


def test_wildcards_and_empty_queries_are_plain_text(services) -> None:
    _seed(services)
    assert services.search.search("") == []
    assert services.search.search("   ") == []
    assert services.search.search("%") == []  # not "everything"
    assert services.search.search("_") == []
    assert services.search.search('"; DROP TABLE tasks; --') == []
    assert services.tasks.open_tasks()  # still there


def test_match_score_orders_how_a_text_matches() -> None:
    assert match_score("Mentor", "mentor") == 3
    assert match_score("Mentor budget", "mentor") == 2
    assert match_score("Find a mentor", "mentor") == 1
    assert match_score("Tormentor", "mentor") == 0
    assert match_score("Nothing", "mentor") == -1
