"""Capture that understands (domain.capture_parse): what is read from a typed line, with
the span of every part, and what is left alone."""

from __future__ import annotations

from datetime import date, time

import pytest

from leaddesk.domain.capture_parse import parse_capture, parse_day, parse_estimate
from leaddesk.domain.model import Quadrant

TODAY = date(2026, 11, 18)  # a Wednesday
PEOPLE = [
    (1, "Carla Mendes"),
    (2, "Priya Raman"),
    (3, "Marco Bianchi"),
    (4, "Sam Fischer"),
    (5, "Sam Okoro"),  # two Sams: "Sam" alone names nobody
]
D = date

# text, title, requester id, needed-by, time, estimate, quadrant
CASES = [
    (
        "Estimate the A/B test for Carla by fri 2h schedule",
        "Estimate the A/B test",
        1,
        D(2026, 11, 20),
        None,
        120,
        Quadrant.SCHEDULE,
    ),
    (
        "Estimate the A/B test for Carla by friday",
        "Estimate the A/B test",
        1,
        D(2026, 11, 20),
        None,
        None,
        None,
    ),
    ("Call the bank tomorrow", "Call the bank", None, D(2026, 11, 19), None, None, None),
    ("Send slides today 30m", "Send slides", None, D(2026, 11, 18), None, 30, None),
    ("Budget review by wed", "Budget review", None, D(2026, 11, 18), None, None, None),
    ("Budget review due next tue", "Budget review", None, D(2026, 11, 24), None, None, None),
    ("Budget review next tue", "Budget review", None, D(2026, 11, 24), None, None, None),
    ("Renew certificate +3d", "Renew certificate", None, D(2026, 11, 21), None, None, None),
    ("Renew certificate +2w", "Renew certificate", None, D(2026, 12, 2), None, None, None),
    ("Plan the offsite in 2 weeks", "Plan the offsite", None, D(2026, 12, 2), None, None, None),
    ("Plan the offsite in a week", "Plan the offsite", None, D(2026, 11, 25), None, None, None),
    ("Plan the offsite in 3 days", "Plan the offsite", None, D(2026, 11, 21), None, None, None),
    ("Headcount plan 2026-12-04", "Headcount plan", None, D(2026, 12, 4), None, None, None),
    ("Headcount plan by 4 dec", "Headcount plan", None, D(2026, 12, 4), None, None, None),
    ("Headcount plan dec 4", "Headcount plan", None, D(2026, 12, 4), None, None, None),
    ("Headcount plan 4th December 2027", "Headcount plan", None, D(2027, 12, 4), None, None, None),
    (
        "Headcount plan by 3 jan",
        "Headcount plan",
        None,
        D(2027, 1, 3),
        None,
        None,
        None,
    ),  # passed: next year
    ("Go/no-go thu 14:00", "Go/no-go", None, D(2026, 11, 19), time(14, 0), None, None),
    ("Go/no-go by thu at 2pm", "Go/no-go", None, D(2026, 11, 19), time(14, 0), None, None),
    ("Answer Sam by 15:00", "Answer Sam", None, D(2026, 11, 18), time(15, 0), None, None),
    (
        "Talking points tomorrow 9:30",
        "Talking points",
        None,
        D(2026, 11, 19),
        time(9, 30),
        None,
        None,
    ),
    (
        "Security questionnaire from Carla Mendes, due eow",
        "Security questionnaire",
        1,
        D(2026, 11, 20),
        None,
        None,
        None,
    ),
    ("Design doc 1.5h", "Design doc", None, None, None, 90, None),
    ("Design doc 1,5h", "Design doc", None, None, None, 90, None),
    ("Design doc 90min", "Design doc", None, None, None, 90, None),
    ("Design doc 45 minutes", "Design doc", None, None, None, 45, None),
    ("Design doc 2 hours", "Design doc", None, None, None, 120, None),
    ("Design doc 1h30", "Design doc", None, None, None, 90, None),
    ("Design doc 1h 30m", "Design doc", None, None, None, 90, None),
    ("Design doc ~3h", "Design doc", None, None, None, 180, None),
    ("Hiring debrief !", "Hiring debrief", None, None, None, None, Quadrant.DO),
    ("Flaky tests #delegate", "Flaky tests", None, None, None, None, Quadrant.DELEGATE),
    ("Flaky tests delegate", "Flaky tests", None, None, None, None, Quadrant.DELEGATE),
    ("Old wiki 2h delete", "Old wiki", None, None, None, 120, Quadrant.DELETE),
    ("Decide what to delete", "Decide what to delete", None, None, None, None, None),
    ("Figure out what to do", "Figure out what to do", None, None, None, None, None),
    ("Career prep for Marco #schedule 45m", "Career prep", 3, None, None, 45, Quadrant.SCHEDULE),
    ("Intro mail @priya", "Intro mail", 2, None, None, None, None),
    ("Skip-level notes asked by Priya Raman", "Skip-level notes", 2, None, None, None, None),
    ("Lunch for Sam", "Lunch for Sam", None, None, None, None, None),  # two Sams: no guess
    ("Feedback for Jonas", "Feedback for Jonas", None, None, None, None, None),  # not known
    ("Move the 4/12 retro", "Move the 4/12 retro", None, None, None, None, None),  # numeric: never
    ("Report on 31 feb", "Report on 31 feb", None, None, None, None, None),  # no such day
    ("Fix the fri deploy", "Fix the fri deploy", None, None, None, None, None),  # bare weekday
    ("Review 3 PRs", "Review 3 PRs", None, None, None, None, None),
    ("", "", None, None, None, None, None),
]


@pytest.mark.parametrize(
    ("text", "title", "requester", "needed", "at", "estimate", "quadrant"), CASES
)
def test_phrasings(text, title, requester, needed, at, estimate, quadrant) -> None:
    parsed = parse_capture(text, PEOPLE, TODAY)
    assert parsed.title == title
    assert (parsed.requester[0] if parsed.requester else None) == requester
    assert parsed.needed_by == needed
    part = parsed.part("needed_by")
    assert (part.at if part else None) == at
    assert parsed.estimate_minutes == estimate
    assert parsed.quadrant == quadrant


def test_every_part_has_its_span_and_a_chip_label() -> None:
    text = "Estimate the A/B test for Carla by fri 2h schedule"
    parsed = parse_capture(text, PEOPLE, TODAY)
    spans = {p.kind: (p.text, p.label) for p in parsed.parts}
    assert spans == {
        "requester": ("for Carla", "from Carla Mendes"),
        "needed_by": ("by fri", "by Fri 20 Nov"),
        "estimate": ("2h", "2h"),
        "quadrant": ("schedule", "Schedule"),
    }
    for p in parsed.parts:
        assert text[p.start : p.end] == p.text


def test_removing_a_chip_puts_its_words_back_in_the_title() -> None:
    parsed = parse_capture("Estimate the A/B test for Carla by fri 2h schedule", PEOPLE, TODAY)
    without_date = parsed.without("needed_by")
    assert without_date.needed_by is None
    assert without_date.title == "Estimate the A/B test by fri"
    assert without_date.requester == (1, "Carla Mendes") and without_date.estimate_minutes == 120
    bare = without_date.without("requester").without("estimate").without("quadrant")
    assert bare.title == "Estimate the A/B test for Carla by fri 2h schedule"


def test_only_the_first_part_of_a_kind_counts() -> None:
    parsed = parse_capture("Prep 2h then review 30m", PEOPLE, TODAY)
    assert parsed.estimate_minutes == 120 and parsed.title == "Prep then review 30m"


def test_no_dates_without_a_today() -> None:
    parsed = parse_capture("Call the bank tomorrow", PEOPLE)
    assert parsed.needed_by is None and parsed.title == "Call the bank tomorrow"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45m", 45), ("1.5h", 90), ("1h 30m", 90), ("90", 90), ("2 hours", 120), ("0", None),
     ("an hour", None), ("2h extra", None), ("", None)],
)  # fmt: skip
def test_parse_estimate_alone(text, minutes) -> None:
    assert parse_estimate(text) == minutes


@pytest.mark.parametrize(
    ("text", "day"),
    [("fri", D(2026, 11, 20)), ("wed", D(2026, 11, 18)), ("next tue", D(2026, 11, 24)),
     ("+3d", D(2026, 11, 21)), ("in 2 weeks", D(2026, 12, 2)), ("4 dec", D(2026, 12, 4)),
     ("2026-12-04", D(2026, 12, 4)), ("someday", None), ("fri 2", None), ("", None)],
)  # fmt: skip
def test_parse_day_alone(text, day) -> None:
    assert parse_day(text, TODAY) == day
