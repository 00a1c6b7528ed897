#!/usr/bin/env python3
"""Time rotationkit, on both engines, against the tools a user would otherwise use.

Every workload runs each implementation side by side in one process on the
same deterministic synthetic panel, checks that it computes the same numbers
as rotationkit, times the implementations in turns (one run of each per round,
so that a busy moment of the machine slows all of them alike rather than the
one that happened to be running) and reports the best wall time, the time
relative to rotationkit (above 1 means rotationkit is faster), the throughput
(bytes of the input panel per second), its share of a read-once reference
(``numpy.sum`` over the same panel: the memory bandwidth one core pair
reaches) and the peak memory allocated during one call (tracemalloc), also as
a multiple of the input panel.

rotationkit runs twice: with the compiled engine (numba, when installed) and
with the numpy reference kernels. The peers are pandas idioms, polars rolling
expressions, bottleneck moving windows, empyrical-reloaded, quantstats and
statsmodels, each where it applies and when it is installed. A peer that
handles one asset per call and would take minutes is timed on the first
assets only and its time scaled up in proportion; the table says so.

Usage::

    python benchmarks/run.py                  # sizes S, M and L; writes the docs table
    python benchmarks/run.py --sizes S,M      # skip the large panel
    python benchmarks/run.py --quick          # tiny panels, one run: a smoke test

Add a workload with :func:`register`: a rotationkit callable and its peers,
each taking the :class:`Inputs` of one size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import importlib
import math
import os
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeAlias

import numpy as np
import pandas as pd

import rotationkit as rk

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_rates
import bench_streaks
import compile_latency

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    import polars as pl

__all__ = [
    "SIZES",
    "WORKLOADS",
    "Inputs",
    "Peer",
    "ReadOnce",
    "Result",
    "Size",
    "Timer",
    "Warm",
    "Workload",
    "main",
    "register",
]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "_includes" / "benchmarks.md"
END_DATE = "2026-01-30"
BETA_WINDOW = 252
ZSCORE_WINDOW = 1_260
SLOW_SECONDS = 2.0


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
QUICK_SIZES = (Size("S", 1_300, 1), Size("M", 1_300, 12))


@dataclass(frozen=True)
class Inputs:
    """The data every workload of one size may use, built once per size.

    ``prices`` load on a common factor (``benchmark_prices``), so that betas,
    correlations and streaks are those of real assets against their index;
    ``levels`` are log prices, a stand-in for valuation gaps; ``yields`` a
    10-year yield in percent.
    """

    size: Size
    prices: pd.DataFrame
    returns: pd.DataFrame
    levels: pd.DataFrame
    benchmark_prices: pd.Series[float]
    benchmark_returns: pd.Series[float]
    yields: pd.Series[float]
    _subsets: dict[int, Inputs] = field(default_factory=dict, repr=False)

    @property
    def n_assets(self) -> int:
        """Columns of the panel."""
        return int(self.prices.shape[1])

    @property
    def panel_bytes(self) -> int:
        """Bytes of one (days x assets) panel of float64."""
        return int(self.returns.to_numpy().nbytes)

    def first_assets(self, n_assets: int) -> Inputs:
        """Return the same inputs restricted to the first ``n_assets`` columns."""
        if n_assets >= self.n_assets:
            return self
        if n_assets not in self._subsets:
            columns = self.prices.columns[:n_assets]
            self._subsets[n_assets] = Inputs(
                size=self.size,
                prices=self.prices[columns],
                returns=self.returns[columns],
                levels=self.levels[columns],
                benchmark_prices=self.benchmark_prices,
                benchmark_returns=self.benchmark_returns,
                yields=self.yields,
            )
        return self._subsets[n_assets]

    @functools.cached_property
    def polars_returns(self) -> pl.DataFrame:
        """The returns and the benchmark's as one polars frame (column ``benchmark``)."""
        import polars as pl

        frame = pl.from_numpy(
            self.returns.to_numpy(), schema=list(self.returns.columns)
        )
        return frame.with_columns(
            pl.Series("benchmark", self.benchmark_returns.to_numpy())
        )

    @functools.cached_property
    def polars_levels(self) -> pl.DataFrame:
        """The levels as a polars frame."""
        import polars as pl

        return pl.from_numpy(self.levels.to_numpy(), schema=list(self.levels.columns))


def make_inputs(size: Size, seed: int = 0) -> Inputs:
    """Build deterministic log-normal prices that load on a common benchmark factor."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(end=END_DATE, periods=size.n_periods, name="date")
    factor = rng.normal(0.0003, 0.01, size.n_periods)
    betas = rng.uniform(0.5, 1.5, size.n_assets)
    steps = factor[:, np.newaxis] * betas + rng.normal(
        0.0, 0.01, (size.n_periods, size.n_assets)
    )
    steps[0] = 0.0
    factor[0] = 0.0
    log_prices = np.log(100.0) + np.cumsum(steps, axis=0)
    columns = pd.Index([f"A{i:04d}" for i in range(size.n_assets)], name="asset")
    prices = pd.DataFrame(np.exp(log_prices), index=dates, columns=columns)
    levels = pd.DataFrame(log_prices, index=dates, columns=columns)
    benchmark_prices = pd.Series(
        100.0 * np.exp(np.cumsum(factor)), index=dates, name="benchmark"
    )
    yields = pd.Series(
        4.0 + np.cumsum(rng.normal(0.0, 0.05, size.n_periods)),
        index=dates,
        name="DGS10",
    )
    return Inputs(
        size=size,
        prices=prices,
        returns=rk.to_returns(prices),
        levels=levels,
        benchmark_prices=benchmark_prices,
        benchmark_returns=rk.to_returns(benchmark_prices),
        yields=yields,
    )


# --------------------------------------------------------------------------
# workloads
# --------------------------------------------------------------------------

Implementation: TypeAlias = Callable[[Inputs], object]
Check: TypeAlias = Callable[[object, object], None]


def _as_array(value: object) -> np.ndarray[Any, np.dtype[np.float64]]:
    if isinstance(value, tuple):
        return np.concatenate([np.ravel(_as_array(part)) for part in value])
    return np.asarray(value, dtype=np.float64)


def close_to(rtol: float, atol: float = 1e-12) -> Check:
    """Return a check that two results agree to ``rtol`` with the same missing values."""

    def check(expected: object, found: object) -> None:
        np.testing.assert_allclose(
            _as_array(found), _as_array(expected), rtol=rtol, atol=atol, equal_nan=True
        )

    return check


def _no_check(expected: object, found: object) -> None:
    """Accept any result: the peer computes a comparable report, not the same numbers."""
    del expected, found


@dataclass(frozen=True)
class Peer:
    """Another way to compute a workload.

    ``max_assets`` times it on the first assets only and scales its time up
    in proportion (for per-asset loops that would take minutes); ``sizes``
    limits the panel sizes it runs on; ``check`` replaces the workload's
    agreement check (looser for formulas that lose digits).
    """

    label: str
    run: Implementation
    max_assets: int | None = None
    sizes: tuple[str, ...] | None = None
    check: Check | None = None
    module: str | None = None


@dataclass(frozen=True)
class Workload:
    """One task timed for rotationkit and for the tools it replaces.

    ``input_bytes`` gives the bytes read, for the throughput; ``restrict``
    turns a result of the whole panel into that of its first ``n`` assets,
    to check peers timed on fewer assets; ``sizes`` limits the panel sizes.
    """

    name: str
    description: str
    rotationkit: Implementation
    peers: Sequence[Peer]
    check: Check = field(default_factory=lambda: close_to(1e-9))
    input_bytes: Callable[[Inputs], int] = lambda inputs: inputs.panel_bytes
    restrict: Callable[[object, int], object] | None = None
    sizes: tuple[str, ...] | None = None


WORKLOADS: list[Workload] = []


def register(workload: Workload) -> Workload:
    """Add ``workload`` to :data:`WORKLOADS` and return it."""
    WORKLOADS.append(workload)
    return workload


def _first_columns(result: object, n_assets: int) -> object:
    """Restrict a frame (or a per-asset Series) to its first ``n_assets`` assets."""
    if isinstance(result, pd.DataFrame):
        return result.iloc[:, :n_assets]
    if isinstance(result, pd.Series):
        return result.iloc[:n_assets]
    if isinstance(result, tuple):
        return tuple(_first_columns(part, n_assets) for part in result)
    return result


# --- returns and period-to-date ---------------------------------------------


def _numpy_simple_returns(inputs: Inputs) -> object:
    values = inputs.prices.to_numpy()
    return values[1:] / values[:-1] - 1.0


def _polars_returns(inputs: Inputs) -> object:
    import polars as pl

    frame = pl.from_pandas(inputs.prices, include_index=False)
    return frame.select(pl.all().pct_change()).slice(1).to_numpy()


register(
    Workload(
        name="to_returns",
        description="simple returns of the price panel",
        rotationkit=lambda inputs: rk.to_returns(inputs.prices),
        peers=(
            Peer("pandas pct_change", lambda i: i.prices.pct_change().iloc[1:]),
            Peer("polars pct_change", _polars_returns, module="polars"),
            Peer("numpy, no labels or checks", _numpy_simple_returns),
        ),
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
        description="period-to-date table: 1D, WTD, MTD, QTD, YTD, 1Y, 3Y, 5Y",
        rotationkit=lambda inputs: rk.performance_table(inputs.prices),
        peers=(Peer("pandas resample + lookups", _pandas_performance_table),),
    )
)


# --- rolling beta and correlation -------------------------------------------


def _pandas_beta(inputs: Inputs) -> object:
    bench = inputs.benchmark_returns
    # ``frame / series`` would align the Series with the columns, hence div.
    covariance = inputs.returns.rolling(BETA_WINDOW).cov(bench)
    return covariance.div(bench.rolling(BETA_WINDOW).var(), axis=0)


def _polars_beta(inputs: Inputs) -> object:
    import polars as pl

    frame = inputs.polars_returns
    bench = pl.col("benchmark")
    variance = bench.rolling_var(BETA_WINDOW)
    return frame.select(
        pl.rolling_cov(pl.col(name), bench, window_size=BETA_WINDOW) / variance
        for name in inputs.returns.columns
    ).to_numpy()


def _bottleneck_moments(
    inputs: Inputs,
) -> tuple[Any, Any, Any, Any, Any]:
    """Moving means of x, y, xy and the moving variances, by bottleneck."""
    import bottleneck as bn

    x = inputs.returns.to_numpy()
    y = inputs.benchmark_returns.to_numpy()
    mean_x = bn.move_mean(x, BETA_WINDOW, axis=0)
    mean_y = bn.move_mean(y, BETA_WINDOW)[:, np.newaxis]
    mean_xy = bn.move_mean(x * y[:, np.newaxis], BETA_WINDOW, axis=0)
    return x, mean_x, mean_y, mean_xy, bn.move_var(y, BETA_WINDOW)[:, np.newaxis]


def _bottleneck_beta(inputs: Inputs) -> object:
    _, mean_x, mean_y, mean_xy, var_y = _bottleneck_moments(inputs)
    return (mean_xy - mean_x * mean_y) / var_y


def _bottleneck_correlation(inputs: Inputs) -> object:
    import bottleneck as bn

    x, mean_x, mean_y, mean_xy, var_y = _bottleneck_moments(inputs)
    std_x = bn.move_std(x, BETA_WINDOW, axis=0)
    return (mean_xy - mean_x * mean_y) / (std_x * np.sqrt(var_y))


def _empyrical_roll_beta(inputs: Inputs) -> object:
    import empyrical

    bench = inputs.benchmark_returns
    # roll_beta takes one asset at a time.
    frame = pd.DataFrame(
        {
            column: empyrical.roll_beta(
                inputs.returns[column], bench, window=BETA_WINDOW
            )
            for column in inputs.returns.columns
        }
    )
    return frame.reindex(inputs.returns.index)


def _statsmodels_rolling_ols(inputs: Inputs) -> object:
    from statsmodels.regression.rolling import RollingOLS

    exog = np.column_stack(
        [np.ones(len(inputs.benchmark_returns)), inputs.benchmark_returns.to_numpy()]
    )
    slopes = [
        RollingOLS(inputs.returns[column].to_numpy(), exog, window=BETA_WINDOW)
        .fit(params_only=True)
        .params[:, 1]
        for column in inputs.returns.columns
    ]
    return np.column_stack(slopes)


def _quantstats_rolling_beta(inputs: Inputs) -> object:
    qs: Any = importlib.import_module("quantstats")  # untyped

    greeks = qs.stats.rolling_greeks(
        inputs.returns.iloc[:, 0], inputs.benchmark_returns, periods=BETA_WINDOW
    )
    return greeks["beta"].to_numpy()[:, np.newaxis]


register(
    Workload(
        name="rolling_beta",
        description=f"rolling {BETA_WINDOW}-day beta of every asset on the benchmark",
        rotationkit=lambda i: rk.rolling_beta(
            i.returns, i.benchmark_returns, BETA_WINDOW
        ),
        peers=(
            Peer("pandas rolling cov / var", _pandas_beta),
            Peer("polars rolling_cov / rolling_var", _polars_beta, module="polars"),
            Peer(
                "bottleneck move_mean formula",
                _bottleneck_beta,
                check=close_to(1e-6, 1e-9),
                module="bottleneck",
            ),
            Peer(
                "empyrical roll_beta, per asset",
                _empyrical_roll_beta,
                max_assets=50,
                module="empyrical",
            ),
            Peer(
                "statsmodels RollingOLS, per asset",
                _statsmodels_rolling_ols,
                max_assets=5,
                module="statsmodels",
            ),
            Peer(
                "quantstats rolling_greeks",
                _quantstats_rolling_beta,
                sizes=("S",),
                check=close_to(1e-8, 1e-10),
                module="quantstats",
            ),
        ),
        restrict=_first_columns,
    )
)


def _polars_correlation(inputs: Inputs) -> object:
    import polars as pl

    frame = inputs.polars_returns
    bench = pl.col("benchmark")
    return frame.select(
        pl.rolling_corr(pl.col(name), bench, window_size=BETA_WINDOW)
        for name in inputs.returns.columns
    ).to_numpy()


register(
    Workload(
        name="rolling_correlation",
        description=f"rolling {BETA_WINDOW}-day correlation with the benchmark",
        rotationkit=lambda i: rk.rolling_correlation(
            i.returns, i.benchmark_returns, BETA_WINDOW
        ),
        peers=(
            Peer(
                "pandas rolling corr",
                lambda i: i.returns.rolling(BETA_WINDOW).corr(i.benchmark_returns),
            ),
            Peer("polars rolling_corr", _polars_correlation, module="polars"),
            Peer(
                "bottleneck move_mean / move_std formula",
                _bottleneck_correlation,
                check=close_to(1e-6, 1e-9),
                module="bottleneck",
            ),
        ),
    )
)


# --- beta, alpha and capture ratios over the whole sample -------------------


def _rotationkit_summary(inputs: Inputs) -> object:
    returns, bench = inputs.returns, inputs.benchmark_returns
    return (
        rk.beta(returns, bench),
        rk.alpha(returns, bench),
        rk.up_capture(returns, bench),
        rk.down_capture(returns, bench),
    )


def _empyrical_summary(inputs: Inputs) -> object:
    import empyrical

    bench = inputs.benchmark_returns
    columns = inputs.returns.columns
    rows = [
        [function(inputs.returns[column], bench) for column in columns]
        for function in (
            empyrical.beta,
            empyrical.alpha,
            empyrical.up_capture,
            empyrical.down_capture,
        )
    ]
    return tuple(np.asarray(row) for row in rows)


def _quantstats_summary(inputs: Inputs) -> object:
    qs: Any = importlib.import_module("quantstats")  # untyped

    greeks = qs.stats.greeks(inputs.returns.iloc[:, 0], inputs.benchmark_returns)
    return float(greeks["beta"])


register(
    Workload(
        name="beta alpha capture",
        description="full-sample beta, alpha and up/down capture of every asset",
        rotationkit=_rotationkit_summary,
        peers=(
            Peer(
                "empyrical, per asset",
                _empyrical_summary,
                max_assets=100,
                check=close_to(1e-8, 1e-12),
                module="empyrical",
            ),
            Peer(
                "quantstats greeks (beta)",
                _quantstats_summary,
                sizes=("S",),
                check=lambda expected, found: close_to(1e-8)(
                    np.asarray(expected[0] if isinstance(expected, tuple) else 0.0),
                    found,
                ),
                module="quantstats",
            ),
        ),
        restrict=_first_columns,
    )
)


# --- streaks -------------------------------------------------------------------


def _streak_peer(
    function: Callable[[pd.DataFrame, pd.Series[float]], object],
) -> Implementation:
    return lambda inputs: function(inputs.returns, inputs.benchmark_returns)


def _same_table(expected: object, found: object) -> None:
    bench_streaks._same_table(expected, found)


register(
    Workload(
        name="streak table",
        description="every run of outperformance with its relative return",
        rotationkit=_streak_peer(bench_streaks.rotationkit_streak_table),
        # The idiom is timed on every asset: it ends with a concatenation and
        # a sort of the whole table, which grow faster than the number of
        # assets (on L they take about 45 % of its time). Scaled up from 100
        # assets, the time on L was at most two thirds of the measured one.
        peers=(
            Peer(
                "pandas shift-cumsum-groupby, per asset",
                _streak_peer(bench_streaks.pandas_streak_table),
            ),
        ),
        check=_same_table,
    )
)


def _same_counts(expected: object, found: object) -> None:
    bench_streaks._same_counts(expected, found)


register(
    Workload(
        name="current streak",
        description="length of the run of outperformance at the last date",
        rotationkit=_streak_peer(bench_streaks.rotationkit_current_streak),
        peers=(
            Peer(
                "pandas groupby cumsum, per asset",
                _streak_peer(bench_streaks.pandas_current_streak),
                max_assets=200,
            ),
            Peer(
                "pandas cumsum / ffill, whole frame",
                _streak_peer(bench_streaks.pandas_current_streak_vectorized),
            ),
        ),
        check=_same_counts,
        restrict=_first_columns,
    )
)


# --- causal z-scores -------------------------------------------------------------


def _pandas_zscore(inputs: Inputs, *, expanding: bool) -> object:
    values = inputs.levels
    window = values.expanding(2) if expanding else values.rolling(ZSCORE_WINDOW)
    return (values - window.mean()) / window.std()


def _polars_zscore(inputs: Inputs, *, expanding: bool) -> object:
    import polars as pl

    size = inputs.levels.shape[0] if expanding else ZSCORE_WINDOW
    least = 2 if expanding else ZSCORE_WINDOW
    column = pl.all()
    mean = column.rolling_mean(size, min_samples=least)
    std = column.rolling_std(size, min_samples=least)
    return inputs.polars_levels.select((column - mean) / std).to_numpy()


def _bottleneck_zscore(inputs: Inputs, *, expanding: bool) -> object:
    import bottleneck as bn

    values = inputs.levels.to_numpy()
    size = values.shape[0] if expanding else ZSCORE_WINDOW
    least = 2 if expanding else ZSCORE_WINDOW
    mean = bn.move_mean(values, size, min_count=least, axis=0)
    std = bn.move_std(values, size, min_count=least, axis=0, ddof=1)
    return (values - mean) / std


for _expanding in (False, True):
    register(
        Workload(
            name="zscore expanding"
            if _expanding
            else f"zscore rolling {ZSCORE_WINDOW}",
            description="causal z-score of a valuation-like level",
            rotationkit=(
                (lambda i: rk.zscore(i.levels))
                if _expanding
                else (lambda i: rk.zscore(i.levels, window=ZSCORE_WINDOW))
            ),
            peers=(
                Peer(
                    "pandas mean / std",
                    functools.partial(_pandas_zscore, expanding=_expanding),
                    check=close_to(1e-7, 1e-9),
                ),
                Peer(
                    "polars rolling_mean / rolling_std",
                    functools.partial(_polars_zscore, expanding=_expanding),
                    check=close_to(1e-6, 1e-8),
                    module="polars",
                ),
                Peer(
                    "bottleneck move_mean / move_std",
                    functools.partial(_bottleneck_zscore, expanding=_expanding),
                    check=close_to(1e-6, 1e-8),
                    module="bottleneck",
                ),
            ),
        )
    )


# --- rate beta with Newey-West errors ------------------------------------------------


def _first_values(result: object, n_assets: int) -> object:
    """Restrict a tuple of per-asset arrays to the first ``n_assets`` entries."""
    assert isinstance(result, tuple)
    return tuple(np.asarray(part)[:n_assets] for part in result)


register(
    Workload(
        name="rate_beta (HAC)",
        description="slope on yield changes with Newey-West standard errors",
        rotationkit=lambda i: bench_rates.rotationkit_rate_beta(i.returns, i.yields),
        peers=(
            Peer(
                "statsmodels OLS HAC, one fit per asset",
                lambda i: bench_rates.statsmodels_rate_beta(i.returns, i.yields),
                max_assets=100,
                check=close_to(1e-8, 0.0),
                module="statsmodels",
            ),
        ),
        restrict=_first_values,
    )
)


# --- relative rotation graph ---------------------------------------------------------


def _rotationkit_rrg(inputs: Inputs) -> object:
    table = rk.rrg(inputs.prices, inputs.benchmark_prices)
    return (table["rs_ratio"].to_numpy(), table["rs_momentum"].to_numpy())


def _pandas_rrg(inputs: Inputs) -> object:
    line = inputs.prices.div(inputs.benchmark_prices, axis=0)
    ratio = 100.0 * line / line.rolling(50).mean()
    momentum = 100.0 * ratio / ratio.shift(10)
    # rotationkit lists the graph asset by asset.
    return (ratio.to_numpy().T.ravel(), momentum.to_numpy().T.ravel())


register(
    Workload(
        name="rrg",
        description="relative rotation graph: RS-ratio and RS-momentum (50, 10)",
        rotationkit=_rotationkit_rrg,
        peers=(Peer("pandas rolling mean / shift", _pandas_rrg),),
    )
)


# --- the report for one pair ---------------------------------------------------------


def _pair_prices(inputs: Inputs) -> pd.DataFrame:
    frame: pd.DataFrame = pd.DataFrame(
        {"asset": inputs.prices.iloc[:, 0], "benchmark": inputs.benchmark_prices}
    )
    return frame


def _quantstats_report(inputs: Inputs) -> object:
    qs: Any = importlib.import_module("quantstats")  # untyped

    prices = _pair_prices(inputs)
    returns = prices.pct_change().iloc[1:]
    return qs.reports.metrics(
        returns["asset"], returns["benchmark"], mode="full", display=False
    )


register(
    Workload(
        name="rotation_report (one pair)",
        description="the whole report for one asset against its benchmark",
        rotationkit=lambda i: rk.rotation_report(
            _pair_prices(i), "asset", "benchmark", yields=i.yields
        ),
        peers=(
            Peer(
                "quantstats metrics report (not the same figures)",
                _quantstats_report,
                check=_no_check,
                module="quantstats",
            ),
        ),
        check=_no_check,
        input_bytes=lambda inputs: 2 * inputs.prices.shape[0] * 8,
        sizes=("S",),
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
    peak_ratio: float
    scaled_from: int | None = None


class Warm(NamedTuple):
    """A function ready to time: its latest time per call, and whether that is final.

    ``settled``: a slow call whose warm-up and next run both took longer
    than :attr:`Timer.slow`; the better of the two is its time.
    """

    func: Callable[[], object]
    seconds: float
    settled: bool = False


@dataclass
class Timer:
    """Best-of-``repeat`` wall time, looping short calls to at least ``min_time``.

    A call slower than ``slow`` seconds is run once more, as the warm-up may
    have paid for compiling or for memory the process touches for the first
    time: if that run is slow too, the better of the two is kept; if not, the
    call is timed as a fast one.
    """

    repeat: int = 5
    min_time: float = 0.1
    max_loops: int = 1_000
    slow: float = SLOW_SECONDS
    _clock: Callable[[], float] = field(default=time.perf_counter, repr=False)

    def best(self, func: Callable[[], object], first: float | None = None) -> float:
        """Return the best time per call of ``func``, in seconds.

        ``first`` is the time of a warm-up call already made; without it,
        one is made here.
        """
        return self.best_of_each([self.warmed_up(func, first)])[0]

    def warmed_up(self, func: Callable[[], object], first: float | None = None) -> Warm:
        """Return ``func`` after its warm-up, settled if it is a slow call.

        ``first`` is the time of a warm-up call already made; without it,
        one is made here. A slow call runs once more at once, right after
        its own calls.
        """
        if first is None:
            first = self._per_call(func, 1)
        if first <= self.slow:
            return Warm(func, first)
        again = self._per_call(func, 1)
        if again > self.slow:
            return Warm(func, min(first, again), settled=True)
        return Warm(func, again)

    def best_of_each(self, warm: Sequence[Warm]) -> list[float]:
        """Return the best time per call of each function in ``warm``, timed in turns.

        Each of the ``repeat`` rounds times every function once (looped), so
        that their runs are spread over the same stretch of time (a call
        settled as slow keeps its time and is not run again): a busy moment
        of the machine then slows one run of each, instead of every run of
        the function that happened to be timed during it. With more than one
        function in the rounds, each is called once, untimed, before its
        timed run: the functions before it leave the caches and the memory
        allocator in their own state, and the first call after them pays for
        it (on 5,000 assets, a bottleneck call after a polars one took up to
        ten times as long as the next).
        """
        best = [item.seconds if item.settled else math.inf for item in warm]
        loops = [
            0
            if item.settled
            else min(
                self.max_loops,
                max(1, math.ceil(self.min_time / max(item.seconds, 1e-9))),
            )
            for item in warm
        ]
        in_turns = sum(1 for count in loops if count) > 1
        for _ in range(self.repeat):
            for index, item in enumerate(warm):
                if loops[index]:
                    if in_turns:
                        item.func()
                    best[index] = min(
                        best[index], self._per_call(item.func, loops[index])
                    )
        return best

    def _per_call(self, func: Callable[[], object], loops: int) -> float:
        start = self._clock()
        for _ in range(loops):
            func()
        return (self._clock() - start) / loops


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


def _installed(module: str | None) -> bool:
    if module is None:
        return True
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def has_numba() -> bool:
    """Return whether the compiled engine can run here."""
    try:
        with rk.engine("numba"):
            pass
    except ImportError:
        return False
    return True


def _on_engine(name: Literal["numpy", "numba"], func: Implementation) -> Implementation:
    def run(inputs: Inputs) -> object:
        with rk.engine(name):
            return func(inputs)

    return run


def _check_agreement(
    workload: Workload, label: str, check: Check, expected: object, found: object
) -> None:
    try:
        check(expected, found)
    except AssertionError as exc:
        msg = f"{workload.name}: {label} disagrees with rotationkit\n{exc}"
        raise AssertionError(msg) from exc


@dataclass(frozen=True)
class _Prepared:
    """An implementation warmed up and its peak memory measured, ready to time."""

    label: str
    warm: Warm
    peak_bytes: int
    input_bytes: int
    scale: float = 1.0
    scaled_from: int | None = None


def _prepare(
    label: str,
    func: Implementation,
    inputs: Inputs,
    timer: Timer,
    input_bytes: int,
    scale: float = 1.0,
    scaled_from: int | None = None,
) -> _Prepared:
    call = functools.partial(func, inputs)
    start = time.perf_counter()
    call()  # warm-up: compiles, fills caches
    warm_up_seconds = time.perf_counter() - start
    peak = peak_memory(call)
    warm = timer.warmed_up(call, warm_up_seconds)
    return _Prepared(label, warm, peak, input_bytes, scale, scaled_from)


def implementations(
    workload: Workload, numba: bool
) -> Iterator[tuple[str, Implementation]]:
    """Yield rotationkit on each available engine, labelled."""
    if numba:
        yield "rotationkit, numba engine", _on_engine("numba", workload.rotationkit)
    yield "rotationkit, numpy engine", _on_engine("numpy", workload.rotationkit)


def _peers(
    workload: Workload, inputs: Inputs, timer: Timer, expected: object
) -> Iterator[_Prepared]:
    """Yield the workload's installed peers for this size, checked against ``expected``."""
    for peer in workload.peers:
        if peer.sizes is not None and inputs.size.name not in peer.sizes:
            continue
        if not _installed(peer.module):
            print(
                f"skipped: {peer.label} ({peer.module} not installed)", file=sys.stderr
            )
            continue
        subset = inputs
        if peer.max_assets is not None and peer.max_assets < inputs.n_assets:
            subset = inputs.first_assets(peer.max_assets)
        reference = expected
        if subset is not inputs and workload.restrict is not None:
            reference = workload.restrict(expected, subset.n_assets)
        _check_agreement(
            workload,
            peer.label,
            peer.check or workload.check,
            reference,
            peer.run(subset),
        )
        scale = inputs.n_assets / subset.n_assets
        yield _prepare(
            peer.label,
            peer.run,
            subset,
            timer,
            workload.input_bytes(subset),
            scale,
            subset.n_assets if scale > 1 else None,
        )


class ReadOnce:
    """The read-once reference of one size: ``numpy.sum`` over the returns panel.

    It is timed in the rounds of every workload (:func:`run_workload`), and
    the best time over all of them is kept: the fastest read of the panel
    the machine gave while the size was measured.
    """

    def __init__(self, inputs: Inputs) -> None:
        self._values = inputs.returns.to_numpy()
        self.best_seconds = math.inf

    def __call__(self) -> object:
        return np.sum(self._values)

    def keep_best(self, seconds: float) -> None:
        """Keep ``seconds`` if it is the best time so far."""
        self.best_seconds = min(self.best_seconds, seconds)

    @property
    def gigabytes_per_second(self) -> float:
        """Return the bytes of the panel per second of the best time, in GB/s."""
        return self._values.nbytes / self.best_seconds / 1e9


def run_workload(
    workload: Workload,
    inputs: Inputs,
    timer: Timer,
    read_once: ReadOnce,
    *,
    numba: bool,
) -> list[Result]:
    """Check that the implementations agree, then time them and ``read_once`` in turns.

    ``read_once`` keeps its time if it is its best so far.
    """
    ours = list(implementations(workload, numba))
    expected = ours[0][1](inputs)
    for label, func in ours[1:]:
        _check_agreement(workload, label, workload.check, expected, func(inputs))
    total_bytes = workload.input_bytes(inputs)
    prepared = [
        _prepare(label, func, inputs, timer, total_bytes) for label, func in ours
    ]
    prepared.extend(_peers(workload, inputs, timer, expected))
    del expected  # as large as the panel: not kept through the rounds
    *unscaled, read_once_seconds = timer.best_of_each(
        [item.warm for item in prepared] + [timer.warmed_up(read_once)]
    )
    read_once.keep_best(read_once_seconds)
    times = [best * item.scale for best, item in zip(unscaled, prepared, strict=True)]
    return [
        Result(
            size=inputs.size,
            workload=workload.name,
            implementation=item.label,
            best_seconds=best,
            ratio=best / times[0],
            gigabytes_per_second=total_bytes / best / 1e9,
            peak_bytes=item.peak_bytes,
            peak_ratio=item.peak_bytes / item.input_bytes,
            scaled_from=item.scaled_from,
        )
        for best, item in zip(times, prepared, strict=True)
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


def _version(module: str) -> str:
    try:
        return str(importlib.import_module(module).__version__)
    except ImportError:
        return "not installed"


def _cpu_model() -> str:
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} (1 min), {five:.2f} (5 min)"


def environment() -> str:
    """Describe the machine and library versions the numbers come from."""
    versions = ", ".join(
        f"{name} {_version(name)}"
        for name in (
            "numpy",
            "pandas",
            "numba",
            "polars",
            "bottleneck",
            "empyrical",
            "quantstats",
            "statsmodels",
        )
    )
    return (
        f"{_cpu_model()}, {os.cpu_count()} logical CPUs, {platform.system()} "
        f"{platform.machine()}; Python {platform.python_version()}, "
        f"rotationkit {rk.__version__}; {versions}"
    )


def markdown_table(
    results: Sequence[Result], bandwidths: dict[str, tuple[float, float]]
) -> str:
    """Format ``results`` as a Markdown table.

    ``bandwidths`` holds, per size name, the read-once reference's best time
    and GB/s: the *share of read-once* column compares each GB/s with it.
    """
    lines = [
        (
            "| size (days x assets) | workload | implementation | best time "
            "| time / rotationkit | GB/s | share of read-once | peak memory "
            "| memory / input |"
        ),
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        _, read_once_rate = bandwidths[r.size.name]
        share = r.gigabytes_per_second / read_once_rate
        label = r.implementation
        if r.scaled_from is not None:
            label += f" (time scaled from {r.scaled_from:,} assets)"
        lines.append(
            f"| {_format_size(r.size)} | `{r.workload}` | {label} "
            f"| {_format_seconds(r.best_seconds)} | {r.ratio:.2f} "
            f"| {r.gigabytes_per_second:.2f} | {share:.0%} "
            f"| {_format_bytes(r.peak_bytes)} | {r.peak_ratio:.2f} |"
        )
    return "\n".join(lines)


def report(
    results: Sequence[Result],
    bandwidths: dict[str, tuple[float, float]],
    timer: Timer,
    command: str,
    loads: tuple[str, str],
    latency: compile_latency.Latency | None = None,
) -> str:
    """Return the Markdown report: provenance, method, the read-once references and the table."""
    today = dt.datetime.now(tz=dt.timezone.utc).date().isoformat()
    compiled = ""
    if latency is not None:
        compiled = f"Compiled engine, {latency.summary()}.\n\n"
        if latency.per_function:
            compiled += (
                "The first call of each function alone, in a new process with an "
                f"empty cache ({compile_latency.PANEL}):\n\n"
                f"{latency.table()}\n\n"
            )
    references = "; ".join(
        f"{name}: {_format_seconds(seconds)}, {rate:.1f} GB/s"
        for name, (seconds, rate) in bandwidths.items()
    )
    return (
        f"Measured on {today} with `{command}` on {environment()}. "
        f"Load average before the run {loads[0]}, after it {loads[1]}.\n\n"
        f"{compiled}"
        f"Best of {timer.repeat} runs after a warm-up call (a call whose "
        f"warm-up and next run both take more than {timer.slow:g} s: the better "
        "of the two, not run again). The implementations of a workload take "
        "turns, one run each per round, so that they are timed over the same "
        "stretch of time; "
        "each turn starts with an untimed call, as the implementation before "
        "leaves the caches and the memory allocator in its own state. "
        "*time / rotationkit* is relative to "
        "rotationkit with the numba engine (above 1: rotationkit is faster); "
        "GB/s is the size of the input panel divided by the best time; *share of "
        "read-once* compares that with `numpy.sum` reading the returns panel once, "
        "timed in the rounds of every workload of the size, best of all "
        f"({references}); peak memory is what one call allocates (tracemalloc), "
        "output included, also as a multiple of the input panel. Peers timed on "
        "the first assets only have their time scaled up in proportion.\n\n"
        f"{markdown_table(results, bandwidths)}\n"
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


def _positive_int(text: str) -> int:
    count = int(text)
    if count < 1:
        msg = f"must be at least 1, got {count}"
        raise argparse.ArgumentTypeError(msg)
    return count


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=_parse_sizes,
        default=[SIZES["S"], SIZES["M"], SIZES["L"]],
        help="comma-separated panel sizes: S (1 asset), M (500), L (5,000); "
        "default S,M,L",
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny panels and one run: a smoke test"
    )
    parser.add_argument(
        "--repeat", type=_positive_int, default=5, help="runs per timing"
    )
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
    timer = (
        # slow=0: after its warm-up, each call runs once more, unlooped.
        Timer(repeat=1, min_time=0.0, slow=0.0)
        if args.quick
        else Timer(repeat=args.repeat)
    )
    wanted = {name.strip() for name in args.workloads.split(",") if name.strip()}
    workloads = [w for w in WORKLOADS if not wanted or w.name in wanted]
    if wanted - {w.name for w in workloads}:
        missing = sorted(wanted - {w.name for w in workloads})
        print(f"unknown workloads {missing}; known: {[w.name for w in WORKLOADS]}")
        return 2
    numba = has_numba()
    before = _load()
    results: list[Result] = []
    bandwidths: dict[str, tuple[float, float]] = {}
    for size in sizes:
        inputs = make_inputs(size)
        read_once = ReadOnce(inputs)
        for workload in workloads:
            if workload.sizes is not None and size.name not in workload.sizes:
                continue
            results.extend(
                run_workload(workload, inputs, timer, read_once, numba=numba)
            )
            print(f"done: {_format_size(size)} {workload.name}", file=sys.stderr)
        if math.isfinite(read_once.best_seconds):
            bandwidths[size.name] = (
                read_once.best_seconds,
                read_once.gigabytes_per_second,
            )
        del inputs, read_once  # the read-once reference holds the panel
        gc.collect()
    command = "python benchmarks/run.py " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    latency = compile_latency.measure() if numba and not args.quick else None
    text = report(
        results, bandwidths, timer, command.strip(), (before, _load()), latency
    )
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
