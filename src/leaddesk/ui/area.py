"""The contract between the main window shell and each working area.

An area is a QWidget built with the AppContext. The shell creates it lazily the first time it
is shown, asks it to refresh after unlock (:meth:`Area.refresh_when_shown`), and calls
``clear_private()`` on lock (drop every model row and any text that came from the vault).

"Stale while hidden, refresh when shown" lives here, once (Anki's browser redraws only when
visible; Vorta's ``track_signal`` drops a tab's connections when it goes): an area declares
the change kinds it shows (``shows``), and :class:`ChangeFollower` listens to ``ctx.changed``
for it. While the area (or the page holding it) is hidden, a change only marks it stale and
runs no SQL; when it is shown again it refreshes once. A visible area handles the change in
:meth:`Area.on_changed` (default: :meth:`Area.refresh`), except a change it made itself
(``ChangeSet.initiator``), which it already shows. Parts of an area that can be hidden on
their own (the person page) use a :class:`ChangeFollower` of their own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ..services.base import ChangeKind, ChangeSet
from .context import AppContext


def is_showing(widget: QWidget) -> bool:
    """Is ``widget`` on screen, or would it be as soon as its window is shown?

    A page of a stacked widget that is not current is hidden (False), whether or not the
    window is up; a widget in a window that is not shown yet (a test, start-up) counts as
    showing unless it or a parent is hidden.
    """
    if widget.isVisible():
        return True
    window = widget.window()
    if window.isVisible():
        return False
    if window.isHidden() and window.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
        return False  # hidden on purpose (a locked or minimised-to-tray window)
    if window is widget:
        return True  # a window of its own that is not shown yet (tests build areas so)
    return widget.isVisibleTo(window)


def made_within(widget: QWidget, initiator: object) -> bool:
    """Is ``initiator`` (a ``ChangeSet.initiator``) ``widget`` or a part of it?

    A model or other non-widget object counts as the widget it belongs to (its nearest
    widget parent): a list model that pushes a tick belongs to the view's page.
    """
    owner = initiator
    while isinstance(owner, QObject) and not isinstance(owner, QWidget):
        owner = owner.parent()
    if not isinstance(owner, QWidget):
        return False
    return owner is widget or widget.isAncestorOf(owner)


def _drop_connections(tracked: list[tuple[Any, Callable[..., Any]]]) -> None:
    """Disconnect what was tracked (a lambda or function would outlive its widget)."""
    pending = list(tracked)
    tracked.clear()
    for signal, slot in pending:
        owner = getattr(slot, "__self__", None)
        if isinstance(owner, QObject):
            continue  # Qt drops a connection to a QObject's method when the object goes
        with contextlib.suppress(RuntimeError, TypeError, SystemError):
            signal.disconnect(slot)


class ChangeFollower(QObject):
    """Keeps ``widget`` in step with ``ctx.changed`` for the change kinds it shows.

    * ``on_change(changes)`` runs for a change of a shown kind while the widget is showing
      (and is not stale, and did not make the change itself);
    * ``reload()`` runs once when the widget is shown again after changes it missed;
    * while hidden, a change only marks it stale: no SQL at all.

    ``active`` (optional): whether the widget has anything to follow at all (a person page
    with no person open does not). Connections made through :meth:`track` (this one's
    included) are dropped when the widget is destroyed.
    """

    def __init__(
        self,
        widget: QWidget,
        ctx: AppContext,
        kinds: Iterable[ChangeKind],
        on_change: Callable[[ChangeSet], object],
        reload: Callable[[], object],
        *,
        active: Callable[[], bool] | None = None,
        owns: Callable[[object], bool] | None = None,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._ctx = ctx
        self.kinds = frozenset(kinds)
        self._on_change = on_change
        self._reload = reload
        self._active = active
        self._owns = owns
        self.stale = True  # nothing read yet
        self._tracked: list[tuple[Any, Callable[..., Any]]] = []
        self.track(ctx.changed, self._on_ctx_changed)
        widget.installEventFilter(self)
        # Not a method of this object: a QWidget deletes its children (this one) before it
        # says it is destroyed, and Qt would have dropped a connection to a dead receiver.
        tracked = self._tracked
        widget.destroyed.connect(lambda *_: _drop_connections(tracked))

    # -- signal hygiene ------------------------------------------------------------------
    def track(self, signal: Any, slot: Callable[..., Any]) -> None:
        """Connect ``slot`` to a (context) signal until the widget goes."""
        signal.connect(slot)
        self._tracked.append((signal, slot))

    # -- following -----------------------------------------------------------------------
    def showing(self) -> bool:
        return is_showing(self._widget)

    def _on_ctx_changed(self, changes: ChangeSet) -> None:
        if not changes.touches(*self.kinds) or not self._ctx.is_unlocked:
            return
        if self._active is not None and not self._active():
            return
        if self.stale or not self.showing():
            self.stale = True  # hidden: read it when shown again
            return
        initiator = changes.initiator
        if initiator is not None and self._owns is not None and self._owns(initiator):
            return  # the widget made this change and already shows it
        self._on_change(changes)

    def catch_up(self) -> bool:
        """Reload now if changes were missed and the widget is showing; True if it did."""
        if not self.stale or not self._ctx.is_unlocked or not self.showing():
            return False
        if self._active is not None and not self._active():
            return False
        self.stale = False
        self._reload()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The class first: ``type()`` makes a Python enum for each of the widget's events.
        if isinstance(event, QShowEvent) and watched is self._widget:
            self.catch_up()
        return False


class Area(QWidget):
    title: str = ""
    shows: frozenset[ChangeKind] = frozenset()  # the change kinds this area displays

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.follower = ChangeFollower(
            self, ctx, self.shows, self.on_changed, self._reload, owns=self.made_by_me
        )

    # -- stale state (kept on the follower; areas read and set it as ``_stale``) -----------
    @property
    def _stale(self) -> bool:
        return self.follower.stale

    @_stale.setter
    def _stale(self, value: bool) -> None:
        self.follower.stale = value

    def track(self, signal: Any, slot: Callable[..., Any]) -> None:
        """Connect ``slot`` to a context signal for as long as the area exists."""
        self.follower.track(signal, slot)

    def refresh(self) -> None:
        """Reload what is shown from the services (called after unlock and on show)."""

    def clear_private(self) -> None:
        """Forget every piece of vault content (called on lock)."""

    def on_changed(self, changes: ChangeSet) -> None:
        """A change of a kind in ``shows`` while the area is on screen: reload (areas
        that can patch just the changed rows override this)."""
        self.refresh()

    def made_by_me(self, initiator: object) -> bool:
        """Did this area (or one of its widgets or their models) make the change? It
        already shows it."""
        return made_within(self, initiator)

    def refresh_when_shown(self) -> None:
        """Everything may have changed (unlock, first build): reload now if on screen,
        else when shown."""
        self.follower.stale = True
        self.follower.catch_up()

    def catch_up(self) -> bool:
        """Reload if changes were missed and the area is on screen (the shell calls this
        after switching pages, for a window that is not shown yet); True if it did."""
        return self.follower.catch_up()

    def _reload(self) -> None:
        self.refresh()


@dataclass(frozen=True)
class AreaSpec:
    key: str  # stable id, stored in QSettings as the last area
    title: str
    target: str  # "module:ClassName", imported when first shown
    empty_hint: str  # shown while an area is not built yet


AREAS: tuple[AreaSpec, ...] = (
    AreaSpec(
        "matrix",
        "Matrix",
        "leaddesk.ui.matrix.area:MatrixArea",
        "Sort everything on your plate into Do, Schedule, Delegate and Delete.",
    ),
    AreaSpec(
        "week",
        "Week",
        "leaddesk.ui.week.area:WeekArea",
        "Turn priorities into a plan: drag tasks into next week's time slots.",
    ),
    AreaSpec(
        "delegations",
        "Delegations",
        "leaddesk.ui.delegation.area:DelegationArea",
        "Track what you handed to whom, and when to check in.",
    ),
    AreaSpec(
        "people",
        "People",
        "leaddesk.ui.people.area:PeopleArea",
        "Private notes per person: one-on-ones, feedback, growth.",
    ),
    AreaSpec(
        "review",
        "Review",
        "leaddesk.ui.review.area:ReviewArea",
        "The Friday review: look back, triage, prune and plan next week.",
    ),
)
