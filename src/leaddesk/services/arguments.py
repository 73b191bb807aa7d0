"""Argument checks at the door of every public service method.

``@checked_arguments`` on a service class checks each argument of its public methods against
the method's own type annotations *before* the method runs, so a wrong type, ``None`` where
a value is required, undecodable text (a lone surrogate), an integer SQLite cannot
store, a non-finite float, a naive datetime, or a date outside LeadDesk's range
(``domain/date_range.py``) is refused with a :class:`ValidationError` and changes nothing.
Without it such arguments surfaced as ``TypeError``, ``OverflowError``, ``AttributeError``,
``UnicodeEncodeError`` or a driver error halfway through a write.

Values are passed through unchanged, except that an enum parameter given its value (``"do"``
for ``Quadrant.DO``) receives the member and a parameter annotated ``Iterable``/``Sequence``
receives a list (so a generator can be checked and still be read by the method).

``check_fields(model, changes)`` does the same for ``update(**changes)``-style methods, using
the domain dataclass's field annotations.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import functools
import inspect
import math
import types
import typing
from collections.abc import Callable, Collection
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any, TypeVar, cast

from ..domain.date_range import check_date, check_datetime
from ..domain.errors import ValidationError

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

SQLITE_INT_MIN = -(2**63)
SQLITE_INT_MAX = 2**63 - 1
MAX_TEXT = 20_000_000  # characters: far above every field's own limit, below memory trouble
MAX_ITEMS = 1_000_000
_SKIP = object()
_SEQUENCE_ORIGINS = (
    collections.abc.Iterable,
    collections.abc.Sequence,
    collections.abc.Collection,
    collections.abc.Set,
    list,
    set,
    frozenset,
)


_NAMES = {"old": "current passphrase", "new": "new passphrase", "target": "file"}


def _label(name: str) -> str:
    return _NAMES.get(name) or name.replace("_", " ")


def check_value(value: Any, hint: Any, name: str) -> Any:
    """``value`` (possibly converted, see the module doc) if it fits ``hint``; else refuse."""
    if hint is Any or hint is _SKIP or isinstance(hint, TypeVar | str):
        return value
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        options = typing.get_args(hint)
        if value is None:
            if type(None) in options:
                return None
            raise ValidationError(f"The {_label(name)} is required.")
        problems: list[ValidationError] = []
        for option in options:
            if option is type(None):
                continue
            try:
                return check_value(value, option, name)
            except ValidationError as exc:
                problems.append(exc)
        raise problems[0] if problems else ValidationError(f"The {_label(name)} is not valid.")
    if hint is None or hint is type(None):
        if value is not None:
            raise ValidationError(f"The {_label(name)} must be empty.")
        return None
    if value is None:
        raise ValidationError(f"The {_label(name)} is required.")
    if origin is typing.Literal:
        if value not in typing.get_args(hint):
            raise ValidationError(f"The {_label(name)} is not one of the allowed values.")
        return value
    if origin is not None:
        return _check_generic(value, hint, origin, name)
    if not isinstance(hint, type):
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise ValidationError(f"The {_label(name)} must be yes or no.")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"The {_label(name)} must be a whole number.")
        if not SQLITE_INT_MIN <= value <= SQLITE_INT_MAX:
            raise ValidationError(f"The {_label(name)} is far too large.")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(f"The {_label(name)} must be a number.")
        if isinstance(value, int) and not SQLITE_INT_MIN <= value <= SQLITE_INT_MAX:
            raise ValidationError(f"The {_label(name)} is far too large.")
        if not math.isfinite(value):
            raise ValidationError(f"The {_label(name)} must be a finite number.")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise ValidationError(f"The {_label(name)} must be text.")
        check_text(value, name)
        return value
    if hint is datetime:
        return check_datetime(value, _label(name))
    if hint is date:
        return check_date(value, _label(name), allow_none=False)
    if hint in (time, timedelta):
        if not isinstance(value, hint):
            raise ValidationError(f"The {_label(name)} is not valid.")
        return value
    if issubclass(hint, enum.Enum):
        if isinstance(value, hint):
            return value
        try:
            return hint(value)
        except (ValueError, TypeError):
            raise ValidationError(f"The {_label(name)} is not one of the allowed values.") from None
    if issubclass(hint, PurePath):
        if not isinstance(value, str | PurePath):
            raise ValidationError(f"The {_label(name)} must be a file path.")
        return value
    if not isinstance(value, hint):
        raise ValidationError(f"The {_label(name)} is not valid.")
    return value


def check_text(value: str, name: str) -> None:
    if len(value) > MAX_TEXT:
        raise ValidationError(f"The {_label(name)} is far too long.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            f"The {_label(name)} contains characters that are not text."
        ) from None


def _check_generic(value: Any, hint: Any, origin: Any, name: str) -> Any:
    args = typing.get_args(hint)
    if origin in _SEQUENCE_ORIGINS:
        if isinstance(value, str | bytes | bytearray | dict) or not isinstance(
            value, collections.abc.Iterable
        ):
            raise ValidationError(f"The {_label(name)} must be a list.")
        items = list(value) if not isinstance(value, list | tuple | set | frozenset) else value
        if len(items) > MAX_ITEMS:
            raise ValidationError(f"The {_label(name)} has far too many items.")
        item_hint = args[0] if args else Any
        checked = [check_value(item, item_hint, name) for item in items]
        if origin in (set, frozenset, collections.abc.Set):
            return origin(checked) if origin is not collections.abc.Set else frozenset(checked)
        return checked if not isinstance(value, tuple) else tuple(checked)
    if origin is tuple:
        if not isinstance(value, tuple):
            raise ValidationError(f"The {_label(name)} is not valid.")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(check_value(v, args[0], name) for v in value)
        if args and len(args) != len(value):
            raise ValidationError(f"The {_label(name)} is not valid.")
        return tuple(check_value(v, a, name) for v, a in zip(value, args, strict=False))
    if origin in (dict, collections.abc.Mapping):
        if not isinstance(value, dict):
            raise ValidationError(f"The {_label(name)} is not valid.")
        return value  # keys and values are the method's to convert (e.g. ids to text)
    if origin is collections.abc.Callable:
        if not callable(value):
            raise ValidationError(f"The {_label(name)} is not valid.")
        return value
    if origin is type:
        return value
    if isinstance(origin, type) and not isinstance(value, origin):
        raise ValidationError(f"The {_label(name)} is not valid.")
    return value


def _hints(function: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(function)
    except Exception:  # an annotation only importable under TYPE_CHECKING: check the rest
        module = inspect.getmodule(function)
        namespace = vars(module) if module is not None else {}
        found: dict[str, Any] = {}
        for key, text in getattr(function, "__annotations__", {}).items():
            try:
                found[key] = eval(text, namespace) if isinstance(text, str) else text
            except Exception:
                found[key] = _SKIP
        return found


def _wrap(function: Any) -> Any:
    signature = inspect.signature(function)
    hints = _hints(function)
    params = [
        (name, p.kind, hints.get(name, _SKIP))
        for name, p in signature.parameters.items()
        if name != "self"
    ]
    if all(hint is _SKIP for _, _, hint in params):
        return function

    @functools.wraps(function)
    def checked(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            bound = signature.bind(self, *args, **kwargs)
        except TypeError:
            raise ValidationError(
                "The request did not fit this action (wrong arguments)."
            ) from None
        arguments = bound.arguments
        for name, kind, hint in params:
            if name not in arguments or hint is _SKIP:
                continue
            if kind is inspect.Parameter.VAR_POSITIONAL:
                arguments[name] = tuple(check_value(v, hint, name) for v in arguments[name])
            elif kind is inspect.Parameter.VAR_KEYWORD:
                if hint is not Any:
                    arguments[name] = {
                        k: check_value(v, hint, k) for k, v in arguments[name].items()
                    }
            else:
                arguments[name] = check_value(arguments[name], hint, name)
        return function(*bound.args, **bound.kwargs)

    checked.__wrapped_arguments__ = True  # type: ignore[attr-defined]  # a marker set on a function
    return checked


def checked_arguments(cls: type[T]) -> type[T]:
    """Class decorator: check the arguments of every public method (see the module doc)."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(member):
            continue
        setattr(cls, name, _wrap(member))
    return cls


@functools.cache
def _field_hints(model: type) -> tuple[dict[str, Any], Collection[str]]:
    """``model``'s resolved annotations and field names, worked out once per class:
    ``get_type_hints`` evaluates every string annotation again on each call (~0.3 ms for a
    block, on every move)."""
    hints = typing.get_type_hints(model)
    names = (
        {f.name for f in dataclasses.fields(model)} if dataclasses.is_dataclass(model) else hints
    )
    return hints, names


def check_fields(model: type, changes: dict[str, Any]) -> dict[str, Any]:
    """Check ``update(**changes)`` values against the domain dataclass ``model``'s fields."""
    hints, names = _field_hints(model)
    checked: dict[str, Any] = {}
    for key, value in changes.items():
        if not isinstance(key, str):
            raise ValidationError("Unknown field.")
        if key in names and key in hints:
            checked[key] = check_value(value, hints[key], key)
        else:
            checked[key] = value
    return checked


def fields_of(model: type) -> Callable[[F], F]:
    """Method decorator for ``update(..., **changes)``: each change naming a field of the
    domain dataclass ``model`` is checked against that field's annotation first."""

    def decorate(function: F) -> F:
        parameters = inspect.signature(function).parameters
        var_keyword = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
        named = {n for n, p in parameters.items() if p.kind is not inspect.Parameter.VAR_KEYWORD}

        @functools.wraps(function)
        def checked(self: Any, *args: Any, **kwargs: Any) -> Any:
            if var_keyword:  # only what lands in **changes; named parameters keep their own
                extra = {k: v for k, v in kwargs.items() if k not in named}
                kwargs.update(check_fields(model, extra))
            return function(self, *args, **kwargs)

        return cast(F, checked)

    return decorate
