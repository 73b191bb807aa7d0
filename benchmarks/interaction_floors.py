"""A floor for every interaction: what the platform costs for the same rows and widgets.

Each floor is two parts, measured in the same process and run as the figure it belongs to:

- **SQL**: raw ``sqlcipher3`` statements on an unlocked connection to the same vault copy
  (the app's settings: WAL, ``synchronous = FULL``, a 16 MiB page cache, warmed by one
  unmeasured run), fetching the rows the figure shows or writing the rows it changes;
- **Qt**: a bare Qt update of as many plain items or widgets (``QListView`` over a
  ``QStringListModel``, a ``QTableView`` over a ``QStandardItemModel``, rectangles in a
  ``QGraphicsScene``, a widget painting the same bars), including the paint, as
  ``interactions.timed`` measures the app.

A figure's ratio is its median divided by its floor's median. The floors are deliberately
plain: they show what any program on this machine pays for the same work, not what a
better LeadDesk could reach.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .generate import PASSPHRASE, TODAY, TZ
from .interactions import delete_now

UTC_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
WINDOW = (1400, 900)


def _utc(moment: datetime) -> str:
    from datetime import UTC

    return moment.astimezone(UTC).strftime(UTC_FORMAT)


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=TZ)


def connect(vault: Path) -> Any:
    """A raw connection with the app's settings (storage/vault.open_raw_connection)."""
    import sqlcipher3

    from leaddesk.storage.opening import CACHED_STATEMENTS

    # The app's statement cache too: with the driver's default 100 the floors' ~150 distinct
    # statements thrashed it and a floor read 0.14 or 0.27 ms by where it fell in the order.
    conn = sqlcipher3.connect(
        str(vault),
        isolation_level=None,
        check_same_thread=False,
        cached_statements=CACHED_STATEMENTS,
    )
    conn.execute("PRAGMA key = '" + PASSPHRASE.replace("'", "''") + "'")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -16384")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


# A service figure (no widget) of a fraction of a millisecond is timed over this many calls
# a sample, the same for the figure and its floor (interactions.review_figures).
SERVICE_BATCH = 10


def _median(repeats: int, once: Callable[[int], tuple[float, float]]) -> tuple[float, float]:
    once(0)  # warm: statements compiled, pages cached, widgets' first polish done
    runs = [once(i + 1) for i in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _clock(action: Callable[[], object], settle: Callable[[], None] | None = None) -> tuple:
    started, cpu = time.perf_counter(), time.process_time()
    action()
    if settle is not None:
        settle()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000


# -- SQL parts ------------------------------------------------------------------------
BOARD_SQL = (
    "SELECT id, title, quadrant, position, due_on, person_id, estimate_minutes, only_i_can "
    "FROM tasks WHERE status = 'open' ORDER BY quadrant, position"
)
WEEK_SQL = (
    'SELECT id, title, kind, start, "end", task_id, person_id, protected, series_id, outcome '
    "FROM time_blocks WHERE start >= ? AND start < ? ORDER BY start"
)
TRACKER_SQL = (
    "SELECT d.id, d.task_id, d.person_id, d.level, d.status, d.started_on, d.due_on, "
    "d.check_in_every_days, d.next_check_in_on, d.escalate_after_days, d.last_news_on, "
    "d.snoozed_until, d.closed_on, t.title, t.status, p.name FROM delegations d "
    "JOIN tasks t ON t.id = d.task_id JOIN people p ON p.id = d.person_id "
)
OPEN_TRACKER_SQL = (
    TRACKER_SQL + "WHERE d.status IN ('active', 'blocked') AND t.status = 'open' "
    "{person} ORDER BY d.id DESC"
)
HISTORY_PAGE_SQL = TRACKER_SQL + "WHERE {closed} ORDER BY d.id DESC LIMIT 200"
# "+d.status": walk the delegations newest first and stop after a page (through the status
# index SQLite would gather every match and sort them: 200 ms at fifty years).
CLOSED = {
    "Done": "(+d.status = 'done' OR (+d.status IN ('active', 'blocked') AND t.status = 'done'))",
    "All": "NOT (+d.status IN ('active', 'blocked') AND t.status = 'open')",
}
# What the tracker shows beside its table (open the tracker / filter by person): the people in
# the person filter, the open delegations that need attention (their list), the load per
# person (a label), and the selected delegation's details pane (texts and newest check-ins).
ATTENTION_SQL = OPEN_TRACKER_SQL.format(person="").replace(
    "ORDER BY",
    "AND (d.snoozed_until IS NULL OR d.snoozed_until < :today) AND ("
    "d.next_check_in_on <= :today OR d.due_on < :today OR julianday(:today) - "
    "julianday(COALESCE(d.last_news_on, d.started_on)) > d.check_in_every_days) ORDER BY",
)
LOAD_SQL = (
    "SELECT p.name, count(d.id) FROM people p LEFT JOIN delegations d ON d.person_id = p.id "
    "AND d.status IN ('active', 'blocked') AND EXISTS (SELECT 1 FROM tasks t WHERE "
    "t.id = d.task_id AND t.status = 'open') GROUP BY p.id ORDER BY 2 DESC, p.name"
)
DETAILS_SQL = (
    "SELECT why_this_person, expected_outcome, debrief_worked, debrief_hard, "
    "debrief_differently, debrief_support FROM delegations WHERE id = ?"
)
CHECK_INS_SQL = (
    'SELECT "on", status_after, note FROM check_ins WHERE delegation_id = ? '
    'ORDER BY "on" DESC, id DESC LIMIT 3'
)
SEARCH_SQL = (
    "SELECT n.id, n.person_id, p.name, n.kind, n.written_on, "
    "snippet(notes_fts, -1, '[', ']', '…', 16) FROM notes_fts "
    "JOIN notes AS n ON n.id = notes_fts.rowid JOIN people AS p ON p.id = n.person_id "
    "WHERE notes_fts MATCH ? ORDER BY notes_fts.rowid DESC LIMIT 100"
)
PERSON_SQL = (
    "SELECT id, kind, written_on, substr(body, 1, 200) FROM notes WHERE person_id = ? "
    "ORDER BY written_on DESC, id DESC LIMIT 100"
)
PEOPLE_SQL = "SELECT id, name FROM people WHERE archived = 0 ORDER BY name"
# The week's side panel: open Do/Schedule tasks (not deferred past today) with no block
# starting in the week, in board order.
UNBOOKED_SQL = (
    "SELECT id, title, quadrant, estimate_minutes FROM tasks "
    "WHERE status = 'open' AND quadrant IN ('do', 'schedule') "
    "AND (not_before IS NULL OR not_before <= ?) AND id NOT IN (SELECT task_id FROM time_blocks "
    "WHERE start >= ? AND start < ? AND task_id IS NOT NULL) ORDER BY quadrant, position, id"
)
KINDS = ("focus", "meeting", "one_on_one", "review", "admin", "thinking", "break", "buffer")
COMPLETED_SQL = (
    "SELECT id, title, quadrant, completed_at FROM tasks "
    "WHERE completed_at >= ? AND completed_at < ?"
)
# The review's other rows (issue 18): the week's blocks with their task's title and status
# (the look-back lists the open tasks of missed blocks), feedback given, one-on-ones held,
# delegations open.
WEEK_WITH_TASKS_SQL = (
    'SELECT b.id, b.title, b.kind, b.start, b."end", b.task_id, b.person_id, b.protected, '
    "b.series_id, b.outcome, t.title, t.status FROM time_blocks AS b "
    "LEFT JOIN tasks AS t ON t.id = b.task_id WHERE b.start >= ? AND b.start < ? ORDER BY b.start"
)
WEEK_FEEDBACK_SQL = (
    "SELECT tone FROM notes WHERE kind = 'feedback_given' AND written_on >= ? AND written_on < ?"
)
LAST_ONE_ON_ONES_SQL = (
    "SELECT p.id, p.one_on_one_every_days, p.started_on, "
    "(SELECT max(written_on) FROM notes WHERE person_id = p.id AND kind = 'one_on_one' "
    "AND written_on >= ? AND written_on < ?), "
    "(SELECT max(start) FROM time_blocks WHERE person_id = p.id AND kind = 'one_on_one' "
    "AND outcome IN ('done', 'partly_done') AND start >= ? AND start < ?) "
    "FROM people AS p WHERE p.archived = 0 AND p.relationship = 'report'"
)
OPEN_DELEGATIONS_SQL = (
    "SELECT d.id, d.started_on, d.closed_on, d.check_in_every_days, "
    '(SELECT max("on") FROM check_ins WHERE delegation_id = d.id AND "on" < ?) '
    "FROM delegations AS d WHERE d.started_on < ? AND (d.closed_on IS NULL OR d.closed_on >= ?)"
)
SPAN_FEEDBACK_SQL = (
    "SELECT written_on, tone FROM notes "
    "WHERE kind = 'feedback_given' AND written_on >= ? AND written_on < ?"
)
ONE_ON_ONE_NOTES_SQL = (
    "SELECT person_id, written_on FROM notes "
    "WHERE kind = 'one_on_one' AND written_on >= ? AND written_on < ?"
)
ONE_ON_ONE_BLOCKS_SQL = (
    "SELECT person_id, start FROM time_blocks WHERE kind = 'one_on_one' "
    "AND outcome IN ('done', 'partly_done') AND start >= ? AND start < ?"
)
REPORTS_SQL = (
    "SELECT id, one_on_one_every_days, started_on FROM people "
    "WHERE archived = 0 AND relationship = 'report'"
)
SPAN_DELEGATIONS_SQL = (
    "SELECT id, started_on, closed_on, check_in_every_days FROM delegations "
    "WHERE started_on < ? AND (closed_on IS NULL OR closed_on >= ?)"
)
SPAN_CHECK_INS_SQL = (
    'SELECT c.delegation_id, c."on" FROM check_ins AS c JOIN delegations AS d '
    'ON d.id = c.delegation_id WHERE c."on" < ? AND d.started_on < ? '
    "AND (d.closed_on IS NULL OR d.closed_on >= ?)"
)


def week_bounds(weeks_back: int = 0, span: int = 1) -> tuple[str, str]:
    monday = TODAY - timedelta(days=TODAY.weekday(), weeks=weeks_back)
    return _utc(_local_midnight(monday)), _utc(_local_midnight(monday + timedelta(weeks=span)))


class Floors:
    """The floors of one vault copy; every method returns (wall ms, CPU ms) medians."""

    def __init__(self, vault: Path, repeats: int, settle: Callable[[], None]) -> None:
        self.conn = connect(vault)
        self.repeats = repeats
        self.settle = settle
        self._widgets: list[Any] = []

    def close(self) -> None:
        for widget in self._widgets:
            delete_now(widget)
        self.conn.close()

    # -- helpers ------------------------------------------------------------------------
    def rows(self, sql: str, *args: Any) -> list[tuple]:
        return self.conn.execute(sql, args).fetchall()

    def write(self, statements: list[tuple[str, tuple]]) -> None:
        """One committed transaction (the fsync included: synchronous = FULL)."""
        self.conn.execute("BEGIN IMMEDIATE")
        for sql, args in statements:
            self.conn.execute(sql, args)
        self.conn.execute("COMMIT")

    def keep(self, widget: Any) -> Any:
        widget.resize(*WINDOW)
        widget.show()
        self._widgets.append(widget)
        self.settle()
        return widget

    def sql_only(self, read: Callable[[], object], batch: int = 1) -> tuple[float, float]:
        """A read with no widget, timed as its figure is: ``batch`` calls a sample, per call."""

        def once(_i: int) -> tuple[float, float]:
            wall, cpu = _clock(lambda: [read() for _ in range(batch)])
            return wall / batch, cpu / batch

        return _median(self.repeats, once)

    # -- the board ----------------------------------------------------------------------
    def build_board(self) -> tuple[float, float]:
        """Fetch every open card; four list views filled, shown and painted."""
        from PySide6.QtCore import QStringListModel
        from PySide6.QtWidgets import QGridLayout, QListView, QWidget

        def once(_i: int) -> tuple[float, float]:
            holder: list[Any] = []

            def action() -> None:
                cards = self.rows(BOARD_SQL)
                by_quadrant: dict[str, list[str]] = {}
                for card in cards:
                    by_quadrant.setdefault(card[2], []).append(card[1])
                window = QWidget()
                grid = QGridLayout(window)
                for n, quadrant in enumerate(sorted(by_quadrant)):
                    view = QListView()
                    view.setUniformItemSizes(True)  # the cheapest list Qt offers
                    model = QStringListModel(by_quadrant.get(quadrant, []), view)
                    view.setModel(model)
                    grid.addWidget(view, n // 2, n % 2)
                window.resize(*WINDOW)
                window.show()
                holder.append(window)

            result = _clock(action, self.settle)
            delete_now(holder[0])
            return result

        return _median(self.repeats, once)

    def move_card(self) -> tuple[float, float]:
        """One card's quadrant and position written and committed, read back; one row
        taken out of one list view and put into another, repainted."""
        from PySide6.QtCore import QStringListModel
        from PySide6.QtWidgets import QHBoxLayout, QListView, QWidget

        task_id, position = self.rows(
            "SELECT id, position FROM tasks WHERE status = 'open' AND quadrant = 'do' "
            "ORDER BY position LIMIT 1 OFFSET 3"
        )[0]
        count = self.rows("SELECT count(*) FROM tasks WHERE status = 'open' AND quadrant = 'do'")
        window = QWidget()
        row = QHBoxLayout(window)
        models = []
        for _ in range(2):
            view = QListView()
            view.setUniformItemSizes(True)
            model = QStringListModel([f"card {i}" for i in range(count[0][0])], view)
            view.setModel(model)
            row.addWidget(view)
            models.append(model)
        self.keep(window)

        def once(i: int) -> tuple[float, float]:
            source, target = models if i % 2 == 0 else models[::-1]
            quadrant = "schedule" if i % 2 == 0 else "do"

            def action() -> None:
                self.write(
                    [
                        (
                            "UPDATE tasks SET quadrant = ?, position = ? WHERE id = ?",
                            (quadrant, position + 0.5, task_id),
                        )
                    ]
                )
                self.rows("SELECT id, title, quadrant, position FROM tasks WHERE id = ?", task_id)
                text = source.stringList()[3]
                source.removeRows(3, 1)
                middle = target.rowCount() // 2
                target.insertRows(middle, 1)
                target.setData(target.index(middle, 0), text)

            return _clock(action, self.settle)

        return _median(self.repeats, once)

    # -- the week -----------------------------------------------------------------------
    def _week_scene(self) -> tuple[Any, Any]:
        from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

        scene = QGraphicsScene(0, 0, WINDOW[0], WINDOW[1])
        view = QGraphicsView(scene)
        self.keep(view)
        return scene, view

    def switch_weeks(self) -> tuple[float, float]:
        """What a week switch shows, plainly: the week's blocks (subscribed meetings and
        all-day events are rows of the same table) as scene rectangles with their titles;
        the open Do/Schedule tasks not booked that week in a list view (the side panel);
        hours per day and kind in a table view (the capacity panel, summed here from the
        fetched rows); the seven day names and the week's title in labels (the header)."""
        from PySide6.QtCore import QStringListModel
        from PySide6.QtGui import QStandardItemModel
        from PySide6.QtWidgets import (
            QGraphicsRectItem,
            QGraphicsScene,
            QGraphicsSimpleTextItem,
            QGraphicsView,
            QGridLayout,
            QLabel,
            QListView,
            QSizePolicy,
            QTableView,
            QWidget,
        )

        window = QWidget()
        layout = QGridLayout(window)
        title = QLabel()
        days = [QLabel() for _ in range(7)]
        for label in (title, *days):  # a new text lays nothing out again
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout.addWidget(title, 0, 0, 1, 9)
        for n, label in enumerate(days):
            layout.addWidget(label, 1, 1 + n)
        tasks = QListView()
        tasks.setUniformItemSizes(True)  # the cheapest list Qt offers
        task_model = QStringListModel(tasks)
        tasks.setModel(task_model)
        layout.addWidget(tasks, 2, 0)
        scene = QGraphicsScene(0, 0, WINDOW[0], WINDOW[1])
        layout.addWidget(QGraphicsView(scene), 2, 1, 1, 7)
        table = QTableView()
        cells = QStandardItemModel(8, len(KINDS) + 1, table)
        table.setModel(cells)
        layout.addWidget(table, 2, 8)
        self.keep(window)
        weeks = [week_bounds(1), week_bounds(0)]
        mondays = [TODAY - timedelta(days=TODAY.weekday(), weeks=w) for w in (1, 0)]

        def once(i: int) -> tuple[float, float]:
            def action() -> None:
                begin, end = weeks[i % 2]
                monday = mondays[i % 2]
                blocks = self.rows(WEEK_SQL, begin, end)
                open_tasks = self.rows(UNBOOKED_SQL, TODAY.isoformat(), begin, end)
                scene.clear()
                minutes: dict[tuple[int, str], int] = {}
                for n, block in enumerate(blocks):
                    rect = QGraphicsRectItem(20 + (n % 7) * 190, 20 + (n // 7) * 60, 180, 50)
                    scene.addItem(rect)
                    label = QGraphicsSimpleTextItem(block[1][:40], rect)
                    label.setPos(rect.rect().topLeft())
                    start = datetime.fromisoformat(block[3]).astimezone(TZ)
                    length = datetime.fromisoformat(block[4]) - datetime.fromisoformat(block[3])
                    key = ((start.date() - monday).days, block[2])
                    minutes[key] = minutes.get(key, 0) + int(length.total_seconds() // 60)
                task_model.setStringList([f"{t[1]}\n{t[2]}" for t in open_tasks])
                for day in range(7):
                    for col, kind in enumerate(KINDS):
                        cells.setData(cells.index(day, col), str(minutes.get((day, kind), 0)))
                title.setText(f"Week {monday.isocalendar()[1]} · {monday:%d %b %Y}")
                for n, label in enumerate(days):
                    label.setText(f"{monday + timedelta(days=n):%a %d %b}")

            return _clock(action, self.settle)

        return _median(self.repeats, once)

    def move_block(self) -> tuple[float, float]:
        """One block's start and end written and committed; one rectangle moved."""
        from PySide6.QtWidgets import QGraphicsRectItem

        scene, _view = self._week_scene()
        found = self.rows(WEEK_SQL, *week_bounds(0))
        items = [
            scene.addRect(20 + (n % 7) * 190, 20 + (n // 7) * 60, 180, 50)
            for n in range(len(found))
        ]
        block_id, start, end = (found[0][0], found[0][3], found[0][4]) if found else (0, "", "")
        rect: QGraphicsRectItem | None = items[0] if items else None

        def once(i: int) -> tuple[float, float]:
            def action() -> None:
                # the text form keeps the order; a shift of a few seconds is enough here
                suffix = "1Z" if i % 2 == 0 else "0Z"
                self.write(
                    [
                        (
                            'UPDATE time_blocks SET start = ?, "end" = ? WHERE id = ?',
                            (start[:-2] + suffix, end[:-2] + suffix, block_id),
                        )
                    ]
                )
                if rect is not None:
                    rect.setPos(0, 30 if i % 2 == 0 else 0)

            return _clock(action, self.settle)

        return _median(self.repeats, once)

    # -- delegations ----------------------------------------------------------------------
    def _table(self, columns: int = 7) -> tuple[Any, Any]:
        from PySide6.QtGui import QStandardItemModel
        from PySide6.QtWidgets import QTableView

        model = QStandardItemModel(0, columns)
        view = QTableView()
        view.setModel(model)
        return model, view

    @staticmethod
    def _fill(model: Any, rows: list[tuple], columns: int = 7) -> None:
        from PySide6.QtGui import QStandardItem

        model.removeRows(0, model.rowCount())
        for values in rows:
            model.appendRow([QStandardItem(str(values[c])) for c in range(columns)])

    def _details_html(self, rows: list[tuple]) -> str:
        """The first row's details pane: its texts and newest check-ins, plainly joined."""
        if not rows:
            return ""
        texts = self.rows(DETAILS_SQL, rows[0][0])
        check_ins = self.rows(CHECK_INS_SQL, rows[0][0])
        lines = [" · ".join(str(v) for v in rows[0][:13])]
        lines += [" · ".join(str(v) for v in found) for found in texts + check_ins]
        return "<br>".join(lines)

    def open_tracker(self) -> tuple[float, float]:
        """What the tracker shows on opening, fetched and drawn plainly: the open delegations
        with their task and person in a table; the people in a combo box; the open ones
        needing attention in a list; the load per person in a label; the first row's texts
        and newest check-ins in a text browser. One window, shown and painted."""
        from PySide6.QtCore import QStringListModel
        from PySide6.QtWidgets import (
            QComboBox,
            QLabel,
            QListView,
            QTextBrowser,
            QVBoxLayout,
            QWidget,
        )

        today = {"today": TODAY.isoformat()}

        def once(_i: int) -> tuple[float, float]:
            holder: list[Any] = []

            def action() -> None:
                rows = self.rows(OPEN_TRACKER_SQL.format(person=""))
                people = self.rows(PEOPLE_SQL)
                attention = self.conn.execute(ATTENTION_SQL, today).fetchall()
                loads = self.rows(LOAD_SQL)
                window = QWidget()
                layout = QVBoxLayout(window)
                combo = QComboBox()
                combo.addItems([str(p[1]) for p in people])
                layout.addWidget(combo)
                layout.addWidget(QLabel(" · ".join(f"{n} {c}" for n, c in loads if c)))
                listing = QListView()
                listing.setUniformItemSizes(True)
                listing.setModel(QStringListModel([f"{a[13]} {a[15]}" for a in attention]))
                layout.addWidget(listing)
                model, view = self._table()
                self._fill(model, rows)
                layout.addWidget(view, 1)
                details = QTextBrowser()
                details.setHtml(self._details_html(rows))
                layout.addWidget(details)
                window.resize(*WINDOW)
                window.show()
                holder.append(window)

            result = _clock(action, self.settle)
            delete_now(holder[0])
            return result

        return _median(self.repeats, once)

    def filter_tracker(self) -> tuple[float, float]:
        """The open delegations of one person: the table's rows replaced, and the details
        pane showing the first one's texts and newest check-ins (or nothing)."""
        from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

        window = QWidget()
        layout = QVBoxLayout(window)
        model, view = self._table()
        details = QTextBrowser()
        layout.addWidget(view, 1)
        layout.addWidget(details)
        self.keep(window)
        people = [r[0] for r in self.rows(PEOPLE_SQL)] or [1]
        sql = OPEN_TRACKER_SQL.format(person="AND d.person_id = ?")

        def show(person_id: int) -> None:
            rows = self.rows(sql, person_id)
            self._fill(model, rows)
            details.setHtml(self._details_html(rows))

        def once(i: int) -> tuple[float, float]:
            return _clock(lambda: show(people[i % len(people)]), self.settle)

        return _median(self.repeats, once)

    def tracker_history(self, label: str) -> tuple[float, float]:
        """The first page (200) of the "All" or "Done" filter ("All" also shows every open
        delegation above it); the table's rows replaced."""
        model, view = self._table()
        self.keep(view)
        sql = HISTORY_PAGE_SQL.format(closed=CLOSED[label])
        open_sql = OPEN_TRACKER_SQL.format(person="")

        def fetch() -> list[tuple]:
            head = self.rows(open_sql) if label == "All" else []
            return head + self.rows(sql)

        def once(_i: int) -> tuple[float, float]:
            return _clock(lambda: self._fill(model, fetch()), self.settle)

        return _median(self.repeats, once)

    def check_in(self, delegation_id: int) -> tuple[float, float]:
        """A check-in inserted and its delegation updated in one commit; one table row's
        cells set."""
        from PySide6.QtGui import QStandardItem

        model, view = self._table()
        self._fill(model, [tuple(range(7))] * 20)
        self.keep(view)
        day = TODAY.isoformat()

        def once(i: int) -> tuple[float, float]:
            def action() -> None:
                self.write(
                    [
                        (
                            'INSERT INTO check_ins (delegation_id, "on", note, status_after) '
                            "VALUES (?, ?, ?, 'active')",
                            (delegation_id, day, f"floor {i}"),
                        ),
                        (
                            "UPDATE delegations SET last_news_on = ?, next_check_in_on = ?, "
                            "status = 'active', snoozed_until = NULL WHERE id = ?",
                            (day, (TODAY + timedelta(days=7)).isoformat(), delegation_id),
                        ),
                    ]
                )
                for c in range(7):
                    model.setItem(0, c, QStandardItem(f"{i}-{c}"))

            return _clock(action, self.settle)

        return _median(self.repeats, once)

    # -- people -------------------------------------------------------------------------
    def _list(self) -> Any:
        from PySide6.QtWidgets import QListWidget

        return self.keep(QListWidget())

    def search(self, queries: tuple[str, ...]) -> tuple[float, float]:
        """The FTS5 match with snippets (newest 100); a list's items replaced."""
        listing = self._list()

        def once(i: int) -> tuple[float, float]:
            def action() -> None:
                match = " ".join(f'"{w}"' for w in queries[i % len(queries)].split())
                hits = self.rows(SEARCH_SQL, match)
                listing.clear()
                listing.addItems([f"{h[2]}: {h[5]}" for h in hits])

            return _clock(action, self.settle)

        return _median(self.repeats, once)

    def open_person(self, people: list[int]) -> tuple[float, float]:
        """The person and their newest 100 notes; a list's items replaced."""
        listing = self._list()

        def once(i: int) -> tuple[float, float]:
            def action() -> None:
                pid = people[i % len(people)]
                self.rows("SELECT * FROM people WHERE id = ?", pid)
                notes = self.rows(PERSON_SQL, pid)
                listing.clear()
                listing.addItems([f"{n[2]} {n[3]}" for n in notes])

            return _clock(action, self.settle)

        return _median(self.repeats, once)

    def open_quick_note(self) -> tuple[float, float]:
        """The people list; a dialog with a combo box and four text fields shown, painted."""
        from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QPlainTextEdit

        def once(_i: int) -> tuple[float, float]:
            holder: list[Any] = []

            def action() -> None:
                people = self.rows(PEOPLE_SQL)
                dialog = QDialog()
                form = QFormLayout(dialog)
                combo = QComboBox()
                combo.addItems([p[1] for p in people])
                form.addRow("Person", combo)
                for label in ("Discussed", "Mine", "Theirs", "Revisit"):
                    form.addRow(label, QPlainTextEdit())
                dialog.resize(520, 480)
                dialog.show()
                holder.append(dialog)

            result = _clock(action, self.settle)
            delete_now(holder[0])
            return result

        return _median(self.repeats, once)

    def save_quick_note(self, note_id: int) -> tuple[float, float]:
        """A note's text updated and committed (its full-text index follows by trigger);
        one status label changed."""
        from PySide6.QtWidgets import QLabel

        label = self.keep(QLabel("Saved."))

        def once(i: int) -> tuple[float, float]:
            def action() -> None:
                self.write(
                    [("UPDATE notes SET body = ? WHERE id = ?", (f"floor text {i}", note_id))]
                )
                label.setText(f"Saved. {i}")

            return _clock(action, self.settle)

        return _median(self.repeats, once)

    # -- review -------------------------------------------------------------------------
    def look_back(self) -> tuple[float, float]:
        """This week's blocks (with their task) and the tasks completed in it, and what the
        week's figures count besides (issue 18: the look-back shows them too): the week's
        feedback notes, each current report's last one-on-one (note and block held, up to the
        week's end, from a year back), and the delegations open in the week with their last
        check-in (no widget: a service figure)."""
        start, end = week_bounds(0)
        monday = TODAY - timedelta(days=TODAY.weekday())
        first, after = monday.isoformat(), (monday + timedelta(days=7)).isoformat()
        year_back = monday - timedelta(days=366)
        since = _utc(_local_midnight(year_back))

        def read() -> object:
            return (
                self.rows(WEEK_WITH_TASKS_SQL, start, end),
                self.rows(COMPLETED_SQL, start, end),
                self.rows(WEEK_FEEDBACK_SQL, first, after),
                self.rows(LAST_ONE_ON_ONES_SQL, year_back.isoformat(), after, since, end),
                self.rows(OPEN_DELEGATIONS_SQL, after, after, first),
            )

        return self.sql_only(read, SERVICE_BATCH)

    def insights(self) -> tuple[float, float]:
        """26 weeks of blocks and completed tasks, and the rows the other figures count;
        six charts of 26 bars painted."""
        from PySide6.QtGui import QPainter
        from PySide6.QtWidgets import QWidget

        class Bars(QWidget):
            values: list[int] = [0] * 26

            def paintEvent(self, _event: Any) -> None:
                painter = QPainter(self)
                width = self.width() / (6 * 27)
                for chart in range(6):
                    for n, value in enumerate(self.values):
                        x = int((chart * 27 + n) * width)
                        painter.fillRect(
                            x, self.height() - value % 300, int(width), value % 300, 0x3366AA
                        )
                painter.end()

        bars = self.keep(Bars())
        start, end = week_bounds(25, 26)
        # The span's other rows the figures count (issue 18): feedback given, the one-on-ones
        # held from a year before the span, the reports, the delegations open in the span
        # and their check-ins.
        monday = TODAY - timedelta(days=TODAY.weekday(), weeks=25)
        first, after = monday.isoformat(), (monday + timedelta(weeks=26)).isoformat()
        year_back = monday - timedelta(days=366)
        since = _utc(_local_midnight(year_back))

        def once(_i: int) -> tuple[float, float]:
            def action() -> None:
                blocks = self.rows(WEEK_SQL, start, end)
                done = self.rows(COMPLETED_SQL, start, end)
                self.rows(SPAN_FEEDBACK_SQL, first, after)
                self.rows(ONE_ON_ONE_NOTES_SQL, year_back.isoformat(), after)
                self.rows(ONE_ON_ONE_BLOCKS_SQL, since, end)
                self.rows(REPORTS_SQL)
                self.rows(SPAN_DELEGATIONS_SQL, after, first)
                self.rows(SPAN_CHECK_INS_SQL, after, after, first)
                bars.values = [len(blocks) // 26 + len(done) // 26 + n for n in range(26)]
                bars.repaint()

            return _clock(action, self.settle)

        return _median(self.repeats, once)
