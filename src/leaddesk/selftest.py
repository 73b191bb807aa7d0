"""``leaddesk --self-test``: prove that an installed or frozen build really works.

A packaged build can start and still be broken: a hidden import PyInstaller missed, a Qt
plugin or system library that is absent, an SQLCipher driver built without FTS5, migrations
left out of the bundle. The self-test runs the real stack end to end in a throwaway
directory: it creates an encrypted vault (running the migrations), writes and reads a task,
finds a note through the FTS5 index, reads the SQLCipher version, builds the main window on
the current Qt platform and prints a plan as PDF. It prints one summary line and exits 0, or
prints ``self-test FAILED: <reason>`` on stderr and exits 1.

Nothing of the user's is touched: the vault, settings and PDF live in a temporary directory
that is removed afterwards. The data is synthetic, so a failure reason may quote it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import APP_ID, APP_NAME, __version__

PLAINTEXT_HEADER = b"SQLite format 3\x00"


class SelfTestError(Exception):
    """One check failed; the message says which and why."""


@dataclasses.dataclass
class _Run:
    """What the checks share while they run, and what must be cleaned up afterwards."""

    workdir: Path
    paths: Any = None
    passphrase: str = ""
    services: Any = None
    ctx: Any = None
    window: Any = None
    findings: list[str] = dataclasses.field(default_factory=list)


def main(argv: list[str] | None = None) -> int:
    """Run every check; print one line; return the process exit code."""
    del argv  # no options yet; accepted so the CLI can pass its remaining arguments
    started = time.perf_counter()
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        run = _Run(Path(tempfile.mkdtemp(prefix="leaddesk-selftest-")))
    except OSError as exc:
        print(f"self-test FAILED: start: no temporary directory ({exc})", file=sys.stderr)
        return 1
    qt_messages: list[str] = []
    restore_handler: Callable[[], None] = lambda: None  # noqa: E731
    step = "qt"
    try:
        qt_messages, restore_handler = _collect_qt_messages()
        for name, check in _CHECKS:
            step = name
            check(run)
    except Exception as exc:
        _cleanup(run)
        restore_handler()
        for line in qt_messages[-20:]:  # what Qt said may explain the failure
            print(line, file=sys.stderr)
        print(f"self-test FAILED: {step}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    _cleanup(run)
    restore_handler()
    elapsed = time.perf_counter() - started
    print(f"{APP_NAME} {__version__} self-test OK: {', '.join(run.findings)} ({elapsed:.1f} s)")
    if sys.stdout is not None:  # None in a windowed (no console) Windows build
        sys.stdout.flush()
    return 0


# -- the checks, in order --------------------------------------------------------------------
def _check_vault(run: _Run) -> None:
    """Create an encrypted vault through the real session code (runs the migrations)."""
    from .paths import resolve_paths
    from .services.unlocking import create_vault, sqlcipher_version

    paths = resolve_paths(run.workdir / "data")
    # Keep settings in the temporary directory too (resolve_paths points at the user's).
    paths = paths._replace(config_dir=run.workdir / "config")  # AppPaths: a NamedTuple
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    run.paths = paths
    run.passphrase = secrets.token_urlsafe(16)
    run.services = create_vault(paths, run.passphrase)
    with paths.vault.open("rb") as fh:
        if fh.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER:
            raise SelfTestError("the vault file was written unencrypted")
    version = sqlcipher_version()
    if not version:
        raise SelfTestError("the driver reports no SQLCipher version")
    run.findings.append(f"sqlcipher {version.split()[0]}")  # "4.19.0 community" -> "4.19.0"


def _check_task_round_trip(run: _Run) -> None:
    title = "Self-test task ✓ (ünïcode)"
    task = run.services.tasks.capture(title, estimate_minutes=30)
    again = run.services.tasks.get(task.id)
    if again.title != title or again.estimate_minutes != 30:
        raise SelfTestError("a task read back differs from what was written")
    if task.id not in {t.id for t in run.services.tasks.open_tasks()}:
        raise SelfTestError("a new task is missing from the open tasks")
    _check_reopen(run, task.id, title)


def _check_reopen(run: _Run, task_id: int, title: str) -> None:
    """Close the vault and unlock it again: the task survives, a wrong passphrase is refused
    (this is the path every real start takes: key derivation, verification, migrations)."""
    from .domain.errors import WrongPassphraseError
    from .services.unlocking import unlock_vault

    run.services.close()
    run.services = None
    try:
        unlock_vault(run.paths, run.passphrase + "-wrong").close()
    except WrongPassphraseError:
        pass
    else:
        raise SelfTestError("the vault opened with a wrong passphrase")
    run.services = unlock_vault(run.paths, run.passphrase)
    if run.services.tasks.get(task_id).title != title:
        raise SelfTestError("a task differs after closing and unlocking the vault")


def _check_fts5(run: _Run) -> None:
    """A note written through a session must be found through the FTS5 index."""
    from sqlalchemy import text

    from .domain.model import Note, NoteKind
    from .services.base import ChangeKind

    services = run.services
    person = services.people.add("Self Test")
    note = Note(
        person_id=person.id,
        kind=NoteKind.OBSERVATION,
        written_on=services.clock.today(),
        body="The quokka reviewed José's design document.",
        created_at=services.clock.now(),
    )
    with services.hub.write(ChangeKind.NOTES) as session:
        session.add(note)
        session.flush()
    query = text("SELECT rowid FROM notes_fts WHERE notes_fts MATCH :q")
    with services.hub.read() as session:
        for term in ("quokka", "jose"):  # "jose" also proves diacritics folding
            found = {row[0] for row in session.execute(query, {"q": term})}
            if note.id not in found:
                raise SelfTestError(f"full-text search did not find the note ({term!r})")
    run.findings.append("fts5")


def _check_window(run: _Run) -> None:
    """Build the real main window on the current platform, show it, and let it paint."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    from .ui.context import AppContext
    from .ui.settings import AppSettings

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    QApplication.setApplicationName(APP_NAME)
    QApplication.setDesktopFileName(APP_ID)
    settings = AppSettings(QSettings(str(run.paths.settings_file), QSettings.Format.IniFormat))
    run.ctx = AppContext(run.paths, settings, run.services.clock)
    run.ctx.attach(run.services)
    run.window, kind = _build_main_window(run.ctx)
    run.window.show()
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline and not run.window.isVisible():
        QCoreApplication.processEvents()
    for _ in range(5):
        QCoreApplication.processEvents()
    if not run.window.isVisible():
        raise SelfTestError("the main window did not become visible")
    if run.window.grab().isNull():
        raise SelfTestError("the main window could not be painted")
    if kind == "main":
        built = _build_every_area(run.window)
        label = f"window with {built} areas"
    else:
        label = "window (fallback: no MainWindow yet)"
    run.findings.append(f"{label} on {app.platformName()}")


def _build_every_area(window: Any) -> int:
    """Build each area the shell knows; an area whose module is present must load.

    Areas are imported by name when first shown, so this is what catches a module the
    frozen build left out. Areas not written yet show "Coming soon" and are not counted.
    """
    import importlib.util

    from PySide6.QtCore import QCoreApplication

    from .ui.area import AREAS

    ensure_all = getattr(window, "ensure_all_areas", None)
    if ensure_all is None:
        return 0
    ensure_all()
    QCoreApplication.processEvents()
    built = getattr(window, "areas", {})
    for spec in AREAS:
        module_name = spec.target.partition(":")[0]
        try:
            present = importlib.util.find_spec(module_name) is not None
        except ModuleNotFoundError:
            present = False
        if present and spec.key not in built:
            raise SelfTestError(f"the {spec.key} area could not be built")
    return len(built)


def _check_pdf(run: _Run) -> None:
    from .ui.plan_pdf import next_week_start, render_plan_pdf

    target = run.workdir / "plan.pdf"
    render_plan_pdf(run.services, next_week_start(run.services.clock.today()), target)
    data = target.read_bytes()
    if not data.startswith(b"%PDF") or len(data) < 1000:
        raise SelfTestError("the plan PDF is empty or not a PDF")
    run.findings.append("pdf")


_CHECKS: list[tuple[str, Callable[[_Run], None]]] = [
    ("vault", _check_vault),
    ("task", _check_task_round_trip),  # also closes and unlocks the vault again
    ("fts5", _check_fts5),
    ("window", _check_window),
    ("pdf", _check_pdf),
]


# -- helpers ---------------------------------------------------------------------------------
def _build_main_window(ctx: Any) -> tuple[Any, str]:
    """The shell's MainWindow built the way the app builds it, or a bare QMainWindow if the
    shell is not there (so the Qt platform is still exercised)."""
    try:
        from .ui.main_window import MainWindow  # type: ignore[import-not-found]
    except ModuleNotFoundError as exc:
        if exc.name not in ("leaddesk.ui.main_window",):
            raise
        from PySide6.QtWidgets import QMainWindow

        window = QMainWindow()
        window.setWindowTitle(APP_NAME)
        window.resize(800, 600)
        return window, "fallback"
    params = [
        p
        for p in inspect.signature(MainWindow).parameters.values()
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    if len(params) > 1:
        raise SelfTestError(f"MainWindow needs arguments the self-test cannot give: {params}")
    window = MainWindow(ctx) if params else MainWindow()
    return window, "main"


def _collect_qt_messages() -> tuple[list[str], Callable[[], None]]:
    """Keep Qt's warnings (e.g. the offscreen plugin's "does not support
    propagateSizeHints()") off the terminal unless a check fails; fatal ones still print."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    messages: list[str] = []

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        line = f"qt {kind.name.removeprefix('Qt').removesuffix('Msg').lower()}: {message}"
        if kind == QtMsgType.QtFatalMsg:
            print(line, file=sys.stderr)
        messages.append(line)

    previous = qInstallMessageHandler(handler)
    return messages, lambda: qInstallMessageHandler(previous)


def _cleanup(run: _Run) -> None:
    """Close the window and the vault, then delete the temporary directory."""
    with contextlib.suppress(Exception):
        if run.window is not None:
            run.window.close()
            run.window.deleteLater()
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.processEvents()
    with contextlib.suppress(Exception):
        if run.ctx is not None:
            run.ctx.lock()
    with contextlib.suppress(Exception):
        if run.services is not None:
            run.services.close()
    shutil.rmtree(run.workdir, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
