"""LeadDesk benchmark: ``python -m benchmarks.run [--quick] [--json FILE]``.

Prints one table (figure, five-year, fifty-year, CPU, floor, ratio, target, result) and
writes the same rows as JSON. Every figure is a median of several runs, next to the CPU
time of the same runs, and judged as a ratio to a floor measured in the same run. When the
load average before or after the run is above the number of cores, no figure is judged:
the table says "machine busy, rerun". ``--quick`` uses small vaults and few repeats so a
test can run it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import floors
from .generate import FIFTY_YEARS, FIVE_YEARS, PASSPHRASE, cached_vault
from .launcher import Launcher

ROOT = Path(__file__).resolve().parent.parent

FRAME_MS = 16.0  # one frame at 60 Hz
FRAME_REFERENCE_BARE_MS = 200.0  # the bare-window launch the 16 ms frame is scaled against
LAUNCH_VS_BARE, LAUNCH_VS_KEEPASSXC = 1.25, 1.0
UNLOCK_VS_RAW, FIFTY_VS_FIVE = 2.0, 1.2
PEAK_RSS_MB = 120.0
CARD_MOVE_STATEMENTS = 6  # issue 14: the write plus the visible board


@dataclass
class Row:
    figure: str
    unit: str
    five_year: float | None
    fifty_year: float | None
    floor: float | None
    target: str
    passed: bool | None
    note: str = ""
    cpu_five_year: float | None = None
    cpu_fifty_year: float | None = None
    floor_fifty_year: float | None = None
    ratio: float | None = None  # the judged ratio (figure / floor, or fifty / five)
    section: str = ""


def one_line(text: str, limit: int = 240) -> str:
    """Notes end up in a table: one line each (a child's stderr tail has many)."""
    return " ".join(text.split())[:limit]


def _safe(fn: Callable[[], Any], notes: list[str], label: str) -> Any:
    try:
        return fn()
    except Exception as exc:  # a figure that cannot be taken is reported, not fatal
        notes.append(one_line(f"{label}: {type(exc).__name__}: {exc}"))
        return None


def _ratio(value: float | None, floor: float | None) -> float | None:
    if value is None or not floor:
        return None
    return value / floor


def _within(ratio: float | None, limit: float) -> bool | None:
    return None if ratio is None else ratio <= limit


def _get(d: dict | None, key: str) -> Any:
    return None if d is None else d.get(key)


def run(quick: bool, data_root: Path, rebuild: bool) -> tuple[list[Row], list[str], dict]:
    # The launcher first, while this process is still small (see launcher.py).
    launcher = Launcher()
    extra: dict[str, Any] = {}
    notes: list[str] = []
    if launcher.x_note:
        notes.append(f"peers: {launcher.x_note}")
    try:
        extra["launcher_peak_rss_mb"] = launcher.call("benchmarks.startup", "own_peak_rss_mb")
    except RuntimeError as exc:  # xvfb-run itself failed (no xauth, no free display, ...)
        launcher.close()
        notes.append(one_line(f"peers: xvfb-run failed ({exc}); no X server"))
        launcher = Launcher(x_server=False)
        extra["launcher_peak_rss_mb"] = launcher.call("benchmarks.startup", "own_peak_rss_mb")
    try:
        rows = _run(quick, data_root, rebuild, launcher, notes, extra)
    finally:
        launcher.close()
    return rows, notes, extra


def _run(
    quick: bool,
    data_root: Path,
    rebuild: bool,
    launcher: Launcher,
    notes: list[str],
    extra: dict[str, Any],
) -> list[Row]:
    five = FIVE_YEARS if not quick else FIVE_YEARS.scaled(0.02, "quick-five")
    fifty = FIFTY_YEARS if not quick else FIFTY_YEARS.scaled(0.004, "quick-fifty")
    repeats = 2 if quick else 7
    startup_repeats = 1 if quick else 5
    # 25 rounds (~12 s): with 7, the median of the same program moved by ~10% between runs
    # (LeadDesk's two vault rows, the same dialog, read 131 and 147 ms in one run), which is
    # more than the margins the peer targets judge.
    peer_rounds = 1 if quick else 25
    print(f"Preparing vaults in {data_root} ...", file=sys.stderr)
    five_vault = cached_vault(data_root, five, rebuild=rebuild)
    fifty_vault = cached_vault(data_root, fifty, rebuild=rebuild)
    five_dir, fifty_dir = str(five_vault.parent), str(fifty_vault.parent)
    rows: list[Row] = []

    def spawn(label: str, module: str, function: str, *args: Any) -> Any:
        return _safe(lambda: launcher.call(module, function, *args), notes, label)

    # Start-up, offscreen -------------------------------------------------------------
    print("Start-up (offscreen) ...", file=sys.stderr)
    section = "start-up (offscreen, fresh processes from the launcher)"
    bare = spawn("bare window", "benchmarks.floors", "bare_window", startup_repeats)
    launch5 = spawn("launch", "benchmarks.startup", "launch_to_unlock", five_dir, startup_repeats)
    launch50 = spawn("launch", "benchmarks.startup", "launch_to_unlock", fifty_dir, startup_repeats)
    l5, l50, bare_ms = _get(launch5, "ms"), _get(launch50, "ms"), _get(bare, "ms")
    ratio = _ratio(l5, bare_ms)
    rows.append(
        Row(
            "launch to unlock dialog painted",
            "ms",
            l5,
            l50,
            bare_ms,
            f"<= {LAUNCH_VS_BARE}x bare window",
            _within(ratio, LAUNCH_VS_BARE),
            f"bare window CPU {bare['cpu_ms']:.0f} ms" if bare else "",
            _get(launch5, "cpu_ms"),
            _get(launch50, "cpu_ms"),
            ratio=ratio,
            section=section,
        )
    )
    if l5 and l50:
        rows.append(
            Row(
                "start-up, fifty-year / five-year",
                "x",
                1.0,
                l50 / l5,
                None,
                f"<= {FIFTY_VS_FIVE}x",
                l50 / l5 <= FIFTY_VS_FIVE,
                ratio=l50 / l5,
                section=section,
            )
        )
    raw_unlock = _safe(
        lambda: floors.raw_unlock(five_vault, PASSPHRASE, repeats), notes, "raw unlock"
    )
    raw_unlock50 = _safe(
        lambda: floors.raw_unlock(fifty_vault, PASSPHRASE, repeats), notes, "raw unlock"
    )
    # five and fifty years alternating (their ratio is judged), 7 samples each
    mains = spawn(
        "unlock",
        "benchmarks.startup",
        "unlock_to_main",
        [five_dir, fifty_dir],
        PASSPHRASE,
        startup_repeats if quick else 7,
    )
    main5, main50 = mains if mains else (None, None)
    u5, u50 = _get(main5, "unlock_ms"), _get(main50, "unlock_ms")
    ratio = _ratio(u5, _get(raw_unlock, "ms"))
    rows.append(
        Row(
            "passphrase accepted to main window painted",
            "ms",
            u5,
            u50,
            _get(raw_unlock, "ms"),
            f"<= {UNLOCK_VS_RAW}x raw unlock",
            _within(ratio, UNLOCK_VS_RAW),
            "",
            _get(main5, "unlock_cpu_ms"),
            _get(main50, "unlock_cpu_ms"),
            floor_fifty_year=_get(raw_unlock50, "ms"),
            ratio=ratio,
            section=section,
        )
    )
    if u5 and u50:
        rows.append(
            Row(
                "passphrase to main window, fifty-year / five-year",
                "x",
                1.0,
                u50 / u5,
                None,
                f"<= {FIFTY_VS_FIVE}x",
                u50 / u5 <= FIFTY_VS_FIVE,
                ratio=u50 / u5,
                section=section,
            )
        )
    rows.append(
        Row(
            "first unlock of a day: passphrase to main window painted",
            "ms",
            _get(main5, "first_unlock_ms"),
            _get(main50, "first_unlock_ms"),
            None,
            "reference",
            None,
            "the warm-up run, one sample (verifier written, no backup today yet): page "
            "check, B-tree walk and daily backup follow in the background",
            _get(main5, "first_unlock_cpu_ms"),
            _get(main50, "first_unlock_cpu_ms"),
            section=section,
        )
    )
    check5 = _safe(lambda: floors.page_check(five_vault, PASSPHRASE, 3), notes, "page check")
    check50 = _safe(lambda: floors.page_check(fifty_vault, PASSPHRASE, 3), notes, "page check")
    rows.append(
        Row(
            "of which: every page's HMAC checked at unlock (raw)",
            "ms",
            _get(check5, "ms"),
            _get(check50, "ms"),
            None,
            "reference",
            None,
            "PRAGMA cipher_integrity_check alone, on a fresh connection (storage/vault.py)",
            _get(check5, "cpu_ms"),
            _get(check50, "cpu_ms"),
            section=section,
        )
    )
    r5, r50 = _get(main5, "peak_rss_mb"), _get(main50, "peak_rss_mb")
    rows.append(
        Row(
            "peak RSS after visiting every area",
            "MB",
            r5,
            r50,
            None,
            f"< {PEAK_RSS_MB:.0f} MB VmHWM (five-year)",
            None if r5 is None else r5 < PEAK_RSS_MB,
            (
                f"peak at the unlock dialog {main5['peak_rss_at_dialog_mb']:.0f} MB, "
                f"at the main window {main5['peak_rss_at_window_mb']:.0f} MB (five-year)"
            )
            if main5
            else "",
            section=section,
        )
    )
    rows.append(
        Row(
            "peak RSS on the first unlock of a day",
            "MB",
            _get(main5, "first_unlock_peak_rss_mb"),
            _get(main50, "first_unlock_peak_rss_mb"),
            None,
            "reference",
            None,
            "the warm-up run: every area visited while the page check, B-tree walk and daily "
            "backup run in the background (the probe's quit may stop the backup)",
            section=section,
        )
    )

    # Peers, side by side under Xvfb --------------------------------------------------
    print("Peers (xcb) ...", file=sys.stderr)
    section = "peers under xvfb-run, QT_QPA_PLATFORM=xcb: spawn to first MapNotify"
    peers = spawn(
        "peers",
        "benchmarks.peers",
        "side_by_side",
        {"leaddesk-five": five_dir, "leaddesk-fifty": fifty_dir},
        peer_rounds,
        0 if quick else 1,  # quick: no warm-up round (a test checks the figures exist)
    )
    extra["peers"] = peers
    if peers is None or "_skipped" in (peers or {}):
        why = (peers or {}).get("_skipped", "see notes")
        notes.append(f"peers: skipped, {why}")
        peers = {}
    notes.extend(f"peers: {n}" for n in peers.get("_notes", []))
    bare_x, kp, ld5, ld50 = (
        peers.get(k) for k in ("bare", "keepassxc", "leaddesk-five", "leaddesk-fifty")
    )

    def peer_note(fig: dict | None) -> str:
        if not fig:
            return ""
        rss, hwm, runs = fig["rss_mb"], fig["hwm_mb"], fig["runs"]
        return f"RSS at the window {rss:.0f} MB (peak {hwm:.0f}), {runs} runs"

    rows.append(
        Row(
            "bare PySide6 window mapped (xcb)",
            "ms",
            _get(bare_x, "ms"),
            None,
            None,
            "floor",
            None,
            peer_note(bare_x) or "n/a: " + "; ".join(n for n in notes if n.startswith("peers")),
            _get(bare_x, "cpu_ms"),
            section=section,
        )
    )
    kp_note = peer_note(kp) or "n/a: " + (
        next((n for n in notes if "KeePassXC" in n or "keepassxc" in n), "not measured")
    )
    rows.append(
        Row(
            "KeePassXC 2.7 unlock screen mapped (xcb)",
            "ms",
            _get(kp, "ms"),
            None,
            None,
            "peer",
            None,
            kp_note,
            _get(kp, "cpu_ms"),
            section=section,
        )
    )
    x5 = _get(ld5, "ms")
    vs_bare, vs_kp = _ratio(x5, _get(bare_x, "ms")), _ratio(x5, _get(kp, "ms"))
    judged = [
        v
        for v in (_within(vs_bare, LAUNCH_VS_BARE), _within(vs_kp, LAUNCH_VS_KEEPASSXC))
        if v is not None
    ]
    kp_part = f", {vs_kp:.2f}x KeePassXC" if vs_kp is not None else ", no KeePassXC"
    rows.append(
        Row(
            "LeadDesk unlock dialog mapped (xcb)",
            "ms",
            x5,
            _get(ld50, "ms"),
            _get(bare_x, "ms"),
            f"<= {LAUNCH_VS_BARE}x bare, <= {LAUNCH_VS_KEEPASSXC}x KeePassXC",
            None if vs_bare is None else all(judged),
            (peer_note(ld5) + (f"; {vs_bare:.2f}x bare{kp_part}" if vs_bare else ""))
            or "n/a: not measured",
            _get(ld5, "cpu_ms"),
            _get(ld50, "cpu_ms"),
            ratio=vs_bare,
            section=section,
        )
    )

    # Storage -------------------------------------------------------------------------
    print("Encryption overhead ...", file=sys.stderr)
    section = "storage (five-year vault)"
    try:
        overhead = floors.encryption_overhead(five_vault, PASSPHRASE, data_root, repeats * 3)
        # Warm is the app's case (one long-lived connection with its page cache): judged.
        # Cold (every page decrypted and its HMAC checked again) is shown for reference:
        # SQLCipher's per-page crypto keeps it at 2-3.5x whatever the app does (README).
        for label, enc_key, plain_key, judged in (
            (
                "indexed query, SQLCipher vs SQLite, warm cache",
                "sqlcipher_warm_ms",
                "sqlite_warm_ms",
                True,
            ),
            (
                "indexed query, SQLCipher vs SQLite, cold cache",
                "sqlcipher_ms",
                "sqlite_ms",
                False,
            ),
        ):
            ratio = overhead[enc_key] / max(overhead[plain_key], 1e-6)
            rows.append(
                Row(
                    label,
                    "ms",
                    overhead[enc_key],
                    None,
                    overhead[plain_key],
                    "<= 1.5x" if judged else "reference (per-page decrypt)",
                    (ratio <= 1.5) if judged else None,
                    cpu_five_year=overhead[enc_key + "_cpu"],
                    ratio=ratio,
                    section=section,
                )
            )
    except Exception as exc:
        notes.append(one_line(f"encryption overhead: {type(exc).__name__}: {exc}"))
    write_floor = _safe(
        lambda: floors.committed_write(five_vault, PASSPHRASE, data_root, repeats * 3),
        notes,
        "committed write floor",
    )
    if write_floor:
        rows.append(
            Row(
                "committed one-row write (raw, WAL, synchronous FULL)",
                "ms",
                write_floor["ms"],
                None,
                None,
                "reference",
                None,
                "the fsync most of it",
                write_floor["cpu_ms"],
                section=section,
            )
        )

    # Interactions (in-process, offscreen) --------------------------------------------
    print("Interactions ...", file=sys.stderr)
    section = "interactions (in-process, offscreen), each against its own floor"
    from .interactions import JUDGED_AT_FIFTY, TARGETS

    try:
        from .interactions import measure

        five_fig = measure(five_vault, repeats, count_statements=True)
        fifty_fig = measure(fifty_vault, repeats)
    except Exception as exc:
        notes.append(one_line(f"interactions: {type(exc).__name__}: {exc}"))
        five_fig = fifty_fig = {}
    figure_notes = [*five_fig.get("_notes", []), *fifty_fig.get("_notes", [])]
    for name, (limit, target_text) in TARGETS.items():
        v5, v50 = five_fig.get(name), fifty_fig.get(name)
        f5 = five_fig.get("_floor", {}).get(name)
        f50 = fifty_fig.get("_floor", {}).get(name)
        at_fifty = name in JUDGED_AT_FIFTY
        ratio = _ratio(v50, f50) if at_fifty else _ratio(v5, f5)
        own = [n for n in figure_notes if n.startswith(f"{name} (")]
        if v5 is None and v50 is None and not own:
            own = [f"{name}: n/a, not measured"]
        other = _ratio(v5, f5) if at_fifty else _ratio(v50, f50)
        if other is not None:
            own.insert(0, f"{'five' if at_fifty else 'fifty'}-year ratio {other:.2f}x")
        rows.append(
            Row(
                name,
                "ms",
                v5,
                v50,
                f5,
                target_text,
                _within(ratio, limit),
                "; ".join(own),
                five_fig.get("_cpu", {}).get(name),
                fifty_fig.get("_cpu", {}).get(name),
                floor_fifty_year=f50,
                ratio=ratio,
                section=section,
            )
        )
    w5, w50 = five_fig.get("switch weeks"), fifty_fig.get("switch weeks")
    if w5 and w50:
        rows.append(
            Row(
                "week switch, fifty-year / five-year",
                "x",
                1.0,
                w50 / w5,
                None,
                f"<= {FIFTY_VS_FIVE}x",
                w50 / w5 <= FIFTY_VS_FIVE,
                ratio=w50 / w5,
                section=section,
            )
        )
    notes.extend(n for n in figure_notes if not any(n.startswith(f"{k} (") for k in TARGETS))

    # SQL statements per action (issue 14) ---------------------------------------------
    section = "SQL statements per action (five-year; every area built, a person page open)"
    counts = five_fig.get("_statements", {})
    extra["statements"] = counts
    for name in (
        "move a card",
        "move a card, board alone",
        "move a block",
        "save a quick note",
        "check in on a delegation",
    ):
        c = counts.get(name)
        is_card = name == "move a card"
        rows.append(
            Row(
                f"SQL statements: {name}",
                "stmts",
                None if c is None else float(c["statements"]),
                None,
                None,
                f"<= {CARD_MOVE_STATEMENTS} (issue 14)" if is_card else "reported",
                None if c is None or not is_card else c["statements"] <= CARD_MOVE_STATEMENTS,
                "n/a: not counted"
                if c is None
                else (
                    f"{c['reads']} reads, {c['writes']} writes, {c['other']} other, "
                    f"in {c['transactions']} transactions (+{c['control']} BEGIN/COMMIT)"
                ),
                section=section,
            )
        )

    # Planning (issue 16): the ms targets are the reference machine's; here they are
    # scaled by this machine's bare-window floor against the 200 ms reference, like the frame.
    section = "planning and search (issues 16, 15; target: the issue's ms x bare window / 200 ms)"
    from .planner_figures import capture_parse_figure, proposal_figure

    scale = (bare_ms / FRAME_REFERENCE_BARE_MS) if bare_ms else 1.0
    planning = (
        (
            "week proposal: 30 tasks, 40 blocks, 5 one-on-ones",
            _safe(lambda: proposal_figure(10 if quick else 50), notes, "week proposal"),
            50.0,
        ),
        (
            "parse one capture line",
            _safe(lambda: capture_parse_figure(50 if quick else 200), notes, "capture parse"),
            None,
        ),
        (
            "open quick capture and parse a line",
            five_fig.get("open quick capture and parse a line"),
            16.0,
        ),
    )
    planning = (
        *planning,
        (
            "one search (Ctrl+K), results shown",
            five_fig.get("one search (Ctrl+K), results shown"),
            20.0,
        ),
    )
    for name, value, target_ms in planning:
        limit = None if target_ms is None else target_ms * scale
        rows.append(
            Row(
                name,
                "ms",
                value,
                None,
                None,
                "reported" if limit is None else f"<= {limit:.1f} ms ({target_ms:.0f} ms scaled)",
                None if value is None or limit is None else value <= limit,
                section=section,
            )
        )

    # Calendar subscriptions (issue 17): the refresh's ms target is the reference machine's,
    # scaled like the planning rows; the week switch is a read, judged against its floor.
    section = "calendar subscriptions (issue 17; five-year vault, a 5,000-event calendar)"
    print("Calendar subscriptions ...", file=sys.stderr)
    from .calendar_figures import REFRESH_TARGET_MS, subscription_figures
    from .interactions import READ, READ_TEXT, settle

    cal = _safe(
        lambda: subscription_figures(five_vault, 1 if quick else 5, settle),
        notes,
        "calendar subscriptions",
    )
    cal = cal or {}
    limit = REFRESH_TARGET_MS * scale
    store = cal.get("_store", {})
    cal_notes = "; ".join(cal.get("_notes", []))
    for name, judged in (
        ("subscription refresh, after a change", True),
        ("subscription refresh, first read", True),
        ("subscription refresh, unchanged", True),
    ):
        value = cal.get(name)
        part = store.get(name)
        rows.append(
            Row(
                f"{name} (5,000 events)",
                "ms",
                None if value is None else value[0],
                None,
                None,
                f"<= {limit:.0f} ms ({REFRESH_TARGET_MS:.0f} ms scaled)",
                None if value is None or not judged else value[0] <= limit,
                (
                    f"of which {part[0]:.1f} ms (CPU {part[1]:.1f}) storing on the vault's "
                    "thread; the rest is the worker's read, parse and expand"
                )
                if part
                else "n/a: " + (cal_notes or "not measured"),
                None if value is None else value[1],
                section=section,
            )
        )
    name = "switch weeks, 40 subscribed meetings"
    value, floor = cal.get(name), cal.get("_floor", {}).get(name)
    ratio = _ratio(None if value is None else value[0], None if floor is None else floor[0])
    rows.append(
        Row(
            name,
            "ms",
            None if value is None else value[0],
            None,
            None if floor is None else floor[0],
            READ_TEXT,
            _within(ratio, READ),
            cal_notes or "n/a: not measured",
            None if value is None else value[1],
            ratio=ratio,
            section=section,
        )
    )

    # Reference: one frame on this machine ----------------------------------------------
    if bare_ms:
        frame = FRAME_MS * bare_ms / FRAME_REFERENCE_BARE_MS
        extra["frame_budget_ms"] = frame
        rows.append(
            Row(
                "one-frame budget on this machine (reference)",
                "ms",
                frame,
                None,
                None,
                "reference",
                None,
                f"16 ms x bare window {bare_ms:.0f} ms / 200 ms: a figure under this feels instant",
                section="reference",
            )
        )

    for row in rows:  # a missing figure always says why
        five_only = row.figure.startswith(
            (
                "indexed query",
                "SQL statements",
                "committed",
                "one-frame",
                "bare PySide6",
                "KeePassXC",
                "week proposal",
                "parse one capture line",
                "open quick capture",
                "one search (Ctrl+K)",
                "subscription refresh",
                "switch weeks, 40 subscribed",
            )
        )
        missing = row.five_year is None or (row.fifty_year is None and not five_only)
        if missing and "n/a" not in row.note:
            why = "; ".join(notes) if notes else "not measured"
            row.note = (row.note + "; " if row.note else "") + f"n/a: {why}"[:400]
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return rows


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "stmts":
        return f"{value:.0f}"
    return f"{value:.1f}"


def _pair(a: float | None, b: float | None) -> str:
    if a is None and b is None:
        return ""
    return f"{_fmt(a)}/{_fmt(b)}" if b is not None else _fmt(a)


def result_text(row: Row, busy: bool) -> str:
    if row.passed is None:
        return ""
    if busy:
        return "busy"
    return "pass" if row.passed else "MISS"


def print_table(rows: list[Row], busy: bool) -> None:
    header = (
        "figure",
        "unit",
        "five-year",
        "fifty-year",
        "cpu 5y/50y",
        "floor 5y/50y",
        "ratio",
        "target",
        "result",
    )
    table = [header]
    for r in rows:
        ratio = "" if r.ratio is None or r.unit == "x" else f"{r.ratio:.2f}x"
        table.append(
            (
                r.figure,
                r.unit,
                _fmt(r.five_year, r.unit),
                _fmt(r.fifty_year, r.unit) if r.fifty_year is not None or r.unit != "stmts" else "",
                _pair(r.cpu_five_year, r.cpu_fifty_year),
                _pair(r.floor, r.floor_fifty_year),
                ratio,
                r.target,
                result_text(r, busy),
            )
        )
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("-+-".join("-" * w for w in widths))


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small vaults, few repeats")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to FILE")
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data", help="vault cache")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the vaults")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = _load()
    sampler = LoadSampler()
    sampler.start()
    try:
        rows, notes, extra = run(args.quick, args.data, args.rebuild)
    finally:
        sampler.stop()
    load_after = _load()
    cores = os.cpu_count() or 1
    peak_load = max([x[0] for x in (load_before, load_after) if x] + sampler.samples, default=0)
    busy = peak_load > cores
    print_table(rows, busy)
    for r in rows:
        if r.note:
            print(f"  note: {r.figure}: {r.note}")
    if busy:
        print(
            f"MACHINE BUSY, RERUN: the load average ({load_before} before, {load_after} after, "
            f"up to {peak_load:.2f} during) was above the {cores} cores; no figure is judged "
            "pass or miss."
        )
    else:
        misses = [r.figure for r in rows if r.passed is False]
        print(f"{len(misses)} miss(es): {', '.join(misses) or 'none'}")
    machine = {
        "cores": os.cpu_count(),
        "cpu": cpu_model(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "load_average_peak": round(peak_load, 2),
        "busy": busy,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": when,
        "launcher_peak_rss_mb": extra.get("launcher_peak_rss_mb"),
    }
    print(
        f"({when}; benchmark took {time.perf_counter() - started:.1f} s on {machine['cores']} "
        f"cores, {machine['cpu']}; load average {load_before} before, {load_after} after, "
        f"peak {peak_load:.2f}; "
        f"launcher peak RSS {_fmt(extra.get('launcher_peak_rss_mb'))} MB; "
        f"{'quick' if args.quick else 'full'} run)"
    )
    if args.json:
        payload = {
            "quick": args.quick,
            "machine": machine,
            "rows": [asdict(r) | {"result": result_text(r, busy)} for r in rows],
            "peers": extra.get("peers"),
            "statements": extra.get("statements"),
            "notes": notes,
        }
        args.json.write_text(json.dumps(payload, indent=2))
    return 0


class LoadSampler(threading.Thread):
    """The 1-minute load average every few seconds while the benchmark runs: a busy spell
    in the middle counts as much as one at either end."""

    def __init__(self, every: float = 5.0) -> None:
        super().__init__(name="load-sampler", daemon=True)
        self.every = every
        self.samples: list[float] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.every):
            load = _load()
            if load:
                self.samples.append(load[0])

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=10)


def _load() -> list[float] | None:
    """1/5/15-minute load averages: other work on the machine inflates every wall time."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


if __name__ == "__main__":
    status = main()
    # The in-process figures leave real widgets behind; PySide6 can crash while the
    # interpreter tears them down ("none_dealloc" during the final garbage collection),
    # which would turn a finished run into a failure. Everything is written: leave now.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
