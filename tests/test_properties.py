"""Properties every public function must have, checked on generated data.

* scale invariance: multiplying prices (or weights, or both multiples) by a
  constant changes no return-based or relative figure;
* causality: appending rows changes no past output of a causal function;
* symmetry: swapping asset and benchmark negates excess returns and inverts
  relative strength;
* a panel gives, column by column, what each column gives alone (and, for
  constituent data, row by row what each date gives alone);
* permuting the assets permutes the output;
* float32 input gives the same numbers as the same values in float64.

Hypothesis generates the data (with gaps); every test runs a bounded number of
examples so that the whole module stays well under a minute.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

import rotationkit as rk

SETTINGS = settings(
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
ASSETS = ["a", "b", "c"]


@dataclass(frozen=True)
class Sample:
    """One generated market: assets, a benchmark, yields and valuation data."""

    returns: pd.DataFrame
    benchmark: pd.Series[float]
    prices: pd.DataFrame
    benchmark_prices: pd.Series[float]
    yields: pd.Series[float]
    values: pd.DataFrame
    multiples: pd.DataFrame
    benchmark_multiple: pd.Series[float]
    earnings_yields: pd.DataFrame
    weights: pd.DataFrame
    earnings: pd.DataFrame


# Any return, down to subnormal numbers: the kernels must cope.
RETURN = st.floats(-0.05, 0.05, allow_nan=False, width=64)
# Returns of a realistic size (0 or at least a hundredth of a basis point),
# for properties that compare figures computed in two ways.
MODERATE = st.one_of(st.just(0.0), st.floats(1e-6, 0.05), st.floats(-0.05, -1e-6))


@st.composite
def samples(draw: st.DrawFn, *, gaps: bool = True, moderate: bool = False) -> Sample:
    """Draw a business-daily market of 8 to 60 periods and 1 to 3 assets."""
    n_periods = draw(st.integers(8, 60))
    n_assets = draw(st.integers(1, 3))
    index = pd.bdate_range("2025-09-01", periods=n_periods, name="date")
    columns = ASSETS[:n_assets]
    shape = (n_periods, n_assets)
    elements = MODERATE if moderate else RETURN
    returns = draw(hnp.arrays(np.float64, shape, elements=elements))
    bench = draw(hnp.arrays(np.float64, n_periods, elements=elements))
    changes = draw(hnp.arrays(np.float64, n_periods, elements=st.floats(-0.2, 0.2)))
    missing = np.zeros(shape, dtype=bool)
    if gaps and draw(st.booleans()):
        missing = draw(hnp.arrays(np.bool_, shape, elements=st.booleans()))
        missing[0] = False  # keep a first price to rebase on
    prices = 100.0 * np.cumprod(1.0 + returns, axis=0)
    levels = np.where(missing, np.nan, prices)
    frame = pd.DataFrame(levels, index=index, columns=columns)
    benchmark_prices = pd.Series(
        50.0 * np.cumprod(1.0 + bench), index=index, name="bench"
    )
    returns_frame = pd.DataFrame(
        np.where(missing, np.nan, returns), index=index, columns=columns
    )
    multiples = pd.DataFrame(
        np.where(missing, np.nan, 12.0 * np.exp(0.1 * np.cumsum(returns, axis=0))),
        index=index,
        columns=columns,
    )
    weights = np.abs(returns) * 1000.0 + draw(st.sampled_from([0.0, 1.0]))
    earnings = returns * 100.0 + 0.5
    return Sample(
        returns=returns_frame,
        benchmark=pd.Series(bench, index=index, name="bench"),
        prices=frame,
        benchmark_prices=benchmark_prices,
        yields=pd.Series(4.0 + np.cumsum(changes), index=index, name="yield"),
        values=pd.DataFrame(
            np.cumsum(returns_frame.fillna(0.0).to_numpy(), axis=0),
            index=index,
            columns=columns,
        ),
        multiples=multiples,
        benchmark_multiple=pd.Series(
            15.0 * np.exp(0.1 * np.cumsum(bench)), index=index, name="bench"
        ),
        earnings_yields=1.0 / multiples,
        weights=pd.DataFrame(weights, index=index, columns=columns),
        earnings=pd.DataFrame(earnings, index=index, columns=columns),
    )


# --- comparing results of any shape ---


def _flat(result: object) -> list[object]:
    """Return every scalar of a result in a fixed order."""
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return [
            x
            for item in dataclasses.fields(result)
            for x in _flat(getattr(result, item.name))
        ]
    if isinstance(result, dict):
        return [x for value in result.values() for x in _flat(value)]
    if isinstance(result, pd.DataFrame):
        return _flat(result.to_numpy(dtype=object).ravel().tolist())
    if isinstance(result, (pd.Series, pd.Index)):
        return _flat(result.to_numpy(dtype=object).tolist())
    if isinstance(result, np.ndarray):
        return _flat(result.ravel().tolist())
    if isinstance(result, (list, tuple)):
        return [x for value in result for x in _flat(value)]
    return [result]


def _same(a: Any, b: Any, *, rtol: float, atol: float) -> bool:
    if isinstance(a, (float, np.floating)) or isinstance(b, (float, np.floating)):
        if not isinstance(a, (int, float, np.number)) or not isinstance(
            b, (int, float, np.number)
        ):
            return bool(pd.isna(a) and pd.isna(b))
        x, y = float(a), float(b)
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        return math.isclose(x, y, rel_tol=rtol, abs_tol=atol)
    if pd.api.types.is_scalar(a) and pd.isna(a):
        return bool(pd.api.types.is_scalar(b) and pd.isna(b))
    return bool(a == b)


def assert_same(
    result: object,
    expected: object,
    *,
    rtol: float = 1e-10,
    atol: float = 1e-12,
    what: str = "",
) -> None:
    ours, theirs = _flat(result), _flat(expected)
    assert len(ours) == len(theirs), (
        f"{what}: {len(ours)} values, expected {len(theirs)}"
    )
    for position, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        assert _same(a, b, rtol=rtol, atol=atol), (
            f"{what}: value {position}: {a!r} != {b!r}"
        )


def _pick(full: object, label: Any) -> object:
    """Return the part of a panel result that belongs to asset (or date) ``label``."""
    if dataclasses.is_dataclass(full) and not isinstance(full, type):
        return {
            item.name: _pick(getattr(full, item.name), label)
            for item in dataclasses.fields(full)
        }
    if isinstance(full, pd.DataFrame):
        if label in full.columns:
            return full[label]
        if "asset" in full.columns:  # a table of runs
            rows = full[full["asset"] == label].drop(columns="asset")
            return rows.reset_index(drop=True)
        if isinstance(full.index, pd.MultiIndex):
            return full.xs(label, level=0)
        if label in full.index:
            return full.loc[label]
    if isinstance(full, pd.Series) and label in full.index:
        return full[label]
    if isinstance(full, pd.Index) and label in full:  # the asset labels
        return label
    return full


# --- the functions, by the panel they take ---

Call = Callable[[Any, Sample], Any]
PPY = 252

# (panel attribute, call with that panel as the first argument)
PANEL_FUNCTIONS: dict[str, tuple[str, Call]] = {
    "to_returns": ("prices", lambda x, _: rk.to_returns(x)),
    "to_returns_log": ("prices", lambda x, _: rk.to_returns(x, method="log")),
    "to_prices": ("returns", lambda x, _: rk.to_prices(x)),
    "annualized_return": (
        "returns",
        lambda x, _: rk.annualized_return(x, periods_per_year=PPY),
    ),
    "annualized_volatility": (
        "returns",
        lambda x, _: rk.annualized_volatility(x, periods_per_year=PPY),
    ),
    "period_return": ("prices", lambda x, _: rk.period_return(x, start=x.index[2])),
    "period_to_date": ("prices", lambda x, _: rk.period_to_date(x, "MTD")),
    "performance_table": ("prices", lambda x, _: rk.performance_table(x)),
    "relative_strength": (
        "prices",
        lambda x, s: rk.relative_strength(x, s.benchmark_prices),
    ),
    "relative_drawdown": (
        "prices",
        lambda x, s: rk.relative_drawdown(x, s.benchmark_prices),
    ),
    "rrg": ("prices", lambda x, s: rk.rrg(x, s.benchmark_prices, window=5, momentum=2)),
    "excess_returns": ("returns", lambda x, s: rk.excess_returns(x, s.benchmark)),
    "excess_returns_geometric": (
        "returns",
        lambda x, s: rk.excess_returns(x, s.benchmark, method="geometric"),
    ),
    "tracking_error": (
        "returns",
        lambda x, s: rk.tracking_error(x, s.benchmark, periods_per_year=PPY),
    ),
    "information_ratio": (
        "returns",
        lambda x, s: rk.information_ratio(x, s.benchmark, periods_per_year=PPY),
    ),
    "beta": ("returns", lambda x, s: rk.beta(x, s.benchmark)),
    "alpha": ("returns", lambda x, s: rk.alpha(x, s.benchmark, periods_per_year=PPY)),
    "up_capture": (
        "returns",
        lambda x, s: rk.up_capture(x, s.benchmark, periods_per_year=PPY),
    ),
    "down_capture": (
        "returns",
        lambda x, s: rk.down_capture(x, s.benchmark, periods_per_year=PPY),
    ),
    "capture_ratio": (
        "returns",
        lambda x, s: rk.capture_ratio(x, s.benchmark, periods_per_year=PPY),
    ),
    "hit_rate": ("returns", lambda x, s: rk.hit_rate(x, s.benchmark)),
    "rolling_beta": ("returns", lambda x, s: rk.rolling_beta(x, s.benchmark, 5)),
    "rolling_correlation": (
        "returns",
        lambda x, s: rk.rolling_correlation(x, s.benchmark, 5),
    ),
    "outperformance": ("returns", lambda x, s: rk.outperformance(x, s.benchmark)),
    "streaks": ("returns", lambda x, s: rk.streaks(x, s.benchmark)),
    "current_streak": ("returns", lambda x, s: rk.current_streak(x, s.benchmark)),
    "longest_streak": ("returns", lambda x, s: rk.longest_streak(x, s.benchmark)),
    "rate_beta": ("returns", lambda x, s: rk.rate_beta(x, s.yields)),
    "rolling_rate_beta": ("returns", lambda x, s: rk.rolling_rate_beta(x, s.yields, 6)),
    "empirical_duration": ("returns", lambda x, s: rk.empirical_duration(x, s.yields)),
    "relative_rate_beta": (
        "returns",
        lambda x, s: rk.relative_rate_beta(x, s.benchmark, s.yields),
    ),
    "event_study": (
        "returns",
        lambda x, s: rk.event_study(
            x, [x.index[len(x) // 2]], benchmark=s.benchmark, window=(-2, 2)
        ),
    ),
    "zscore": ("values", lambda x, _: rk.zscore(x)),
    "zscore_rolling": ("values", lambda x, _: rk.zscore(x, window=5)),
    "percentile_rank": ("values", lambda x, _: rk.percentile_rank(x)),
    "percentile_rank_rolling": ("values", lambda x, _: rk.percentile_rank(x, window=5)),
    "earnings_yield": ("multiples", lambda x, _: rk.earnings_yield(x)),
    "valuation_gap": (
        "multiples",
        lambda x, s: rk.valuation_gap(x, s.benchmark_multiple),
    ),
    "valuation_gap_log": (
        "multiples",
        lambda x, s: rk.valuation_gap(x, s.benchmark_multiple, method="log"),
    ),
    "implied_rerating": (
        "multiples",
        lambda x, s: rk.implied_rerating(x, s.benchmark_multiple),
    ),
    "implied_rerating_rolling": (
        "multiples",
        lambda x, s: rk.implied_rerating(x, s.benchmark_multiple, window=5),
    ),
    "yield_gap": ("earnings_yields", lambda x, s: rk.yield_gap(x, s.yields)),
}

# Functions over constituents: one row (date) of a panel is one cross-section.
CROSS_SECTION_FUNCTIONS: dict[str, Call] = {
    "hhi": lambda w, _: rk.hhi(w),
    "effective_n": lambda w, _: rk.effective_n(w),
    "top_n_share": lambda w, _: rk.top_n_share(w, 2),
    "concentration_summary": lambda w, _: rk.concentration_summary(w, n=2),
    "negative_earnings_share": lambda w, s: rk.negative_earnings_share(
        _earnings_like(w, s), w
    ),
}


def _earnings_like(weights: Any, sample: Sample) -> Any:
    """Return the earnings of the date (or dates) of ``weights``."""
    date: Any = weights.name if isinstance(weights, pd.Series) else None
    return sample.earnings if date is None else sample.earnings.loc[date]


# Causal functions: the output at t uses data up to t only.
CAUSAL_FUNCTIONS = [
    "to_returns",
    "to_returns_log",
    "to_prices",
    "relative_strength",
    "relative_drawdown",
    "rrg",
    "excess_returns",
    "excess_returns_geometric",
    "rolling_beta",
    "rolling_correlation",
    "outperformance",
    "rolling_rate_beta",
    "zscore",
    "zscore_rolling",
    "percentile_rank",
    "percentile_rank_rolling",
    "earnings_yield",
    "valuation_gap",
    "valuation_gap_log",
    "implied_rerating",
    "implied_rerating_rolling",
    "yield_gap",
]

# Causal functions whose output mixes the columns (not per column).
CAUSAL_ACROSS_COLUMNS: dict[str, Callable[[Sample], Any]] = {
    "breadth": lambda s: rk.breadth(s.prices, window=3),
    # a policy-rate target moving in steps of 25 bp, from the yields
    "rate_regimes": lambda s: rk.rate_regimes(
        (s.yields * 4.0).round() / 4.0, hold_after=5
    ),
}


def _call(name: str, sample: Sample, panel: object | None = None) -> Any:
    attribute, function = PANEL_FUNCTIONS[name]
    return function(getattr(sample, attribute) if panel is None else panel, sample)


def _rows_until(result: object, last: pd.Timestamp) -> object:
    """Return the rows of a result labelled up to ``last``."""
    if isinstance(result, (pd.Series, pd.DataFrame)):
        dates = result.index
        if isinstance(dates, pd.MultiIndex):
            dates = dates.get_level_values(-1)
        return result[np.asarray(dates <= last)]
    return result


def _truncated(sample: Sample, rows: int) -> Sample:
    return Sample(
        *(getattr(sample, item.name).iloc[:rows] for item in dataclasses.fields(sample))
    )


# --- the properties ---


@SETTINGS
@given(samples(), st.integers(2, 59))
def test_appending_rows_changes_no_past_output(sample: Sample, cut: int) -> None:
    cut = min(cut, len(sample.returns) - 1)
    short = _truncated(sample, cut)
    last = sample.returns.index[cut - 1]
    for name in CAUSAL_FUNCTIONS:
        full = _rows_until(_call(name, sample), last)
        # Equal up to round-off in the last bits: vectorized sums over a
        # longer panel may add the same numbers in another order.
        assert_same(_call(name, short), full, rtol=1e-13, atol=1e-14, what=name)
    for name, function in CAUSAL_ACROSS_COLUMNS.items():
        full = _rows_until(function(sample), last)
        assert_same(function(short), full, rtol=1e-13, atol=1e-14, what=name)


@SETTINGS
@given(
    samples(moderate=True),
    st.sampled_from([1e-3, 0.37, 3.0, 1e4, 1e6]),
    st.sampled_from([0.5, 7.1, 1e3]),
)
def test_price_scale_changes_no_return_based_figure(
    sample: Sample, scale: float, bench_scale: float
) -> None:
    scaled = dataclasses.replace(
        sample,
        prices=sample.prices * scale,
        benchmark_prices=sample.benchmark_prices * bench_scale,
    )
    for name in (
        "to_returns",
        "to_returns_log",
        "relative_drawdown",
        "period_return",
        "period_to_date",
        "performance_table",
    ):
        assert_same(
            _call(name, scaled), _call(name, sample), rtol=1e-9, atol=1e-12, what=name
        )
    # RRG coordinates; the quadrant of a point exactly on the 100 line may
    # flip with round-off, so it is not compared.
    numbers = ["rs_ratio", "rs_momentum"]
    assert_same(
        _call("rrg", scaled)[numbers],
        _call("rrg", sample)[numbers],
        rtol=1e-9,
        atol=1e-9,
        what="rrg",
    )
    # relative strength is rebased to 1.0: the scale cancels too
    assert_same(
        _call("relative_strength", scaled),
        _call("relative_strength", sample),
        rtol=1e-9,
        what="relative_strength",
    )
    # return metrics computed from scaled prices
    returns, scaled_returns = rk.to_returns(sample.prices), rk.to_returns(scaled.prices)
    for metric in (rk.annualized_return, rk.annualized_volatility):
        assert_same(
            metric(scaled_returns, periods_per_year=PPY),
            metric(returns, periods_per_year=PPY),
            rtol=1e-8,
            atol=1e-12,
            what=metric.__name__,
        )
    bench, scaled_bench = (
        rk.to_returns(sample.benchmark_prices),
        rk.to_returns(scaled.benchmark_prices),
    )
    # (hit_rate counts wins: a tie may tip either way with round-off)
    for relative in (rk.tracking_error, rk.beta):
        assert_same(
            relative(scaled_returns, scaled_bench),
            relative(returns, bench),
            # returns from scaled prices differ by about eps; a beta on a
            # benchmark moving 1e-6 a period carries that, divided by 1e-6
            rtol=1e-7,
            atol=1e-8,
            what=relative.__name__,
        )
    breadth = rk.breadth(sample.prices, window=3)
    assert_same(rk.breadth(scaled.prices, window=3), breadth, what="breadth")


@SETTINGS
@given(samples(gaps=False), st.sampled_from([1e-3, 0.37, 3.0, 1e6]))
def test_weight_and_multiple_scale_changes_no_share_or_gap(
    sample: Sample, scale: float
) -> None:
    for name, function in CROSS_SECTION_FUNCTIONS.items():
        scaled = dataclasses.replace(sample, weights=sample.weights * scale)
        assert_same(
            function(scaled.weights, scaled),
            function(sample.weights, sample),
            rtol=1e-9,
            what=name,
        )
    value, earnings = sample.weights + 1.0, sample.earnings
    with warnings.catch_warnings():
        # documented: earnings adding up to zero or less give NaN and this warning
        warnings.simplefilter("ignore", rk.UndefinedMultipleWarning)
        scaled_multiple = rk.aggregate_multiple(value * scale, earnings * scale)
        multiple = rk.aggregate_multiple(value, earnings)
    assert_same(scaled_multiple, multiple, rtol=1e-9, what="aggregate_multiple")
    both = dataclasses.replace(
        sample,
        multiples=sample.multiples * scale,
        benchmark_multiple=sample.benchmark_multiple * scale,
    )
    for name in (
        "valuation_gap",
        "valuation_gap_log",
        "implied_rerating",
        "implied_rerating_rolling",
    ):
        assert_same(
            _call(name, both), _call(name, sample), rtol=1e-9, atol=1e-12, what=name
        )


@SETTINGS
@given(
    samples(moderate=True),
    st.sampled_from([0.5, 4.0, 1024.0]),
    st.sampled_from([-3.0, 0.0, 2.5]),
)
def test_signals_do_not_depend_on_the_units_of_the_values(
    sample: Sample, scale: float, offset: float
) -> None:
    moved = dataclasses.replace(sample, values=sample.values * scale + offset)
    for name in ("zscore", "zscore_rolling"):
        assert_same(
            _call(name, moved), _call(name, sample), rtol=1e-6, atol=1e-6, what=name
        )
    scaled = dataclasses.replace(sample, values=sample.values * scale)
    for name in ("percentile_rank", "percentile_rank_rolling"):
        assert_same(
            _call(name, scaled), _call(name, sample), rtol=0.0, atol=0.0, what=name
        )


@SETTINGS
@given(samples())
def test_swapping_asset_and_benchmark(sample: Sample) -> None:
    asset, bench = sample.returns.iloc[:, 0].rename("x"), sample.benchmark
    swapped = rk.excess_returns(bench, asset)
    assert_same(
        rk.excess_returns(asset, bench),
        -swapped,
        rtol=0.0,
        atol=0.0,
        what="excess_returns",
    )
    up = rk.excess_returns(asset, bench, method="geometric")
    down = rk.excess_returns(bench, asset, method="geometric")
    assert_same(
        (1.0 + up) * (1.0 + down),
        pd.Series(1.0, index=up.index).where(up.notna()),
        rtol=1e-12,
        what="geometric",
    )
    prices, bench_prices = sample.prices.iloc[:, 0], sample.benchmark_prices
    product = rk.relative_strength(prices, bench_prices) * rk.relative_strength(
        bench_prices, prices
    )
    assert_same(
        product,
        pd.Series(1.0, index=product.index).where(product.notna()),
        rtol=1e-12,
        what="relative_strength",
    )
    assert_same(
        rk.tracking_error(asset, bench, periods_per_year=PPY),
        rk.tracking_error(bench, asset, periods_per_year=PPY),
        rtol=1e-12,
        what="tracking_error",
    )
    assert_same(
        rk.information_ratio(asset, bench, periods_per_year=PPY),
        -rk.information_ratio(bench, asset, periods_per_year=PPY),
        rtol=1e-9,
        atol=1e-12,
        what="information_ratio",
    )
    both = rk.outperformance(asset, bench) & rk.outperformance(bench, asset)
    assert not both.any()
    ties = float((asset == bench).sum())
    valid = float((asset.notna() & bench.notna()).sum())
    total = (
        rk.hit_rate(asset, bench) + rk.hit_rate(bench, asset) + ties / valid
        if valid
        else math.nan
    )
    assert_same(total, 1.0 if valid else math.nan, rtol=1e-12, what="hit_rate")
    multiple, bench_multiple = sample.multiples.iloc[:, 0], sample.benchmark_multiple
    for method in ("log", "difference"):
        there = rk.valuation_gap(multiple, bench_multiple, method=method)
        back = rk.valuation_gap(bench_multiple, multiple, method=method)
        assert_same(there, -back, rtol=0.0, atol=0.0, what=f"valuation_gap {method}")
    ratio = rk.valuation_gap(multiple, bench_multiple)
    inverse = rk.valuation_gap(bench_multiple, multiple)
    assert_same(
        (1.0 + ratio) * (1.0 + inverse),
        pd.Series(1.0, index=ratio.index).where(ratio.notna()),
        rtol=1e-12,
        what="valuation_gap ratio",
    )
    there_beta = rk.relative_rate_beta(asset, bench, sample.yields).beta
    back_beta = rk.relative_rate_beta(bench, asset, sample.yields).beta
    assert_same(
        there_beta, -back_beta, rtol=1e-9, atol=1e-12, what="relative_rate_beta"
    )


def _ratios_from_their_parts(result: object, what: str) -> object:
    """Check a fit's t-statistic and p-value against its own slope and error; drop them.

    A t-statistic divides a slope by its error. A slope that is tiny against
    the level of the returns (in ``relative_rate_beta``, a benchmark return
    of 1e-9 beside returns of 2 %) loses most of its digits to cancellation: a panel and its column
    then agree on slope and error to within ``atol`` only, and on their
    ratio not even to ``rtol``. Each result's ratios are checked against its
    own parts instead, and the parts against the other result.
    """
    parts = result
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        parts = {
            item.name: getattr(result, item.name) for item in dataclasses.fields(result)
        }
    if not (
        isinstance(parts, dict) and {"beta", "stderr", "tstat", "pvalue"} <= set(parts)
    ):
        return result
    beta = np.asarray(parts["beta"], dtype=float)
    stderr = np.asarray(parts["stderr"], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        tstat = np.where(stderr > 0.0, beta / stderr, np.nan)
    assert_same(parts["tstat"], tstat, rtol=1e-12, atol=0.0, what=f"{what} tstat")
    pvalue = 2.0 * special.ndtr(-np.abs(tstat))
    assert_same(parts["pvalue"], pvalue, rtol=1e-12, atol=0.0, what=f"{what} pvalue")
    return {
        key: value for key, value in parts.items() if key not in ("tstat", "pvalue")
    }


@SETTINGS
@given(samples())
def test_a_panel_is_its_columns(sample: Sample) -> None:
    for name, (attribute, function) in PANEL_FUNCTIONS.items():
        panel: pd.DataFrame = getattr(sample, attribute)
        full = function(panel, sample)
        for column in panel.columns:
            single = function(panel[column], sample)
            if single is None:  # longest_streak of an asset that never outperformed
                assert _pick(full, column)["length"] == 0, name  # type: ignore[index]
                continue
            what = f"{name}[{column}]"
            assert_same(
                _ratios_from_their_parts(_pick(full, column), f"{what} of the panel"),
                _ratios_from_their_parts(single, what),
                rtol=1e-9,
                atol=1e-12,
                what=what,
            )


@SETTINGS
@given(samples())
def test_a_constituent_panel_is_its_dates(sample: Sample) -> None:
    for name, function in CROSS_SECTION_FUNCTIONS.items():
        full = function(sample.weights, sample)
        for date in sample.weights.index[:: max(1, len(sample.weights) // 5)]:
            single = function(sample.weights.loc[date], sample)
            assert_same(
                _pick(full, date), single, rtol=1e-9, atol=1e-12, what=f"{name}[{date}]"
            )
    value = sample.weights + 1.0
    date = sample.weights.index[-1]
    with warnings.catch_warnings():
        # documented: no profitable constituent left gives NaN and this warning
        warnings.simplefilter("ignore", rk.UndefinedMultipleWarning)
        full = rk.aggregate_multiple(
            value, sample.earnings, negative="exclude", details=True
        )
        single = rk.aggregate_multiple(
            value.loc[date], sample.earnings.loc[date], negative="exclude", details=True
        )
    assert_same(_pick(full, date), single, rtol=1e-9, what="aggregate_multiple")


@SETTINGS
@given(samples(), st.permutations(range(3)))
def test_permuting_assets_permutes_the_output(sample: Sample, order: list[int]) -> None:
    for name, (attribute, function) in PANEL_FUNCTIONS.items():
        panel: pd.DataFrame = getattr(sample, attribute)
        columns = [panel.columns[i] for i in order if i < panel.shape[1]]
        full = function(panel, sample)
        permuted = function(panel[columns], sample)
        for column in columns:
            assert_same(
                _pick(permuted, column),
                _pick(full, column),
                rtol=1e-12,
                atol=0.0,
                what=f"{name}[{column}]",
            )


@SETTINGS
@given(samples())
def test_float32_gives_the_numbers_of_its_float64_values(sample: Sample) -> None:
    for name, (attribute, function) in PANEL_FUNCTIONS.items():
        panel: pd.DataFrame = getattr(sample, attribute)
        single = panel.astype(np.float32)
        widened = single.astype(np.float64)
        assert_same(
            function(single, sample),
            function(widened, sample),
            rtol=0.0,
            atol=0.0,
            what=name,
        )
        as_array = (
            function(single.to_numpy(), sample)
            if name not in ARRAY_UNSUPPORTED
            else None
        )
        if as_array is not None:
            assert_same(
                as_array,
                function(widened.to_numpy(), sample),
                rtol=0.0,
                atol=0.0,
                what=f"{name} (array)",
            )


# (the hit rate counts wins: a tie may tip either way with round-off)
REPORT_FIGURES = (
    "relative_strength",
    "relative_drawdown",
    "beta",
    "tracking_error",
    "information_ratio",
    "up_capture",
    "down_capture",
    "capture_ratio",
    "rs_ratio",
    "rs_momentum",
)


@SETTINGS
@given(samples(gaps=False, moderate=True), st.sampled_from([1e-3, 7.1, 1e5]))
def test_report_figures_do_not_depend_on_price_units(
    sample: Sample, scale: float
) -> None:
    prices = sample.prices.assign(bench=sample.benchmark_prices)
    asset = prices.columns[0]
    report = rk.rotation_report(prices, asset, "bench")
    scaled = rk.rotation_report(prices * scale, asset, "bench")
    for name in REPORT_FIGURES:
        assert_same(
            getattr(scaled, name),
            getattr(report, name),
            rtol=1e-7,
            atol=1e-8,  # see test_price_scale_changes_no_return_based_figure
            what=name,
        )
    assert_same(
        scaled.performance,
        report.performance,
        rtol=1e-9,
        atol=1e-12,
        what="performance",
    )
    assert_same(scaled.spread, report.spread, rtol=1e-7, atol=1e-10, what="spread")


# Recipes above that use the DatetimeIndex of the panel (x.index) or need one.
ARRAY_UNSUPPORTED = frozenset(
    {"period_return", "period_to_date", "performance_table", "event_study"}
)


def _functions() -> Iterator[str]:
    yield from PANEL_FUNCTIONS


def test_the_property_tables_cover_every_function() -> None:
    covered = {
        name.removesuffix("_log").removesuffix("_rolling").removesuffix("_geometric")
        for name in _functions()
    }
    covered |= set(CROSS_SECTION_FUNCTIONS)
    # Functions without a time panel or a cross-section to split: checked elsewhere.
    elsewhere = {
        "aggregate_multiple",  # test_a_constituent_panel_is_its_dates
        "breadth",  # scale and causality tests; it mixes the columns by design
        "half_life",  # one series only
        "streak_context",  # one series only
        "run_lengths",
        "runs_test",  # conditions, not numbers
        "longest_run_probability",
        "expected_longest_run",  # numbers, not data: see test_numerics.py
        "floating_rate_sensitivity",  # per company, no time axis
        "rate_regimes",  # one policy rate: causality test
        "quadrant_transitions",  # takes an rrg result
        "rotation_report",  # test_report_figures_do_not_depend_on_price_units
        "get_engine",
        "precompile",
        "set_engine",  # the engine: no data
    }
    functions = {
        name
        for name in rk.__all__
        if callable(getattr(rk, name)) and not isinstance(getattr(rk, name), type)
    }
    missing = sorted(functions - covered - elsewhere)
    assert not missing, missing
