"""Tests for rotationkit.relative, cross-checked against independent implementations."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk
from rotationkit.errors import AlignmentError, FrequencyError, InputError

TOL = 1e-10


def make_returns(
    n_periods: int = 400,
    n_assets: int = 3,
    *,
    seed: int = 1,
    tz: str | None = None,
    offset: float = 0.0,
) -> tuple[pd.DataFrame, pd.Series[float]]:
    """Return asset returns with betas 0.5, 1.0, 1.5, ... on a benchmark."""
    rng = np.random.default_rng(seed)
    index = pd.date_range("2020-01-01", periods=n_periods, freq="B", tz=tz)
    bench = rng.normal(0.0003, 0.01, n_periods)
    betas = 0.5 * (1 + np.arange(n_assets))
    noise = rng.normal(0.0001, 0.008, (n_periods, n_assets))
    assets = bench[:, None] * betas + noise
    frame = pd.DataFrame(
        assets + offset, index=index, columns=[f"A{i}" for i in range(n_assets)]
    )
    series = pd.Series(bench + offset, index=index, name="bench")
    return frame, series


@pytest.fixture
def pair() -> tuple[pd.DataFrame, pd.Series[float]]:
    return make_returns()


def assert_close(actual: Any, expected: Any, rtol: float = TOL) -> None:
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=rtol
    )


# --------------------------------------------------------------------------
# relative strength and relative drawdown
# --------------------------------------------------------------------------


def test_relative_strength_by_hand() -> None:
    idx = pd.date_range("2024-01-31", periods=4, freq="ME")
    prices = pd.Series([10.0, 11.0, 12.1, 9.9], index=idx, name="small")
    bench = pd.Series([20.0, 20.0, 22.0, 18.0], index=idx)
    result = rk.relative_strength(prices, bench)
    assert isinstance(result, pd.Series)
    assert result.name == "small"
    # (11 / 20) / (10 / 20) = 1.1; (12.1 / 22) / 0.5 = 1.1; (9.9 / 18) / 0.5 = 1.1
    assert_close(result, [1.0, 1.1, 1.1, 1.1], rtol=1e-15)
    assert result.index.equals(idx)


def test_relative_strength_rebases_each_asset_at_its_first_common_date() -> None:
    idx = pd.date_range("2024-01-01", periods=4, freq="D")
    prices = pd.DataFrame(
        {"old": [1.0, 2.0, 4.0, 8.0], "new": [np.nan, 5.0, 5.0, 10.0]}, index=idx
    )
    bench = pd.Series([1.0, 1.0, 2.0, 2.0], index=idx)
    result = rk.relative_strength(prices, bench)
    expected = pd.DataFrame(
        {"old": [1.0, 2.0, 2.0, 4.0], "new": [np.nan, 1.0, 0.5, 1.0]}, index=idx
    )
    pd.testing.assert_frame_equal(result, expected)


def test_relative_strength_with_a_benchmark_gap_is_missing_there_only() -> None:
    idx = pd.date_range("2024-01-01", periods=4, freq="D")
    prices = pd.Series([10.0, 11.0, 12.0, 13.0], index=idx)
    bench = pd.Series([10.0, np.nan, 10.0, 10.0], index=idx)
    result = rk.relative_strength(prices, bench)
    assert_close(result, [1.0, np.nan, 1.2, 1.3], rtol=1e-15)


def test_relative_strength_compounds_geometric_excess_returns(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    returns, bench = pair
    prices = rk.to_prices(returns, base=100.0)
    bench_prices = rk.to_prices(bench, base=50.0)
    line = rk.relative_strength(prices, bench_prices)
    excess = rk.excess_returns(returns, bench, method="geometric")
    compounded = (1.0 + excess.iloc[1:]).cumprod()
    assert_close(line.iloc[1:], compounded, rtol=1e-12)


def test_relative_strength_panel_equals_columns_and_arrays(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    returns, bench = pair
    prices, bench_prices = rk.to_prices(returns), rk.to_prices(bench)
    panel = rk.relative_strength(prices, bench_prices)
    for column in prices.columns:
        single = rk.relative_strength(prices[column], bench_prices)
        pd.testing.assert_series_equal(panel[column], single)
    array = rk.relative_strength(prices.to_numpy(), bench_prices.to_numpy())
    assert isinstance(array, np.ndarray)
    assert array.shape == prices.shape
    assert_close(array, panel, rtol=1e-15)
    one = rk.relative_strength(prices["A0"].to_numpy(), bench_prices.to_numpy())
    assert one.shape == (len(prices),)


def test_relative_strength_aligns_labels_and_time_zones() -> None:
    idx = pd.date_range("2024-01-01", periods=5, freq="D", tz="America/New_York")
    prices = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0], index=idx)
    bench = pd.Series([1.0, 1.0, 1.0, 1.0], index=idx[1:])
    result = rk.relative_strength(prices, bench)
    assert result.index.equals(idx[1:])
    assert_close(result, [1.0, 1.5, 2.0, 2.5], rtol=1e-15)
    with pytest.raises(AlignmentError, match="time zone"):
        rk.relative_strength(prices, bench.tz_convert("UTC"))
    with pytest.raises(AlignmentError, match="naive"):
        rk.relative_strength(prices, bench.tz_localize(None))


def test_relative_drawdown_by_hand_and_against_a_loop() -> None:
    idx = pd.date_range("2024-01-31", periods=6, freq="ME")
    prices = pd.Series([10.0, 12.0, 10.8, np.nan, 13.0, 6.5], index=idx)
    bench = pd.Series([20.0, 20.0, 20.0, 20.0, 20.0, 20.0], index=idx)
    result = rk.relative_drawdown(prices, bench)
    assert_close(result, [0.0, 0.0, -0.1, np.nan, 0.0, -0.5], rtol=1e-14)

    rng = np.random.default_rng(3)
    ratio = np.exp(np.cumsum(rng.normal(0, 0.02, 200)))
    drawdown = rk.relative_drawdown(ratio * 3.0, np.full(200, 3.0))
    peak, expected = -np.inf, []
    for value in ratio:
        peak = max(peak, value)
        expected.append(value / peak - 1.0)
    assert_close(drawdown, expected, rtol=1e-13)


def test_relative_drawdown_does_not_depend_on_units(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    returns, bench = pair
    prices, bench_prices = rk.to_prices(returns), rk.to_prices(bench)
    base = rk.relative_drawdown(prices, bench_prices)
    scaled = rk.relative_drawdown(prices * 7.0, bench_prices / 3.0)
    np.testing.assert_allclose(scaled, base, rtol=1e-12, atol=1e-15)
    assert (base.to_numpy() <= 0.0).all()


@pytest.mark.parametrize("function", [rk.relative_strength, rk.relative_drawdown])
def test_price_functions_reject_bad_prices(function: Any) -> None:
    good = pd.Series([1.0, 2.0, 3.0])
    with pytest.raises(InputError, match="`prices`"):
        function(pd.Series([1.0, -2.0, 3.0]), good)
    with pytest.raises(InputError, match="`benchmark_prices`"):
        function(good, pd.Series([1.0, 0.0, 3.0]))
    with pytest.raises(InputError, match=r"`benchmark_prices`.*single series"):
        function(good, pd.DataFrame({"a": [1.0, 2, 3], "b": [1.0, 2, 3]}))
    with pytest.raises(AlignmentError, match="3 rows"):
        function([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(InputError, match="infinite"):
        function(good, pd.Series([1.0, np.inf, 3.0]))
    with pytest.raises(InputError, match="real numbers"):
        function(good, pd.Series(["a", "b", "c"]))
    with pytest.raises(InputError, match="empty"):
        function(pd.Series([], dtype=float), pd.Series([], dtype=float))


# --------------------------------------------------------------------------
# excess returns
# --------------------------------------------------------------------------


def test_excess_returns_both_methods(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    returns, bench = pair
    arithmetic = rk.excess_returns(returns, bench)
    pd.testing.assert_frame_equal(arithmetic, returns.sub(bench, axis=0))
    geometric = rk.excess_returns(returns, bench, method="geometric")
    expected = returns.add(1.0).div(bench.add(1.0), axis=0).sub(1.0)
    pd.testing.assert_frame_equal(geometric, expected)
    series = rk.excess_returns(returns["A1"], bench)
    pd.testing.assert_series_equal(series, arithmetic["A1"])


def test_excess_returns_propagate_missing_values() -> None:
    result = rk.excess_returns([0.01, np.nan, 0.03], [0.0, 0.01, np.nan])
    assert_close(result, [0.01, np.nan, np.nan])


def test_excess_returns_bad_input() -> None:
    with pytest.raises(ValueError, match="arithmetic"):
        rk.excess_returns([0.01], [0.02], method="log")  # type: ignore[call-overload]
    with pytest.raises(InputError, match=r"`benchmark` has a return of -1\.0;"):
        rk.excess_returns([0.01, 0.02], [0.0, -1.0], method="geometric")
    with pytest.raises(InputError, match=r"return of -1\.5, below -1"):
        rk.excess_returns([0.01, -1.5], [0.0, 0.0], method="geometric")
    with pytest.raises(AlignmentError):
        rk.excess_returns([0.01, 0.02], [0.0])
    with pytest.raises(InputError, match="booleans"):
        rk.excess_returns(pd.Series([True, False]), pd.Series([0.0, 0.1]))


# --------------------------------------------------------------------------
# tracking error and information ratio (against empyrical)
# --------------------------------------------------------------------------


def test_tracking_error_and_information_ratio_match_empyrical(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    empyrical = pytest.importorskip("empyrical")
    returns, bench = pair
    te = rk.tracking_error(returns, bench)
    ir = rk.information_ratio(returns, bench)
    ir_period = rk.information_ratio(returns, bench, annualize=False)
    te_period = rk.tracking_error(returns, bench, annualize=False)
    assert isinstance(te, pd.Series)
    assert list(te.index) == list(returns.columns)
    for column in returns.columns:
        active = returns[column] - bench
        expected_te = empyrical.annual_volatility(active, period="daily")
        expected_ir = empyrical.excess_sharpe(returns[column], bench)
        assert te[column] == pytest.approx(expected_te, rel=TOL)
        assert te_period[column] == pytest.approx(active.std(ddof=1), rel=TOL)
        assert ir_period[column] == pytest.approx(expected_ir, rel=TOL)
        assert ir[column] == pytest.approx(expected_ir * np.sqrt(252), rel=TOL)
        single = rk.information_ratio(returns[column], bench)
        assert isinstance(single, float)
        assert single == pytest.approx(ir[column], rel=1e-14)


def test_monthly_information_ratio_infers_twelve_periods() -> None:
    index = pd.date_range("2020-01-31", periods=24, freq="ME")
    rng = np.random.default_rng(7)
    asset = pd.Series(rng.normal(0.01, 0.04, 24), index=index)
    bench = pd.Series(rng.normal(0.008, 0.03, 24), index=index)
    active = asset - bench
    expected = active.mean() / active.std(ddof=1) * np.sqrt(12)
    assert rk.information_ratio(asset, bench) == pytest.approx(expected, rel=TOL)
    assert rk.information_ratio(asset, bench, periods_per_year=52) == pytest.approx(
        expected / np.sqrt(12) * np.sqrt(52), rel=TOL
    )


def test_active_statistics_skip_unpaired_periods(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    empyrical = pytest.importorskip("empyrical")
    returns, bench = pair
    bench = bench.copy()
    bench.iloc[[3, 50, 51, 200]] = np.nan
    returns = returns.copy()
    returns.iloc[[10, 11], 0] = np.nan
    ir = rk.information_ratio(returns, bench, annualize=False)
    te = rk.tracking_error(returns, bench)
    for column in returns.columns:
        both = pd.concat([returns[column], bench], axis=1).dropna()
        expected = empyrical.excess_sharpe(both.iloc[:, 0], both.iloc[:, 1])
        assert ir[column] == pytest.approx(expected, rel=TOL)
        active = both.iloc[:, 0] - both.iloc[:, 1]
        assert te[column] == pytest.approx(active.std() * np.sqrt(252), rel=TOL)


def test_zero_tracking_error_gives_an_undefined_information_ratio() -> None:
    bench = [0.01, -0.02, 0.03, 0.0]
    assert rk.tracking_error(bench, bench, annualize=False) == 0.0
    assert np.isnan(rk.information_ratio(bench, bench, annualize=False))
    assert np.isnan(rk.tracking_error([0.01], [0.02], annualize=False))


def test_annualization_needs_a_frequency() -> None:
    with pytest.raises(FrequencyError, match="periods_per_year"):
        rk.tracking_error([0.01, 0.02, 0.0], [0.0, 0.01, 0.01])
    with pytest.raises(ValueError, match="greater than zero"):
        rk.tracking_error([0.01, 0.02], [0.0, 0.01], periods_per_year=0)
    with pytest.raises(TypeError, match="annualize"):
        rk.information_ratio(
            [0.01, 0.02],
            [0.0, 0.01],
            annualize="no",  # type: ignore[call-overload]
        )


# --------------------------------------------------------------------------
# beta and alpha (against statsmodels, numpy.polyfit and empyrical)
# --------------------------------------------------------------------------


def test_beta_and_alpha_match_statsmodels_ols(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    sm = pytest.importorskip("statsmodels.api")
    returns, bench = pair
    betas = rk.beta(returns, bench)
    alphas = rk.alpha(returns, bench, annualize=False)
    for column in returns.columns:
        fit = sm.OLS(
            returns[column].to_numpy(), sm.add_constant(bench.to_numpy())
        ).fit()
        intercept, slope = fit.params
        assert betas[column] == pytest.approx(slope, rel=TOL)
        assert alphas[column] == pytest.approx(intercept, rel=TOL)
        poly_slope, poly_intercept = np.polyfit(bench, returns[column], 1)
        assert betas[column] == pytest.approx(poly_slope, rel=1e-9)
        assert alphas[column] == pytest.approx(poly_intercept, rel=1e-8)


def test_alpha_with_a_risk_free_series_matches_statsmodels(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    sm = pytest.importorskip("statsmodels.api")
    returns, bench = pair
    rng = np.random.default_rng(11)
    risk_free = pd.Series(
        0.0001 + rng.normal(0, 0.00002, len(bench)), index=bench.index
    )
    result = rk.alpha(returns, bench, risk_free=risk_free, annualize=False)
    for column in returns.columns:
        y = (returns[column] - risk_free).to_numpy()
        x = sm.add_constant((bench - risk_free).to_numpy())
        intercept = sm.OLS(y, x).fit().params[0]
        assert result[column] == pytest.approx(intercept, rel=TOL)


def test_alpha_and_beta_match_empyrical(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    empyrical = pytest.importorskip("empyrical")
    returns, bench = pair
    for risk_free in (0.0, 0.0001):
        result = rk.alpha(returns, bench, risk_free=risk_free)
        for column in returns.columns:
            expected = empyrical.alpha(returns[column], bench, risk_free=risk_free)
            assert result[column] == pytest.approx(expected, rel=TOL)
    monthly = rk.alpha(returns, bench, periods_per_year=12)
    betas = rk.beta(returns, bench)
    for column in returns.columns:
        expected = empyrical.alpha(returns[column], bench, annualization=12)
        assert monthly[column] == pytest.approx(expected, rel=TOL)
        assert betas[column] == pytest.approx(
            empyrical.beta(returns[column], bench), rel=TOL
        )


def test_arithmetic_alpha_is_the_intercept_times_periods(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    returns, bench = pair
    result = rk.alpha(returns, bench, method="arithmetic")
    for column in returns.columns:
        # quantstats.stats.greeks: (mean(r) - beta * mean(b)) * periods
        cov = np.cov(returns[column], bench)
        slope = cov[0, 1] / cov[1, 1]
        expected = (returns[column].mean() - slope * bench.mean()) * 252
        assert result[column] == pytest.approx(expected, rel=TOL)


def test_beta_by_hand_and_degenerate_cases() -> None:
    bench = [0.01, -0.02, 0.03, 0.00]
    asset = [0.025, -0.035, 0.065, 0.005]
    assert rk.beta(asset, bench) == pytest.approx(2.0, rel=1e-14)
    assert rk.alpha(asset, bench, annualize=False) == pytest.approx(0.005, rel=1e-12)
    assert rk.alpha(asset, bench, periods_per_year=12) == pytest.approx(
        1.005**12 - 1.0, rel=1e-12
    )
    assert np.isnan(rk.beta(asset, [0.01, 0.01, 0.01, 0.01]))
    assert np.isnan(rk.beta([0.01, np.nan, 0.02], [0.01, 0.02, np.nan]))
    assert np.isnan(rk.alpha([0.01, 0.02], [np.nan, 0.01], annualize=False))


@pytest.mark.parametrize(
    "benchmark_gap", [False, True], ids=["bench-full", "bench-gap"]
)
def test_full_sample_statistics_skip_missing_pairs_column_by_column(
    pair: tuple[pd.DataFrame, pd.Series[float]], benchmark_gap: bool
) -> None:
    # Complete columns and columns with gaps take different paths; each must
    # equal the statistic of its own pairs with both values present.
    sm = pytest.importorskip("statsmodels.api")
    empyrical = pytest.importorskip("empyrical")
    returns, bench = pair
    returns = returns.copy()
    returns.iloc[::7, 1] = np.nan
    returns.iloc[:40, 2] = np.nan
    if benchmark_gap:
        bench = bench.copy()
        bench.iloc[[3, 50, 51]] = np.nan
    betas = rk.beta(returns, bench)
    alphas = rk.alpha(returns, bench, annualize=False)
    up = rk.up_capture(returns, bench, periods_per_year=252)
    down = rk.down_capture(returns, bench, periods_per_year=252)
    for column in returns.columns:
        both = pd.concat([returns[column], bench], axis=1).dropna()
        asset, market = both.iloc[:, 0], both.iloc[:, 1]
        intercept, slope = (
            sm.OLS(asset.to_numpy(), sm.add_constant(market)).fit().params
        )
        assert betas[column] == pytest.approx(slope, rel=TOL)
        assert alphas[column] == pytest.approx(intercept, rel=TOL)
        assert up[column] == pytest.approx(
            empyrical.up_capture(asset, market, period="daily"), rel=TOL
        )
        assert down[column] == pytest.approx(
            empyrical.down_capture(asset, market, period="daily"), rel=TOL
        )


def test_beta_keeps_its_precision_under_a_large_common_offset() -> None:
    # Shifting both series changes no slope. Adding 1,000 to values of size
    # 0.01 rounds each by about 1e-11 of its size, some 3e-13 on these slopes;
    # a one-pass sum(dx * y) - mean(y) * sum(dx) loses 1.7e-12 on them.
    returns, bench = make_returns(2_000, 4)
    shifted, shifted_bench = make_returns(2_000, 4, offset=1_000.0)
    assert_close(rk.beta(shifted, shifted_bench), rk.beta(returns, bench), rtol=8e-13)


def test_the_benchmark_against_itself_is_exactly_one() -> None:
    returns, bench = make_returns(1_000, 3)
    panel = returns.assign(bench=bench)
    assert rk.beta(bench, bench) == 1.0
    assert rk.beta(panel, bench)["bench"] == 1.0
    for capture in (rk.up_capture, rk.down_capture, rk.capture_ratio):
        assert capture(panel, bench)["bench"] == 1.0
        assert capture(bench, bench) == 1.0


def test_alpha_bad_input(pair: tuple[pd.DataFrame, pd.Series[float]]) -> None:
    returns, bench = pair
    with pytest.raises(ValueError, match="method"):
        rk.alpha(returns, bench, method="log")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="finite"):
        rk.alpha(returns, bench, risk_free=float("nan"))
    with pytest.raises(TypeError, match="risk_free"):
        rk.alpha(returns, bench, risk_free=True)
    with pytest.raises(InputError, match=r"`risk_free`.*single series"):
        rk.alpha(returns, bench, risk_free=returns)  # type: ignore[call-overload]
    with pytest.raises(AlignmentError, match="risk_free"):
        rk.alpha(returns, bench, risk_free=[0.0, 0.0])


# --------------------------------------------------------------------------
# capture ratios and hit rate
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("periods", "period"), [(252, "daily"), (12, "monthly")])
def test_captures_match_empyrical(
    pair: tuple[pd.DataFrame, pd.Series[float]], periods: int, period: str
) -> None:
    empyrical = pytest.importorskip("empyrical")
    returns, bench = pair
    up = rk.up_capture(returns, bench, periods_per_year=periods)
    down = rk.down_capture(returns, bench, periods_per_year=periods)
    ratio = rk.capture_ratio(returns, bench, periods_per_year=periods)
    for column in returns.columns:
        asset = returns[column]
        expected_up = empyrical.up_capture(asset, bench, period=period)
        expected_down = empyrical.down_capture(asset, bench, period=period)
        expected_ratio = empyrical.up_down_capture(asset, bench, period=period)
        assert up[column] == pytest.approx(expected_up, rel=TOL)
        assert down[column] == pytest.approx(expected_down, rel=TOL)
        assert ratio[column] == pytest.approx(expected_ratio, rel=TOL)


def test_captures_by_hand_and_edge_cases() -> None:
    bench = [0.02, -0.01, 0.0, -0.02]
    asset = [0.03, -0.01, 0.5, -0.01]
    # Up periods: only the first; down periods: the second and fourth; the
    # flat third period counts in neither.
    expected_up = (1.03**12 - 1.0) / (1.02**12 - 1.0)
    expected_down = ((0.99 * 0.99) ** 6 - 1.0) / ((0.99 * 0.98) ** 6 - 1.0)
    assert rk.up_capture(asset, bench, periods_per_year=12) == pytest.approx(
        expected_up, rel=1e-12
    )
    assert rk.down_capture(asset, bench, periods_per_year=12) == pytest.approx(
        expected_down, rel=1e-12
    )
    assert np.isnan(rk.down_capture([0.01, 0.02], [0.01, 0.02], periods_per_year=12))
    with pytest.raises(InputError, match="below -1"):
        rk.up_capture([0.01, -1.2], [0.01, 0.02], periods_per_year=12)
    with pytest.raises(InputError, match=r"`benchmark`.*below -1"):
        rk.down_capture([0.01, 0.2], [0.01, -2.0], periods_per_year=12)


def test_hit_rate_by_hand_and_against_empyrical(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    # A tie is not a hit; a period with a missing value is not counted.
    assert rk.hit_rate([0.02, -0.01, 0.03, 0.01], [0.01, 0.0, 0.01, 0.01]) == 0.5
    assert rk.hit_rate([0.02, np.nan, 0.0], [0.01, 0.0, np.nan]) == 1.0
    assert np.isnan(rk.hit_rate([np.nan, 0.01], [0.0, np.nan]))
    empyrical = pytest.importorskip("empyrical")
    returns, bench = pair
    result = rk.hit_rate(returns, bench)
    for column in returns.columns:
        expected = empyrical.batting_average(returns[column], bench)["batting average"]
        assert result[column] == pytest.approx(expected, rel=TOL)


# --------------------------------------------------------------------------
# summaries: panels, arrays, alignment, time zones, bad input
# --------------------------------------------------------------------------

SUMMARIES: list[Any] = [
    rk.tracking_error,
    rk.information_ratio,
    rk.beta,
    rk.alpha,
    rk.up_capture,
    rk.down_capture,
    rk.capture_ratio,
    rk.hit_rate,
]


@pytest.mark.parametrize("function", SUMMARIES)
def test_summary_panel_equals_columns_and_arrays(
    function: Any, pair: tuple[pd.DataFrame, pd.Series[float]]
) -> None:
    returns, bench = pair
    kwargs = {} if function in (rk.beta, rk.hit_rate) else {"periods_per_year": 252}
    panel = function(returns, bench, **kwargs)
    assert isinstance(panel, pd.Series)
    assert panel.index.equals(returns.columns)
    for column in returns.columns:
        single = function(returns[column], bench, **kwargs)
        assert isinstance(single, float)
        assert single == pytest.approx(panel[column], rel=1e-14)
    array = function(returns.to_numpy(), bench.to_numpy(), **kwargs)
    assert isinstance(array, np.ndarray)
    assert array.shape == (returns.shape[1],)
    assert_close(array, panel, rtol=1e-14)


@pytest.mark.parametrize("function", SUMMARIES)
def test_summary_aligns_labels_and_rejects_mixed_time_zones(
    function: Any, pair: tuple[pd.DataFrame, pd.Series[float]]
) -> None:
    returns, bench = pair
    kwargs = {} if function in (rk.beta, rk.hit_rate) else {"periods_per_year": 252}
    shifted = function(returns.iloc[5:], bench.iloc[:-7], **kwargs)
    trimmed = function(returns.iloc[5:-7], bench.iloc[5:-7], **kwargs)
    pd.testing.assert_series_equal(shifted, trimmed)
    aware_returns = returns.tz_localize("Europe/Zurich")
    aware_bench = bench.tz_localize("Europe/Zurich")
    aware = function(aware_returns, aware_bench, **kwargs)
    pd.testing.assert_series_equal(aware, function(returns, bench, **kwargs))
    with pytest.raises(AlignmentError):
        function(aware_returns, bench, **kwargs)
    with pytest.raises(AlignmentError, match="share no time label"):
        function(returns.iloc[:10], bench.iloc[20:], **kwargs)


@pytest.mark.parametrize("function", SUMMARIES)
def test_summary_bad_input_and_no_mutation(
    function: Any, pair: tuple[pd.DataFrame, pd.Series[float]]
) -> None:
    returns, bench = pair
    kwargs = {} if function in (rk.beta, rk.hit_rate) else {"periods_per_year": 252}
    before_returns, before_bench = returns.copy(), bench.copy()
    function(returns, bench, **kwargs)
    pd.testing.assert_frame_equal(returns, before_returns)
    pd.testing.assert_series_equal(bench, before_bench)
    with pytest.raises(InputError, match=r"`benchmark`.*single series"):
        function(returns, returns, **kwargs)
    infinite = returns.copy()
    infinite.iloc[0, 0] = np.inf
    with pytest.raises(InputError, match=r"`returns`.*infinite"):
        function(infinite, bench, **kwargs)
    with pytest.raises(InputError, match=r"`returns`.*real numbers"):
        function(returns.astype(str), bench, **kwargs)
    with pytest.raises(InputError, match=r"`benchmark`.*sort_index"):
        function(returns, bench.iloc[::-1], **kwargs)
    with pytest.raises(AlignmentError, match="`returns` has 3 rows"):
        function([0.01, 0.02, 0.03], [0.01, 0.02], **kwargs)


# --------------------------------------------------------------------------
# rolling beta and rolling correlation (against pandas)
# --------------------------------------------------------------------------


def pandas_rolling(
    returns: pd.DataFrame, bench: pd.Series[float], window: int, min_periods: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rolling beta and correlation with pandas, NaN masked on both sides."""
    betas, correlations = {}, {}
    for column in returns.columns:
        both = pd.concat([returns[column], bench], axis=1)
        both[both.isna().any(axis=1)] = np.nan
        x, y = both.iloc[:, 0], both.iloc[:, 1]
        rolling_x = x.rolling(window, min_periods=min_periods)
        rolling_y = y.rolling(window, min_periods=min_periods)
        betas[column] = rolling_x.cov(y) / rolling_y.var()
        correlations[column] = rolling_x.corr(y)
    return pd.DataFrame(betas), pd.DataFrame(correlations)


@pytest.mark.parametrize(
    ("n_periods", "window", "min_periods"),
    [(700, 60, 60), (1200, 252, 200), (900, 300, 300), (80, 5, 3)],
)
def test_rolling_beta_and_correlation_match_pandas(
    n_periods: int, window: int, min_periods: int
) -> None:
    returns, bench = make_returns(n_periods, 4, seed=n_periods)
    betas = rk.rolling_beta(returns, bench, window, min_periods=min_periods)
    correlations = rk.rolling_correlation(
        returns, bench, window, min_periods=min_periods
    )
    expected_betas, expected_correlations = pandas_rolling(
        returns, bench, window, min_periods
    )
    pd.testing.assert_frame_equal(betas, expected_betas, rtol=TOL, atol=0)
    pd.testing.assert_frame_equal(correlations, expected_correlations, rtol=TOL, atol=0)


def test_rolling_statistics_with_missing_values_match_pandas() -> None:
    returns, bench = make_returns(1500, 4, seed=5)
    rng = np.random.default_rng(6)
    returns = returns.mask(rng.random(returns.shape) < 0.04)
    returns.iloc[:300, 2] = np.nan  # an asset that lists later
    bench = bench.mask(rng.random(len(bench)) < 0.03)
    bench.iloc[700:720] = np.nan  # a gap in the benchmark
    betas = rk.rolling_beta(returns, bench, 120, min_periods=90)
    correlations = rk.rolling_correlation(returns, bench, 120, min_periods=90)
    expected_betas, expected_correlations = pandas_rolling(returns, bench, 120, 90)
    pd.testing.assert_frame_equal(betas, expected_betas, rtol=TOL, atol=0)
    pd.testing.assert_frame_equal(correlations, expected_correlations, rtol=TOL, atol=0)
    # Only the benchmark has gaps: every asset shares its missing rows.
    complete, _ = make_returns(1500, 4, seed=5)
    shared = rk.rolling_beta(complete, bench, 120, min_periods=90)
    expected_shared, _ = pandas_rolling(complete, bench, 120, 90)
    pd.testing.assert_frame_equal(shared, expected_shared, rtol=TOL, atol=0)


@pytest.mark.parametrize("engine", ["numpy", "auto"])
@pytest.mark.parametrize("function", [rk.rolling_beta, rk.rolling_correlation])
def test_rolling_fits_name_the_first_infinite_return(
    engine: Any, function: Any
) -> None:
    # The returns are checked in the pass that forms the window sums; the
    # error and its order are those of the input checks.
    returns, bench = make_returns(400, 3, seed=12)
    spoilt = returns.copy()
    spoilt.iloc[300, 1] = -np.inf
    spoilt.iloc[350, 2] = np.inf
    message = "`returns` contains infinite.*" + re.escape(
        f"first at label {returns.index[300]!r}, column {returns.columns[1]!r}"
    )
    with rk.engine(engine):
        with pytest.raises(InputError, match=message):
            function(spoilt, bench, 60)
        # on a row the benchmark lacks, which no window sum reads
        with pytest.raises(InputError, match=message):
            function(spoilt, bench.drop(returns.index[300]), 60)
        with pytest.raises(InputError, match=message):
            function(spoilt, bench.where(bench.index != returns.index[300]), 60)
        # a bad benchmark too: the returns' error comes first, as before, and
        # on its own (not raised while handling the benchmark's)
        with pytest.raises(InputError, match=message) as raised:
            function(spoilt, bench.astype(str), 60)
        assert raised.value.__context__ is None
        with pytest.raises(InputError, match=message):
            function(spoilt, bench.iloc[::-1], 60)
        # unlabelled returns, matched to the benchmark's dates by position:
        # the error names the row, as for the returns passed
        with pytest.raises(InputError, match=r"first at row 300, column 1\)"):
            function(spoilt.to_numpy(), bench, 60)


def test_rolling_fits_search_the_returns_at_once_only_when_needed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The kernel vouches for the returns it reads: the search before it runs
    # only when the match with the benchmark drops rows of the returns or
    # gives them its dates.
    from rotationkit import _inputs

    searches: list[str] = []
    search = _inputs.check_values_now

    def counted(panel: Any, *, positive: bool) -> Any:
        if panel.argname == "returns":
            searches.append(panel.argname)
        return search(panel, positive=positive)

    monkeypatch.setattr(_inputs, "check_values_now", counted)
    returns, bench = make_returns(300, 3, seed=13)
    cases: list[tuple[Any, Any, int]] = [
        (returns, bench, 0),
        (returns, bench.to_numpy(), 0),
        (returns.to_numpy(), bench.to_numpy(), 0),
        (returns.to_numpy(), bench, 1),
        (returns, bench.iloc[1:], 1),
    ]
    for values, benchmark, expected in cases:
        searches.clear()
        rk.rolling_beta(values, benchmark, 60)
        assert searches == ["returns"] * expected


def test_rolling_beta_with_a_large_offset_matches_two_passes() -> None:
    returns, bench = make_returns(1300, 3, seed=9, offset=1e3)
    window = 252
    result = rk.rolling_beta(returns, bench, window).to_numpy()
    x, y = returns.to_numpy(), bench.to_numpy()
    for end in range(window - 1, len(y), 37):
        xs, ys = x[end - window + 1 : end + 1], y[end - window + 1 : end + 1]
        dy = ys - ys.mean()
        dx = xs - xs.mean(axis=0)
        expected = (dx * dy[:, None]).sum(axis=0) / (dy * dy).sum()
        np.testing.assert_allclose(result[end], expected, rtol=1e-8)


def test_rolling_correlation_matches_a_brute_force_loop() -> None:
    returns, bench = make_returns(400, 2, seed=12)
    result = rk.rolling_correlation(returns.to_numpy(), bench.to_numpy(), 30)
    assert isinstance(result, np.ndarray)
    for end in range(29, 400, 13):
        for column in range(2):
            expected = np.corrcoef(
                returns.to_numpy()[end - 29 : end + 1, column],
                bench.to_numpy()[end - 29 : end + 1],
            )[0, 1]
            assert result[end, column] == pytest.approx(expected, rel=1e-11)
    assert np.isnan(result[:29]).all()


def test_rolling_statistics_are_causal() -> None:
    returns, bench = make_returns(1100, 3, seed=4)
    returns.iloc[900, 1] = np.nan  # a later gap changes how the sums are kept
    full = rk.rolling_beta(returns, bench, 100, min_periods=50)
    correlations = rk.rolling_correlation(returns, bench, 100, min_periods=50)
    for stop in (160, 256, 513, 1000):
        part = rk.rolling_beta(
            returns.iloc[:stop], bench.iloc[:stop], 100, min_periods=50
        )
        pd.testing.assert_frame_equal(part, full.iloc[:stop], check_exact=True)
        part = rk.rolling_correlation(
            returns.iloc[:stop], bench.iloc[:stop], 100, min_periods=50
        )
        pd.testing.assert_frame_equal(part, correlations.iloc[:stop], check_exact=True)


def test_rolling_panel_equals_columns_and_keeps_types(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    returns, bench = pair
    for function in (rk.rolling_beta, rk.rolling_correlation):
        panel = function(returns, bench, 40)
        assert isinstance(panel, pd.DataFrame)
        assert panel.index.equals(returns.index)
        assert panel.columns.equals(returns.columns)
        for column in returns.columns:
            single = function(returns[column], bench, 40)
            assert isinstance(single, pd.Series)
            assert single.name == column
            pd.testing.assert_series_equal(panel[column], single, rtol=1e-14)
        array = function(np.ascontiguousarray(returns.to_numpy()), bench.to_numpy(), 40)
        assert isinstance(array, np.ndarray)
        np.testing.assert_allclose(array, panel.to_numpy(), rtol=1e-12)
        one = function(returns["A0"].to_numpy(), bench.to_numpy(), 40)
        assert one.shape == (len(returns),)


def test_rolling_windows_without_variance_or_enough_pairs_are_missing() -> None:
    bench = pd.Series([0.01, 0.01, 0.01, 0.01, 0.02, -0.01, 0.03])
    asset = pd.Series([0.02, 0.01, 0.0, 0.03, 0.04, -0.02, 0.05])
    betas = rk.rolling_beta(asset, bench, 4)
    assert np.isnan(betas.iloc[:4]).all()  # constant benchmark in the first window
    assert not np.isnan(betas.iloc[4:]).any()
    flat_asset = pd.Series([0.01] * 7)
    assert np.isnan(rk.rolling_correlation(flat_asset, bench, 3)).all()
    short = rk.rolling_beta(asset, bench, 10)
    assert np.isnan(short).all()
    assert len(short) == len(asset)


def test_rolling_bad_input(pair: tuple[pd.DataFrame, pd.Series[float]]) -> None:
    returns, bench = pair
    for function in (rk.rolling_beta, rk.rolling_correlation):
        with pytest.raises(ValueError, match="window"):
            function(returns, bench, 0)
        with pytest.raises(TypeError, match="window"):
            function(returns, bench, 2.5)  # type: ignore[call-overload]
        with pytest.raises(ValueError, match="min_periods"):
            function(returns, bench, 10, min_periods=11)
        with pytest.raises(ValueError, match="min_periods"):
            function(returns, bench, 10, min_periods=0)
        with pytest.raises(InputError, match="`benchmark`"):
            function(returns, returns, 10)  # type: ignore[call-overload]
        with pytest.raises(AlignmentError):
            function([0.01, 0.02, 0.03], [0.01, 0.02], 2)
        before = returns.copy()
        function(returns, bench, 10)
        pd.testing.assert_frame_equal(returns, before)


def test_rolling_beta_matches_empyrical_roll_beta(
    pair: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    empyrical = pytest.importorskip("empyrical")
    returns, bench = pair
    result = rk.rolling_beta(returns, bench, 60)
    for column in returns.columns:
        expected = empyrical.roll_beta(returns[column], bench, window=60)
        pd.testing.assert_series_equal(
            result[column].iloc[59:], expected, check_names=False, rtol=TOL, atol=0
        )


def test_wide_panels_match_pandas_across_slices_of_assets() -> None:
    # Wide enough to be processed in several slices of assets; only the
    # second slice has scattered missing values.
    returns, bench = make_returns(300, 1100, seed=21)
    returns.iloc[::7, 700] = np.nan
    betas = rk.rolling_beta(returns, bench, 40)
    correlations = rk.rolling_correlation(returns, bench, 40, min_periods=30)
    columns = ["A0", "A511", "A512", "A700", "A1099"]
    expected_betas, _ = pandas_rolling(returns[columns], bench, 40, 40)
    _, expected_correlations = pandas_rolling(returns[columns], bench, 40, 30)
    pd.testing.assert_frame_equal(betas[columns], expected_betas, rtol=TOL, atol=0)
    pd.testing.assert_frame_equal(
        correlations[columns], expected_correlations, rtol=TOL, atol=0
    )
