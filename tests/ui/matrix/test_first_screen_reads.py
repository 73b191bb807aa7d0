"""The first screen after the unlock (the board) reads nothing that grows with history
(issue 18: "passphrase accepted to main window painted" at fifty years within 1.2x of five).

Every statement the board's first build runs on a table that keeps growing (tasks, notes,
blocks, delegations, check-ins) is an index search (SQLite's own plan, EXPLAIN QUERY PLAN),
never a scan: the open cards, the open delegations and this week's booked tasks cost the
same at five years and at fifty. A guard: it passes on the code measured for issue 18 too.
"""

from __future__ import annotations

from datetime import date, timedelta

from leaddesk.domain.model import BlockKind, Quadrant

HISTORY_TABLES = ("tasks", "notes", "time_blocks", "delegations", "check_ins")


def test_the_boards_first_build_searches_indexes_only(ctx, qtbot) -> None:
    from leaddesk.ui.matrix.area import MatrixArea

    services = ctx.services
    services.people.add("Ana")
    for n in range(30):
        services.tasks.capture(f"Task {n}", quadrant=list(Quadrant)[n % 5], due_on=date.today())
    start = services.clock.now().replace(hour=9, minute=0, second=0, microsecond=0)
    services.blocks.create("Focus", BlockKind.FOCUS, start, start + timedelta(hours=1))

    raw = services.vault.raw_connection
    statements: list[str] = []
    raw.set_trace_callback(statements.append)
    try:
        area = MatrixArea(ctx)
        qtbot.addWidget(area)
        area.refresh()
        area.show()
        qtbot.waitExposed(area)
    finally:
        raw.set_trace_callback(None)

    reads = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert any("FROM tasks" in s for s in reads), "the board read its cards"
    for sql in reads:
        plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
        scans = [
            step
            for step in plan
            if step.startswith("SCAN ")
            and step.split()[1] in HISTORY_TABLES
            and "USING" not in step  # a covering-index walk names its index
        ]
        assert scans == [], (sql.split(" WHERE ")[0][:80], plan)
