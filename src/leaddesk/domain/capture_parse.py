"""Capture that understands: one typed line → title, requester, needed-by, estimate, quadrant.

"Estimate the A/B test for Carla by fri 2h schedule" reads as the title "Estimate the A/B
test", requester Carla Mendes (a known person), needed by Friday, estimate 2 hours, the
Schedule quadrant. Every recognised part is reported with its span in the text, so the
capture window shows it as a chip; removing a chip puts its words back into the title.
Nothing is guessed silently: what is not recognised stays in the title.

The grammar (case does not matter; a trailing comma or full stop after a part is ignored):

* **Requester**: ``for NAME``, ``from NAME``, ``asked by NAME`` or ``@NAME``, where NAME is
  a known person's full name, first name or last name and names exactly one person. An
  unknown or ambiguous name is not recognised (it stays in the title).
* **Needed by**: ``by|due|until|till|on`` followed by a date, or one of the unambiguous
  dates on its own. Dates: ``today``, ``tomorrow``, a weekday (``fri``, ``friday``: the next
  one, today included; on its own only after ``by`` etc.), ``next tue`` (the Tuesday of next
  week), ``next week`` (its Monday), ``eow`` / ``end of week`` (Friday), ``+3d``, ``+2w``,
  ``in 3 days``, ``in 2 weeks``, ``in a week``, ``2026-12-04``, ``4 dec``, ``dec 4``,
  ``4th december`` (this year, or next year once passed; an optional year may follow).
  A time may follow: ``14:00``, ``9:30``, ``2pm``, ``at 14:00``; ``by 15:00`` alone means
  today. Numeric dates such as 4/12 are never read (day and month order differ by
  country).
* **Estimate**: ``2h``, ``1.5h``, ``1,5h``, ``30m``, ``90min``, ``45 minutes``, ``2 hours``,
  ``1h30``, ``1h30m``, ``1h 30m``, optionally after ``~``.
* **Quadrant**: ``#do``, ``#schedule``, ``#delegate``, ``#delete`` anywhere; ``!`` (or ``!!``)
  as a word of its own means Do; ``schedule`` or ``delegate`` as the last word; ``do`` or
  ``delete`` as the last word only when another part was recognised before it.

The first part of each kind wins; a second one stays in the title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from typing import Literal

from .date_range import in_range
from .model import Quadrant

PartKind = Literal["requester", "needed_by", "estimate", "quadrant"]
MAX_ESTIMATE = 100_000

_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_DATE_PREFIXES = {"by", "due", "until", "till", "on"}
_QUADRANT_TAGS = {
    "#do": Quadrant.DO,
    "#schedule": Quadrant.SCHEDULE,
    "#delegate": Quadrant.DELEGATE,
    "#delete": Quadrant.DELETE,
}
_FINAL_WORDS = {"schedule": Quadrant.SCHEDULE, "delegate": Quadrant.DELEGATE}
_FINAL_WORDS_AFTER_PART = {"do": Quadrant.DO, "delete": Quadrant.DELETE}

_HOURS = r"(?:h|hr|hrs|hour|hours)"
_MINUTES = r"(?:m|min|mins|minute|minutes)"
_EST_ONE = re.compile(rf"^~?(\d+(?:[.,]\d+)?){_HOURS}$|^~?(\d+){_MINUTES}$|^~?(\d+)h(\d+)m?$")
_EST_NUMBER = re.compile(r"^~?(\d+(?:[.,]\d+)?)$")
_EST_UNIT_H = re.compile(rf"^{_HOURS}$")
_EST_UNIT_M = re.compile(rf"^{_MINUTES}$")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(am|pm)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RELATIVE = re.compile(r"^\+(\d{1,3})([dw])$")
_DAY_NUMBER = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
_YEAR = re.compile(r"^\d{4}$")
_TRAILING = ",;."


@dataclass(frozen=True)
class Part:
    """One recognised part: its kind, where it is in the text, its value and a chip label.

    ``value``: the person ``(id, name)`` for a requester, a ``date`` for needed-by (the
    time, if one was typed, is in ``at``), minutes for an estimate, a ``Quadrant``.
    """

    kind: PartKind
    start: int
    end: int
    text: str
    value: object
    label: str
    at: time | None = None


@dataclass(frozen=True)
class Parsed:
    text: str
    parts: tuple[Part, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        """The text without the recognised parts (spaces tidied)."""
        pieces: list[str] = []
        cursor = 0
        for part in sorted(self.parts, key=lambda p: p.start):
            pieces.append(self.text[cursor : part.start])
            cursor = part.end
        pieces.append(self.text[cursor:])
        title = re.sub(r"[ \t]+", " ", "".join(pieces)).strip()
        return title.strip(" ,;-–—").strip()

    def part(self, kind: PartKind) -> Part | None:
        return next((p for p in self.parts if p.kind == kind), None)

    @property
    def requester(self) -> tuple[int, str] | None:
        part = self.part("requester")
        return part.value if part is not None and isinstance(part.value, tuple) else None

    @property
    def needed_by(self) -> date | None:
        part = self.part("needed_by")
        return part.value if part is not None and isinstance(part.value, date) else None

    @property
    def estimate_minutes(self) -> int | None:
        part = self.part("estimate")
        return part.value if part is not None and isinstance(part.value, int) else None

    @property
    def quadrant(self) -> Quadrant | None:
        part = self.part("quadrant")
        return part.value if part is not None and isinstance(part.value, Quadrant) else None

    def without(self, kind: PartKind) -> Parsed:
        """The same text with the ``kind`` chip removed: its words go back to the title."""
        return replace(self, parts=tuple(p for p in self.parts if p.kind != kind))


@dataclass(frozen=True)
class _Token:
    start: int
    end: int  # end of the word without trailing punctuation
    word: str  # lower case, trailing punctuation removed


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for match in re.finditer(r"\S+", text):
        raw = match.group()
        stripped = raw.rstrip(_TRAILING) or raw
        out.append(_Token(match.start(), match.start() + len(stripped), stripped.lower()))
    return out


def _next_weekday(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _day_label(day: date, at: time | None) -> str:
    label = f"{day:%a} {day.day} {day:%b}"
    return f"{label} {at:%H:%M}" if at is not None else label


def _estimate_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours}h {rest:02d}m"
    return f"{hours}h" if hours else f"{rest}m"


def _hours_value(text: str) -> float:
    return float(text.replace(",", "."))


def _read_estimate(tokens: list[_Token], i: int) -> tuple[int, int] | None:
    """(minutes, tokens used) at ``tokens[i]``."""
    word = tokens[i].word
    match = _EST_ONE.match(word)
    used = 1
    minutes: float | None = None
    if match:
        if match.group(1) is not None:
            minutes = _hours_value(match.group(1)) * 60
        elif match.group(2) is not None:
            minutes = int(match.group(2))
        else:
            minutes = int(match.group(3)) * 60 + int(match.group(4))
    elif i + 1 < len(tokens) and (number_match := _EST_NUMBER.match(word)):
        unit = tokens[i + 1].word
        number = _hours_value(number_match.group(1))
        if _EST_UNIT_H.match(unit):
            minutes, used = number * 60, 2
        elif _EST_UNIT_M.match(unit) and number == int(number):
            minutes, used = number, 2
    if minutes is None:
        return None
    # "1h 30m": an hour part followed by a minute part is one estimate.
    if (
        match
        and match.group(1) is not None
        and "." not in match.group(1)
        and "," not in match.group(1)
        and i + 1 < len(tokens)
    ):
        follow = re.match(rf"^(\d{{1,2}}){_MINUTES}$", tokens[i + 1].word)
        if follow:
            minutes += int(follow.group(1))
            used = 2
    if minutes != int(minutes) or not 0 < minutes <= MAX_ESTIMATE:
        return None
    return int(minutes), used


def _read_time(tokens: list[_Token], i: int) -> tuple[time, int] | None:
    """(time, tokens used) at ``tokens[i]``: 14:00, 9:30, 2pm, 2:30pm, "at 14:00"."""
    used = 0
    if i < len(tokens) and tokens[i].word == "at":
        used, i = 1, i + 1
    if i >= len(tokens):
        return None
    match = _TIME.match(tokens[i].word)
    if not match or (match.group(2) is None and match.group(3) is None):
        return None  # a bare number is not a time
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute), used + 1


def _read_date(
    tokens: list[_Token], i: int, today: date, *, prefixed: bool
) -> tuple[date, int] | None:
    """(date, tokens used) at ``tokens[i]``; ``prefixed``: after "by", "due" and so on,
    where a plain weekday counts too."""
    word = tokens[i].word
    nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
    third = tokens[i + 2].word if i + 2 < len(tokens) else ""
    if word == "today":
        return today, 1
    if word in ("tomorrow", "tmrw"):
        return today + timedelta(days=1), 1
    if word == "eow" or (word == "end" and nxt == "of" and third == "week"):
        return _next_weekday(today, 4), 1 if word == "eow" else 3
    if word in _WEEKDAYS and prefixed:
        return _next_weekday(today, _WEEKDAYS[word]), 1
    if word == "next" and nxt in _WEEKDAYS:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=_WEEKDAYS[nxt]), 2
    if word == "next" and nxt == "week":
        return today - timedelta(days=today.weekday()) + timedelta(days=7), 2
    match = _RELATIVE.match(word)
    if match:
        count = int(match.group(1))
        return today + timedelta(days=count * (7 if match.group(2) == "w" else 1)), 1
    if word == "in" and (nxt.isdigit() or nxt in _NUMBERS) and third:
        count = int(nxt) if nxt.isdigit() else _NUMBERS[nxt]
        if third in ("day", "days"):
            return today + timedelta(days=count), 3
        if third in ("week", "weeks"):
            return today + timedelta(weeks=count), 3
        return None
    match = _ISO.match(word)
    if match:
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
        return day, 1
    # "4 dec", "4th december", "dec 4", with an optional year after.
    day_number: int | None = None
    month: int | None = None
    used = 2
    match = _DAY_NUMBER.match(word)
    if match and nxt in _MONTHS:
        day_number, month = int(match.group(1)), _MONTHS[nxt]
    elif word in _MONTHS and (match := _DAY_NUMBER.match(nxt)):
        day_number, month = int(match.group(1)), _MONTHS[word]
    if day_number is None or month is None:
        return None
    year = today.year
    explicit_year = _YEAR.match(third) is not None
    if explicit_year:
        year, used = int(third), 3
    try:
        day = date(year, month, day_number)
    except ValueError:
        return None
    if not explicit_year and day < today:
        try:
            day = date(year + 1, month, day_number)
        except ValueError:
            return None
    return day, used


def _people_index(
    people: Sequence[tuple[int, str]],
) -> dict[tuple[str, ...], list[tuple[int, str]]]:
    index: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for person_id, name in people:
        words = tuple(w.lower() for w in name.split())
        if not words:
            continue
        keys = {words}
        if len(words) > 1:
            keys |= {(words[0],), (words[-1],)}
        for key in keys:
            bucket = index.setdefault(key, [])
            if (person_id, name) not in bucket:
                bucket.append((person_id, name))
    return index


def _read_person(
    tokens: list[_Token], i: int, index: dict[tuple[str, ...], list[tuple[int, str]]]
) -> tuple[tuple[int, str], int] | None:
    """A known person's name at ``tokens[i]`` (longest first; exactly one person)."""
    for length in (3, 2, 1):
        if i + length > len(tokens):
            continue
        key = tuple(t.word.removesuffix("'s").removesuffix("’s") for t in tokens[i : i + length])
        found = index.get(key)
        if found and len(found) == 1:
            return found[0], length
    return None


def parse_capture(
    text: str, people: Sequence[tuple[int, str]] = (), today: date | None = None
) -> Parsed:
    """Read ``text`` (see the module docstring); ``people``: ``(id, name)`` of known people;
    ``today``: the date relative dates count from (required for dates to be recognised)."""
    tokens = _tokens(text)
    index = _people_index(people)
    parts: list[Part] = []
    taken = [False] * len(tokens)
    kinds: set[str] = set()

    def add(
        kind: PartKind, first: int, count: int, value: object, label: str, at: time | None = None
    ) -> None:
        start, end = tokens[first].start, tokens[first + count - 1].end
        parts.append(Part(kind, start, end, text[start:end], value, label, at))
        for k in range(first, first + count):
            taken[k] = True
        kinds.add(kind)

    i = 0
    while i < len(tokens):
        if taken[i]:
            i += 1
            continue
        word = tokens[i].word
        nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
        # requester
        if "requester" not in kinds:
            lead = 0
            if word in ("for", "from"):
                lead = 1
            elif word == "asked" and nxt == "by":
                lead = 2
            if word.startswith("@") and len(word) > 1:
                probe = [_Token(tokens[i].start, tokens[i].end, word[1:]), *tokens[i + 1 :]]
                person = _read_person(probe, 0, index)
                if person is not None:
                    add("requester", i, person[1], person[0], f"from {person[0][1]}")
                    i += person[1]
                    continue
            elif lead and i + lead < len(tokens):
                person = _read_person(tokens, i + lead, index)
                if person is not None:
                    add("requester", i, lead + person[1], person[0], f"from {person[0][1]}")
                    i += lead + person[1]
                    continue
        # needed by
        if "needed_by" not in kinds and today is not None:
            lead = 0
            if word in _DATE_PREFIXES:
                lead = 1
            elif word == "needed" and nxt == "by":
                lead = 2
            found = (
                _read_date(tokens, i + lead, today, prefixed=bool(lead))
                if i + lead < len(tokens)
                else None
            )
            used = lead + found[1] if found else 0
            at: time | None = None
            if found is not None:
                clock = _read_time(tokens, i + used)
                if clock is not None:
                    at, used = clock[0], used + clock[1]
            elif lead and word != "on" and i + lead < len(tokens):
                clock = _read_time(tokens, i + lead)  # "by 15:00": today
                if clock is not None:
                    found, at, used = (today, 0), clock[0], lead + clock[1]
            elif _WEEKDAYS.get(word) is not None:
                clock = _read_time(tokens, i + 1)  # "thu 14:00" needs no "by"
                if clock is not None:
                    found = (_next_weekday(today, _WEEKDAYS[word]), 1)
                    at, used = clock[0], 1 + clock[1]
            if found is not None and in_range(found[0]) and not any(taken[i : i + used]):
                label = "by " + _day_label(found[0], at)
                add("needed_by", i, used, found[0], label, at)
                i += used
                continue
        # estimate
        if "estimate" not in kinds:
            estimate = _read_estimate(tokens, i)
            if estimate is not None:
                add("estimate", i, estimate[1], estimate[0], _estimate_label(estimate[0]))
                i += estimate[1]
                continue
        # quadrant
        if "quadrant" not in kinds:
            quadrant = _QUADRANT_TAGS.get(word)
            if quadrant is None and word in ("!", "!!"):
                quadrant = Quadrant.DO
            if quadrant is None and i == len(tokens) - 1 and i > 0:
                quadrant = _FINAL_WORDS.get(word)
                if quadrant is None and parts:
                    quadrant = _FINAL_WORDS_AFTER_PART.get(word)
            if quadrant is not None:
                add("quadrant", i, 1, quadrant, quadrant.label)
                i += 1
                continue
        i += 1
    parts.sort(key=lambda p: p.start)
    return Parsed(text, tuple(parts))


def parse_estimate(text: str) -> int | None:
    """An estimate typed on its own ("45m", "1.5h", "1h 30m", "90", "2 hours") in minutes; a
    bare number means minutes. None when it is not one."""
    tokens = _tokens(text)
    if len(tokens) == 1 and re.fullmatch(r"\d{1,5}", tokens[0].word):
        minutes = int(tokens[0].word)
        return minutes if 0 < minutes <= MAX_ESTIMATE else None
    if not tokens:
        return None
    found = _read_estimate(tokens, 0)
    return found[0] if found is not None and found[1] == len(tokens) else None


def parse_day(text: str, today: date) -> date | None:
    """A day typed on its own, in the needed-by grammar ("fri", "next tue", "+3d", "in 2
    weeks", "4 dec", "2026-12-04"); a plain weekday is the next one (today included)."""
    tokens = _tokens(text)
    if not tokens:
        return None
    found = _read_date(tokens, 0, today, prefixed=True)
    if found is None or found[1] != len(tokens) or not in_range(found[0]):
        return None
    return found[0]


def parse_day_time(text: str, today: date) -> tuple[date, time | None] | None:
    """A day as :func:`parse_day` reads it, optionally followed by a time ("thu 14:00",
    "+3d 9:30", "4 dec at 2pm"); None when the text is not exactly that."""
    tokens = _tokens(text)
    if not tokens:
        return None
    found = _read_date(tokens, 0, today, prefixed=True)
    if found is None or not in_range(found[0]):
        return None
    day, used = found
    if used == len(tokens):
        return day, None
    at = _read_time(tokens, used)
    if at is None or used + at[1] != len(tokens):
        return None
    return day, at[0]
