"""Command line: the GUI by default, plus headless commands users can script.

Only argparse and the standard library are imported at module level, so ``--version`` and
``--help`` answer without loading SQLAlchemy or Qt. The passphrase is never taken from the
command line (argv is visible to every user of the machine through ``ps``): it is prompted
on a terminal, or read from standard input with ``--passphrase-stdin``.

Exit status: 0 success, 1 a refused or failed command or a usage error (message on
stderr), 2 a wrong passphrase (and nothing else, so scripts can ask again), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import APP_NAME, __version__
from .paths import DATA_DIR_ENV, AppPaths, resolve_paths

if TYPE_CHECKING:
    import threading
    from datetime import date  # annotations only: the GUI's start path does without it

    from .services.container import Services

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_WRONG_PASSPHRASE = 2
EXIT_INTERRUPTED = 130

QUADRANT_CHOICES = ("inbox", "do", "schedule", "delegate", "delete")
EXPORT_FORMATS = ("json", "backup")
DEBUG_ENV = "LEADDESK_DEBUG"


class CommandError(Exception):
    """A command was refused; the message is safe to print (no private text)."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


# -- parser ---------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors; here 2 means only "wrong passphrase"."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="leaddesk",
        description=(
            f"{APP_NAME}: private weekly planning for tech leads, kept in one encrypted "
            "local file. Without a command, the desktop app opens."
        ),
        epilog=(
            "The passphrase is never accepted on the command line: it is asked for on the "
            "terminal, or read from the first line of standard input with "
            f"--passphrase-stdin. The data directory can also be set with {DATA_DIR_ENV}."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    _add_data_dir(parser, default=None)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway vault filled with a sample team (never your real vault)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (encryption, Qt, resources) and exit",
    )

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser(
        "init",
        help="create a new, empty vault",
        description="Create a new encrypted vault in the data directory.",
    )
    _add_common(init)
    init.set_defaults(handler=_cmd_init)

    add = commands.add_parser(
        "add",
        help="capture a task and print its id",
        description="Capture a task (into the inbox unless --quadrant says otherwise).",
    )
    add.add_argument(
        "title",
        metavar="TITLE",
        help="what the task is; '-' reads it from standard input (the line after the "
        "passphrase with --passphrase-stdin), so it never shows in the process list",
    )
    add.add_argument(
        "--quadrant",
        choices=QUADRANT_CHOICES,
        default="inbox",
        help="where the task goes on the board (default: inbox)",
    )
    add.add_argument("--requester", default="", help="who asked for it")
    add.add_argument(
        "--needed-by",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="when the requester needs an answer",
    )
    _add_common(add)
    add.set_defaults(handler=_cmd_add)

    export = commands.add_parser(
        "export",
        help="print every record as JSON, or write an encrypted backup",
        description=(
            "--format json prints the vault's records (plain, unencrypted text) to standard "
            "output or --output FILE. One-on-one notes, action items, topics and growth goals "
            "are private and left out unless --include-notes is given. --format backup writes "
            "an encrypted copy of everything to --output FILE (same passphrase), for moving "
            "to a new machine with 'leaddesk import-backup FILE'."
        ),
    )
    export.add_argument("--format", choices=EXPORT_FORMATS, default="json", help="output format")
    export.add_argument("--output", metavar="FILE", help="write to FILE (required for backup)")
    export.add_argument(
        "--include-notes",
        action="store_true",
        help="also export private notes, action items, topics and growth goals",
    )
    _add_common(export)
    export.set_defaults(handler=_cmd_export)

    restore = commands.add_parser(
        "import-backup",
        help="make an encrypted backup (from 'export --format backup') this machine's vault",
        description=(
            "Check that FILE opens with the passphrase, keep any current vault aside (never "
            "overwritten), and put FILE in its place."
        ),
    )
    restore.add_argument("file", metavar="FILE", help="the encrypted backup file")
    _add_common(restore)
    restore.set_defaults(handler=_cmd_import_backup)
    return parser


def _add_data_dir(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help=f"keep the vault in DIR instead of the usual place (or set {DATA_DIR_ENV})",
    )


def _add_common(sub: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a --data-dir given before the command when none is given after it.
    _add_data_dir(sub, default=argparse.SUPPRESS)
    sub.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase from the first line of standard input instead of prompting",
    )


def _iso_date(value: str) -> date:
    """A date in LeadDesk's valid range (``domain/date_range.py``), written YYYY-MM-DD."""
    from .domain.date_range import parse_date
    from .domain.errors import ValidationError

    try:
        return parse_date(value, "date")
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


NOT_UTF8 = "Standard input is not valid UTF-8 text; nothing was changed."


def _text(value: str, what: str) -> str:
    """Refuse text that cannot be stored: undecodable bytes (kept as lone surrogates by
    Python's "surrogateescape") from standard input, the terminal or the command line."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise CommandError(f"The {what} is not valid UTF-8 text; nothing was changed.") from None
    return value


def _read_line(stream: TextIO | None) -> str:
    if stream is None:
        return ""
    try:
        line = stream.readline()
    except UnicodeDecodeError:
        raise CommandError(NOT_UTF8) from None
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        raise CommandError(NOT_UTF8) from None
    return line


# -- entry point ----------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    from .hardening import harden_process

    harden_process()  # no core dumps of a process that holds the key and private notes
    args = _desktop_only(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
    try:
        paths = resolve_paths(args.data_dir)
        if args.self_test:
            return _run_self_test()
        handler: Callable[[argparse.Namespace, AppPaths], int] | None = getattr(
            args, "handler", None
        )
        if handler is None:
            return _run_gui(paths, demo=args.demo)
        if args.demo:
            raise CommandError("--demo opens the app; it cannot be combined with a command.")
        return handler(args, paths)
    except CommandError as exc:
        _fail(str(exc))
        return exc.status
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        return _report_exception(exc)


def _desktop_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The desktop app's plain command lines (nothing, ``--demo``, ``--data-dir DIR``) as
    ``build_parser`` would read them, without building every command's parser first (~2 ms
    of the launch, issue 18). Anything else (a command, --help, an abbreviation, a value
    that looks like an option) returns None, and argparse reads it as always."""
    args = argparse.Namespace(data_dir=None, demo=False, self_test=False, command=None)
    rest = list(argv)
    while rest:
        word = rest.pop(0)
        if word == "--demo":
            args.demo = True
        elif word.startswith("--data-dir="):
            args.data_dir = word.partition("=")[2]
        elif word == "--data-dir" and rest and not rest[0].startswith("-"):
            args.data_dir = rest.pop(0)
        else:
            return None
    return args


def _report_exception(exc: Exception) -> int:
    """Print a vault/validation error as is; anything unexpected by type only (its text
    could quote private data), unless LEADDESK_DEBUG asks for the traceback."""
    from .domain.errors import LeadDeskError, WrongPassphraseError

    if isinstance(exc, WrongPassphraseError):
        _fail("Wrong passphrase: the vault was not opened (nothing was changed).")
        detail = str(exc)
        if detail and not detail.startswith("The passphrase is wrong"):
            print(f"leaddesk: {detail}", file=sys.stderr)  # e.g. an interrupted change
        return EXIT_WRONG_PASSPHRASE
    if isinstance(exc, LeadDeskError):
        _fail(str(exc))
        return EXIT_ERROR
    if isinstance(exc, UnicodeError):  # a last net: _text/_read_line refuse it earlier
        _fail("Some of the text given is not valid UTF-8; nothing was changed.")
        return EXIT_ERROR
    if os.environ.get(DEBUG_ENV):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    _fail(
        f"unexpected error ({type(exc).__name__}); nothing was saved. "
        f"Set {DEBUG_ENV}=1 to see the details."
    )
    return EXIT_ERROR


def _fail(message: str) -> None:
    print(f"leaddesk: error: {message}", file=sys.stderr)


def use_builtin_hashes() -> bool:
    """For the desktop app's process, before anything imports ``hashlib`` or ``hmac``
    (issue 18, peak memory): both then fall back to Python's own SHA-2/BLAKE2 code, as on a
    build without OpenSSL (they import ``_hashlib`` in a ``try``), so OpenSSL's ``libcrypto``
    (~3.3 MB resident once mapped) is never loaded unless a calendar is downloaded over
    https (``ssl``). The digests are the same; only their speed differs (SHA-256 ~8 ms a MB
    against ~1.5; BLAKE2b ~2.6 ms a MB). LeadDesk hashes small strings, plus a calendar's
    bytes with BLAKE2b (``services/calendar/sources.refresh_key``); the vault's cryptography
    is SQLCipher's, built into its driver, and is not affected. Returns False when it is
    too late (``hashlib`` already loaded): then nothing changes."""
    if "_hashlib" in sys.modules or "hashlib" in sys.modules:
        return False
    sys.modules["_hashlib"] = None  # type: ignore[assignment]  # "import _hashlib" fails
    return True


FONTCONFIG_LIBRARY = "libfontconfig.so.1"
# Loaded ahead by _load_libraries_early, from PySide6's own Qt (the files its modules link).
QT_GUI_LIBRARIES = ("libQt6Gui.so.6", "libQt6Widgets.so.6")
RTLD_NOW = 2  # as Python loads its extension modules


def _load_libraries_early() -> threading.Thread | None:
    """Load Qt's GUI libraries and fontconfig's configuration on another core while the GUI
    thread starts Python's side of PySide6 (issue 18, launch).

    The GUI thread would otherwise do both on its path to the unlock dialog: the dynamic
    linker's work for libQt6Gui and libQt6Widgets when ``PySide6.QtGui``/``QtWidgets`` are
    imported (~19 M instructions), and fontconfig's configuration (its XML files and caches,
    ~28 M) at the dialog's first text layout. Here a thread calls ``dlopen`` on the same files
    PySide6's modules link (the wheel's ``PySide6/Qt/lib``; skipped where they are not there,
    e.g. a distribution's PySide6 over the system's Qt), so the imports find them loaded, and
    then ``FcInit``, which Qt finds done (fontconfig loads once per process; two at once keep
    one). Both are C calls that release the GIL, and neither creates a Qt object: the GUI
    thread stays Qt's main thread (tested). Linux only; on any failure Qt loads them itself
    as before. Returns the thread."""
    if not sys.platform.startswith("linux"):
        return None
    import threading

    def load() -> None:
        try:
            from .native import c_char_p, c_int, c_void_p, function

            spec = importlib.util.find_spec("PySide6")
            qt_lib = Path(spec.origin).parent / "Qt" / "lib" if spec and spec.origin else None
            if qt_lib is not None:
                dlopen = function(None, "dlopen", c_void_p, (c_char_p, c_int))
                for name in QT_GUI_LIBRARIES:
                    if (qt_lib / name).is_file():
                        dlopen(str(qt_lib / name).encode(), RTLD_NOW)
            function(FONTCONFIG_LIBRARY, "FcInit", c_int, ())()
        except Exception:  # Qt loads them itself, as before
            pass

    thread = threading.Thread(target=load, name="leaddesk-early-load", daemon=True)
    thread.start()
    return thread


def _run_gui(paths: AppPaths, *, demo: bool) -> int:
    if importlib.util.find_spec("leaddesk.bootstrap") is None:
        raise CommandError("The desktop app is not part of this installation.")
    import gc

    gc.disable()  # for the start-up; bootstrap.py says why and turns it back on
    use_builtin_hashes()  # no OpenSSL libcrypto unless a calendar is downloaded (peak RSS)
    _load_libraries_early()
    from .paths import user_cache_dir
    from .pyside_code_cache import import_pyside

    import_pyside(Path(user_cache_dir()))  # PySide6's embedded modules, compiled once
    from .ui import pyside_import_hook

    pyside_import_hook.lighten()  # before the app's own imports, which it makes cheaper
    from .bootstrap import run_gui  # type: ignore[import-not-found, unused-ignore]

    return int(run_gui(paths, demo=demo) or 0)


def _run_self_test() -> int:
    if importlib.util.find_spec("leaddesk.selftest") is None:
        raise CommandError("The self-test is not available in this installation.")
    from .selftest import main as self_test  # type: ignore[import-not-found, unused-ignore]

    return int(self_test() or 0)


# -- passphrase -----------------------------------------------------------------------
def read_passphrase(*, from_stdin: bool, confirm: bool = False, stdin: TextIO | None = None) -> str:
    """The passphrase from the first line of stdin, or typed (twice when ``confirm``) on a
    terminal. Only the line ending is removed: spaces may be part of a passphrase."""
    stream = sys.stdin if stdin is None else stdin
    if from_stdin:
        line = _read_line(stream)
        if line.endswith("\n"):
            line = line[:-1]
            if line.endswith("\r"):
                line = line[:-1]
        if not line:
            raise CommandError("No passphrase on standard input (expected it on the first line).")
        return line
    if stream is None or not stream.isatty():
        raise CommandError(
            "No terminal to ask for the passphrase; pipe it in and add --passphrase-stdin."
        )
    import getpass

    try:
        first = getpass.getpass("Vault passphrase: ")
        if not first:
            raise CommandError("The passphrase cannot be empty.")
        if confirm and getpass.getpass("Repeat the passphrase: ") != first:
            raise CommandError("The two passphrases differ; nothing was created.")
    except EOFError:
        raise CommandError("No passphrase was entered.") from None
    except UnicodeDecodeError:
        raise CommandError("The passphrase is not valid UTF-8 text.") from None
    return _text(first, "passphrase")


def _unlock(args: argparse.Namespace, paths: AppPaths) -> Services:
    from .services.unlocking import unlock_vault, vault_exists

    if not vault_exists(paths):
        raise CommandError(
            f"No vault in {paths.data_dir}. Create one with: leaddesk init "
            "(or point --data-dir at the right directory)."
        )
    passphrase = read_passphrase(from_stdin=args.passphrase_stdin)
    return unlock_vault(paths, passphrase)


# -- commands -------------------------------------------------------------------------
def _cmd_init(args: argparse.Namespace, paths: AppPaths) -> int:
    from .services.unlocking import create_vault, vault_exists

    if vault_exists(paths):
        raise CommandError(f"A vault already exists in {paths.data_dir}; it was left untouched.")
    passphrase = read_passphrase(from_stdin=args.passphrase_stdin, confirm=True)
    _check_new_passphrase(passphrase)
    created = [
        Path(str(paths.vault) + suffix)
        for suffix in ("", "-wal", "-shm", "-journal")
        if not Path(str(paths.vault) + suffix).exists()
    ]
    try:
        services = create_vault(paths, passphrase)
    except BaseException:
        # Never leave a 0-byte (or half-made) vault behind: remove only what this run made.
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    services.close()
    print(f"Created an encrypted vault at {paths.vault}")
    print(
        "Keep the passphrase safe: it cannot be recovered, and without it the vault "
        "cannot be opened.",
        file=sys.stderr,
    )
    return EXIT_OK


def _check_new_passphrase(passphrase: str) -> None:
    """The same rule as the create and change dialogs (``domain/passphrase.py``)."""
    from .domain.errors import ValidationError
    from .domain.passphrase import check_new_passphrase

    try:
        check_new_passphrase(passphrase)
    except ValidationError as exc:
        raise CommandError(f"{exc} Nothing was created.") from None


def _cmd_add(args: argparse.Namespace, paths: AppPaths) -> int:
    from .domain.model import Quadrant

    if args.title != "-":
        _text(args.title, "title")
    _text(args.requester, "requester")
    services = _unlock(args, paths)
    try:
        title = _read_title(sys.stdin) if args.title == "-" else args.title
        task = services.tasks.capture(
            title,
            quadrant=Quadrant(args.quadrant),
            requester=args.requester,
            needed_by=args.needed_by,
        )
    finally:
        services.close()
    print(task.id)
    return EXIT_OK


def _read_title(stream: TextIO | None) -> str:
    """``add -``: the title is the next line of standard input (after the passphrase)."""
    line = _read_line(stream)
    line = line.rstrip("\r\n")
    if not line.strip():
        raise CommandError("No title on standard input (expected it after the passphrase line).")
    return line


def _cmd_export(args: argparse.Namespace, paths: AppPaths) -> int:
    import json
    from pathlib import Path

    from .services.export import ExportService

    if args.format == "backup" and not args.output:
        raise CommandError("--format backup needs --output FILE (the encrypted copy to write).")
    if args.format == "backup" and args.include_notes:
        raise CommandError("An encrypted backup always holds everything; drop --include-notes.")
    target = Path(args.output) if args.output else None
    if target is not None and target.exists():
        raise CommandError("The output file already exists; it was left untouched.")
    services = _unlock(args, paths)
    try:
        if args.format == "backup":
            assert target is not None
            services.security.export_backup(target)
            print(f"Wrote an encrypted backup to {target} (it opens with the same passphrase).")
            return EXIT_OK
        exporter = ExportService(services.hub)
        if target is not None:  # 0600 from the first byte, atomic, never replaces a file
            try:
                exporter.write_json(target, include_private_notes=args.include_notes)
            except FileExistsError:
                raise CommandError(
                    "The output file already exists; it was left untouched."
                ) from None
        else:
            data = exporter.export_json(include_private_notes=args.include_notes)
    finally:
        services.close()
    print(
        "leaddesk: note: this JSON export is plain, unencrypted text"
        + (" and includes private notes." if args.include_notes else "."),
        file=sys.stderr,
    )
    if target is not None:
        return EXIT_OK
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    sys.stdout.flush()
    return EXIT_OK


def _cmd_import_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    from pathlib import Path

    from .services.security import import_backup

    passphrase = read_passphrase(from_stdin=args.passphrase_stdin)
    result = import_backup(paths, Path(args.file), passphrase)
    print(f"Imported the backup as the vault in {paths.data_dir}.")
    if result.set_aside is not None:
        print(f"The previous vault was kept at {result.set_aside}.")
    return EXIT_OK
