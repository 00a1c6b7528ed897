"""Numerical hardening: long series, large offsets, near-constant data, extremes.

* Rolling moments over 50,000 periods of values with a large common offset
  match a two-pass computation on the values without it.
* A series without variance (exactly constant, or constant up to rounding:
  cash-like returns, the benchmark plus a fixed fee, yields moving by the
  same step) gives NaN with a documented reason, never inf or a huge number.
* Log gaps of yields and multiples near zero stay finite and accurate.
* ``longest_run_probability`` stays a probability, monotone in ``k``, for
  ``p`` near 0 and 1 and for 100,000 trials, and equals an exact rational
  computation where one is affordable.
"""

from __future__ import annotations

import itertools
import math
from decimal import Decimal, getcontext
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from numpy.lib.stride_tricks import sliding_window_view

import rotationkit as rk
from rotationkit import _kernels

LONG = 50_000
WINDOW = 60


def _long_returns(
    seed: int = 0, n_assets: int = 2
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    rng = np.random.default_rng(seed)
    bench = rng.normal(0.0003, 0.01, LONG)
    assets = 0.8 * bench[:, np.newaxis] + rng.normal(0.0, 0.006, (LONG, n_assets))
    return assets, bench


def _two_pass_windows(
    x: np.ndarray[Any, Any], y: np.ndarray[Any, Any], window: int
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Return the co-moment and both sums of squared deviations of each full window."""
    xs = sliding_window_view(x, window)
    ys = sliding_window_view(y, window)
    dx = xs - xs.mean(axis=1, keepdims=True)
    dy = ys - ys.mean(axis=1, keepdims=True)
    return (dx * dy).sum(axis=1), (dx * dx).sum(axis=1), (dy * dy).sum(axis=1)


# --- rolling means: the loop for panels without NaN ---


@pytest.mark.parametrize("window", [1, 5, 50, 300])
@pytest.mark.parametrize("least", [1, 3, 50, 400])
def test_rolling_mean_without_nan_takes_the_sums_of_the_loop_with_gaps(
    window: int, least: int
) -> None:
    # A panel without NaN skips the running counts; a NaN column in the same
    # slice of columns sends every column through the loop with gaps, which
    # must give the other columns the same numbers, to the last bit.
    rng = np.random.default_rng(window + least)
    values = 100.0 + np.cumsum(rng.normal(0.0, 1.0, (700, 3)), axis=0)
    gappy = np.column_stack([values, np.full(700, np.nan)])
    kernel: Any = _kernels.rolling_mean
    mean = kernel.__wrapped__  # the numpy kernel itself, whatever the engine
    complete = mean(values, window, least)
    np.testing.assert_array_equal(complete, mean(gappy, window, least)[:, :3])
    windows = sliding_window_view(values, window, axis=0).mean(axis=-1)
    expected = np.full(values.shape, np.nan)
    if least <= window:
        expected[window - 1 :] = windows
        rows = np.arange(min(window - 1, 700))
        counts = rows + 1
        head = np.cumsum(values, axis=0)[: rows.size] / counts[:, np.newaxis]
        expected[: rows.size] = np.where((counts >= least)[:, np.newaxis], head, np.nan)
    np.testing.assert_allclose(complete, expected, rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("window", [5, 1_000])
def test_rolling_mean_of_a_wide_panel_takes_each_column_on_its_own(
    window: int,
) -> None:
    # The columns go in slices (512 for short windows, fewer for long ones);
    # a slice with a NaN takes the loop with counts, the others not. Each
    # column must come out as it does alone.
    rng = np.random.default_rng(window)
    values = 1.0 + rng.normal(0.0, 0.01, (1_200, 1_100))
    values[700, 600] = np.nan
    kernel: Any = _kernels.rolling_mean
    mean = kernel.__wrapped__  # the numpy kernel itself, whatever the engine
    together = mean(values, window, 2)
    for column in [*range(0, 1_100, 37), 600]:
        alone = mean(values[:, [column]], window, 2)
        np.testing.assert_array_equal(together[:, [column]], alone)
    # The NaN is left out of its windows.
    first = max(0, 701 - window)
    np.testing.assert_allclose(
        together[700, 600], np.nanmean(values[first:701, 600]), rtol=1e-12
    )


# --- long series with large offsets ---


@pytest.mark.parametrize(("offset", "rtol"), [(0.0, 1e-9), (1e3, 1e-8), (1e6, 1e-5)])
def test_rolling_beta_and_correlation_of_offset_values_over_50000_periods(
    offset: float, rtol: float
) -> None:
    assets, bench = _long_returns()
    beta = rk.rolling_beta(assets + offset, bench + offset, WINDOW)
    correlation = rk.rolling_correlation(assets + offset, bench + offset, WINDOW)
    assert beta.shape == correlation.shape == (LONG, 2)
    assert np.isnan(beta[: WINDOW - 1]).all()
    for column in range(2):
        co, sxx, syy = _two_pass_windows(assets[:, column], bench, WINDOW)
        np.testing.assert_allclose(beta[WINDOW - 1 :, column], co / syy, rtol=rtol)
        np.testing.assert_allclose(
            correlation[WINDOW - 1 :, column], co / np.sqrt(sxx * syy), rtol=rtol
        )


def test_rolling_rate_beta_of_offset_returns_over_50000_periods() -> None:
    assets, _ = _long_returns(seed=1)
    rng = np.random.default_rng(2)
    yields = 4.0 + np.cumsum(rng.normal(0.0, 0.04, LONG))
    result = rk.rolling_rate_beta(assets + 1e3, yields, WINDOW, min_periods=WINDOW)
    changes = np.diff(yields)  # in percent: a beta per 1.00 is one per +100 bp
    for column in range(2):
        co, _, syy = _two_pass_windows(assets[1:, column], changes, WINDOW)
        np.testing.assert_allclose(
            result[WINDOW:, column], co / syy, rtol=1e-8, atol=1e-10
        )


def _pandas_zscore(
    values: np.ndarray[Any, Any], window: int | None
) -> np.ndarray[Any, Any]:
    frame = pd.DataFrame(values)
    roll = (
        frame.expanding(2) if window is None else frame.rolling(window, min_periods=2)
    )
    zscore: np.ndarray[Any, Any] = ((frame - roll.mean()) / roll.std()).to_numpy()
    return zscore


@pytest.mark.parametrize("window", [None, 250])
def test_zscore_with_an_offset_of_1e8_over_50000_periods(window: int | None) -> None:
    rng = np.random.default_rng(3)
    values = rng.normal(0.0, 1.0, (LONG, 2))
    # The reference works on the values without the offset, where pandas'
    # running moments are accurate; the offset itself is exact in float64.
    result = rk.zscore(values + 1e8, window=window, min_periods=2)
    expected = _pandas_zscore(values, window)
    np.testing.assert_allclose(result, expected, rtol=1e-6, atol=1e-6)


def test_percentile_rank_with_an_offset_over_50000_periods() -> None:
    rng = np.random.default_rng(4)
    values = rng.normal(0.0, 1.0, (LONG, 2)) + 1e8
    result = rk.percentile_rank(values, window=250, min_periods=250)
    expected = pd.DataFrame(values).rolling(250).rank(pct=True).to_numpy()
    np.testing.assert_allclose(result, expected, rtol=1e-12, equal_nan=True)


def test_appending_rows_to_a_long_series_changes_no_past_output() -> None:
    assets, bench = _long_returns(seed=5)
    cut = 31_337  # not a multiple of any block or chunk size
    pairs = [
        (
            rk.rolling_beta(assets, bench, WINDOW),
            rk.rolling_beta(assets[:cut], bench[:cut], WINDOW),
        ),
        (
            rk.rolling_correlation(assets, bench, WINDOW),
            rk.rolling_correlation(assets[:cut], bench[:cut], WINDOW),
        ),
        (rk.zscore(assets, window=WINDOW), rk.zscore(assets[:cut], window=WINDOW)),
        (rk.zscore(assets), rk.zscore(assets[:cut])),
        (
            rk.percentile_rank(assets, window=WINDOW),
            rk.percentile_rank(assets[:cut], window=WINDOW),
        ),
    ]
    for full, short in pairs:
        np.testing.assert_allclose(
            full[:cut], short, rtol=1e-13, atol=1e-15, equal_nan=True
        )


def test_annualized_figures_of_a_long_series_do_not_overflow() -> None:
    returns = np.full(LONG, 0.05)  # 1.05 ** 50000 is far beyond the float range
    growth = rk.annualized_return(returns, periods_per_year=252)
    assert growth == pytest.approx(1.05**252 - 1.0, rel=1e-10)
    with pytest.raises(rk.InputError, match="`returns` compound to a level beyond"):
        rk.to_prices(returns)
    assert rk.annualized_volatility(returns, periods_per_year=252) == pytest.approx(
        0.0, abs=1e-14
    )


# --- series without variance ---

CONSTANTS = [0.1, 1.0 / 3.0, 1e6 + 0.1, 3e-300]


@pytest.mark.parametrize("level", CONSTANTS)
def test_exactly_constant_values_have_no_zscore(level: float) -> None:
    values = np.full((LONG, 2), level)
    values[::7, 1] = np.nan
    for window in (None, WINDOW):
        result = rk.zscore(values, window=window)
        assert np.isnan(result).all()


@pytest.mark.parametrize("level", CONSTANTS)
def test_a_constant_benchmark_has_no_beta_or_correlation(level: float) -> None:
    assets, _ = _long_returns(seed=6)
    bench = np.full(LONG, level)
    assert np.isnan(rk.rolling_beta(assets, bench, WINDOW)).all()
    assert np.isnan(rk.rolling_correlation(assets, bench, WINDOW)).all()
    assert np.isnan(rk.beta(assets[:500], bench[:500])).all()
    assert np.isnan(rk.alpha(assets[:500], bench[:500], periods_per_year=252)).all()


def _cash_returns(n: int, daily: float = 1e-4) -> np.ndarray[Any, Any]:
    """Returns of a cash account growing by ``daily``: constant up to rounding."""
    levels = 100.0 * (1.0 + daily) ** np.arange(n + 1)
    returns: np.ndarray[Any, Any] = levels[1:] / levels[:-1] - 1.0
    return returns


def test_cash_like_returns_vary_by_rounding_only() -> None:
    cash = _cash_returns(LONG)
    assert np.ptp(cash) > 0.0  # the premise: rounding makes them differ
    assert np.ptp(cash) < 1e-13


def test_a_cash_like_benchmark_has_no_beta_or_correlation() -> None:
    assets, _ = _long_returns(seed=7)
    cash = _cash_returns(LONG)
    assert np.isnan(rk.rolling_beta(assets, cash, WINDOW)).all()
    assert np.isnan(rk.rolling_correlation(assets, cash, WINDOW)).all()
    assert np.isnan(rk.rolling_correlation(cash, assets[:, 0], WINDOW)).all()
    assert np.isnan(rk.beta(assets[:500], cash[:500])).all()
    # The other way round the slope is zero (up to rounding), not noise.
    slope = rk.rolling_beta(cash, assets[:, 0], WINDOW)[WINDOW - 1 :]
    assert np.abs(slope).max() < 1e-12


def test_a_benchmark_earning_a_millionth_a_period_has_no_beta() -> None:
    # Returns of 1e-6 a period from prices near 50 differ by about eps: their
    # spread is far below 1e-12, the floor of a genuine spread of returns.
    levels = 50.0 * (1.0 + 1e-6) ** np.arange(2001)
    cash = levels[1:] / levels[:-1] - 1.0
    assets, _ = _long_returns(seed=12)
    for engine in ("numpy", rk.get_engine()):  # the reference, and the default
        with rk.engine(engine):
            assert np.isnan(rk.rolling_beta(assets[:2000], cash, WINDOW)).all()
    assert math.isnan(rk.information_ratio(np.zeros(2000), cash, periods_per_year=252))
    index = pd.bdate_range("2020-01-01", periods=2000)
    fit = rk.rate_beta(
        pd.Series(cash, index=index),
        pd.Series(4.0 + np.cumsum(assets[:2000, 0]), index=index),
    )
    assert fit.beta == 0.0
    assert math.isnan(fit.tstat)


def test_a_fixed_fee_has_no_information_ratio() -> None:
    _, bench = _long_returns(seed=8)
    tracker = bench - 0.0001  # the benchmark less a fixed fee, to rounding
    assert math.isnan(rk.information_ratio(tracker, bench, periods_per_year=252))
    assert rk.tracking_error(tracker, bench, periods_per_year=252) < 1e-12
    # A genuine, if small, tracking error still gives a ratio.
    rng = np.random.default_rng(8)
    noisy = tracker + rng.normal(0.0, 1e-6, LONG)
    ratio = rk.information_ratio(noisy, bench, periods_per_year=252)
    assert -2000.0 < ratio < -1000.0


def test_yields_moving_by_a_fixed_step_have_no_rate_beta() -> None:
    # A basis point a day: the changes differ by the rounding of the levels.
    assets, _ = _long_returns(seed=9)
    index = pd.bdate_range("2000-01-03", periods=2000)
    yields = pd.Series(4.0 + 0.01 * np.arange(2000), index=index)
    assert np.ptp(np.diff(yields.to_numpy())) > 0.0
    frame = pd.DataFrame(assets[:2000], index=index)
    fit = rk.rate_beta(frame, yields)
    assert fit.beta.isna().all()
    assert fit.tstat.isna().all()
    assert np.isnan(rk.rolling_rate_beta(frame, yields, WINDOW).to_numpy()).all()
    assert math.isnan(rk.empirical_duration(frame.iloc[:, 0], yields))


def test_a_constant_return_has_a_zero_rate_beta_without_a_tstat() -> None:
    rng = np.random.default_rng(10)
    index = pd.bdate_range("2020-01-01", periods=600)
    yields = pd.Series(4.0 + np.cumsum(rng.normal(0.0, 0.05, 600)), index=index)
    cash = pd.Series(_cash_returns(600), index=index)
    fit = rk.rate_beta(cash, yields)
    assert fit.beta == 0.0
    assert fit.stderr == 0.0
    assert math.isnan(fit.tstat)
    assert math.isnan(fit.pvalue)
    assert math.isnan(fit.r2)


def test_an_exact_fit_has_no_tstat() -> None:
    # Excess returns exactly proportional to the yield changes: no residual,
    # so no error to divide by; the t-statistic is NaN, never infinite.
    index = pd.bdate_range("2024-01-01", periods=300)
    rng = np.random.default_rng(13)
    yields = pd.Series(
        4.0 + np.cumsum(rng.choice([-0.25, 0.0, 0.25], 300)), index=index
    )
    bench = pd.Series(rng.normal(0.0, 0.01, 300), index=index)
    asset = bench - 0.03125 * yields.diff().fillna(0.0)  # exact in binary
    fit = rk.relative_rate_beta(asset, bench, yields)
    assert fit.beta == pytest.approx(-0.03125, rel=1e-12)
    assert fit.stderr == 0.0
    assert math.isnan(fit.tstat)
    assert math.isnan(fit.pvalue)
    assert fit.r2 == pytest.approx(1.0)


def test_zscores_of_rounding_noise_stay_bounded() -> None:
    # Values constant up to rounding give z-scores of the noise; a sample
    # z-score can never exceed (n - 1) / sqrt(n) in size, however small the
    # spread, so nothing blows up.
    cash = _cash_returns(LONG)
    result = rk.zscore(cash, window=WINDOW)
    finite = result[np.isfinite(result)]
    assert np.abs(finite).max() <= (WINDOW - 1) / math.sqrt(WINDOW) + 1e-9
    assert not np.isinf(result).any()


def test_a_constant_series_has_no_half_life() -> None:
    with pytest.raises(rk.InputError, match="does not vary"):
        rk.half_life(np.full(500, 0.1))


def test_capture_is_undefined_without_a_benchmark_move() -> None:
    bench = np.array([0.01, -0.01, 0.02, -0.02])
    flat_on_down_days = np.array([0.02, 0.0, 0.01, 0.0])
    assert rk.down_capture(flat_on_down_days, bench, periods_per_year=12) == 0.0
    assert math.isnan(rk.capture_ratio(flat_on_down_days, bench, periods_per_year=12))
    # A rise so small that the ratio overflows: no figure rather than inf.
    tiny_rise = np.array([1e-310, -0.01])
    assert math.isnan(
        rk.up_capture(np.array([0.02, 0.0]), tiny_rise, periods_per_year=12)
    )


# --- logs of values near zero ---

getcontext().prec = 60


def _exact_log_gap(a: float, b: float) -> float:
    return float(Decimal(a).ln() - Decimal(b).ln())


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (1e-4, 5e-5),  # yields of a hundredth of a percent
        (2.5e-300, 1e-300),
        (5e-310, 1e-309),  # subnormal numbers
        (1.0 + 1e-12, 1.0),
        (15.0 * (1.0 + 1e-9), 15.0),
        (1e300, 1e-3),
    ],
)
def test_log_gaps_of_values_near_zero_are_finite_and_accurate(
    a: float, b: float
) -> None:
    gap = rk.valuation_gap(np.array([a]), np.array([b]), method="log")[0]
    assert math.isfinite(gap)
    assert gap == pytest.approx(_exact_log_gap(a, b), abs=1e-12, rel=1e-12)
    ratio = rk.valuation_gap(np.array([a]), np.array([b]))[0]
    assert ratio == pytest.approx(float(Fraction(a) / Fraction(b) - 1), rel=1e-14)


def test_a_zero_yield_has_no_log_gap() -> None:
    with pytest.raises(rk.InputError, match="`multiple`"):
        rk.valuation_gap(np.array([0.0, 1e-4]), np.array([1e-4, 1e-4]), method="log")


def test_a_gap_beyond_the_float_range_is_an_error() -> None:
    with pytest.raises(rk.InputError, match="overflows"):
        rk.valuation_gap(np.array([1e300]), np.array([1e-300]))
    # the log gap of the same multiples is an ordinary number
    log_gap = rk.valuation_gap(np.array([1e300]), np.array([1e-300]), method="log")
    assert log_gap[0] == pytest.approx(600.0 * math.log(10.0), rel=1e-14)


def test_earnings_yields_of_huge_and_tiny_multiples() -> None:
    result = rk.earnings_yield(np.array([1e300, 1e-300]))
    assert result[0] == pytest.approx(1e-300, rel=1e-15)
    assert result[1] == pytest.approx(1e300, rel=1e-15)
    for subnormal in (np.array([2e-323]), 2e-323):
        with pytest.raises(rk.InputError, match="`multiple` overflows"):
            rk.earnings_yield(subnormal)


def test_rate_beta_of_yields_near_zero_does_not_depend_on_their_units() -> None:
    rng = np.random.default_rng(11)
    index = pd.bdate_range("2020-03-16", periods=400)
    bills = pd.Series(
        np.abs(0.05 + np.cumsum(rng.normal(0.0, 0.002, 400))), index=index
    )
    returns = (
        pd.Series(rng.normal(0.0, 0.01, 400), index=index)
        - 0.5 * bills.diff().fillna(0.0) / 100.0
    )
    # Yields near zero look like other units in any units: a documented warning.
    with pytest.warns(rk.YieldUnitsWarning, match="yields near zero"):
        percent = rk.rate_beta(returns, bills, yield_units="percent")
    with pytest.warns(rk.YieldUnitsWarning, match="yields near zero"):
        basis_points = rk.rate_beta(returns, bills * 100.0, yield_units="bp")
    assert math.isfinite(percent.beta)
    assert percent.beta == pytest.approx(basis_points.beta, rel=1e-12)
    with pytest.warns(rk.YieldUnitsWarning, match="yields near zero"):
        gap = rk.yield_gap(
            pd.Series(0.04, index=index), bills * 100.0, yield_units="bp"
        )
    np.testing.assert_allclose(
        gap.to_numpy(), 0.04 - bills.to_numpy() / 100.0, rtol=1e-12
    )


# --- the chance of a streak ---


def _exact_longest_run_tail(n: int, k: int, p: Fraction) -> Fraction:
    """Return P(longest run of successes >= k in n trials), exactly."""
    if k <= 0:
        return Fraction(1)
    if k > n:
        return Fraction(0)
    # states: length of the current run (0 .. k-1); the rest has reached k
    states = [Fraction(0)] * k
    states[0] = Fraction(1)
    for _ in range(n):
        moved = [Fraction(0)] * k
        moved[0] = sum(states, Fraction(0)) * (1 - p)
        for run in range(1, k):
            moved[run] = states[run - 1] * p
        states = moved
    return 1 - sum(states, Fraction(0))


EXACT_PROBABILITIES = [0.0, 1e-12, 0.01, 0.3, 0.5, 0.9, 1.0 - 1e-9, 1.0]


@pytest.mark.parametrize("n", [1, 2, 5, 17, 40])
@pytest.mark.parametrize("p", EXACT_PROBABILITIES)
def test_longest_run_probability_is_exact(n: int, p: float) -> None:
    for k in range(n + 2):
        expected = float(_exact_longest_run_tail(n, k, Fraction(p)))
        result = rk.longest_run_probability(n, k, p)
        assert result == pytest.approx(expected, rel=1e-11, abs=1e-300), (n, k, p)


EXTREME_PROBABILITIES = [1e-15, 1e-9, 1e-3, 0.5, 1.0 - 1e-3, 1.0 - 1e-9, 1.0 - 1e-15]


@pytest.mark.parametrize("n", [1_000, 100_000])
@pytest.mark.parametrize("p", EXTREME_PROBABILITIES)
def test_longest_run_probability_is_a_monotone_probability(n: int, p: float) -> None:
    ks = sorted({1, 2, 3, 5, 10, 20, 50, 100, 1000, n // 2, n - 1, n, n + 1})
    values = [rk.longest_run_probability(n, k, p) for k in ks]
    assert all(0.0 <= v <= 1.0 for v in values), values
    assert all(a >= b for a, b in itertools.pairwise(values)), values
    # a run of one: at least one success; a run of n: nothing but successes
    at_least_one = -math.expm1(n * math.log1p(-p))
    assert values[0] == pytest.approx(at_least_one, rel=1e-9)
    assert values[ks.index(n)] == pytest.approx(
        math.exp(n * math.log(p)), rel=1e-6, abs=1e-300
    )
    assert values[-1] == 0.0


@pytest.mark.parametrize("p", [1e-9, 0.2, 0.5, 0.8, 1.0 - 1e-9])
def test_expected_longest_run_is_the_sum_of_its_tail(p: float) -> None:
    n = 30
    tail = sum(
        float(_exact_longest_run_tail(n, k, Fraction(p))) for k in range(1, n + 1)
    )
    assert rk.expected_longest_run(n, p) == pytest.approx(tail, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("p", [0.3, 0.5, 0.9, 0.99])
def test_inclusion_exclusion_tail_is_exact_or_declines(p: float) -> None:
    # The tail behind long expected runs, against exact fractions: equal to
    # 1e-12 wherever it answers, and it must answer for the long runs.
    n = 60
    answered = 0
    for k in range(1, n + 1):
        tail = _kernels._tail_alternating(n, k, p)
        if tail is None:
            continue
        answered += 1
        expected = float(_exact_longest_run_tail(n, k, Fraction(p)))
        assert tail == pytest.approx(expected, rel=1e-12, abs=1e-300), k
    assert _kernels._tail_alternating(n, n, p) is not None
    assert answered >= n // 2


def test_inclusion_exclusion_tail_agrees_with_the_recursion_on_many_trials() -> None:
    n, p = 100_000, 0.999
    for k in (5_000, 8_000, 20_000, 60_000):
        tail = _kernels._tail_alternating(n, k, p)
        assert tail is not None, k
        assert tail == pytest.approx(_kernels._tail_recursion(n, k, p), rel=1e-13)
    # Large terms that cancel (or too many of them): left to the recursion.
    for k in (500, 3_000):
        assert _kernels._tail_alternating(n, k, p) is None


def test_expected_longest_run_on_many_trials_is_the_sum_of_its_tail() -> None:
    n, p = 12_000, 0.995
    summed = math.fsum(rk.longest_run_probability(n, k, p) for k in range(1, n + 1))
    assert rk.expected_longest_run(n, p) == pytest.approx(summed, rel=1e-12)


def test_expected_longest_run_grows_with_p_and_stays_within_n() -> None:
    for n in (10, 1_000, 10_000):
        values = [
            rk.expected_longest_run(n, p) for p in [0.0, *EXTREME_PROBABILITIES, 1.0]
        ]
        assert all(0.0 <= v <= n for v in values), values
        assert all(a <= b for a, b in itertools.pairwise(values)), values
        assert values[0] == 0.0
        assert values[-1] == n
