"""Reads never write (issue 14): the week view stores a repeating block's later weeks with
an explicit, announced write when it shows them; reading a week elsewhere stores nothing."""

from __future__ import annotations

from datetime import timedelta

from leaddesk.domain.model import BlockKind
from leaddesk.domain.week import week_start

from .conftest import at


def test_the_week_view_shows_a_series_in_a_far_week_and_reading_stores_nothing(ctx, area) -> None:
    services = ctx.services
    heard = []
    ctx.changed.connect(heard.append)
    change = services.blocks.create(
        "Planning", BlockKind.THINKING, at(20, 14), at(20, 15), recurrence="FREQ=WEEKLY;BYDAY=FR"
    )
    head = change.created_ids[0]
    far = week_start(at(20, 14).date() + timedelta(weeks=60))
    stored = len(services.blocks.series(head))
    assert services.blocks.week(far) == []  # a read: nothing stored, nothing announced
    assert len(services.blocks.series(head)) == stored
    assert [b.title for b in services.blocks.week_as_planned(far)] == ["Planning"]  # unsaved
    assert len(services.blocks.series(head)) == stored
    heard.clear()
    assert area.go_to(far)
    assert [b.series_id for b in area.blocks] == [head]  # the view stored and shows it
    assert len(services.blocks.series(head)) > stored
    assert any(c.touches(*area.shows) for c in heard)  # the write was announced
