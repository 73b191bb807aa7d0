"""What the tracker reads (issue 18): built, refreshed and shown, it reads its first screen
once (the overview: people and open rows; attention and load come from the same rows) plus
the details pane of the row it selects; a person filter over the open rows reads no rows
again. Counted with ``set_trace_callback`` on the vault's one connection (first words only:
statements hold private text)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import DelegationStatus, Quadrant
from leaddesk.ui.delegation import model as columns
from leaddesk.ui.delegation.area import DelegationArea

CONTROL = frozenset({"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END"})


@contextmanager
def statements(ctx: Any) -> Iterator[list[str]]:
    raw = ctx.services.delegations.hub.vault.raw_connection
    seen: list[str] = []

    def note(text: str) -> None:
        text = text.lstrip()
        if text and not text.startswith("--"):
            word = text.split(None, 1)[0].upper()
            if word not in CONTROL:
                seen.append(word)

    raw.set_trace_callback(note)
    try:
        yield seen
    finally:
        raw.set_trace_callback(None)


def counted(ctx: Any, action: Callable[[], object]) -> list[str]:
    with statements(ctx) as seen:
        action()
        QApplication.processEvents()
    return seen


@pytest.fixture
def team(ctx):  # type: ignore[no-untyped-def]
    services = ctx.services
    people = [services.people.add(n) for n in ("Ann Ray", "Bo Kim", "Cy Moss")]
    for i, person in enumerate(people * 2):
        task = services.tasks.capture(f"Task {i}", quadrant=Quadrant.DO)
        services.delegations.create(
            task.id, person.id, started_on=date(2026, 11, 1), next_check_in_on=date(2026, 11, 10)
        )
    done = services.delegations.rows()[0]
    services.delegations.close(done.id, DelegationStatus.DONE)
    return people


def test_built_and_shown_it_reads_once(ctx, team, qtbot) -> None:  # type: ignore[no-untyped-def]
    holder: list[DelegationArea] = []

    def build() -> None:
        area = DelegationArea(ctx)
        qtbot.addWidget(area)
        area.resize(1100, 700)
        area.refresh()
        area.show()
        holder.append(area)

    seen = counted(ctx, build)
    area = holder[0]
    # people + open rows, then the selected row's texts with its newest check-ins. (Before:
    # the show read everything a second time, with people, attention and load apart: 14.)
    assert seen == ["SELECT"] * 3, len(seen)
    assert area.model.rowCount() == 5
    assert area.attention_list.count() == 5  # every open one is late for its check-in
    assert "Ann Ray 2" in area.load_label.text()
    assert area.details.toPlainText()


def test_a_person_filter_reads_no_rows_again(ctx, team, qtbot) -> None:  # type: ignore[no-untyped-def]
    area = DelegationArea(ctx)
    qtbot.addWidget(area)
    area.refresh()
    area.show()
    QApplication.processEvents()
    for person in team:
        index = area.person_filter.findData(person.id)
        seen = counted(ctx, lambda index=index: area.person_filter.setCurrentIndex(index))
        assert len(seen) <= 1  # only the newly selected row's details pane
        expected = ctx.services.delegations.rows(
            person_id=person.id, statuses=(DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)
        )
        ids = [area.model.row_object(r).id for r in range(area.model.rowCount())]
        assert ids == [r.id for r in expected] and ids
        assert {area.model.index(r, columns.WHO).data() for r in range(len(ids))} == {person.name}


def test_a_filter_on_a_new_day_reads_again(ctx, team, qtbot, clock) -> None:  # type: ignore[no-untyped-def]
    area = DelegationArea(ctx)
    qtbot.addWidget(area)
    area.refresh()
    area.show()
    news = area.model.index(0, columns.NEWS).data()
    clock.advance(days=1)
    area.person_filter.setCurrentIndex(area.person_filter.findData(team[0].id))
    assert area.model.index(0, columns.NEWS).data() != news  # "last news" moved on a day
    area.person_filter.setCurrentIndex(0)
    assert area.model.rowCount() == 5
