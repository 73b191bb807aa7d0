"""The tracker's pages and counts per person and status (real vault): the page and count
statements are built once per shape and take the person, the cursor and the limit as bound
values, so every person's pages must still match the full query, and each row's status must
be the rule's effective status."""

from __future__ import annotations

import itertools

from leaddesk.domain import delegation_rules as rules
from leaddesk.domain.model import DelegationStatus, Quadrant
from leaddesk.storage.repositories import delegations as repository

PAGE = 3
FILTERS = (
    (DelegationStatus.DONE,),
    (DelegationStatus.CANCELLED,),
    (DelegationStatus.DONE, DelegationStatus.CANCELLED),
    (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED),
    None,
)


def make_history(services) -> list[int]:  # type: ignore[no-untyped-def]
    """Two people with a mix of open, blocked, closed and board-closed delegations."""
    people = [services.people.add(name).id for name in ("Ada Quinn", "Bo Tran")]
    tasks, delegations = services.tasks, services.delegations
    for i in range(17):
        task = tasks.capture(f"handover {i:02d}", quadrant=Quadrant.DO)
        d = delegations.create(task.id, people[i % 2 if i % 5 else 0])
        kind = i % 6
        if kind == 1:
            delegations.close(d.id, DelegationStatus.DONE)
        elif kind == 2:
            delegations.close(d.id, DelegationStatus.CANCELLED)
        elif kind == 3:
            tasks.complete([task.id])
        elif kind == 4:
            tasks.let_go([task.id])
        elif kind == 5:
            delegations.check_in(d.id, status_after=DelegationStatus.BLOCKED)
    return people


def walk(service, person_id, statuses) -> list:  # type: ignore[no-untyped-def]
    rows, cursor = [], None
    while True:
        page = service.rows_page(
            person_id=person_id, statuses=statuses, before_id=cursor, limit=PAGE
        )
        rows += page
        if len(page) < PAGE:
            return rows
        cursor = page[-1].id


def test_pages_and_counts_per_person_match_the_full_query(services) -> None:  # type: ignore[no-untyped-def]
    people = make_history(services)
    service = services.delegations
    for person_id, statuses in itertools.product((None, *people), FILTERS):
        full = service.rows(person_id=person_id, statuses=statuses)
        paged = walk(service, person_id, statuses)
        assert [r.id for r in paged] == [r.id for r in full], (person_id, statuses)
        assert [r.status for r in paged] == [r.status for r in full], (person_id, statuses)
        for row in paged:
            assert row.status is rules.effective_status(row.delegation.status, row.task_status)
        counted = service.count_rows(person_id=person_id, statuses=statuses)
        assert counted == len(full), (person_id, statuses)
    # Someone with no delegation at all: nothing paged, nothing counted.
    nobody = services.people.add("Cy Noor").id
    assert service.rows_page(person_id=nobody, statuses=None) == []
    assert service.count_rows(person_id=nobody, statuses=None) == 0


def test_page_and_count_statements_are_built_once_per_shape(services) -> None:  # type: ignore[no-untyped-def]
    people = make_history(services)
    service = services.delegations
    done = (DelegationStatus.DONE,)
    service.rows_page(person_id=people[0], statuses=done, before_id=10**6, limit=PAGE)
    service.count_rows(person_id=people[0], statuses=done)
    pages, counts = (
        repository._page_statement.cache_info(),
        repository._count_statement.cache_info(),
    )
    # Another person, cursor and limit: the same shapes, so no statement is built again.
    service.rows_page(person_id=people[1], statuses=done, before_id=5, limit=PAGE + 1)
    service.count_rows(person_id=people[1], statuses=done)
    assert repository._page_statement.cache_info().misses == pages.misses
    assert repository._count_statement.cache_info().misses == counts.misses
    assert repository._page_statement.cache_info().hits == pages.hits + 1
    assert repository._count_statement.cache_info().hits == counts.hits + 1
