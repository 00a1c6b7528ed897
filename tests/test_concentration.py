"""Tests of rotationkit.concentration against hand-worked examples, numpy and pandas."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from typing_extensions import assert_type

import rotationkit as rk
from rotationkit.errors import InputError

FloatArray = npt.NDArray[np.float64]


def _caps_over_time() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    dates = pd.date_range("2025-01-31", periods=5, freq="ME", name="date")
    caps: pd.DataFrame = pd.DataFrame(
        rng.lognormal(4.0, 1.2, (5, 8)),
        index=dates,
        columns=[f"C{i}" for i in range(8)],
    )
    caps.iloc[0, 7] = np.nan  # listed in February
    caps.iloc[3, 2] = np.nan  # no weight in April
    return caps


# -- hand-worked examples -------------------------------------------------------------


@pytest.mark.parametrize("n_names", [1, 2, 7, 500])
def test_equal_weights(n_names: int) -> None:
    weights = np.full(n_names, 3.0)
    assert rk.effective_n(weights) == pytest.approx(n_names, rel=1e-12)
    assert rk.hhi(weights) == pytest.approx(1.0 / n_names, rel=1e-12)
    assert rk.top_n_share(weights, n=1) == pytest.approx(1.0 / n_names, rel=1e-12)
    assert rk.top_n_share(weights) == pytest.approx(min(10, n_names) / n_names)


def test_one_dominant_name() -> None:
    weights = pd.Series([97.0, 1.0, 1.0, 1.0], index=["GIANT", "a", "b", "c"])
    # 0.97^2 + 3 * 0.01^2
    assert rk.hhi(weights) == pytest.approx(0.9412, rel=1e-12)
    assert rk.effective_n(weights) == pytest.approx(1.0 / 0.9412, rel=1e-12)
    assert rk.top_n_share(weights, n=1) == pytest.approx(0.97)
    assert rk.top_n_share(weights, n=2) == pytest.approx(0.98)


def test_market_values_are_normalized() -> None:
    weights = np.array([0.4, 0.3, 0.1, 0.1, 0.1])
    caps = weights * 2.5e12
    assert rk.hhi(caps) == pytest.approx(rk.hhi(weights), rel=1e-14)
    assert rk.hhi(weights) == pytest.approx(0.28)
    assert rk.top_n_share(caps, n=2) == pytest.approx(0.7)
    assert rk.effective_n(caps) == pytest.approx(1.0 / 0.28)


def test_more_names_asked_than_held() -> None:
    assert rk.top_n_share([1.0, 2.0, 3.0], n=10) == pytest.approx(1.0)


def test_missing_weights_are_left_out_and_counted() -> None:
    weights = pd.Series([40.0, np.nan, 30.0, 30.0])
    assert rk.hhi(weights) == pytest.approx(rk.hhi(weights.dropna()), rel=1e-15)
    assert rk.top_n_share(weights, n=1) == pytest.approx(0.4)
    summary = rk.concentration_summary(weights, n=1)
    assert (summary.constituents, summary.missing) == (3, 1)
    assert summary.effective_n == pytest.approx(1.0 / (0.16 + 0.09 + 0.09))
    assert repr(summary).startswith("Concentration(top_1_share=0.4")
    assert summary.to_frame().shape == (1, 5)
    assert summary.to_dict()["n"] == 1


def test_zero_weights_count_as_constituents_without_weight() -> None:
    assert rk.hhi([50.0, 50.0, 0.0]) == pytest.approx(0.5)
    assert math.isnan(rk.hhi([0.0, 0.0]))
    assert math.isnan(rk.effective_n([np.nan, np.nan]))
    assert math.isnan(rk.top_n_share([0.0, np.nan], n=1))


# -- properties and cross-checks -----------------------------------------------------

weight_vectors = hnp.arrays(
    np.float64, st.integers(1, 60), elements=st.floats(0.001, 1e9)
)


@settings(max_examples=200, deadline=None)
@given(weights=weight_vectors, n=st.integers(1, 70))
def test_measures_match_a_brute_force(weights: FloatArray, n: int) -> None:
    normalized = weights / weights.sum()
    assert rk.hhi(weights) == pytest.approx(float(np.sum(normalized**2)), rel=1e-12)
    assert rk.effective_n(weights) == pytest.approx(
        1.0 / float(np.sum(normalized**2)), rel=1e-12
    )
    top = float(np.sort(normalized)[::-1][:n].sum())
    assert rk.top_n_share(weights, n=n) == pytest.approx(top, rel=1e-12)
    assert 1.0 / weights.size - 1e-12 <= rk.hhi(weights) <= 1.0 + 1e-12


def test_panel_is_date_by_date() -> None:
    caps = _caps_over_time()
    for function in (rk.hhi, rk.effective_n):
        result = function(caps)
        assert isinstance(result, pd.Series)
        assert result.index.equals(caps.index)
        rows = [function(caps.iloc[i]) for i in range(len(caps))]
        np.testing.assert_allclose(result.to_numpy(), rows, rtol=1e-14)
        np.testing.assert_allclose(function(caps.to_numpy()), rows, rtol=1e-14)
    top = rk.top_n_share(caps, n=3)
    assert top.name == "top_3_share"
    expected = caps.apply(
        lambda row: row.dropna().nlargest(3).sum() / row.sum(), axis=1
    )
    np.testing.assert_allclose(top.to_numpy(), expected.to_numpy(), rtol=1e-14)


def test_summary_over_dates() -> None:
    caps = _caps_over_time()
    summary = rk.concentration_summary(caps, n=3)
    table = summary.to_frame()
    assert table.index.equals(caps.index)
    np.testing.assert_array_equal(table["constituents"], caps.notna().sum(axis=1))
    np.testing.assert_array_equal(table["missing"], caps.isna().sum(axis=1))
    pd.testing.assert_series_equal(table["hhi"], rk.hhi(caps))
    assert "5 dates" in repr(summary)


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ([1.0, -0.5, 2.0], r"weights or market values of zero or more, got -0\.5"),
        (["a", "b"], "real numbers"),
        ([1.0, np.inf], "infinite"),
        ([True, False], "booleans"),
        (5.0, "one value per constituent"),
    ],
)
def test_bad_weights(weights: Any, match: str) -> None:
    for function in (rk.hhi, rk.effective_n, rk.top_n_share):
        with pytest.raises(InputError, match=match):
            function(weights)


def test_bad_n() -> None:
    with pytest.raises(ValueError, match="`n` must be a positive whole number"):
        rk.top_n_share([1.0, 2.0], n=0)
    with pytest.raises(TypeError, match="`n`"):
        rk.top_n_share([1.0, 2.0], n=2.5)  # type: ignore[call-overload]


def test_weights_are_not_mutated() -> None:
    caps = _caps_over_time()
    before = caps.copy()
    rk.concentration_summary(caps)
    rk.top_n_share(caps)
    pd.testing.assert_frame_equal(caps, before)


# -- breadth -------------------------------------------------------------------------


def _prices(n_periods: int = 300, n_assets: int = 6, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    levels = 50.0 * np.exp(rng.normal(0.0, 0.02, (n_periods, n_assets)).cumsum(axis=0))
    frame: pd.DataFrame = pd.DataFrame(
        levels,
        index=pd.bdate_range("2024-01-01", periods=n_periods, name="date"),
        columns=[f"P{i}" for i in range(n_assets)],
    )
    frame.iloc[:80, 1] = np.nan  # listed later
    frame.iloc[150:155, 2] = np.nan  # a gap
    frame.iloc[200, 3] = np.nan
    return frame


@pytest.mark.parametrize("window", [1, 5, 50, 200])
def test_breadth_matches_pandas(window: int) -> None:
    prices = _prices()
    average = prices.rolling(window).mean()
    counted = prices.notna() & average.notna()
    above = (prices > average) & counted
    expected = (above.sum(axis=1) / counted.sum(axis=1)).where(counted.any(axis=1))
    result = rk.breadth(prices, window=window)
    pd.testing.assert_series_equal(
        result, expected.rename("breadth"), check_exact=False, rtol=1e-14
    )


def test_breadth_is_causal() -> None:
    prices = _prices()
    full = rk.breadth(prices)
    past = rk.breadth(prices.iloc[:170])
    pd.testing.assert_series_equal(full.iloc[:170], past, check_freq=False)


def test_breadth_of_one_series_and_of_an_array() -> None:
    prices = _prices()
    single = rk.breadth(prices["P0"], window=3)
    average = prices["P0"].rolling(3).mean()
    expected = (prices["P0"] > average).astype(float).where(average.notna())
    pd.testing.assert_series_equal(single, expected.rename("breadth"))
    array = rk.breadth(prices.to_numpy(), window=50)
    assert isinstance(array, np.ndarray)
    np.testing.assert_allclose(array, rk.breadth(prices, window=50).to_numpy())


def test_breadth_hand_example() -> None:
    prices = pd.DataFrame(
        {"A": [10.0, 11.0, 12.0], "B": [10.0, 9.0, 9.5], "C": [5.0, 5.0, 4.0]}
    )
    # day 1: A above (10.5), B below (9.5), C equal (not above) -> 1/3
    # day 2: A above (11.5), B above (9.25), C below (4.5) -> 2/3
    result = rk.breadth(prices, window=2)
    assert math.isnan(result.iloc[0])
    assert result.iloc[1:].tolist() == pytest.approx([1.0 / 3.0, 2.0 / 3.0])


def test_breadth_bad_input() -> None:
    with pytest.raises(InputError, match="strictly positive prices"):
        rk.breadth(np.array([[1.0, 2.0], [0.0, 2.0]]))
    with pytest.raises(ValueError, match="`window`"):
        rk.breadth(_prices(), window=0)
    with pytest.raises(InputError, match="sort_index"):
        rk.breadth(_prices().iloc[::-1])


def test_types_follow_the_input() -> None:
    caps = _caps_over_time()
    row: pd.Series[float] = caps.iloc[-1]
    assert_type(rk.hhi(caps), "pd.Series[float]")
    assert_type(rk.hhi(row), float)
    assert_type(rk.effective_n([1.0, 2.0]), float)
    assert_type(rk.top_n_share(caps.to_numpy()), FloatArray)
    assert_type(rk.breadth(_prices()), "pd.Series[float]")
    assert_type(rk.concentration_summary(row), rk.Concentration)
