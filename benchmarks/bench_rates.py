#!/usr/bin/env python3
"""Time ``rotationkit.rate_beta`` (Newey-West errors) against a loop of statsmodels fits.

Both compute, for every asset of a (days x assets) panel of returns, the OLS
slope on the daily change of a yield and its HAC standard error (Bartlett
kernel, ``floor(4 (n / 100) ** (2 / 9))`` lags, no small-sample correction).
Before timing, the script checks that the two agree to 1e-8 (relative) on
the assets statsmodels is run on.

A statsmodels fit takes about a millisecond, so by default the loop is timed
on a subset of the assets (``--statsmodels-assets``) and its time is scaled
linearly to the whole panel; the table says so.

Usage::

    python benchmarks/bench_rates.py                       # 500 assets x 7,560 days
    python benchmarks/bench_rates.py --assets 50 --days 1000 --repeat 1
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
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

import rotationkit as rk

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = [
    "Measurement",
    "best_times",
    "check_agreement",
    "main",
    "make_inputs",
    "markdown_table",
    "measure",
    "peak_memory",
    "rotationkit_rate_beta",
    "statsmodels_rate_beta",
]

END_DATE = "2026-01-30"


def make_inputs(
    n_days: int, n_assets: int, seed: int = 0
) -> tuple[pd.DataFrame, pd.Series[float]]:
    """Return deterministic daily returns and a yield path (percent) on business days.

    Each asset loads on the yield change (between -4 % and +1 % per +100 bp)
    plus autocorrelated noise, so that the HAC correction matters.
    """
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(end=END_DATE, periods=n_days, name="date")
    yields = pd.Series(
        4.0 + np.cumsum(rng.normal(0.0, 0.05, n_days)), index=dates, name="DGS10"
    )
    changes = yields.diff().fillna(0.0).to_numpy()
    loadings = rng.uniform(-0.04, 0.01, n_assets)
    noise = rng.normal(0.0, 0.01, (n_days, n_assets))
    noise[1:] += 0.2 * noise[:-1]
    columns = pd.Index([f"A{i:04d}" for i in range(n_assets)], name="asset")
    returns = pd.DataFrame(
        changes[:, np.newaxis] * loadings + noise, index=dates, columns=columns
    )
    return returns, yields


def rotationkit_rate_beta(
    returns: pd.DataFrame, yields: pd.Series[float]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Return the betas and HAC standard errors of every asset from rotationkit."""
    result = rk.rate_beta(returns, yields)
    return result.beta.to_numpy(), result.stderr.to_numpy()


def statsmodels_rate_beta(
    returns: pd.DataFrame, yields: pd.Series[float]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Return the same numbers from one statsmodels OLS/HAC fit per asset.

    The regressor (the yield change with a constant) is built once; the loop
    runs one fit per column, as user code calling statsmodels would.
    """
    import statsmodels.api as sm

    changes = yields.reindex(returns.index).diff().to_numpy()
    keep = ~np.isnan(changes)
    exog = sm.add_constant(changes[keep])
    values = returns.to_numpy()[keep]
    lags = math.floor(4.0 * (exog.shape[0] / 100.0) ** (2.0 / 9.0))
    betas = np.empty(values.shape[1])
    errors = np.empty(values.shape[1])
    for column in range(values.shape[1]):
        fit = sm.OLS(values[:, column], exog).fit(
            cov_type="HAC", cov_kwds={"maxlags": lags}
        )
        betas[column] = fit.params[1]
        errors[column] = fit.bse[1]
    return betas, errors


def check_agreement(
    expected: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]],
    found: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]],
    rtol: float = 1e-8,
) -> float:
    """Raise unless betas and standard errors agree to ``rtol``; return the largest gap."""
    gap = 0.0
    for reference, other in zip(expected, found, strict=True):
        np.testing.assert_allclose(other, reference, rtol=rtol, atol=0.0)
        gap = max(gap, float(np.max(np.abs(other / reference - 1.0))))
    return gap


def best_times(funcs: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """Return the best wall time of each function over ``repeat`` rounds.

    Each function runs once as a warm-up; then every round calls each
    function once, in turn, so that a burst of load from other processes
    hits all of them alike rather than one.
    """
    for func in funcs:
        func()
    best = [math.inf] * len(funcs)
    for _ in range(repeat):
        for position, func in enumerate(funcs):
            start = time.perf_counter()
            func()
            best[position] = min(best[position], time.perf_counter() - start)
    return best


def peak_memory(func: Callable[[], object]) -> int:
    """Return the peak bytes allocated while ``func`` runs (tracemalloc)."""
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


@dataclass(frozen=True)
class Measurement:
    """One implementation timed on (a subset of) the panel."""

    implementation: str
    assets_timed: int
    seconds_timed: float
    seconds_all_assets: float
    peak_bytes: int
    extrapolated: bool


def measure(
    n_days: int, n_assets: int, statsmodels_assets: int, repeat: int
) -> tuple[list[Measurement], float]:
    """Check agreement, then time both implementations; return rows and the largest gap."""
    returns, yields = make_inputs(n_days, n_assets)
    subset = returns.iloc[:, : min(statsmodels_assets, n_assets)]
    gap = check_agreement(
        rotationkit_rate_beta(subset, yields), statsmodels_rate_beta(subset, yields)
    )
    rk_seconds, sm_seconds = best_times(
        [
            lambda: rotationkit_rate_beta(returns, yields),
            lambda: statsmodels_rate_beta(subset, yields),
        ],
        repeat,
    )
    rk_peak = peak_memory(lambda: rotationkit_rate_beta(returns, yields))
    sm_peak = peak_memory(lambda: statsmodels_rate_beta(subset, yields))
    scale = n_assets / subset.shape[1]
    rows = [
        Measurement(
            "rotationkit.rate_beta (numpy kernels)",
            n_assets,
            rk_seconds,
            rk_seconds,
            rk_peak,
            extrapolated=False,
        ),
        Measurement(
            "statsmodels OLS HAC, one fit per asset",
            subset.shape[1],
            sm_seconds,
            sm_seconds * scale,
            sm_peak,
            extrapolated=scale != 1.0,
        ),
    ]
    return rows, gap


def _format_seconds(seconds: float) -> str:
    if seconds < 1.0:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def markdown_table(rows: Sequence[Measurement], n_days: int, n_assets: int) -> str:
    """Format the measurements as a Markdown table (ratio: time / rotationkit)."""
    reference = rows[0].seconds_all_assets
    lines = [
        f"`rate_beta` with Newey-West errors, {n_assets:,} assets x {n_days:,} days",
        "",
        (
            "| implementation | assets timed | best time | time for all assets "
            "| time / rotationkit | peak memory |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        total = _format_seconds(row.seconds_all_assets)
        if row.extrapolated:
            total += " (scaled)"
        lines.append(
            f"| {row.implementation} | {row.assets_timed:,} "
            f"| {_format_seconds(row.seconds_timed)} | {total} "
            f"| {row.seconds_all_assets / reference:.1f} "
            f"| {row.peak_bytes / 2**20:.1f} MiB |"
        )
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--assets", type=int, default=500, help="assets (default 500)")
    parser.add_argument("--days", type=int, default=7_560, help="days (default 7,560)")
    parser.add_argument(
        "--statsmodels-assets",
        type=int,
        default=50,
        help="assets the statsmodels loop is timed on; its time is scaled "
        "linearly to --assets (default 50)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs (best of)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the Markdown table; return the exit status."""
    args = _parser().parse_args(argv)
    rows, gap = measure(args.days, args.assets, args.statsmodels_assets, args.repeat)
    print(markdown_table(rows, args.days, args.assets))
    print()
    scaling = (
        f"the statsmodels loop ran on {rows[1].assets_timed} assets and its time "
        f"is scaled linearly to {args.assets}"
        if rows[1].extrapolated
        else "the statsmodels loop ran on every asset"
    )
    print(
        f"Best of {args.repeat} interleaved runs after a warm-up; {scaling}. "
        f"Largest relative gap between the two (beta, standard error): {gap:.1e}. "
        f"Python {platform.python_version()}, numpy {np.__version__}, "
        f"pandas {pd.__version__}, rotationkit {rk.__version__}, "
        f"{platform.system()} {platform.machine()}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
