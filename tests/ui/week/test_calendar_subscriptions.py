"""Preferences → Calendars and the week: a subscribed file shows as read-only meetings,
follows the file when it changes, and leaves with the subscription."""

from __future__ import annotations

from datetime import date

from leaddesk.ui.dialogs.calendars import CalendarsPanel
from leaddesk.ui.dialogs.preferences import PreferencesDialog

WEEK = date(2026, 11, 16)


def ics(*events: tuple[str, int, str]) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:202611{day:02d}T090000Z\r\n"
        f"DTEND:202611{day:02d}T100000Z\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
        for uid, day, title in events
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{body}END:VCALENDAR\r\n".encode()


def shown(area) -> list[str]:
    return sorted(b.title for b in area.blocks if b.read_only)


def test_a_subscribed_file_appears_in_the_week_and_follows_the_file(
    area, ctx, services, tmp_path, qtbot, app_settings
) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(ics(("a", 17, "Sync"), ("b", 18, "Review")))
    dialog = PreferencesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show_page("Calendars")
    panel = dialog.findChild(CalendarsPanel)
    assert panel is not None
    assert panel.add_file(str(path))
    qtbot.waitUntil(lambda: shown(area) == ["Review", "Sync"], timeout=10_000)
    assert panel.list.count() == 1 and "Read:" in panel.list.item(0).text()
    assert str(tmp_path) not in panel.list.item(0).text()  # the path only in the tooltip
    # the file changes (a sync tool rewrote it): the week follows
    path.write_bytes(ics(("a", 17, "Sync moved")))
    qtbot.waitUntil(lambda: shown(area) == ["Sync moved"], timeout=10_000)
    # unsubscribe: its meetings leave the week
    services.calendar_sources.remove(services.calendar_sources.sources()[0].id)
    qtbot.waitUntil(lambda: shown(area) == [], timeout=5_000)
    assert panel.list.count() == 0


def test_subscribed_meetings_count_in_capacity(area, ctx, services, tmp_path, qtbot) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(ics(("a", 17, "Sync")))
    source = services.calendar_sources.add("file", str(path))
    qtbot.waitUntil(lambda: shown(area) == ["Sync"], timeout=10_000)
    assert services.blocks.capacity(WEEK).booked_minutes == 60
    assert source.location not in area.status_label.text()


def test_no_timer_runs_without_an_address_source(area, services, tmp_path, qtbot) -> None:
    path = tmp_path / "work.ics"
    path.write_bytes(ics(("a", 17, "Sync")))
    services.calendar_sources.add("file", str(path))
    qtbot.waitUntil(lambda: shown(area) == ["Sync"], timeout=10_000)
    assert not area.subscriptions.timer.isActive()


def test_an_address_is_never_shown_whole_in_the_list(ctx, services, qtbot) -> None:
    from leaddesk.ui.dialogs.calendars import CalendarsPanel

    services.calendar_sources.add("url", "https://calendar.example.com/private/s3cr3t/basic.ics")
    panel = CalendarsPanel(ctx)
    qtbot.addWidget(panel)
    item = panel.list.item(0)
    assert "s3cr3t" not in item.text() and "s3cr3t" not in item.toolTip()
    assert item.toolTip() == "calendar.example.com"


def test_my_address_typed_on_the_calendars_page_hides_what_i_declined(
    area, ctx, services, tmp_path, qtbot
) -> None:
    """The user's own address is set once, in Preferences → Calendars; a meeting they
    declined there then leaves the week (hidden, not dimmed), whatever the case of the
    address in the file."""
    body = (
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:202611{day}T090000Z\r\nDTEND:202611{day}T100000Z"
        "\r\nSUMMARY:{title}\r\nATTENDEE;PARTSTAT={status}:mailto:Dana.Lead@Example.com\r\n"
        "END:VEVENT\r\n"
    )
    events = body.format(uid="a", day=17, title="Declined", status="DECLINED") + body.format(
        uid="b", day=18, title="Going", status="ACCEPTED"
    )
    path = tmp_path / "work.ics"
    path.write_bytes(
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{events}END:VCALENDAR\r\n".encode()
    )
    panel = CalendarsPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.add_file(str(path))
    qtbot.waitUntil(lambda: shown(area) == ["Declined", "Going"], timeout=10_000)
    panel.addresses.setText("dana.lead@example.com")
    panel.addresses.editingFinished.emit()
    assert services.calendar_sources.my_addresses() == ["dana.lead@example.com"]
    qtbot.waitUntil(lambda: shown(area) == ["Going"], timeout=10_000)
    # a malformed address is refused and changes nothing
    reported = []
    ctx.report = lambda exc, parent=None: reported.append(str(exc))  # type: ignore[method-assign]
    panel.addresses.setText("not an address")
    panel.addresses.editingFinished.emit()
    assert reported and "e-mail addresses such as" in reported[0]
    assert services.calendar_sources.my_addresses() == ["dana.lead@example.com"]
