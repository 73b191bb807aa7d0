"""Interaction figures: the real area widgets over a copy of a benchmark vault, in-process.

Each figure builds (or reuses) the real widget, performs the action the way the user's
gesture does (the drop path of the board, the week area's move handler, the filter combo,
...), then lets Qt deliver the resulting events so the repaint is part of the figure. The
cached vault is copied to a temporary folder first: the benchmark never changes the cache.

Every figure is independent: if one area's API moved, that figure becomes an explicit n/a
note and the others are still taken.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .generate import PASSPHRASE, TODAY, TZ

# Every figure is judged as a ratio to its floor measured in the same run
# (interaction_floors.py): a read at most 3x, a write at most 10x.
READ, WRITE = 3.0, 10.0
READ_TEXT, WRITE_TEXT = "<= 3x floor", "<= 10x write floor"
# figure -> (the most figure / floor may be, the target as shown in the table)
TARGETS: dict[str, tuple[float, str]] = {
    "build the board": (READ, READ_TEXT),
    "move a card": (WRITE, WRITE_TEXT),
    "switch weeks": (READ, READ_TEXT),
    "move a block": (WRITE, WRITE_TEXT),
    "open the delegation tracker": (READ, READ_TEXT),
    "filter delegations by person": (READ, READ_TEXT),
    "delegations 'All', first page": (READ, READ_TEXT + " (fifty-year)"),
    "delegations 'Done', first page": (READ, READ_TEXT + " (fifty-year)"),
    "check in on a delegation": (WRITE, WRITE_TEXT),
    "full-text search": (READ, READ_TEXT),
    "open a person": (READ, READ_TEXT),
    "open the quick-note window": (READ, READ_TEXT),
    "save a quick note": (WRITE, WRITE_TEXT),
    "review look-back": (READ, READ_TEXT),
    "render 26 weeks of insights": (READ, READ_TEXT),
}
JUDGED_AT_FIFTY = ("delegations 'All', first page", "delegations 'Done', first page")

WINDOW_SIZE = (1400, 900)  # a typical laptop window, the size the areas are painted at
SEARCH_QUERIES = ("latency", "incident postmortem", "kubernetes upgrade", "burn")

_theme_installed = False


# -- plumbing ---------------------------------------------------------------------------
def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(_quiet_platform_warnings)
        app = QApplication(["leaddesk-benchmark"])
    return app


def _quiet_platform_warnings(_kind: Any, _context: Any, message: str) -> None:
    """The offscreen platform warns about every window hint it cannot honour; keep the
    benchmark's output readable by dropping those (and only those)."""
    import sys

    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def settle() -> None:
    """Deliver everything already posted (change signals, layout, the repaint itself).

    On the offscreen platform a widget's update() becomes an UpdateRequest event that
    paints into the backing store, so after this the frame the user would see is drawn.
    """
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    QApplication.processEvents()


class Sample(float):
    """Wall-clock milliseconds (the figure), carrying the process's CPU milliseconds too.

    On a shared, loaded machine the wall time includes waiting for a core; the CPU time
    is what the code itself cost, so both are reported."""

    cpu: float

    def __new__(cls, wall: float, cpu: float) -> Sample:
        sample = super().__new__(cls, wall)
        sample.cpu = cpu
        return sample


def timed(action: Callable[[], object]) -> Sample:
    """Milliseconds for ``action`` plus the paint it causes."""
    started, cpu_started = time.perf_counter(), time.process_time()
    action()
    settle()
    return Sample(
        (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000
    )


def median_of(repeats: int, one_run: Callable[[int], float]) -> Sample:
    samples = [one_run(i) for i in range(repeats)]
    cpu = [getattr(x, "cpu", float("nan")) for x in samples]
    return Sample(statistics.median(samples), statistics.median(cpu))


def _copy_vault(vault_path: Path, into: Path) -> Path:
    data = into / "data"
    data.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(vault_path) + suffix)
        if source.exists():
            shutil.copy2(source, data / (vault_path.name + suffix))
    return data


@contextlib.contextmanager
def bench_context(vault_path: Path) -> Iterator[Any]:
    """An unlocked AppContext over a throwaway copy of ``vault_path``."""
    global _theme_installed
    from PySide6.QtCore import QSettings

    from leaddesk.domain.clock import FixedClock
    from leaddesk.paths import resolve_paths
    from leaddesk.services.unlocking import unlock_vault
    from leaddesk.ui.context import AppContext
    from leaddesk.ui.settings import AppSettings

    app = _app()
    with tempfile.TemporaryDirectory(prefix="leaddesk-bench-ui-") as tmp:
        root = Path(tmp)
        data = _copy_vault(vault_path, root)
        paths = resolve_paths(data)._replace(config_dir=root / "config")  # a NamedTuple
        paths.config_dir.mkdir(parents=True)
        clock = FixedClock(datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=TZ))
        settings = AppSettings(QSettings(str(paths.settings_file), QSettings.Format.IniFormat))
        if not _theme_installed:
            with contextlib.suppress(Exception):  # the look matters for paint cost only
                from leaddesk.ui.theme import install_theme

                install_theme(app, settings)
            _theme_installed = True
        services = unlock_vault(paths, PASSPHRASE, clock)
        ctx = AppContext(paths, settings, clock)
        ctx.attach(services)
        try:
            yield ctx
        finally:
            ctx.undo_stack.clear()
            ctx.lock()
            settle()


def _show(widget: Any) -> Any:
    widget.resize(*WINDOW_SIZE)
    widget.show()
    return widget


def delete_now(widget: Any) -> None:
    """Close and really delete a widget before the next figure.

    ``deleteLater`` alone is not enough here: the benchmark never returns to an event loop,
    and ``processEvents`` does not deliver deferred deletes. Areas built for earlier runs
    then stayed alive, still listening to ``ctx.changed``, and every later write reloaded
    them too (a card move ran 60 statements instead of 24 in the quick vault)."""
    widget.close()
    widget.deleteLater()
    flush_deletes()


def flush_deletes() -> None:
    """Deliver pending events, then the deferred deletes ``processEvents`` leaves alone."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    settle()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def _dispose(widget: Any) -> None:
    delete_now(widget)


# -- figures ----------------------------------------------------------------------------
def board_figures(ctx: Any, repeats: int) -> dict[str, float]:
    """Build the board (construct, refresh, first paint); move one card by a drop."""
    from PySide6.QtCore import Qt

    from leaddesk.domain.model import Quadrant
    from leaddesk.ui.matrix.area import MatrixArea

    def build(_i: int) -> float:
        holder: list[Any] = []

        def action() -> None:
            area = MatrixArea(ctx)
            area.refresh()
            holder.append(_show(area))

        ms = timed(action)
        _dispose(holder[0])
        return ms

    figures = {"build the board": median_of(repeats, build)}

    area = MatrixArea(ctx)
    area.refresh()
    _show(area)
    settle()
    pair = (area.models[Quadrant.DO], area.models[Quadrant.SCHEDULE])

    def move(i: int) -> float:
        # Alternate directions so the board keeps its size; drop mid-list, as a hand would.
        source, target = pair if i % 2 == 0 else pair[::-1]
        mime = source.mimeData([source.index(min(3, source.rowCount() - 1), 0)])
        row = target.rowCount() // 2
        return timed(
            lambda: target.dropMimeData(mime, Qt.DropAction.MoveAction, row, 0, target.index(-1, 0))
        )

    move(0)  # warm up the write path once (first write compiles statements)
    figures["move a card"] = median_of(repeats, lambda i: move(i + 1))
    _dispose(area)
    return figures


def _week_area(ctx: Any) -> Any:
    from leaddesk.ui.week.area import WeekArea

    area = WeekArea(ctx)
    area.refresh()
    _show(area)
    settle()
    return area


def switch_weeks_figure(ctx: Any, repeats: int) -> float:
    """Previous / next week, alternately, each including the repaint."""
    area = _week_area(ctx)

    def switch(i: int) -> float:
        return timed(area.go_previous if i % 2 == 0 else area.go_next)

    switch(0)
    switch(1)
    ms = median_of(repeats, switch)
    _dispose(area)
    return ms


def move_block_figure(ctx: Any, repeats: int) -> float:
    """Move one block by 30 minutes the way a drag ends: the grid's change request, which
    the week area turns into one undoable command (persist, refresh, repaint)."""
    from leaddesk.domain.model import BlockKind

    area = _week_area(ctx)
    movable = [
        b
        for b in area.blocks
        if b.id is not None and b.series_id is None and not getattr(b, "read_only", False)
    ]
    if not movable:  # a small (quick) vault may have none this week: add one to move
        monday = area.first_day
        start = datetime(monday.year, monday.month, monday.day, 9, 0, tzinfo=TZ)
        ctx.services.blocks.create("Focus", BlockKind.FOCUS, start, start + timedelta(hours=1))
        area.refresh()
        settle()
        movable = [b for b in area.blocks if b.id is not None and b.series_id is None]
    block = movable[0]
    start, end = block.start, block.end

    def move(i: int) -> float:
        shift = timedelta(minutes=30 if i % 2 == 0 else 0)
        return timed(
            lambda: area.grid.block_change_requested.emit(block.id, start + shift, end + shift)
        )

    move(0)
    ms = median_of(repeats, lambda i: move(i + 1))
    _dispose(area)
    return ms


def delegation_figures(ctx: Any, repeats: int) -> dict[str, float]:
    """Open the tracker (construct, refresh, paint); filter it by person."""
    from leaddesk.ui.delegation.area import DelegationArea

    def build(_i: int) -> float:
        holder: list[Any] = []

        def action() -> None:
            area = DelegationArea(ctx)
            area.refresh()
            holder.append(_show(area))

        ms = timed(action)
        _dispose(holder[0])
        return ms

    figures = {"open the delegation tracker": median_of(repeats, build)}

    area = DelegationArea(ctx)
    area.refresh()
    _show(area)
    settle()
    combo = area.person_filter
    people = combo.count() - 1  # index 0 is "Everyone"
    if people < 1:
        raise LookupError("no person to filter by")

    def pick(i: int) -> float:
        return timed(lambda: combo.setCurrentIndex(1 + i % people))

    pick(0)
    figures["filter delegations by person"] = median_of(repeats, lambda i: pick(i + 1))
    combo.setCurrentIndex(0)  # everyone
    settle()

    statuses = area.status_filter

    def history(label: str) -> Callable[[int], float]:
        def once(_i: int) -> float:
            statuses.setCurrentIndex(0)  # back to "Open" (not timed)
            settle()
            return timed(lambda: statuses.setCurrentIndex(statuses.findText(label)))

        return once

    for label in ("All", "Done"):
        history(label)(0)
        figures[f"delegations '{label}', first page"] = median_of(repeats, history(label))
    statuses.setCurrentIndex(0)
    settle()
    _dispose(area)
    return figures


def open_delegation(ctx: Any) -> int:
    """An open delegation to check in on: the tracker's first, or a new one (the fifty-year
    vault's few open delegations all have their task closed on the board)."""
    from leaddesk.domain.model import DelegationStatus, Quadrant

    service = ctx.services.delegations
    found = service.rows(statuses=(DelegationStatus.ACTIVE, DelegationStatus.BLOCKED))
    if found:
        return int(found[0].id)
    person = ctx.services.people.list()[0]
    task = ctx.services.tasks.capture("Benchmark hand-over", quadrant=Quadrant.DO)
    return int(service.create(task.id, person.id).id)


def check_in_figure(ctx: Any, repeats: int) -> tuple[float, int]:
    """Log a check-in: the dialog's accept (what its button does) on the tracker's first open
    delegation, with the tracker shown; the dialog is built and filled outside the timing."""
    from leaddesk.ui.delegation.area import DelegationArea
    from leaddesk.ui.delegation.checkin import CheckInDialog

    delegation_id = open_delegation(ctx)
    area = DelegationArea(ctx)
    area.refresh()
    _show(area)
    settle()

    def once(i: int) -> float:
        dialog = CheckInDialog(ctx, delegation_id, area)
        dialog.show()
        settle()
        dialog.note_edit.setPlainText(f"benchmark check-in {i}")
        ms = timed(dialog.accept)
        delete_now(dialog)
        return ms

    once(0)
    ms = median_of(repeats, lambda i: once(i + 1))
    _dispose(area)
    return ms, delegation_id


def _one_search(ctx: Any, repeats: int) -> float:
    """Ctrl+K: people, notes, tasks, delegations, action items and topics, ranked, listed
    in the search window (the typing debounce is not part of the answer time)."""
    from leaddesk.ui.dialogs.search import SearchDialog

    dialog = SearchDialog(ctx, lambda _hit, _text: None)
    _show(dialog)
    settle()

    def search(i: int) -> float:
        dialog.field.setText(SEARCH_QUERIES[i % len(SEARCH_QUERIES)])

        def action() -> None:
            dialog.run()

        return timed(action)

    for i in range(len(SEARCH_QUERIES)):
        search(i)
    ms = median_of(repeats, search)
    dialog.close()
    dialog.deleteLater()
    flush_deletes()
    return ms


def people_figures(ctx: Any, repeats: int, busiest: list[int]) -> dict[str, float]:
    """Full-text search with the results shown; open the person with the most notes."""
    from leaddesk.ui.people.area import PeopleArea

    area = PeopleArea(ctx)
    area.refresh()
    _show(area)
    settle()
    figures: dict[str, float] = {}

    def search(i: int) -> float:
        query = SEARCH_QUERIES[i % len(SEARCH_QUERIES)]

        def action() -> None:
            area.search_box.setText(query)
            area.search_timer.stop()  # the debounce is not part of the answer time
            area.run_search()

        return timed(action)

    for i in range(len(SEARCH_QUERIES)):
        search(i)
    figures["full-text search"] = median_of(repeats, search)
    area.search_box.clear()
    settle()

    def open_person(i: int) -> float:
        return timed(lambda: area.open_person(busiest[i % len(busiest)]))

    open_person(1)
    figures["open a person"] = median_of(repeats, open_person)
    figures["one search (Ctrl+K), results shown"] = _one_search(ctx, repeats)
    _dispose(area)
    return figures


def quick_note_figure(ctx: Any, repeats: int) -> float:
    """Open the quick-note window (non-modal, shown and painted), then close it."""
    from PySide6.QtWidgets import QApplication

    from leaddesk.ui.people.quick_note import QuickNoteWindow, open_quick_note

    def once(_i: int) -> float:
        ms = timed(lambda: open_quick_note(ctx, None))
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QuickNoteWindow):
                widget.reject()
                widget.close()
        flush_deletes()
        return ms

    once(0)
    return median_of(repeats, once)


def save_quick_note_figure(ctx: Any, repeats: int, person_id: int) -> tuple[float, int]:
    """Save the quick note as the user types (``flush``, what the autosave timer and a focus
    change call): the first save creates the note (not timed), later saves update it."""
    from PySide6.QtWidgets import QApplication

    from leaddesk.ui.people.quick_note import QuickNoteWindow, open_quick_note

    open_quick_note(ctx, None, person_id)
    settle()
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QuickNoteWindow))
    window.discussed.setPlainText("Talked about the roadmap.")
    window.flush()
    settle()
    if window.note_id is None:
        raise LookupError("the quick note was not saved")

    def once(i: int) -> float:
        window.discussed.setPlainText(f"Talked about the roadmap. Point {i}.")
        return timed(window.flush)

    once(0)
    ms = median_of(repeats, lambda i: once(i + 1))
    note_id = int(window.note_id)
    window.reject()
    flush_deletes()
    return ms, note_id


def review_figures(ctx: Any, repeats: int) -> dict[str, float]:
    """The weekly review's look-back (service) and the insights view over 26 weeks."""
    from leaddesk.domain.week import week_start
    from leaddesk.ui.review.insights import InsightsView

    from .interaction_floors import SERVICE_BATCH

    week = week_start(ctx.clock.today(), ctx.settings.get("week/first_weekday"))

    def look(_i: int) -> Sample:
        # A service figure: no widget and no paint, so no settle() (it timed whatever the
        # earlier figures had left queued, 0.3 -> 0.8 ms in full runs, while the floor
        # never settles); SERVICE_BATCH calls a sample, as the floor, so a 0.3 ms read is
        # not timer and scheduler noise.
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(SERVICE_BATCH):
            ctx.services.reviews.look_back(week)
        wall = (time.perf_counter() - started) * 1000 / SERVICE_BATCH
        return Sample(wall, (time.process_time() - cpu_started) * 1000 / SERVICE_BATCH)

    look(0)
    figures = {"review look-back": median_of(repeats, look)}

    view = InsightsView(ctx)
    _show(view)
    index = view.span.findData(26)
    if index < 0:
        raise LookupError("the insights view offers no 26-week span")
    view.span.blockSignals(True)
    view.span.setCurrentIndex(index)
    view.span.blockSignals(False)
    settle()

    def render(_i: int) -> float:
        def action() -> None:
            view.refresh()
            # The charts are the point: paint all six, not just what changed. (The view's
            # own repaint() paints none of them: the scroll area's opaque viewport covers
            # them; before issue 18 they were painted only because every refresh re-set
            # their data.)
            view.grid_host.repaint()

        return timed(action)

    render(0)
    figures["render 26 weeks of insights"] = median_of(repeats, render)
    _dispose(view)
    return figures


def _busiest_people(vault_path: Path, count: int = 2) -> tuple[list[int], int]:
    """Ids of the people with the most notes (and that many notes), read with the raw driver."""
    import sqlcipher3

    conn = sqlcipher3.connect(str(vault_path))
    try:
        conn.execute("PRAGMA key = '" + PASSPHRASE.replace("'", "''") + "'")
        rows = conn.execute(
            "SELECT person_id, count(*) FROM notes GROUP BY person_id "
            "ORDER BY count(*) DESC, person_id LIMIT ?",
            (count,),
        ).fetchall()
    finally:
        conn.close()
    if not rows:
        raise LookupError("the vault holds no notes")
    return [int(r[0]) for r in rows], int(rows[0][1])


# -- entry point ------------------------------------------------------------------------
def measure(vault_path: Path, repeats: int, *, count_statements: bool = False) -> dict[str, Any]:
    """Every interaction figure (median wall ms over ``repeats``) for the vault at
    ``vault_path``; ``"_cpu"`` maps the same names to median CPU ms, ``"_floor"`` and
    ``"_floor_cpu"`` to their floors (``interaction_floors``), ``"_statements"`` to SQL
    statements per action (``statements``, with ``count_statements``), and ``"_notes"``
    lists what could not be taken and why (each note starts with the figure's name)."""
    results: dict[str, Any] = {}
    notes: list[str] = []
    label = vault_path.parent.name
    floors: dict[str, tuple[float, float]] = {}
    statements: dict[str, Any] = {}

    def attempt(names: tuple[str, ...], fn: Callable[[], Any], into: dict | None = None) -> Any:
        try:
            value = fn()
        except Exception as exc:  # one area's breakage must not hide the others' figures
            for name in names:
                detail = " ".join(str(exc).split())[:160]
                notes.append(f"{name} ({label}): n/a, {type(exc).__name__}: {detail}")
            return None
        target = results if into is None else into
        if isinstance(value, dict):
            target.update(value)
        else:
            target[names[0]] = value
        return value

    try:
        busiest, most_notes = _busiest_people(vault_path)
    except Exception as exc:
        busiest, most_notes = [], 0
        notes.append(f"busiest person ({label}): {type(exc).__name__}")
    people = busiest or [1]

    with bench_context(vault_path) as ctx:
        attempt(("build the board", "move a card"), lambda: board_figures(ctx, repeats))
        attempt(("switch weeks",), lambda: switch_weeks_figure(ctx, repeats))
        attempt(("move a block",), lambda: move_block_figure(ctx, repeats))
        attempt(
            (
                "open the delegation tracker",
                "filter delegations by person",
                "delegations 'All', first page",
                "delegations 'Done', first page",
            ),
            lambda: delegation_figures(ctx, repeats),
        )
        checked = attempt(("check in on a delegation",), lambda: check_in_figure(ctx, repeats))
        if checked is not None:
            results["check in on a delegation"] = checked[0]
        attempt(
            ("full-text search", "open a person", "one search (Ctrl+K), results shown"),
            lambda: people_figures(ctx, repeats, people),
        )
        attempt(("open the quick-note window",), lambda: quick_note_figure(ctx, repeats))
        from .planner_figures import quick_capture_figure

        attempt(
            ("open quick capture and parse a line",),
            lambda: quick_capture_figure(ctx, max(repeats, 5)),
        )
        saved = attempt(
            ("save a quick note",), lambda: save_quick_note_figure(ctx, repeats, people[0])
        )
        if saved is not None:
            results["save a quick note"] = saved[0]
        attempt(
            ("review look-back", "render 26 weeks of insights"),
            lambda: review_figures(ctx, repeats),
        )
        if count_statements:
            from .statements import count_actions

            found = attempt(("statements",), lambda: count_actions(ctx, settle, people[0]), {})
            if found is not None:
                notes.extend(f"statements ({label}): {n}" for n in found.pop("_notes", []))
                statements = found

        # The floors, on a second connection to the same copy, after the app's figures.
        from .interaction_floors import Floors

        floor = Floors(ctx.paths.vault, repeats, settle)
        try:
            plan: dict[str, Callable[[], tuple[float, float]]] = {
                "build the board": floor.build_board,
                "move a card": floor.move_card,
                "switch weeks": floor.switch_weeks,
                "move a block": floor.move_block,
                "open the delegation tracker": floor.open_tracker,
                "filter delegations by person": floor.filter_tracker,
                "delegations 'All', first page": lambda: floor.tracker_history("All"),
                "delegations 'Done', first page": lambda: floor.tracker_history("Done"),
                "full-text search": lambda: floor.search(SEARCH_QUERIES),
                "open a person": lambda: floor.open_person(people),
                "open the quick-note window": floor.open_quick_note,
                "review look-back": floor.look_back,
                "render 26 weeks of insights": floor.insights,
            }
            if checked is not None:
                plan["check in on a delegation"] = lambda: floor.check_in(checked[1])
            if saved is not None:
                plan["save a quick note"] = lambda: floor.save_quick_note(saved[1])
            for name, fn in plan.items():
                try:
                    floors[name] = fn()
                except Exception as exc:
                    detail = " ".join(str(exc).split())[:120]
                    notes.append(f"{name} ({label}): no floor, {type(exc).__name__}: {detail}")
        finally:
            floor.close()
    if most_notes:
        notes.append(f"open a person ({label}): the person opened has {most_notes:,} notes")
    for name in TARGETS:
        if name not in results and not any(n.startswith(f"{name} (") for n in notes):
            notes.append(f"{name} ({label}): n/a, not measured")
    cpu = {name: value.cpu for name, value in results.items() if isinstance(value, Sample)}
    figures: dict[str, Any] = {name: float(value) for name, value in results.items()}
    figures["_cpu"] = cpu
    figures["_floor"] = {name: f[0] for name, f in floors.items()}
    figures["_floor_cpu"] = {name: f[1] for name, f in floors.items()}
    figures["_statements"] = statements
    figures["_notes"] = notes
    return figures


def main() -> None:
    """``python -m benchmarks.interactions [VAULT] [REPEATS]``: just these figures."""
    import sys

    from .generate import FIVE_YEARS, cached_vault

    root = Path(__file__).resolve().parent.parent / "bench-data"
    vault = Path(sys.argv[1]) if len(sys.argv) > 1 else cached_vault(root, FIVE_YEARS)
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    figures = measure(vault, repeats, count_statements=True)
    for name, value in figures.items():
        if not name.startswith("_"):
            cpu = figures["_cpu"].get(name, float("nan"))
            floor = figures["_floor"].get(name, float("nan"))
            # Figures judged against a scaled target (search, planning) are not in TARGETS.
            target_text = TARGETS[name][1] if name in TARGETS else "scaled (see run.py)"
            print(
                f"{name:32} {value:8.1f} ms  (cpu {cpu:6.1f})  floor {floor:6.1f} ms  "
                f"ratio {value / floor:5.2f}x  target {target_text}"
            )
    for name, counts in figures["_statements"].items():
        print(f"statements, {name}: {counts}")
    for note in figures["_notes"]:  # type: ignore[union-attr]
        print(f"note: {note}")


if __name__ == "__main__":
    main()
