"""Sampling frequency and calendar periods (private).

Two jobs: infer how many periods a year a DatetimeIndex has (for
annualization), and find where calendar periods (year, quarter, month, week)
start, for period-to-date returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from rotationkit._inputs import check_positive_number
from rotationkit.errors import FrequencyError

if TYPE_CHECKING:
    from rotationkit._inputs import Panel
    from rotationkit._typing import Period

__all__ = ["infer_periods_per_year", "period_start", "resolve_periods_per_year"]

# (lowest, highest) median spacing in days, and the periods per year it means.
_SPACINGS: tuple[tuple[float, float, int, str], ...] = (
    (0.9, 1.1, 252, "business-daily"),
    (6.0, 8.0, 52, "weekly"),
    (27.0, 32.0, 12, "monthly"),
    (85.0, 95.0, 4, "quarterly"),
    (360.0, 370.0, 1, "annual"),
)
# Share of weekend dates above which daily data are taken as calendar-daily.
_WEEKEND_SHARE = 0.1


def infer_periods_per_year(index: pd.DatetimeIndex) -> int:
    """Infer the number of periods per year from the spacing of ``index``.

    The median gap between consecutive dates decides: one day gives 252
    (business days; 365 when more than a tenth of the dates fall on a weekend),
    about a week 52, a month 12, a quarter 4 and a year 1. Holidays and a few
    missing periods do not change the median.

    Raises
    ------
    FrequencyError
        If there are fewer than two dates or the median gap matches none of
        these frequencies.
    """
    if len(index) < 2:
        msg = (
            "cannot infer periods per year from fewer than two dates; "
            "pass periods_per_year (252 business days, 52 weeks, 12 months, ...)"
        )
        raise FrequencyError(msg)
    gaps = np.asarray((index[1:] - index[:-1]) / pd.Timedelta(days=1), dtype=float)
    median_days = float(np.median(gaps))
    for low, high, periods, _label in _SPACINGS:
        if low <= median_days <= high:
            if periods == 252 and _weekend_share(index) > _WEEKEND_SHARE:
                return 365
            return periods
    msg = (
        f"cannot infer periods per year: the median gap between dates is "
        f"{median_days:g} days, which is not daily, weekly, monthly, quarterly or "
        "annual; pass periods_per_year explicitly"
    )
    raise FrequencyError(msg)


def _weekend_share(index: pd.DatetimeIndex) -> float:
    return float(np.mean(index.day_of_week >= 5))


def resolve_periods_per_year(periods_per_year: float | None, panel: Panel) -> float:
    """Return ``periods_per_year`` if given, else infer it from ``panel``'s index.

    Raises
    ------
    FrequencyError
        If it is not given and the panel has no DatetimeIndex to infer it from.
    """
    if periods_per_year is not None:
        return check_positive_number(periods_per_year, "periods_per_year")
    if not isinstance(panel.index, pd.DatetimeIndex):
        msg = (
            f"`{panel.argname}` has no DatetimeIndex to infer the number of periods "
            "per year from; pass periods_per_year (252 business days, 52 weeks, "
            "12 months, 4 quarters, 1 year)"
        )
        raise FrequencyError(msg)
    return float(infer_periods_per_year(panel.index))


def period_start(moment: pd.Timestamp, period: Period) -> pd.Timestamp:
    """Return midnight of the first day of the ``period`` that contains ``moment``.

    Weeks start on Monday (ISO 8601). The time zone of ``moment`` is kept.
    """
    day: pd.Timestamp = moment.normalize()
    start: pd.Timestamp
    if period == "YTD":
        start = day.replace(month=1, day=1)
    elif period == "QTD":
        start = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    elif period == "MTD":
        start = day.replace(day=1)
    else:
        start = day - pd.Timedelta(days=day.day_of_week)
    return start
