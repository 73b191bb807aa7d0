"""The Ctrl+K search's rows per kind (issue 18): tasks and delegations are read as two
bounded parts (the open ones, then the others newest first, stopping at the LIMIT) and must
give exactly the rows, in exactly the order, of the one statement they replace, which sorted
every match: open first, then newest. Checked on a real vault against that statement, for
words matching more rows than the LIMIT, fewer, none, open ones only and closed ones only."""

from __future__ import annotations

import random

from leaddesk.domain.model import DelegationStatus, Quadrant
from leaddesk.services.search import HitKind, _like_pattern
from leaddesk.storage.repositories.search import SearchRepository

# The statements before issue 18 (SQLAlchemy text() with the same parameters).
OLD_TASKS = (
    "SELECT id, title, quadrant, status FROM tasks WHERE title LIKE :p ESCAPE '\\' "
    "ORDER BY status != 'open', id DESC LIMIT :n"
)
OLD_DELEGATIONS = (
    "SELECT d.id, t.title, p.name, d.status, d.task_id, d.person_id "
    "FROM delegations AS d JOIN tasks AS t ON t.id = d.task_id "
    "JOIN people AS p ON p.id = d.person_id "
    "WHERE t.title LIKE :p ESCAPE '\\' OR d.expected_outcome LIKE :p ESCAPE '\\' "
    "ORDER BY d.status NOT IN ('active', 'blocked'), d.id DESC LIMIT :n"
)
WORDS = ("latency", "budget", "Budget review", "onboarding", "rare", "ünïcode", "50%_off")


def _seed(services) -> None:  # type: ignore[no-untyped-def]
    """Tasks and delegations in every state, the words spread over old and new, open and
    closed rows (a fixed seed)."""
    rng = random.Random(18)
    people = [services.people.add(name).id for name in ("Ana Pérez", "Bo Lind", "Cy Ode")]
    done, let_go, handed = [], [], []
    for n in range(120):
        word = rng.choice(WORDS[:5]) if n % 7 else "seldom"
        task = services.tasks.capture(
            f"{rng.choice(('Fix', 'Plan', 'Review'))} {word} item {n}",
            quadrant=rng.choice((Quadrant.DO, Quadrant.SCHEDULE, Quadrant.INBOX)),
        )
        fate = rng.random()
        if fate < 0.45:
            done.append(task.id)
        elif fate < 0.6:
            let_go.append(task.id)
        elif fate < 0.9:
            handed.append(task.id)
    services.tasks.capture("ÜNÏCODE upgrade", quadrant=Quadrant.DO)
    services.tasks.capture("Sale 50%_off banner", quadrant=Quadrant.DO)
    services.tasks.complete(done)
    services.tasks.let_go(let_go)
    for n, task_id in enumerate(handed):
        outcome = f"A {rng.choice(WORDS[:5])} summary" if n % 3 == 0 else ""
        delegation = services.delegations.create(task_id, people[n % 3], expected_outcome=outcome)
        if n % 4 == 1:
            services.delegations.close(delegation.id, DelegationStatus.DONE)
        elif n % 4 == 2:
            services.delegations.close(delegation.id, DelegationStatus.CANCELLED)


def test_tasks_and_delegations_rows_are_those_of_the_single_sorted_statement(services) -> None:
    _seed(services)
    checked = 0
    with services.hub.read_rows() as raw:
        found = SearchRepository(raw)
        for word in (*WORDS, "seldom", "e", "i", "zzz", "%", "_", "Item 1"):
            pattern = _like_pattern(word)
            for limit in (1, 3, 20, 200):
                args = {"p": pattern, "n": limit}
                old_tasks = raw.execute(OLD_TASKS, args).fetchall()
                old_delegations = raw.execute(OLD_DELEGATIONS, args).fetchall()
                assert [tuple(r) for r in found.tasks(pattern, limit)] == [
                    tuple(r) for r in old_tasks
                ], (word, limit)
                assert [tuple(r) for r in found.delegations(pattern, limit)] == [
                    tuple(r) for r in old_delegations
                ], (word, limit)
                # Given every task whose title matches (as the service does when the tasks'
                # answer is shorter than its limit), the same rows.
                every = [r[0] for r in raw.execute(OLD_TASKS, {"p": pattern, "n": -1})]
                assert [tuple(r) for r in found.delegations(pattern, limit, every)] == [
                    tuple(r) for r in old_delegations
                ], (word, limit, "every task given")
                checked += len(old_tasks) + len(old_delegations)
    assert checked > 500  # the words matched rows, open and closed


def test_the_ranked_hits_list_open_delegations_before_closed_ones(services) -> None:
    _seed(services)
    rare = services.search.search("seldom", limit=200)  # fewer tasks than PER_KIND match
    assert 0 < sum(h.kind is HitKind.TASK for h in rare) < 20
    assert any(h.kind is HitKind.DELEGATION for h in rare)
    hits = services.search.search("budget", limit=200)
    delegations = [h for h in hits if h.kind is HitKind.DELEGATION]
    assert delegations and any(not h.is_open for h in delegations)
    tasks = [h for h in hits if h.kind is HitKind.TASK]
    assert len(tasks) == 20  # PER_KIND: more than 20 tasks match
    assert any(h.is_open for h in tasks) and any(not h.is_open for h in tasks)
