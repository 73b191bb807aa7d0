"""Preferences: a page list on the left, one page per topic, changes apply at once.

Areas add their own pages with :func:`register_page` when their module is imported (the
shell imports every area module before opening this dialog). Pages write through
``ctx.settings`` (non-private values only: see ``ui/settings.py``) and apply immediately,
so there is nothing to lose by closing the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from ..context import AppContext
    from ..settings import AppSettings

PageFactory = Callable[["AppContext", QWidget], QWidget]


@dataclass(frozen=True)
class PreferencePage:
    title: str
    factory: PageFactory


_PAGES: list[PreferencePage] = []


def register_page(title: str, factory: PageFactory) -> None:
    """Add a page (or replace the page with the same title), shown in registration order."""
    for i, page in enumerate(_PAGES):
        if page.title == title:
            _PAGES[i] = PreferencePage(title, factory)
            return
    _PAGES.append(PreferencePage(title, factory))


def registered_pages() -> list[PreferencePage]:
    return list(_PAGES)


# -- built-in pages --------------------------------------------------------------------------
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


def _page(title: str, intro: str) -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    outer = QVBoxLayout(page)
    outer.setContentsMargins(4, 0, 0, 0)
    heading = QLabel(title)
    heading.setObjectName("DialogTitle")
    explanation = QLabel(intro)
    explanation.setObjectName("DialogSubtitle")
    explanation.setWordWrap(True)
    outer.addWidget(heading)
    outer.addWidget(explanation)
    outer.addSpacing(8)
    form = QFormLayout()
    form.setVerticalSpacing(10)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
    outer.addLayout(form)
    outer.addStretch(1)
    return page, form


def _spin(
    settings: AppSettings, key: str, low: int, high: int, name: str, suffix: str = ""
) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setValue(int(settings.get(key)))
    spin.setAccessibleName(name)
    spin.valueChanged.connect(lambda value: settings.set(key, int(value)))
    return spin


def _check(settings: AppSettings, key: str, text: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setChecked(bool(settings.get(key)))
    box.setAccessibleName(text.replace("&", ""))
    box.toggled.connect(lambda on: settings.set(key, bool(on)))
    return box


def general_page(ctx: AppContext, parent: QWidget) -> QWidget:
    settings = ctx.settings
    page, form = _page("General", "How LeadDesk looks.")
    theme = QComboBox()
    theme.setAccessibleName("Appearance")
    for value, text in THEMES:
        theme.addItem(text, value)
    current = theme.findData(str(settings.get("ui/theme")))
    theme.setCurrentIndex(max(current, 0))
    theme.currentIndexChanged.connect(lambda i: settings.set("ui/theme", theme.itemData(i)))
    form.addRow("&Appearance", theme)
    return page


def week_page(ctx: AppContext, parent: QWidget) -> QWidget:
    settings = ctx.settings
    page, form = _page("Week", "How the week view lays out your days and what focus means.")
    first_day = QComboBox()
    first_day.setAccessibleName("Week starts on")
    first_day.addItems(WEEKDAYS)
    first_day.setCurrentIndex(int(settings.get("week/first_weekday")) % 7)
    first_day.currentIndexChanged.connect(lambda i: settings.set("week/first_weekday", int(i)))
    form.addRow("Week &starts on", first_day)

    start = _spin(settings, "week/day_start_hour", 0, 23, "Working day starts", ":00")
    end = _spin(settings, "week/day_end_hour", 1, 24, "Working day ends", ":00")
    # Keep the day at least one hour long whichever end the user moves.
    start.valueChanged.connect(lambda v: end.setValue(max(end.value(), v + 1)))
    end.valueChanged.connect(lambda v: start.setValue(min(start.value(), v - 1)))
    hours = QHBoxLayout()
    hours.addWidget(start)
    to_label = QLabel("to")
    hours.addWidget(to_label)
    hours.addWidget(end)
    hours.addStretch(1)
    hours_label = QLabel("&Working hours")
    hours_label.setBuddy(start)
    form.addRow(hours_label, hours)

    weekends = _check(settings, "week/show_weekends", "S&how weekends")
    form.addRow("", weekends)
    focus = _spin(settings, "week/focus_target_percent", 0, 100, "Focus time target", " %")
    focus.setToolTip("Share of your working hours you want protected for deep work.")
    form.addRow("&Focus time target", focus)

    # What "Plan next week" keeps free: lunch every working day and a buffer share.
    lunch_at = QTimeEdit()
    lunch_at.setDisplayFormat("HH:mm")
    lunch_at.setAccessibleName("Lunch starts at")
    start_minutes = int(settings.get("week/lunch_start_minutes"))
    lunch_at.setTime(QTime(start_minutes // 60 % 24, start_minutes % 60))
    lunch_at.timeChanged.connect(
        lambda t: settings.set("week/lunch_start_minutes", t.hour() * 60 + t.minute())
    )
    lunch_length = _spin(settings, "week/lunch_minutes", 0, 180, "Lunch break length", " min")
    lunch_length.setSpecialValueText("No lunch break")
    lunch = QHBoxLayout()
    lunch.addWidget(lunch_at)
    lunch.addWidget(QLabel("for"))
    lunch.addWidget(lunch_length)
    lunch.addStretch(1)
    lunch_label = QLabel("Lunch brea&k")
    lunch_label.setBuddy(lunch_at)
    form.addRow(lunch_label, lunch)
    buffer = _spin(settings, "week/buffer_percent", 0, 90, "Buffer kept free", " %")
    buffer.setToolTip("Share of the free time 'Plan next week' leaves free for the unexpected.")
    form.addRow("Plan with a b&uffer of", buffer)
    return page


def security_page(ctx: AppContext, parent: QWidget) -> QWidget:
    settings = ctx.settings
    page, form = _page(
        "Security", "When LeadDesk locks itself and how long copied text stays on the clipboard."
    )
    idle = _spin(settings, "security/idle_lock_minutes", 0, 240, "Lock after idle", " min")
    idle.setSpecialValueText("Never")
    form.addRow("&Lock after idle", idle)
    clipboard = _spin(
        settings, "security/clipboard_clear_seconds", 0, 600, "Clear clipboard after", " s"
    )
    clipboard.setSpecialValueText("Never")
    form.addRow("&Clear clipboard after", clipboard)
    try:  # passphrase change, backups and restore (the security engineer's panel)
        from .restore_backup import VaultSafetyPanel
    except ImportError:
        return page
    if ctx.is_unlocked:
        heading = QLabel("<b>Vault and backups</b>")
        heading.setContentsMargins(0, 12, 0, 0)
        form.addRow(heading)
        form.addRow(VaultSafetyPanel(ctx, page))
    return page


def calendars_page(ctx: AppContext, parent: QWidget) -> QWidget:
    from .calendars import CalendarsPanel

    page, form = _page(
        "Calendars",
        "Read-only calendars whose meetings show in your week: a calendar file, a folder of "
        ".ics files kept in sync (vdirsyncer, khal), or a calendar's secret address. Paths "
        "and addresses are kept only in the encrypted vault.",
    )
    if ctx.is_unlocked:
        form.addRow(CalendarsPanel(ctx, page))
    return page


register_page("General", general_page)
register_page("Week", week_page)
register_page("Security", security_page)
register_page("Calendars", calendars_page)


class PreferencesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Preferences")
        self.setObjectName("PreferencesDialog")
        self.resize(640, 420)

        self.page_list = QListWidget()
        self.page_list.setObjectName("PreferencePages")
        self.page_list.setAccessibleName("Preference pages")
        self.page_list.setFixedWidth(160)
        self.pages = QStackedWidget()
        for page in registered_pages():
            item = QListWidgetItem(page.title)
            item.setSizeHint(QSize(0, 30))
            self.page_list.addItem(item)
            self.pages.addWidget(page.factory(ctx, self.pages))
        self.page_list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.page_list.setCurrentRow(0)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.page_list)
        body.addWidget(self.pages, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close preferences")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)

    def show_page(self, title: str) -> None:
        for row in range(self.page_list.count()):
            if self.page_list.item(row).text() == title:
                self.page_list.setCurrentRow(row)
                return
