r"""Returns from prices, prices from returns, and period performance.

The building blocks of every rotation question: how much did an asset gain
over a period, year to date, or per year on average.

Conventions
-----------
* Functions say whether they take ``prices`` or ``returns`` and never guess.
* A price is a close; "the close on or before a date" is the last non-missing
  price of each asset at or before that date.
* ``periods_per_year`` is inferred from a DatetimeIndex when not given
  (252 business days, 52 weeks, 12 months, 4 quarters, 1 year).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, overload

import numpy as np
import pandas as pd

from rotationkit import _kernels
from rotationkit._frequency import period_start, resolve_periods_per_year
from rotationkit._inputs import (
    Panel,
    as_panel,
    check_choice,
    check_simple_returns,
    check_value_range,
    lazy_over_assets,
    require_datetime_index,
    row_on_or_before,
    to_timestamp,
    wrap_like,
    wrap_reduced,
    wrap_table,
)
from rotationkit.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rotationkit._typing import (
        Array1D,
        ArrayLike1D,
        ArrayLike2D,
        FloatArray,
        Period,
        ReturnMethod,
    )

__all__ = [
    "PERFORMANCE_COLUMNS",
    "annualized_return",
    "annualized_volatility",
    "performance_table",
    "period_return",
    "period_to_date",
    "to_prices",
    "to_returns",
]

_RETURN_METHODS: tuple[ReturnMethod, ...] = ("simple", "log")
_PERIODS: tuple[Period, ...] = ("YTD", "QTD", "MTD", "WTD")

PERFORMANCE_COLUMNS: tuple[str, ...] = (
    "1D",
    "WTD",
    "MTD",
    "QTD",
    "YTD",
    "1Y",
    "3Y",
    "5Y",
)
"""Columns of :func:`performance_table`, in order."""

_TRAILING_YEARS = {"1Y": 1, "3Y": 3, "5Y": 5}


# --------------------------------------------------------------------------
# prices <-> returns
# --------------------------------------------------------------------------


@overload
def to_returns(prices: pd.DataFrame, *, method: ReturnMethod = ...) -> pd.DataFrame: ...
@overload
def to_returns(
    prices: pd.Series[float], *, method: ReturnMethod = ...
) -> pd.Series[float]: ...
@overload
def to_returns(
    prices: ArrayLike1D | ArrayLike2D, *, method: ReturnMethod = ...
) -> FloatArray: ...
@lazy_over_assets("drop_first")
def to_returns(prices: Any, *, method: ReturnMethod = "simple") -> Any:
    r"""Compute period returns from prices.

    The first period has no previous price, so the result has one row fewer
    than ``prices`` and starts at the second label.

    Parameters
    ----------
    prices : Series, DataFrame or array-like of float
        Strictly positive prices of one asset (1-D) or several assets
        (periods x assets), oldest first.
    method : {"simple", "log"}, default "simple"
        ``"simple"`` gives :math:`P_t / P_{t-1} - 1`, ``"log"`` gives
        :math:`\ln(P_t / P_{t-1})`.

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        Returns with the type, names and labels of ``prices`` minus its first
        row. A missing price makes the return into and out of that period NaN.

    Raises
    ------
    InputError
        If ``prices`` is empty, not numeric, infinite, not strictly positive,
        or has unsorted or duplicated time labels.
    ValueError
        If ``method`` is unknown.

    See Also
    --------
    to_prices : The inverse: compound returns back into a price line.

    Notes
    -----
    .. math::

        r_t = \frac{P_t}{P_{t-1}} - 1 \quad\text{(simple)}, \qquad
        \ell_t = \ln\frac{P_t}{P_{t-1}} \quad\text{(log)}

    Missing prices are not filled: a return needs both closes.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2026-01-05", periods=3, freq="B")
    >>> prices = pd.Series([100.0, 102.0, 99.96], index=idx, name="small")
    >>> rk.to_returns(prices)
    2026-01-06    0.02
    2026-01-07   -0.02
    Freq: B, Name: small, dtype: float64
    """
    method = check_choice(method, "method", _RETURN_METHODS)
    if method == "log":
        panel = as_panel(prices, "prices", positive=True)
        returns = _kernels.log_returns(panel.values)
    else:
        # The prices are checked in the pass that forms the returns.
        panel = as_panel(prices, "prices", positive=True, check_values=False)
        returns, clean = _kernels.checked_simple_returns(panel.values)
        if not clean:
            check_value_range(panel, positive=True)
    index = None if panel.index is None else panel.index[1:]
    return wrap_like(returns, panel, index=index)


@overload
def to_prices(
    returns: pd.DataFrame, *, base: float = ..., method: ReturnMethod = ...
) -> pd.DataFrame: ...
@overload
def to_prices(
    returns: pd.Series[float], *, base: float = ..., method: ReturnMethod = ...
) -> pd.Series[float]: ...
@overload
def to_prices(
    returns: ArrayLike1D | ArrayLike2D,
    *,
    base: float = ...,
    method: ReturnMethod = ...,
) -> FloatArray: ...
@lazy_over_assets("like")
def to_prices(
    returns: Any, *, base: float = 1.0, method: ReturnMethod = "simple"
) -> Any:
    r"""Compound returns into a price (wealth) line.

    ``base`` is the level *before* the first return, so the first value is
    ``base * (1 + r_1)``. The base date itself has no label in ``returns`` and
    is not part of the result: ``to_prices(to_returns(p))`` equals
    ``p.iloc[1:] / p.iloc[0]``.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Period returns of one asset (1-D) or several assets (periods x assets).
    base : float, default 1.0
        Level before the first return.
    method : {"simple", "log"}, default "simple"
        How ``returns`` were computed (see :func:`to_returns`).

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        Levels with the type, names and labels of ``returns``.

    Raises
    ------
    InputError
        If ``returns`` is empty, not numeric or infinite, if a simple return
        is below -1 (a loss of more than everything), or if the compounded
        level overflows the range of floating-point numbers.
    ValueError
        If ``method`` is unknown or ``base`` is not a positive number.

    See Also
    --------
    to_returns : Returns from prices.

    Notes
    -----
    .. math::

        V_t = V_0 \prod_{s=1}^{t} (1 + r_s) \quad\text{(simple)}, \qquad
        V_t = V_0 \exp\Big(\sum_{s=1}^{t} \ell_s\Big) \quad\text{(log)}

    Each column starts at its first non-missing return (earlier rows stay
    NaN, as for an asset that listed later). A missing return after that makes
    the level NaN from there on: the level after an unknown return is unknown.
    Fill known-zero returns with ``fillna(0)`` first if that is what you mean.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2026-01-06", periods=2, freq="B")
    >>> rk.to_prices(pd.Series([0.10, -0.5], index=idx), base=100.0)
    2026-01-06    110.0
    2026-01-07     55.0
    Freq: B, dtype: float64
    """
    method = check_choice(method, "method", _RETURN_METHODS)
    if isinstance(base, bool) or not isinstance(base, (int, float, np.number)):
        msg = f"`base` must be a positive number, got {base!r}"
        raise TypeError(msg)
    if not np.isfinite(base) or base <= 0:
        msg = f"`base` must be a finite number greater than zero, got {base!r}"
        raise ValueError(msg)
    panel = as_panel(returns, "returns")
    if method == "simple":
        check_simple_returns(panel)
    with np.errstate(over="ignore"):
        levels = _kernels.compound_levels(
            panel.values, float(base), log=method == "log"
        )
    if np.isinf(levels).any():
        msg = (
            "`returns` compound to a level beyond the range of floating-point "
            f"numbers (about 1.8e308) from base={base!r}; check that they are "
            "returns (not percentages), or pass a smaller `base`"
        )
        raise InputError(msg)
    return wrap_like(levels, panel)


# --------------------------------------------------------------------------
# annualized statistics
# --------------------------------------------------------------------------


@overload
def annualized_return(
    returns: pd.DataFrame, *, periods_per_year: float | None = ...
) -> pd.Series[float]: ...
@overload
def annualized_return(
    returns: pd.Series[float] | Array1D | Sequence[float],
    *,
    periods_per_year: float | None = ...,
) -> float: ...
@overload
def annualized_return(
    returns: ArrayLike2D, *, periods_per_year: float | None = ...
) -> FloatArray: ...
@lazy_over_assets("reduced", name="annualized_return")
def annualized_return(returns: Any, *, periods_per_year: float | None = None) -> Any:
    r"""Compute the geometric (compound) annual growth rate of returns.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple period returns of one asset (1-D) or several (periods x assets).
    periods_per_year : float, optional
        Periods in a year (252 for business days, 12 for months). Inferred from
        a DatetimeIndex when not given.

    Returns
    -------
    float, Series or numpy.ndarray
        One figure per asset: a float for 1-D input, a Series indexed by the
        columns of a DataFrame, a 1-D array for a 2-D array. NaN for an asset
        with no valid return.

    Raises
    ------
    InputError
        For empty, non-numeric or infinite input, or a return below -1.
    FrequencyError
        If ``periods_per_year`` is not given and cannot be inferred.

    See Also
    --------
    annualized_volatility : Annualized standard deviation.
    to_prices : The compounded line behind this figure.

    Notes
    -----
    With :math:`n` valid (non-NaN) returns and :math:`P` periods per year,

    .. math:: R_\text{ann} = \Big(\prod_{t=1}^{n} (1 + r_t)\Big)^{P/n} - 1

    Missing returns are skipped: the figure describes the periods observed.
    On data without NaN this equals ``empyrical.annual_return``.

    Examples
    --------
    Two years of monthly returns of 1 % grow by :math:`1.01^{12} - 1` a year:

    >>> import rotationkit as rk
    >>> round(rk.annualized_return([0.01] * 24, periods_per_year=12), 6)
    0.126825
    """
    panel = as_panel(returns, "returns")
    check_simple_returns(panel)
    periods = resolve_periods_per_year(periods_per_year, panel)
    count = _kernels.nan_count(panel.values)
    log_growth = _kernels.total_log_growth(panel.values)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(count > 0, np.expm1(log_growth * periods / count), np.nan)
    return wrap_reduced(rate, panel, name="annualized_return")


@overload
def annualized_volatility(
    returns: pd.DataFrame, *, periods_per_year: float | None = ...
) -> pd.Series[float]: ...
@overload
def annualized_volatility(
    returns: pd.Series[float] | Array1D | Sequence[float],
    *,
    periods_per_year: float | None = ...,
) -> float: ...
@overload
def annualized_volatility(
    returns: ArrayLike2D, *, periods_per_year: float | None = ...
) -> FloatArray: ...
@lazy_over_assets("reduced", name="annualized_volatility")
def annualized_volatility(
    returns: Any, *, periods_per_year: float | None = None
) -> Any:
    r"""Compute the annualized standard deviation of returns.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Period returns of one asset (1-D) or several (periods x assets).
    periods_per_year : float, optional
        Periods in a year (252 for business days, 12 for months). Inferred from
        a DatetimeIndex when not given.

    Returns
    -------
    float, Series or numpy.ndarray
        One figure per asset (see :func:`annualized_return`). NaN for an asset
        with fewer than two valid returns.

    Raises
    ------
    InputError
        For empty, non-numeric or infinite input.
    FrequencyError
        If ``periods_per_year`` is not given and cannot be inferred.

    See Also
    --------
    annualized_return : Geometric annual growth rate.

    Notes
    -----
    The sample standard deviation (``ddof=1``) of the valid returns, scaled by
    the square root of time:

    .. math:: \sigma_\text{ann} = \sqrt{P}\,
        \sqrt{\frac{1}{n-1}\sum_{t=1}^{n} (r_t - \bar r)^2}

    Missing returns are skipped. This equals ``empyrical.annual_volatility``.

    Examples
    --------
    >>> import rotationkit as rk
    >>> round(rk.annualized_volatility([0.01, -0.01, 0.01, -0.01], periods_per_year=252), 6)
    0.183303
    """
    panel = as_panel(returns, "returns")
    periods = resolve_periods_per_year(periods_per_year, panel)
    _, std = _kernels.nan_mean_std(panel.values, ddof=1)
    return wrap_reduced(std * np.sqrt(periods), panel, name="annualized_volatility")


# --------------------------------------------------------------------------
# period returns
# --------------------------------------------------------------------------


def _returns_between(
    panel: Panel, base_rows: FloatArray | np.ndarray[Any, Any], end_row: int
) -> FloatArray:
    """Return ``close(end) / close(base) - 1`` per base row (rows) and asset (columns).

    Closes are the last valid prices at or before each row; a base row of -1
    (before the data) or an asset without a close gives NaN.
    """
    rows = np.append(np.asarray(base_rows, dtype=np.intp), end_row)
    positions = _kernels.last_valid_positions(panel.values, rows)
    columns = np.arange(panel.n_assets)
    closes = np.where(
        positions >= 0, panel.values[np.maximum(positions, 0), columns], np.nan
    )
    result: FloatArray = closes[-1] / closes[:-1] - 1.0
    return result


@overload
def period_return(
    prices: pd.DataFrame, start: object = ..., end: object = ...
) -> pd.Series[float]: ...
@overload
def period_return(
    prices: pd.Series[float] | Array1D | Sequence[float],
    start: object = ...,
    end: object = ...,
) -> float: ...
@overload
def period_return(
    prices: ArrayLike2D, start: object = ..., end: object = ...
) -> FloatArray: ...
@lazy_over_assets("reduced", name="period_return")
def period_return(prices: Any, start: object = None, end: object = None) -> Any:
    r"""Compute the return from the close on or before ``start`` to the close on or before ``end``.

    Parameters
    ----------
    prices : Series, DataFrame or array-like of float
        Strictly positive prices of one asset (1-D) or several (periods x
        assets).
    start : date-like or int, optional
        The base: the last close at or before this label is used. Defaults to
        the first row. For unlabelled arrays, a row position.
    end : date-like or int, optional
        The last close at or before this label ends the period. Defaults to
        the last row. For unlabelled arrays, a row position.

    Returns
    -------
    float, Series or numpy.ndarray
        One return per asset (a float for 1-D input, a Series indexed by the
        columns of a DataFrame). NaN for an asset without a close at or before
        ``start``.

    Raises
    ------
    InputError
        If ``start`` or ``end`` lies before the first label, if ``end`` comes
        before ``start``, or for bad ``prices``.
    AlignmentError
        If a time-zone aware date is given for naive data.

    See Also
    --------
    period_to_date : Year-, quarter-, month- or week-to-date returns.

    Notes
    -----
    .. math:: R = \frac{P_{\le \text{end}}}{P_{\le \text{start}}} - 1

    where :math:`P_{\le d}` is the last non-missing close of the asset at or
    before label :math:`d`. A naive date given for a time-zone aware index is
    read in the index's time zone.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.to_datetime(["2025-12-30", "2025-12-31", "2026-01-02", "2026-01-05"])
    >>> prices = pd.Series([98.0, 100.0, 103.0, 105.0], index=idx)
    >>> round(rk.period_return(prices, start="2025-12-31"), 4)
    0.05
    >>> round(rk.period_return(prices, start="2026-01-01", end="2026-01-03"), 4)
    0.03
    """
    panel = as_panel(prices, "prices", positive=True)
    start_row = 0 if start is None else row_on_or_before(panel, start, "start")
    end_row = (
        panel.n_periods - 1 if end is None else row_on_or_before(panel, end, "end")
    )
    for row, argname, value in ((start_row, "start", start), (end_row, "end", end)):
        if row < 0:
            msg = (
                f"`{argname}` ({value!r}) lies before the first label of `prices`; "
                "there is no close to measure from"
            )
            raise InputError(msg)
    if start_row > end_row:
        msg = f"`end` ({end!r}) comes before `start` ({start!r}); swap them"
        raise InputError(msg)
    result = _returns_between(panel, np.array([start_row]), end_row)[0]
    return wrap_reduced(result, panel, name="period_return")


def _resolve_asof(panel: Panel, asof: object) -> tuple[int, pd.Timestamp]:
    """Return the row of the last close at or before ``asof`` and the asof date."""
    index = require_datetime_index(panel, "calendar periods")
    if asof is None:
        return panel.n_periods - 1, index[-1]
    moment = to_timestamp(asof, index, "asof")
    row = int(index.searchsorted(moment, side="right")) - 1
    if row < 0:
        msg = (
            f"`asof` ({asof!r}) lies before the first date of `prices` "
            f"({index[0]}); pass a date inside the data"
        )
        raise InputError(msg)
    return row, moment


def _row_before(index: pd.DatetimeIndex, moment: pd.Timestamp) -> int:
    """Return the position of the last label strictly before ``moment`` (-1 if none)."""
    return int(index.searchsorted(moment, side="left")) - 1


@overload
def period_to_date(
    prices: pd.DataFrame, period: Period = ..., *, asof: object = ...
) -> pd.Series[float]: ...
@overload
def period_to_date(
    prices: pd.Series[float], period: Period = ..., *, asof: object = ...
) -> float: ...
@lazy_over_assets("reduced", name="{period}")
def period_to_date(prices: Any, period: Period = "YTD", *, asof: object = None) -> Any:
    r"""Compute the year-, quarter-, month- or week-to-date return.

    The base is the last close of the previous period found in the data (for
    YTD on 2 January 2026, the close of 31 December 2025); the end is the last
    close on or before ``asof``.

    Parameters
    ----------
    prices : Series or DataFrame
        Strictly positive prices indexed by dates (a DatetimeIndex, naive or
        time-zone aware).
    period : {"YTD", "QTD", "MTD", "WTD"}, default "YTD"
        Year, quarter, month or week (weeks start on Monday) to date.
    asof : date-like, optional
        The day the period runs to; defaults to the last date of the data,
        never the wall clock. A day without a close (a weekend or holiday)
        uses the last close before it. The calendar period is the one that
        contains ``asof`` itself.

    Returns
    -------
    float or Series
        A float for a Series, a Series indexed by the columns of a DataFrame.
        NaN for an asset without a close before the period started.

    Raises
    ------
    InputError
        If ``prices`` has no DatetimeIndex, or ``asof`` lies before the data.
    AlignmentError
        If a time-zone aware ``asof`` is given for naive data.
    ValueError
        If ``period`` is unknown.

    See Also
    --------
    period_return : Return between any two dates.
    performance_table : All the usual periods at once.

    Notes
    -----
    With :math:`s` the first calendar day of the period that contains
    ``asof``,

    .. math:: R = \frac{P_{\le \text{asof}}}{P_{< s}} - 1

    where :math:`P_{< s}` is the last non-missing close strictly before
    :math:`s`. A naive ``asof`` is read in the index's time zone.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.to_datetime(["2025-12-30", "2025-12-31", "2026-01-02", "2026-01-05"])
    >>> prices = pd.Series([98.0, 100.0, 103.0, 105.0], index=idx)
    >>> round(rk.period_to_date(prices, "YTD"), 4)
    0.05
    >>> round(rk.period_to_date(prices, "YTD", asof="2026-01-03"), 4)
    0.03
    """
    period = check_choice(period, "period", _PERIODS)
    panel = as_panel(prices, "prices", positive=True)
    end_row, moment = _resolve_asof(panel, asof)
    index = require_datetime_index(panel, "period_to_date")
    base_row = _row_before(index, period_start(moment, period))
    result = _returns_between(panel, np.array([base_row]), end_row)[0]
    return wrap_reduced(result, panel, name=period)


def performance_table(
    prices: pd.Series[float] | pd.DataFrame, *, asof: object = None
) -> pd.DataFrame:
    r"""Tabulate the usual trailing and period-to-date returns of each asset.

    Parameters
    ----------
    prices : Series or DataFrame
        Strictly positive prices indexed by dates (a DatetimeIndex).
    asof : date-like, optional
        The day the table is for; defaults to the last date of the data. A
        day without a close uses the last close before it.

    Returns
    -------
    DataFrame
        One row per asset (the Series name, or ``"asset"``, for a Series) and
        the columns of :data:`PERFORMANCE_COLUMNS`:

        ``1D``
            since the previous row of the data;
        ``WTD``, ``MTD``, ``QTD``, ``YTD``
            as :func:`period_to_date`;
        ``1Y``, ``3Y``, ``5Y``
            cumulative (not annualized) return since the last close on or
            before the same calendar day one, three and five years earlier.

        Values are fractions (0.05 is 5 %). NaN where the data do not reach
        back far enough.

    Raises
    ------
    InputError
        If ``prices`` has no DatetimeIndex, or ``asof`` lies before the data.

    See Also
    --------
    period_to_date : One period-to-date return.
    period_return : Return between any two dates.

    Notes
    -----
    Each entry is :math:`P_{\le \text{asof}} / P_\text{base} - 1` with the
    base close of each column as described above; see :func:`period_to_date`
    for the calendar periods.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.to_datetime(["2025-01-02", "2025-12-31", "2026-01-02", "2026-01-05"])
    >>> prices = pd.DataFrame({"small": [80.0, 100.0, 103.0, 105.0],
    ...                        "large": [90.0, 100.0, 99.0, 101.0]}, index=idx)
    >>> rk.performance_table(prices).round(4)
               1D     WTD   MTD   QTD   YTD      1Y  3Y  5Y
    small  0.0194  0.0194  0.05  0.05  0.05  0.3125 NaN NaN
    large  0.0202  0.0202  0.01  0.01  0.01  0.1222 NaN NaN
    """
    panel = as_panel(prices, "prices", positive=True)
    end_row, moment = _resolve_asof(panel, asof)
    index = require_datetime_index(panel, "performance_table")
    base_rows = np.empty(len(PERFORMANCE_COLUMNS), dtype=np.intp)
    for position, column in enumerate(PERFORMANCE_COLUMNS):
        base_rows[position] = _base_row(index, column, end_row, moment)
    table: pd.DataFrame = wrap_table(
        _returns_between(panel, base_rows, end_row).T, panel, PERFORMANCE_COLUMNS
    )
    return table


def _base_row(
    index: pd.DatetimeIndex, column: str, end_row: int, moment: pd.Timestamp
) -> int:
    """Return the row whose close is the base of ``column`` of the performance table."""
    if column == "1D":
        return end_row - 1
    if column in _TRAILING_YEARS:
        earlier = moment - pd.DateOffset(years=_TRAILING_YEARS[column])
        return int(index.searchsorted(earlier, side="right")) - 1
    period = check_choice(column, "column", _PERIODS)
    return _row_before(index, period_start(moment, period))
