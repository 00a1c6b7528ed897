r"""Relative rotation graphs: where each asset stands against its benchmark.

A relative rotation graph (RRG) places each asset by two numbers centred on
100: how strong it is relative to the benchmark (RS-ratio, horizontal) and
whether that relative strength is improving (RS-momentum, vertical). Assets
typically rotate clockwise through four quadrants: leading, weakening,
lagging, improving.

The original RRG of Julius de Kempenaer uses a proprietary formula. The one
here is rotationkit's own, transparent and causal: every value at date
:math:`t` uses prices up to :math:`t` only, and scaling either price series
by a constant changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from rotationkit import _kernels
from rotationkit._inputs import check_window, panel_and_benchmark, table_result
from rotationkit.errors import InputError

if TYPE_CHECKING:
    from rotationkit._inputs import Panel
    from rotationkit._typing import ArrayLike1D, ArrayLike2D, FloatArray

__all__ = ["QUADRANTS", "quadrant_transitions", "rrg"]

QUADRANTS: tuple[str, str, str, str] = ("leading", "weakening", "lagging", "improving")
"""The quadrants of a relative rotation graph, in clockwise (rotation) order."""

_QUADRANT_DTYPE = pd.CategoricalDtype(list(QUADRANTS))
_CENTRE = 100.0
_MISSING = -1  # category code of a missing quadrant

_Codes = _kernels.Codes


def _quadrant_codes(ratio: FloatArray, momentum: FloatArray) -> _Codes:
    """Return the position of each point's quadrant in :data:`QUADRANTS` (-1 if unknown).

    With ``strong = ratio >= 100`` and ``rising = momentum >= 100`` the
    position is ``2 * (not strong) + (strong xor rising)``: leading 0,
    weakening 1, lagging 2, improving 3. The momentum is missing wherever
    the ratio is, since it is computed from it.
    """
    return _kernels.quadrant_codes(ratio, momentum, _CENTRE)


def _time_name(panel: Panel) -> str:
    """Return the name of the time level of a long table."""
    if panel.index is None:
        return "period"
    name = panel.index.name
    return "date" if name is None else str(name)


def _rrg_table(panel: Panel, block: FloatArray, codes: _Codes) -> pd.DataFrame:
    """Return the RRG of one asset as a wide table, of a panel as a long table.

    ``block`` holds the RS-ratio and the RS-momentum as ``(2, assets, periods)``:
    laid out asset by asset, as the long table lists them, so that pandas
    takes the two columns without copying them.
    """
    time = pd.RangeIndex(panel.n_periods) if panel.index is None else panel.index
    quadrant = pd.Categorical.from_codes(codes.T.ravel(), dtype=_QUADRANT_DTYPE)
    if panel.ndim == 1:
        single: pd.DataFrame = pd.DataFrame(
            {"rs_ratio": block[0, 0], "rs_momentum": block[1, 0], "quadrant": quadrant},
            index=time,
        )
        return single
    assets = pd.RangeIndex(panel.n_assets) if panel.columns is None else panel.columns
    index = pd.MultiIndex.from_product(
        [assets, time], names=["asset", _time_name(panel)]
    )
    long: pd.DataFrame = pd.DataFrame(
        block.reshape(2, -1).T,
        index=index,
        columns=["rs_ratio", "rs_momentum"],
        copy=False,
    )
    long["quadrant"] = quadrant
    return long


@table_result()
def rrg(
    prices: pd.Series[float] | pd.DataFrame | ArrayLike1D | ArrayLike2D,
    benchmark_prices: pd.Series[float] | ArrayLike1D,
    *,
    window: int = 50,
    momentum: int = 10,
) -> pd.DataFrame:
    r"""Compute a relative rotation graph: RS-ratio, RS-momentum and quadrant.

    Parameters
    ----------
    prices : Series, DataFrame or array-like of float
        Strictly positive prices of one asset (1-D) or of several assets
        (periods x assets).
    benchmark_prices : Series or array-like of float
        Strictly positive prices of the benchmark, used for every asset.
    window : int, default 50
        Number of periods in the moving average that the RS-ratio compares
        the relative strength line with.
    momentum : int, default 10
        Number of periods over which the RS-momentum measures the change of
        the RS-ratio.

    Returns
    -------
    DataFrame
        For one asset: indexed like the aligned ``prices`` (a RangeIndex for
        unlabelled input), with the columns

        ``rs_ratio``
            relative strength against its moving average, centred on 100;
        ``rs_momentum``
            rate of change of the RS-ratio, centred on 100;
        ``quadrant``
            a categorical with the categories of :data:`QUADRANTS`.

        For a panel: a long table with the same columns and a MultiIndex
        (``asset``, date), asset by asset in the order of the columns of
        ``prices``: ``result.loc["XLK"]`` is the graph of one asset,
        ``result.xs(date, level=1)`` a snapshot of all assets, and
        ``result["rs_ratio"].unstack("asset")`` a periods x assets table.
        Values are NaN (quadrant missing) before the first ``window +
        momentum`` periods are complete, and wherever a price in the windows
        used is missing.

    Raises
    ------
    InputError
        If a price is not strictly positive, infinite or not numeric, or if
        ``benchmark_prices`` has more than one column.
    AlignmentError
        If unlabelled inputs differ in length, or labelled inputs share no
        date or have different time zones.
    ValueError
        If ``window`` or ``momentum`` is not positive.
    TypeError
        If ``window`` or ``momentum`` is not a whole number.

    See Also
    --------
    quadrant_transitions : The dates when assets changed quadrant.
    rotationkit.relative.relative_strength : The relative strength line.

    Notes
    -----
    With asset prices :math:`P_t`, benchmark prices :math:`B_t`, :math:`w` =
    ``window`` and :math:`m` = ``momentum``:

    1. Relative strength line: :math:`RS_t = P_t / B_t`.
    2. RS-ratio, the line against its simple moving average of the last
       :math:`w` periods (all of them present):

       .. math:: \text{RS-ratio}_t = 100\,\frac{RS_t}
                 {\frac{1}{w}\sum_{k=0}^{w-1} RS_{t-k}}

    3. RS-momentum, the change of the RS-ratio over :math:`m` periods:

       .. math:: \text{RS-momentum}_t = 100\,
                 \frac{\text{RS-ratio}_t}{\text{RS-ratio}_{t-m}}

    4. Quadrant: *leading* when RS-ratio :math:`\ge 100` and RS-momentum
       :math:`\ge 100`; *weakening* when RS-ratio :math:`\ge 100` and
       RS-momentum :math:`< 100`; *lagging* when both are :math:`< 100`;
       *improving* when RS-ratio :math:`< 100` and RS-momentum
       :math:`\ge 100`.

    Every value at :math:`t` uses prices up to :math:`t` only: appending
    later prices never changes an earlier value. Multiplying the prices of
    the asset or of the benchmark by a constant changes nothing, since
    :math:`RS` only enters through ratios. This is not the proprietary
    JdK RS-Ratio and RS-Momentum of de Kempenaer's RRG, whose exact
    normalization is not published; the values, but not the idea, differ.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2026-01-05", periods=8, freq="B")
    >>> small = pd.Series([10.0, 10.4, 10.9, 11.1, 11.0, 10.7, 10.5, 10.8], index=idx)
    >>> large = pd.Series([100.0, 101, 102, 102, 103, 103, 102, 101], index=idx)
    >>> rk.rrg(small, large, window=3, momentum=1).round(2)
                rs_ratio  rs_momentum   quadrant
    2026-01-05       NaN          NaN        NaN
    2026-01-06       NaN          NaN        NaN
    2026-01-07    103.47          NaN        NaN
    2026-01-08    102.45        99.02  weakening
    2026-01-09     99.35        96.97    lagging
    2026-01-12     97.54        98.18    lagging
    2026-01-13     98.47       100.95  improving
    2026-01-14    102.24       103.83    leading
    """
    window = check_window(window)
    lag = check_window(momentum, "momentum")
    panel, bench = panel_and_benchmark(prices, benchmark_prices, prices=True)
    block = np.empty((2, panel.n_assets, panel.n_periods))
    # (periods, assets) views of the block, written in place; the relative
    # strength line is kept where the momentum goes until it is no longer needed.
    ratio, rs_momentum = block[0].T, block[1].T
    line = np.divide(panel.values, bench.values, out=rs_momentum)
    np.multiply(line, _CENTRE, out=ratio)
    ratio /= _kernels.rolling_mean(line, window, window)
    # The relative strength line is no longer needed: the momentum takes its place.
    _kernels.ratio_to_lag(ratio, lag, out=rs_momentum)
    rs_momentum *= _CENTRE
    return _rrg_table(panel, block, _quadrant_codes(ratio, rs_momentum))


def _quadrant_codes_of(table: object) -> _Codes:
    """Return the category codes of the ``quadrant`` column of an RRG table."""
    if not isinstance(table, pd.DataFrame) or "quadrant" not in table.columns:
        found = (
            f"columns {list(table.columns)!r}"
            if isinstance(table, pd.DataFrame)
            else type(table).__name__
        )
        msg = (
            f"`rrg_result` must be the DataFrame returned by rrg(), with a "
            f"'quadrant' column; got {found}"
        )
        raise InputError(msg)
    column = table["quadrant"]
    codes = pd.Index(QUADRANTS).get_indexer(column.astype(object))
    unknown = (codes == _MISSING) & column.notna().to_numpy()
    if unknown.any():
        value = column[unknown].iloc[0]
        msg = (
            f"`rrg_result` has an unknown quadrant {value!r}; "
            f"quadrants are {list(QUADRANTS)!r}"
        )
        raise InputError(msg)
    positions: _Codes = codes.astype(np.int8)
    return positions


def _time_level(index: pd.MultiIndex) -> int:
    """Return the position of the date (or row-position) level of an (asset, date) index."""
    dated = [
        level
        for level in range(index.nlevels)
        if isinstance(index.levels[level], pd.DatetimeIndex)
        or index.names[level] in ("date", "period")  # period: unlabelled input
    ]
    if len(dated) != 1:
        msg = (
            "`rrg_result` must be indexed by asset and date with exactly one date "
            f"level, got levels {list(index.names)!r}; pass the result of rrg()"
        )
        raise InputError(msg)
    return dated[0]


@table_result(reads=("rs_ratio", "rs_momentum", "quadrant"))
def quadrant_transitions(rrg_result: pd.DataFrame) -> pd.DataFrame:
    r"""List the dates when an asset moved from one RRG quadrant to another.

    Parameters
    ----------
    rrg_result : DataFrame
        The result of :func:`rrg`, for one asset (indexed by date) or for a
        panel (indexed by asset and date).

    Returns
    -------
    DataFrame
        One row per transition, in date order (then in the order of the
        assets), with the columns ``date`` (the first date in the new
        quadrant), ``asset`` (for a panel only), ``from`` and ``to``
        (categoricals with the categories of :data:`QUADRANTS`).

    Raises
    ------
    InputError
        If ``rrg_result`` has no ``quadrant`` column or holds an unknown
        quadrant, or if its index has more than two levels.

    See Also
    --------
    rrg : The relative rotation graph.

    Notes
    -----
    Each row of ``rrg_result`` is compared with the previous row of the same
    asset; a transition is recorded at row :math:`t` when

    .. math:: q_t \ne q_{t-1}

    and both quadrants are known. A missing quadrant (NaN) in between breaks
    the comparison: no transition is recorded across it.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2026-01-05", periods=8, freq="B")
    >>> prices = pd.DataFrame(
    ...     {"small": [10.0, 10.4, 10.9, 11.1, 11.0, 10.7, 10.5, 10.8],
    ...      "value": [50.0, 49.5, 50.2, 51.0, 52.3, 52.0, 51.2, 50.1]},
    ...     index=idx,
    ... )
    >>> large = pd.Series([100.0, 101, 102, 102, 103, 103, 102, 101], index=idx)
    >>> graph = rk.rrg(prices, large, window=3, momentum=1)
    >>> rk.quadrant_transitions(graph)
            date  asset       from         to
    0 2026-01-09  small  weakening    lagging
    1 2026-01-12  value    leading  weakening
    2 2026-01-13  small    lagging  improving
    3 2026-01-13  value  weakening    lagging
    4 2026-01-14  small  improving    leading
    """
    codes = _quadrant_codes_of(rrg_result)
    index = rrg_result.index
    same_asset = np.ones(max(len(codes) - 1, 0), dtype=bool)
    asset_labels: pd.Index | None = None
    if isinstance(index, pd.MultiIndex):
        if index.nlevels != 2:
            msg = (
                "`rrg_result` must be indexed by date, or by asset and date, got "
                f"{index.nlevels} index levels"
            )
            raise InputError(msg)
        time_level = _time_level(index)
        asset_level = 1 - time_level
        dates = index.get_level_values(time_level)
        asset_codes = np.asarray(index.codes[asset_level])
        # Compare each row with the previous one of the same asset, whatever
        # order the rows come in (swapped levels, sorted by date, ...).
        order = np.lexsort((dates.to_numpy(), asset_codes))
        codes, dates, asset_codes = codes[order], dates[order], asset_codes[order]
        same_asset = asset_codes[1:] == asset_codes[:-1]
        asset_labels = index.get_level_values(asset_level)[order]
    else:
        order = np.argsort(index.to_numpy(), kind="stable")
        codes, dates = codes[order], index[order]
    before, after = codes[:-1], codes[1:]
    changed = same_asset & (before != after) & (before >= 0) & (after >= 0)
    rows = np.flatnonzero(changed) + 1
    data: dict[str, Any] = {"date": dates[rows]}
    if asset_labels is not None:
        data["asset"] = asset_labels[rows]
    data["from"] = pd.Categorical.from_codes(codes[rows - 1], dtype=_QUADRANT_DTYPE)
    data["to"] = pd.Categorical.from_codes(codes[rows], dtype=_QUADRANT_DTYPE)
    table: pd.DataFrame = pd.DataFrame(data).sort_values(
        "date", kind="stable", ignore_index=True
    )
    return table
