"""LeadDesk benchmark: ``python -m benchmarks.run [--quick] [--json FILE]``.

Prints one table (figure, five-year, fifty-year, floor, ratio, target, pass/fail) and
writes the same rows as JSON. Every figure is a median of several runs; every start-up run
is a fresh process. ``--quick`` uses small vaults and few repeats so a test can run it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from . import floors, startup
from .generate import FIFTY_YEARS, FIVE_YEARS, PASSPHRASE, cached_vault

ROOT = Path(__file__).resolve().parent.parent


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
    cpu_five_year: float | None = None  # in-process figures: CPU ms besides the wall ms
    cpu_fifty_year: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.five_year is None:
            return None
        if self.floor:
            return self.five_year / self.floor
        if self.fifty_year is not None and self.five_year:
            return self.fifty_year / self.five_year
        return None


def one_line(text: str, limit: int = 240) -> str:
    """Notes end up in a table: one line each (a child's stderr tail has many)."""
    return " ".join(text.split())[:limit]


def _safe(fn: Callable[[], float], notes: list[str], label: str) -> float | None:
    try:
        return fn()
    except Exception as exc:  # a figure that cannot be taken is reported, not fatal
        notes.append(one_line(f"{label}: {type(exc).__name__}: {exc}"))
        return None


WRITE_FIGURES = ("move a card", "move a block")  # their floor: one committed write


def run(quick: bool, data_root: Path, rebuild: bool) -> tuple[list[Row], list[str]]:
    five = FIVE_YEARS if not quick else FIVE_YEARS.scaled(0.02, "quick-five")
    fifty = FIFTY_YEARS if not quick else FIFTY_YEARS.scaled(0.004, "quick-fifty")
    repeats = 2 if quick else 7
    startup_repeats = 1 if quick else 5
    print(f"Preparing vaults in {data_root} ...", file=sys.stderr)
    five_vault = cached_vault(data_root, five, rebuild=rebuild)
    fifty_vault = cached_vault(data_root, fifty, rebuild=rebuild)
    rows: list[Row] = []
    notes: list[str] = []

    # Start-up ----------------------------------------------------------------------
    print("Start-up ...", file=sys.stderr)
    bare = _safe(lambda: floors.bare_window_ms(startup_repeats), notes, "bare window")
    launch5 = _safe(
        lambda: startup.launch_to_unlock_ms(five_vault.parent, startup_repeats), notes, "launch"
    )
    launch50 = _safe(
        lambda: startup.launch_to_unlock_ms(fifty_vault.parent, startup_repeats), notes, "launch"
    )
    rows.append(
        Row(
            "launch to unlock dialog painted",
            "ms",
            launch5,
            launch50,
            bare,
            "<= 2x bare window",
            None if launch5 is None or bare is None else launch5 <= 2 * bare,
        )
    )
    raw_unlock = _safe(
        lambda: floors.raw_unlock_ms(five_vault, PASSPHRASE, repeats), notes, "raw unlock"
    )
    main5: dict[str, float] = {}
    main50: dict[str, float] = {}
    try:
        main5 = startup.unlock_to_main(five_vault.parent, PASSPHRASE, startup_repeats)
        main50 = startup.unlock_to_main(fifty_vault.parent, PASSPHRASE, startup_repeats)
    except Exception as exc:
        notes.append(one_line(f"unlock to main window: {type(exc).__name__}: {exc}"))
    u5, u50 = main5.get("unlock_ms"), main50.get("unlock_ms")
    rows.append(
        Row(
            "passphrase accepted to main window painted",
            "ms",
            u5,
            u50,
            raw_unlock,
            "<= raw unlock + 300 ms",
            None if u5 is None or raw_unlock is None else u5 <= raw_unlock + 300,
        )
    )
    r5, r50 = main5.get("peak_rss_mb"), main50.get("peak_rss_mb")
    rows.append(
        Row(
            "peak RSS after visiting every area",
            "MB",
            r5,
            r50,
            None,
            "< 150 MB (five-year)",
            None if r5 is None else r5 < 150,
        )
    )
    if launch5 and launch50:
        rows.append(
            Row(
                "start-up, fifty-year / five-year",
                "x",
                1.0,
                launch50 / launch5,
                None,
                "<= 1.2x",
                launch50 / launch5 <= 1.2,
            )
        )

    # Storage -----------------------------------------------------------------------
    print("Encryption overhead ...", file=sys.stderr)
    try:
        overhead = floors.encryption_overhead(five_vault, PASSPHRASE, data_root, repeats * 3)
        for label, enc_key, plain_key in (
            (
                "indexed query, SQLCipher vs SQLite, warm cache",
                "sqlcipher_warm_ms",
                "sqlite_warm_ms",
            ),
            ("indexed query, SQLCipher vs SQLite, cold cache", "sqlcipher_ms", "sqlite_ms"),
        ):
            ratio = overhead[enc_key] / max(overhead[plain_key], 1e-6)
            rows.append(
                Row(
                    label,
                    "ms",
                    overhead[enc_key],
                    None,
                    overhead[plain_key],
                    "<= 1.5x",
                    ratio <= 1.5,
                )
            )
    except Exception as exc:
        notes.append(one_line(f"encryption overhead: {type(exc).__name__}: {exc}"))

    write_floor = _safe(
        lambda: floors.committed_write_ms(five_vault, PASSPHRASE, data_root, repeats * 3),
        notes,
        "committed write floor",
    )

    # Interactions (in-process, offscreen) --------------------------------------------
    print("Interactions ...", file=sys.stderr)
    try:
        from .interactions import TARGETS, measure

        five_fig = measure(five_vault, repeats)
        fifty_fig = measure(fifty_vault, repeats)
        figure_notes = [*five_fig.get("_notes", []), *fifty_fig.get("_notes", [])]
        for name, (target_ms, target_text) in TARGETS.items():
            v5, v50 = five_fig.get(name), fifty_fig.get(name)
            passed = None if v5 is None or target_ms is None else v5 < target_ms
            floor = write_floor if name in WRITE_FIGURES else None
            own = [n for n in figure_notes if n.startswith(f"{name} (")]
            if v5 is None and v50 is None and not own:
                own = [f"{name}: n/a, not measured"]
            rows.append(
                Row(
                    name,
                    "ms",
                    v5,
                    v50,
                    floor,
                    target_text,
                    passed,
                    "; ".join(own),
                    five_fig.get("_cpu", {}).get(name),
                    fifty_fig.get("_cpu", {}).get(name),
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
                    "<= 1.2x",
                    w50 / w5 <= 1.2,
                )
            )
        notes.extend(n for n in figure_notes if not any(n.startswith(f"{k} (") for k in TARGETS))
    except Exception as exc:
        notes.append(one_line(f"interactions: {type(exc).__name__}: {exc}"))
        from .interactions import TARGETS as NAMES

        for name, (_ms, target_text) in NAMES.items():
            rows.append(
                Row(name, "ms", None, None, None, target_text, None, one_line(f"n/a: {exc!r}"))
            )

    for row in rows:  # a missing figure always says why
        five_only = row.figure.startswith("indexed query")  # taken on the five-year vault
        missing = row.five_year is None or (row.fifty_year is None and not five_only)
        if missing and "n/a" not in row.note:
            why = "; ".join(notes) if notes else "not measured"
            row.note = (row.note + "; " if row.note else "") + f"n/a: {why}"[:400]
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return rows, notes


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.1f}"


def print_table(rows: list[Row]) -> None:
    header = (
        "figure",
        "unit",
        "five-year",
        "fifty-year",
        "cpu 5y/50y",
        "floor",
        "ratio",
        "target",
        "result",
    )
    table = [header]
    for r in rows:
        result = "n/a" if r.passed is None else ("pass" if r.passed else "FAIL")
        ratio = "" if r.ratio is None or r.unit == "x" else f"{r.ratio:.2f}x"
        cpu = (
            ""
            if r.cpu_five_year is None and r.cpu_fifty_year is None
            else f"{_fmt(r.cpu_five_year)}/{_fmt(r.cpu_fifty_year)}"
        )
        table.append(
            (
                r.figure,
                r.unit,
                _fmt(r.five_year, r.unit),
                _fmt(r.fifty_year, r.unit),
                cpu,
                _fmt(r.floor),
                ratio,
                r.target,
                result,
            )
        )
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
        if i == 0:
            print("-+-".join("-" * w for w in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small vaults, few repeats")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to FILE")
    parser.add_argument("--data", type=Path, default=ROOT / "bench-data", help="vault cache")
    parser.add_argument("--rebuild", action="store_true", help="regenerate the vaults")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_before = _load()
    rows, notes = run(args.quick, args.data, args.rebuild)
    load_after = _load()
    print_table(rows)
    for r in rows:
        if r.note:
            print(f"  note: {r.note}")
    machine = {
        "cores": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    print(
        f"(benchmark took {time.perf_counter() - started:.1f} s on {machine['cores']} cores; "
        f"load average {load_before} before, {load_after} after; "
        f"{'quick' if args.quick else 'full'} run)"
    )
    if args.json:
        payload = {
            "quick": args.quick,
            "machine": machine,
            "rows": [asdict(r) | {"ratio": r.ratio} for r in rows],
            "notes": notes,
        }
        args.json.write_text(json.dumps(payload, indent=2))
    return 0


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
