"""Keep ``ssl`` out of the process while SQLAlchemy is imported (peak memory, issue 18).

``sqlalchemy.util.compat`` imports :mod:`asyncio` unconditionally, and asyncio imports
:mod:`ssl` at once: OpenSSL's Python wrapper, its enums and ``libssl``, for the whole
session (+4.7 MB resident imported alone after PySide6; ~1 MB of the session's peak, where
OpenSSL's ``libcrypto`` is loaded anyway: benchmark vault, issue 18). LeadDesk runs no
asyncio code. TLS is only needed when a calendar address is downloaded
(``services/calendar/download.py``, imported at that moment).

asyncio supports Python builds without ``ssl``: each of its modules does
``try: import ssl except ImportError: ssl = None``. :func:`no_ssl_for_asyncio` refuses the
import of ``ssl`` to asyncio's modules only, and only while the block is active, so asyncio
loads as on an ssl-less build. Afterwards a real ``import ssl`` (the calendar download,
anything else) works as always; asyncio keeps its ``ssl = None``, i.e. asyncio's own TLS
transports stay unavailable in this process, which nothing in LeadDesk uses.

The start-up preload (``bootstrap._preload_services``) is the one place this is used. Any
other first import of SQLAlchemy (the command line, tests) simply loads ``ssl`` as before.

The desktop app also keeps OpenSSL's hash code out (``cli.use_builtin_hashes``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

_REFUSED = "ssl"
_REFUSED_TO = "asyncio"


def _importer_is_asyncio() -> bool:
    """Whether the ``import`` statement being run is in one of asyncio's modules: the
    nearest frame outside the import machinery (``importlib._bootstrap*``)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not (isinstance(name, str) and name.startswith("importlib._bootstrap")):
            return isinstance(name, str) and (
                name == _REFUSED_TO or name.startswith(_REFUSED_TO + ".")
            )
        frame = frame.f_back  # type: ignore[assignment]
    return False


class _NoSslForAsyncio:
    """A ``sys.meta_path`` finder that answers "no such module" for ``ssl`` when asyncio
    asks, and lets every other import through to the usual finders."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname == _REFUSED and _importer_is_asyncio():
            raise ModuleNotFoundError(
                "ssl is left out while asyncio is imported (leaddesk import diet)", name=fullname
            )
        return None


@contextlib.contextmanager
def no_ssl_for_asyncio() -> Iterator[None]:
    """While active, asyncio imports as on a Python without ``ssl`` (see the module
    docstring). Nothing changes if ``ssl`` or ``asyncio`` is already loaded."""
    finder = _NoSslForAsyncio()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(finder)
