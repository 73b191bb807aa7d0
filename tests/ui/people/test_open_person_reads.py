"""Opening a person on the Brief tab reads the person and the cadence with the brief, not
apart (issue 18: open a person): the brief, the timeline's first page and nothing else."""

from __future__ import annotations

from leaddesk.domain.model import ActionOwner, NoteKind
from leaddesk.ui.people.page.common import BRIEF


def test_open_a_person_on_the_brief_reads_the_brief_and_the_timeline(area, ctx, team) -> None:  # type: ignore[no-untyped-def]
    ana, bo = team["ana"], team["bo"]
    for person in (ana, bo):
        ctx.services.notes.add_note(person.id, NoteKind.ONE_ON_ONE, f"talk with {person.name}")
        ctx.services.notes.add_action_item(person.id, ActionOwner.MINE, "follow up")
    area.open_person(ana.id)
    page = area.person_page
    assert page.tabs.currentIndex() == BRIEF
    raw = ctx.services.notes.hub.vault.raw_connection
    seen: list[str] = []
    raw.set_trace_callback(seen.append)
    try:
        area.open_person(bo.id)
    finally:
        raw.set_trace_callback(None)
    selects = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    # The brief with its cadence (9), the timeline's first page (1) and what was typed on
    # the person's page before (their drafts, 1: typed_drafts.py); before issue 18's work:
    # the person and the header's cadence apart as well (14).
    assert len(selects) <= 11, selects
    assert page.name_label.text() == bo.name
    assert "talk with Bo" in page.brief.brief_view.toPlainText()
    assert [i.text for i in page.brief.items_model.items] == ["follow up"]
    assert "every 14 days" in page.meta_label.text()
