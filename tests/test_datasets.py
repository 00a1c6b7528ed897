"""Tests of the synthetic sample panel."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk


def test_synthetic_prices_are_deterministic_and_labelled() -> None:
    first = rk.datasets.synthetic_prices()
    second = rk.datasets.synthetic_prices()
    pd.testing.assert_frame_equal(first, second)
    assert first.columns.name == "synthetic"
    assert "synthetic" in first.attrs["source"]
    assert list(first.columns) == list(rk.datasets.SYNTHETIC_COLUMNS)
    assert isinstance(first.index, pd.DatetimeIndex)
    assert first.index.name == "date"
    assert (first.index.day_of_week < 5).all()
    assert (first.to_numpy() > 0).all()


def test_seed_changes_the_panel() -> None:
    a = rk.datasets.synthetic_prices(seed=1)
    b = rk.datasets.synthetic_prices(seed=2)
    assert not np.allclose(a.to_numpy(), b.to_numpy())


def test_the_rotation_episode_is_visible() -> None:
    prices = rk.datasets.synthetic_prices()
    returns = rk.to_returns(prices)
    last = returns.iloc[-10:]
    assert (last["SMALL"] > last["LARGE"]).all()
    assert (last["SMALL"] > last["GROWTH"]).all()
    # The session before the planted run is not part of it, or the run is longer.
    recent = rk.period_return(prices, start=prices.index[-31])
    assert recent["SMALL"] > recent["LARGE"] + 0.05
    # Over the whole sample small caps lag: the rotation is a reversal.
    assert rk.period_return(prices)["SMALL"] < rk.period_return(prices)["LARGE"]


def test_daily_frequency_and_realistic_volatility() -> None:
    prices = rk.datasets.synthetic_prices()
    vol = rk.annualized_volatility(rk.to_returns(prices))
    assert 0.10 < vol["LARGE"] < vol["SMALL"] < 0.40


def test_custom_range() -> None:
    prices = rk.datasets.synthetic_prices(start="2024-01-01", end="2024-06-28")
    assert prices.index[0] == pd.Timestamp("2024-01-01")
    assert prices.index[-1] == pd.Timestamp("2024-06-28")


def test_too_short_range_raises() -> None:
    with pytest.raises(rk.InputError, match="business days"):
        rk.datasets.synthetic_prices(start="2024-01-01", end="2024-01-31")


def test_seed_must_be_an_integer() -> None:
    with pytest.raises(TypeError, match="`seed` must be an int"):
        rk.datasets.synthetic_prices(seed=1.5)  # type: ignore[arg-type]
