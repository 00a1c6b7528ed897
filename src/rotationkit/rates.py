r"""Rate sensitivity, policy-rate regimes and event studies.

Small companies borrow more at floating rates than large ones, so a change in
policy rates reaches their earnings sooner. This module measures that from
market data (how returns move with yields), translates a policy-rate move into
interest expense and earnings, labels the policy cycle, and measures how
segments behaved around rate decisions.

Conventions
-----------
* Yields carry explicit units, ``yield_units``: ``"percent"`` (4.26),
  ``"decimal"`` (0.0426) or ``"bp"`` (426). When the values look like other
  units than declared, a :class:`~rotationkit.errors.YieldUnitsWarning` says
  so; nothing is rescaled by guessing.
* A rate beta is the return per **+100 bp** (one percentage point) of yield
  change. An asset that gains when yields fall has a negative beta.
* Yields are read on the dates of ``returns``. A yield change is the
  difference between the yields of two consecutive dates of ``returns``:
  dates of ``yields`` that ``returns`` lacks (a bond-market session on a
  stock-market holiday) are ignored, and a date of ``returns`` without a yield
  (a bond-market holiday) has no yield change, nor has the date after it.
  Such periods are dropped from the regression and counted, never filled.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

import numpy as np
import pandas as pd

from rotationkit import _kernels
from rotationkit._inputs import (
    Panel,
    as_cross_section,
    as_panel,
    asset_index,
    check_choice,
    check_min_periods,
    check_simple_returns,
    check_value_range,
    check_values_now,
    check_window,
    company_index,
    event_rows,
    labels_at,
    lazy_over_assets,
    match_cross_section,
    panel_and_benchmark,
    read_on_rows_of,
    require_datetime_index,
    rescale_yields,
    table_result,
    values_error_first,
    wrap_cross_section,
    wrap_event_paths,
    wrap_events,
    wrap_like,
    wrap_per_asset,
    wrap_periods,
    wrap_reduced,
)
from rotationkit.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    import numpy.typing as npt

    from rotationkit._inputs import YieldUnits
    from rotationkit._typing import Array1D, ArrayLike1D, ArrayLike2D, FloatArray

__all__ = [
    "REGIMES",
    "CountT",
    "EventStudy",
    "FloatingRateSensitivity",
    "RateBeta",
    "ValueT",
    "empirical_duration",
    "event_study",
    "floating_rate_sensitivity",
    "rate_beta",
    "rate_regimes",
    "relative_rate_beta",
    "rolling_rate_beta",
]

ValueT = TypeVar("ValueT")
"""Type of the per-asset statistics of a result.

``float`` for one asset, a pandas Series for labelled assets (a DataFrame),
a numpy array for a 2-D array.

Examples
--------
>>> import rotationkit as rk
>>> type(rk.rate_beta([0.0, 0.01, -0.01, 0.02, 0.0], [4.0, 4.1, 4.0, 3.9, 4.0]).beta)
<class 'float'>
"""
CountT = TypeVar("CountT")
"""Type of the per-asset counts of a result.

``int`` for one asset, a pandas Series of int for labelled assets, a numpy
array for a 2-D array.

Examples
--------
>>> import rotationkit as rk
>>> type(rk.rate_beta([0.0, 0.01, -0.01, 0.02, 0.0], [4.0, 4.1, 4.0, 3.9, 4.0]).nobs)
<class 'int'>
"""

CumulativeMethod = Literal["sum", "compound"]
_CUMULATIVE: tuple[CumulativeMethod, ...] = ("sum", "compound")

REGIMES: tuple[str, ...] = ("cutting", "hold", "hiking")
"""The labels of :func:`rate_regimes`, in the order of their category codes."""

_BP_PER_UNIT = 10_000.0  # basis points in 1.00 (100 %)
_DEFAULT_HOLD_AFTER = "26W"  # about six months (182 days)


def _format_number(value: object) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


# --------------------------------------------------------------------------
# result objects
# --------------------------------------------------------------------------


def _column(value: object) -> np.ndarray[Any, np.dtype[Any]]:
    """Return a per-asset field as a 1-D array (a scalar gives one entry)."""
    if isinstance(value, pd.Series):
        return value.to_numpy()
    return np.atleast_1d(np.asarray(value))


@dataclass(frozen=True, slots=True, repr=False)
class RateBeta(Generic[ValueT, CountT]):
    """Sensitivity of returns to yield changes, with Newey-West errors.

    Returned by :func:`rate_beta` and :func:`relative_rate_beta`. For one
    asset (a Series or a 1-D array) the statistics are ``float`` and the
    counts ``int``; for a DataFrame (or another labelled panel) they are
    Series indexed by the asset labels; for a 2-D array, 1-D arrays.
    :meth:`to_frame` gives one row per asset in every case.

    Parameters
    ----------
    beta : float, Series or numpy.ndarray
        Return per +100 bp (one percentage point) of yield change.
    stderr : float, Series or numpy.ndarray
        Newey-West (HAC, Bartlett kernel) standard error of ``beta``.
    tstat : float, Series or numpy.ndarray
        ``beta / stderr``; NaN when ``stderr`` is zero (an exact fit, or a
        return that does not vary), never infinite.
    pvalue : float, Series or numpy.ndarray
        Two-sided p-value of ``tstat`` under the normal distribution.
    r2 : float, Series or numpy.ndarray
        Coefficient of determination of the regression.
    nobs : int, Series or numpy.ndarray
        Observations used (periods with both a return and a yield change).
    lags : int, Series or numpy.ndarray
        Truncation lag of the Newey-West estimator.
    missing_yield_changes : int
        Periods within the span of the yields that have no yield change
        (a missing yield on that date or the one before) and were dropped
        for every asset.
    assets : pandas.Index
        The asset labels, the rows of :meth:`to_frame`.

    See Also
    --------
    rate_beta : Build this object.
    relative_rate_beta : The same for the return over a benchmark.

    Examples
    --------
    >>> import rotationkit as rk
    >>> result = rk.rate_beta([0.0, 0.012, -0.018, 0.001, 0.009, -0.011],
    ...                       [4.0, 3.9, 4.1, 4.1, 4.0, 4.1])
    >>> round(result.beta, 3), result.nobs
    (-0.098, 5)
    """

    beta: ValueT
    stderr: ValueT
    tstat: ValueT
    pvalue: ValueT
    r2: ValueT
    nobs: CountT
    lags: CountT
    missing_yield_changes: int
    assets: pd.Index

    _STATISTICS = ("beta", "stderr", "tstat", "pvalue", "r2", "nobs", "lags")

    def to_frame(self) -> pd.DataFrame:
        """Return the statistics as a table with one row per asset.

        Returns
        -------
        DataFrame
            Indexed by ``assets``, with the columns ``beta``, ``stderr``,
            ``tstat``, ``pvalue``, ``r2``, ``nobs`` and ``lags``.

        Examples
        --------
        >>> import rotationkit as rk
        >>> result = rk.rate_beta([0.0, 0.012, -0.018, 0.001, 0.009, -0.011],
        ...                       [4.0, 3.9, 4.1, 4.1, 4.0, 4.1])
        >>> list(result.to_frame().columns)
        ['beta', 'stderr', 'tstat', 'pvalue', 'r2', 'nobs', 'lags']
        """
        data = {name: _column(getattr(self, name)) for name in self._STATISTICS}
        frame: pd.DataFrame = pd.DataFrame(data, index=self.assets)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary.

        Returns
        -------
        dict
            One entry per field, in the order of the class, values as stored.

        Examples
        --------
        >>> import rotationkit as rk
        >>> result = rk.rate_beta([0.0, 0.012, -0.018, 0.001, 0.009, -0.011],
        ...                       [4.0, 3.9, 4.1, 4.1, 4.0, 4.1])
        >>> result.to_dict()["nobs"]
        5
        """
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def __repr__(self) -> str:
        if isinstance(self.beta, float):
            parts = ", ".join(
                f"{name}={_format_number(getattr(self, name))}"
                for name in (*self._STATISTICS, "missing_yield_changes")
            )
            return f"RateBeta({parts})"
        table = self.to_frame().to_string(max_rows=12)
        return (
            f"RateBeta: {len(self.assets)} assets, beta per +100 bp; "
            f"{self.missing_yield_changes} periods without a yield change dropped\n"
            f"{table}"
        )


@dataclass(frozen=True, slots=True, repr=False)
class FloatingRateSensitivity(Generic[ValueT]):
    """Interest-expense and earnings effect of a policy-rate move.

    Returned by :func:`floating_rate_sensitivity`. Per-company fields have
    the type of ``debt``: ``float`` for a number, a Series for a Series, a
    1-D array for an array.

    Parameters
    ----------
    interest_change : float, Series or numpy.ndarray
        Change in annual interest expense, in the currency of ``debt``
        (negative: the company pays less).
    earnings_impact : float, Series or numpy.ndarray
        Change in annual after-tax earnings, in the currency of ``debt``.
    earnings_change : float, Series, numpy.ndarray or None
        ``earnings_impact / earnings`` (0.05 is +5 %); NaN where earnings are
        not positive; ``None`` without ``earnings``.
    total_interest_change : float
        Sum of ``interest_change`` over the companies.
    total_earnings_impact : float
        Sum of ``earnings_impact`` over the companies.
    index_earnings_change : float or None
        Sum of the earnings impacts over the sum of earnings, the figure for
        an index of these companies; ``None`` without ``earnings``.
    rate_change_bp : float
        The rate move, in basis points.
    companies : pandas.Index
        The company labels, the rows of :meth:`to_frame`.

    See Also
    --------
    floating_rate_sensitivity : Build this object.

    Examples
    --------
    >>> import rotationkit as rk
    >>> effect = rk.floating_rate_sensitivity(
    ...     [1000.0, 500.0], [0.5, 0.2], -75, earnings=[50.0, 40.0], tax_rate=0.21
    ... )
    >>> effect.total_interest_change, round(effect.index_earnings_change, 4)
    (-4.5, 0.0395)
    """

    interest_change: ValueT
    earnings_impact: ValueT
    earnings_change: ValueT | None
    total_interest_change: float
    total_earnings_impact: float
    index_earnings_change: float | None
    rate_change_bp: float
    companies: pd.Index

    def to_frame(self) -> pd.DataFrame:
        """Return the per-company figures as a table.

        Returns
        -------
        DataFrame
            Indexed by ``companies``, with the columns
            ``interest_change``, ``earnings_impact`` and, when earnings were
            given, ``earnings_change``.

        Examples
        --------
        >>> import rotationkit as rk
        >>> effect = rk.floating_rate_sensitivity([1000.0, 500.0], [0.5, 0.2], -75)
        >>> effect.to_frame()
                 interest_change  earnings_impact
        company
        0                  -3.75             3.75
        1                  -0.75             0.75
        """
        data = {
            "interest_change": _column(self.interest_change),
            "earnings_impact": _column(self.earnings_impact),
        }
        if self.earnings_change is not None:
            data["earnings_change"] = _column(self.earnings_change)
        frame: pd.DataFrame = pd.DataFrame(data, index=self.companies)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary.

        Returns
        -------
        dict
            One entry per field, in the order of the class, values as stored.

        Examples
        --------
        >>> import rotationkit as rk
        >>> rk.floating_rate_sensitivity(100.0, 0.5, -50).to_dict()["interest_change"]
        -0.25
        """
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def __repr__(self) -> str:
        head = (
            f"FloatingRateSensitivity({self.rate_change_bp:+g} bp, "
            f"{len(self.companies)} companies): total interest change "
            f"{self.total_interest_change:.6g}, after-tax earnings impact "
            f"{self.total_earnings_impact:.6g}"
        )
        if self.index_earnings_change is not None:
            head += f", index earnings change {self.index_earnings_change:.4%}"
        if len(self.companies) == 1:
            return head
        return f"{head}\n{self.to_frame().to_string(max_rows=12)}"


@dataclass(frozen=True, slots=True, repr=False)
class EventStudy(Generic[ValueT, CountT]):
    """Cumulative returns around events, averaged over events.

    Returned by :func:`event_study`. For one asset ``mean`` and ``tstat``
    are Series and ``n_events`` an ``int``; for several assets they are
    DataFrames (one column per asset) and a Series. The index is the period
    relative to the event (0 is the event's period).

    Parameters
    ----------
    mean : Series or DataFrame
        Mean cumulative (excess) return path over the counted events.
    tstat : Series or DataFrame
        ``mean / (std / sqrt(n))`` with the sample standard deviation of the
        paths across events.
    n_events : int or Series
        Events counted per asset: a full window inside the data and no
        missing return in it.
    paths : DataFrame
        The path of every event with a full window, one column per event
        (columns ``(asset, event)`` for several assets).
    events : DataFrame
        One row per event as given: ``event``, the period it was snapped to
        (``date``, missing when the event lies outside the data) and
        ``complete`` (whether its full window lies inside the data).
    window : tuple of int
        First and last period of the window, relative to the event.
    cumulative : {"sum", "compound"}
        How returns were cumulated.
    excess : bool
        Whether a benchmark's path was subtracted.

    See Also
    --------
    event_study : Build this object.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=8)
    >>> returns = pd.Series([0.0, 0.01, 0.02, -0.01, 0.0, 0.01, 0.03, 0.0], index=idx)
    >>> study = rk.event_study(returns, ["2026-01-07", "2026-01-12"], window=(-1, 1))
    >>> study.n_events, study.window
    (2, (-1, 1))
    """

    mean: ValueT
    tstat: ValueT
    n_events: CountT
    paths: pd.DataFrame
    events: pd.DataFrame
    window: tuple[int, int]
    cumulative: CumulativeMethod
    excess: bool

    @property
    def incomplete(self) -> pd.DataFrame:
        """The rows of ``events`` without a full window inside the data.

        Examples
        --------
        >>> import pandas as pd
        >>> import rotationkit as rk
        >>> idx = pd.bdate_range("2026-01-05", periods=8)
        >>> returns = pd.Series([0.0, 0.01, 0.02, -0.01, 0.0, 0.01, 0.03, 0.0], index=idx)
        >>> rk.event_study(returns, ["2026-01-07", "2026-01-14"], window=(-1, 1)).incomplete
               event       date  complete
        1 2026-01-14 2026-01-14     False
        """
        subset: pd.DataFrame = self.events.loc[~self.events["complete"]]
        return subset

    def to_frame(self) -> pd.DataFrame:
        """Return the statistics by relative period.

        Returns
        -------
        DataFrame
            Indexed by the relative period. One asset gives the columns
            ``mean``, ``tstat`` and ``n_events``; several give columns
            ``(statistic, asset)``.

        Examples
        --------
        >>> import pandas as pd
        >>> import rotationkit as rk
        >>> idx = pd.bdate_range("2026-01-05", periods=8)
        >>> returns = pd.Series([0.0, 0.01, 0.02, -0.01, 0.0, 0.01, 0.03, 0.0], index=idx)
        >>> rk.event_study(returns, ["2026-01-07", "2026-01-12"], window=(-1, 1)).to_frame()
                 mean  tstat  n_events
        period
        -1      0.005    1.0         2
         0      0.020    2.0         2
         1      0.030    3.0         2
        """
        mean, tstat = self.mean, self.tstat
        if isinstance(mean, pd.Series) and isinstance(tstat, pd.Series):
            single: pd.DataFrame = pd.DataFrame(
                {"mean": mean, "tstat": tstat, "n_events": self.n_events}
            )
            return single
        if not (isinstance(mean, pd.DataFrame) and isinstance(tstat, pd.DataFrame)):
            msg = "EventStudy.mean and .tstat must both be Series or DataFrames"
            raise TypeError(msg)
        counts: pd.DataFrame = pd.DataFrame(
            np.broadcast_to(_column(self.n_events), mean.shape),
            index=mean.index,
            columns=mean.columns,
        )
        parts: dict[str, pd.DataFrame] = {
            "mean": mean,
            "tstat": tstat,
            "n_events": counts,
        }
        frame: pd.DataFrame = pd.concat(parts, axis=1)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary.

        Returns
        -------
        dict
            One entry per field, in the order of the class, values as stored.

        Examples
        --------
        >>> import rotationkit as rk
        >>> study = rk.event_study([0.01, 0.02, -0.01, 0.0], [1], window=(0, 1))
        >>> study.to_dict()["n_events"]
        1
        """
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def __repr__(self) -> str:
        what = "excess return" if self.excess else "return"
        missing = int((~self.events["complete"]).sum())
        return (
            f"EventStudy: {len(self.events)} events ({missing} without a full window), "
            f"periods {self.window[0]}..{self.window[1]}, cumulative {what} "
            f"({self.cumulative})\n{self.to_frame().to_string(max_rows=12)}"
        )


# --------------------------------------------------------------------------
# rate betas
# --------------------------------------------------------------------------


def _check_lags(lags: object) -> int | None:
    if lags is None:
        return None
    if isinstance(lags, bool) or not isinstance(lags, (int, np.integer)):
        msg = f"`lags` must be None or a whole number >= 0, got {lags!r}"
        raise TypeError(msg)
    if lags < 0:
        msg = f"`lags` must be None or a whole number >= 0, got {lags!r}"
        raise ValueError(msg)
    return int(lags)


def _yield_changes(
    returns: Panel, yields: object, yield_units: object, *, stacklevel: int
) -> tuple[FloatArray, int]:
    """Return the yield change (in percentage points) of each period of ``returns``.

    Also returns the number of periods inside the span of the yields (after
    the first date with a yield, up to the last) that have no yield change.
    ``stacklevel`` is the depth of the user's call, counted from here.
    """
    panel = as_panel(yields, "yields", one_dimensional=True)
    panel = rescale_yields(panel, yield_units, to="percent", stacklevel=stacklevel + 1)
    levels = read_on_rows_of(panel, returns)[:, 0]
    changes = np.full(levels.shape, np.nan)
    changes[1:] = levels[1:] - levels[:-1]
    known = np.flatnonzero(~np.isnan(levels))
    missing = 0
    if known.size:
        missing = int(np.isnan(changes[known[0] + 1 : known[-1] + 1]).sum())
    return changes, missing


def _hac_fit(
    template: Panel,
    values: FloatArray,
    changes: FloatArray,
    lags: int | None,
    *,
    checked: bool,
) -> _kernels.SlopeFit:
    """Regress each column of ``values`` on ``changes`` over the periods with a change.

    Without ``checked``, the returns of ``template`` are not yet searched for
    infinite values; ``values`` are those returns, or are formed from them
    cell by cell (so that a cell is infinite wherever a return is). When the
    fit reads every row but the first, its column sums vouch for them;
    otherwise the panel is searched before the fit.
    """
    keep = ~np.isnan(changes)
    every_change = bool(keep[1:].all())  # only the first period lacks one
    if every_change:  # no copy
        dependent, regressor = values[1:], changes[1:]
    else:
        dependent, regressor = values[keep], changes[keep]
    sums = None
    if not checked and every_change:
        sums, clean = _kernels.column_sums_if_finite(dependent)
        if not clean or _kernels.has_infinite(values[:1]):
            check_value_range(template, positive=False)
            # Nothing found: a sum overflowed. The fit forms the sums again,
            # with numpy's warning.
            sums = None
    elif not checked:
        check_values_now(template, positive=False)
    return _kernels.ols_slope_hac(dependent, regressor, lags, sums)


def _fit_rate_beta(
    template: Panel,
    values: FloatArray,
    changes: FloatArray,
    lags: int | None,
    missing: int,
    *,
    checked: bool = True,
) -> RateBeta[Any, Any]:
    """Regress each column of ``values`` on ``changes`` and wrap the result.

    ``checked`` is as for :func:`_hac_fit`.
    """
    from scipy import special  # noqa: PLC0415

    fit = _hac_fit(template, values, changes, lags, checked=checked)
    with np.errstate(invalid="ignore", divide="ignore"):
        # No error to divide by (an exact fit, a constant return): no t-stat.
        tstat = np.where(fit.stderr > 0.0, fit.beta / fit.stderr, np.nan)
    pvalue = 2.0 * special.ndtr(-np.abs(tstat))
    return RateBeta(
        beta=wrap_per_asset(fit.beta, template, name="beta"),
        stderr=wrap_per_asset(fit.stderr, template, name="stderr"),
        tstat=wrap_per_asset(tstat, template, name="tstat"),
        pvalue=wrap_per_asset(pvalue, template, name="pvalue"),
        r2=wrap_per_asset(fit.r2, template, name="r2"),
        nobs=wrap_per_asset(fit.nobs, template, name="nobs"),
        lags=wrap_per_asset(fit.lags, template, name="lags"),
        missing_yield_changes=missing,
        assets=asset_index(template),
    )


@overload
def rate_beta(
    returns: pd.DataFrame,
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    *,
    yield_units: YieldUnits = ...,
    lags: int | None = ...,
) -> RateBeta[pd.Series[float], pd.Series[int]]: ...
@overload
def rate_beta(
    returns: pd.Series[float] | Array1D | Sequence[float],
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    *,
    yield_units: YieldUnits = ...,
    lags: int | None = ...,
) -> RateBeta[float, int]: ...
@overload
def rate_beta(
    returns: ArrayLike2D,
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    *,
    yield_units: YieldUnits = ...,
    lags: int | None = ...,
) -> RateBeta[FloatArray, npt.NDArray[np.intp]]: ...
def rate_beta(
    returns: Any,
    yields: Any,
    *,
    yield_units: YieldUnits = "percent",
    lags: int | None = None,
) -> RateBeta[Any, Any]:
    r"""Estimate the sensitivity of returns to yield changes (rate beta).

    Each asset's returns are regressed on the change in the yield level,
    with an intercept, by ordinary least squares. The standard error is
    Newey-West's heteroskedasticity- and autocorrelation-consistent (HAC)
    estimate. The function differences the yields itself: pass yield
    *levels*, not changes.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple period returns of one asset (1-D) or several (periods x
        assets).
    yields : Series or array-like of float
        Yield levels (one series, for example the 10-year Treasury yield),
        quoted in ``yield_units``.
    yield_units : {"percent", "decimal", "bp"}, default "percent"
        How ``yields`` are quoted: 4.26, 0.0426 or 426 for 4.26 %.
    lags : int, optional
        Truncation lag of the Newey-West estimator (0 gives White's
        heteroskedasticity-robust error). By default
        :math:`\lfloor 4 (n/100)^{2/9} \rfloor` for ``n`` observations of
        each asset.

    Returns
    -------
    RateBeta
        ``beta`` (per +100 bp of yield), ``stderr``, ``tstat``, ``pvalue``,
        ``r2``, ``nobs``, ``lags`` and ``missing_yield_changes``: floats and
        ints for one asset, Series indexed by the columns of a DataFrame,
        1-D arrays for a 2-D array. ``to_frame()`` gives one row per asset.
        Statistics are NaN for an asset with fewer than three observations or
        when the yield does not change.

    Raises
    ------
    InputError
        For empty, non-numeric or infinite input, or ``yields`` with several
        columns.
    AlignmentError
        If unlabelled inputs differ in length, or labelled ones share no date
        or differ in time zone.
    ValueError
        If ``yield_units`` is unknown or ``lags`` is negative.

    Warns
    -----
    YieldUnitsWarning
        If the yields look like other units than ``yield_units``.

    See Also
    --------
    empirical_duration : The same slope in the sign and units of bond duration.
    relative_rate_beta : Rate beta of the return over a benchmark.
    rolling_rate_beta : Rate beta over a moving window.

    Notes
    -----
    With :math:`\Delta y_t` the yield change in percentage points, the
    regression per asset is

    .. math:: r_t = \alpha + \beta\,\Delta y_t + \varepsilon_t,

    so :math:`\beta` is the return per +100 bp. With
    :math:`h_t = (\Delta y_t - \overline{\Delta y})\,\hat\varepsilon_t`,
    :math:`\hat\gamma_l = \sum_t h_t h_{t-l}`, Bartlett weights
    :math:`w_l = 1 - l/(L+1)` and
    :math:`S_{xx} = \sum_t (\Delta y_t - \overline{\Delta y})^2`,

    .. math:: \operatorname{se}(\hat\beta) = \frac{1}{S_{xx}}
        \sqrt{\hat\gamma_0 + 2\sum_{l=1}^{L} w_l\,\hat\gamma_l},

    without small-sample correction; :math:`t = \hat\beta/\operatorname{se}`
    and the p-value uses the normal distribution. This equals
    ``statsmodels`` ``OLS(r, add_constant(dy)).fit(cov_type="HAC",
    cov_kwds={"maxlags": L})``.

    Periods without a yield change (see the module notes) are dropped and
    counted in ``missing_yield_changes``; a missing return drops the period
    for that asset only. The remaining observations are taken as
    consecutive, as when ``statsmodels`` drops missing rows. The first
    period never has a yield change.

    References
    ----------
    .. [1] Newey, W. K. and West, K. D. (1987). "A Simple, Positive
       Semi-Definite, Heteroskedasticity and Autocorrelation Consistent
       Covariance Matrix." *Econometrica*, 55(3), 703-708.
    .. [2] Newey, W. K. and West, K. D. (1994). "Automatic Lag Selection in
       Covariance Matrix Estimation." *Review of Economic Studies*, 61(4),
       631-653.

    Examples
    --------
    An asset that loses 2 % for every +100 bp, plus noise:

    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=8)
    >>> ten_year = pd.Series([4.10, 4.15, 4.05, 4.00, 4.12, 4.20, 4.18, 4.08], index=idx)
    >>> noise = [0.0, 0.001, -0.001, 0.0005, 0.0, -0.0005, 0.001, 0.0]
    >>> returns = -0.02 * ten_year.diff().fillna(0.0) + noise
    >>> result = rk.rate_beta(returns, ten_year)
    >>> round(result.beta, 4), result.nobs, result.lags
    (-0.0185, 7, 2)
    """
    lags = _check_lags(lags)
    # The returns are searched for infinite values by the fit's own column
    # sums (no pass of their own), unless the yields fail first.
    panel = as_panel(returns, "returns", check_values=False)
    changes, missing = values_error_first(
        panel, lambda: _yield_changes(panel, yields, yield_units, stacklevel=3)
    )
    return _fit_rate_beta(panel, panel.values, changes, lags, missing, checked=False)


@overload
def relative_rate_beta(
    returns: pd.DataFrame,
    benchmark: pd.Series[float] | ArrayLike1D,
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    *,
    yield_units: YieldUnits = ...,
    lags: int | None = ...,
) -> RateBeta[pd.Series[float], pd.Series[int]]: ...
@overload
def relative_rate_beta(
    returns: pd.Series[float] | Array1D | Sequence[float],
    benchmark: pd.Series[float] | ArrayLike1D,
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    *,
    yield_units: YieldUnits = ...,
    lags: int | None = ...,
) -> RateBeta[float, int]: ...
@overload
def relative_rate_beta(
    returns: ArrayLike2D,
    benchmark: pd.Series[float] | ArrayLike1D,
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    *,
    yield_units: YieldUnits = ...,
    lags: int | None = ...,
) -> RateBeta[FloatArray, npt.NDArray[np.intp]]: ...
def relative_rate_beta(
    returns: Any,
    benchmark: Any,
    yields: Any,
    *,
    yield_units: YieldUnits = "percent",
    lags: int | None = None,
) -> RateBeta[Any, Any]:
    r"""Estimate the rate beta of the return over a benchmark.

    Answers "does the asset gain more than its benchmark when yields
    fall?": the excess return :math:`r_t - b_t` is regressed on the yield
    change, exactly as in :func:`rate_beta`. A negative beta means the asset
    beats the benchmark when yields fall.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple period returns of one asset (1-D) or several (periods x
        assets).
    benchmark : Series or array-like of float
        Simple period returns of the benchmark, broadcast across the columns
        of ``returns``.
    yields : Series or array-like of float
        Yield levels quoted in ``yield_units``.
    yield_units : {"percent", "decimal", "bp"}, default "percent"
        How ``yields`` are quoted.
    lags : int, optional
        Newey-West truncation lag; see :func:`rate_beta`.

    Returns
    -------
    RateBeta
        As :func:`rate_beta`, for the excess return.

    Raises
    ------
    InputError
        For bad ``returns``, ``benchmark`` or ``yields``.
    AlignmentError
        If the inputs cannot be matched period by period.
    ValueError
        If ``yield_units`` is unknown or ``lags`` is negative.

    Warns
    -----
    YieldUnitsWarning
        If the yields look like other units than ``yield_units``.

    See Also
    --------
    rate_beta : The rate beta of the return itself.

    Notes
    -----
    ``returns`` and ``benchmark`` are first aligned on their dates (inner
    join); then, per asset,

    .. math:: r_t - b_t = \alpha + \beta\,\Delta y_t + \varepsilon_t,

    with the Newey-West error of :func:`rate_beta`. Since OLS is linear,
    :math:`\beta` equals the asset's rate beta minus the benchmark's on the
    same periods.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=6)
    >>> ten_year = pd.Series([4.10, 4.15, 4.05, 4.00, 4.12, 4.20], index=idx)
    >>> change = ten_year.diff().fillna(0.0)
    >>> small = -0.03 * change + pd.Series([0, 1, -1, 2, 0, -1], index=idx) * 1e-3
    >>> large = -0.01 * change
    >>> round(rk.relative_rate_beta(small, large, ten_year).beta, 4)
    -0.0215
    """
    lags = _check_lags(lags)
    # As in rate_beta(): the fit's column sums of the excess returns, which
    # are infinite where the returns are (the benchmark is searched at once),
    # stand for a search of the returns. A missing benchmark value would hide
    # an infinite return (inf - NaN is NaN): the returns are then searched now.
    panel, bench = panel_and_benchmark(returns, benchmark, check_values=False)
    checked = bool(np.isnan(bench.values).any())
    if checked:
        check_values_now(panel, positive=False)
    changes, missing = values_error_first(
        panel, lambda: _yield_changes(panel, yields, yield_units, stacklevel=3)
    )
    excess = panel.values - bench.values
    return _fit_rate_beta(panel, excess, changes, lags, missing, checked=checked)


@overload
def empirical_duration(
    returns: pd.DataFrame,
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    *,
    yield_units: YieldUnits = ...,
) -> pd.Series[float]: ...
@overload
def empirical_duration(
    returns: pd.Series[float] | Array1D | Sequence[float],
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    *,
    yield_units: YieldUnits = ...,
) -> float: ...
@overload
def empirical_duration(
    returns: ArrayLike2D,
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    *,
    yield_units: YieldUnits = ...,
) -> FloatArray: ...
@lazy_over_assets("reduced", name="empirical_duration", others=("yields",), join="left")
def empirical_duration(
    returns: Any, yields: Any, *, yield_units: YieldUnits = "percent"
) -> Any:
    r"""Estimate empirical duration: the price sensitivity to yields, as for a bond.

    Duration is minus the rate beta per 1.00 (100 percentage points) of
    yield change, so a positive duration means prices fall when yields
    rise, as for a bond: an asset that loses 5 % when yields rise by one
    percentage point has a duration of +5 (years, in bond terms).

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple period returns of one asset (1-D) or several (periods x
        assets).
    yields : Series or array-like of float
        Yield levels quoted in ``yield_units``.
    yield_units : {"percent", "decimal", "bp"}, default "percent"
        How ``yields`` are quoted.

    Returns
    -------
    float, Series or numpy.ndarray
        One duration per asset: a float for 1-D input, a Series indexed by
        the columns of a DataFrame, a 1-D array for a 2-D array.

    Raises
    ------
    InputError
        For bad ``returns`` or ``yields``.
    AlignmentError
        If the inputs cannot be matched period by period.
    ValueError
        If ``yield_units`` is unknown.

    Warns
    -----
    YieldUnitsWarning
        If the yields look like other units than ``yield_units``.

    See Also
    --------
    rate_beta : The same slope per +100 bp, with its standard error.

    Notes
    -----
    With :math:`\beta_{100}` the slope of :func:`rate_beta` (return per
    +100 bp, that is per 0.01 of yield),

    .. math:: D = -\frac{\beta_{100}}{0.01} = -100\,\beta_{100},
        \qquad r \approx -D\,\Delta y \quad (\Delta y \text{ in decimal}).

    A falling-rate beneficiary (negative :math:`\beta_{100}`) has a positive
    duration. Periods are handled as in :func:`rate_beta`.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=6)
    >>> ten_year = pd.Series([4.10, 4.15, 4.05, 4.00, 4.12, 4.20], index=idx)
    >>> returns = -0.05 * ten_year.diff().fillna(0.0)  # -5 % per +100 bp
    >>> round(rk.empirical_duration(returns, ten_year), 6)
    5.0
    """
    # As in rate_beta(): no copy of the rows, and no pass of its own over the
    # returns to search them for infinite values.
    panel = as_panel(returns, "returns", check_values=False)
    changes, _ = values_error_first(
        panel, lambda: _yield_changes(panel, yields, yield_units, stacklevel=3)
    )
    fit = _hac_fit(panel, panel.values, changes, 0, checked=False)
    duration = -100.0 * fit.beta
    return wrap_reduced(duration, panel, name="empirical_duration")


def _check_min_periods(min_periods: object, window: int) -> int:
    """Return ``min_periods`` (three quarters of ``window`` when None); a slope needs 2."""
    default = max(2, math.ceil(0.75 * window))
    return check_min_periods(min_periods, window, default=default, least=2)


@overload
def rolling_rate_beta(
    returns: pd.DataFrame,
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    window: int,
    *,
    yield_units: YieldUnits = ...,
    min_periods: int | None = ...,
) -> pd.DataFrame: ...
@overload
def rolling_rate_beta(
    returns: pd.Series[float],
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    window: int,
    *,
    yield_units: YieldUnits = ...,
    min_periods: int | None = ...,
) -> pd.Series[float]: ...
@overload
def rolling_rate_beta(
    returns: ArrayLike1D | ArrayLike2D,
    yields: pd.Series[float] | pd.DataFrame | ArrayLike1D,
    window: int,
    *,
    yield_units: YieldUnits = ...,
    min_periods: int | None = ...,
) -> FloatArray: ...
@lazy_over_assets("like", others=("yields",), join="left")
def rolling_rate_beta(
    returns: Any,
    yields: Any,
    window: int,
    *,
    yield_units: YieldUnits = "percent",
    min_periods: int | None = None,
) -> Any:
    r"""Compute the rate beta over a trailing window of periods.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple period returns of one asset (1-D) or several (periods x
        assets).
    yields : Series or array-like of float
        Yield levels quoted in ``yield_units``.
    window : int
        Number of periods (rows of ``returns``) in each window.
    yield_units : {"percent", "decimal", "bp"}, default "percent"
        How ``yields`` are quoted.
    min_periods : int, optional
        Fewest observations (periods with both a return and a yield change)
        a window needs; fewer give NaN. Defaults to three quarters of
        ``window`` (at least 2), so that the few periods a bond-market
        holiday removes do not blank the window out.

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        The beta per +100 bp at the end of each window, with the type, labels
        and names of ``returns``.

    Raises
    ------
    InputError
        For bad ``returns`` or ``yields``.
    AlignmentError
        If the inputs cannot be matched period by period.
    ValueError
        If ``window`` is not positive, ``min_periods`` is not between 2 and
        ``window``, or ``yield_units`` is unknown.

    Warns
    -----
    YieldUnitsWarning
        If the yields look like other units than ``yield_units``.

    See Also
    --------
    rate_beta : Over the whole sample, with its Newey-West error.

    Notes
    -----
    Over the observations :math:`t \in W` of the window that have both a
    return and a yield change,

    .. math:: \beta_W = \frac{\sum_{W} (\Delta y_t - \overline{\Delta y})
        (r_t - \bar r)}{\sum_{W} (\Delta y_t - \overline{\Delta y})^2},

    the OLS slope of :func:`rate_beta` on that window. NaN where the yield
    does not change over the window. Computed with the shifted rolling sums
    shared with :func:`rotationkit.rolling_beta`.

    Examples
    --------
    A window of three periods needs three yield changes by default; the first
    period has none, so the first full window ends on the fourth day:

    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=6)
    >>> ten_year = pd.Series([4.10, 4.15, 4.05, 4.00, 4.12, 4.20], index=idx)
    >>> returns = -0.02 * ten_year.diff().fillna(0.0)
    >>> rk.rolling_rate_beta(returns, ten_year, 3).round(6)
    2026-01-05     NaN
    2026-01-06     NaN
    2026-01-07     NaN
    2026-01-08   -0.02
    2026-01-09   -0.02
    2026-01-12   -0.02
    Freq: B, dtype: float64
    """
    window = check_window(window)
    min_periods = _check_min_periods(min_periods, window)
    panel = as_panel(returns, "returns")
    changes, _ = _yield_changes(panel, yields, yield_units, stacklevel=3)
    betas = _kernels.rolling_slope_or_correlation(
        panel.values, changes[:, np.newaxis], window, min_periods, correlation=False
    )
    return wrap_like(betas, panel)


# --------------------------------------------------------------------------
# floating-rate debt
# --------------------------------------------------------------------------


def _check_range(
    values: FloatArray,
    argname: str,
    low: float,
    high: float,
    *,
    high_open: bool = False,
) -> None:
    with np.errstate(invalid="ignore"):
        bad = (values < low) | ((values >= high) if high_open else (values > high))
    if bad.any():
        closing = ")" if high_open else "]"
        msg = (
            f"`{argname}` must lie in [{low:g}, {high:g}{closing}, "
            f"got {values[bad][0]!r}"
        )
        raise InputError(msg)


def _check_rate_change(rate_change_bp: object) -> float:
    if isinstance(rate_change_bp, bool) or not isinstance(
        rate_change_bp, (int, float, np.integer, np.floating)
    ):
        msg = (
            f"`rate_change_bp` must be a number of basis points, got {rate_change_bp!r}"
        )
        raise TypeError(msg)
    change = float(rate_change_bp)
    if not np.isfinite(change):
        msg = f"`rate_change_bp` must be finite, got {rate_change_bp!r}"
        raise ValueError(msg)
    return change


@overload
def floating_rate_sensitivity(
    debt: pd.Series[float],
    floating_share: float | pd.Series[float] | ArrayLike1D,
    rate_change_bp: float,
    *,
    earnings: float | pd.Series[float] | ArrayLike1D | None = ...,
    tax_rate: float | pd.Series[float] | ArrayLike1D = ...,
) -> FloatingRateSensitivity[pd.Series[float]]: ...
@overload
def floating_rate_sensitivity(
    debt: float,
    floating_share: float,
    rate_change_bp: float,
    *,
    earnings: float | None = ...,
    tax_rate: float = ...,
) -> FloatingRateSensitivity[float]: ...
@overload
def floating_rate_sensitivity(
    debt: ArrayLike1D,
    floating_share: float | pd.Series[float] | ArrayLike1D,
    rate_change_bp: float,
    *,
    earnings: float | pd.Series[float] | ArrayLike1D | None = ...,
    tax_rate: float | pd.Series[float] | ArrayLike1D = ...,
) -> FloatingRateSensitivity[FloatArray]: ...
def floating_rate_sensitivity(
    debt: Any,
    floating_share: Any,
    rate_change_bp: float,
    *,
    earnings: Any = None,
    tax_rate: Any = 0.0,
) -> FloatingRateSensitivity[Any]:
    r"""Translate a policy-rate move into interest expense and earnings.

    Floating-rate debt reprices with the policy rate, so a cut of
    ``rate_change_bp`` lowers annual interest expense by
    ``debt * floating_share * rate_change``. With ``earnings`` the saving is
    taken after tax and expressed as a change in earnings, per company and
    for the whole group as an index.

    Parameters
    ----------
    debt : float, Series or array-like of float
        Total debt of each company (or one number for one company), in any
        currency unit; not negative.
    floating_share : float, Series or array-like of float
        Share of the debt at floating rates, between 0 and 1; one number for
        all companies or one per company.
    rate_change_bp : float
        The policy-rate move in basis points (-75 for three 25 bp cuts).
    earnings : float, Series or array-like of float, optional
        Annual after-tax earnings (net income) of each company, in the
        currency of ``debt``.
    tax_rate : float, Series or array-like of float, default 0.0
        Tax rate on the interest saving, in [0, 1); one for all or one per
        company.

    Returns
    -------
    FloatingRateSensitivity
        ``interest_change``, ``earnings_impact`` and ``earnings_change`` per
        company (the type of ``debt``), and the totals
        ``total_interest_change``, ``total_earnings_impact`` and
        ``index_earnings_change``. ``to_frame()`` gives one row per company.

    Raises
    ------
    InputError
        For non-numeric, infinite or negative ``debt``, a ``floating_share``
        outside [0, 1] or a ``tax_rate`` outside [0, 1).
    AlignmentError
        If per-company inputs differ in length or (for Series) companies.
    TypeError
        If ``rate_change_bp`` is not a number.

    See Also
    --------
    rate_regimes : How many basis points the current cycle has moved.

    Notes
    -----
    With debt :math:`D_i`, floating share :math:`f_i`, rate move
    :math:`\Delta r` (in bp), tax rate :math:`\tau_i` and earnings
    :math:`E_i`,

    .. math::

        \Delta I_i = D_i\, f_i\, \frac{\Delta r}{10\,000}, \qquad
        \Delta E_i = -(1 - \tau_i)\,\Delta I_i, \qquad
        g_i = \frac{\Delta E_i}{E_i}, \qquad
        g_\text{index} = \frac{\sum_i \Delta E_i}{\sum_i E_i}.

    :math:`g_i` is NaN where :math:`E_i \le 0` (a change relative to a
    loss has no meaningful sign), and :math:`g_\text{index}` is NaN when
    :math:`\sum_i E_i \le 0`. The index figure includes loss-makers in both
    sums, like an aggregate multiple. The move is assumed to pass through
    in full for a year: hedges, rate floors and reset lags are not modelled.
    Missing values propagate into the totals.

    Examples
    --------
    Half of the debt floats, the Fed cuts by 75 bp, 21 % tax:

    >>> import rotationkit as rk
    >>> result = rk.floating_rate_sensitivity(
    ...     1_000.0, 0.5, -75, earnings=50.0, tax_rate=0.21
    ... )
    >>> result.interest_change, round(result.earnings_change, 5)
    (-3.75, 0.05925)
    """
    debt_cs = as_cross_section(debt, "debt")
    _check_range(debt_cs.values, "debt", 0.0, np.inf)
    share = match_cross_section(
        as_cross_section(floating_share, "floating_share"), debt_cs
    )
    _check_range(share, "floating_share", 0.0, 1.0)
    tax = match_cross_section(as_cross_section(tax_rate, "tax_rate"), debt_cs)
    _check_range(tax, "tax_rate", 0.0, 1.0, high_open=True)
    change = _check_rate_change(rate_change_bp)
    interest = debt_cs.values * share * (change / _BP_PER_UNIT)
    impact = -(1.0 - tax) * interest
    earnings_change: Any = None
    index_change: float | None = None
    if earnings is not None:
        profits = match_cross_section(as_cross_section(earnings, "earnings"), debt_cs)
        with np.errstate(invalid="ignore", divide="ignore"):
            relative = np.where(profits > 0.0, impact / profits, np.nan)
        earnings_change = wrap_cross_section(relative, debt_cs, name="earnings_change")
        total_profit = float(profits.sum())
        index_change = (
            float(impact.sum()) / total_profit if total_profit > 0.0 else math.nan
        )
    return FloatingRateSensitivity(
        interest_change=wrap_cross_section(interest, debt_cs, name="interest_change"),
        earnings_impact=wrap_cross_section(impact, debt_cs, name="earnings_impact"),
        earnings_change=earnings_change,
        total_interest_change=float(interest.sum()),
        total_earnings_impact=float(impact.sum()),
        index_earnings_change=index_change,
        rate_change_bp=change,
        companies=company_index(debt_cs),
    )


# --------------------------------------------------------------------------
# policy-rate regimes
# --------------------------------------------------------------------------


def _hold_rows(
    index: pd.DatetimeIndex,
    move_rows: npt.NDArray[np.intp],
    hold_after: object,
) -> npt.NDArray[np.intp]:
    """Return, per move, the first row on which a hold begins if no move follows."""
    if isinstance(hold_after, bool):
        msg = f"`hold_after` must be a number of periods or a time span, got {hold_after!r}"
        raise TypeError(msg)
    if isinstance(hold_after, (int, np.integer)):
        periods = check_window(hold_after, "hold_after")
        return move_rows + periods
    offset = _time_span(hold_after)
    ends = index[move_rows] + offset
    rows: npt.NDArray[np.intp] = index.searchsorted(ends, side="left").astype(np.intp)
    return rows


def _is_bare_number(text: str) -> bool:
    """Return whether ``text`` is a number without a unit (``"10"``)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def _time_span(hold_after: object) -> pd.Timedelta | pd.DateOffset:
    """Return ``hold_after`` as a positive Timedelta or DateOffset."""
    span: pd.Timedelta | pd.DateOffset
    if isinstance(hold_after, pd.DateOffset):
        span = hold_after
    elif isinstance(hold_after, (str, dt.timedelta, np.timedelta64)):
        try:
            parsed = pd.Timedelta(hold_after)
        except ValueError as exc:
            msg = (
                f"`hold_after` must be a time span such as '26W' or '182D' (or a "
                f"pandas.DateOffset, or a number of periods), got {hold_after!r}"
            )
            raise ValueError(msg) from exc
        if isinstance(hold_after, str) and _is_bare_number(hold_after):
            # pandas reads a bare number as nanoseconds: ask for a unit instead.
            msg = (
                f"`hold_after` needs a unit, such as '{hold_after.strip()}D' or "
                f"'{hold_after.strip()}W', or an int number of periods, got {hold_after!r}"
            )
            raise ValueError(msg)
        span = parsed
    else:
        msg = (
            "`hold_after` must be a number of periods, a time span such as '26W', "
            f"or a pandas.DateOffset, got {hold_after!r}"
        )
        raise TypeError(msg)
    reference = pd.Timestamp("2000-01-01")
    if not reference + span > reference:
        msg = f"`hold_after` must be a positive time span, got {hold_after!r}"
        raise ValueError(msg)
    return span


@table_result()
def rate_regimes(
    policy_rate: pd.Series[float] | pd.DataFrame,
    *,
    hold_after: int | str | pd.Timedelta | dt.timedelta | pd.DateOffset = (
        _DEFAULT_HOLD_AFTER
    ),
    rate_units: YieldUnits = "percent",
) -> pd.DataFrame:
    r"""Label each date as cutting, hiking or hold, with the current cycle.

    A move is any change of the policy rate (or target) from one
    observation to the next. A cycle is a run of moves in one direction; it
    ends with a move in the other direction (which starts a new cycle at
    once) or when ``hold_after`` passes without a move (a hold begins).

    Parameters
    ----------
    policy_rate : Series
        The policy rate or its target (for the Fed, the upper or lower bound
        of the target range), indexed by dates (a DatetimeIndex). Daily or
        meeting-by-meeting data both work. The effective rate, which drifts
        by a basis point or two from day to day, is not a target: every
        wiggle would count as a move.
    hold_after : int, str, Timedelta or DateOffset, default "26W"
        How long without a move ends a cycle: a time span (``"26W"``,
        ``"182D"``, ``pandas.DateOffset(months=6)``) or a number of
        observations (an int).
    rate_units : {"percent", "decimal", "bp"}, default "percent"
        How ``policy_rate`` is quoted.

    Returns
    -------
    DataFrame
        Indexed like ``policy_rate``, with the columns

        ``regime``
            ``"cutting"``, ``"hiking"`` or ``"hold"`` (a categorical in the
            order of :data:`REGIMES`);
        ``cycle_start``
            the date of the cycle's first move, or the date the hold began;
        ``moves``
            moves since the cycle started (0 in a hold);
        ``change_bp``
            cumulative change since the cycle started, in basis points
            (0 in a hold);
        ``last_move``
            the date of the latest move so far (NaT before the first).

        Rows where ``policy_rate`` is missing are missing.

    Raises
    ------
    InputError
        If ``policy_rate`` has no DatetimeIndex, several columns, or bad
        values.
    TypeError
        If ``hold_after`` is neither a number of periods nor a time span.
    ValueError
        If ``hold_after`` is not positive or ``rate_units`` is unknown.

    Warns
    -----
    YieldUnitsWarning
        If the rates look like other units than ``rate_units``.

    See Also
    --------
    event_study : Returns around the decisions.
    floating_rate_sensitivity : What the cumulative change does to earnings.

    Notes
    -----
    With moves :math:`m_1 < m_2 < \dots` (dates where the rate changes by
    :math:`c_k \ne 0`) and :math:`H` = ``hold_after``, move :math:`k` starts
    a new cycle when :math:`\operatorname{sign} c_k \ne
    \operatorname{sign} c_{k-1}` or :math:`m_k \ge m_{k-1} + H`. A date
    :math:`t` is in a hold when no move has happened yet or when
    :math:`t \ge m_j + H` for the latest move :math:`m_j \le t`; otherwise
    its regime is the direction of that move's cycle, with

    .. math:: \text{change\_bp}_t = \sum_{k \in \text{cycle},\, m_k \le t} c_k .

    Every label uses data up to its date only: appending data never changes
    past labels. Before the first move, the regime is ``hold`` starting at
    the first observation (earlier moves are unknown).

    Examples
    --------
    The Fed's 2024 cuts (upper bound of the target range, in percent):

    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> dates = pd.to_datetime(["2024-07-31", "2024-09-18", "2024-11-07",
    ...                         "2024-12-18", "2025-01-29", "2025-07-30"])
    >>> target = pd.Series([5.50, 5.00, 4.75, 4.50, 4.50, 4.50], index=dates)
    >>> rk.rate_regimes(target)[["regime", "moves", "change_bp"]]
                 regime  moves  change_bp
    2024-07-31     hold      0        0.0
    2024-09-18  cutting      1      -50.0
    2024-11-07  cutting      2      -75.0
    2024-12-18  cutting      3     -100.0
    2025-01-29  cutting      3     -100.0
    2025-07-30     hold      0        0.0
    """
    panel = as_panel(policy_rate, "policy_rate", one_dimensional=True)
    index = require_datetime_index(panel, "rate_regimes")
    panel = rescale_yields(
        panel, rate_units, to="bp", units_argname="rate_units", stacklevel=3
    )
    rates = panel.values[:, 0]
    observed = np.flatnonzero(~np.isnan(rates))
    first_row = int(observed[0]) if observed.size else 0
    # Rounding to a millionth of a basis point removes unit-conversion noise.
    steps = np.round(np.diff(rates[observed]), 6)
    moved = steps != 0.0
    move_rows = observed[1:][moved]
    hold_rows = _hold_rows(index, move_rows, hold_after)
    cycles = _kernels.policy_cycles(
        move_rows, steps[moved], hold_rows, panel.n_periods, first_row
    )
    missing = np.isnan(rates)
    codes = np.where(missing, -1, cycles.direction + 1).astype(np.int8)
    regime = pd.Categorical.from_codes(codes, categories=pd.Index(REGIMES))
    start_rows = np.where(missing, -1, cycles.start_row)
    last_rows = np.where(missing, -1, cycles.last_move_row)
    table: pd.DataFrame = pd.DataFrame(
        {
            "regime": regime,
            "cycle_start": np.asarray(labels_at(panel, start_rows)),
            "moves": pd.arrays.IntegerArray(
                np.where(missing, 0, cycles.moves).astype(np.int64), missing
            ),
            "change_bp": np.where(missing, np.nan, cycles.change),
            "last_move": np.asarray(labels_at(panel, last_rows)),
        },
        index=panel.index,
    )
    return table


# --------------------------------------------------------------------------
# event studies
# --------------------------------------------------------------------------


def _check_event_window(window: object) -> tuple[int, int]:
    if (
        not isinstance(window, tuple)
        or len(window) != 2
        or not all(
            isinstance(end, (int, np.integer)) and not isinstance(end, bool)
            for end in window
        )
    ):
        msg = (
            "`window` must be a pair of whole numbers (first, last) of periods "
            f"relative to the event, such as (-5, 20), got {window!r}"
        )
        raise TypeError(msg)
    first, last = int(window[0]), int(window[1])
    if first > last:
        msg = f"`window` must have first <= last, got {window!r}"
        raise ValueError(msg)
    return first, last


@overload
def event_study(
    returns: pd.DataFrame | ArrayLike2D,
    events: Sequence[object] | pd.Index | pd.Series[Any] | npt.NDArray[Any],
    *,
    benchmark: pd.Series[float] | ArrayLike1D | None = ...,
    window: tuple[int, int] = ...,
    cumulative: CumulativeMethod = ...,
) -> EventStudy[pd.DataFrame, pd.Series[int]]: ...
@overload
def event_study(
    returns: pd.Series[float] | ArrayLike1D,
    events: Sequence[object] | pd.Index | pd.Series[Any] | npt.NDArray[Any],
    *,
    benchmark: pd.Series[float] | ArrayLike1D | None = ...,
    window: tuple[int, int] = ...,
    cumulative: CumulativeMethod = ...,
) -> EventStudy[pd.Series[float], int]: ...
def event_study(
    returns: Any,
    events: Any,
    *,
    benchmark: Any = None,
    window: tuple[int, int] = (-5, 20),
    cumulative: CumulativeMethod = "sum",
) -> EventStudy[Any, Any]:
    r"""Measure cumulative returns around events such as rate decisions.

    For every event the returns over ``window`` periods around it are
    cumulated into a path (the return over the benchmark's, with a
    benchmark); the paths are averaged over events, with a t-statistic per
    period.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple period returns of one asset (1-D) or several (periods x
        assets), with a time index for dated events.
    events : sequence of date-like
        Event dates (for example FOMC announcement dates). An event on a date
        without a period (a weekend, a holiday) is snapped to the next
        available period. With daily data labelled at midnight, an event with
        a time of day (an announcement at 14:00) falls on its own day. For
        unlabelled arrays, row positions.
    benchmark : Series or array-like of float, optional
        Simple period returns of a benchmark; its path is subtracted, giving
        cumulative excess returns.
    window : tuple of int, default (-5, 20)
        First and last period relative to the event period (0).
    cumulative : {"sum", "compound"}, default "sum"
        ``"sum"`` adds the (excess) returns, the classic cumulative abnormal
        return; ``"compound"`` compounds each series (buy-and-hold), and with
        a benchmark takes the difference of the compounded returns.

    Returns
    -------
    EventStudy
        ``mean`` and ``tstat`` paths by relative period, ``n_events``,
        ``paths`` per event and the ``events`` table; ``to_frame()`` puts the
        statistics side by side. Events without a full window inside the data
        are listed in ``events`` (``complete`` False, see ``incomplete``) and
        left out of the statistics.

    Raises
    ------
    InputError
        For bad ``returns`` or ``benchmark``, an empty or repeated list of
        events, or events that are not dates (row positions for arrays).
    AlignmentError
        If ``returns`` and ``benchmark`` cannot be matched period by period.
    TypeError
        If ``window`` is not a pair of whole numbers.
    ValueError
        If ``window`` is reversed or ``cumulative`` is unknown.

    See Also
    --------
    rate_regimes : Which cycle each decision belonged to.

    Notes
    -----
    An event is placed on the first period at or after its date; events
    before the first or after the last period lie outside the data. For an
    event in period :math:`\tau` and window :math:`[a, b]`, the path at
    relative period :math:`k \in [a, b]` is

    .. math::

        \text{CAR}_k = \sum_{j=a}^{k} (r_{\tau+j} - b_{\tau+j})
        \quad\text{(sum)}, \qquad
        \prod_{j=a}^{k} (1 + r_{\tau+j}) - \prod_{j=a}^{k} (1 + b_{\tau+j})
        \quad\text{(compound)},

    with :math:`b = 0` without a benchmark. Over the :math:`n` counted
    events (full window, no missing return),

    .. math:: \overline{\text{CAR}}_k = \frac{1}{n}\sum_e \text{CAR}_{e,k},
        \qquad t_k = \frac{\overline{\text{CAR}}_k}{s_k / \sqrt{n}},

    with :math:`s_k` the sample standard deviation across events. The
    t-statistic treats events as independent: overlapping windows make it
    too large.

    References
    ----------
    .. [1] MacKinlay, A. C. (1997). "Event Studies in Economics and
       Finance." *Journal of Economic Literature*, 35(1), 13-39.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=8)
    >>> returns = pd.Series([0.0, 0.01, 0.02, -0.01, 0.0, 0.01, 0.03, 0.0], index=idx)
    >>> study = rk.event_study(returns, ["2026-01-07", "2026-01-10"], window=(-1, 1))
    >>> study.mean.round(4)
    period
    -1    0.005
     0    0.020
     1    0.030
    Name: mean, dtype: float64
    >>> study.events
           event       date  complete
    0 2026-01-07 2026-01-07      True
    1 2026-01-10 2026-01-12      True
    """
    method = check_choice(cumulative, "cumulative", _CUMULATIVE)
    first, last = _check_event_window(window)
    compounding = method == "compound"
    bench_values: FloatArray | None = None
    if benchmark is None:
        panel = as_panel(returns, "returns")
        if compounding:
            check_simple_returns(panel)
    else:
        panel, bench = panel_and_benchmark(returns, benchmark, compounding=compounding)
        bench_values = bench.values
    labels, rows = event_rows(panel, events)
    offsets = np.arange(first, last + 1, dtype=np.intp)
    complete = (rows >= 0) & (rows + first >= 0) & (rows + last < panel.n_periods)
    paths = _kernels.event_paths(
        panel.values,
        bench_values,
        rows[complete],
        offsets,
        compound=method == "compound",
    )
    mean, tstat, count = _kernels.event_path_statistics(paths)
    counted: list[Hashable] = [
        label for label, keep in zip(labels, complete, strict=True) if keep
    ]
    mean_path = wrap_periods(mean, offsets, panel)
    tstat_path = wrap_periods(tstat, offsets, panel)
    if isinstance(mean_path, pd.Series):
        mean_path = mean_path.rename("mean")
        tstat_path = tstat_path.rename("tstat")
    return EventStudy(
        mean=mean_path,
        tstat=tstat_path,
        n_events=wrap_per_asset(count, panel, name="n_events"),
        paths=wrap_event_paths(paths, offsets, counted, panel),
        events=wrap_events(panel, labels, rows, complete),
        window=(first, last),
        cumulative=method,
        excess=benchmark is not None,
    )
