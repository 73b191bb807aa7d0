"""The main window: a shell of menus, an area switcher, a status bar and the lock flow.

Each working area lives in its own package and is created the first time it is shown
(``ui/area.py:AREAS``); an area whose module has not landed yet shows a "Coming soon" empty
state. Actions come from ``ui/actions.py``. QSettings keeps only layout ("window/...") and
the last area's key ("area/last"), never content.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME
from ..domain.errors import VaultDamagedError
from . import main_dialogs
from .actions import ACTIONS, ActionId, resolve_target
from .area import AREAS, Area, AreaSpec
from .clipboard import guard_for
from .context import AppContext
from .dialogs.unlock import UnlockDialog, offer_restore
from .empty_state import EmptyState
from .first_paint import after_first_paint
from .main_menus import build_actions, build_menus
from .main_status_bar import build_status_bar
from .settings import LAST_AREA_KEY
from .theme import tinted_icon

log = logging.getLogger(__name__)

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
DEMO_TITLE = "LeadDesk — Demo (changes are thrown away)"
DAMAGE_NOTE = (
    "LeadDesk found damage in the vault file and locked it; nothing more was written to it. "
    "Enter your passphrase: the newest backup that opens with it is offered for restoring, "
    "and the damaged file is kept aside, not deleted."
)
DAMAGED_AREA = "This area could not be read: the vault file is damaged."
KEEP_ON_LOCK = "keep_open_on_lock"  # dynamic property: see MainWindow._close_other_windows


def prepare_session() -> None:
    """What opening a session would otherwise load after the key derivation, loaded while
    the user types (the start-up's preload thread calls this; no widget is made): the local
    time zone (the first area's "today"), the idle lock's module, and the UTF-16 codec the
    board's cards are elided with. ~10 ms of CPU off the unlock.

    No PySide6 module is imported here (QtDBus waits for the idle lock, on the GUI thread):
    a Qt module imported off the GUI thread adds to shiboken's class graph while the GUI
    thread may be walking it to wrap a widget under construction (the window built while
    the key is derived); that crashed in ``findDerivedType`` about half the time once
    QtNetwork was no longer loaded earlier (issue 18)."""
    from ..domain.clock import local_zone
    from . import idle_lock  # noqa: F401

    local_zone()  # tzlocal keeps it: every Clock of the session reads it from there
    "".encode("utf-16-le")  # the codec module is imported at its first use


class MainWindow(QMainWindow):
    closed = Signal()  # the user closed the window (or quit while locked): end the app

    def __init__(
        self,
        ctx: AppContext,
        *,
        unlock: Callable[[str], Any] | None = None,
        unlock_note: str = "",
        unlock_prefill: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._unlock = unlock or self._default_unlock
        self._unlock_note = unlock_note
        self._unlock_prefill = unlock_prefill
        self.unlock_dialog: UnlockDialog | None = None
        self._closed = False  # after close, a lock must not bring up the unlock dialog
        # Damage was found in this session: the next unlock checks every page before it
        # opens, so it reports the damage (and offers a backup) like a start-up would.
        self._damage_found = False
        self.areas: dict[str, Area] = {}  # built areas, by key
        self._pages: dict[str, QWidget] = {}  # stack page (holder) per key
        self.setObjectName("MainWindow")
        self.setWindowTitle(DEMO_TITLE if ctx.demo else APP_NAME)
        self.setWindowIcon(QApplication.windowIcon())

        self._build_body()
        self.actions_by_id: dict[ActionId, QAction] = {}
        self.area_actions: list[QAction] = []
        build_actions(self, AREAS)
        build_menus(self)
        self._build_sidebar_footer()
        build_status_bar(self)

        ctx.privacy_changed.connect(self._on_ctx_privacy_changed)
        ctx.locked.connect(self._on_ctx_locked)
        # From the event loop: damage met while this window is being built (its first area
        # reads a damaged page) locks once the window is up.
        ctx.vault_damaged.connect(self._on_ctx_vault_damaged, Qt.ConnectionType.QueuedConnection)
        # Anything copied from LeadDesk is cleared after the set time and on lock.
        guard_for(ctx).watch_app_copies()
        self._restore_state()
        self._check_pages_once_painted()

    # -- building ---------------------------------------------------------------------
    def _build_body(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("Sidebar")
        self.sidebar.setAccessibleName("Areas")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFrameShape(QFrame.Shape.NoFrame)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.setObjectName("AreaStack")
        for number, spec in enumerate(AREAS, start=1):
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{spec.title} (Ctrl+{number})")
            self.sidebar.addItem(item)
            holder = QWidget()
            holder.setObjectName(f"page_{spec.key}")
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self._pages[spec.key] = holder
            self.stack.addWidget(_fitting_page(holder))
        self._paint_sidebar_icons()
        self._focus_after_switch: bool | None = None  # set by show_area, see there
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row_changed)
        # A click or Enter on an area goes into it; arrow keys only browse the sidebar.
        self.sidebar.itemClicked.connect(lambda _item: self.focus_area())
        self.sidebar.itemActivated.connect(lambda _item: self.focus_area())

        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.sidebar_panel = QWidget()
        self.sidebar_panel.setObjectName("SidebarPanel")
        self.sidebar_panel.setFixedWidth(188)
        self.sidebar_panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        panel = QVBoxLayout(self.sidebar_panel)
        panel.setContentsMargins(0, 0, 0, 8)
        panel.setSpacing(2)
        panel.addWidget(self.sidebar, 1)
        row.addWidget(self.sidebar_panel)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)

    def _icon_color(self) -> str:
        return self.palette().color(QPalette.ColorRole.WindowText).name()

    def _paint_sidebar_icons(self) -> None:
        """Area icons and the action icons (Privacy, Lock) in the text colour of the
        current scheme: drawn once in the light scheme's dark grey, they all but vanished
        on the dark sidebar."""
        color = self._icon_color()
        for row, spec in enumerate(AREAS):
            self.sidebar.item(row).setIcon(tinted_icon(f"area-{spec.key}", color))
        for action_id, action in getattr(self, "actions_by_id", {}).items():
            icon = ACTIONS[action_id].icon
            if icon:
                action.setIcon(tinted_icon(icon, color))

    def _build_sidebar_footer(self) -> None:
        """Lock and privacy screen one click away (they matter most in a meeting)."""
        layout = self.sidebar_panel.layout()
        for action_id in (ActionId.PRIVACY_SCREEN, ActionId.LOCK):
            button = QToolButton()
            button.setObjectName(f"SidebarButton_{action_id.value}")
            button.setDefaultAction(self.actions_by_id[action_id])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.setIconSize(QSize(18, 18))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(self.actions_by_id[action_id].text().replace("&", ""))
            layout.addWidget(button)

    # -- areas ------------------------------------------------------------------------
    def current_area_key(self) -> str:
        return AREAS[max(self.stack.currentIndex(), 0)].key

    def show_area(self, key: str, *, focus: bool = True) -> None:
        """Switch to an area (creating it the first time) and remember it as the last one.

        ``focus``: the area's main view takes the keyboard focus, so its keys work at once
        (after Ctrl+2, Alt+Right moves the week). Browsing the sidebar with the arrow keys
        passes False, so the next arrow still reaches the sidebar.
        """
        row = next((i for i, spec in enumerate(AREAS) if spec.key == key), None)
        if row is None:
            return
        if self.sidebar.currentRow() != row:
            self._focus_after_switch = focus
            try:
                self.sidebar.setCurrentRow(row)  # comes back here through the signal
            finally:
                self._focus_after_switch = None
            return
        self.ensure_area(key)
        self.stack.setCurrentIndex(row)
        self.area_actions[row].setChecked(True)
        if key in self.areas:  # a window not shown yet gets no show event: catch up here
            self._reading(self.areas[key].catch_up)
        if self.isVisible():
            self.fit_to_screen()
        self.ctx.settings.set(LAST_AREA_KEY, key)
        if focus:
            self.focus_area()

    def focus_area(self) -> QWidget | None:
        """Give the keyboard focus to the current area's main view; returns it."""
        page = self._pages[self.current_area_key()]
        layout = page.layout()
        widget = layout.itemAt(0).widget() if layout.count() else None
        target = main_view_of(widget) if widget is not None else None
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return target

    def ensure_area(self, key: str) -> QWidget:
        """The page for ``key``, building the area (or its empty state) on first use."""
        holder = self._pages[key]
        layout = holder.layout()
        if layout.count():
            return layout.itemAt(0).widget()
        spec = next(s for s in AREAS if s.key == key)
        widget = self._build_area(spec, holder)
        layout.addWidget(widget)
        if isinstance(widget, Area):
            self.areas[key] = widget
            if self.ctx.is_unlocked:
                self._reading(widget.refresh_when_shown)  # a hidden page reads when shown
        return widget

    def _check_pages_once_painted(self) -> None:
        """The unlock left every page's HMAC check for the background: start it once this
        window has painted, so it does not compete with building it (two cores)."""

        def start() -> None:
            if self.ctx.is_unlocked:
                from ..services.unlocking import start_page_check

                start_page_check(self.ctx.services)

        after_first_paint(self, start)

    def _reading(self, read: Callable[[], object]) -> None:
        """Run an area's read; a damaged page leads to the restore offer, not an error."""
        try:
            read()
        except VaultDamagedError:
            self.ctx.damage_found()

    def ensure_all_areas(self) -> None:
        for spec in AREAS:
            self.ensure_area(spec.key)

    def _build_area(self, spec: AreaSpec, holder: QWidget) -> QWidget:
        module_name, _, class_name = spec.target.partition(":")
        try:
            module = importlib.import_module(module_name)
            area_class = getattr(module, class_name, None)
            if area_class is None:
                return self._coming_soon(spec, holder)
            return area_class(self.ctx, holder)
        except VaultDamagedError:  # its first read met a damaged page
            self.ctx.damage_found()
            return EmptyState(spec.title, DAMAGED_AREA, icon=f"area-{spec.key}", parent=holder)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                return self._coming_soon(spec, holder)
            self._log_area_failure(spec, exc)
        except Exception as exc:  # one broken area must not take the whole window down
            self._log_area_failure(spec, exc)
        return EmptyState(
            spec.title,
            "This area could not be loaded. Your data is safe; try restarting LeadDesk.",
            icon=f"area-{spec.key}",
            parent=holder,
        )

    def _coming_soon(self, spec: AreaSpec, holder: QWidget) -> QWidget:
        return EmptyState(
            spec.title, spec.empty_hint, icon=f"area-{spec.key}", badge="Coming soon", parent=holder
        )

    @staticmethod
    def _log_area_failure(spec: AreaSpec, exc: BaseException) -> None:
        frames = "".join(traceback.format_tb(exc.__traceback__))  # no message: may hold content
        log.error("area %s failed to load: %s\n%s", spec.key, type(exc).__name__, frames)

    def _on_sidebar_row_changed(self, row: int) -> None:
        if 0 <= row < len(AREAS):
            # Arrow keys in the sidebar browse; a click or Enter goes in (itemClicked/-Activated).
            focus = self._focus_after_switch
            if focus is None:  # the sidebar itself changed: arrows browse, focus stays
                focus = self.focusWidget() is not self.sidebar
            self.show_area(AREAS[row].key, focus=focus)

    # -- global actions ---------------------------------------------------------------
    def _run_entry_point(self, action_id: ActionId) -> None:
        if not self.ctx.is_unlocked:
            return
        function = resolve_target(ACTIONS[action_id].target)
        if function is None:
            self.statusBar().showMessage("Coming soon", 3000)
            return
        function(self.ctx, self)

    def open_preferences(self) -> QDialog:
        return main_dialogs.open_preferences(self)

    def open_shortcuts(self) -> QDialog:
        return main_dialogs.open_shortcuts(self)

    def open_search(self) -> QDialog | None:
        """Ctrl+K from every area: one search, the chosen hit opened in its area."""
        return main_dialogs.open_search(self)

    def open_hit(self, hit: Any, query: str = "") -> QWidget | None:
        """Show a search hit where it lives (see ``main_dialogs.open_hit``)."""
        return main_dialogs.open_hit(self, hit, query)

    def about_text(self) -> str:
        return main_dialogs.about_text()

    def open_about(self) -> None:
        main_dialogs.open_about(self)

    def quit(self) -> None:
        self.close()

    # -- privacy screen ---------------------------------------------------------------
    def _on_ctx_privacy_changed(self, on: bool) -> None:
        action = self.actions_by_id[ActionId.PRIVACY_SCREEN]
        if action.isChecked() != on:
            action.setChecked(on)
        self.privacy_indicator.setVisible(on)

    # -- lock -------------------------------------------------------------------------
    def lock_now(self) -> None:
        """Lock: close the vault, forget what areas show, hide, and ask for the passphrase.

        Safe to call from a timer (idle lock) or another window; ``ctx.lock()`` from anywhere
        leads here too through ``ctx.locked``.
        """
        if self.ctx.is_unlocked:
            self.ctx.lock()  # emits locked -> _on_ctx_locked
        elif self.unlock_dialog is None:
            self._on_ctx_locked()

    def _on_ctx_vault_damaged(self) -> None:
        """Damage found during the session: lock; the unlock dialog says why, and unlocking
        checks every page first, so it offers the newest backup that opens."""
        if self._closed or not self.ctx.is_unlocked:
            return
        self._damage_found = True
        self.ctx.lock()

    def _on_ctx_locked(self) -> None:
        if self._closed:
            return
        self._save_state()
        self._call_each_area("clear_private")
        self._close_other_windows()
        dialog = UnlockDialog(
            self._unlock,
            icon=QApplication.windowIcon(),
            note=DAMAGE_NOTE if self._damage_found else self._unlock_note,
            prefill=self._unlock_prefill,
            on_damaged=offer_restore(self.ctx.paths, self.ctx.clock),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_unlock_accepted(dialog))
        dialog.rejected.connect(self._on_unlock_rejected)
        self.unlock_dialog = dialog
        dialog.show()  # before hiding: the app must always have a visible window
        self.hide()

    def _close_other_windows(self) -> None:
        """Close every other window: any of them may show private text.

        A dialog that drives the lock itself (restoring a backup locks first) can opt out
        with ``setProperty(KEEP_ON_LOCK, True)``; it and the windows it sits on stay open.
        """
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        kept: set[int] = set()
        for widget in windows:
            if widget.property(KEEP_ON_LOCK):
                current: QWidget | None = widget
                while current is not None:
                    kept.add(id(current))
                    current = current.parentWidget()
        for widget in windows:
            if widget is self or widget is self.unlock_dialog or id(widget) in kept:
                continue
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.hide()

    def _on_unlock_accepted(self, dialog: UnlockDialog) -> None:
        services = dialog.result_value
        self.unlock_dialog = None
        self._damage_found = False
        self.ctx.attach(services)
        self._check_pages_once_painted()
        self.show()
        self._refresh_areas()
        self.activateWindow()

    def open_session(self, services: Any) -> None:
        """Start the session in this window, built while the passphrase was being checked.

        Start-up builds the window (shell and first area, no data) while the key is derived
        in the background, then attaches the unlocked services here and lets the shown area
        read: the build no longer waits for the unlock. The caller shows the window.
        """
        self._damage_found = False
        self.ctx.attach(services)
        self._refresh_areas()

    def _refresh_areas(self) -> None:
        """After an unlock every built area reads again (a hidden one once it is shown); a
        damaged page leads to the restore offer."""
        for key, area in self.areas.items():
            try:
                area.refresh_when_shown()
            except VaultDamagedError:
                self.ctx.damage_found()
            except Exception as exc:
                log.error("area %s failed to refresh: %s", key, type(exc).__name__)

    def _call_each_area(self, method: str) -> None:
        """Call ``method`` on every built area; one failing area must not stop the others
        (on lock, every other area still has to forget its content)."""
        for key, area in self.areas.items():
            try:
                getattr(area, method)()
            except Exception as exc:
                log.error("area %s failed in %s: %s", key, method, type(exc).__name__)

    def _on_unlock_rejected(self) -> None:
        self.unlock_dialog = None
        self.close()

    def _default_unlock(self, passphrase: str) -> Any:
        from ..services.unlocking import unlock_vault

        # Pages are checked in the background (writes wait), unless damage was found.
        later = not self._damage_found
        return unlock_vault(self.ctx.paths, passphrase, self.ctx.clock, check_pages_later=later)

    # -- persistence ------------------------------------------------------------------
    def _restore_state(self) -> None:
        settings = self.ctx.settings
        geometry = settings.raw(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            # First start: as large as a 1440x900 screen allows, the whole of a smaller one
            # (the week needs ~1,200 px beside the sidebar to show readable day columns).
            screen = self.screen() or QApplication.primaryScreen()
            available = screen.availableGeometry() if screen is not None else None
            width = min(1440, available.width()) if available is not None else 1180
            height = min(900, available.height()) if available is not None else 760
            self.resize(width, height)
        self.fit_to_screen()
        state = settings.raw(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        last = str(settings.raw(LAST_AREA_KEY, "") or "")
        keys = [spec.key for spec in AREAS]
        self.show_area(last if last in keys else keys[0])

    def fit_to_screen(self) -> None:
        """Keep the window inside the available area of the screen it is on.

        The default size (1180x760) is taller than a 1280x720 laptop screen, and geometry
        restored from a larger second screen can be wider than this one. The frame (title
        bar, borders) is allowed for, so Lock and the status bar stay reachable.
        """
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        available = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w = max(frame.width() - self.width(), 0)
        extra_h = max(frame.height() - self.height(), 0)
        if not self.isVisible():  # not framed yet: allow for a typical title bar and border
            extra_w, extra_h = max(extra_w, 8), max(extra_h, 36)
        width = min(self.width(), available.width() - extra_w)
        height = min(self.height(), available.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(max(width, 200), max(height, 200))
        frame = self.frameGeometry()
        x = min(max(frame.x(), available.x()), available.right() - frame.width() + 1)
        y = min(max(frame.y(), available.y()), available.bottom() - frame.height() + 1)
        if (x, y) != (frame.x(), frame.y()):
            self.move(x, y)

    def _save_state(self) -> None:
        settings = self.ctx.settings
        settings.set(GEOMETRY_KEY, self.saveGeometry())
        settings.set(STATE_KEY, self.saveState())
        settings.set(LAST_AREA_KEY, self.current_area_key())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The window manager frames the window after it is shown: fit again with the real frame.
        QTimer.singleShot(0, self.fit_to_screen)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed and self.unlock_dialog is None:
            self._save_state()
        self._closed = True
        super().closeEvent(event)
        self.closed.emit()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange):
            self._paint_sidebar_icons()


# The attribute naming an area's main view, first visible one wins (areas may also define
# ``main_view()`` themselves): the matrix's Inbox, the week grid, the delegation table...
MAIN_VIEW_ATTRIBUTES = ("grid", "table", "people_view", "person_page.tabs", "nav")


def main_view_of(area: QWidget) -> QWidget | None:
    """The widget that should hold the focus when ``area`` is switched to."""
    own = getattr(area, "main_view", None)
    if callable(own):
        found = own()
        if isinstance(found, QWidget):
            return found

    def takes_tab(widget: object) -> bool:
        return (
            isinstance(widget, QWidget)
            and widget.isVisibleTo(area)
            and widget.isEnabled()
            and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        )

    for path in MAIN_VIEW_ATTRIBUTES:
        candidate: object = area
        for name in path.split("."):
            candidate = getattr(candidate, name, None)
        if takes_tab(candidate):
            return candidate  # type: ignore[no-any-return]
    # else the first keyboard stop that shows
    return next((child for child in area.findChildren(QWidget) if takes_tab(child)), None)


def _fitting_page(holder: QWidget) -> QScrollArea:
    """An area's page inside a frameless scroll area.

    Without it, an area whose minimum size is larger than the window (the week's grid and
    panels, review step 5) makes Qt grow the whole window past a laptop screen. Inside a
    scroll area the window keeps its size and the page scrolls instead.
    """
    scroller = QScrollArea()
    scroller.setObjectName(f"{holder.objectName()}_scroller")
    scroller.setWidgetResizable(True)
    scroller.setFrameShape(QFrame.Shape.NoFrame)
    scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroller.setWidget(holder)
    return scroller
