"""Fixtures of the people area tests: a small realistic team in a real vault."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture
def team(services):
    people = services.people
    ana = people.add("Ana Pérez", role="Backend engineer", started_on=date(2024, 3, 1))
    bo = people.add("Bo Lindqvist", role="Frontend engineer", started_on=date(2026, 10, 1))
    return {"ana": ana, "bo": bo}


@pytest.fixture
def area(ctx, qtbot, team):
    from leaddesk.ui.people.area import PeopleArea

    widget = PeopleArea(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.refresh()
    return widget
