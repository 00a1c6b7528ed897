r"""Relative performance: an asset against its benchmark.

Every standard measure of "asset vs benchmark": the relative strength line and
its drawdown, excess returns, tracking error, information ratio, beta, alpha,
up and down capture, hit rate, and rolling beta and correlation.

Conventions
-----------
* ``returns`` (or ``prices``) is one asset (1-D) or a panel of assets
  (periods x assets); ``benchmark`` (or ``benchmark_prices``) is a single
  series, used for every asset. Labelled inputs are aligned on their dates
  (inner join); unlabelled inputs must have the same length.
* Summary statistics use the periods where both the asset and the benchmark
  have a value (*paired observations*); nothing is ever filled with zero.
* Rolling statistics give NaN for windows with fewer than ``min_periods``
  paired observations.
* Annualized figures take ``periods_per_year``, inferred from a DatetimeIndex
  when not given.

Each formula is on the "Definitions" page of the documentation, with the
options that reproduce empyrical's and quantstats' conventions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeAlias, overload

import numpy as np

from rotationkit import _kernels
from rotationkit._frequency import resolve_periods_per_year
from rotationkit._inputs import (
    Panel,
    align,
    as_panel,
    check_choice,
    check_min_periods,
    check_simple_returns,
    check_value_range,
    check_window,
    lazy_over_assets,
    panel_and_benchmark,
    wrap_like,
    wrap_reduced,
)
from rotationkit.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from rotationkit._typing import (
        Array1D,
        ArrayLike1D,
        ArrayLike2D,
        FloatArray,
    )

    Benchmark: TypeAlias = "pd.Series[float] | ArrayLike1D"
    """A single benchmark series, broadcast across the assets."""

    OneAsset: TypeAlias = "pd.Series[float] | Array1D | Sequence[float]"
    """One asset: a Series, a 1-D array or a sequence of numbers."""

__all__ = [
    "alpha",
    "beta",
    "capture_ratio",
    "down_capture",
    "excess_returns",
    "hit_rate",
    "information_ratio",
    "relative_drawdown",
    "relative_strength",
    "rolling_beta",
    "rolling_correlation",
    "tracking_error",
    "up_capture",
]

Compounding: TypeAlias = Literal["arithmetic", "geometric"]
"""How two returns are combined: by difference or by ratio of growth factors."""

_COMPOUNDING: tuple[Compounding, ...] = ("arithmetic", "geometric")


# --------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------


def _annualization(
    periods_per_year: float | None, panel: Panel, *, annualize: bool
) -> float:
    """Return the periods per year, or 1.0 when the figure is not annualized."""
    flag: object = annualize  # checked at run time: any object is truthy
    if not isinstance(flag, (bool, np.bool_)):
        msg = f"`annualize` must be True or False, got {annualize!r}"
        raise TypeError(msg)
    if not annualize:
        return 1.0
    return resolve_periods_per_year(periods_per_year, panel)


def _min_periods(min_periods: int | None, window: int) -> int:
    """Return ``min_periods`` (``window`` when None) after checking it."""
    return check_min_periods(min_periods, window, default=window)


def _benchmark_above_minus_one(bench: Panel) -> None:
    """Raise if a benchmark return is -1 or lower (its growth factor is not positive)."""
    with np.errstate(invalid="ignore"):
        bad = bench.values <= -1.0
    if bad.any():
        value = float(bench.values[bad][0])
        msg = (
            f"`{bench.argname}` has a return of {value!r}; geometric excess returns "
            "divide by 1 + benchmark, which must be positive"
        )
        raise InputError(msg)


# --------------------------------------------------------------------------
# relative strength
# --------------------------------------------------------------------------


@overload
def relative_strength(
    prices: pd.DataFrame, benchmark_prices: Benchmark
) -> pd.DataFrame: ...
@overload
def relative_strength(
    prices: pd.Series[float], benchmark_prices: Benchmark
) -> pd.Series[float]: ...
@overload
def relative_strength(
    prices: ArrayLike1D | ArrayLike2D, benchmark_prices: Benchmark
) -> FloatArray: ...
@lazy_over_assets("like", others=("benchmark_prices",))
def relative_strength(prices: Any, benchmark_prices: Any) -> Any:
    r"""Compute the relative strength line of ``prices`` against a benchmark.

    The line is the price ratio rebased to 1.0 at the first date where both
    prices are known, so a value of 1.10 means the asset has outperformed the
    benchmark by 10 % since then.

    Parameters
    ----------
    prices : Series, DataFrame or array-like of float
        Strictly positive prices of one asset (1-D) or of several assets
        (periods x assets).
    benchmark_prices : Series or array-like of float
        Strictly positive prices of the benchmark, used for every asset.

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        The relative strength line, with the type, names and (aligned) labels
        of ``prices``. NaN where either price is missing, and before the first
        date where both are known.

    Raises
    ------
    InputError
        If a price is not strictly positive, infinite or not numeric, or if
        ``benchmark_prices`` has more than one column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.

    See Also
    --------
    relative_drawdown : Drawdown of the relative strength line.
    excess_returns : Period-by-period return difference.
    rotationkit.rrg.rrg : Relative rotation graph built on the same ratio.

    Notes
    -----
    With :math:`t_0` the first date where both prices of the asset are known,

    .. math:: RS_t = \frac{P_t / B_t}{P_{t_0} / B_{t_0}}

    Each asset of a panel has its own :math:`t_0` (an asset listed later
    starts later). Missing prices are not filled.

    References
    ----------
    .. [1] Levy, R. A. (1967). "Relative Strength as a Criterion for
       Investment Selection." *The Journal of Finance*, 22(4), 595-610.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2024-01-31", periods=3, freq="ME")
    >>> small = pd.Series([10.0, 11.0, 12.1], index=idx, name="small")
    >>> large = pd.Series([20.0, 20.0, 22.0], index=idx, name="large")
    >>> rk.relative_strength(small, large)
    2024-01-31    1.0
    2024-02-29    1.1
    2024-03-31    1.1
    Freq: ME, Name: small, dtype: float64
    """
    panel, bench = panel_and_benchmark(prices, benchmark_prices, prices=True)
    ratio = panel.values / bench.values
    return wrap_like(ratio / _kernels.first_valid_values(ratio), panel)


@overload
def relative_drawdown(
    prices: pd.DataFrame, benchmark_prices: Benchmark
) -> pd.DataFrame: ...
@overload
def relative_drawdown(
    prices: pd.Series[float], benchmark_prices: Benchmark
) -> pd.Series[float]: ...
@overload
def relative_drawdown(
    prices: ArrayLike1D | ArrayLike2D, benchmark_prices: Benchmark
) -> FloatArray: ...
@lazy_over_assets("like", others=("benchmark_prices",))
def relative_drawdown(prices: Any, benchmark_prices: Any) -> Any:
    r"""Compute the drawdown of the relative strength line from its running peak.

    A value of -0.08 means the asset has given back 8 % relative to the
    benchmark since its best relative level so far; 0 marks a new relative
    high.

    Parameters
    ----------
    prices : Series, DataFrame or array-like of float
        Strictly positive prices of one asset (1-D) or of several assets
        (periods x assets).
    benchmark_prices : Series or array-like of float
        Strictly positive prices of the benchmark, used for every asset.

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        Relative drawdowns (0 or negative), with the type, names and
        (aligned) labels of ``prices``. NaN where either price is missing.

    Raises
    ------
    InputError
        If a price is not strictly positive, infinite or not numeric, or if
        ``benchmark_prices`` has more than one column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.

    See Also
    --------
    relative_strength : The line whose drawdown this is.

    Notes
    -----
    With :math:`RS_t` the relative strength line of
    :func:`relative_strength`,

    .. math:: DD_t = \frac{RS_t}{\max_{s \le t} RS_s} - 1

    The running peak is taken over the dates where both prices are known; a
    missing price neither sets nor resets it. The drawdown does not depend on
    the rebasing of the line, nor on the units of either price.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2024-01-31", periods=4, freq="ME")
    >>> small = pd.Series([10.0, 12.0, 10.8, 13.0], index=idx)
    >>> large = pd.Series([20.0, 20.0, 20.0, 20.0], index=idx)
    >>> rk.relative_drawdown(small, large)
    2024-01-31    0.0
    2024-02-29    0.0
    2024-03-31   -0.1
    2024-04-30    0.0
    Freq: ME, dtype: float64
    """
    panel, bench = panel_and_benchmark(prices, benchmark_prices, prices=True)
    return wrap_like(_kernels.drawdown_from_peak(panel.values / bench.values), panel)


# --------------------------------------------------------------------------
# excess returns
# --------------------------------------------------------------------------


@overload
def excess_returns(
    returns: pd.DataFrame, benchmark: Benchmark, *, method: Compounding = ...
) -> pd.DataFrame: ...
@overload
def excess_returns(
    returns: pd.Series[float], benchmark: Benchmark, *, method: Compounding = ...
) -> pd.Series[float]: ...
@overload
def excess_returns(
    returns: ArrayLike1D | ArrayLike2D,
    benchmark: Benchmark,
    *,
    method: Compounding = ...,
) -> FloatArray: ...
@lazy_over_assets("like", others=("benchmark",))
def excess_returns(
    returns: Any, benchmark: Any, *, method: Compounding = "arithmetic"
) -> Any:
    r"""Compute the period-by-period excess return over a benchmark.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple returns of one asset (1-D) or of several assets (periods x
        assets).
    benchmark : Series or array-like of float
        Simple returns of the benchmark, used for every asset.
    method : {"arithmetic", "geometric"}, default "arithmetic"
        ``"arithmetic"`` gives the difference :math:`r - b`; ``"geometric"``
        gives the return of the asset measured in units of the benchmark,
        :math:`(1 + r) / (1 + b) - 1`, which compounds into the relative
        strength line.

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        Excess returns with the type, names and (aligned) labels of
        ``returns``. NaN where either return is missing.

    Raises
    ------
    InputError
        For non-numeric or infinite input, a benchmark with more than one
        column, or (geometric) a return below -1 or a benchmark return of -1
        or less.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    ValueError
        If ``method`` is unknown.

    See Also
    --------
    relative_strength : The compounded geometric excess return.
    tracking_error : Dispersion of the arithmetic excess return.

    Notes
    -----
    .. math::

        e_t = r_t - b_t \quad\text{(arithmetic)}, \qquad
        e_t = \frac{1 + r_t}{1 + b_t} - 1 \quad\text{(geometric)}

    Geometric excess returns compound exactly:
    :math:`\prod_t (1 + e_t) = RS_T / RS_0`.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2026-01-05", periods=2, freq="B")
    >>> small = pd.Series([0.032, -0.01], index=idx)
    >>> large = pd.Series([0.02, 0.01], index=idx)
    >>> rk.excess_returns(small, large).round(6)
    2026-01-05    0.012
    2026-01-06   -0.020
    Freq: B, dtype: float64
    >>> rk.excess_returns(small, large, method="geometric").round(6)
    2026-01-05    0.011765
    2026-01-06   -0.019802
    Freq: B, dtype: float64
    """
    method = check_choice(method, "method", _COMPOUNDING)
    panel, bench = panel_and_benchmark(returns, benchmark)
    if method == "arithmetic":
        return wrap_like(panel.values - bench.values, panel)
    check_simple_returns(panel)
    _benchmark_above_minus_one(bench)
    return wrap_like((1.0 + panel.values) / (1.0 + bench.values) - 1.0, panel)


# --------------------------------------------------------------------------
# active risk and return
# --------------------------------------------------------------------------


@overload
def tracking_error(
    returns: pd.DataFrame,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
    annualize: bool = ...,
) -> pd.Series[float]: ...
@overload
def tracking_error(
    returns: OneAsset,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
    annualize: bool = ...,
) -> float: ...
@overload
def tracking_error(
    returns: ArrayLike2D,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
    annualize: bool = ...,
) -> FloatArray: ...
@lazy_over_assets("reduced", name="tracking_error", others=("benchmark",))
def tracking_error(
    returns: Any,
    benchmark: Any,
    *,
    periods_per_year: float | None = None,
    annualize: bool = True,
) -> Any:
    r"""Compute the tracking error: the standard deviation of excess returns.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Returns of one asset (1-D) or of several assets (periods x assets).
    benchmark : Series or array-like of float
        Returns of the benchmark, used for every asset.
    periods_per_year : float, optional
        Periods in a year (252 for business days, 12 for months). Inferred from
        a DatetimeIndex when not given; not needed when ``annualize`` is
        False.
    annualize : bool, default True
        Scale the per-period figure by :math:`\sqrt{P}`.

    Returns
    -------
    float, Series or numpy.ndarray
        One figure per asset: a float for one asset, a Series indexed by the
        columns of a DataFrame, a 1-D array for a 2-D array. NaN for an asset
        with fewer than two paired observations.

    Raises
    ------
    InputError
        For non-numeric or infinite input, or a benchmark with more than one
        column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    FrequencyError
        If ``periods_per_year`` is needed, not given and cannot be inferred.

    See Also
    --------
    information_ratio : Mean excess return per unit of tracking error.
    excess_returns : The period-by-period differences.

    Notes
    -----
    With the arithmetic excess returns :math:`e_t = r_t - b_t` over the
    :math:`n` periods where both returns are present, and :math:`P` periods
    per year,

    .. math::

        TE = \sqrt{P}\,\sqrt{\frac{1}{n-1} \sum_t (e_t - \bar e)^2}

    (without :math:`\sqrt{P}` when ``annualize=False``).

    Examples
    --------
    >>> import rotationkit as rk
    >>> asset = [0.02, -0.01, 0.03, 0.00]
    >>> bench = [0.01, -0.01, 0.01, 0.01]
    >>> round(rk.tracking_error(asset, bench, annualize=False), 6)
    0.01291
    >>> round(rk.tracking_error(asset, bench, periods_per_year=12), 6)
    0.044721
    """
    panel, bench = panel_and_benchmark(returns, benchmark)
    periods = _annualization(periods_per_year, panel, annualize=annualize)
    _, std = _kernels.nan_mean_std(panel.values - bench.values, ddof=1)
    return wrap_reduced(std * np.sqrt(periods), panel, name="tracking_error")


@overload
def information_ratio(
    returns: pd.DataFrame,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
    annualize: bool = ...,
) -> pd.Series[float]: ...
@overload
def information_ratio(
    returns: OneAsset,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
    annualize: bool = ...,
) -> float: ...
@overload
def information_ratio(
    returns: ArrayLike2D,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
    annualize: bool = ...,
) -> FloatArray: ...
@lazy_over_assets("reduced", name="information_ratio", others=("benchmark",))
def information_ratio(
    returns: Any,
    benchmark: Any,
    *,
    periods_per_year: float | None = None,
    annualize: bool = True,
) -> Any:
    r"""Compute the information ratio: mean excess return over tracking error.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Returns of one asset (1-D) or of several assets (periods x assets).
    benchmark : Series or array-like of float
        Returns of the benchmark, used for every asset.
    periods_per_year : float, optional
        Periods in a year (252 for business days, 12 for months). Inferred from
        a DatetimeIndex when not given; not needed when ``annualize`` is
        False.
    annualize : bool, default True
        Scale the per-period ratio by :math:`\sqrt{P}`. ``annualize=False``
        gives the per-period figure of ``empyrical.excess_sharpe`` and
        ``quantstats.stats.information_ratio``.

    Returns
    -------
    float, Series or numpy.ndarray
        One figure per asset (see :func:`tracking_error`). NaN for an asset
        with fewer than two paired observations or a zero tracking error
        (including one made of rounding noise, such as the benchmark less a
        fixed fee: see "Constant up to rounding" on the Definitions page).

    Raises
    ------
    InputError
        For non-numeric or infinite input, or a benchmark with more than one
        column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    FrequencyError
        If ``periods_per_year`` is needed, not given and cannot be inferred.

    See Also
    --------
    tracking_error : The denominator, annualized the same way.

    Notes
    -----
    With the arithmetic excess returns :math:`e_t = r_t - b_t` over the
    periods where both returns are present, their mean :math:`\bar e` and
    sample standard deviation :math:`s_e` (``ddof=1``),

    .. math:: IR = \sqrt{P}\,\frac{\bar e}{s_e}

    which equals the annualized mean excess return :math:`P \bar e` divided
    by the annualized tracking error :math:`\sqrt{P} s_e`.

    Examples
    --------
    >>> import rotationkit as rk
    >>> asset = [0.02, -0.01, 0.03, 0.00]
    >>> bench = [0.01, -0.01, 0.01, 0.01]
    >>> round(rk.information_ratio(asset, bench, annualize=False), 6)
    0.387298
    >>> round(rk.information_ratio(asset, bench, periods_per_year=12), 6)
    1.341641
    """
    panel, bench = panel_and_benchmark(returns, benchmark)
    periods = _annualization(periods_per_year, panel, annualize=annualize)
    mean, std = _kernels.nan_mean_std(panel.values - bench.values, ddof=1)
    # An excess return that is constant up to rounding (the benchmark plus a
    # fixed fee) has no tracking error: the ratio is undefined, not huge.
    tracks = (std > 0.0) & ~_kernels.constant_up_to_round_off(std, mean)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(tracks, mean / std * np.sqrt(periods), np.nan)
    return wrap_reduced(ratio, panel, name="information_ratio")


# --------------------------------------------------------------------------
# regression on the benchmark
# --------------------------------------------------------------------------


@overload
def beta(returns: pd.DataFrame, benchmark: Benchmark) -> pd.Series[float]: ...
@overload
def beta(returns: OneAsset, benchmark: Benchmark) -> float: ...
@overload
def beta(returns: ArrayLike2D, benchmark: Benchmark) -> FloatArray: ...
@lazy_over_assets("reduced", name="beta", others=("benchmark",))
def beta(returns: Any, benchmark: Any) -> Any:
    r"""Compute the beta of returns on a benchmark: the OLS slope.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Returns of one asset (1-D) or of several assets (periods x assets).
    benchmark : Series or array-like of float
        Returns of the benchmark, used for every asset.

    Returns
    -------
    float, Series or numpy.ndarray
        One beta per asset: a float for one asset, a Series indexed by the
        columns of a DataFrame, a 1-D array for a 2-D array. NaN for an asset
        with fewer than two paired observations, or when the benchmark does
        not vary over them.

    Raises
    ------
    InputError
        For non-numeric or infinite input, or a benchmark with more than one
        column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.

    See Also
    --------
    alpha : The intercept of the same regression.
    rolling_beta : Beta over a moving window.

    Notes
    -----
    Over the :math:`n` periods where both returns are present,

    .. math::

        \beta = \frac{\sum_t (r_t - \bar r)(b_t - \bar b)}
                     {\sum_t (b_t - \bar b)^2}

    the slope of the ordinary least squares regression
    :math:`r_t = a + \beta b_t + \varepsilon_t`. A constant risk-free rate
    does not change it. Deviations are taken from the means (two passes).

    Examples
    --------
    >>> import rotationkit as rk
    >>> bench = [0.01, -0.02, 0.03, 0.00]
    >>> asset = [0.025, -0.035, 0.065, 0.005]  # 2 x bench + 0.005
    >>> round(rk.beta(asset, bench), 10)
    2.0
    """
    panel, bench = panel_and_benchmark(returns, benchmark)
    slope, _ = _kernels.paired_regression(panel.values, bench.values)
    return wrap_reduced(slope, panel, name="beta")


def _risk_free_values(risk_free: object) -> float | Panel:
    """Return a constant risk-free return, or the risk-free series as a panel."""
    if isinstance(risk_free, (bool, np.bool_)):
        msg = f"`risk_free` must be a number or a series of returns, got {risk_free!r}"
        raise TypeError(msg)
    if isinstance(risk_free, (int, float, np.number)):
        value = float(risk_free)
        if not np.isfinite(value):
            msg = f"`risk_free` must be a finite number, got {risk_free!r}"
            raise ValueError(msg)
        return value
    return as_panel(risk_free, "risk_free", one_dimensional=True)


@overload
def alpha(
    returns: pd.DataFrame,
    benchmark: Benchmark,
    *,
    risk_free: float | Benchmark = ...,
    periods_per_year: float | None = ...,
    annualize: bool = ...,
    method: Compounding = ...,
) -> pd.Series[float]: ...
@overload
def alpha(
    returns: OneAsset,
    benchmark: Benchmark,
    *,
    risk_free: float | Benchmark = ...,
    periods_per_year: float | None = ...,
    annualize: bool = ...,
    method: Compounding = ...,
) -> float: ...
@overload
def alpha(
    returns: ArrayLike2D,
    benchmark: Benchmark,
    *,
    risk_free: float | Benchmark = ...,
    periods_per_year: float | None = ...,
    annualize: bool = ...,
    method: Compounding = ...,
) -> FloatArray: ...
@lazy_over_assets("reduced", name="alpha", others=("benchmark", "risk_free"))
def alpha(
    returns: Any,
    benchmark: Any,
    *,
    risk_free: Any = 0.0,
    periods_per_year: float | None = None,
    annualize: bool = True,
    method: Compounding = "geometric",
) -> Any:
    r"""Compute Jensen's alpha: the intercept of the regression on the benchmark.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Returns of one asset (1-D) or of several assets (periods x assets).
    benchmark : Series or array-like of float
        Returns of the benchmark, used for every asset.
    risk_free : float or Series or array-like of float, default 0.0
        The risk-free return *per period* (not per year): a constant, or a
        series aligned like ``benchmark``.
    periods_per_year : float, optional
        Periods in a year (252 for business days, 12 for months). Inferred from
        a DatetimeIndex when not given; not needed when ``annualize`` is
        False.
    annualize : bool, default True
        Annualize the per-period intercept as ``method`` says.
    method : {"geometric", "arithmetic"}, default "geometric"
        How the per-period intercept :math:`a` is annualized:
        :math:`(1 + a)^P - 1` (as ``empyrical.alpha``) or :math:`a P` (as
        ``quantstats.stats.greeks``).

    Returns
    -------
    float, Series or numpy.ndarray
        One alpha per asset (see :func:`beta`). NaN for an asset with fewer
        than two paired observations, when the benchmark does not vary
        over them, or when the geometric annualization overflows.

    Raises
    ------
    InputError
        For non-numeric or infinite input, or a benchmark or risk-free series
        with more than one column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    FrequencyError
        If ``periods_per_year`` is needed, not given and cannot be inferred.
    ValueError
        If ``method`` is unknown or ``risk_free`` is not finite.

    See Also
    --------
    beta : The slope of the same regression.

    Notes
    -----
    Over the periods where the asset, the benchmark (and a risk-free series)
    are all present, the ordinary least squares regression of excess returns
    over the risk-free rate :math:`f_t`,

    .. math:: r_t - f_t = a + \beta\,(b_t - f_t) + \varepsilon_t

    has the intercept :math:`a = \overline{(r - f)} - \beta\,\overline{(b - f)}`.
    The result is

    .. math::

        \alpha = (1 + a)^P - 1 \quad\text{(geometric)}, \qquad
        \alpha = a P \quad\text{(arithmetic)}

    or :math:`a` itself with ``annualize=False``.

    References
    ----------
    .. [1] Jensen, M. C. (1968). "The Performance of Mutual Funds in the
       Period 1945-1964." *The Journal of Finance*, 23(2), 389-416.

    Examples
    --------
    >>> import rotationkit as rk
    >>> bench = [0.01, -0.02, 0.03, 0.00]
    >>> asset = [0.025, -0.035, 0.065, 0.005]  # 2 x bench + 0.005
    >>> round(rk.alpha(asset, bench, annualize=False), 10)
    0.005
    >>> round(rk.alpha(asset, bench, periods_per_year=12), 6)
    0.061678
    >>> round(rk.alpha(asset, bench, periods_per_year=12, method="arithmetic"), 6)
    0.06
    """
    method = check_choice(method, "method", _COMPOUNDING)
    panel, bench = panel_and_benchmark(returns, benchmark)
    rate = _risk_free_values(risk_free)
    if isinstance(rate, Panel):
        panel, bench, rate_panel = align(panel, bench, rate)
        rate_values: FloatArray | float = rate_panel.values
    else:
        rate_values = rate
    periods = _annualization(periods_per_year, panel, annualize=annualize)
    _, intercept = _kernels.paired_regression(
        panel.values - rate_values, bench.values - rate_values
    )
    if annualize and method == "geometric":
        with np.errstate(invalid="ignore", over="ignore"):
            intercept = np.power(1.0 + intercept, periods) - 1.0
        # Compounded beyond the float range: no figure, rather than inf.
        intercept = np.where(np.isinf(intercept), np.nan, intercept)
    elif annualize:
        intercept = intercept * periods
    return wrap_reduced(intercept, panel, name="alpha")


# --------------------------------------------------------------------------
# capture and hit rate
# --------------------------------------------------------------------------


def _capture(
    returns: object, benchmark: object, periods_per_year: float | None, *, up: bool
) -> tuple[FloatArray, Panel]:
    """Return the up (or down) capture of each asset and the returns panel."""
    panel, bench = panel_and_benchmark(returns, benchmark, compounding=True)
    periods = resolve_periods_per_year(periods_per_year, panel)
    asset_growth, bench_growth, count = _kernels.log_growth_where_benchmark(
        panel.values, bench.values, rising=up
    )
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        asset_rate = np.expm1(asset_growth * periods / count)
        bench_rate = np.expm1(bench_growth * periods / count)
        ratio = asset_rate / bench_rate
    # A benchmark rate of zero (or so small that the ratio overflows) leaves
    # the capture undefined: NaN, never inf.
    ratio = np.where((count > 0) & np.isfinite(ratio), ratio, np.nan)
    return ratio, panel


@overload
def up_capture(
    returns: pd.DataFrame,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
) -> pd.Series[float]: ...
@overload
def up_capture(
    returns: OneAsset, benchmark: Benchmark, *, periods_per_year: float | None = ...
) -> float: ...
@overload
def up_capture(
    returns: ArrayLike2D,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
) -> FloatArray: ...
@lazy_over_assets("reduced", name="up_capture", others=("benchmark",))
def up_capture(
    returns: Any, benchmark: Any, *, periods_per_year: float | None = None
) -> Any:
    r"""Compute the up-market capture ratio.

    The annualized return of the asset over the periods when the benchmark
    rose, divided by the benchmark's own over the same periods. Above 1.0 the
    asset gained more than the benchmark in rising markets.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple returns of one asset (1-D) or of several assets (periods x
        assets).
    benchmark : Series or array-like of float
        Simple returns of the benchmark, used for every asset.
    periods_per_year : float, optional
        Periods in a year (252 for business days, 12 for months). Inferred from
        a DatetimeIndex when not given.

    Returns
    -------
    float, Series or numpy.ndarray
        One ratio per asset (see :func:`beta`). NaN for an asset without a
        paired observation in a rising period, or when the benchmark's
        annualized rate is zero (or so small that the ratio overflows).

    Raises
    ------
    InputError
        For non-numeric or infinite input, a return below -1, or a benchmark
        with more than one column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    FrequencyError
        If ``periods_per_year`` is not given and cannot be inferred.

    See Also
    --------
    down_capture : The same over falling periods.
    capture_ratio : Up capture divided by down capture.

    Notes
    -----
    Let :math:`U` be the :math:`n_U` periods where both returns are present
    and the benchmark rose (:math:`b_t > 0`). With :math:`P` periods per year,

    .. math::

        UC = \frac{\big(\prod_{t \in U} (1 + r_t)\big)^{P / n_U} - 1}
                  {\big(\prod_{t \in U} (1 + b_t)\big)^{P / n_U} - 1}

    the ratio of the annualized geometric returns over :math:`U`, as
    ``empyrical.up_capture``. Periods with :math:`b_t = 0` count in neither
    the up nor the down capture.

    Examples
    --------
    >>> import rotationkit as rk
    >>> bench = [0.02, -0.01, 0.01, -0.02]
    >>> asset = [0.03, -0.01, 0.015, -0.01]
    >>> round(rk.up_capture(asset, bench, periods_per_year=12), 4)
    1.5638
    """
    ratio, panel = _capture(returns, benchmark, periods_per_year, up=True)
    return wrap_reduced(ratio, panel, name="up_capture")


@overload
def down_capture(
    returns: pd.DataFrame,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
) -> pd.Series[float]: ...
@overload
def down_capture(
    returns: OneAsset, benchmark: Benchmark, *, periods_per_year: float | None = ...
) -> float: ...
@overload
def down_capture(
    returns: ArrayLike2D,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
) -> FloatArray: ...
@lazy_over_assets("reduced", name="down_capture", others=("benchmark",))
def down_capture(
    returns: Any, benchmark: Any, *, periods_per_year: float | None = None
) -> Any:
    r"""Compute the down-market capture ratio.

    The annualized return of the asset over the periods when the benchmark
    fell, divided by the benchmark's own over the same periods. Below 1.0 the
    asset lost less than the benchmark in falling markets.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple returns of one asset (1-D) or of several assets (periods x
        assets).
    benchmark : Series or array-like of float
        Simple returns of the benchmark, used for every asset.
    periods_per_year : float, optional
        Periods in a year (252 for business days, 12 for months). Inferred from
        a DatetimeIndex when not given.

    Returns
    -------
    float, Series or numpy.ndarray
        One ratio per asset (see :func:`beta`). NaN for an asset without a
        paired observation in a falling period, or when the benchmark's
        annualized rate is zero (or so small that the ratio overflows).

    Raises
    ------
    InputError
        For non-numeric or infinite input, a return below -1, or a benchmark
        with more than one column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    FrequencyError
        If ``periods_per_year`` is not given and cannot be inferred.

    See Also
    --------
    up_capture : The same over rising periods.
    capture_ratio : Up capture divided by down capture.

    Notes
    -----
    Let :math:`D` be the :math:`n_D` periods where both returns are present
    and the benchmark fell (:math:`b_t < 0`). With :math:`P` periods per year,

    .. math::

        DC = \frac{\big(\prod_{t \in D} (1 + r_t)\big)^{P / n_D} - 1}
                  {\big(\prod_{t \in D} (1 + b_t)\big)^{P / n_D} - 1}

    as ``empyrical.down_capture``.

    Examples
    --------
    >>> import rotationkit as rk
    >>> bench = [0.02, -0.01, 0.01, -0.02]
    >>> asset = [0.03, -0.01, 0.015, -0.01]
    >>> round(rk.down_capture(asset, bench, periods_per_year=12), 4)
    0.6844
    """
    ratio, panel = _capture(returns, benchmark, periods_per_year, up=False)
    return wrap_reduced(ratio, panel, name="down_capture")


@overload
def capture_ratio(
    returns: pd.DataFrame,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
) -> pd.Series[float]: ...
@overload
def capture_ratio(
    returns: OneAsset, benchmark: Benchmark, *, periods_per_year: float | None = ...
) -> float: ...
@overload
def capture_ratio(
    returns: ArrayLike2D,
    benchmark: Benchmark,
    *,
    periods_per_year: float | None = ...,
) -> FloatArray: ...
@lazy_over_assets("reduced", name="capture_ratio", others=("benchmark",))
def capture_ratio(
    returns: Any, benchmark: Any, *, periods_per_year: float | None = None
) -> Any:
    r"""Compute the capture ratio: up capture divided by down capture.

    Above 1.0 the asset captures more of the benchmark's gains than of its
    losses.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple returns of one asset (1-D) or of several assets (periods x
        assets).
    benchmark : Series or array-like of float
        Simple returns of the benchmark, used for every asset.
    periods_per_year : float, optional
        Periods in a year (252 for business days, 12 for months). Inferred from
        a DatetimeIndex when not given.

    Returns
    -------
    float, Series or numpy.ndarray
        One ratio per asset (see :func:`beta`). NaN when either capture is,
        or when the down capture is zero (no loss on the benchmark's down
        periods), where the ratio is undefined.

    Raises
    ------
    InputError
        For non-numeric or infinite input, a return below -1, or a benchmark
        with more than one column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    FrequencyError
        If ``periods_per_year`` is not given and cannot be inferred.

    See Also
    --------
    up_capture : The numerator.
    down_capture : The denominator.

    Notes
    -----
    .. math:: CR = UC / DC

    with :math:`UC` and :math:`DC` as in :func:`up_capture` and
    :func:`down_capture` (``empyrical.up_down_capture``).

    Examples
    --------
    >>> import rotationkit as rk
    >>> bench = [0.02, -0.01, 0.01, -0.02]
    >>> asset = [0.03, -0.01, 0.015, -0.01]
    >>> round(rk.capture_ratio(asset, bench, periods_per_year=12), 4)
    2.2847
    """
    up, panel = _capture(returns, benchmark, periods_per_year, up=True)
    down, _ = _capture(returns, benchmark, periods_per_year, up=False)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        ratio = up / down
    # No loss at all on the benchmark's down days (a down capture of zero)
    # leaves the ratio undefined: NaN, never inf.
    ratio = np.where(np.isfinite(ratio), ratio, np.nan)
    return wrap_reduced(ratio, panel, name="capture_ratio")


@overload
def hit_rate(returns: pd.DataFrame, benchmark: Benchmark) -> pd.Series[float]: ...
@overload
def hit_rate(returns: OneAsset, benchmark: Benchmark) -> float: ...
@overload
def hit_rate(returns: ArrayLike2D, benchmark: Benchmark) -> FloatArray: ...
@lazy_over_assets("reduced", name="hit_rate", others=("benchmark",))
def hit_rate(returns: Any, benchmark: Any) -> Any:
    r"""Compute the share of periods in which the asset beat the benchmark.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Returns of one asset (1-D) or of several assets (periods x assets).
    benchmark : Series or array-like of float
        Returns of the benchmark, used for every asset.

    Returns
    -------
    float, Series or numpy.ndarray
        One share between 0 and 1 per asset (see :func:`beta`). NaN for an
        asset without a paired observation.

    Raises
    ------
    InputError
        For non-numeric or infinite input, or a benchmark with more than one
        column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.

    See Also
    --------
    excess_returns : The period-by-period differences.

    Notes
    -----
    Over the :math:`n` periods where both returns are present,

    .. math:: H = \frac{1}{n} \#\{t : r_t > b_t\}

    A tie is not a hit. This is the "batting average" of
    ``empyrical.batting_average``.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.hit_rate([0.02, -0.01, 0.03, 0.01], [0.01, 0.00, 0.01, 0.01])
    0.5
    """
    panel, bench = panel_and_benchmark(returns, benchmark)
    return wrap_reduced(
        _kernels.share_above(panel.values, bench.values), panel, name="hit_rate"
    )


# --------------------------------------------------------------------------
# rolling beta and correlation
# --------------------------------------------------------------------------


def _rolling_fit(
    returns: object,
    benchmark: object,
    window: int,
    min_periods: int,
    *,
    correlation: bool,
) -> Any:
    """Return the rolling beta (or correlation) in the type of ``returns``.

    The returns are checked for infinite values in the pass that forms the
    window sums.
    """
    panel, bench = panel_and_benchmark(returns, benchmark, check_values=False)
    values, clean = _kernels.checked_rolling_slope_or_correlation(
        panel.values, bench.values, window, min_periods, correlation=correlation
    )
    if not clean:
        check_value_range(panel, positive=False)
    return wrap_like(values, panel)


@overload
def rolling_beta(
    returns: pd.DataFrame,
    benchmark: Benchmark,
    window: int,
    *,
    min_periods: int | None = ...,
) -> pd.DataFrame: ...
@overload
def rolling_beta(
    returns: pd.Series[float],
    benchmark: Benchmark,
    window: int,
    *,
    min_periods: int | None = ...,
) -> pd.Series[float]: ...
@overload
def rolling_beta(
    returns: ArrayLike1D | ArrayLike2D,
    benchmark: Benchmark,
    window: int,
    *,
    min_periods: int | None = ...,
) -> FloatArray: ...
@lazy_over_assets("like", others=("benchmark",))
def rolling_beta(
    returns: Any, benchmark: Any, window: int, *, min_periods: int | None = None
) -> Any:
    r"""Compute the beta of returns on a benchmark over a moving window.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Returns of one asset (1-D) or of several assets (periods x assets).
    benchmark : Series or array-like of float
        Returns of the benchmark, used for every asset.
    window : int
        Number of periods (rows) in each window, ending at the current one.
    min_periods : int, optional
        Fewest paired observations a window needs (at least 2 are always
        needed); defaults to ``window``.

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        Rolling betas with the type, names and (aligned) labels of
        ``returns``. NaN for windows with fewer than ``min_periods`` paired
        observations, or in which the benchmark does not vary (or varies by
        rounding only: see "Constant up to rounding" on the Definitions
        page).

    Raises
    ------
    InputError
        For non-numeric or infinite input, or a benchmark with more than one
        column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    ValueError
        If ``window`` or ``min_periods`` is not positive, or ``min_periods``
        exceeds ``window``.
    TypeError
        If ``window`` or ``min_periods`` is not a whole number.

    See Also
    --------
    beta : Beta over the whole sample.
    rolling_correlation : Correlation over a moving window.

    Notes
    -----
    For the window :math:`W_t` of the ``window`` rows ending at :math:`t`,
    over the :math:`n_t` of them where both returns are present,

    .. math::

        \beta_t = \frac{\sum_{s \in W_t} (r_s - \bar r_t)(b_s - \bar b_t)}
                       {\sum_{s \in W_t} (b_s - \bar b_t)^2}

    with :math:`\bar r_t, \bar b_t` the means over those pairs. This equals
    ``returns.rolling(window).cov(benchmark) / benchmark.rolling(window).var()``
    in pandas when both have missing values in the same rows. The window
    sums are computed for all assets at once, in O(T) per asset, from
    cumulative sums of values shifted by the first valid value of each
    series and restarted every few hundred rows, so a large common offset
    or a long history costs no precision, and appending rows never changes
    an earlier value.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2026-01-05", periods=5, freq="B")
    >>> bench = pd.Series([0.01, -0.02, 0.03, 0.00, 0.01], index=idx)
    >>> asset = pd.Series([0.02, -0.04, 0.06, 0.00, 0.03], index=idx)
    >>> rk.rolling_beta(asset, bench, 3).round(6)
    2026-01-05         NaN
    2026-01-06         NaN
    2026-01-07    2.000000
    2026-01-08    2.000000
    2026-01-09    1.928571
    Freq: B, dtype: float64
    """
    window = check_window(window)
    minimum = _min_periods(min_periods, window)
    return _rolling_fit(returns, benchmark, window, minimum, correlation=False)


@overload
def rolling_correlation(
    returns: pd.DataFrame,
    benchmark: Benchmark,
    window: int,
    *,
    min_periods: int | None = ...,
) -> pd.DataFrame: ...
@overload
def rolling_correlation(
    returns: pd.Series[float],
    benchmark: Benchmark,
    window: int,
    *,
    min_periods: int | None = ...,
) -> pd.Series[float]: ...
@overload
def rolling_correlation(
    returns: ArrayLike1D | ArrayLike2D,
    benchmark: Benchmark,
    window: int,
    *,
    min_periods: int | None = ...,
) -> FloatArray: ...
@lazy_over_assets("like", others=("benchmark",))
def rolling_correlation(
    returns: Any, benchmark: Any, window: int, *, min_periods: int | None = None
) -> Any:
    r"""Compute the correlation of returns with a benchmark over a moving window.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Returns of one asset (1-D) or of several assets (periods x assets).
    benchmark : Series or array-like of float
        Returns of the benchmark, used for every asset.
    window : int
        Number of periods (rows) in each window, ending at the current one.
    min_periods : int, optional
        Fewest paired observations a window needs (at least 2 are always
        needed); defaults to ``window``.

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        Rolling Pearson correlations with the type, names and (aligned)
        labels of ``returns``. NaN for windows with fewer than
        ``min_periods`` paired observations, or in which either series does
        not vary (or varies by rounding only: see "Constant up to rounding"
        on the Definitions page).

    Raises
    ------
    InputError
        For non-numeric or infinite input, or a benchmark with more than one
        column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    ValueError
        If ``window`` or ``min_periods`` is not positive, or ``min_periods``
        exceeds ``window``.
    TypeError
        If ``window`` or ``min_periods`` is not a whole number.

    See Also
    --------
    rolling_beta : The slope over the same windows.

    Notes
    -----
    Over the pairs of the window :math:`W_t` (see :func:`rolling_beta`),

    .. math::

        \rho_t = \frac{\sum (r_s - \bar r_t)(b_s - \bar b_t)}
                      {\sqrt{\sum (r_s - \bar r_t)^2 \sum (b_s - \bar b_t)^2}}

    This equals ``returns.rolling(window).corr(benchmark)`` in pandas when both
    have missing values in the same rows.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2026-01-05", periods=5, freq="B")
    >>> bench = pd.Series([0.01, -0.02, 0.03, 0.00, 0.01], index=idx)
    >>> asset = pd.Series([0.02, -0.04, 0.06, 0.00, 0.03], index=idx)
    >>> rk.rolling_correlation(asset, bench, 3).round(6)
    2026-01-05         NaN
    2026-01-06         NaN
    2026-01-07    1.000000
    2026-01-08    1.000000
    2026-01-09    0.981981
    Freq: B, dtype: float64
    """
    window = check_window(window)
    minimum = _min_periods(min_periods, window)
    return _rolling_fit(returns, benchmark, window, minimum, correlation=True)
