"""The headless commands, run as a user runs them: the real entry point in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leaddesk import __version__
from tests.conftest import PASSPHRASE

WRONG = "definitely-not-the-passphrase"


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leaddesk", *args],
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vault for the module (creating one costs about two seconds); tests only add."""
    root = tmp_path_factory.mktemp("cli")
    directory = root / "data"
    home = {
        "HOME": str(root),
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_DATA_HOME": str(root / "share"),
    }  # module fixtures run before per-test dirs
    done = run(
        "--data-dir",
        str(directory),
        "init",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
        env=home,
    )
    assert done.returncode == 0, done.stderr
    return directory


def _no_secret(result: subprocess.CompletedProcess[str], *secrets: str) -> None:
    for secret in (PASSPHRASE, WRONG, *secrets):
        assert secret not in result.stdout and secret not in result.stderr


def test_version_loads_neither_database_nor_qt() -> None:
    """What keeps ``--version`` fast is checked here; its time is the benchmark's."""
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"LeadDesk {__version__}"
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom leaddesk import cli\n"
            "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', sorted(m for m in ('sqlalchemy', 'PySide6', 'alembic') "
            "if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "HEAVY []" in probe.stdout, probe.stdout + probe.stderr


def test_help_lists_the_commands_and_options() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in ("init", "add", "export", "--data-dir", "--demo", "--version"):
        assert word in result.stdout
    add_help = run("add", "--help")
    for word in ("--quadrant", "--requester", "--needed-by", "--passphrase-stdin"):
        assert word in add_help.stdout


def test_init_creates_an_encrypted_vault_once(data_dir: Path) -> None:
    vault = data_dir / "leaddesk.vault"
    assert vault.is_file()
    assert not vault.read_bytes().startswith(b"SQLite format 3\x00")
    before = vault.read_bytes()
    again = run("--data-dir", str(data_dir), "init", "--passphrase-stdin", stdin="other\n")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert vault.read_bytes() == before


def test_add_prints_the_new_id_and_export_shows_the_task(data_dir: Path) -> None:
    first = run(
        "--data-dir",
        str(data_dir),
        "add",
        "Reply to Kim",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert first.returncode == 0, first.stderr
    second = run(
        "add",
        "Estimate the A/B test",
        "--quadrant",
        "do",
        "--requester",
        "Carla",
        "--needed-by",
        "2026-12-01",
        "--data-dir",
        str(data_dir),
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert second.returncode == 0, second.stderr
    ids = [int(first.stdout.strip()), int(second.stdout.strip())]
    assert ids[0] != ids[1]
    _no_secret(first)
    assert first.stderr == second.stderr == ""  # nothing logged, least of all the title

    export = run(
        "--data-dir",
        str(data_dir),
        "export",
        "--format",
        "json",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert export.returncode == 0, export.stderr
    data = json.loads(export.stdout)
    assert data["format"] == "leaddesk-export"
    tasks = {t["id"]: t for t in data["tasks"]}
    assert (tasks[ids[0]]["title"], tasks[ids[0]]["quadrant"]) == ("Reply to Kim", "inbox")
    assert (tasks[ids[1]]["quadrant"], tasks[ids[1]]["requester"]) == ("do", "Carla")
    assert tasks[ids[1]]["needed_by"] == "2026-12-01"
    _no_secret(export)


def test_a_wrong_passphrase_exits_2_and_changes_nothing(data_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    for command in (["add", "Should not land"], ["export"]):
        result = run(
            "--data-dir", str(data_dir), *command, "--passphrase-stdin", stdin=WRONG + "\n"
        )
        assert result.returncode == 2
        assert "wrong passphrase" in result.stderr.lower()
        assert result.stdout == ""
        _no_secret(result)
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert after == before


def test_only_the_line_ending_is_stripped_from_the_passphrase(tmp_path: Path) -> None:
    directory = tmp_path / "spaces"
    spaced = "  spaced out  "
    assert (
        run(
            "--data-dir", str(directory), "init", "--passphrase-stdin", stdin=spaced + "\r\n"
        ).returncode
        == 0
    )
    stripped = run(
        "--data-dir", str(directory), "export", "--passphrase-stdin", stdin=spaced.strip() + "\n"
    )
    assert stripped.returncode == 2
    exact = run(
        "--data-dir",
        str(directory),
        "export",
        "--passphrase-stdin",
        stdin=spaced + "\nsecond line ignored\n",
    )
    assert exact.returncode == 0, exact.stderr


def test_errors_are_clear_and_non_zero(tmp_path: Path, data_dir: Path) -> None:
    missing = run(
        "--data-dir",
        str(tmp_path / "none"),
        "add",
        "x",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert missing.returncode == 1
    assert "No vault" in missing.stderr and "leaddesk init" in missing.stderr
    assert not (tmp_path / "none").exists()

    empty_title = run(
        "--data-dir", str(data_dir), "add", "   ", "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert empty_title.returncode == 1
    assert "cannot be empty" in empty_title.stderr

    bad_date = run(
        "--data-dir",
        str(data_dir),
        "add",
        "x",
        "--needed-by",
        "next week",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert bad_date.returncode == 1 and "YYYY-MM-DD" in bad_date.stderr

    no_input = run("--data-dir", str(data_dir), "export", "--passphrase-stdin", stdin="")
    assert no_input.returncode == 1 and "standard input" in no_input.stderr

    demo_and_command = run("--demo", "--data-dir", str(data_dir), "export")
    assert demo_and_command.returncode == 1 and "--demo" in demo_and_command.stderr

    no_terminal = run("--data-dir", str(data_dir), "export")  # stdin is /dev/null, no TTY
    assert no_terminal.returncode == 1 and "--passphrase-stdin" in no_terminal.stderr


def test_the_passphrase_is_never_accepted_in_argv(data_dir: Path) -> None:
    for flag in (["--passphrase", PASSPHRASE], [f"--passphrase={PASSPHRASE}"], ["-p", PASSPHRASE]):
        result = run("--data-dir", str(data_dir), "export", *flag)
        assert result.returncode == 1
        assert result.stdout == ""


def test_the_data_dir_can_come_from_the_environment(tmp_path: Path) -> None:
    directory = tmp_path / "from-env"
    env = {"LEADDESK_DATA_DIR": str(directory)}
    assert run("init", "--passphrase-stdin", stdin=PASSPHRASE + "\n", env=env).returncode == 0
    assert (directory / "leaddesk.vault").is_file()
    added = run(
        "add", "From the environment", "--passphrase-stdin", stdin=PASSPHRASE + "\n", env=env
    )
    assert added.returncode == 0 and added.stdout.strip().isdigit()


def test_export_leaves_private_notes_out_unless_asked(app_paths, services) -> None:
    from leaddesk.services.demo import seed_demo

    seed_demo(services)
    private_body = "Getting a dog next month"
    services.close()
    args = ("--data-dir", str(app_paths.data_dir), "export", "--passphrase-stdin")

    plain = run(*args, stdin=PASSPHRASE + "\n")
    assert plain.returncode == 0, plain.stderr
    data = json.loads(plain.stdout)
    assert private_body not in plain.stdout
    assert "notes" not in data and "action_items" not in data
    assert len(data["people"]) == 8 and data["delegations"]

    full = run(*args, "--include-notes", stdin=PASSPHRASE + "\n")
    assert full.returncode == 0, full.stderr
    assert private_body in full.stdout
    assert json.loads(full.stdout)["notes"]


def test_init_on_a_terminal_asks_twice_and_refuses_a_mismatch(tmp_path: Path) -> None:
    pty = pytest.importorskip("pty")
    directory = tmp_path / "tty"

    def converse(answers: list[str]) -> tuple[int, str]:
        pid, fd = pty.fork()
        if pid == 0:  # child: the real entry point on a real terminal
            os.execv(
                sys.executable,
                [sys.executable, "-m", "leaddesk", "--data-dir", str(directory), "init"],
            )
        output = b""
        answered = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            # getpass flushes typed-ahead input, so answer each prompt once it is shown.
            while answered < min(output.count(b"passphrase: "), len(answers)):
                os.write(fd, (answers[answered] + "\n").encode())
                answered += 1
        _, status = os.waitpid(pid, 0)
        os.close(fd)
        return os.waitstatus_to_exitcode(status), output.decode(errors="replace")

    code, output = converse([PASSPHRASE, "something else"])
    assert code == 1 and "differ" in output
    assert not (directory / "leaddesk.vault").exists()
    code, output = converse([PASSPHRASE, PASSPHRASE])
    assert code == 0, output
    assert PASSPHRASE not in output  # not echoed
    assert (directory / "leaddesk.vault").is_file()


def test_encrypted_backup_moves_everything_to_a_new_machine(tmp_path: Path) -> None:
    old, new = tmp_path / "old-machine", tmp_path / "new-machine"
    pw = PASSPHRASE + "\n"
    assert run("--data-dir", str(old), "init", "--passphrase-stdin", stdin=pw).returncode == 0
    added = run("--data-dir", str(old), "add", "Carry me over", "--passphrase-stdin", stdin=pw)
    assert added.returncode == 0, added.stderr
    backup = tmp_path / "move.leaddesk"
    done = run(
        "--data-dir",
        str(old),
        "export",
        "--format",
        "backup",
        "--output",
        str(backup),
        "--passphrase-stdin",
        stdin=pw,
    )
    assert done.returncode == 0, done.stderr
    assert not backup.read_bytes().startswith(b"SQLite format 3")  # still encrypted
    assert b"Carry me over" not in backup.read_bytes()
    again = run(
        "--data-dir",
        str(old),
        "export",
        "--format",
        "backup",
        "--output",
        str(backup),
        "--passphrase-stdin",
        stdin=pw,
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    wrong = run(
        "--data-dir", str(new), "import-backup", str(backup), "--passphrase-stdin", stdin="not it\n"
    )
    assert wrong.returncode == 2 and not (new / "leaddesk.vault").exists()
    moved = run(
        "--data-dir", str(new), "import-backup", str(backup), "--passphrase-stdin", stdin=pw
    )
    assert moved.returncode == 0, moved.stderr
    exported = run("--data-dir", str(new), "export", "--passphrase-stdin", stdin=pw)
    assert exported.returncode == 0, exported.stderr
    assert [t["title"] for t in json.loads(exported.stdout)["tasks"]] == ["Carry me over"]
    assert "unencrypted" in exported.stderr


def test_backup_format_needs_an_output_file(data_dir: Path) -> None:
    result = run(
        "--data-dir",
        str(data_dir),
        "export",
        "--format",
        "backup",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 1 and "--output" in result.stderr


def test_add_reads_the_title_from_stdin_so_it_stays_out_of_argv(data_dir: Path) -> None:
    title = "Talk to Anna about her burnout"
    added = run(
        "--data-dir",
        str(data_dir),
        "add",
        "-",
        "--passphrase-stdin",
        stdin=f"{PASSPHRASE}\n{title}\n",
    )
    assert added.returncode == 0, added.stderr
    missing = run(
        "--data-dir", str(data_dir), "add", "-", "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert missing.returncode == 1 and "No title on standard input" in missing.stderr
    export = run(
        "--data-dir",
        str(data_dir),
        "export",
        "--format",
        "json",
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    titles = [t["title"] for t in json.loads(export.stdout)["tasks"]]
    assert titles.count(title) == 1 and "-" not in titles


# -- issue 19: passphrase rule, invalid UTF-8, no 0-byte vault, the valid date range -------
def _run_bytes(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "leaddesk", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )


@pytest.mark.parametrize(
    ("weak", "reason"),
    [("abc", "Too short"), ("password123", "Too easy to guess"), ("aaaaaaaaaaaa", "Too easy")],
)
def test_init_refuses_a_weak_passphrase_with_a_reason(
    tmp_path: Path, weak: str, reason: str
) -> None:
    directory = tmp_path / "weak"
    done = run("--data-dir", str(directory), "init", "--passphrase-stdin", stdin=weak + "\n")
    assert done.returncode == 1
    assert reason in done.stderr and "Nothing was created" in done.stderr
    assert "unexpected" not in done.stderr and weak not in done.stderr
    assert not (directory / "leaddesk.vault").exists()


@pytest.mark.parametrize("command", ["init", "export"])
def test_invalid_utf8_passphrase_on_stdin_is_a_clear_error(data_dir: Path, command: str) -> None:
    directory = data_dir if command == "export" else data_dir.parent / "fresh"
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    done = _run_bytes(
        "--data-dir", str(directory), command, "--passphrase-stdin", stdin=b"caf\xe9 \xff\xfe pw\n"
    )
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "not valid UTF-8" in err and "unexpected" not in err
    assert not (data_dir.parent / "fresh" / "leaddesk.vault").exists()  # no 0-byte vault
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before


def _titles(data_dir: Path) -> list[str]:
    exported = run(
        "--data-dir", str(data_dir), "export", "--passphrase-stdin", stdin=PASSPHRASE + "\n"
    )
    assert exported.returncode == 0, exported.stderr
    return [t["title"] for t in json.loads(exported.stdout)["tasks"]]


def test_invalid_utf8_title_on_stdin_is_a_clear_error(data_dir: Path) -> None:
    before = _titles(data_dir)
    done = _run_bytes(
        "--data-dir",
        str(data_dir),
        "add",
        "-",
        "--passphrase-stdin",
        stdin=PASSPHRASE.encode() + b"\nbad \xff title\n",
    )
    err = done.stderr.decode()
    assert done.returncode == 1 and "not valid UTF-8" in err and "unexpected" not in err
    assert _titles(data_dir) == before


def test_init_leaves_no_empty_vault_when_creation_fails(tmp_path: Path) -> None:
    directory = tmp_path / "readonly-parent"
    directory.mkdir()
    # A NUL byte cannot be part of a passphrase: refused before anything is created.
    done = run(
        "--data-dir", str(directory), "init", "--passphrase-stdin", stdin="a\x00bcdefghijk\n"
    )
    assert done.returncode == 1 and "unexpected" not in done.stderr
    assert list(directory.iterdir()) == []


@pytest.mark.parametrize("day", ["0001-01-01", "0226-12-01", "9999-12-31"])
def test_needed_by_outside_the_valid_range_is_refused(data_dir: Path, day: str) -> None:
    before = _titles(data_dir)
    done = run(
        "--data-dir",
        str(data_dir),
        "add",
        "Typo in the year",
        "--needed-by",
        day,
        "--passphrase-stdin",
        stdin=PASSPHRASE + "\n",
    )
    assert done.returncode == 1
    assert "outside the dates LeadDesk can keep" in done.stderr and "1900-01-01" in done.stderr
    assert _titles(data_dir) == before
