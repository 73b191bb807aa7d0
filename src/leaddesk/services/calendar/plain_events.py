"""The fast path of reading a calendar: simple events read without ``icalendar``.

A single event with plain UTC, floating, date or known-TZID times becomes a
:class:`PlainEvent` shaped like icalendar's, for the same decoding (``calendar/reading.py``).
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime
from typing import Any

from .scan import RawEvent

# -- the fast path: simple events read without icalendar ---------------------------------------
# A single event with plain UTC, floating, date or known-TZID times (what most of a big
# calendar is) is read by a few string operations; icalendar costs ~0.3 ms per event, which
# made a 5,000-event calendar take seconds. Anything else goes to icalendar. The producer
# fixtures (compared with recurring-ical-events) cover both paths.
# Series are read here too (RRULE, EXDATE/RDATE lists of plain times, RECURRENCE-ID with
# its RANGE): icalendar took ~0.9 ms for each of a big calendar's series and overrides.
_FAST_REFUSE = frozenset({"DURATION", "EXRULE"})
_FAST_TEXT = frozenset({"UID", "SUMMARY", "STATUS", "ORGANIZER", "X-LEADDESK-KIND"})
_FAST_LISTS = frozenset({"EXDATE", "RDATE"})
_FAST_WANTED = _FAST_TEXT | _FAST_LISTS | {"DTSTART", "DTEND", "ATTENDEE", "RRULE", "RECURRENCE-ID"}
_TIME = re.compile(r"^\d{8}(T\d{6}Z?)?$")
_KNOWN = _FAST_REFUSE | _FAST_WANTED
_EDGES = frozenset(' "\t')
_AS_WRITTEN = _KNOWN | {"BEGIN", "END"}


class PlainProp:
    """The little of an icalendar property that decoding uses: ``dt``, ``params``, text."""

    __slots__ = ("dt", "params", "text")  # thousands per read: no __dict__ each

    def __init__(self, text: str, params: dict[str, str], dt: Any = None) -> None:
        self.text = text
        self.params = params
        self.dt = dt

    def __str__(self) -> str:
        return self.text

    def to_ical(self) -> bytes:  # an RRULE's value, as icalendar's vRecur gives it
        return self.text.encode("utf-8")


class PlainList(PlainProp):
    """An EXDATE or RDATE line: its times in ``dts`` (each with ``dt``), as icalendar's."""

    __slots__ = ("dts",)

    def __init__(self, text: str, params: dict[str, str], dts: list[PlainProp]) -> None:
        super().__init__(text, params)
        self.dts = dts


class PlainEvent(dict[str, Any]):
    """A simple VEVENT as ``name -> PlainProp`` (ATTENDEE: a list), like icalendar's."""

    def decoded(self, name: str) -> Any:
        return self[name].dt


def _split_line(line: str) -> tuple[str, dict[str, str], str]:
    """NAME;PARAM=value;PARAM="quoted: value":VALUE -> (NAME, params, VALUE)."""
    if '"' not in line:
        head, sep, value = line.partition(":")
        if not sep:
            return line.upper(), {}, ""
        name, *rest = head.split(";")
        return name.strip().upper(), _params(rest), value
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        return line.upper(), {}, ""
    name, *rest = _QUOTED_PARTS.findall(head)  # a ';' inside quotes is not a separator
    return name.strip().upper(), _params(rest), value


_QUOTED_PARTS = re.compile(r'(?:[^;"]|"[^"]*")+')


def _params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, _, val = item.partition("=")
        if key[:1].isspace() or key[-1:].isspace():
            key = key.strip()
        if val[:1] in _EDGES or val[-1:] in _EDGES:  # quoted, or spaced (only then: hot)
            val = val.strip().strip('"')
        params[key.upper()] = val
    return params


def _unescape(text: str) -> str:
    if "\\" not in text:  # most values have no escapes
        return text
    out = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            nxt = text[index + 1]
            out.append("\n" if nxt in "nN" else nxt)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def _plain_time(value: str, params: dict[str, str], known: dict[str, Any] | None = None) -> Any:
    value = value.strip()
    if not _TIME.match(value):
        return None
    if len(value) == 8 or params.get("VALUE", "").upper() == "DATE":
        return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    zone: Any = None  # floating
    if value.endswith("Z"):
        zone = UTC
    elif "TZID" in params:
        name = params["TZID"]
        if known is None:
            zone = _zones().timezone(name)
        elif name in known:
            zone = known[name]
        else:
            zone = known[name] = _zones().timezone(name)
        if zone is None:
            return None
    return datetime(  # with its zone at once (datetime.replace is the slower step)
        int(value[:4]),
        int(value[4:6]),
        int(value[6:8]),
        int(value[9:11]),
        int(value[11:13]),
        int(value[13:15]),
        tzinfo=zone,
    )


@functools.cache
def _zones() -> Any:
    """icalendar's zone look-up (imported once: an import statement inside a hot function
    goes through PySide6's import hook on every call, ~2.8 us in the app)."""
    from icalendar.timezone import tzp

    return tzp


def _add(event: PlainEvent, name: str, prop: PlainProp) -> None:
    """A property that may repeat: one value, or a list of them (as icalendar keeps it)."""
    if name not in event:
        event[name] = prop
    elif isinstance(event[name], list):
        event[name].append(prop)
    else:
        event[name] = [event[name], prop]


# The lines plain_event looks at (BEGIN/END for the depth, and the known names), found by
# the regex engine: the other half of an event's lines (DESCRIPTION, LOCATION, DTSTAMP,
# the reminder's ...) is never looked at in Python. A name is a whole run of name
# characters (letters, digits, '-').
# Anchored on the newline before each line (an event's text always has one before it, see
# scan.cut) and behind a look at the first letter, as the cut's marks: the same lines as
# ``^(...)`` with re.M, found faster. Groups: the whole line, its name, the rest.
_FIRST_LETTERS = "".join(sorted({n[0] for n in _KNOWN} | {"B", "E"}))
_LINES = re.compile(
    r"\n(?=[" + _FIRST_LETTERS + _FIRST_LETTERS.lower() + r"])"
    r"((BEGIN|END|" + "|".join(sorted(_KNOWN, key=len, reverse=True)) + r")"
    r"(?![A-Za-z0-9-])([^\n]*))",
    re.I,
)


@functools.lru_cache(maxsize=4096)
def _shared_line(line: str) -> tuple[str, PlainProp]:
    """An ATTENDEE or ORGANIZER line read once, as the loop below reads it: the same
    people in the same roles fill most lines of a big calendar. Shared, so never changed
    by its users."""
    name, params, value = _split_line(line)
    text = value if name == "ATTENDEE" else _unescape(value)
    return name, PlainProp(text.strip(), params)


def plain_event(raw: RawEvent, known: dict[str, Any] | None = None) -> PlainEvent | None:
    """``raw`` read without icalendar, or None when it needs the full parser. ``known``:
    the zones already looked up by TZID during this read (the file's zones are registered
    with icalendar before its events are read, so a name means one zone all read long)."""
    event = PlainEvent()
    depth = 0
    try:
        for found in _LINES.finditer(raw.source, raw.begin - 1, raw.stop):
            whole, first, rest = found.groups()
            if first not in _AS_WRITTEN:  # names are case-insensitive; most files write capitals
                first = first.upper()
            if first == "BEGIN" or first == "END":  # only BEGIN:/END: change the depth
                if rest[:1] == ":":
                    depth += 1 if first == "BEGIN" else -1
                continue
            if depth != 1:
                continue  # inside a VALARM
            if first in _FAST_REFUSE:
                return None
            line = whole.rstrip("\r")
            if first == "ATTENDEE" or first == "ORGANIZER":
                name, prop = _shared_line(line)
                if name == "ATTENDEE":
                    event.setdefault("ATTENDEE", []).append(prop)
                elif name == "ORGANIZER" and name not in event:
                    event[name] = prop
                continue
            name, params, value = _split_line(line)
            if name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
                when = _plain_time(value, params, known)
                if when is None or name in event:
                    return None
                event[name] = PlainProp(value, params, when)
            elif name in _FAST_LISTS:
                if params.get("VALUE", "").upper() == "PERIOD":
                    return None
                dts = []
                for part in value.split(","):
                    moment = _plain_time(part, params, known)
                    if moment is None:
                        return None  # a period, or a zone only icalendar knows
                    dts.append(PlainProp(part, params, moment))
                _add(event, name, PlainList(value, params, dts))
            elif name == "RRULE":
                _add(event, name, PlainProp(value.strip(), params))
            elif name == "ATTENDEE":
                event.setdefault("ATTENDEE", []).append(PlainProp(value.strip(), params))
            elif name in _FAST_TEXT and name not in event:
                event[name] = PlainProp(_unescape(value).strip(), params)
    except (ValueError, IndexError):
        return None  # an odd value: let icalendar judge it (and name the event if need be)
    if "DTSTART" not in event:
        return None
    return event
