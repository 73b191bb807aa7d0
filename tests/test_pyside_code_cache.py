"""PySide6's embedded modules compiled once and loaded from LeadDesk's cache afterwards
(leaddesk/pyside_code_cache.py, issue 18's launch figure).

PySide6 must not be imported yet for the cache to take part, so every import runs in a
fresh interpreter. The reference is PySide6 importing itself with no cache at all: the
code the cache serves must be the code PySide6 compiles (future flags included), and a
cache that no longer matches PySide6's source must never be used.
"""

from __future__ import annotations
import __future__

import ast
import builtins
import json
import marshal
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from leaddesk import pyside_code_cache
from leaddesk.pyside_code_cache import SupportCodeCache, cache_filename, interpreter_header

CACHE_FILENAME = cache_filename()  # this interpreter's, without -O

# Imports PySide6 (through the cache unless argv[1] is "-"), then describes every function
# of PySide6's embedded modules by its code (recursively, without marshal's refcount-driven
# bytes) and checks the signature support really works.
IMPORT_SCRIPT = textwrap.dedent(
    """
    import json, sys, types
    from pathlib import Path
    from leaddesk.pyside_code_cache import import_pyside
    if sys.argv[1] == "-":
        import PySide6.QtCore
        cache = None
    else:
        cache = import_pyside(Path(sys.argv[1]))
    from PySide6.QtCore import QObject, QTimer
    from shibokensupport.signature import get_signature  # the embedded modules at work

    def describe(code):
        return [
            code.co_name, code.co_filename, code.co_firstlineno, code.co_flags,
            code.co_code.hex(), code.co_linetable.hex(), list(code.co_names),
            list(code.co_varnames),
            [describe(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts],
        ]

    functions = {}
    for name, module in sorted(sys.modules.items()):
        if not name.startswith("shibokensupport") and name != "signature_bootstrap":
            continue
        for key, value in sorted(vars(module).items()):
            code = getattr(value, "__code__", None)
            if isinstance(code, types.CodeType) and getattr(value, "__module__", "") == name:
                functions[f"{name}.{key}"] = describe(code)
    print(json.dumps({
        "hits": cache.hits if cache else None,
        "compiled": cache.compiled if cache else None,
        "functions": functions,
        "signature": str(get_signature(QObject.setObjectName)),
        "overloads": str(get_signature(QTimer.singleShot)),
        "compile_restored": __builtins__.compile is __import__("builtins").compile
            and getattr(__import__("builtins").compile, "__self__", None) is not cache,
    }))
    """
)


def _import(cache_dir: Path | str, *flags: str) -> dict:  # type: ignore[type-arg]
    done = subprocess.run(
        [sys.executable, *flags, "-c", IMPORT_SCRIPT, str(cache_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def reference() -> dict:  # type: ignore[type-arg]
    """PySide6 compiling its embedded modules itself (no cache)."""
    return _import("-")


def test_the_cached_code_is_the_code_pyside_compiles(tmp_path: Path, reference: dict) -> None:  # type: ignore[type-arg]
    cache_dir = tmp_path / "cache" / "LeadDesk"
    cold = _import(cache_dir)
    assert cold["hits"] == 0 and cold["compiled"] >= 10  # the bootstrap and shibokensupport
    cache_file = cache_dir / CACHE_FILENAME
    assert stat.S_IMODE(cache_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    written = cache_file.stat().st_mtime_ns

    warm = _import(cache_dir)
    assert warm["compiled"] == 0 and warm["hits"] == cold["compiled"]
    assert cache_file.stat().st_mtime_ns == written  # nothing compiled: nothing written

    assert len(reference["functions"]) > 50
    for run in (cold, warm):
        assert run["functions"] == reference["functions"]
        assert run["signature"] == reference["signature"]
        assert run["overloads"] == reference["overloads"]
        assert run["compile_restored"]
    # The bootstrap compiles under its own future flags (annotations), kept in the cache.
    annotations = __future__.annotations.compiler_flag
    loader = reference["functions"]["shibokensupport.signature.loader.put_into_package"]
    assert loader[3] & annotations


def _entries(cache_file: Path) -> dict[str, tuple[bytes, object]]:
    header, entries = marshal.loads(cache_file.read_bytes())
    assert header == interpreter_header()
    return entries  # type: ignore[no-any-return]


def _write_entries(cache_file: Path, entries: dict) -> None:  # type: ignore[type-arg]
    cache_file.write_bytes(marshal.dumps((interpreter_header(), entries)))
    cache_file.chmod(0o600)


def test_a_cache_whose_source_differs_is_not_used(tmp_path: Path, reference: dict) -> None:  # type: ignore[type-arg]
    """As after an upgrade of PySide6: an entry whose source is no longer PySide6's is
    compiled again, even if its cached code would run (here it would exit at once)."""
    cache_dir = tmp_path / "cache"
    first = _import(cache_dir)
    cache_file = cache_dir / CACHE_FILENAME
    entries = _entries(cache_file)
    key = next(k for k in entries if k.startswith("shibokensupport/signature/loader.py"))
    source, _code = entries[key]
    stale = source + b"\n# an older PySide6\n"
    entries[key] = (stale, compile("raise SystemExit(3)", key.split("\0")[0], "exec"))
    gone = "shibokensupport/signature/gone.py\x000"  # a file an older PySide6 had
    entries[gone] = (b"x = 1", compile("x = 1", "shibokensupport/signature/gone.py", "exec"))
    _write_entries(cache_file, entries)

    again = _import(cache_dir)
    assert again["compiled"] == 1 and again["hits"] == first["compiled"] - 1
    assert again["functions"] == reference["functions"]
    rewritten = _entries(cache_file)
    assert rewritten[key][0] == source  # rewritten with the current source
    assert gone not in rewritten and len(rewritten) == first["compiled"]  # only what is used


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal data at all",
        marshal.dumps(((0, "cpython-00", 0, 0), {})),  # another interpreter's
        marshal.dumps(["a list", "not the format"]),
        marshal.dumps((interpreter_header(), {"shibokensupport/x.py\x000": "junk"})),
    ],
    ids=["empty", "garbage", "other interpreter", "wrong shape", "junk entry"],
)
def test_an_unusable_cache_file_means_compiling(tmp_path: Path, content: bytes) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    (cache_dir / CACHE_FILENAME).write_bytes(content)
    (cache_dir / CACHE_FILENAME).chmod(0o600)
    run = _import(cache_dir)
    assert run["hits"] == 0 and run["compiled"] >= 10
    assert _import(cache_dir)["hits"] == run["compiled"]  # and it was written anew


def test_an_unwritable_cache_folder_only_costs_the_compile(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    run = _import(blocker / "LeadDesk")
    assert run["compiled"] >= 10 and run["hits"] == 0
    assert blocker.read_text() == "a file where the cache folder would go"


def test_optimised_interpreters_keep_a_file_of_their_own(tmp_path: Path) -> None:
    """``python -O`` compiles other code (no asserts): like ``__pycache__``'s ``.opt-1``, it
    has its own file, and the two taking turns never rewrite each other's."""
    cache_dir = tmp_path / "cache"
    plain = _import(cache_dir)
    optimised = _import(cache_dir, "-O")
    assert optimised["hits"] == 0 and optimised["compiled"] == plain["compiled"]
    assert optimised["functions"] == _import("-", "-O")["functions"]
    assert _import(cache_dir, "-O")["hits"] == plain["compiled"]
    assert _import(cache_dir)["hits"] == plain["compiled"]
    assert sorted(p.name for p in cache_dir.iterdir()) == sorted(
        [CACHE_FILENAME, CACHE_FILENAME.replace(".marshal", ".opt-1.marshal")]
    )


def _cached(cache_dir: Path) -> int:
    """Entries served from the cache by one import."""
    return int(_import(cache_dir)["hits"])


def test_a_file_someone_else_may_write_is_not_read(tmp_path: Path) -> None:
    """The cache is code run in the vault's process: a file or folder others may write, or
    a file of another user's, is never read; LeadDesk's next write makes it private again."""
    cache_dir = tmp_path / "cache"
    entries = _import(cache_dir)["compiled"]
    cache_file = cache_dir / CACHE_FILENAME

    cache_file.chmod(0o620)  # group-writable
    assert _cached(cache_dir) == 0
    cache_file.chmod(0o600)
    assert _cached(cache_dir) == entries

    cache_dir.chmod(0o770)  # a folder others may write into (swap the file)
    assert _cached(cache_dir) == 0
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700  # tightened when written again
    assert _cached(cache_dir) == entries

    if os.geteuid() == 0:  # only root can give the file away
        os.chown(cache_file, 4242, -1)
        assert _cached(cache_dir) == 0
        assert cache_file.stat().st_uid == 0  # replaced by one of this user's
        assert _cached(cache_dir) == entries


def test_a_fifo_in_place_of_the_file_does_not_hang_the_launch(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir(mode=0o700)
    os.mkfifo(cache_dir / CACHE_FILENAME, 0o600)
    run = _import(cache_dir)  # the subprocess's timeout fails the test if it blocks
    assert run["hits"] == 0 and run["compiled"] >= 10
    assert stat.S_ISREG((cache_dir / CACHE_FILENAME).stat().st_mode)


def test_the_key_holds_the_future_flags(tmp_path: Path) -> None:
    cache = SupportCodeCache(tmp_path / CACHE_FILENAME)
    annotations = __future__.annotations.compiler_flag
    name = "shibokensupport/flags.py"
    plain = cache.compile(b"def f(x: Undefined): pass", name, "exec", 0, True)
    future = cache.compile(b"def f(x: Undefined): pass", name, "exec", annotations, True)
    assert cache.compiled == 2 and cache.hits == 0
    assert future is not plain and future.co_flags & annotations
    assert not plain.co_flags & annotations


def test_what_the_cache_does_not_serve(tmp_path: Path) -> None:
    """Text sources, an explicit optimisation level, other modes and flags: the builtin's."""
    cache = SupportCodeCache(tmp_path / CACHE_FILENAME)
    name = "shibokensupport/other.py"
    cache.compile("z = 1", name, "exec")
    cache.compile(b"z = 1", name, "exec", optimize=2)
    cache.compile(b"1", name, "eval")
    cache.compile(b"z = 1", name, "exec", ast.PyCF_ONLY_AST)
    assert cache.hits == cache.compiled == 0 and not cache.entries


def test_other_compile_calls_pass_through_with_the_callers_future_flags(tmp_path: Path) -> None:
    cache = SupportCodeCache(tmp_path / CACHE_FILENAME)
    annotations = __future__.annotations.compiler_flag
    # This module has "from __future__ import annotations": the builtin would inherit it.
    inherited = cache.compile(b"def f(x: Undefined): pass", "support.py", "exec")
    assert inherited.co_flags & annotations
    assert not cache.compile(b"x = 1", "elsewhere.py", "exec", dont_inherit=True).co_flags & (
        annotations
    )
    assert cache.compile("1 + 1", "<expr>", "eval").co_filename == "<expr>"
    assert cache.hits == cache.compiled == 0 and not cache.entries

    served = cache.compile(b"y = 2", "shibokensupport/extra.py", "exec")
    assert cache.compiled == 1
    assert cache.compile(b"y = 2", "shibokensupport/extra.py", "exec") is served
    assert cache.hits == 1
    assert cache.compile(b"y = 3", "shibokensupport/extra.py", "exec") is not served
    assert cache.compiled == 2


def test_compile_is_restored_even_when_the_import_fails(tmp_path: Path) -> None:
    cache = SupportCodeCache(tmp_path / CACHE_FILENAME)
    original = builtins.compile
    with pytest.raises(RuntimeError), cache.installed():
        assert builtins.compile == cache.compile
        raise RuntimeError("the import failed")
    assert builtins.compile is original


def test_nothing_is_cached_once_pyside_is_imported(tmp_path: Path) -> None:
    """In this test process PySide6 is imported already: the call is a plain import."""
    import PySide6.QtCore  # noqa: F401

    cache_dir = tmp_path / "cache"
    assert pyside_code_cache.import_pyside(cache_dir) is None
    assert not cache_dir.exists()


def test_the_app_fills_the_cache_at_launch_and_reads_it_after(tmp_path: Path) -> None:
    """Two launches of the desktop app to its unlock dialog: the first writes the cache
    under ``XDG_CACHE_HOME/LeadDesk``, the second loads every entry (nothing to write)."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "leaddesk.vault").write_bytes(b"x" * 4096)  # a vault is there: the unlock dialog
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        LEADDESK_STARTUP_PROBE=str(tmp_path / "probe.txt"),
        LEADDESK_STARTUP_PROBE_UNTIL="unlock-painted",
    )
    cache_file = tmp_path / "cache" / "LeadDesk" / CACHE_FILENAME

    def launch() -> None:
        done = subprocess.run(
            [sys.executable, "-m", "leaddesk", "--data-dir", str(data)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert "unlock-painted" in (tmp_path / "probe.txt").read_text()

    launch()
    written = cache_file.stat().st_mtime_ns
    assert len(_entries(cache_file)) >= 10
    launch()
    assert cache_file.stat().st_mtime_ns == written
