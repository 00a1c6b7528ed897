"""Tests of periods-per-year inference and calendar period starts."""

from __future__ import annotations

import pandas as pd
import pytest

import rotationkit as rk
from rotationkit._frequency import infer_periods_per_year, period_start


@pytest.mark.parametrize(
    ("freq", "expected"),
    [
        ("B", 252),
        ("W-FRI", 52),
        ("ME", 12),
        ("MS", 12),
        ("QE", 4),
        ("YE", 1),
        ("D", 365),
    ],
)
def test_regular_frequencies(freq: str, expected: int) -> None:
    index = pd.date_range("2001-01-01", periods=40, freq=freq)
    assert infer_periods_per_year(index) == expected


def test_business_days_with_holidays_are_still_daily() -> None:
    index = pd.bdate_range("2024-01-01", "2024-12-31")
    holidays = pd.to_datetime(
        ["2024-01-15", "2024-05-27", "2024-07-04", "2024-11-28", "2024-12-25"]
    )
    assert infer_periods_per_year(index.difference(holidays)) == 252


def test_tz_aware_daily_index_across_daylight_saving() -> None:
    index = pd.bdate_range(
        "2024-03-01 16:00", "2024-04-30 16:00", tz="America/New_York"
    )
    assert infer_periods_per_year(index) == 252


def test_monthly_with_a_missing_month() -> None:
    index = pd.date_range("2020-01-31", periods=24, freq="ME").delete(5)
    assert infer_periods_per_year(index) == 12


def test_irregular_dates_raise() -> None:
    index = pd.DatetimeIndex(["2020-01-01", "2020-01-15", "2020-02-01", "2020-02-18"])
    with pytest.raises(rk.FrequencyError, match="pass periods_per_year"):
        infer_periods_per_year(index)


def test_too_few_dates_raise() -> None:
    with pytest.raises(rk.FrequencyError, match="fewer than two dates"):
        infer_periods_per_year(pd.DatetimeIndex(["2020-01-01"]))


def test_frequency_error_is_an_input_error() -> None:
    assert issubclass(rk.FrequencyError, rk.InputError)
    assert issubclass(rk.InputError, ValueError)
    assert issubclass(rk.AlignmentError, rk.InputError)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("YTD", "2026-01-01"),
        ("QTD", "2025-10-01"),
        ("MTD", "2025-11-01"),
        ("WTD", "2025-11-24"),
    ],
)
def test_period_start(period: str, expected: str) -> None:
    moment = pd.Timestamp("2025-11-27 15:30", tz="Europe/Paris")
    start = period_start(moment, period)  # type: ignore[arg-type]
    if period == "YTD":
        moment = pd.Timestamp("2026-02-10", tz="Europe/Paris")
        start = period_start(moment, "YTD")
    assert start == pd.Timestamp(expected, tz="Europe/Paris")
