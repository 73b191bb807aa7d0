"""A card dropped before another card costs four statements in the vault: the moved card,
the gap before the anchor (its position and its predecessor's, in ONE read), the write, and
the row tracker's collection (issue 14: a card move, with the board's read-back, at most 6).

Counted with the driver's trace callback on the vault's one connection. The driver reports
each trigger program a statement enters (the row tracker's, the commit counter's) as a
repeat of that statement's text right after it: those repeats are not statements of their
own and are not counted, nor is transaction control.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from leaddesk.domain.model import Quadrant

CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@contextmanager
def statements(services) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    raw = services.vault.raw_connection
    seen: list[str] = []

    def trace(statement: str) -> None:
        text = " ".join(statement.split())
        if text.startswith("--") or text.upper().startswith(CONTROL):
            return
        if seen and seen[-1] == text:  # a trigger program of the statement just run
            return
        seen.append(text)

    raw.set_trace_callback(trace)
    try:
        yield seen
    finally:
        raw.set_trace_callback(None)


def _column(services, quadrant: Quadrant) -> list[int]:  # type: ignore[no-untyped-def]
    return [t.id for t in services.tasks.open_tasks(quadrant)]


def test_a_drop_before_a_card_reads_the_gap_in_one_statement(services) -> None:
    ids = [services.tasks.capture(f"card {i}", quadrant=Quadrant.DO).id for i in range(6)]
    moving = services.tasks.capture("moving", quadrant=Quadrant.INBOX).id
    with statements(services) as seen:
        services.tasks.move([moving], Quadrant.DO, before_id=ids[3])
    assert [s.split()[0] for s in seen] == ["SELECT", "SELECT", "UPDATE", "DELETE"], seen
    assert _column(services, Quadrant.DO) == [*ids[:3], moving, *ids[3:]]


def test_the_gap_read_keeps_every_placement(services) -> None:
    a, b, c = (services.tasks.capture(t, quadrant=Quadrant.DO).id for t in "abc")
    other = services.tasks.capture("elsewhere", quadrant=Quadrant.SCHEDULE).id
    services.tasks.move([c], Quadrant.DO, before_id=a)  # before the first card
    assert _column(services, Quadrant.DO) == [c, a, b]
    services.tasks.move([a, b], Quadrant.DO, before_id=a)  # anchor is moving: the end
    assert _column(services, Quadrant.DO) == [c, a, b]
    services.tasks.move([c], Quadrant.DO, before_id=other)  # anchor elsewhere: the end
    assert _column(services, Quadrant.DO) == [a, b, c]
    services.tasks.move([b], Quadrant.DO, before_id=b + 1000)  # no such card: the end
    assert _column(services, Quadrant.DO) == [a, c, b]
    services.tasks.move([b, a], Quadrant.DO, before_id=c)  # two cards, in the given order
    assert _column(services, Quadrant.DO) == [b, a, c]
