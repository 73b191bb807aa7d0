"""The vault's connection keeps its prepared statements (issue 18, the look-back's full-run
figure): sqlcipher3's statement cache never evicts a statement once used, and when it is full
each new statement takes its last slot until the next new one evicts it. With the driver's
default of 100, the unlock's one-shot pragmas and row-log triggers plus the app's first reads
filled it, and the look-back's three statements, first run later, evicted each other: every
look-back prepared its ~2,400-character figures statement again (0.35 -> 1.0 ms a call).

SQLite calls the authorizer while it prepares a statement, never while it runs one, so the
number of authorizer calls is the number of statements prepared."""

from __future__ import annotations

from datetime import date

from leaddesk.storage.opening import CACHED_STATEMENTS

WEEK = date(2026, 11, 16)  # Monday of the fixture clock's week
SESSION_STATEMENTS = 300  # more distinct statements than the driver's default cache holds


class _Prepares:
    """Counts statements prepared on ``raw`` while in use (setting an authorizer expires
    every prepared statement: each is prepared once more after it is set)."""

    def __init__(self, raw) -> None:  # type: ignore[no-untyped-def]
        self.raw, self.calls = raw, 0

    def _count(self, *_args: object) -> int:
        self.calls += 1
        return 0  # SQLITE_OK

    def __enter__(self) -> _Prepares:
        self.raw.set_authorizer(self._count)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.raw.set_authorizer(None)

    def during(self, action) -> int:  # type: ignore[no-untyped-def]
        before = self.calls
        action()
        return self.calls - before


def _a_long_session(raw) -> None:  # type: ignore[no-untyped-def]
    """Distinct statements, each run once, as a session's many reads and writes are."""
    for n in range(SESSION_STATEMENTS):
        raw.execute(f"SELECT count(*) + {n} FROM people").fetchall()


def test_the_look_back_prepares_nothing_again_after_a_long_session(services) -> None:
    raw = services.hub.vault.raw_connection
    _a_long_session(raw)
    with _Prepares(raw) as prepares:
        assert prepares.during(lambda: services.reviews.look_back(WEEK)) > 0  # expired
        for _ in range(3):
            assert prepares.during(lambda: services.reviews.look_back(WEEK)) == 0


def test_statements_alternating_after_a_long_session_stay_prepared(services) -> None:
    raw = services.hub.vault.raw_connection
    _a_long_session(raw)
    one, other = "SELECT count(*) FROM tasks", "SELECT count(*) FROM notes"
    with _Prepares(raw) as prepares:
        assert prepares.during(lambda: (raw.execute(one), raw.execute(other))) > 0
        for _ in range(3):
            assert prepares.during(lambda: raw.execute(one).fetchall()) == 0
            assert prepares.during(lambda: raw.execute(other).fetchall()) == 0
    assert CACHED_STATEMENTS > SESSION_STATEMENTS
