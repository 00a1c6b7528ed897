"""Static type checks: mypy reads the assert_type calls, pytest runs them."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from typing_extensions import assert_type

import rotationkit as rk

FloatArray = npt.NDArray[np.float64]


def _frame() -> pd.DataFrame:
    index = pd.date_range("2024-01-01", periods=5, freq="D")
    frame: pd.DataFrame = pd.DataFrame(
        {"a": [1.0, 1.1, 1.2, 1.1, 1.3], "b": [2.0, 2.1, 2.0, 2.2, 2.3]}, index=index
    )
    return frame


def test_elementwise_functions_keep_the_container() -> None:
    frame = _frame()
    series: pd.Series[float] = frame["a"]
    array: np.ndarray[tuple[int], np.dtype[np.float64]] = series.to_numpy()
    assert_type(rk.to_returns(frame), pd.DataFrame)
    assert_type(rk.to_returns(series), "pd.Series[float]")
    assert_type(rk.to_returns(array), FloatArray)
    assert_type(rk.to_prices(rk.to_returns(series)), "pd.Series[float]")
    assert_type(rk.to_prices(rk.to_returns(frame)), pd.DataFrame)


def test_reductions_follow_the_input() -> None:
    frame = _frame()
    series: pd.Series[float] = frame["a"]
    vector: np.ndarray[tuple[int], np.dtype[Any]] = np.array([0.01, 0.02])
    matrix: np.ndarray[tuple[int, int], np.dtype[Any]] = np.array(
        [[0.01, 0.02], [0.0, 0.01]]
    )
    assert_type(rk.annualized_return(series), float)
    assert_type(rk.annualized_return(frame), "pd.Series[float]")
    assert_type(rk.annualized_return(vector, periods_per_year=12), float)
    assert_type(rk.annualized_return(matrix, periods_per_year=12), FloatArray)
    assert_type(rk.annualized_volatility([0.01, 0.02], periods_per_year=12), float)
    assert_type(rk.period_to_date(series), float)
    assert_type(rk.period_to_date(frame, "MTD"), "pd.Series[float]")
    assert_type(rk.period_return(frame), "pd.Series[float]")
    assert_type(rk.performance_table(frame), pd.DataFrame)
