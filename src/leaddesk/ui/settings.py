"""Non-private preferences in QSettings (a plaintext file): layout and behaviour only.

Never store names, titles, note text, search terms or anything typed by the user here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

LAST_AREA_KEY = "area/last"  # the area the window reopens on (start-up preloads it)

DEFAULTS: dict[str, Any] = {
    "week/first_weekday": 0,  # 0 = Monday ... 6 = Sunday
    "week/day_start_hour": 8,
    "week/day_end_hour": 18,
    "week/show_weekends": True,
    "week/focus_target_percent": 20,
    "week/lunch_start_minutes": 12 * 60,  # planning keeps lunch free (minutes after midnight)
    "week/lunch_minutes": 60,  # 0 = no lunch break
    "week/buffer_percent": 15,  # share of free time the week proposal leaves free
    "security/idle_lock_minutes": 10,  # 0 = never
    "security/clipboard_clear_seconds": 30,
    "ui/theme": "system",  # system | light | dark
    "export/plaintext_warned": False,  # the one-time "exports are not encrypted" warning
}


class AppSettings(QObject):
    """Typed access to QSettings with defaults; emits ``changed(key)`` on every write."""

    changed = Signal(str)

    def __init__(self, qsettings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.qsettings = qsettings

    def get(self, key: str) -> Any:
        default = DEFAULTS.get(key)
        value = self.qsettings.value(key, default)
        if isinstance(default, bool):
            return value in (True, "true", "1", 1)
        if isinstance(default, int) and not isinstance(default, bool):
            try:
                return int(value)
            except (TypeError, ValueError):
                return default
        return value

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS and not key.startswith(("window/", "area/")):
            raise KeyError(f"unknown setting {key!r}")
        self.qsettings.setValue(key, value)
        self.qsettings.sync()
        self.changed.emit(key)

    def raw(self, key: str, default: Any = None) -> Any:
        return self.qsettings.value(key, default)
