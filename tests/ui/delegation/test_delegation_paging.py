"""The tracker's history filters ("All", "Done", "Cancelled") page by keyset: the first page
comes at once, older rows when the table is scrolled to the end, and every row appears once,
in the order the whole list would have (real vault, real widgets)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import DelegationStatus, Quadrant
from leaddesk.ui.delegation import model as columns
from leaddesk.ui.delegation.area import STATUS_FILTERS, DelegationArea
from leaddesk.ui.delegation.model import _sort_list

PAGE = 4


@pytest.fixture
def history(ctx):
    """27 delegations: open, blocked, closed as done or cancelled, and open ones whose task
    was completed or let go on the board (their effective status follows the task)."""
    people = [ctx.services.people.add(name) for name in ("Dana Okafor", "Kim Lee", "Lee Park")]
    service = ctx.services.delegations
    tasks = ctx.services.tasks
    for i in range(27):
        task = tasks.capture(f"task {i:02d}", quadrant=Quadrant.DO)
        d = service.create(task.id, people[i % 3].id)
        kind = i % 6
        if kind == 1:
            service.close(d.id, DelegationStatus.DONE)
        elif kind == 2:
            service.close(d.id, DelegationStatus.CANCELLED)
        elif kind == 3:
            tasks.complete([task.id])  # done on the board: the delegation counts as done
        elif kind == 4:
            tasks.let_go([task.id])  # let go on the board: counts as cancelled
        elif kind == 5:
            service.check_in(d.id, status_after=DelegationStatus.BLOCKED)
    return people


@pytest.fixture
def area(ctx, qtbot, history):
    widget = DelegationArea(ctx)
    qtbot.addWidget(widget)
    widget.page_size = PAGE
    widget.resize(1100, 500)
    widget.refresh()
    widget.show()
    return widget


def shown_ids(area: DelegationArea) -> list[int]:
    m = area.model
    return [m.index(r, 0).data(columns.ID_ROLE) for r in range(m.rowCount())]


def expected_ids(ctx, statuses, column, order, person_id=None) -> list[int]:
    rows = ctx.services.delegations.rows(person_id=person_id, statuses=statuses)
    _sort_list(rows, column, order)
    return [r.id for r in rows]


def choose_status(area: DelegationArea, label: str) -> tuple[DelegationStatus, ...] | None:
    area.status_filter.setCurrentIndex(area.status_filter.findText(label))
    return dict(STATUS_FILTERS)[label]


@pytest.mark.parametrize("label", ["All", "Done", "Cancelled"])
def test_history_filters_page_and_show_every_row_in_order(ctx, area, qtbot, label) -> None:
    statuses = choose_status(area, label)
    want = expected_ids(ctx, statuses, columns.NEXT_CHECK_IN, Qt.SortOrder.AscendingOrder)
    assert len(want) > PAGE  # the fixture holds more than a page of each
    first = shown_ids(area)
    assert len(first) < len(want), "the history came in one piece, not paged"
    assert first == want[: len(first)]  # the first page is the top of the full list
    # The count says how many there are, not how many are loaded.
    assert area.count_label.text() == f"{len(want)} delegations"
    # Scrolling to the end fetches the next page, as a user scrolling down would.
    for _ in range(20):
        if not area.model.canFetchMore():
            break
        loaded = len(shown_ids(area))
        area.table.scrollToBottom()
        QApplication.processEvents()
        qtbot.waitUntil(lambda n=loaded: len(shown_ids(area)) > n, timeout=2000)
    assert not area.model.canFetchMore()
    assert shown_ids(area) == want


def test_paging_with_a_person_filter_and_another_sort(ctx, area, history) -> None:
    choose_status(area, "All")
    kim = history[1]
    area.person_filter.setCurrentIndex(area.person_filter.findData(kim.id))
    want = expected_ids(ctx, None, columns.NEXT_CHECK_IN, Qt.SortOrder.AscendingOrder, kim.id)
    assert shown_ids(area) == want[: len(shown_ids(area))]
    # Sorting by another column needs every row: the rest is loaded first, then sorted.
    area.table.sortByColumn(columns.WHAT, Qt.SortOrder.DescendingOrder)
    assert not area.model.canFetchMore()
    assert shown_ids(area) == expected_ids(
        ctx, None, columns.WHAT, Qt.SortOrder.DescendingOrder, kim.id
    )


def test_service_pages_match_the_full_query(ctx, history) -> None:
    service = ctx.services.delegations
    for statuses in (
        (DelegationStatus.DONE,),
        (DelegationStatus.CANCELLED,),
        (DelegationStatus.DONE, DelegationStatus.CANCELLED),
        (DelegationStatus.ACTIVE,),
        (DelegationStatus.BLOCKED,),
        None,
    ):
        full = [r.id for r in service.rows(statuses=statuses)]
        paged, cursor = [], None
        while True:
            page = service.rows_page(statuses=statuses, before_id=cursor, limit=PAGE)
            paged += [r.id for r in page]
            if len(page) < PAGE:
                break
            cursor = page[-1].id
        assert paged == full, statuses
        assert service.count_rows(statuses=statuses) == len(full), statuses


def test_a_change_keeps_the_pages_loaded_and_the_selection(ctx, area, qtbot) -> None:
    choose_status(area, "Done")
    area.model.fetchMore()
    area.model.fetchMore()
    loaded = area.model.rowCount()
    deep = area.model.row_object(loaded - 1).id  # a row from the last page fetched
    assert area.select_delegation(deep)
    # Any change reloads the tracker (here: a new delegation made elsewhere).
    person = ctx.services.people.list()[0]
    task = ctx.services.tasks.capture("late arrival", quadrant=Quadrant.DO)
    ctx.services.delegations.create(task.id, person.id)
    assert area.model.rowCount() >= loaded
    assert area.current_row() is not None and area.current_row().id == deep
    assert area.table.currentIndex().data(columns.ID_ROLE) == deep
