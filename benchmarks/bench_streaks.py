#!/usr/bin/env python3
"""Time streak tables and current streaks against the usual pandas idiom.

The pandas idiom finds runs one column at a time: ``(s != s.shift()).cumsum()``
numbers the blocks of equal values and a ``groupby`` on those block numbers
gives each run's first and last date, its length and, for the streak table,
the product of the period ratios. rotationkit does the same for the whole
panel at once. Every implementation is checked against rotationkit on the same
data before it is timed.

Usage::

    python benchmarks/bench_streaks.py                      # 500 and 5,000 assets
    python benchmarks/bench_streaks.py --assets 500 --days 2520
    python benchmarks/bench_streaks.py --pandas-max-assets 500  # extrapolate pandas

The functions below are importable, so ``benchmarks/run.py`` can register the
same workloads.
"""

from __future__ import annotations

import argparse
import gc
import math
import platform
import sys
import time
import tracemalloc
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import pandas as pd

import rotationkit as rk

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

__all__ = [
    "WORKLOADS",
    "Measurement",
    "Workload",
    "main",
    "make_panel",
    "markdown_table",
    "measure",
    "pandas_current_streak",
    "pandas_current_streak_vectorized",
    "pandas_run_table",
    "pandas_streak_table",
    "rotationkit_current_streak",
    "rotationkit_run_table",
    "rotationkit_streak_table",
]

END_DATE = "2026-01-30"

Implementation: TypeAlias = "Callable[[pd.DataFrame, pd.Series[float]], object]"


# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------


def make_panel(
    n_periods: int, n_assets: int, seed: int = 0
) -> tuple[pd.DataFrame, pd.Series[float]]:
    """Return deterministic daily returns of ``n_assets`` and their equal-weight mean."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(end=END_DATE, periods=n_periods, name="date")
    columns = pd.Index([f"A{i:04d}" for i in range(n_assets)], name="asset")
    returns = pd.DataFrame(
        rng.normal(0.0003, 0.01, (n_periods, n_assets)), index=dates, columns=columns
    )
    benchmark: pd.Series[float] = returns.mean(axis=1).rename("benchmark")
    return returns, benchmark


# --------------------------------------------------------------------------
# implementations
# --------------------------------------------------------------------------


def rotationkit_run_table(returns: pd.DataFrame, benchmark: pd.Series[float]) -> object:
    """Start, end and length of every run of outperformance (rotationkit)."""
    return rk.run_lengths(rk.outperformance(returns, benchmark))


def rotationkit_streak_table(
    returns: pd.DataFrame, benchmark: pd.Series[float]
) -> object:
    """The same table with the relative return of each run (rotationkit)."""
    return rk.streaks(returns, benchmark)


def rotationkit_current_streak(
    returns: pd.DataFrame, benchmark: pd.Series[float]
) -> object:
    """Length of the run at the last date, per asset (rotationkit)."""
    return rk.current_streak(returns, benchmark)


def _pandas_runs(
    returns: pd.DataFrame, benchmark: pd.Series[float], *, relative: bool
) -> pd.DataFrame:
    beat = returns.sub(benchmark, axis=0).gt(0.0)
    ratio = (1.0 + returns).div(1.0 + benchmark, axis=0)
    days = returns.index.to_series()
    tables = []
    for asset, won in beat.items():
        block = (won != won.shift()).cumsum()[won]
        by_run = days[won].groupby(block)
        table = pd.DataFrame(
            {"start": by_run.first(), "end": by_run.last(), "length": by_run.size()}
        )
        if relative:
            table["relative_return"] = ratio[asset][won].groupby(block).prod() - 1.0
        table.insert(0, "asset", asset)
        tables.append(table)
    runs = pd.concat(tables, ignore_index=True)
    ordered: pd.DataFrame = runs.sort_values("start", kind="stable", ignore_index=True)
    return ordered


def pandas_run_table(returns: pd.DataFrame, benchmark: pd.Series[float]) -> object:
    """Start, end and length of every run, one column at a time (pandas idiom)."""
    return _pandas_runs(returns, benchmark, relative=False)


def pandas_streak_table(returns: pd.DataFrame, benchmark: pd.Series[float]) -> object:
    """The run table with relative returns, one column at a time (pandas idiom)."""
    return _pandas_runs(returns, benchmark, relative=True)


def pandas_current_streak(returns: pd.DataFrame, benchmark: pd.Series[float]) -> object:
    """Running count within each block, read at the last date (pandas idiom)."""
    beat = returns.sub(benchmark, axis=0).gt(0.0)
    last = {
        asset: int(won.groupby((won != won.shift()).cumsum()).cumsum().iloc[-1])
        for asset, won in beat.items()
    }
    return pd.Series(last, name="current_streak")


def pandas_current_streak_vectorized(
    returns: pd.DataFrame, benchmark: pd.Series[float]
) -> object:
    """Cumulative count minus its value at the last miss, whole frame at once."""
    beat = returns.sub(benchmark, axis=0).gt(0.0)
    hits = beat.cumsum()
    since_miss = hits - hits.where(~beat).ffill().fillna(0)
    return since_miss.iloc[-1].astype("int64")


# --------------------------------------------------------------------------
# workloads and checks
# --------------------------------------------------------------------------


def _same_table(expected: object, found: object) -> None:
    assert isinstance(expected, pd.DataFrame)
    assert isinstance(found, pd.DataFrame)
    pd.testing.assert_frame_equal(
        expected.assign(asset=expected["asset"].astype(str)),
        found.assign(asset=found["asset"].astype(str)),
        check_dtype=False,
        rtol=1e-10,
    )


def _same_counts(expected: object, found: object) -> None:
    np.testing.assert_array_equal(
        np.asarray(expected, dtype=np.int64), np.asarray(found, dtype=np.int64)
    )


@dataclass(frozen=True)
class Workload:
    """One task: rotationkit's implementation and the idioms it replaces."""

    name: str
    description: str
    rotationkit: Implementation
    peers: Mapping[str, Implementation]
    check: Callable[[object, object], None]


WORKLOADS: tuple[Workload, ...] = (
    Workload(
        "run table",
        "start, end and length of every outperformance run, sorted by start",
        rotationkit_run_table,
        {"pandas idiom, per column": pandas_run_table},
        _same_table,
    ),
    Workload(
        "streak table",
        "the run table plus each run's relative return",
        rotationkit_streak_table,
        {"pandas idiom, per column": pandas_streak_table},
        _same_table,
    ),
    Workload(
        "current streak",
        "length of the run at the last date, per asset",
        rotationkit_current_streak,
        {
            "pandas idiom, per column": pandas_current_streak,
            "pandas cumsum/ffill, whole frame": pandas_current_streak_vectorized,
        },
        _same_counts,
    ),
)


# --------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """Best time and peak memory of one implementation of one workload."""

    workload: str
    implementation: str
    n_periods: int
    n_assets: int
    seconds: float
    peak_bytes: int
    measured_assets: int

    @property
    def extrapolated(self) -> bool:
        """Whether the time was measured on fewer assets and scaled up linearly."""
        return self.measured_assets < self.n_assets


def best_time(func: Callable[[], object], repeat: int) -> float:
    """Return the best wall time of ``repeat`` calls (after one warm-up call)."""
    func()
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(func: Callable[[], object]) -> int:
    """Return the peak bytes allocated during one call (tracemalloc), result included."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return max(0, peak - baseline)


def measure(
    n_periods: int,
    n_assets: int,
    *,
    repeat: int = 7,
    peer_repeat: int = 3,
    pandas_max_assets: int | None = None,
) -> list[Measurement]:
    """Check and time every workload on a ``n_periods`` x ``n_assets`` panel.

    Peers run on the first ``pandas_max_assets`` columns when that is smaller
    than ``n_assets``; their time is then scaled by ``n_assets / measured``.
    """
    returns, benchmark = make_panel(n_periods, n_assets)
    subset = n_assets if pandas_max_assets is None else min(n_assets, pandas_max_assets)
    sample = returns.iloc[:, :subset]
    results: list[Measurement] = []
    for workload in WORKLOADS:
        reference = workload.rotationkit(sample, benchmark)
        for peer in workload.peers.values():
            workload.check(reference, peer(sample, benchmark))
        ours = best_time(partial(workload.rotationkit, returns, benchmark), repeat)
        results.append(
            Measurement(
                workload.name,
                "rotationkit",
                n_periods,
                n_assets,
                ours,
                peak_memory(partial(workload.rotationkit, returns, benchmark)),
                n_assets,
            )
        )
        for label, peer in workload.peers.items():
            seconds = best_time(partial(peer, sample, benchmark), peer_repeat)
            results.append(
                Measurement(
                    workload.name,
                    label,
                    n_periods,
                    n_assets,
                    seconds * n_assets / subset,
                    peak_memory(partial(peer, sample, benchmark)),
                    subset,
                )
            )
    return results


# --------------------------------------------------------------------------
# reporting
# --------------------------------------------------------------------------


def _format_seconds(seconds: float) -> str:
    if seconds < 1.0:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def _format_bytes(nbytes: int) -> str:
    return f"{nbytes / 2**20:.1f} MiB"


def markdown_table(results: Sequence[Measurement]) -> str:
    """Format ``results`` as a Markdown table with the time relative to rotationkit."""
    reference = {
        (r.workload, r.n_assets): r.seconds
        for r in results
        if r.implementation == "rotationkit"
    }
    lines = [
        (
            "| days x assets | workload | implementation | best time "
            "| time / rotationkit | peak memory |"
        ),
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        note = f" (measured on {r.measured_assets:,} assets)" if r.extrapolated else ""
        ratio = r.seconds / reference[r.workload, r.n_assets]
        lines.append(
            f"| {r.n_periods:,} x {r.n_assets:,} | {r.workload} "
            f"| {r.implementation}{note} | {_format_seconds(r.seconds)} "
            f"| {ratio:.1f} | {_format_bytes(r.peak_bytes)} |"
        )
    return "\n".join(lines)


def environment() -> str:
    """Describe the machine and library versions."""
    return (
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, rotationkit {rk.__version__}, "
        f"{platform.system()} {platform.machine()}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, nargs="+", default=[500, 5_000])
    parser.add_argument("--days", type=int, default=7_560)
    parser.add_argument(
        "--repeat", type=int, default=7, help="timed rotationkit calls (best kept)"
    )
    parser.add_argument(
        "--peer-repeat", type=int, default=3, help="timed calls of the pandas idioms"
    )
    parser.add_argument(
        "--pandas-max-assets",
        type=int,
        default=None,
        help=(
            "time the pandas idioms on at most this many assets and scale up "
            "linearly (the table idioms end with a concatenation and a sort "
            "that grow faster, so their scaled times come out low)"
        ),
    )
    args = parser.parse_args(argv)
    results: list[Measurement] = []
    for n_assets in args.assets:
        results.extend(
            measure(
                args.days,
                n_assets,
                repeat=args.repeat,
                peer_repeat=args.peer_repeat,
                pandas_max_assets=args.pandas_max_assets,
            )
        )
    print(
        f"{environment()}; best of {args.repeat} calls for rotationkit and "
        f"{args.peer_repeat} for the others (after a warm-up call); peak memory "
        "of one call by tracemalloc.\n"
    )
    print(markdown_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
