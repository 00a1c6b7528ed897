"""polars and xarray inputs: the same numbers as pandas, in the caller's type."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk

pl: Any = pytest.importorskip("polars")
xr: Any = pytest.importorskip("xarray")


def _pandas_prices() -> pd.DataFrame:
    index = pd.bdate_range("2025-12-24", periods=8, name="date")
    data = {
        "a": [10.0, 10.5, 10.2, 10.8, 11.0, 10.9, 11.3, 11.6],
        "b": [5.0, 5.1, 5.0, 4.9, 5.2, 5.3, 5.3, 5.4],
    }
    frame: pd.DataFrame = pd.DataFrame(data, index=index)
    return frame


def _polars_prices() -> Any:
    frame = _pandas_prices()
    dates = [stamp.date() for stamp in frame.index]
    return pl.DataFrame(
        {"date": dates, "a": frame["a"].to_numpy(), "b": frame["b"].to_numpy()}
    )


def _dataarray_prices() -> Any:
    frame = _pandas_prices()
    return xr.DataArray(
        frame.to_numpy(),
        dims=("time", "asset"),
        coords={
            "time": frame.index.to_numpy(),
            "asset": ["a", "b"],
            "sector": ("asset", ["x", "y"]),
        },
        name="price",
    )


def test_polars_frame_round_trip() -> None:
    returns = rk.to_returns(_polars_prices())
    expected = rk.to_returns(_pandas_prices())
    assert isinstance(returns, pl.DataFrame)
    assert returns.columns == ["date", "a", "b"]
    assert returns["date"].dtype == pl.Date
    assert returns["date"][0] == dt.date(2025, 12, 25)
    np.testing.assert_allclose(
        returns.select("a", "b").to_numpy(), expected.to_numpy(), rtol=1e-15
    )


def test_polars_series_round_trip() -> None:
    prices = _polars_prices()["a"]
    returns = rk.to_returns(prices)
    assert isinstance(returns, pl.Series)
    assert returns.name == "a"
    np.testing.assert_allclose(
        returns.to_numpy(), rk.to_returns(_pandas_prices()["a"]).to_numpy()
    )


def test_polars_reductions_and_tables() -> None:
    returns = rk.to_returns(_polars_prices())
    vol = rk.annualized_volatility(returns)
    assert isinstance(vol, pl.DataFrame)
    assert vol["asset"].to_list() == ["a", "b"]
    expected = rk.annualized_volatility(rk.to_returns(_pandas_prices()))
    np.testing.assert_allclose(
        vol["annualized_volatility"].to_numpy(), expected.to_numpy()
    )
    table = rk.performance_table(_polars_prices())
    assert isinstance(table, pl.DataFrame)
    np.testing.assert_allclose(
        table.drop("asset").to_numpy(),
        rk.performance_table(_pandas_prices()).to_numpy(),
        equal_nan=True,
    )


def test_polars_time_column_must_be_unique_or_named() -> None:
    prices = _polars_prices().with_columns(pl.col("date").alias("other_date"))
    with pytest.raises(rk.InputError, match="several date/time columns"):
        rk.to_returns(prices)
    with (
        rk.set_options(time_column="date"),
        pytest.raises(rk.InputError, match=r"dtype Date in column .other_date."),
    ):
        rk.to_returns(prices)
    with (
        rk.set_options(time_column="when"),
        pytest.raises(rk.InputError, match="no time column 'when'"),
    ):
        rk.to_returns(_polars_prices())


def test_polars_bad_values() -> None:
    with pytest.raises(rk.InputError, match="booleans in column 'a'"):
        rk.to_returns(_polars_prices().with_columns(pl.col("a") > 10))
    with pytest.raises(rk.InputError, match="must be strictly positive"):
        rk.to_returns(_polars_prices().with_columns(pl.col("a") * 0))
    unsorted = _polars_prices().reverse()
    with pytest.raises(rk.InputError, match=r"sort_index\(\)"):
        rk.to_returns(unsorted)


def test_polars_tz_aware_datetimes() -> None:
    frame = _pandas_prices()
    moments = [
        dt.datetime(d.year, d.month, d.day, 21, tzinfo=dt.timezone.utc)
        for d in frame.index
    ]
    prices = pl.DataFrame({"t": moments, "a": frame["a"].to_numpy()}).with_columns(
        pl.col("t").dt.convert_time_zone("America/New_York")
    )
    returns = rk.to_returns(prices)
    assert returns["t"].dtype == prices["t"].dtype
    assert returns["t"][0] == prices["t"][1]
    assert rk.period_to_date(prices, "YTD").item(0, 1) == pytest.approx(11.6 / 10.9 - 1)


def test_polars_nulls_become_missing_values() -> None:
    prices = _polars_prices().with_columns(
        pl.when(pl.col("a") > 11).then(None).otherwise(pl.col("a")).alias("a")
    )
    returns = rk.to_returns(prices)
    assert returns["a"].is_nan().sum() == 2


def test_dataarray_keeps_dims_and_coords() -> None:
    prices = _dataarray_prices()
    returns = rk.to_returns(prices)
    assert isinstance(returns, xr.DataArray)
    assert returns.dims == ("time", "asset")
    assert list(returns["sector"].values) == ["x", "y"]
    assert pd.Timestamp(returns["time"].values[0]) == pd.Timestamp("2025-12-25")
    np.testing.assert_allclose(
        returns.values, rk.to_returns(_pandas_prices()).to_numpy()
    )


def test_dataarray_with_time_last_and_extra_dims() -> None:
    prices = _dataarray_prices()
    cube = xr.concat([prices, prices * 2], dim="region").assign_coords(
        region=["us", "eu"]
    )
    cube = cube.transpose("asset", "region", "time")
    returns = rk.to_returns(cube)
    assert returns.dims == ("asset", "region", "time")
    np.testing.assert_allclose(
        returns.sel(region="eu").transpose("time", "asset").values,
        rk.to_returns(_pandas_prices()).to_numpy(),
    )
    vol = rk.annualized_volatility(returns)
    assert vol.dims == ("asset", "region")
    np.testing.assert_allclose(vol.sel(region="us").values, vol.sel(region="eu").values)


def test_dataarray_reduces_to_a_scalar_array() -> None:
    prices = _dataarray_prices().sel(asset="a")
    vol = rk.annualized_volatility(rk.to_returns(prices))
    assert isinstance(vol, xr.DataArray)
    assert vol.ndim == 0
    assert float(vol) == pytest.approx(
        rk.annualized_volatility(rk.to_returns(_pandas_prices()["a"]))
    )


def test_dataarray_time_dimension_option() -> None:
    prices = _dataarray_prices().rename(time="date")
    with pytest.raises(rk.InputError, match="no dimension 'time'"):
        rk.to_returns(prices)
    with rk.set_options(time_dim="date"):
        returns = rk.to_returns(prices)
    assert returns.dims == ("date", "asset")
    one = prices.sel(asset="a")
    assert rk.to_returns(one).dims == ("date",)


def test_dataarray_aligns_with_pandas_labels() -> None:
    from rotationkit._inputs import align, as_panel

    left = as_panel(_dataarray_prices().isel(time=slice(2, None)), "returns")
    right = as_panel(_pandas_prices()["b"].iloc[:6], "benchmark")
    a, b = align(left, right)
    assert a.n_periods == b.n_periods == 4


def test_options_must_be_names() -> None:
    with pytest.raises(TypeError, match="time_column"):
        rk.set_options(time_column=3)
    with pytest.raises(TypeError, match="time_dim"):
        rk.set_options(time_dim=None)
