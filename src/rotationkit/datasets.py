"""Sample data for examples, documentation and the demo.

:func:`synthetic_prices` makes a deterministic, clearly labelled **synthetic**
price panel; it is not market data and must not be presented as such.
:func:`treasury_yields` and :func:`fomc_decisions` load real, public-domain
US interest-rate data bundled with the package (nothing is downloaded).
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from rotationkit.errors import InputError

__all__ = [
    "SYNTHETIC_COLUMNS",
    "fomc_decisions",
    "synthetic_prices",
    "treasury_yields",
]

SYNTHETIC_COLUMNS: tuple[str, ...] = ("SMALL", "LARGE", "GROWTH")
"""Columns of :func:`synthetic_prices`: small-cap-, large-cap- and growth-like indexes."""

_START_LEVELS = np.array([700.0, 1250.0, 2200.0])
# Daily factor model: mean and volatility of the market, size and growth factors.
_MARKET = (0.00045, 0.0105)
_SIZE_VOL = 0.0045
_GROWTH_VOL = 0.004
_LOADINGS = np.array(
    [  # market, size, growth
        [1.15, 1.0, 0.0],  # SMALL
        [1.00, 0.0, 0.0],  # LARGE
        [1.15, -0.4, 1.0],  # GROWTH
    ]
)
_IDIOSYNCRATIC_VOL = np.array([0.004, 0.0015, 0.003])
# Size-factor drift: small caps lag for years, then rotate in at the end.
_LAG_DRIFT = -0.0002
_ROTATION_DRIFT = 0.0035
_ROTATION_SESSIONS = 30
# The final sessions in which SMALL beats both large-cap series every day.
_FINAL_STREAK = 10


def synthetic_prices(
    *,
    start: str | pd.Timestamp = "2011-01-03",
    end: str | pd.Timestamp = "2026-01-30",
    seed: int = 0,
) -> pd.DataFrame:
    r"""Make a deterministic synthetic daily price panel with a rotation episode.

    Three business-daily price series built from a seeded factor model: a
    small-cap-like index (``SMALL``), a broad large-cap index (``LARGE``) and
    a large-cap growth index (``GROWTH``). Small caps lag for most of the
    sample; over the last six weeks money rotates into them, and over the
    final ten sessions ``SMALL`` beats both other series every day.

    The data are **synthetic**: the column index is named ``"synthetic"`` and
    ``DataFrame.attrs["source"]`` says so. Use them for examples and tests,
    never as market history.

    Parameters
    ----------
    start, end : str or Timestamp, default "2011-01-03" and "2026-01-30"
        First and last business day of the panel.
    seed : int, default 0
        Seed of the random generator; the same seed gives the same panel.

    Returns
    -------
    DataFrame
        Prices (two decimals) with a business-day DatetimeIndex named
        ``"date"`` and the columns of :data:`SYNTHETIC_COLUMNS`.

    Raises
    ------
    InputError
        If the range holds fewer than ``2 * 30`` business days (too short for
        the rotation episode), ``start`` is after ``end``, or either is not
        a date.
    TypeError
        If ``seed`` is not an int.

    See Also
    --------
    rotationkit.performance_table : A first look at the panel.

    Notes
    -----
    Daily returns are :math:`r_{i,t} = \beta_i^\top f_t + \varepsilon_{i,t}`
    with normal market, size and growth factors :math:`f_t` and normal
    idiosyncratic noise. The size factor has a small negative drift except in
    the last 30 sessions, where it turns strongly positive; in the last ten,
    ``SMALL``'s return is lifted just above the better of the other two.

    Examples
    --------
    >>> import rotationkit as rk
    >>> prices = rk.datasets.synthetic_prices()
    >>> prices.columns.name, list(prices.columns)
    ('synthetic', ['SMALL', 'LARGE', 'GROWTH'])
    >>> prices.index[-1]
    Timestamp('2026-01-30 00:00:00')
    >>> bool((prices["SMALL"].pct_change().iloc[-10:] > prices["LARGE"].pct_change().iloc[-10:]).all())
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        msg = f"`seed` must be an int, got {seed!r}"
        raise TypeError(msg)
    try:
        dates = pd.bdate_range(start, end, name="date")
    except (TypeError, ValueError) as exc:
        msg = f"`start` and `end` must be dates, got {start!r} and {end!r}: {exc}"
        raise InputError(msg) from exc
    if len(dates) < 2 * _ROTATION_SESSIONS:
        msg = (
            f"`start` to `end` holds {len(dates)} business days; pass a range of at "
            f"least {2 * _ROTATION_SESSIONS}"
        )
        raise InputError(msg)
    returns = _factor_returns(len(dates) - 1, np.random.default_rng(seed))
    levels = _START_LEVELS * np.vstack([np.ones(3), np.cumprod(1.0 + returns, axis=0)])
    frame: pd.DataFrame = pd.DataFrame(
        np.round(levels, 2),
        index=dates,
        columns=pd.Index(list(SYNTHETIC_COLUMNS), name="synthetic"),
    )
    frame.attrs["source"] = (
        f"synthetic data from rotationkit.datasets.synthetic_prices(seed={seed})"
    )
    return frame


def _factor_returns(
    n_returns: int, rng: np.random.Generator
) -> np.ndarray[tuple[int, int], np.dtype[np.float64]]:
    """Draw ``n_returns`` daily returns of the three series from the factor model."""
    market = rng.normal(_MARKET[0], _MARKET[1], n_returns)
    size = rng.normal(_LAG_DRIFT, _SIZE_VOL, n_returns)
    size[-_ROTATION_SESSIONS:] += _ROTATION_DRIFT - _LAG_DRIFT
    growth = rng.normal(0.0001, _GROWTH_VOL, n_returns)
    factors = np.column_stack([market, size, growth])
    noise = rng.normal(0.0, 1.0, (n_returns, 3)) * _IDIOSYNCRATIC_VOL
    returns: np.ndarray[tuple[int, int], np.dtype[np.float64]] = (
        factors @ _LOADINGS.T + noise
    )
    # The headline run: SMALL just ahead of the better large-cap series each day.
    best_large = returns[-_FINAL_STREAK:, 1:].max(axis=1)
    margin = 0.002 + np.abs(rng.normal(0.0, 0.003, _FINAL_STREAK))
    returns[-_FINAL_STREAK:, 0] = best_large + margin
    return returns


_H15_SOURCE = (
    "Board of Governors of the Federal Reserve System (US), H.15 Selected "
    "Interest Rates, retrieved from FRED, Federal Reserve Bank of St. Louis "
    "(series DFF, DGS10, DGS2, DGS3MO, DFEDTAR, DFEDTARL, DFEDTARU); public domain"
)


def _read_packaged_csv(filename: str, date_columns: list[str]) -> pd.DataFrame:
    """Read a gzipped CSV shipped in ``rotationkit/data``, indexed by its ``date`` column."""
    path = resources.files("rotationkit") / "data" / filename
    with path.open("rb") as handle:
        frame: pd.DataFrame = pd.read_csv(
            handle, compression="gzip", parse_dates=date_columns, index_col="date"
        )
    return frame


def treasury_yields() -> pd.DataFrame:
    r"""Load daily US Treasury yields and federal funds rates (H.15, bundled).

    Real market data shipped with rotationkit, so that examples run on what
    actually happened: the 10-year, 2-year and 3-month Treasury yields, the
    effective federal funds rate and the Fed's target (range), from the
    Federal Reserve's H.15 release. US government data, in the public domain.

    Returns
    -------
    DataFrame
        One row per calendar day from 1954-07-01 to 2026-08-21, indexed by a
        DatetimeIndex named ``"date"``; every value in **percent** per year
        (4.26 is 4.26 %), as published, two decimals, nothing filled:

        ``DFF``
            effective federal funds rate (every calendar day, 1954-07-01 on);
        ``DGS10``, ``DGS2``, ``DGS3MO``
            market yields of Treasury securities at 10-year, 2-year and
            3-month constant maturity (from 1962, 1976 and 1981); business
            days only, so they are missing on weekends and on bond-market
            holidays (Columbus Day, Veterans Day) when stocks still trade;
        ``TARGET_LO``, ``TARGET_HI``
            lower and upper bound of the federal funds target range from
            2008-12-16; before that (from 1982-09-27) both hold the single
            target rate.

        ``DataFrame.attrs`` holds ``"source"`` (the citation) and
        ``"units"`` (``"percent"``).

    See Also
    --------
    fomc_decisions : The decisions behind the target changes.
    rotationkit.rate_beta : Returns against yield changes.
    rotationkit.rate_regimes : Cutting, hiking or hold, from the target.

    Notes
    -----
    Source: Board of Governors of the Federal Reserve System (US), H.15
    Selected Interest Rates, retrieved from FRED (Federal Reserve Bank of St.
    Louis), series DFF, DGS10, DGS2, DGS3MO, DFEDTAR (single target,
    1982-09-27 to 2008-12-15), DFEDTARL and DFEDTARU. Public domain; FRED asks
    users to cite the source as above. Values were checked against
    independent copies of the same series. Pass the columns with
    ``yield_units="percent"`` (the default) and mind the missing values:
    rotationkit drops, and counts, periods without a yield instead of filling
    them.

    References
    ----------
    .. [1] Board of Governors of the Federal Reserve System (US), "H.15
       Selected Interest Rates," https://www.federalreserve.gov/releases/h15/

    Examples
    --------
    >>> import rotationkit as rk
    >>> rates = rk.datasets.treasury_yields()
    >>> rates.loc["2025-12-31", ["DGS10", "DGS2", "TARGET_LO", "TARGET_HI"]]
    DGS10        4.18
    DGS2         3.47
    TARGET_LO    3.50
    TARGET_HI    3.75
    Name: 2025-12-31 00:00:00, dtype: float64
    >>> rates.attrs["units"]
    'percent'
    """
    frame = _read_packaged_csv("treasury_yields.csv.gz", ["date"])
    frame.attrs["source"] = _H15_SOURCE
    frame.attrs["units"] = "percent"
    return frame


def fomc_decisions() -> pd.DataFrame:
    r"""Load the FOMC announcements since 2000 and the target changes they made.

    One row per announcement of the Federal Open Market Committee, scheduled
    or not, including those that left the target unchanged: the dates for an
    event study around rate decisions. Public facts from the Federal
    Reserve's statements.

    Returns
    -------
    DataFrame
        221 rows from 2000-02-02 to 2026-07-29, indexed by the announcement
        date (a DatetimeIndex named ``"date"``), with the columns

        ``change_bp``
            change of the target (upper bound of the range from 2008-12-16),
            in basis points; 0 for a hold (int);
        ``target_lo``, ``target_hi``
            the target range after the decision, in percent (one target in
            both before 2008-12-16);
        ``effective_date``
            the date the new target took effect (the announcement day up to
            2016, the next day since 2017); NaT for a hold;
        ``change_lo_bp``
            change of the lower bound (differs from ``change_bp`` only on
            2008-12-16, when a 1 % target became a 0-0.25 % range).

        ``DataFrame.attrs["source"]`` holds the citation.

    See Also
    --------
    treasury_yields : The daily target and yields.
    rotationkit.event_study : Returns around the decisions.

    Notes
    -----
    Announcement dates come from the Federal Reserve's FOMC statements
    (including unscheduled ones such as 2001-01-03, 2008-01-22, 2008-10-08,
    2020-03-03 and 2020-03-15). Target changes are the moves of the H.15
    target series (see :func:`treasury_yields`) on the announcement day or the
    day after, so ``change_bp`` sums to the change of the target. A decision
    announced on day :math:`d` moves markets on :math:`d` itself (statements
    come out during the trading session), which is why ``effective_date`` is
    not the event date to use.

    Examples
    --------
    >>> import rotationkit as rk
    >>> decisions = rk.datasets.fomc_decisions()
    >>> cuts = decisions.loc["2024":"2025", "change_bp"]
    >>> cuts[cuts != 0]
    date
    2024-09-18   -50
    2024-11-07   -25
    2024-12-18   -25
    2025-09-17   -25
    2025-10-29   -25
    2025-12-10   -25
    Name: change_bp, dtype: int64
    """
    frame = _read_packaged_csv("fomc_decisions.csv.gz", ["date", "effective_date"])
    frame.attrs["source"] = (
        "Federal Reserve FOMC statements (announcement dates); target changes "
        "from " + _H15_SOURCE
    )
    return frame
