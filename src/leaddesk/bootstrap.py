"""Start the GUI: application object, settings, theme, then create/unlock, then the window.

Start-up order matters (DESIGN.md "Start-up"): the unlock dialog needs only QtWidgets, so it
is shown first; SQLAlchemy and the services are imported in a background thread while the
user types, and the key is derived off the GUI thread. Modules that pull in SQLAlchemy
(``leaddesk.services``, ``leaddesk.ui.context``, ``leaddesk.ui.main_window``) must therefore
not be imported at the top of this file.

Everything before the unlock dialog's first paint is on the launch figure (issue 18: at most
1.25x a bare PySide6 window), so this file imports only what that dialog needs. These are
left out on purpose, each measured at start-up (CPU time or valgrind instructions):

- the ``Qt`` namespace (``from PySide6.QtCore import Qt``): touching it makes PySide6 build
  all of its ~100 Python enums at once, ~15 ms;
- QtNetwork (the single-instance socket, ~7 ms with hashlib): the lock file is taken at once,
  the socket listens right after the first paint (``ui/single_instance.py``);
- the create-vault dialog and its strength meter (~15 ms), ``secrets`` (~4 ms): only the first
  run and the demo need them;
- modules whose import builds more than the dialog uses (valgrind instructions, issue 18's
  third pass): ``dataclasses`` (``AppPaths``, ``HardeningResult`` and ``theme.Colors`` are
  NamedTuples, ~26 M with the three frozen classes), ``platformdirs`` on Linux (``paths.py``
  reads the two XDG variables as it does, ~10 M), ``ctypes`` (``native.py`` makes the two C
  calls through ``_ctypes``, 8.6 M), the ``signal`` module's enums (``_signal``, ~4 M);
  the benchmark's probe (``ui/startup_probe.py``, only when ``LEADDESK_STARTUP_PROBE`` is
  set) and ``BackgroundCall`` (at the first submit), ~0.6 M each;
- ``QEvent`` until the dialog is mapped: a Python ``showEvent`` or event filter makes PySide6
  build its 170-member enum (13 M); the dialog fits its height in ``setVisible`` and the
  first-paint hook (installed after ``show()``) names it only when an event arrives;
- ``QIcon`` until the dialog has painted: its Python type (a 157-member ThemeIcon enum) is
  ~10 M, the SVG icon engine ~3.5 M more. The header shows a 48 px PNG that Qt's SVG engine
  drew (``dialog_picture``, the same pixels), and the application's window icon is set in
  the first ``when_shown`` callback, one event-loop turn after the first paint
  (``set_app_icon``): the window manager gets it a frame later.

Qt's GUI libraries (the dynamic linker's ~19 M for libQt6Gui and libQt6Widgets) and
fontconfig's configuration (~28 M, its XML files and caches) are loaded on a thread of their
own, started by ``cli._run_gui`` before PySide6 is imported (``cli._load_libraries_early``),
so the GUI thread finds them loaded (``benchmarks/launch_instructions.py --main-thread``).

PySide6's embedded start-up modules (``signature_bootstrap``, ``shibokensupport``), which
PySide6 compiles from source at every import (~88 M), are compiled once and kept in
LeadDesk's cache folder (``pyside_code_cache``, imported by ``cli._run_gui``): the GUI thread
616 -> 499 M, all threads 667 -> 550 M, where a bare PySide6 window (which compiles them)
takes 574 M and KeePassXC 549 M (valgrind, process start to ``xcb_map_window``, 2026-12-07
14:20 UTC).

What remains above a bare window's own work is Qt's font list and the dialog's fonts and
text layout (~17 M; a bare window draws no text), the Python types of the dialog's Qt
classes (QLabel, QLineEdit, QCheckBox, QPushButton, the layouts, QDialogButtonBox alone
~7.5 M, QSettings ~2.7 M, QPalette ~2.6 M, ``QByteArray`` ~2 M for the two ``setProperty``
calls in ``dialogs/common.py``), the style sheet (~6.5 M) and LeadDesk's own ~20 modules
(~0.35 M of import machinery each).

The largest single cost was Python's cyclic garbage collector: PySide6's start-up (its
signature loader, enum creation) allocates enough to trigger collections that walk an ever
larger heap. It is paused from the decision to open the GUI (``cli._run_gui``) until the
background preload has imported what the main window needs (``resume_collector``): 951 -> 825
million instructions to the first paint (valgrind; a bare PySide6 window: 590). Imports make
modules, classes and functions that live as long as the process, so a pause loses nothing:
at the first paint a full collection found 16 unreachable objects.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from . import APP_ID, APP_NAME, __version__
from .paths import AppPaths
from .resources_path import resource_path
from .ui import pyside_import_hook
from .ui.dialogs.unlock import UnlockDialog, offer_restore
from .ui.error_hook import ErrorHook
from .ui.first_paint import after_first_paint
from .ui.settings import LAST_AREA_KEY, AppSettings
from .ui.theme import FUSION_ARGS, FUSION_FROM_START, app_icon, install_theme

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

    from .ui.main_window import MainWindow

log = logging.getLogger(__name__)

PROBE_ENV = "LEADDESK_STARTUP_PROBE"  # the benchmark's probe (ui/startup_probe.py) is on
HEADER_PICTURE_PX = 48  # dialogs/common.header draws the icon at this size

DEMO_NOTE = "This is the demo vault: its passphrase is filled in for you."


def _preload_services(first_area: str = "") -> None:
    """Import the heavy modules while the user is typing (runs in a background thread):
    the services, SQLAlchemy's mapper set-up, the main window and the area it opens on.
    Only imports: no widget is made off the GUI thread."""
    try:
        import importlib

        from leaddesk.services.import_diet import no_ssl_for_asyncio

        with no_ssl_for_asyncio():  # SQLAlchemy's asyncio without ssl (~1 MB of the peak)
            from sqlalchemy.orm import configure_mappers

        import leaddesk.services.container
        import leaddesk.services.unlocking
        import leaddesk.storage.tables  # maps the domain classes

        leaddesk.services.unlocking.prepare()  # the driver and what the unlock imports

        configure_mappers()  # else the first query after unlock pays for it (~40 ms)
        import leaddesk.ui.context
        import leaddesk.ui.main_window
        from leaddesk.ui.area import AREAS

        spec = next((s for s in AREAS if s.key == first_area), AREAS[0])
        importlib.import_module(spec.target.partition(":")[0])
        leaddesk.ui.main_window.prepare_session()  # time zone, idle lock, codec
    except Exception:  # the real import later reports it properly
        log.warning("preloading services failed")
    finally:
        resume_collector()  # paused for the start-up (module docstring)


def pause_collector() -> None:
    """Pause the cyclic garbage collector for the start-up (see the module docstring)."""
    gc.disable()


def resume_collector() -> None:
    """Turn the collector back on (the preload's end, the demo's start, the app's end)."""
    gc.enable()


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # Fusion from the start (Qt's own ``-style`` option): ``setStyle`` afterwards would
        # make a second style and wrap it for Python, ~6 ms (ui/theme.py, FUSION_ARGS).
        app = QApplication([*(argv if argv is not None else sys.argv[:1]), *FUSION_ARGS])
        app.setProperty(FUSION_FROM_START, True)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    # The window icon is set once the first dialog has painted (``set_app_icon``): QIcon's
    # Python type alone is ~10 M instructions before the map (module docstring).
    # The shell decides when to quit: a dialog closing between lock and unlock must not.
    app.setQuitOnLastWindowClosed(False)
    return app


def set_app_icon(app: QApplication | None = None) -> None:
    """Give the application (every window, the window manager's title bar and task list)
    LeadDesk's icon. Start-up calls it right after the first dialog has painted."""
    target = app if app is not None else QApplication.instance()
    if isinstance(target, QApplication):
        target.setWindowIcon(app_icon())


def dialog_picture(app: QApplication) -> QPixmap | QIcon:
    """The picture in the first dialog's header, without QIcon before the dialog is mapped:
    ``resources/icons/app/`` holds the icon as Qt's SVG icon engine draws it at 48 px (the
    same pixels, tests/ui/shell/test_launch_path.py), read as a plain pixmap. On a screen scaled
    by anything but 1 the engine draws it, as before."""
    if app.devicePixelRatio() == 1.0:
        pixmap = QPixmap(str(resource_path(f"icons/app/{APP_ID}-{HEADER_PICTURE_PX}.png")))
        if not pixmap.isNull():
            return pixmap
    icon = app.windowIcon()
    return icon if not icon.isNull() else app_icon()


def make_settings(paths: AppPaths) -> AppSettings:
    """Non-private settings in an INI file next to nothing else (never the registry)."""
    paths.config_dir.mkdir(parents=True, exist_ok=True)
    qsettings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    return AppSettings(qsettings)


def demo_paths() -> AppPaths:
    """A fresh throwaway location: the demo never touches the real vault or settings."""
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="leaddesk-demo-"))
    return AppPaths(data_dir=root / "data", config_dir=root / "config")


@contextlib.contextmanager
def _quit_on_terminal_signals(app: QApplication) -> Iterator[None]:
    """Ctrl+C or SIGTERM end the app cleanly (vault closed, demo files removed).

    Python runs signal handlers only between bytecodes, so a light timer hands control to
    the interpreter a few times a second while Qt's event loop runs.
    """
    # ``_signal`` is what the ``signal`` module wraps: importing that module builds its enums
    # of every signal, mask and handler (~4 M instructions) before the dialog; the handlers
    # set and restored are the same.
    import _signal

    previous: dict[int, Any] = {}
    try:
        for sig in (_signal.SIGINT, _signal.SIGTERM):
            previous[sig] = _signal.signal(sig, lambda *_: app.quit())
    except ValueError:  # not the main thread: leave signals alone
        pass
    tick = QTimer(app)
    tick.timeout.connect(lambda: None)
    tick.start(250)
    try:
        yield
    finally:
        tick.stop()
        tick.deleteLater()
        for sig, handler in previous.items():
            _signal.signal(sig, handler)


def _harden() -> None:
    """No core dumps, no ptrace (leaddesk/hardening.py); best effort, never fatal."""
    try:
        from .hardening import harden_process
    except ImportError:
        return
    harden_process()


def _claim_single_instance(paths: AppPaths, *, listen: bool = True) -> QObject | bool | None:
    """The single-instance guard if we are the first LeadDesk on this data directory,
    False if another one runs (it was asked to come to the front), None if unavailable.
    With ``listen=False`` its socket waits for ``listen()`` (start-up calls it once the first
    dialog has painted)."""
    try:
        from .ui.single_instance import SingleInstance
    except ImportError:
        return None
    instance = SingleInstance(paths.data_dir)
    if not instance.claim(listen=listen):
        return False
    return instance


class Launcher(QObject):
    """Walks from the first dialog to the main window; ``finished`` asks the app to quit."""

    finished = Signal()
    window_shown = Signal(object)  # MainWindow
    _preloaded = Signal()  # from the preload thread (queued into this one)
    _probe_passphrase = Signal(str)  # benchmark only: read from stdin in a thread

    def __init__(self, paths: AppPaths, settings: AppSettings, *, demo: bool = False) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.demo = demo
        self.dialog: QDialog | None = None
        self.window: MainWindow | None = None
        self.idle_lock: QObject | None = None
        self._demo_passphrase = ""
        self._prepared: MainWindow | None = None  # built while the user types
        self._preloaded.connect(self._prepare_while_typing)
        self._probe_passphrase.connect(self._on_probe_passphrase)
        # The window icon comes a frame after the first paint (``set_app_icon``).
        self._when_shown: list[Callable[[], None]] = [set_app_icon]

    def when_shown(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the first dialog has painted (the demo: before its window
        opens). Start-up defers what the dialog does not need to this moment."""
        self._when_shown.append(callback)

    def _shown(self) -> None:
        callbacks, self._when_shown = self._when_shown, []
        for callback in callbacks:
            callback()

    def start(self) -> None:
        if self.demo:
            resume_collector()
            self._shown()
            self._open_demo()
            return
        app = QApplication.instance()
        icon = dialog_picture(app) if isinstance(app, QApplication) else None
        if self.paths.vault_exists:
            dialog: QDialog = UnlockDialog(
                self._unlock, icon=icon, on_damaged=offer_restore(self.paths)
            )
            dialog.unlocking.connect(self._prepare_window)  # type: ignore[attr-defined]
        else:
            from .ui.dialogs.create_vault import CreateVaultDialog  # first run only

            dialog = CreateVaultDialog(self._create, icon=icon, location=str(self.paths.vault))
        dialog.accepted.connect(lambda: self._open_window(dialog.result_value))  # type: ignore[attr-defined]
        dialog.rejected.connect(self.finished)
        self.dialog = dialog
        dialog.show()
        if os.environ.get(PROBE_ENV) and isinstance(dialog, UnlockDialog):
            from .ui import startup_probe  # the benchmark's only: not imported otherwise

            dialog.unlocking.connect(
                lambda busy: busy and startup_probe.mark("passphrase-submitted")
            )
            # The mark is queued by the paint itself, the preload's start one turn later
            # (painted() below); the benchmark's auto-unlock then waits on stdin in a
            # thread, as if the user were typing, with the preload on.
            startup_probe.on_first_paint(dialog, "unlock-painted", self._probe_auto_unlock)
        # Import the heavy modules while the user types, once the dialog is on screen (the
        # import thread would otherwise slow the dialog's first paint down).
        preload = threading.Thread(
            target=self._preload,
            args=(str(self.settings.raw(LAST_AREA_KEY, "") or ""),),
            name="leaddesk-preload",
        )

        def painted() -> None:
            # Started from the event loop's next turn, after what the paint queued (the
            # probe's mark): a thread started now would hold the GIL when that runs.
            QTimer.singleShot(0, preload.start)
            QTimer.singleShot(0, self._shown)

        after_first_paint(dialog, painted)

    def _preload(self, first_area: str) -> None:
        """The preload thread: import, then have the GUI thread build the main window."""
        _preload_services(first_area)
        with contextlib.suppress(RuntimeError):  # the launcher is gone (a test ended)
            self._preloaded.emit()

    def _prepare_while_typing(self) -> None:
        """The imports are done and the user is still typing: build the main window now
        (locked, hidden, no vault data), so unlocking only attaches and paints it."""
        dialog = self.dialog
        if isinstance(dialog, UnlockDialog) and not dialog.busy:
            self._build_window_in_advance()

    def _probe_auto_unlock(self) -> None:
        """Benchmark only: unlock with a passphrase piped on stdin (never argv or env). Read
        in a thread: the GUI thread stays free meanwhile, as it is while a person types."""

        from .ui import startup_probe

        def read() -> None:
            passphrase = startup_probe.auto_unlock_passphrase()
            if passphrase is not None:
                with contextlib.suppress(RuntimeError):
                    self._probe_passphrase.emit(passphrase)

        threading.Thread(target=read, name="leaddesk-probe-stdin", daemon=True).start()

    def _on_probe_passphrase(self, passphrase: str) -> None:
        if isinstance(self.dialog, UnlockDialog):
            self.dialog.passphrase.setText(passphrase)
            self.dialog.submit()

    # Both run in the dialog's background thread.
    def _unlock(self, passphrase: str) -> Any:
        from .services.unlocking import unlock_vault

        # Every page's HMAC is checked in the background while the window is built; the
        # window offers the restore if that (or any read) finds damage (ui/main_window.py).
        return unlock_vault(self.paths, passphrase, check_pages_later=True)

    def _create(self, passphrase: str) -> Any:
        from .services.unlocking import create_vault

        services = create_vault(self.paths, passphrase)
        self._new_vault = True  # the window shows the ritual guide once
        return services

    def _open_demo(self) -> None:
        import secrets

        from .services.unlocking import create_vault

        self._demo_passphrase = secrets.token_urlsafe(24)
        services = create_vault(self.paths, self._demo_passphrase)
        try:
            from .services.demo import seed_demo
        except ImportError:
            log.info("demo data is not available yet; opening an empty demo vault")
        else:
            seed_demo(services)
        self._open_window(services)

    def _open_window(self, services: Any) -> None:
        try:
            self._build_window(services)
        except Exception as exc:
            # Without a window nothing would ever end the app: say so and quit.
            log.error("the main window could not be opened: %s", type(exc).__name__)
            services.close()
            from PySide6.QtWidgets import QMessageBox  # its enums cost ~6 M instructions

            QMessageBox.critical(
                None, APP_NAME, "LeadDesk could not open its window. Your data is safe."
            )
            self.finished.emit()

    def _prepare_window(self, busy: bool) -> None:
        """The passphrase was submitted before the window could be built while typing: build
        it (locked, not shown) while the key is derived in the background, from the event
        loop once that thread has started."""
        if busy and self._prepared is None:
            QTimer.singleShot(0, self._build_window_in_advance)

    def _build_window_in_advance(self) -> None:
        from .ui.context import AppContext
        from .ui.main_window import MainWindow

        if self._prepared is None and self.window is None:
            # The unlock thread needs the GIL back after each short C call (pragmas, stats);
            # at the default 5 ms switch interval the build starved it (+100-400 ms).
            previous = sys.getswitchinterval()
            sys.setswitchinterval(0.0005)
            try:
                self._prepared = MainWindow(AppContext(self.paths, self.settings, demo=self.demo))
                # Its idle lock too (D-Bus connections, ~5 ms): it does nothing while locked.
                self._start_idle_lock(self._prepared)
            except Exception as exc:  # built again after the unlock, which reports it properly
                log.warning("building the window in advance failed: %s", type(exc).__name__)
            finally:
                sys.setswitchinterval(previous)

    def _build_window(self, services: Any) -> None:
        from .ui.context import AppContext
        from .ui.main_window import MainWindow

        first_dialog, self.dialog = self.dialog, None
        window, self._prepared = self._prepared, None
        if window is not None:  # built while the key was derived (issue 18)
            window.open_session(services)
            ctx = window.ctx
        elif self.demo:
            ctx = AppContext(self.paths, self.settings, demo=self.demo)
            ctx.attach(services)
            window = MainWindow(ctx, unlock_note=DEMO_NOTE, unlock_prefill=self._demo_passphrase)
        else:
            ctx = AppContext(self.paths, self.settings, demo=self.demo)
            ctx.attach(services)
            window = MainWindow(ctx)
        window.closed.connect(self.finished)
        self.window = window
        window.show()
        if first_dialog is not None:
            # Its signals' lambdas hold it: without this the dialog and its widgets (~1 MB)
            # stayed for the session. A lock shows the window's own unlock dialog.
            first_dialog.deleteLater()
        if self.idle_lock is None:  # else started with the window built in advance
            self._start_idle_lock(window)
        self._start_idle_checkpoint(window)
        self.window_shown.emit(window)
        if getattr(self, "_new_vault", False) and not self.demo:
            self._new_vault = False
            from .ui.review.guide import show_ritual_guide

            QTimer.singleShot(0, lambda: show_ritual_guide(ctx, window))
        if os.environ.get(PROBE_ENV):
            from .ui import startup_probe

            startup_probe.on_first_paint(window, "main-painted", self._probe_visit_areas)

    def _probe_visit_areas(self) -> None:
        from .ui import startup_probe
        from .ui.area import AREAS

        window = self.window
        if window is None:
            return
        first = window.current_area_key()
        for spec in AREAS:
            window.show_area(spec.key)
            window.stack.currentWidget().repaint()
        window.show_area(first)
        startup_probe.mark("areas-visited")

    def _start_idle_lock(self, window: MainWindow) -> None:
        """Lock after the configured idle time (ui/idle_lock.py, optional until it lands)."""
        try:
            from .ui.idle_lock import IdleLock
        except ImportError:
            return
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.idle_lock = IdleLock(
            app,
            self.settings,
            window.lock_now,
            is_unlocked=lambda: window.ctx.is_unlocked,
            parent=self,
        )

    def _start_idle_checkpoint(self, window: MainWindow) -> None:
        """Once writes pause for a few seconds, move saved work from the vault's -wal into
        the vault file (issue 19: saved work must not live only in the -wal)."""
        from .services.unlocking import checkpoint_if_idle

        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(3500)  # just past Vault.checkpoint_if_idle's 3 s of quiet

        def run() -> None:
            if window.ctx.is_unlocked:
                checkpoint_if_idle(window.ctx.services)

        timer.timeout.connect(run)
        window.ctx.changed.connect(lambda _changes: timer.start())
        self._checkpoint_timer = timer

    def damage_met(self) -> bool:
        """A read met a damaged page where nothing caught it (a paint, an event handler; the
        error hook asks): the open session locks and offers the restore. False when no
        session is open."""
        window = self.window
        if window is None or not window.ctx.is_unlocked:
            return False
        window.ctx.damage_found()
        return True

    def bring_to_front(self) -> None:
        """A second launch asked for us: raise the window, or the unlock dialog if locked."""
        window = self.window
        target: QWidget | None = self.dialog
        if window is not None:
            target = window.unlock_dialog or window
        if target is None:
            return
        if target.isMinimized():
            target.showNormal()
        else:
            target.show()
        target.raise_()
        target.activateWindow()

    def shutdown(self) -> None:
        """Close the vault (if open) once the event loop has ended."""
        stop = getattr(self.idle_lock, "stop", None)
        if stop is not None:
            stop()
        if self.window is not None:
            self.window.close()
            self.window.ctx.lock()


def run_gui(paths: AppPaths, *, demo: bool = False, argv: list[str] | None = None) -> int:
    """Run the desktop app until the user quits; returns the process exit status."""
    pause_collector()  # cli._run_gui paused it already, before PySide6 was imported
    _harden()
    pyside_import_hook.lighten()  # before SQLAlchemy and the areas are imported
    app = make_application(argv)
    if demo:
        paths = demo_paths()
    try:
        instance = _claim_single_instance(paths, listen=False)  # the lock, not yet the socket
        if instance is False:
            return 0  # the running LeadDesk was asked to come to the front
        settings = make_settings(paths)
        install_theme(app, settings)
        launcher = Launcher(paths, settings, demo=demo)
        # Queued, as Qt.ConnectionType.QueuedConnection would (that enum costs ~15 ms here).
        launcher.finished.connect(lambda: QTimer.singleShot(0, app.quit))
        if isinstance(instance, QObject):
            instance.activation_requested.connect(launcher.bring_to_front)  # type: ignore[attr-defined]
            launcher.when_shown(instance.listen)  # type: ignore[attr-defined]
        QTimer.singleShot(0, launcher.start)
        # Unexpected errors: told to the user, logged without text; damage: the restore offer.
        errors = ErrorHook(on_damaged=launcher.damage_met)
        errors.install()
        with _quit_on_terminal_signals(app):
            status = app.exec()
        errors.uninstall()
        resume_collector()  # if no dialog ever painted
        launcher.shutdown()
        release = getattr(instance, "release", None)
        if release is not None:
            release()
        return status
    finally:
        resume_collector()
        if demo:
            import shutil

            with contextlib.suppress(OSError):
                shutil.rmtree(paths.data_dir.parent, ignore_errors=True)
