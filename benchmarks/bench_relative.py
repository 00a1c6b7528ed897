#!/usr/bin/env python3
"""Time rolling beta and rolling correlation against pandas and empyrical.

Every implementation runs side by side in one process on the same
deterministic panel of daily returns, after a check that it computes the same
numbers as rotationkit. The report gives the best wall time of several runs,
the time relative to rotationkit and the peak memory one call allocates
(tracemalloc, output included), also as a multiple of the input panel.

Usage::

    python benchmarks/bench_relative.py                      # 500 assets x 7,560 days
    python benchmarks/bench_relative.py --assets 500 5000    # add 5,000 assets
    python benchmarks/bench_relative.py --assets 20 --days 600 --repeat 2  # quick

empyrical's ``roll_beta`` handles one asset per call and takes about 0.05 s
per asset on 7,560 days; above ``--empyrical-assets`` assets it is timed on
that many and the time is scaled up in proportion (marked "extrapolated"; its
peak memory is then the one measured on those assets). A call that takes more
than two seconds is timed once.
"""

from __future__ import annotations

import argparse
import gc
import math
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

import rotationkit as rk

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "Case",
    "Measurement",
    "beta_cases",
    "correlation_cases",
    "main",
    "make_panel",
    "measure",
    "peak_memory",
]

WINDOW = 252


def make_panel(
    n_days: int, n_assets: int, *, seed: int = 0
) -> tuple[pd.DataFrame, pd.Series[float]]:
    """Return daily returns of ``n_assets`` with betas around 1, and a benchmark."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(end="2026-01-30", periods=n_days, name="date")
    bench = rng.normal(0.0003, 0.01, n_days)
    betas = rng.uniform(0.5, 1.5, n_assets)
    noise = rng.normal(0.0001, 0.01, (n_days, n_assets))
    columns = pd.Index([f"A{i:04d}" for i in range(n_assets)], name="asset")
    returns = pd.DataFrame(bench[:, None] * betas + noise, index=dates, columns=columns)
    benchmark = pd.Series(bench, index=dates, name="benchmark")
    return returns, benchmark


# --------------------------------------------------------------------------
# implementations
# --------------------------------------------------------------------------

Implementation = Callable[[pd.DataFrame, "pd.Series[float]"], object]


@dataclass(frozen=True)
class Case:
    """One implementation of a workload.

    ``subset`` limits the number of assets it is timed on (the time is then
    scaled up to the whole panel); ``to_frame`` turns its result into a frame
    like rotationkit's, for the agreement check.
    """

    label: str
    run: Implementation
    to_frame: Callable[[object, pd.DataFrame], pd.DataFrame] | None = None
    subset: int | None = None


def _pandas_beta(returns: pd.DataFrame, bench: pd.Series[float]) -> object:
    # ``frame / series`` would align the Series with the columns, hence div.
    covariance = returns.rolling(WINDOW).cov(bench)
    return covariance.div(bench.rolling(WINDOW).var(), axis=0)


def _pandas_correlation(returns: pd.DataFrame, bench: pd.Series[float]) -> object:
    return returns.rolling(WINDOW).corr(bench)


def _empyrical_beta(returns: pd.DataFrame, bench: pd.Series[float]) -> object:
    import empyrical

    # roll_beta takes one asset at a time.
    return {
        column: empyrical.roll_beta(returns[column], bench, window=WINDOW)
        for column in returns.columns
    }


def _empyrical_frame(result: object, like: pd.DataFrame) -> pd.DataFrame:
    assert isinstance(result, dict)
    frame: pd.DataFrame = pd.DataFrame(result).reindex(like.index)
    return frame


def beta_cases(empyrical_assets: int | None) -> list[Case]:
    """Return the rolling-beta implementations, rotationkit first."""
    cases = [
        Case("rotationkit", lambda r, b: rk.rolling_beta(r, b, WINDOW)),
        Case("pandas rolling cov / var", _pandas_beta),
    ]
    try:
        import empyrical  # noqa: F401
    except ImportError:
        return cases
    cases.append(
        Case(
            "empyrical roll_beta, per asset",
            _empyrical_beta,
            to_frame=_empyrical_frame,
            subset=empyrical_assets,
        )
    )
    return cases


def correlation_cases() -> list[Case]:
    """Return the rolling-correlation implementations, rotationkit first."""
    return [
        Case("rotationkit", lambda r, b: rk.rolling_correlation(r, b, WINDOW)),
        Case("pandas rolling corr", _pandas_correlation),
    ]


# --------------------------------------------------------------------------
# measuring
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """The time and memory of one case on one panel."""

    workload: str
    label: str
    n_days: int
    n_assets: int
    best_seconds: float
    peak_bytes: int
    input_bytes: int
    extrapolated_from: int | None = None


_SLOW_SECONDS = 2.0


def best_time(func: Callable[[], object], repeat: int) -> float:
    """Return the best wall time of ``repeat`` calls after one warm-up call.

    A call slower than two seconds is not repeated: its first time is kept.
    """
    start = time.perf_counter()
    func()
    best = time.perf_counter() - start
    if best > _SLOW_SECONDS:
        return best
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(func: Callable[[], object]) -> int:
    """Return the peak bytes allocated while ``func`` runs (its result included)."""
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


def _check(case: Case, result: object, expected: pd.DataFrame) -> None:
    frame = result if case.to_frame is None else case.to_frame(result, expected)
    assert isinstance(frame, pd.DataFrame)
    np.testing.assert_allclose(
        frame.to_numpy(),
        expected.loc[frame.index, frame.columns].to_numpy(),
        rtol=1e-8,
        atol=1e-12,
        err_msg=f"{case.label} disagrees with rotationkit",
    )


def measure(
    workload: str,
    cases: Sequence[Case],
    returns: pd.DataFrame,
    bench: pd.Series[float],
    *,
    repeat: int,
) -> list[Measurement]:
    """Check every case against the first (rotationkit), then time each."""
    reference = cases[0].run(returns, bench)
    assert isinstance(reference, pd.DataFrame)
    n_days, n_assets = returns.shape
    results = []
    for case in cases:
        subset = returns
        if case.subset is not None and case.subset < n_assets:
            subset = returns.iloc[:, : case.subset]
        if case is not cases[0]:
            _check(case, case.run(subset.iloc[:, :20], bench), reference)
        scale = n_assets / subset.shape[1]
        call = partial(case.run, subset, bench)
        seconds = best_time(call, repeat) * scale
        peak = peak_memory(call)
        results.append(
            Measurement(
                workload=workload,
                label=case.label,
                n_days=n_days,
                n_assets=n_assets,
                best_seconds=seconds,
                peak_bytes=peak,
                # Memory is measured on the assets actually run.
                input_bytes=int(subset.to_numpy().nbytes),
                extrapolated_from=subset.shape[1] if scale > 1 else None,
            )
        )
    return results


# --------------------------------------------------------------------------
# reporting
# --------------------------------------------------------------------------


def _seconds(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms" if seconds < 1.0 else f"{seconds:.2f} s"


def markdown_table(results: Sequence[Measurement]) -> str:
    """Format ``results`` as a Markdown table; ratios are against rotationkit."""
    lines = [
        (
            "| workload | days x assets | implementation | best time "
            "| time / rotationkit | peak memory | memory / input |"
        ),
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    reference: dict[tuple[str, int], float] = {}
    for r in results:
        key = (r.workload, r.n_assets)
        reference.setdefault(key, r.best_seconds)
        label = r.label
        if r.extrapolated_from is not None:
            label += (
                f" (time extrapolated from {r.extrapolated_from} assets, "
                "memory measured on them)"
            )
        lines.append(
            f"| `{r.workload}` | {r.n_days:,} x {r.n_assets:,} | {label} "
            f"| {_seconds(r.best_seconds)} | {r.best_seconds / reference[key]:.1f} "
            f"| {r.peak_bytes / 2**20:,.0f} MiB | {r.peak_bytes / r.input_bytes:.2f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, nargs="+", default=[500])
    parser.add_argument("--days", type=int, default=7_560)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--empyrical-assets",
        type=int,
        default=500,
        help="time empyrical on at most this many assets and scale up",
    )
    args = parser.parse_args(argv)
    results: list[Measurement] = []
    for n_assets in args.assets:
        returns, bench = make_panel(args.days, n_assets)
        results += measure(
            "rolling_beta",
            beta_cases(args.empyrical_assets),
            returns,
            bench,
            repeat=args.repeat,
        )
        results += measure(
            "rolling_correlation",
            correlation_cases(),
            returns,
            bench,
            repeat=args.repeat,
        )
        del returns, bench
        gc.collect()
    print(
        f"Window {WINDOW}; best of {args.repeat} runs; numpy {np.__version__}, "
        f"pandas {pd.__version__}.\n"
    )
    print(markdown_table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
