from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leaddesk.domain.clock import Clock, FixedClock, local_zone


def test_local_zone_is_named_so_dst_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    from tzlocal import reload_localzone

    # tzlocal keeps the first zone a process read: read it afresh under TZ, and after the
    # test as it was, whichever tests ran before in this process (xdist worker).
    monkeypatch.setenv("TZ", "Europe/Berlin")
    reload_localzone()
    try:
        zone = local_zone()
    finally:
        monkeypatch.undo()
        reload_localzone()
    winter = datetime(2026, 1, 15, 12, tzinfo=zone).utcoffset()
    summer = datetime(2026, 7, 15, 12, tzinfo=zone).utcoffset()
    assert (winter, summer) == (timedelta(hours=1), timedelta(hours=2))
    now = Clock().now()
    assert now.tzinfo is not None
    assert abs(now - datetime.now(ZoneInfo("UTC"))) < timedelta(minutes=1)


def test_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(datetime(2026, 11, 18, 10, tzinfo=ZoneInfo("Europe/Berlin")))
    assert clock.today().isoformat() == "2026-11-18"
    clock.advance(days=1)
    assert clock.today().isoformat() == "2026-11-19"


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        Clock(lambda: datetime(2026, 1, 1)).now()
