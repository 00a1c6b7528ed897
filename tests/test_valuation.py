"""Tests of rotationkit.valuation against hand-worked examples, pandas, scipy and statsmodels."""

from __future__ import annotations

import math
import re
import warnings
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from typing_extensions import assert_type

import rotationkit as rk
from rotationkit.errors import (
    AlignmentError,
    FrequencyError,
    InputError,
    UndefinedMultipleWarning,
    YieldUnitsWarning,
)

FloatArray = npt.NDArray[np.float64]

# A five-company index with one loss-maker (E), used throughout.
COMPANIES = list("ABCDE")
VALUE = pd.Series([500.0, 300.0, 100.0, 60.0, 40.0], index=COMPANIES, name="value")
EARNINGS = pd.Series([25.0, 20.0, 5.0, 4.0, -4.0], index=COMPANIES, name="earnings")


def _dates(n: int, freq: str = "B") -> pd.DatetimeIndex:
    return pd.date_range("2000-01-03", periods=n, freq=freq, name="date")


def _random_walk(n: int, columns: int = 3, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame: pd.DataFrame = pd.DataFrame(
        rng.normal(size=(n, columns)).cumsum(axis=0),
        index=_dates(n),
        columns=[f"S{i}" for i in range(columns)],
    )
    return frame


# -- aggregate_multiple: the five-company index ----------------------------------


def test_include_is_the_true_aggregate() -> None:
    # (500 + 300 + 100 + 60 + 40) / (25 + 20 + 5 + 4 - 4) = 1000 / 50
    assert rk.aggregate_multiple(VALUE, EARNINGS) == pytest.approx(20.0, rel=1e-15)


def test_exclude_keeps_the_profitable_constituents() -> None:
    # (500 + 300 + 100 + 60) / (25 + 20 + 5 + 4) = 960 / 54
    result = rk.aggregate_multiple(VALUE, EARNINGS, negative="exclude")
    assert result == pytest.approx(960.0 / 54.0, rel=1e-15)


def test_raise_names_the_loss_maker() -> None:
    with pytest.raises(InputError, match=r"constituent 'E'.*-4\.0.*negative='raise'"):
        rk.aggregate_multiple(VALUE, EARNINGS, negative="raise")


def test_raise_accepts_an_index_without_loss_makers() -> None:
    profitable = EARNINGS.clip(lower=1.0)
    expected = VALUE.sum() / profitable.sum()
    result = rk.aggregate_multiple(VALUE, profitable, negative="raise")
    assert result == pytest.approx(expected, rel=1e-15)


def test_median_and_mean_of_constituent_multiples() -> None:
    # multiples: 20, 15, 20, 15, -10
    assert rk.aggregate_multiple(VALUE, EARNINGS, method="median") == 15.0
    assert rk.aggregate_multiple(VALUE, EARNINGS, method="mean") == pytest.approx(12.0)
    # without the loss-maker: 20, 15, 20, 15
    assert rk.aggregate_multiple(
        VALUE, EARNINGS, method="median", negative="exclude"
    ) == pytest.approx(17.5)
    assert rk.aggregate_multiple(
        VALUE, EARNINGS, method="mean", negative="exclude"
    ) == pytest.approx(17.5)


def test_harmonic_equals_aggregate_on_the_example() -> None:
    harmonic = rk.aggregate_multiple(VALUE, EARNINGS, method="harmonic")
    assert harmonic == pytest.approx(20.0, rel=1e-14)


positive_pairs = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        hnp.arrays(np.float64, n, elements=st.floats(1.0, 1e6)),
        hnp.arrays(np.float64, n, elements=st.floats(0.01, 1e5)),
    )
)


@settings(max_examples=200, deadline=None)
@given(pair=positive_pairs)
def test_harmonic_is_the_value_weighted_harmonic_mean(
    pair: tuple[FloatArray, FloatArray],
) -> None:
    from scipy import stats

    value, earnings = pair
    aggregate = rk.aggregate_multiple(value, earnings)
    harmonic = rk.aggregate_multiple(value, earnings, method="harmonic")
    scipy_harmonic = stats.hmean(value / earnings, weights=value)
    assert harmonic == pytest.approx(aggregate, rel=1e-10)
    assert harmonic == pytest.approx(scipy_harmonic, rel=1e-10)


def test_earnings_summing_to_zero_or_less_give_nan_and_a_warning() -> None:
    earnings = pd.Series([5.0, -10.0, 3.0], index=list("XYZ"))
    value = pd.Series([100.0, 50.0, 60.0], index=list("XYZ"))
    with pytest.warns(UndefinedMultipleWarning, match="add up to zero or less"):
        result = rk.aggregate_multiple(value, earnings)
    assert math.isnan(result)
    zero = pd.Series([5.0, -5.0, 0.0], index=list("XYZ"))
    with pytest.warns(UndefinedMultipleWarning, match="undefined"):
        assert math.isnan(rk.aggregate_multiple(value, zero, method="harmonic"))


def test_exclude_without_profitable_constituents_warns() -> None:
    with pytest.warns(UndefinedMultipleWarning, match="no constituent with positive"):
        result = rk.aggregate_multiple([10.0, 20.0], [-1.0, -2.0], negative="exclude")
    assert math.isnan(result)


def test_undefined_dates_are_counted_in_the_warning() -> None:
    value = pd.DataFrame(
        {"A": [10.0, 10.0, 10.0], "B": [20.0, 20.0, 20.0]}, index=_dates(3)
    )
    earnings = pd.DataFrame(
        {"A": [1.0, -1.0, -1.0], "B": [1.0, -2.0, 0.5]}, index=_dates(3)
    )
    with pytest.warns(
        UndefinedMultipleWarning,
        match=r"on 1 of 3 dates \(first: Timestamp\('2000-01-04.*no constituent with",
    ):
        result = rk.aggregate_multiple(value, earnings, negative="exclude")
    assert result.tolist()[::2] == pytest.approx([15.0, 40.0])
    assert math.isnan(result.iloc[1])
    with pytest.warns(UndefinedMultipleWarning, match="on 2 of 3 dates.*zero or less"):
        included = rk.aggregate_multiple(value, earnings)
    assert included.iloc[1:].isna().all()


def test_negative_median_is_undefined() -> None:
    with pytest.warns(UndefinedMultipleWarning, match="multiples"):
        result = rk.aggregate_multiple(
            [10.0, 20.0, 30.0], [-1.0, -2.0, 3.0], method="median"
        )
    assert math.isnan(result)


def test_zero_earnings_have_no_multiple_for_median_and_mean() -> None:
    # The zero earner is left out of median/mean but counts in the aggregate.
    value, earnings = [100.0, 60.0, 30.0], [5.0, 4.0, 0.0]
    assert rk.aggregate_multiple(value, earnings, method="mean") == pytest.approx(17.5)
    assert rk.aggregate_multiple(value, earnings) == pytest.approx(190.0 / 9.0)


def test_missing_earnings_are_dropped_pairwise_and_counted() -> None:
    earnings = EARNINGS.copy()
    earnings["B"] = np.nan
    value = VALUE.copy()
    value["C"] = np.nan
    # A, D, E remain: (500 + 60 + 40) / (25 + 4 - 4)
    result = rk.aggregate_multiple(value, earnings, details=True)
    assert result.multiple == pytest.approx(600.0 / 25.0)
    assert (result.constituents, result.used, result.missing) == (5, 3, 2)
    assert result.loss_makers == 1
    excluded = rk.aggregate_multiple(value, earnings, negative="exclude", details=True)
    assert (excluded.used, excluded.missing, excluded.loss_makers) == (2, 2, 1)
    assert excluded.multiple == pytest.approx(560.0 / 29.0)


def test_constituents_are_matched_by_label() -> None:
    shuffled = EARNINGS.iloc[[3, 0, 4, 2, 1]]
    assert rk.aggregate_multiple(VALUE, shuffled) == pytest.approx(20.0)


def test_other_constituents_raise() -> None:
    other = EARNINGS.rename(index={"E": "F"})
    with pytest.raises(AlignmentError, match=r"missing from `earnings`: \['E'\]"):
        rk.aggregate_multiple(VALUE, other)
    with pytest.raises(AlignmentError, match="5 constituents but `earnings` has 4"):
        rk.aggregate_multiple(VALUE.to_numpy(), EARNINGS.to_numpy()[:4])


def _panel_of_constituents() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(7)
    dates = _dates(6, "ME")
    value = pd.DataFrame(
        rng.uniform(10.0, 500.0, (6, 5)), index=dates, columns=COMPANIES
    )
    earnings = pd.DataFrame(
        rng.uniform(-5.0, 30.0, (6, 5)), index=dates, columns=COMPANIES
    )
    earnings.iloc[2, 1] = np.nan
    value.iloc[4, 3] = np.nan
    return value, earnings


@pytest.mark.parametrize("method", ["aggregate", "harmonic", "median", "mean"])
@pytest.mark.parametrize("negative", ["include", "exclude"])
def test_panel_is_date_by_date(method: Any, negative: Any) -> None:
    value, earnings = _panel_of_constituents()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMultipleWarning)
        result = rk.aggregate_multiple(
            value, earnings, method=method, negative=negative
        )
        rows = [
            rk.aggregate_multiple(
                value.iloc[i], earnings.iloc[i], method=method, negative=negative
            )
            for i in range(len(value))
        ]
        array = rk.aggregate_multiple(
            value.to_numpy(), earnings.to_numpy(), method=method, negative=negative
        )
    assert isinstance(result, pd.Series)
    assert result.index.equals(value.index)
    np.testing.assert_allclose(result.to_numpy(), rows, rtol=1e-14)
    np.testing.assert_allclose(array, rows, rtol=1e-14)


def test_panel_aggregate_matches_pandas() -> None:
    value, earnings = _panel_of_constituents()
    both = value.notna() & earnings.notna()
    expected = value.where(both).sum(axis=1) / earnings.where(both).sum(axis=1)
    result = rk.aggregate_multiple(value, earnings)
    pd.testing.assert_series_equal(
        result, expected.rename("aggregate"), check_freq=False, rtol=1e-14
    )


def test_panel_dates_are_aligned_and_columns_reordered() -> None:
    value, earnings = _panel_of_constituents()
    expected = rk.aggregate_multiple(value, earnings).iloc[1:]
    shifted = earnings.iloc[1:, ::-1]
    result = rk.aggregate_multiple(value, shifted)
    pd.testing.assert_series_equal(result, expected, rtol=1e-14, check_freq=False)


def test_details_over_dates() -> None:
    value, earnings = _panel_of_constituents()
    details = rk.aggregate_multiple(value, earnings, negative="exclude", details=True)
    table = details.to_frame()
    assert list(table.columns) == [
        "multiple",
        "constituents",
        "used",
        "missing",
        "loss_makers",
    ]
    assert table.index.equals(value.index)
    both = value.notna() & earnings.notna()
    np.testing.assert_array_equal(table["missing"], (~both).sum(axis=1))
    np.testing.assert_array_equal(
        table["loss_makers"], (both & (earnings <= 0)).sum(axis=1)
    )
    assert "6 dates" in repr(details)
    assert details.to_dict()["negative"] == "exclude"


def test_details_of_one_date() -> None:
    details = rk.aggregate_multiple(VALUE, EARNINGS, details=True)
    assert repr(details).startswith("AggregateMultiple(multiple=20, used=5 of 5")
    assert details.to_frame().shape == (1, 5)


def test_one_and_two_dimensional_inputs_do_not_mix() -> None:
    value, earnings = _panel_of_constituents()
    with pytest.raises(AlignmentError, match="both be one-dimensional"):
        rk.aggregate_multiple(value, earnings.iloc[0])  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("value", "earnings", "error", "match"),
    [
        ([100.0, 0.0], [1.0, 1.0], InputError, "strictly positive market values"),
        ([100.0, -5.0], [1.0, 1.0], InputError, r"got -5\.0 at position 1"),
        (["a", "b"], [1.0, 1.0], InputError, "`value` must hold real numbers"),
        ([1.0, 2.0], [1.0, np.inf], InputError, "`earnings` contains infinite"),
        ([True, False], [1.0, 1.0], InputError, "booleans"),
        (100.0, 5.0, InputError, "one value per constituent"),
    ],
)
def test_bad_input(
    value: Any, earnings: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        rk.aggregate_multiple(value, earnings)


def test_unknown_options_raise() -> None:
    with pytest.raises(ValueError, match="`negative` must be one of"):
        rk.aggregate_multiple(VALUE, EARNINGS, negative="drop")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="`method` must be one of"):
        rk.aggregate_multiple(VALUE, EARNINGS, method="sum")  # type: ignore[call-overload]


def test_inputs_are_not_mutated() -> None:
    value, earnings = _panel_of_constituents()
    before = (value.copy(), earnings.copy())
    rk.aggregate_multiple(value, earnings, negative="exclude", details=True)
    pd.testing.assert_frame_equal(value, before[0])
    pd.testing.assert_frame_equal(earnings, before[1])


# -- negative_earnings_share ---------------------------------------------------------


def test_negative_earnings_share_by_count_and_by_weight() -> None:
    assert rk.negative_earnings_share(EARNINGS) == pytest.approx(0.2)
    assert rk.negative_earnings_share(EARNINGS, VALUE) == pytest.approx(40.0 / 1000.0)
    zero = EARNINGS.copy()
    zero["A"] = 0.0  # zero earnings count as a loss
    assert rk.negative_earnings_share(zero) == pytest.approx(0.4)


def test_negative_earnings_share_skips_missing_values() -> None:
    earnings = pd.Series([1.0, np.nan, -1.0, 2.0])
    weights = pd.Series([1.0, 5.0, 3.0, np.nan])
    assert rk.negative_earnings_share(earnings) == pytest.approx(1.0 / 3.0)
    # rows 0 and 2 have both: 3 / (1 + 3)
    assert rk.negative_earnings_share(earnings, weights) == pytest.approx(0.75)
    assert math.isnan(rk.negative_earnings_share([np.nan, np.nan]))


def test_negative_earnings_share_over_dates_matches_pandas() -> None:
    value, earnings = _panel_of_constituents()
    result = rk.negative_earnings_share(earnings, value)
    both = earnings.notna() & value.notna()
    expected = value.where(both & (earnings <= 0)).sum(axis=1) / value.where(both).sum(
        axis=1
    )
    np.testing.assert_allclose(result.to_numpy(), expected.to_numpy(), rtol=1e-14)
    assert result.index.equals(value.index)


def test_negative_earnings_share_rejects_negative_weights() -> None:
    with pytest.raises(InputError, match="`weights` must hold weights"):
        rk.negative_earnings_share([1.0, -1.0], [1.0, -2.0])


# -- earnings_yield and valuation_gap ------------------------------------------------


def test_earnings_yield_keeps_the_container() -> None:
    frame = pd.DataFrame(
        {"small": [16.0, 20.0], "large": [25.0, 10.0]}, index=_dates(2)
    )
    pd.testing.assert_frame_equal(rk.earnings_yield(frame), 1.0 / frame)
    pd.testing.assert_series_equal(
        rk.earnings_yield(frame["small"]), 1.0 / frame["small"]
    )
    np.testing.assert_allclose(rk.earnings_yield(np.array([20.0, 25.0])), [0.05, 0.04])
    assert rk.earnings_yield(20) == 0.05


@pytest.mark.parametrize("bad", [0.0, -15.0, [10.0, 0.0], pd.Series([12.0, -3.0])])
def test_earnings_yield_rejects_non_positive_multiples(bad: Any) -> None:
    with pytest.raises(InputError, match="positive multiples"):
        rk.earnings_yield(bad)


def test_earnings_yield_rejects_strings_and_inf() -> None:
    with pytest.raises(InputError, match="real numbers"):
        rk.earnings_yield(["12", "13"])  # type: ignore[arg-type]
    with pytest.raises(InputError, match="infinite"):
        rk.earnings_yield(np.inf)


def test_valuation_gap_methods_by_hand() -> None:
    assert rk.valuation_gap(15.0, 20.0) == pytest.approx(-0.25)
    assert rk.valuation_gap(15.0, 20.0, method="log") == pytest.approx(math.log(0.75))
    assert rk.valuation_gap(15.0, 20.0, method="difference") == -5.0
    # A premium is positive.
    assert rk.valuation_gap(24.0, 20.0) == pytest.approx(0.2)


def test_valuation_gap_broadcasts_the_benchmark_and_aligns_dates() -> None:
    dates = _dates(4)
    multiples = pd.DataFrame(
        {"small": [15.0, 16.0, 14.0, 13.0], "growth": [30.0, 31.0, 29.0, 28.0]},
        index=dates,
    )
    benchmark = pd.Series([20.0, 21.0, 19.0, 18.0, 17.0], index=_dates(5), name="spx")
    result = rk.valuation_gap(multiples, benchmark.iloc[1:])
    expected = multiples.iloc[1:].div(benchmark.iloc[1:4], axis=0) - 1.0
    pd.testing.assert_frame_equal(result, expected, check_freq=False)
    log_gap = rk.valuation_gap(multiples["small"], benchmark, method="log")
    np.testing.assert_allclose(
        log_gap.to_numpy(), np.log(multiples["small"] / benchmark.iloc[:4]).to_numpy()
    )
    scalar = rk.valuation_gap(multiples, 20.0, method="difference")
    pd.testing.assert_frame_equal(scalar, multiples - 20.0)


def test_valuation_gap_difference_accepts_negative_multiples() -> None:
    result = rk.valuation_gap(
        np.array([-5.0, 10.0]), np.array([20.0, 20.0]), method="difference"
    )
    np.testing.assert_allclose(result, [-25.0, -10.0])


@pytest.mark.parametrize("method", ["ratio", "log"])
def test_valuation_gap_rejects_non_positive_multiples(method: Any) -> None:
    with pytest.raises(InputError, match="`multiple` must hold positive multiples"):
        rk.valuation_gap(np.array([15.0, 0.0]), np.array([20.0, 20.0]), method=method)
    with pytest.raises(InputError, match="`benchmark_multiple` must hold positive"):
        rk.valuation_gap(np.array([15.0, 14.0]), np.array([20.0, -1.0]), method=method)
    with pytest.raises(InputError, match="`benchmark_multiple` must hold positive"):
        rk.valuation_gap(15.0, 0.0, method=method)


def test_valuation_gap_bad_input() -> None:
    with pytest.raises(AlignmentError, match="3 rows but `benchmark_multiple` has 2"):
        rk.valuation_gap(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0]))
    with pytest.raises(InputError, match="single number but `benchmark_multiple`"):
        rk.valuation_gap(15.0, pd.Series([20.0, 21.0]))  # type: ignore[call-overload]
    with pytest.raises(InputError, match="real numbers"):
        rk.valuation_gap(pd.Series(["15", "16"]), 20.0)
    with pytest.raises(InputError, match="single series"):
        rk.valuation_gap(
            pd.Series([15.0, 16.0]), pd.DataFrame({"a": [1.0, 2.0], "b": [1.0, 2.0]})
        )
    with pytest.raises(ValueError, match="`method` must be one of"):
        rk.valuation_gap(15.0, 20.0, method="spread")  # type: ignore[call-overload]
    nan_gap = rk.valuation_gap(pd.Series([15.0, np.nan]), 20.0)
    assert math.isnan(nan_gap.iloc[1])


# -- yield_gap -----------------------------------------------------------------------


def test_yield_gap_units_are_explicit() -> None:
    percent = rk.yield_gap(0.05, 4.26)
    assert percent == pytest.approx(0.05 - 0.0426)
    assert rk.yield_gap(0.05, 0.0426, yield_units="decimal") == pytest.approx(percent)
    assert rk.yield_gap(0.05, 426.0, yield_units="bp") == pytest.approx(percent)


def test_yield_gap_over_time_aligns_and_broadcasts() -> None:
    dates = _dates(3)
    yields = pd.DataFrame(
        {"small": [0.05, 0.06, 0.055], "large": [0.04, 0.041, 0.039]}, index=dates
    )
    bonds = pd.Series([4.0, 4.2, 4.1, 4.3], index=_dates(4), name="DGS10")
    result = rk.yield_gap(yields, bonds)
    expected = yields.sub(bonds.iloc[:3] / 100.0, axis=0)
    pd.testing.assert_frame_equal(result, expected)


def test_yield_gap_warns_about_unlikely_units() -> None:
    with pytest.warns(YieldUnitsWarning, match="look like decimal"):
        rk.yield_gap(pd.Series([0.05, 0.05]), pd.Series([0.042, 0.043]))


def test_yield_gap_rejects_percent_earnings_yields() -> None:
    with pytest.raises(InputError, match="must be a fraction"):
        rk.yield_gap(5.0, 4.26)
    with pytest.raises(ValueError, match="`yield_units` must be one of"):
        rk.yield_gap(0.05, 4.26, yield_units="pct")  # type: ignore[call-overload]


# -- zscore ------------------------------------------------------------------------


def _pandas_zscore(
    frame: pd.DataFrame, window: int | None, min_periods: int
) -> pd.DataFrame:
    rolling = (
        frame.expanding(min_periods)
        if window is None
        else frame.rolling(window, min_periods=min_periods)
    )
    result: pd.DataFrame = (frame - rolling.mean()) / rolling.std()
    return result


def _exact_zscore(
    values: FloatArray, window: int | None, min_periods: int
) -> FloatArray:
    """Two-pass z-scores, window by window, from values shifted by the window's first value."""
    n_periods, n_assets = values.shape
    result = np.full(values.shape, np.nan)
    for t in range(n_periods):
        first = 0 if window is None else max(0, t - window + 1)
        for j in range(n_assets):
            current = values[t, j]
            window_values = values[first : t + 1, j]
            window_values = window_values[~np.isnan(window_values)]
            if np.isnan(current) or window_values.size < max(min_periods, 2):
                continue
            if window_values.max() == window_values.min():
                continue
            shifted = window_values - window_values[0]
            mean = shifted.mean()
            std = np.sqrt(((shifted - mean) ** 2).sum() / (shifted.size - 1))
            result[t, j] = (current - window_values[0] - mean) / std
    return result


@pytest.mark.parametrize(
    ("window", "min_periods"),
    [(None, 2), (None, 30), (20, 20), (20, 5), (300, 300), (1, 1)],
)
def test_zscore_matches_pandas(window: int | None, min_periods: int) -> None:
    frame = _random_walk(700, 4, seed=1)
    frame.iloc[100:110, 1] = np.nan
    frame.iloc[:50, 2] = np.nan
    result = rk.zscore(frame, window=window, min_periods=min_periods)
    expected = _pandas_zscore(frame, window, min_periods)
    pd.testing.assert_frame_equal(
        result, expected, check_exact=False, rtol=0, atol=1e-10
    )


def test_zscore_with_a_large_offset_keeps_its_precision() -> None:
    rng = np.random.default_rng(11)
    values = 1e6 + 1e-3 * rng.normal(size=(3000, 2))
    values[:, 1] += np.linspace(0.0, 0.05, 3000)  # a slow drift as well
    offset = pd.DataFrame(values, index=_dates(3000))
    shifted = offset - offset.iloc[0]
    for window, least in ((None, 2), (60, 60), (1260, 1260)):
        result = rk.zscore(offset, window=window, min_periods=least)
        # pandas is exact on the shifted data (the z-score does not change).
        expected = _pandas_zscore(shifted, window, least)
        pd.testing.assert_frame_equal(
            result, expected, check_exact=False, rtol=0, atol=1e-10
        )
    exact = _exact_zscore(values[:400], 60, 60)
    np.testing.assert_allclose(
        rk.zscore(values[:400], window=60), exact, rtol=0, atol=1e-10
    )


def test_a_naive_cumulative_sum_fails_the_large_offset_test() -> None:
    # Why the kernels shift the values: plain running sums of x and x**2 lose
    # the spread of values near 1e6 entirely.
    rng = np.random.default_rng(11)
    values = 1e6 + 1e-3 * rng.normal(size=500)
    n = np.arange(1, values.size + 1)
    mean = np.cumsum(values) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = (np.cumsum(values**2) - n * mean**2) / (n - 1)
        naive = (values - mean) / np.sqrt(variance)
    exact = _exact_zscore(values[:, np.newaxis], None, 2)[:, 0]
    assert np.nanmax(np.abs(naive - exact)) > 1e-3
    np.testing.assert_allclose(rk.zscore(values), exact, rtol=0, atol=1e-10)


def test_zscore_of_windows_without_variation_is_nan() -> None:
    # Monthly data forward-filled to days: many windows hold one value only.
    steps = np.repeat(np.array([10.3, 10.7, 9.9, 10.1, 10.1, 11.2]), 25)
    result = rk.zscore(steps, window=20)
    exact = _exact_zscore(steps[:, np.newaxis], 20, 20)[:, 0]
    np.testing.assert_array_equal(np.isnan(result), np.isnan(exact))
    np.testing.assert_allclose(result, exact, rtol=0, atol=1e-10)
    assert np.isnan(rk.zscore(np.full(10, 3.0))).all()


@settings(max_examples=60, deadline=None)
@given(
    length=st.integers(2, 700),
    cut=st.floats(0.05, 0.95),
    window=st.sampled_from([None, 1, 3, 20, 255, 256, 257, 600]),
    seed=st.integers(0, 2**32 - 1),
)
def test_zscore_is_causal(
    length: int, cut: float, window: int | None, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(length, 2)).cumsum(axis=0)
    values[rng.random(values.shape) < 0.05] = np.nan
    stop = max(1, int(length * cut))
    least = 2 if window is None else window
    full = rk.zscore(values, window=window, min_periods=least)
    past = rk.zscore(values[:stop], window=window, min_periods=least)
    np.testing.assert_array_equal(full[:stop], past)


@settings(max_examples=60, deadline=None)
@given(
    length=st.integers(1, 400),
    window=st.sampled_from([None, 1, 2, 7, 100, 256, 300]),
    offset=st.sampled_from([0.0, -50.0, 1e3]),
    seed=st.integers(0, 2**32 - 1),
)
def test_zscore_matches_the_exact_two_pass_computation(
    length: int, window: int | None, offset: float, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    values = offset + rng.normal(size=(length, 2))
    values[rng.random(values.shape) < 0.1] = np.nan
    values[:, 1] = np.round(values[:, 1])  # ties and windows without variation
    least = 2 if window is None else min(window, 3)
    result = rk.zscore(values, window=window, min_periods=least)
    exact = _exact_zscore(values, window, least)
    np.testing.assert_array_equal(np.isnan(result), np.isnan(exact))
    np.testing.assert_allclose(result, exact, rtol=1e-9, atol=1e-9)


def test_zscore_panel_is_column_by_column_and_layout_free() -> None:
    frame = _random_walk(600, 3, seed=4)
    frame.iloc[::17, 0] = np.nan
    result = rk.zscore(frame, window=250)
    for column in frame.columns:
        pd.testing.assert_series_equal(
            result[column], rk.zscore(frame[column], window=250), check_exact=True
        )
    array_c = np.ascontiguousarray(frame.to_numpy())
    array_f = np.asfortranarray(frame.to_numpy())
    np.testing.assert_array_equal(rk.zscore(array_c, window=250), result.to_numpy())
    np.testing.assert_array_equal(rk.zscore(array_f, window=250), result.to_numpy())


@pytest.mark.parametrize("engine", ["numpy", "auto"])
@pytest.mark.parametrize("window", [None, 40])
def test_zscore_of_a_wide_panel_matches_column_by_column(
    window: int | None, engine: Literal["numpy", "auto"]
) -> None:
    # Wide panels are standardised in slices of columns; a column's numbers
    # must not depend on its slice, including the windows of almost no
    # variation that are recomputed from their values (here in columns of the
    # second and third slice).
    rng = np.random.default_rng(8)
    values = rng.normal(size=(300, 1_100)).cumsum(axis=0)
    values[100:160, 700] = 5.0 + 1e-5 * rng.normal(size=60)
    values[::13, 1_050] = np.nan
    values[200:260, 1_050] = -2.0 + 1e-5 * rng.normal(size=60)
    with rk.engine(engine):
        result = rk.zscore(values, window=window)
        for column in (0, 511, 512, 700, 1_023, 1_024, 1_050, 1_099):
            np.testing.assert_array_equal(
                result[:, column], rk.zscore(values[:, column], window=window)
            )
    least = 2 if window is None else window
    expected = _exact_zscore(values[:, [700, 1_050]], window, least)
    np.testing.assert_array_equal(np.isnan(result[:, [700, 1_050]]), np.isnan(expected))
    np.testing.assert_allclose(result[:, [700, 1_050]], expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("engine", ["numpy", "auto"])
def test_zscore_rechecks_flat_windows_after_warm_up_and_after_gaps(
    engine: Literal["numpy", "auto"],
) -> None:
    # Windows of almost no variation, far from a column's first value, are
    # recomputed from their values: in column 3 one window just after the
    # rows with too few values; in column 0 (alone, too) windows after a
    # gap, where the count of values per window falls and rises again; in
    # column 5 (alone, too) the first window with enough values, the only
    # such window of its block of rows.
    rng = np.random.default_rng(21)
    window = 30
    values = rng.normal(size=(600, 6)).cumsum(axis=0)
    values[0, 3] = 0.0
    values[30:60, 3] = 1e4 + 1e-9 * rng.normal(size=30)
    values[290:300, 0] = np.nan
    values[300:340, 0] = -4e3 + 1e-9 * rng.normal(size=40)
    values[400:420:3, 0] = np.nan
    values[0, 5] = 0.0
    values[1:101, 5] = np.nan
    values[101:131, 5] = 1e4 + 1e-9 * rng.normal(size=30)
    values[131:, 5] = 1e4 + 1e3 * (-1.0) ** np.arange(469)
    expected = _exact_zscore(values, window, window)
    # Running sums of the shifted values would give these windows noise.
    flat = [(59, 3), (329, 0), (339, 0), (130, 5)]
    for row, column in flat:
        window_values = values[row - window + 1 : row + 1, column]
        assert np.isfinite(expected[row, column])
        assert np.ptp(window_values) < 1e-8 * abs(window_values[0] - values[0, column])
    with rk.engine(engine):
        panel = rk.zscore(values, window=window)
        alone = [rk.zscore(values[:, column], window=window) for column in (0, 5)]
    np.testing.assert_array_equal(np.isnan(panel), np.isnan(expected))
    np.testing.assert_allclose(panel, expected, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(alone[0], panel[:, 0])
    np.testing.assert_array_equal(alone[1], panel[:, 5])


@pytest.mark.parametrize("engine", ["numpy", "auto"])
@pytest.mark.parametrize("window", [None, 30])
def test_zscore_names_the_first_infinite_value(
    engine: Literal["numpy", "auto"], window: int | None
) -> None:
    # The values are checked in the pass that forms the window sums; the
    # error is that of the input checks.
    frame = _random_walk(600, 3, seed=5)
    frame.iloc[400, 2] = np.inf
    frame.iloc[500, 1] = -np.inf
    message = "`values` contains infinite.*" + re.escape(
        f"first at label {frame.index[400]!r}, column {frame.columns[2]!r}"
    )
    with rk.engine(engine), pytest.raises(InputError, match=message):
        rk.zscore(frame, window=window)


def test_zscore_hand_example() -> None:
    gap = pd.Series([-0.10, -0.12, -0.11, -0.20])
    # After four values: mean -0.1325, sample std sqrt(0.006275 / 3)
    expected_last = (-0.20 + 0.1325) / math.sqrt(0.006275 / 3.0)
    assert rk.zscore(gap).iloc[-1] == pytest.approx(expected_last, rel=1e-12)
    assert rk.zscore(gap, window=2).tolist()[1:] == pytest.approx(
        [-math.sqrt(0.5), math.sqrt(0.5), -math.sqrt(0.5)]
    )


def test_zscore_min_periods_and_short_data() -> None:
    values = np.arange(10.0) ** 1.5
    assert np.isnan(rk.zscore(values, window=20)).all()
    result = rk.zscore(values, window=20, min_periods=5)
    assert np.isnan(result[:4]).all()
    assert not np.isnan(result[4:]).any()
    assert np.isnan(rk.zscore(values, min_periods=6)[:5]).all()


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"window": 0}, ValueError, "`window` must be a positive whole number"),
        ({"window": -3}, ValueError, "`window`"),
        ({"window": 2.5}, TypeError, "`window`"),
        (
            {"window": 5, "min_periods": 6},
            ValueError,
            r"must be from 1 to `window` \(5\)",
        ),
        ({"min_periods": 0}, ValueError, "`min_periods`"),
    ],
)
def test_zscore_bad_options(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        rk.zscore(np.arange(10.0), **kwargs)


def test_zscore_bad_input() -> None:
    with pytest.raises(InputError, match="infinite"):
        rk.zscore(np.array([1.0, np.inf, 2.0]))
    with pytest.raises(InputError, match="real numbers"):
        rk.zscore(pd.Series(["a", "b"]))
    with pytest.raises(InputError, match="sort_index"):
        rk.zscore(pd.Series([1.0, 2.0, 3.0], index=[2, 1, 3]))
    with pytest.raises(InputError, match="empty"):
        rk.zscore(np.array([]))


def test_zscore_does_not_mutate_its_input() -> None:
    frame = _random_walk(300, 2)
    before = frame.copy()
    rk.zscore(frame, window=20)
    rk.percentile_rank(frame, window=20)
    pd.testing.assert_frame_equal(frame, before)


# -- percentile_rank -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("window", "min_periods"),
    [(None, 1), (None, 10), (30, 30), (30, 3), (64, 64), (1, 1)],
)
def test_percentile_rank_matches_pandas(window: int | None, min_periods: int) -> None:
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(np.round(rng.normal(size=(400, 3)), 1), index=_dates(400))
    frame.iloc[40:45, 0] = np.nan
    frame.iloc[:20, 2] = np.nan
    rolling = (
        frame.expanding(min_periods)
        if window is None
        else frame.rolling(window, min_periods=min_periods)
    )
    expected = rolling.rank(pct=True)
    result = rk.percentile_rank(frame, window=window, min_periods=min_periods)
    pd.testing.assert_frame_equal(
        result, expected, check_exact=False, rtol=0, atol=1e-12
    )


@settings(max_examples=60, deadline=None)
@given(
    values=hnp.arrays(
        np.float64,
        st.integers(1, 130),
        elements=st.sampled_from([np.nan, -1.0, 0.0, 0.5, 1.0, 2.0, 3.5]),
    ),
    window=st.sampled_from([None, 1, 2, 5, 32, 64, 200]),
)
def test_percentile_rank_matches_pandas_on_ties(
    values: FloatArray, window: int | None
) -> None:
    series = pd.Series(values)
    expected = (
        series.expanding() if window is None else series.rolling(window, min_periods=1)
    ).rank(pct=True)
    result = rk.percentile_rank(series, window=window, min_periods=1)
    pd.testing.assert_series_equal(
        result, expected, check_exact=False, rtol=0, atol=1e-12
    )


@settings(max_examples=40, deadline=None)
@given(
    length=st.integers(2, 500),
    cut=st.floats(0.05, 0.95),
    window=st.sampled_from([None, 1, 10, 100]),
)
def test_percentile_rank_is_causal(length: int, cut: float, window: int | None) -> None:
    values = np.random.default_rng(length).normal(size=(length, 2))
    stop = max(1, int(length * cut))
    full = rk.percentile_rank(values, window=window)
    np.testing.assert_array_equal(
        full[:stop], rk.percentile_rank(values[:stop], window=window)
    )


def test_percentile_rank_panel_is_column_by_column() -> None:
    frame = _random_walk(300, 3)
    result = rk.percentile_rank(frame, window=50)
    for column in frame.columns:
        pd.testing.assert_series_equal(
            result[column],
            rk.percentile_rank(frame[column], window=50),
            check_exact=True,
        )


def test_percentile_rank_bad_input() -> None:
    with pytest.raises(ValueError, match="`window`"):
        rk.percentile_rank(np.arange(5.0), window=0)
    with pytest.raises(InputError, match="booleans"):
        rk.percentile_rank(np.array([True, False]))


# -- half_life -----------------------------------------------------------------------


def _ar1(phi: float, n: int, seed: int = 0, mean: float = 0.0) -> FloatArray:
    rng = np.random.default_rng(seed)
    shocks = rng.normal(scale=0.1, size=n)
    values = np.empty(n)
    values[0] = mean
    for t in range(1, n):
        values[t] = mean + phi * (values[t - 1] - mean) + shocks[t]
    return values


def test_half_life_matches_statsmodels() -> None:
    sm = pytest.importorskip("statsmodels.api")
    from statsmodels.tsa.ar_model import AutoReg

    values = _ar1(0.9, 600, seed=3, mean=-0.2)
    fit = rk.half_life(values)
    ar = AutoReg(values, lags=1, trend="c").fit()
    assert fit.phi == pytest.approx(ar.params[1], rel=1e-10)
    assert fit.intercept == pytest.approx(ar.params[0], rel=1e-10)
    ols = sm.OLS(values[1:], sm.add_constant(values[:-1])).fit()
    assert fit.phi_stderr == pytest.approx(ols.bse[1], rel=1e-10)
    assert fit.nobs == 599
    assert fit.half_life == pytest.approx(math.log(0.5) / math.log(fit.phi))
    assert fit.long_run_mean == pytest.approx(fit.intercept / (1.0 - fit.phi))
    assert fit.reason is None


def test_half_life_drops_pairs_with_missing_values() -> None:
    values = _ar1(0.8, 200, seed=1)
    values[[10, 50, 51]] = np.nan
    fit = rk.half_life(pd.Series(values))
    lagged, current = values[:-1], values[1:]
    keep = ~np.isnan(lagged) & ~np.isnan(current)
    slope, intercept = np.polyfit(lagged[keep], current[keep], 1)
    assert fit.nobs == int(keep.sum()) == 199 - 5
    assert fit.phi == pytest.approx(slope, rel=1e-10)
    assert fit.intercept == pytest.approx(intercept, rel=1e-8, abs=1e-12)


def test_half_life_in_calendar_terms() -> None:
    values = pd.Series(_ar1(0.95, 240, seed=2), index=_dates(240, "ME"))
    fit = rk.half_life(values)
    period = (values.index[-1] - values.index[0]) / 239
    assert fit.period == period
    assert fit.half_life_years == pytest.approx(
        fit.half_life * (period / pd.Timedelta(days=365.25)), rel=1e-12
    )
    assert fit.half_life_timedelta is not None
    assert fit.half_life_timedelta / period == pytest.approx(fit.half_life, rel=1e-9)
    assert "years" in repr(fit)
    assert fit.to_dict()["nobs"] == 239
    undated = rk.half_life(values.to_numpy())
    assert undated.half_life_years is None
    assert undated.period is None


def test_half_life_without_mean_reversion_is_infinite() -> None:
    explosive = 1.05 ** np.arange(50.0)
    fit = rk.half_life(explosive)
    assert fit.phi >= 1.0
    assert math.isinf(fit.half_life)
    assert fit.reason is not None
    assert "does not revert" in fit.reason


def test_half_life_of_an_overshooting_series_is_undefined() -> None:
    fit = rk.half_life(np.array([1.0, -0.9, 0.8, -0.7, 0.75, -0.6, 0.5, -0.55]))
    assert fit.phi < 0.0
    assert math.isnan(fit.half_life)
    assert fit.reason is not None
    assert "overshoots" in fit.reason


def test_half_life_bad_input() -> None:
    with pytest.raises(InputError, match="at least 3"):
        rk.half_life([1.0, 2.0, 1.5])
    with pytest.raises(InputError, match="does not vary"):
        rk.half_life(np.full(10, 2.0))
    with pytest.raises(InputError, match="single series"):
        rk.half_life(
            pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [1.0, 2.0, 3.0, 4.0]})
        )
    with pytest.raises(InputError, match="infinite"):
        rk.half_life([1.0, np.inf, 2.0, 3.0, 1.0])


# -- implied_rerating ------------------------------------------------------------------


def test_implied_rerating_to_the_causal_mean_and_median() -> None:
    small = pd.Series([16.0, 15.0, 14.0, 12.0, 13.0], index=_dates(5))
    large = pd.Series([20.0, 20.0, 20.0, 20.0, 20.0], index=_dates(5))
    relative = small / large
    mean = rk.implied_rerating(small, large)
    pd.testing.assert_series_equal(mean, relative.expanding().mean() / relative - 1.0)
    median = rk.implied_rerating(small, large, target="median", window=3)
    expected = relative.rolling(3).median() / relative - 1.0
    pd.testing.assert_series_equal(median, expected, check_exact=False, rtol=1e-14)
    fixed = rk.implied_rerating(small, large, target=0.8)
    pd.testing.assert_series_equal(fixed, 0.8 / relative - 1.0)


def test_implied_rerating_panel_and_alignment() -> None:
    multiples = pd.DataFrame(
        {"small": [15.0, 14.0, 13.0], "mid": [18.0, 18.5, 17.0]}, index=_dates(3)
    )
    benchmark = pd.Series([20.0, 21.0, 19.0, 22.0], index=_dates(4))
    result = rk.implied_rerating(multiples, benchmark, window=2, min_periods=1)
    relative = multiples.div(benchmark.iloc[:3], axis=0)
    expected = relative.rolling(2, min_periods=1).mean() / relative - 1.0
    pd.testing.assert_frame_equal(result, expected, check_exact=False, rtol=1e-14)


def test_implied_rerating_is_causal() -> None:
    rng = np.random.default_rng(8)
    small = 15.0 + rng.normal(size=300).cumsum() * 0.1
    large = 20.0 + rng.normal(size=300).cumsum() * 0.1
    for target in ("mean", "median"):
        full = rk.implied_rerating(small, large, target=target)
        past = rk.implied_rerating(small[:200], large[:200], target=target)
        np.testing.assert_allclose(full[:200], past, rtol=1e-14)


def test_implied_rerating_spread_over_the_half_life() -> None:
    small = pd.Series([16.0, 15.0, 14.0, 12.0], index=_dates(4, "ME"))
    large = pd.Series([20.0, 20.0, 20.0, 20.0], index=_dates(4, "ME"))
    total = rk.implied_rerating(small, large, target=0.8)
    annual = rk.implied_rerating(small, large, target=0.8, half_life=24.0)
    # Half the log move in 24 months: (1 + r) ** (12 / 48) - 1 per year.
    np.testing.assert_allclose(annual, (1.0 + total) ** 0.25 - 1.0, rtol=1e-14)
    fit = rk.half_life(pd.Series(_ar1(0.97, 120, seed=5), index=_dates(120, "ME")))
    with_fit = rk.implied_rerating(small, large, target=0.8, half_life=fit)
    # A fitted half-life carries calendar time: half its years, not its periods.
    assert fit.half_life_years is not None
    exponent = 1.0 / (2.0 * fit.half_life_years)
    np.testing.assert_allclose(with_fit, (1.0 + total) ** exponent - 1.0, rtol=1e-12)
    never = rk.implied_rerating(small, large, target=0.8, half_life=math.inf)
    np.testing.assert_allclose(never, 0.0)


def test_implied_rerating_uses_the_calendar_time_of_a_fitted_half_life() -> None:
    monthly_fit = rk.half_life(
        pd.Series(_ar1(0.9, 240, seed=2), index=_dates(240, "ME"))
    )
    daily = _dates(4, "B")
    small = pd.Series([16.0, 15.0, 14.0, 12.0], index=daily)
    large = pd.Series(20.0, index=daily)
    total = rk.implied_rerating(small, large, target=0.8)
    annual = rk.implied_rerating(small, large, target=0.8, half_life=monthly_fit)
    # Daily multiples, monthly fit: the horizon is the fit's years, never its
    # period count read as days.
    assert monthly_fit.half_life_years is not None
    expected = (1.0 + total) ** (1.0 / (2.0 * monthly_fit.half_life_years)) - 1.0
    np.testing.assert_allclose(annual, expected, rtol=1e-12)


def test_implied_rerating_keeps_missing_values_missing() -> None:
    small = pd.Series([16.0, np.nan, 14.0, 12.0, 13.0, 12.0], index=_dates(6, "ME"))
    large = pd.Series(20.0, index=small.index)
    for half_life in (24.0, math.inf):
        result = rk.implied_rerating(small, large, window=3, half_life=half_life)
        plain = rk.implied_rerating(small, large, window=3)
        np.testing.assert_array_equal(result.isna().to_numpy(), plain.isna().to_numpy())
    with pytest.raises(ValueError, match="`half_life` must be a positive"):
        rk.implied_rerating(small, large, half_life=math.nan, periods_per_year=12)


def test_implied_rerating_bad_input() -> None:
    small, large = np.array([15.0, 14.0]), np.array([20.0, 20.0])
    with pytest.raises(InputError, match="positive relative multiple"):
        rk.implied_rerating(small, large, target=-0.5)
    with pytest.raises(ValueError, match="`target` must be one of"):
        rk.implied_rerating(small, large, target="mode")  # type: ignore[call-overload]
    with pytest.raises(InputError, match="positive multiples"):
        rk.implied_rerating(np.array([15.0, 0.0]), large)
    with pytest.raises(FrequencyError):
        rk.implied_rerating(small, large, half_life=12.0)
    with pytest.raises(ValueError, match="`half_life`"):
        rk.implied_rerating(small, large, half_life=-1.0, periods_per_year=12)
    with pytest.raises(InputError, match="single number"):
        rk.implied_rerating(15.0, 20.0)  # type: ignore[call-overload]


# -- types seen by a type checker ------------------------------------------------------


def test_types_follow_the_input() -> None:
    frame = _random_walk(30, 2)
    series: pd.Series[float] = frame["S0"]
    array: np.ndarray[tuple[int], np.dtype[np.float64]] = series.to_numpy()
    assert_type(rk.zscore(frame), pd.DataFrame)
    assert_type(rk.zscore(series, window=5), "pd.Series[float]")
    assert_type(rk.zscore(array), FloatArray)
    assert_type(rk.percentile_rank(series), "pd.Series[float]")
    assert_type(rk.valuation_gap(15.0, 20.0), float)
    assert_type(rk.valuation_gap(series.abs() + 1.0, 20.0), "pd.Series[float]")
    assert_type(rk.earnings_yield(20.0), float)
    assert_type(rk.aggregate_multiple(VALUE, EARNINGS), float)
    assert_type(
        rk.aggregate_multiple(VALUE, EARNINGS, details=True), rk.AggregateMultiple
    )
    assert_type(rk.half_life(series), rk.HalfLife)
