"""The common repeat rules stepped through directly give exactly what dateutil gives.

``domain.calendar_series`` expands daily, weekly and monthly rules (INTERVAL, COUNT or
UNTIL, WKST, plain BYDAY, one ordinal BYDAY or one BYMONTHDAY for monthly ones) without
dateutil, for a big subscribed calendar's first read (issue 17). Here thousands of random
rules of those kinds, from random starts (month ends, 29 February, DST days, the far past),
are expanded both ways, alone and through ``occurrences`` (fast-forward, EXDATE, RDATE,
all-day, UNTIL in UTC or floating), and must give the same moments.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from leaddesk.domain import calendar_series
from leaddesk.domain.calendar_series import _DAY_CODES, _may_match, _simple, occurrences


def _random_rule(rnd: random.Random, start: datetime) -> str:
    freq = rnd.choice(("DAILY", "WEEKLY", "MONTHLY"))
    parts = [f"FREQ={freq}"]
    if rnd.random() < 0.5:
        parts.append(f"INTERVAL={rnd.choice((1, 1, 2, 3, 4, 7, 13))}")
    if rnd.random() < 0.4:
        parts.append(f"WKST={rnd.choice(_DAY_CODES)}")
    if freq in ("DAILY", "WEEKLY") and rnd.random() < 0.7:
        days = rnd.sample(_DAY_CODES, rnd.randint(1, 7))
        parts.append("BYDAY=" + ",".join(days))
    elif freq == "MONTHLY":
        pick = rnd.random()
        if pick < 0.45:
            number = rnd.choice((1, 2, 3, 4, 5, -1, -2, -5))
            sign = rnd.choice(("", "+")) if number > 0 else ""
            parts.append(f"BYDAY={sign}{number}{rnd.choice(_DAY_CODES)}")
        elif pick < 0.8:
            parts.append(f"BYMONTHDAY={rnd.choice((1, 15, 28, 29, 30, 31, start.day))}")
    end = rnd.random()
    if end < 0.3:
        parts.append(f"COUNT={rnd.randint(1, 80)}")
    elif end < 0.6:
        until = start + timedelta(days=rnd.randint(0, 900), minutes=rnd.choice((0, -1, 1)))
        parts.append(f"UNTIL={until:%Y%m%dT%H%M%S}")
    rnd.shuffle(parts)
    return ";".join(parts)


def _random_start(rnd: random.Random) -> datetime:
    day = rnd.choice(
        (
            datetime(2024, 1, 31),
            datetime(2024, 2, 29),
            datetime(2025, 3, 30),
            datetime(2026, 10, 25),
            datetime(2026, 12, 31),
            datetime(1999, 5, 15),
        )
    )
    day += timedelta(days=rnd.randint(-40, 40))
    return day.replace(hour=rnd.choice((0, 2, 9, 23)), minute=rnd.choice((0, 30, 59)))


def _dateutil(rule: str, anchor: datetime, before: datetime) -> list[datetime]:
    parts = dict(p.split("=", 1) for p in rule.split(";"))
    interval = int(parts.get("INTERVAL", "1"))
    if not _may_match(parts["FREQ"], interval, parts, anchor, anchor, before):
        return []  # dateutil would search until the year 9999 (occurrences skips it so)
    found = []
    for moment in rrulestr("RRULE:" + rule, dtstart=anchor, forceset=True):
        if moment >= before:
            break
        found.append(moment)
    return found


def test_simple_rules_step_like_dateutil() -> None:
    rnd = random.Random(2026)
    simple = 0
    for _ in range(3000):
        anchor = _random_start(rnd)
        text = _random_rule(rnd, anchor)
        parts = dict(p.split("=", 1) for p in text.split(";"))
        until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%S") if "UNTIL" in parts else None
        before = anchor + timedelta(days=rnd.choice((1, 30, 200, 500)))
        fast = _simple(parts["FREQ"], parts, anchor, until, before)
        if fast is None:
            continue
        simple += 1
        ours = []
        for moment in fast:
            if moment >= before:
                break
            ours.append(moment)
        assert ours == _dateutil(text, anchor, before), text
    assert simple > 2200  # nearly all of these rules are the simple kind


def test_rules_that_are_not_simple_go_to_dateutil() -> None:
    start = datetime(2026, 11, 2, 9)
    later = start + timedelta(days=30)
    for text in (
        "FREQ=YEARLY",
        "FREQ=HOURLY",
        "FREQ=MONTHLY;BYDAY=MO",  # every Monday of the month
        "FREQ=MONTHLY;BYDAY=1MO,3MO",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=1",
        "FREQ=WEEKLY;BYDAY=1MO",
        "FREQ=WEEKLY;BYMONTH=3",
        "FREQ=DAILY;BYHOUR=9,15",
        "FREQ=DAILY;COUNT=3;UNTIL=20261201T000000",
        "FREQ=DAILY;INTERVAL=",
        "FREQ=DAILY;WKST=XX",
    ):
        parts = dict(p.split("=", 1) for p in text.split(";"))
        assert _simple(parts["FREQ"], parts, start, None, later) is None, text
    assert _simple("DAILY", {"FREQ": "DAILY"}, start.replace(microsecond=5), None, later) is None


@pytest.mark.parametrize("zone_name", ("Europe/Berlin", "America/Los_Angeles"))
def test_occurrences_are_the_same_with_and_without_the_direct_steps(
    zone_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    zone = ZoneInfo(zone_name)
    rnd = random.Random(zone_name)
    cases = []
    for _ in range(1500):
        start = _random_start(rnd)
        all_day = rnd.random() < 0.2
        if all_day:
            start = start.replace(hour=0, minute=0)
        rule = _random_rule(rnd, start)
        if rnd.random() < 0.3 and "UNTIL=" in rule:  # UNTIL in UTC, as Google writes it
            head, _, tail = rule.partition("UNTIL=")
            value, sep, rest = tail.partition(";")
            rule = f"{head}UNTIL={value}Z{sep}{rest}"
        if rnd.random() < 0.1 and "UNTIL=" in rule:  # a date UNTIL (all-day series)
            head, _, tail = rule.partition("UNTIL=")
            value, sep, rest = tail.partition(";")
            rule = f"{head}UNTIL={value[:8]}{sep}{rest}"
        after = start + timedelta(days=rnd.randint(-30, 700))
        before = after + timedelta(weeks=rnd.choice((1, 12, 64)))
        exdates = [start + timedelta(days=rnd.randint(0, 400)) for _ in range(rnd.randint(0, 4))]
        exdates += [start + timedelta(weeks=w) for w in range(0, 60, rnd.randint(3, 9))]
        rdates = [start + timedelta(days=rnd.randint(-5, 300), hours=1) for _ in range(2)]
        cases.append((start, rule, rdates, exdates, after, before, all_day))

    def run() -> list[object]:
        out: list[object] = []
        for start, rule, rdates, exdates, after, before, all_day in cases:
            try:
                out.append(
                    occurrences(
                        start,
                        zone,
                        [rule],
                        rdates,
                        exdates,
                        after=after,
                        before=before,
                        limit=1000,
                        all_day=all_day,
                    )
                )
            except calendar_series.ValidationError as error:
                out.append(type(error).__name__)
        return out

    fast = run()
    monkeypatch.setattr(calendar_series, "_simple", lambda *args: None)
    slow = run()
    assert fast == slow
    assert sum(1 for r in fast if isinstance(r, list) and r) > 700  # most give meetings
