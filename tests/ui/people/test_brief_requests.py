"""Requests from a person show on their brief (the one-on-one agenda): what they asked
for, with the needed-by date; titles are hidden under the privacy screen."""

from __future__ import annotations

from datetime import date

from leaddesk.domain.model import Quadrant
from leaddesk.services.demo import seed_demo


def test_brief_lists_open_requests_from_the_person(services, clock) -> None:
    seed_demo(services)
    people = {p.name: p for p in services.people.list()}
    carla = people["Carla Mendes"]
    legacy = services.tasks.capture(
        "Latency numbers", requester="carla mendes"
    )  # typed, not linked
    done = services.tasks.capture("Old ask", requester="Carla Mendes", person_id=carla.id)
    services.tasks.complete([done.id])
    other = services.tasks.capture("Someone else's ask", requester="Sam Fischer", person_id=None)
    titles = [r.title for r in services.notes.brief(carla.id).requests]
    assert titles[:2] == [
        "Answer the security questionnaire from the bank customer",  # needed by tomorrow
        "Estimate for the checkout A/B test",
    ]
    assert "Latency numbers" in titles and "Old ask" not in titles
    assert other.id not in [r.task_id for r in services.notes.brief(carla.id).requests]
    assert legacy.id in [r.task_id for r in services.notes.brief(carla.id).requests]
    nobody = people["Lena Kowalski"]
    assert services.notes.brief(nobody.id).requests == []


def test_person_page_brief_shows_their_requests(area, ctx, team, clock) -> None:
    ana = team["ana"]
    ctx.services.tasks.capture(
        "Review my design doc",
        requester="Ana Pérez",
        person_id=ana.id,
        needed_by=date(2026, 11, 20),
        quadrant=Quadrant.INBOX,
    )
    area.open_person(ana.id)
    text = area.person_page.brief.brief_view.toPlainText()
    assert "Their requests" in text and "Review my design doc" in text and "needed by" in text
    ctx.set_privacy_screen(True)
    area.open_person(ana.id)
    assert "Review my design doc" not in area.person_page.brief.brief_view.toPlainText()
