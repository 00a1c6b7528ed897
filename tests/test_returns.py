"""Tests of rotationkit.returns against pandas, numpy, empyrical and hand-worked examples."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import rotationkit as rk
from rotationkit.returns import PERFORMANCE_COLUMNS

if TYPE_CHECKING:
    from rotationkit._typing import Period

# -- to_returns / to_prices ---------------------------------------------------------


def test_simple_returns_match_pandas(prices: pd.DataFrame) -> None:
    expected = prices.pct_change(fill_method=None).iloc[1:]
    pd.testing.assert_frame_equal(rk.to_returns(prices), expected, rtol=1e-14)


def test_log_returns_match_numpy(prices: pd.DataFrame) -> None:
    expected = np.diff(np.log(prices.to_numpy()), axis=0)
    result = rk.to_returns(prices, method="log")
    np.testing.assert_allclose(result.to_numpy(), expected, rtol=0, atol=1e-14)


def test_to_returns_hand_example() -> None:
    returns = rk.to_returns(np.array([100.0, 110.0, 99.0]))
    np.testing.assert_allclose(returns, [0.10, -0.10])


positive_prices = hnp.arrays(
    np.float64,
    st.integers(2, 60),
    elements=st.floats(0.5, 2000.0, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=200, deadline=None)
@given(values=positive_prices, method=st.sampled_from(["simple", "log"]))
def test_round_trip_recovers_rebased_prices(values: np.ndarray, method: str) -> None:
    index = pd.date_range("2020-01-01", periods=values.size, freq="D")
    prices = pd.Series(values, index=index, name="p")
    rebuilt = rk.to_prices(rk.to_returns(prices, method=method), method=method)  # type: ignore[call-overload]
    expected = prices.iloc[1:] / prices.iloc[0]
    pd.testing.assert_series_equal(rebuilt, expected, rtol=1e-9, atol=0.0)


def test_round_trip_on_a_panel_with_a_base(prices: pd.DataFrame) -> None:
    rebuilt = rk.to_prices(rk.to_returns(prices), base=100.0)
    expected = 100.0 * prices.iloc[1:] / prices.iloc[0]
    pd.testing.assert_frame_equal(rebuilt, expected, rtol=1e-12)


def test_to_prices_hand_example() -> None:
    levels = rk.to_prices(np.array([0.5, -0.5, 1.0]), base=2.0)
    np.testing.assert_allclose(levels, [3.0, 1.5, 3.0])


def test_to_prices_starts_each_column_at_its_first_return() -> None:
    returns = np.array([[np.nan, 0.1], [0.2, 0.1], [0.1, 0.1]])
    levels = rk.to_prices(returns)
    np.testing.assert_allclose(levels[:, 0], [np.nan, 1.2, 1.32])
    np.testing.assert_allclose(levels[:, 1], [1.1, 1.21, 1.331])


def test_to_prices_unknown_return_makes_later_levels_unknown() -> None:
    levels = rk.to_prices(pd.Series([0.1, np.nan, 0.1]))
    assert levels.iloc[0] == pytest.approx(1.1)
    assert levels.iloc[1:].isna().all()


def test_to_prices_total_loss_and_impossible_loss() -> None:
    np.testing.assert_allclose(rk.to_prices([0.1, -1.0, 0.5]), [1.1, 0.0, 0.0])
    with pytest.raises(rk.InputError, match="below -1"):
        rk.to_prices([0.1, -1.5])


def test_to_prices_log_allows_large_negative_values() -> None:
    np.testing.assert_allclose(rk.to_prices([-2.0], method="log"), [math.exp(-2.0)])


@pytest.mark.parametrize("base", [0.0, -1.0, np.nan, np.inf])
def test_to_prices_rejects_bad_base(base: float) -> None:
    with pytest.raises(ValueError, match="`base` must be a finite number"):
        rk.to_prices([0.1], base=base)


def test_to_prices_rejects_non_numeric_base() -> None:
    with pytest.raises(TypeError, match="`base` must be a positive number"):
        rk.to_prices([0.1], base="1")  # type: ignore[call-overload]


# -- annualized statistics ------------------------------------------------------------


def test_annualized_return_hand_example() -> None:
    assert rk.annualized_return([0.21], periods_per_year=0.5) == pytest.approx(0.1)
    assert rk.annualized_return([0.1, 0.1], periods_per_year=2) == pytest.approx(0.21)


def test_annualized_return_matches_empyrical(prices: pd.DataFrame) -> None:
    empyrical = pytest.importorskip("empyrical")
    returns = rk.to_returns(prices)
    result = rk.annualized_return(returns)
    for column, value in zip(returns.to_numpy().T, result.to_numpy(), strict=True):
        expected = empyrical.annual_return(column, annualization=252)
        assert value == pytest.approx(expected, rel=1e-12)


def test_annualized_volatility_matches_empyrical(prices: pd.DataFrame) -> None:
    empyrical = pytest.importorskip("empyrical")
    returns = rk.to_returns(prices)
    result = rk.annualized_volatility(returns)
    for column, value in zip(returns.to_numpy().T, result.to_numpy(), strict=True):
        expected = empyrical.annual_volatility(column, annualization=252)
        assert value == pytest.approx(expected, rel=1e-12)


def test_annualized_volatility_matches_numpy(prices: pd.DataFrame) -> None:
    returns = rk.to_returns(prices).to_numpy()
    expected = returns.std(axis=0, ddof=1) * np.sqrt(12)
    np.testing.assert_allclose(
        rk.annualized_volatility(returns, periods_per_year=12), expected, rtol=1e-13
    )


def test_annualized_statistics_skip_missing_returns() -> None:
    with_gap = pd.Series([0.01, np.nan, 0.03, -0.02])
    without = pd.Series([0.01, 0.03, -0.02])
    assert rk.annualized_return(with_gap, periods_per_year=12) == pytest.approx(
        rk.annualized_return(without, periods_per_year=12), rel=1e-14
    )
    assert rk.annualized_volatility(with_gap, periods_per_year=12) == pytest.approx(
        float(without.std()) * math.sqrt(12), rel=1e-14
    )


def test_annualized_statistics_of_too_little_data_are_nan() -> None:
    assert math.isnan(rk.annualized_volatility([0.01], periods_per_year=12))
    assert math.isnan(rk.annualized_return([np.nan, np.nan], periods_per_year=12))
    result = rk.annualized_volatility(
        np.array([[0.01, np.nan], [0.02, np.nan]]), periods_per_year=12
    )
    assert np.isfinite(result[0])
    assert np.isnan(result[1])


def test_annualized_volatility_is_stable_under_a_large_offset() -> None:
    rng = np.random.default_rng(3)
    small = rng.normal(0.0, 1e-4, 1000)
    assert rk.annualized_volatility(small + 1e6, periods_per_year=1) == pytest.approx(
        float(np.std(small, ddof=1)), rel=1e-6
    )


def test_periods_per_year_is_inferred_from_monthly_dates() -> None:
    index = pd.date_range("2020-01-31", periods=24, freq="ME")
    returns = pd.Series(0.01, index=index)
    assert rk.annualized_return(returns) == pytest.approx(1.01**12 - 1)


def test_periods_per_year_needed_without_dates() -> None:
    with pytest.raises(rk.FrequencyError, match="pass periods_per_year"):
        rk.annualized_return([0.01, 0.02])
    with pytest.raises(rk.FrequencyError, match="pass periods_per_year"):
        rk.annualized_volatility(pd.Series([0.01, 0.02]))


def test_periods_per_year_is_validated() -> None:
    with pytest.raises(ValueError, match="periods_per_year"):
        rk.annualized_return([0.01], periods_per_year=0)


def test_annualized_return_rejects_impossible_returns() -> None:
    with pytest.raises(rk.InputError, match="below -1"):
        rk.annualized_return([-2.0], periods_per_year=1)


def test_annualized_return_of_a_total_loss_is_minus_one() -> None:
    assert rk.annualized_return([0.5, -1.0], periods_per_year=1) == -1.0


# -- period_return --------------------------------------------------------------------


def _year_end_series() -> pd.Series[float]:
    index = pd.to_datetime(
        [
            "2025-09-29",
            "2025-09-30",
            "2025-10-01",
            "2025-12-30",
            "2025-12-31",
            "2026-01-02",
            "2026-01-05",
        ]
    )
    series: pd.Series[float] = pd.Series(
        [90.0, 92.0, 93.0, 98.0, 100.0, 103.0, 105.0], index=index, name="x"
    )
    return series


def test_period_return_between_dates() -> None:
    prices = _year_end_series()
    assert rk.period_return(prices) == pytest.approx(105.0 / 90.0 - 1)
    assert rk.period_return(prices, start="2025-12-31") == pytest.approx(0.05)
    # A start on a holiday uses the last close before it; so does the end.
    assert rk.period_return(
        prices, start="2026-01-01", end="2026-01-04"
    ) == pytest.approx(0.03)


def test_period_return_on_positions_for_arrays() -> None:
    prices = np.array([[10.0, 20.0], [11.0, 19.0], [12.0, 22.0]])
    np.testing.assert_allclose(
        rk.period_return(prices, start=1), [12 / 11 - 1, 22 / 19 - 1]
    )
    assert rk.period_return(prices[:, 0], start=0, end=1) == pytest.approx(0.1)
    with pytest.raises(rk.InputError, match="row position"):
        rk.period_return(prices, start="2020-01-01")


def test_period_return_errors() -> None:
    prices = _year_end_series()
    with pytest.raises(rk.InputError, match=r"`start`.*lies before the first label"):
        rk.period_return(prices, start="2020-01-01")
    with pytest.raises(rk.InputError, match=r"`end`.*comes before `start`"):
        rk.period_return(prices, start="2026-01-02", end="2025-12-31")
    with pytest.raises(rk.InputError, match="cannot be compared"):
        rk.period_return(pd.Series([1.0, 2.0], index=[1, 2]), start="x")


def test_period_return_uses_last_valid_close_per_asset() -> None:
    index = pd.date_range("2026-01-01", periods=4, freq="D")
    prices = pd.DataFrame(
        {"a": [10.0, 11.0, np.nan, 12.0], "b": [np.nan, 5.0, 6.0, np.nan]}, index=index
    )
    result = rk.period_return(prices, start="2026-01-03")
    assert result["a"] == pytest.approx(12.0 / 11.0 - 1)
    assert result["b"] == pytest.approx(0.0)
    assert math.isnan(rk.period_return(prices, start="2026-01-01")["b"])


# -- period_to_date -----------------------------------------------------------------------


def test_ytd_across_a_year_end() -> None:
    prices = _year_end_series()
    assert rk.period_to_date(prices, "YTD") == pytest.approx(0.05)
    assert rk.period_to_date(prices, "YTD", asof="2026-01-02") == pytest.approx(0.03)
    # The data start in 2025: there is no close of 2024 to measure 2025 from.
    assert math.isnan(rk.period_to_date(prices, "YTD", asof="2025-12-31"))


def test_qtd_across_a_quarter_end() -> None:
    prices = _year_end_series()
    assert rk.period_to_date(prices, "QTD", asof="2025-12-31") == pytest.approx(
        100.0 / 92.0 - 1
    )
    assert rk.period_to_date(prices, "QTD", asof="2025-10-01") == pytest.approx(
        93.0 / 92.0 - 1
    )
    assert rk.period_to_date(prices, "QTD") == pytest.approx(0.05)


def test_mtd_and_wtd() -> None:
    prices = _year_end_series()
    assert rk.period_to_date(prices, "MTD", asof="2025-12-31") == pytest.approx(
        100.0 / 93.0 - 1
    )
    # 2026-01-05 is a Monday: the week's base is the close of Friday 2026-01-02.
    assert rk.period_to_date(prices, "WTD") == pytest.approx(105.0 / 103.0 - 1)
    # The week of Friday 2026-01-02 starts on Monday 2025-12-29; the last close
    # before it in these data is 2025-10-01.
    assert rk.period_to_date(prices, "WTD", asof="2026-01-02") == pytest.approx(
        103.0 / 93.0 - 1
    )


def test_holiday_asof_uses_last_close_before_it() -> None:
    prices = _year_end_series()
    # New Year's Day has no close; the period is still the year 2026, so YTD is 0.
    assert rk.period_to_date(prices, "YTD", asof="2026-01-01") == 0.0
    # A Saturday uses Friday's close.
    assert rk.period_to_date(prices, "YTD", asof="2026-01-03") == pytest.approx(0.03)


def test_asof_before_the_data_raises() -> None:
    with pytest.raises(rk.InputError, match=r"`asof`.*lies before the first date"):
        rk.period_to_date(_year_end_series(), "YTD", asof="2020-01-01")


def test_no_close_before_the_period_gives_nan() -> None:
    starts_on_new_years_eve = _year_end_series().iloc[4:]
    assert math.isnan(
        rk.period_to_date(starts_on_new_years_eve, "YTD", asof="2025-12-31")
    )
    assert rk.period_to_date(starts_on_new_years_eve, "YTD") == pytest.approx(0.05)


def test_period_to_date_on_a_tz_aware_index() -> None:
    prices = _year_end_series().tz_localize("America/New_York")
    assert rk.period_to_date(prices, "YTD") == pytest.approx(0.05)
    assert rk.period_to_date(prices, "YTD", asof="2026-01-02") == pytest.approx(0.03)
    aware = pd.Timestamp(
        "2026-01-02 12:00", tz="UTC"
    )  # 07:00 in New York, after midnight
    assert rk.period_to_date(prices, "YTD", asof=aware) == pytest.approx(0.03)
    with pytest.raises(rk.AlignmentError):
        rk.period_to_date(_year_end_series(), "YTD", asof=aware)


def test_tz_aware_year_boundary_is_local_midnight() -> None:
    index = pd.DatetimeIndex(["2025-12-31 16:00", "2026-01-02 16:00"]).tz_localize(
        "Asia/Tokyo"
    )
    prices = pd.Series([100.0, 110.0], index=index)
    assert rk.period_to_date(prices, "YTD") == pytest.approx(0.10)


def test_period_to_date_on_a_frame() -> None:
    prices = pd.concat([_year_end_series(), 2 * _year_end_series().rename("y")], axis=1)
    prices.iloc[-1, 1] = np.nan  # y has no close on the last day: its last close counts
    result = rk.period_to_date(prices, "YTD")
    assert isinstance(result, pd.Series)
    assert result.name == "YTD"
    assert result["x"] == pytest.approx(0.05)
    assert result["y"] == pytest.approx(0.03)


def test_period_to_date_needs_dates() -> None:
    with pytest.raises(rk.InputError, match="needs a DatetimeIndex"):
        rk.period_to_date(pd.Series([1.0, 2.0]), "YTD")
    with pytest.raises(rk.InputError, match="got no labels"):
        rk.period_to_date(np.array([1.0, 2.0]), "YTD")  # type: ignore[call-overload]


def test_period_to_date_rejects_unknown_period() -> None:
    with pytest.raises(
        ValueError, match=r"`period` must be one of \['MTD', 'QTD', 'WTD', 'YTD'\]"
    ):
        rk.period_to_date(_year_end_series(), "YTM")  # type: ignore[call-overload]


def test_period_to_date_equals_period_return_from_previous_close(
    prices: pd.DataFrame,
) -> None:
    asof = prices.index[-1]
    last_of_previous_year = prices.loc[: f"{asof.year - 1}-12-31"].index[-1]
    expected = rk.period_return(prices, start=last_of_previous_year)
    pd.testing.assert_series_equal(
        rk.period_to_date(prices, "YTD"), expected, check_names=False
    )


# -- performance_table --------------------------------------------------------------------


def test_performance_table_columns_and_values() -> None:
    index = pd.bdate_range("2022-12-01", "2026-01-07")
    steps = np.linspace(0.0, 1.0, len(index))
    prices = pd.DataFrame(
        {"up": 100.0 * np.exp(steps), "flat": 50.0 + 0.0 * steps}, index=index
    )
    table = rk.performance_table(prices, asof="2026-01-07")
    assert list(table.columns) == list(PERFORMANCE_COLUMNS)
    assert list(table.index) == ["up", "flat"]
    up = prices["up"]

    def since(date: str) -> float:
        return float(up.loc["2026-01-07"] / up.loc[:date].iloc[-1] - 1)

    assert table.loc["up", "1D"] == pytest.approx(since("2026-01-06"))
    assert table.loc["up", "WTD"] == pytest.approx(since("2026-01-04"))
    assert table.loc["up", "MTD"] == pytest.approx(since("2025-12-31"))
    assert table.loc["up", "QTD"] == pytest.approx(since("2025-12-31"))
    assert table.loc["up", "YTD"] == pytest.approx(since("2025-12-31"))
    assert table.loc["up", "1Y"] == pytest.approx(since("2025-01-07"))
    assert table.loc["up", "3Y"] == pytest.approx(since("2023-01-07"))
    assert math.isnan(table["5Y"].to_numpy()[0])
    np.testing.assert_allclose(table.loc["flat"].iloc[:-1].to_numpy(), 0.0)


def test_performance_table_matches_period_to_date(prices: pd.DataFrame) -> None:
    table = rk.performance_table(prices)
    periods: tuple[Period, ...] = ("WTD", "MTD", "QTD", "YTD")
    for period in periods:
        pd.testing.assert_series_equal(
            table[period], rk.period_to_date(prices, period), check_names=False
        )


def test_performance_table_of_a_series_has_one_row(
    price_series: pd.Series[float],
) -> None:
    table = rk.performance_table(price_series)
    assert list(table.index) == ["A0"]
    unnamed = rk.performance_table(price_series.rename(None))
    assert list(unnamed.index) == ["asset"]


def test_performance_table_on_a_holiday_asof() -> None:
    prices = _year_end_series()
    table = rk.performance_table(prices, asof="2026-01-01")
    assert table.loc["x", "YTD"] == 0.0
    assert table.loc["x", "1D"] == pytest.approx(100.0 / 98.0 - 1)


def test_performance_table_needs_dates() -> None:
    with pytest.raises(rk.InputError, match="DatetimeIndex"):
        rk.performance_table(pd.Series([1.0, 2.0]))


# -- the lookup kernel behind period returns -----------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    values=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 30), st.integers(1, 4)),
        elements=st.one_of(st.just(np.nan), st.floats(1.0, 2.0)),
    ),
    data=st.data(),
)
def test_last_valid_positions_matches_a_brute_force(
    values: np.ndarray, data: st.DataObject
) -> None:
    from rotationkit._kernels import last_valid_positions

    rows = np.array(
        data.draw(st.lists(st.integers(-1, values.shape[0] - 1), max_size=5)),
        dtype=np.intp,
    )
    result = last_valid_positions(values, rows)
    for k, row in enumerate(rows):
        for column in range(values.shape[1]):
            valid = [i for i in range(row + 1) if not np.isnan(values[i, column])]
            assert result[k, column] == (valid[-1] if valid else -1)
