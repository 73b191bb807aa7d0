"""Repeat rules of recurring blocks (RFC 5545 text, expanded with python-dateutil).

Design (why materialized occurrences): every occurrence of a series is a real row in the
vault (``series_id`` = id of the series' first block, which also carries the rule text in
``recurrence``). Each occurrence can then get its own outcome, be moved or resized alone,
be linked to a task, and week queries stay one indexed range query on ``start`` whose work
scales with the week shown, however long the history. Open-ended series are materialized
a horizon ahead; the week view stores later weeks with an explicit, announced write
(``BlockService.extend_series``) before it shows them. Reading a week never writes; planning
and exports compute occurrences not stored yet at read time (``week_as_planned``).

The rule text is self-describing and close to iCalendar::

    DTSTART:20261117T080000Z
    RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH;UNTIL=20270101T000000Z
    EXDATE:20261124T080000Z,20261126T080000Z

``DTSTART`` is the series' original first start in UTC; expansion happens in the user's
local zone so "every Tuesday 09:00" stays 09:00 across daylight-saving changes. ``EXDATE``
lists occurrences deleted one by one, so extending the horizon never brings them back.
A ``COUNT`` is turned into an ``UNTIL`` when the rule is made, so splitting a series
("this and following") only ever has to move an ``UNTIL``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from dateutil.rrule import rrule, rrulestr

from .errors import ValidationError

_ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_STAMP = "%Y%m%dT%H%M%SZ"
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MAX_OCCURRENCES = 2_000  # refuse rules that would flood the vault


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP)


def _parse_stamp(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), _STAMP).replace(tzinfo=UTC)
    except ValueError as exc:
        raise ValidationError("The repeat rule has a date that cannot be read.") from exc


def _rule_parts(rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for chunk in rule.strip().removeprefix("RRULE:").split(";"):
        if not chunk:
            continue
        key, _, value = chunk.partition("=")
        parts[key.strip().upper()] = value.strip().upper()
    return parts


def _join(parts: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in parts.items())


@dataclass(frozen=True)
class Recurrence:
    """A validated repeat rule anchored at ``dtstart`` (aware, UTC)."""

    dtstart: datetime
    rule: str  # the RRULE value, e.g. "FREQ=WEEKLY;BYDAY=TU,TH"
    exdates: tuple[datetime, ...] = ()

    # -- building -------------------------------------------------------------------
    @classmethod
    def make(cls, dtstart: datetime, rule: str, tz: tzinfo) -> Recurrence:
        """Validate ``rule`` for a series starting at ``dtstart``; COUNT becomes UNTIL."""
        if dtstart.tzinfo is None:
            raise ValidationError("The start of a repeating block needs a time zone.")
        parts = _rule_parts(rule)
        freq = parts.get("FREQ")
        if freq not in _ALLOWED_FREQ:
            raise ValidationError("Blocks repeat daily, weekly, monthly or yearly.")
        if "COUNT" in parts and "UNTIL" in parts:
            raise ValidationError("A repeat rule has either an end date or a count, not both.")
        if "INTERVAL" in parts:
            try:
                interval = int(parts["INTERVAL"])
            except ValueError as exc:
                raise ValidationError("The repeat interval must be a whole number.") from exc
            if not 1 <= interval <= 52:
                raise ValidationError("The repeat interval must be between 1 and 52.")
        recurrence = cls(dtstart.astimezone(UTC), _join(parts))
        try:
            recurrence._rrule(tz)
        except (ValueError, TypeError) as exc:
            raise ValidationError("That repeat rule is not valid.") from exc
        if "COUNT" in parts:
            count = int(parts.pop("COUNT"))
            if not 1 <= count <= MAX_OCCURRENCES:
                raise ValidationError("A repeat count must be between 1 and 2,000.")
            last = list(recurrence._rrule(tz))[-1]
            parts["UNTIL"] = _stamp(last)
            recurrence = cls(recurrence.dtstart, _join(parts))
        return recurrence

    @classmethod
    def from_text(cls, text: str) -> Recurrence:
        dtstart: datetime | None = None
        rule = ""
        exdates: list[datetime] = []
        for line in text.strip().splitlines():
            name, _, value = line.partition(":")
            name = name.strip().upper()
            if name == "DTSTART":
                dtstart = _parse_stamp(value)
            elif name == "RRULE":
                rule = value.strip()
            elif name == "EXDATE":
                exdates.extend(_parse_stamp(v) for v in value.split(",") if v.strip())
        if dtstart is None or not rule:
            raise ValidationError("The repeat rule is incomplete.")
        return cls(dtstart, rule, tuple(sorted(exdates)))

    def to_text(self) -> str:
        lines = [f"DTSTART:{_stamp(self.dtstart)}", f"RRULE:{self.rule}"]
        if self.exdates:
            lines.append("EXDATE:" + ",".join(_stamp(d) for d in self.exdates))
        return "\n".join(lines)

    # -- reading --------------------------------------------------------------------
    def _rrule(self, tz: tzinfo) -> rrule:
        local_start = self.dtstart.astimezone(tz)
        parsed = rrulestr(f"RRULE:{self.rule}", dtstart=local_start)
        assert isinstance(parsed, rrule)
        return parsed

    @property
    def until(self) -> datetime | None:
        value = _rule_parts(self.rule).get("UNTIL")
        return _parse_stamp(value) if value else None

    def occurrences(
        self, tz: tzinfo, before: datetime, after: datetime | None = None
    ) -> list[datetime]:
        """Starts (aware, local ``tz``) in ``[after, before)``, minus deleted ones.

        Wall-clock stable: dateutil replaces date fields on the local start, so 09:00 stays
        09:00 after a DST change. A start that falls into a spring-forward gap is normalized
        through UTC to the real instant.
        """
        skipped = set(self.exdates)
        result: list[datetime] = []
        for start in self._rrule(tz):
            real = start.astimezone(UTC).astimezone(tz)
            if real >= before:
                break
            if after is not None and real < after:
                continue
            if real.astimezone(UTC) in skipped:
                continue
            result.append(real)
            if len(result) > MAX_OCCURRENCES:
                raise ValidationError("That repeat rule makes too many blocks.")
        return result

    # -- changing -------------------------------------------------------------------
    def ending_before(self, moment: datetime) -> Recurrence:
        """The same rule, stopping before ``moment`` (splitting off "this and following")."""
        parts = _rule_parts(self.rule)
        parts.pop("COUNT", None)
        parts["UNTIL"] = _stamp(moment - timedelta(seconds=1))
        exdates = tuple(d for d in self.exdates if d < moment)
        return replace(self, rule=_join(parts), exdates=exdates)

    def starting_at(self, moment: datetime) -> Recurrence:
        """The same rule re-anchored at ``moment`` (the first block of a split-off series)."""
        exdates = tuple(d for d in self.exdates if d >= moment)
        return replace(self, dtstart=moment.astimezone(UTC), exdates=exdates)

    def without(self, moment: datetime) -> Recurrence:
        """The same rule with the occurrence at ``moment`` deleted (an EXDATE)."""
        stamp = moment.astimezone(UTC)
        return replace(self, exdates=tuple(sorted({*self.exdates, stamp})))

    def shifted(self, delta: timedelta, tz: tzinfo) -> Recurrence:
        """Re-anchored by a wall-clock shift (editing the time of "all"); weekdays follow."""
        local = self.dtstart.astimezone(tz)
        moved = _wall_shift(local, delta, tz)
        day_shift = (moved.date() - local.date()).days
        return replace(
            self,
            dtstart=moved.astimezone(UTC),
            rule=shift_weekdays(self.rule, day_shift),
            exdates=tuple(
                _wall_shift(d.astimezone(tz), delta, tz).astimezone(UTC) for d in self.exdates
            ),
        )

    def describe(self, tz: tzinfo) -> str:
        """A short, human summary such as "Every 2 weeks on Tue, Thu until 2027-01-01"."""
        parts = _rule_parts(self.rule)
        interval = int(parts.get("INTERVAL", "1") or 1)
        unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}[
            parts["FREQ"]
        ]
        text = f"Every {unit}" if interval == 1 else f"Every {interval} {unit}s"
        if parts.get("BYDAY"):
            days = [
                _WEEKDAY_NAMES[WEEKDAY_CODES.index(code[-2:])]
                for code in parts["BYDAY"].split(",")
                if code[-2:] in WEEKDAY_CODES
            ]
            text += " on " + ", ".join(days)
        if self.until is not None:
            # the last day that can hold an occurrence (an end at midnight belongs before it)
            last = (self.until - timedelta(seconds=1)).astimezone(tz).date()
            text += f" until {last.isoformat()}"
        return text


def _wall_shift(local: datetime, delta: timedelta, tz: tzinfo) -> datetime:
    """``local`` moved by a wall-clock ``delta`` (09:00 + 1 h is 10:00 even across DST)."""
    naive = local.astimezone(tz).replace(tzinfo=None) + delta
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def wall_shift(local: datetime, delta: timedelta, tz: tzinfo) -> datetime:
    return _wall_shift(local, delta, tz)


def weekly_rule(weekdays: list[int], interval: int = 1, until: datetime | None = None) -> str:
    """RRULE text for "every ``interval`` weeks on these weekdays (0 = Monday)"."""
    if not weekdays:
        raise ValidationError("Pick at least one weekday to repeat on.")
    parts = {"FREQ": "WEEKLY", "INTERVAL": str(interval)}
    parts["BYDAY"] = ",".join(WEEKDAY_CODES[d] for d in sorted(set(weekdays)))
    if until is not None:
        parts["UNTIL"] = _stamp(until)
    return _join(parts)


def daily_rule(interval: int = 1, until: datetime | None = None) -> str:
    parts = {"FREQ": "DAILY", "INTERVAL": str(interval)}
    if until is not None:
        parts["UNTIL"] = _stamp(until)
    return _join(parts)


def shift_weekdays(rule: str, days: int) -> str:
    """BYDAY codes moved by ``days`` (a series dragged from Tuesday to Wednesday)."""
    parts = _rule_parts(rule)
    if days % 7 == 0 or not parts.get("BYDAY"):
        return rule
    shifted = []
    for code in parts["BYDAY"].split(","):
        prefix, day = code[:-2], code[-2:]
        if day in WEEKDAY_CODES:
            day = WEEKDAY_CODES[(WEEKDAY_CODES.index(day) + days) % 7]
        shifted.append(prefix + day)
    parts["BYDAY"] = ",".join(shifted)
    return _join(parts)
