"""LeadDesk benchmark: ``python -m benchmarks.run [--quick] [--json FILE]``.

Prints one table (figure, five-year, fifty-year, floor, ratio, target, pass/fail) and
writes the same rows as JSON. Every figure is a median of several runs; every start-up run
is a fresh process. ``--quick`` uses small vaults and few repeats so a test can run it.
"""

from __future__ import annotations

import argparse
import json
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

    @property
    def ratio(self) -> float | None:
        if self.five_year is None:
            return None
        if self.floor:
            return self.five_year / self.floor
        if self.fifty_year is not None and self.five_year:
            return self.fifty_year / self.five_year
        return None


def _safe(fn: Callable[[], float], notes: list[str], label: str) -> float | None:
    try:
        return fn()
    except Exception as exc:  # a figure that cannot be taken is reported, not fatal
        notes.append(f"{label}: {type(exc).__name__}: {str(exc)[:160]}")
        return None


def run(quick: bool, data_root: Path, rebuild: bool) -> list[Row]:
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
        notes.append(f"unlock to main window: {type(exc).__name__}: {str(exc)[:200]}")
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
        notes.append(f"encryption overhead: {type(exc).__name__}: {str(exc)[:200]}")

    # Interactions (in-process, offscreen) --------------------------------------------
    print("Interactions ...", file=sys.stderr)
    try:
        from .interactions import TARGETS, measure

        five_fig = measure(five_vault, repeats)
        fifty_fig = measure(fifty_vault, repeats)
        for name, (target_ms, target_text) in TARGETS.items():
            v5, v50 = five_fig.get(name), fifty_fig.get(name)
            passed = None if v5 is None or target_ms is None else v5 < target_ms
            rows.append(Row(name, "ms", v5, v50, None, target_text, passed))
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
        notes.extend(five_fig.get("_notes", []))  # type: ignore[arg-type]
    except Exception as exc:
        notes.append(f"interactions: {type(exc).__name__}: {str(exc)[:200]}")

    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return rows


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.1f}"


def print_table(rows: list[Row]) -> None:
    header = ("figure", "unit", "five-year", "fifty-year", "floor", "ratio", "target", "result")
    table = [header]
    for r in rows:
        result = "n/a" if r.passed is None else ("pass" if r.passed else "FAIL")
        ratio = "" if r.ratio is None or r.unit == "x" else f"{r.ratio:.2f}x"
        table.append(
            (
                r.figure,
                r.unit,
                _fmt(r.five_year, r.unit),
                _fmt(r.fifty_year, r.unit),
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
    rows = run(args.quick, args.data, args.rebuild)
    print_table(rows)
    print(f"(benchmark took {time.perf_counter() - started:.1f} s)")
    if args.json:
        payload = [asdict(r) | {"ratio": r.ratio} for r in rows]
        args.json.write_text(json.dumps(payload, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
