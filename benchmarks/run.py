#!/usr/bin/env python3
"""Time rotationkit against the pandas and numpy idioms it replaces.

Every workload runs each implementation side by side in one process on the
same deterministic synthetic panel, checks that they compute the same numbers,
and reports the best wall time of several runs, the time relative to
rotationkit, the throughput (bytes of the input panel per second) and the peak
memory allocated during one call (tracemalloc).

Usage::

    python benchmarks/run.py                 # sizes S and M, writes the docs table
    python benchmarks/run.py --sizes S,M,L   # add the large panel (5,000 assets)
    python benchmarks/run.py --quick         # tiny panels, seconds; prints only

Add a workload by appending a :class:`Workload` to :data:`WORKLOADS` (or with
:func:`register`): a rotationkit callable and its peers, each taking the
:class:`Inputs` of one size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import pandas as pd

import rotationkit as rk

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = [
    "SIZES",
    "WORKLOADS",
    "Inputs",
    "Result",
    "Size",
    "Workload",
    "main",
    "register",
]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "_includes" / "benchmarks.md"
END_DATE = "2026-01-30"


# --------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """A panel size: business days x assets."""

    name: str
    n_periods: int
    n_assets: int


SIZES: dict[str, Size] = {
    "S": Size("S", 7_560, 1),
    "M": Size("M", 7_560, 500),
    "L": Size("L", 7_560, 5_000),
}
QUICK_SIZES = (Size("quick-1", 300, 1), Size("quick-20", 300, 20))


@dataclass(frozen=True)
class Inputs:
    """The data every workload of one size may use, built once per size."""

    size: Size
    prices: pd.DataFrame
    returns: pd.DataFrame
    benchmark_prices: pd.Series[float]
    benchmark_returns: pd.Series[float]

    @property
    def prices_nbytes(self) -> int:
        """Bytes of the price panel's values."""
        return int(self.prices.to_numpy().nbytes)


def make_inputs(size: Size, seed: int = 0) -> Inputs:
    """Build a deterministic log-normal random-walk panel of ``size``."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(end=END_DATE, periods=size.n_periods, name="date")
    steps = rng.normal(0.0003, 0.01, (size.n_periods, size.n_assets))
    steps[0] = 0.0
    levels = 100.0 * np.exp(np.cumsum(steps, axis=0))
    columns = pd.Index([f"A{i:04d}" for i in range(size.n_assets)], name="asset")
    prices = pd.DataFrame(levels, index=dates, columns=columns)
    benchmark_prices: pd.Series[float] = prices.mean(axis=1).rename("benchmark")
    return Inputs(
        size=size,
        prices=prices,
        returns=rk.to_returns(prices),
        benchmark_prices=benchmark_prices,
        benchmark_returns=rk.to_returns(benchmark_prices),
    )


# --------------------------------------------------------------------------
# workloads
# --------------------------------------------------------------------------

Implementation: TypeAlias = Callable[[Inputs], object]


def _same_numbers(expected: object, found: object) -> None:
    """Raise if two results differ beyond floating-point round-off."""
    np.testing.assert_allclose(
        np.asarray(found, dtype=np.float64),
        np.asarray(expected, dtype=np.float64),
        rtol=1e-9,
        atol=1e-12,
        equal_nan=True,
    )


def _price_bytes(inputs: Inputs) -> int:
    return inputs.prices_nbytes


@dataclass(frozen=True)
class Workload:
    """One task timed for rotationkit and for the idioms it replaces.

    ``peers`` maps a label to a callable computing the same numbers another
    way; ``check`` compares each peer's result with rotationkit's and raises
    if they differ; ``input_bytes`` gives the bytes read, for the throughput.
    """

    name: str
    rotationkit: Implementation
    peers: Mapping[str, Implementation]
    input_bytes: Callable[[Inputs], int] = _price_bytes
    check: Callable[[object, object], None] = _same_numbers
    description: str = ""


WORKLOADS: list[Workload] = []


def register(workload: Workload) -> Workload:
    """Add ``workload`` to :data:`WORKLOADS` and return it."""
    WORKLOADS.append(workload)
    return workload


def _numpy_simple_returns(inputs: Inputs) -> object:
    values = inputs.prices.to_numpy()
    return values[1:] / values[:-1] - 1.0


register(
    Workload(
        name="to_returns",
        description="simple returns of the price panel",
        rotationkit=lambda inputs: rk.to_returns(inputs.prices),
        peers={
            "pandas pct_change": lambda inputs: inputs.prices.pct_change().iloc[1:],
            "numpy, no labels": _numpy_simple_returns,
        },
    )
)


def _last_close(
    closes: pd.DataFrame, mask: np.ndarray[tuple[int], np.dtype[np.bool_]]
) -> pd.Series[float]:
    """Return the last row of ``closes`` where ``mask`` holds (NaN if none)."""
    selected = closes.loc[mask]
    if selected.empty:
        missing: pd.Series[float] = pd.Series(np.nan, index=closes.columns)
        return missing
    row: pd.Series[float] = selected.iloc[-1]
    return row


def _pandas_performance_table(inputs: Inputs) -> object:
    """The table with forward fill, calendar resampling and label lookups."""
    closes = inputs.prices.ffill()
    asof = closes.index[-1]
    last = closes.iloc[-1]
    bases: dict[str, pd.Series[float]] = {"1D": closes.iloc[-2]}
    for column, rule in (("WTD", "W-SUN"), ("MTD", "ME"), ("QTD", "QE"), ("YTD", "YE")):
        # The previous calendar period's last close is the second-to-last bin.
        period_closes = closes.resample(rule).last()
        bases[column] = period_closes.iloc[-2]
    for column, years in (("1Y", 1), ("3Y", 3), ("5Y", 5)):
        earlier = asof - pd.DateOffset(years=years)
        bases[column] = _last_close(closes, np.asarray(closes.index <= earlier))
    table = pd.DataFrame({column: last / base - 1.0 for column, base in bases.items()})
    return table.loc[:, list(rk.returns.PERFORMANCE_COLUMNS)]


register(
    Workload(
        name="performance_table",
        description="1D, WTD, MTD, QTD, YTD, 1Y, 3Y, 5Y returns of every asset",
        rotationkit=lambda inputs: rk.performance_table(inputs.prices),
        peers={"pandas resample + lookups": _pandas_performance_table},
    )
)


# --------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """The measurements of one implementation of one workload at one size."""

    size: Size
    workload: str
    implementation: str
    best_seconds: float
    ratio: float
    gigabytes_per_second: float
    peak_bytes: int


@dataclass
class Timer:
    """Best-of-``repeat`` wall time, looping short calls to at least ``min_time``."""

    repeat: int = 5
    min_time: float = 0.1
    max_loops: int = 1_000
    _clock: Callable[[], float] = field(default=time.perf_counter, repr=False)

    def best(self, func: Callable[[], object]) -> float:
        """Return the best time per call of ``func``, in seconds."""
        start = self._clock()
        func()  # warm-up, also sizes the loop
        first = self._clock() - start
        loops = min(self.max_loops, max(1, math.ceil(self.min_time / max(first, 1e-9))))
        best = math.inf
        for _ in range(self.repeat):
            start = self._clock()
            for _ in range(loops):
                func()
            best = min(best, (self._clock() - start) / loops)
        return best


def peak_memory(func: Callable[[], object]) -> int:
    """Return the peak bytes allocated while ``func`` runs (result included)."""
    gc.collect()
    tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return max(0, peak - baseline)


def _check_agreement(
    workload: Workload, label: str, expected: object, found: object
) -> None:
    try:
        workload.check(expected, found)
    except AssertionError as exc:
        msg = f"{workload.name}: {label} disagrees with rotationkit\n{exc}"
        raise AssertionError(msg) from exc


def run_workload(workload: Workload, inputs: Inputs, timer: Timer) -> list[Result]:
    """Check that the implementations agree, then time each of them."""
    expected = workload.rotationkit(inputs)
    for label, peer in workload.peers.items():
        _check_agreement(workload, label, expected, peer(inputs))
    implementations = {"rotationkit": workload.rotationkit, **workload.peers}
    nbytes = workload.input_bytes(inputs)
    times: dict[str, float] = {}
    peaks: dict[str, int] = {}
    for label, impl in implementations.items():
        times[label] = timer.best(partial(impl, inputs))
        peaks[label] = peak_memory(partial(impl, inputs))
    reference = times["rotationkit"]
    return [
        Result(
            size=inputs.size,
            workload=workload.name,
            implementation=label,
            best_seconds=seconds,
            ratio=seconds / reference,
            gigabytes_per_second=nbytes / seconds / 1e9,
            peak_bytes=peaks[label],
        )
        for label, seconds in times.items()
    ]


# --------------------------------------------------------------------------
# reporting
# --------------------------------------------------------------------------


def _format_seconds(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def _format_bytes(nbytes: int) -> str:
    if nbytes < 2**20:
        return f"{nbytes / 2**10:.1f} KiB"
    return f"{nbytes / 2**20:.1f} MiB"


def _format_size(size: Size) -> str:
    return f"{size.name} ({size.n_periods:,} x {size.n_assets:,})"


def environment() -> str:
    """Describe the machine and library versions the numbers come from."""
    return (
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, rotationkit {rk.__version__}; "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} logical CPUs"
    )


def markdown_table(results: Sequence[Result]) -> str:
    """Format ``results`` as a Markdown table."""
    lines = [
        (
            "| size (days x assets) | workload | implementation | best time "
            "| time / rotationkit | GB/s | peak memory |"
        ),
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    lines.extend(
        f"| {_format_size(r.size)} | `{r.workload}` | {r.implementation} "
        f"| {_format_seconds(r.best_seconds)} | {r.ratio:.2f} "
        f"| {r.gigabytes_per_second:.2f} | {_format_bytes(r.peak_bytes)} |"
        for r in results
    )
    return "\n".join(lines)


def report(results: Sequence[Result], timer: Timer, command: str) -> str:
    """Return the Markdown report: provenance, method and the table."""
    today = dt.datetime.now(tz=dt.timezone.utc).date().isoformat()
    return (
        f"Measured on {today} with `{command}`: {environment()}.\n"
        f"Best of {timer.repeat} runs; GB/s is the size of the input price "
        "panel divided by the best time; peak memory is what one call "
        "allocates (tracemalloc), output included.\n\n"
        f"{markdown_table(results)}\n"
    )


# --------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------


def _parse_sizes(text: str) -> list[Size]:
    names = [name.strip().upper() for name in text.split(",") if name.strip()]
    unknown = sorted(set(names) - set(SIZES))
    if unknown:
        msg = f"unknown sizes {unknown}; choose from {sorted(SIZES)}"
        raise argparse.ArgumentTypeError(msg)
    return [SIZES[name] for name in names]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=_parse_sizes,
        default=[SIZES["S"], SIZES["M"]],
        help="comma-separated panel sizes: S (1 asset), M (500), L (5,000); "
        "default S,M",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny panels and one run: a smoke test"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"Markdown file to write (default {DEFAULT_OUTPUT.relative_to(ROOT)}; "
        "--quick writes none unless given)",
    )
    parser.add_argument(
        "--workloads",
        default="",
        help="comma-separated workload names to run (default: all)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and write the report; return the exit status."""
    args = _parser().parse_args(argv)
    sizes: list[Size] = list(QUICK_SIZES) if args.quick else args.sizes
    timer = Timer(repeat=1, min_time=0.0) if args.quick else Timer(repeat=args.repeat)
    wanted = {name.strip() for name in args.workloads.split(",") if name.strip()}
    workloads = [w for w in WORKLOADS if not wanted or w.name in wanted]
    if wanted - {w.name for w in workloads}:
        missing = sorted(wanted - {w.name for w in workloads})
        print(f"unknown workloads {missing}; known: {[w.name for w in WORKLOADS]}")
        return 2
    results: list[Result] = []
    for size in sizes:
        inputs = make_inputs(size)
        for workload in workloads:
            results.extend(run_workload(workload, inputs, timer))
            print(f"done: {_format_size(size)} {workload.name}", file=sys.stderr)
    command = "python benchmarks/run.py " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    text = report(results, timer, command.strip())
    print(text)
    output: Path | None = args.output
    if output is None and not args.quick:
        output = DEFAULT_OUTPUT
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
