"""Charts of rotations with matplotlib (the optional ``plot`` extra).

Each function draws one chart that would otherwise be drawn by hand: the
relative strength line with its outperformance runs, the distribution of run
lengths, the relative rotation graph, a value against its causal z-score
bands, and a rolling beta. They take pandas objects, compute with the public
functions of rotationkit, draw on ``ax`` (a new figure by default) and return
the matplotlib object, so that titles, limits and legends can be changed
afterwards.

matplotlib is imported when a function is called, never when rotationkit is
imported; install it with ``pip install "rotationkit[plot]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from rotationkit._frequency import infer_periods_per_year
from rotationkit.errors import FrequencyError, InputError
from rotationkit.relative import beta, relative_strength, rolling_beta
from rotationkit.returns import to_returns
from rotationkit.rrg import rrg
from rotationkit.streaks import streak_context, streaks
from rotationkit.valuation import valuation_gap, zscore

if TYPE_CHECKING:
    from collections.abc import Hashable

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from rotationkit.report import RotationReport

__all__ = [
    "plot_relative_strength",
    "plot_report",
    "plot_rolling_beta",
    "plot_rrg",
    "plot_streaks",
    "plot_zscore",
]

# Colours: the line of interest, outperformance, the current run, the quadrants.
_LINE = "#1f4e79"
_RUN = "#2ca02c"
_CURRENT = "#ff7f0e"
_QUADRANT_COLOURS = {
    "leading": "#2ca02c",
    "weakening": "#e6b800",
    "lagging": "#d62728",
    "improving": "#1f77b4",
}
_PERIOD_NAMES = {
    252: "session",
    365: "day",
    52: "week",
    12: "month",
    4: "quarter",
    1: "year",
}


def plot_relative_strength(
    prices: pd.Series[float],
    benchmark_prices: pd.Series[float],
    *,
    min_length: int = 5,
    threshold: float = 0.0,
    ax: Axes | None = None,
) -> Axes:
    r"""Plot the relative strength line with the outperformance runs shaded.

    Parameters
    ----------
    prices : Series
        Strictly positive prices of the asset, indexed by dates.
    benchmark_prices : Series
        Strictly positive prices of the benchmark.
    min_length : int, default 5
        Shade the runs of at least this many consecutive outperforming
        periods. The run in progress is always highlighted, whatever its
        length.
    threshold : float, default 0.0
        Margin the return difference must exceed (see
        :func:`~rotationkit.streaks.outperformance`).
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default on a new pyplot figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes, with the line, one shaded span per run (the run in
        progress in orange), a dashed line at 1 and a legend.

    Raises
    ------
    InputError
        If an input is not a pandas Series, or for bad prices (see
        :func:`~rotationkit.relative.relative_strength`).
    ImportError
        If matplotlib is not installed.

    See Also
    --------
    rotationkit.relative_strength : The line.
    rotationkit.streaks : The runs.

    Notes
    -----
    The line is :math:`RS_t = (P_t / B_t) / (P_0 / B_0)`. A run of
    outperforming periods :math:`s, \dots, e` (returns
    :math:`r_t > b_t + \text{threshold}`) is shaded from the close before
    :math:`s` to the close of :math:`e`: the stretch over which the line
    rose every period.

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=8)
    >>> small = pd.Series([100, 101, 103, 104, 103, 104, 106, 108.0], index=idx)
    >>> large = pd.Series([100, 100, 101, 101, 102, 102, 102, 103.0], index=idx)
    >>> ax = Figure().subplots()
    >>> ax = rk.plotting.plot_relative_strength(small, large, min_length=2, ax=ax)
    >>> len(ax.patches)  # one earlier run of 3 sessions, the current run of 3
    2
    """
    asset = _series(prices, "prices")
    bench = _series(benchmark_prices, "benchmark_prices")
    line = relative_strength(asset, bench).dropna()
    returns, bench_returns = to_returns(asset), to_returns(bench)
    runs = streaks(returns, bench_returns, threshold=threshold, min_length=min_length)
    context = streak_context(returns, bench_returns, threshold=threshold)
    axes = _axes(ax)
    names = _name(asset, "asset"), _name(bench, "benchmark")
    unit = context.unit
    axes.plot(
        _x(line.index),
        line.to_numpy(),
        color=_LINE,
        linewidth=1.2,
        label=f"{names[0]} / {names[1]}",
    )
    axes.axhline(1.0, color="grey", linewidth=0.8, linestyle="--")
    earlier = runs[runs["start"] != context.start] if context.length else runs
    for number, (start, end) in enumerate(
        zip(earlier["start"], earlier["end"], strict=True)
    ):
        axes.axvspan(
            *_span(line.index, start, end),
            color=_RUN,
            alpha=0.25,
            linewidth=0,
            label=f"runs of {min_length}+ {unit}s beating {names[1]}"
            if number == 0
            else None,
        )
    if context.length:
        # A run of a few sessions is a sliver on a long history: draw the line
        # over the run thick, and mark its end, so that it stays visible.
        first, last = _span(line.index, context.start, context.asof)
        axes.axvspan(first, last, color=_CURRENT, alpha=0.35, linewidth=0)
        begin = int(line.index.get_indexer(pd.Index([context.start]))[0])
        during = line.iloc[max(begin - 1, 0) :]
        axes.plot(
            _x(during.index),
            during.to_numpy(),
            color=_CURRENT,
            linewidth=2.5,
            marker="o",
            markevery=[len(during) - 1],
            label=f"current run: {_count(context.length, unit)}",
        )
    axes.set_title(f"Relative strength of {names[0]} against {names[1]}")
    axes.set_ylabel(f"Relative strength (1 on {_day(line.index[0])})")
    _date_axis(axes)
    axes.legend(loc="best", fontsize="small")
    return axes


def plot_streaks(
    returns: pd.Series[float],
    benchmark: pd.Series[float],
    *,
    threshold: float = 0.0,
    ax: Axes | None = None,
) -> Axes:
    r"""Plot how often runs of each length occurred, with the current run marked.

    Parameters
    ----------
    returns : Series
        Simple period returns of the asset, indexed by dates.
    benchmark : Series
        Simple period returns of the benchmark.
    threshold : float, default 0.0
        Margin the return difference must exceed.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default on a new pyplot figure.

    Returns
    -------
    matplotlib.axes.Axes
        A bar chart: one bar per run length (number of runs, log scale), the
        bar of the run in progress in orange with its rank and chance in the
        legend.

    Raises
    ------
    InputError
        If an input is not a pandas Series, or for bad returns (see
        :func:`~rotationkit.streaks.streaks`).
    ImportError
        If matplotlib is not installed.

    See Also
    --------
    rotationkit.streaks : Every run.
    rotationkit.streak_context : The run in progress in context.

    Notes
    -----
    The bar at length :math:`k` counts the maximal runs of exactly :math:`k`
    consecutive periods with :math:`r_t - b_t > \text{threshold}`, the run in
    progress included. The legend gives the chance
    :math:`P(L_n \ge L \mid n, \hat p)` of a run at least as long as the
    current one (see :func:`~rotationkit.streaks.streak_context`).

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=8)
    >>> small = pd.Series([1, 1, -1, 1, -1, 1, 1, 1.0], index=idx) / 100
    >>> large = pd.Series([0.0] * 8, index=idx)
    >>> ax = rk.plotting.plot_streaks(small, large, ax=Figure().subplots())
    >>> [int(bar.get_height()) for bar in ax.patches]  # runs of 1, 2 and 3
    [1, 1, 1]
    """
    asset = _series(returns, "returns")
    bench = _series(benchmark, "benchmark")
    runs = streaks(asset, bench, threshold=threshold)
    context = streak_context(asset, bench, threshold=threshold)
    axes = _axes(ax)
    names = _name(asset, "asset"), _name(bench, "benchmark")
    unit = context.unit
    counts = runs["length"].value_counts().sort_index()
    lengths = counts.index.to_numpy()
    current = lengths == context.length
    axes.bar(
        lengths[~current],
        counts.to_numpy()[~current],
        color=_LINE,
        alpha=0.8,
        label=f"runs since {_day(context.data_start)}",
    )
    if context.length:
        axes.bar(
            [context.length],
            [int(counts.loc[context.length])],
            color=_CURRENT,
            label=(
                f"current run: {_count(context.length, unit)}, rank "
                f"{context.rank} of {context.n_runs:,}; chance of one this long: "
                f"{context.probability:.0%}"
            ),
        )
    if len(counts):
        axes.set_yscale("log")
    _integer_axis(axes)
    axes.set_title(f"Runs of outperformance: {names[0]} against {names[1]}")
    axes.set_xlabel(f"Run length ({unit}s in a row beating {names[1]})")
    axes.set_ylabel("Number of runs (log scale)")
    axes.legend(loc="upper right", fontsize="small")
    return axes


def plot_rrg(
    prices: pd.Series[float] | pd.DataFrame,
    benchmark_prices: pd.Series[float],
    *,
    window: int = 50,
    momentum: int = 10,
    tail: int = 10,
    ax: Axes | None = None,
) -> Axes:
    r"""Plot a relative rotation graph: the quadrants and each asset's tail.

    Parameters
    ----------
    prices : Series or DataFrame
        Strictly positive prices of one asset or of several (one column
        each), indexed by dates.
    benchmark_prices : Series
        Strictly positive prices of the benchmark.
    window, momentum : int, default 50 and 10
        Periods of the RS-ratio's moving average and of the RS-momentum (see
        :func:`~rotationkit.rrg.rrg`).
    tail : int, default 10
        Number of most recent periods drawn for each asset.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default on a new pyplot figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: four shaded, labelled quadrants, one line per asset over
        its last ``tail`` periods ending in a large dot at the latest date,
        labelled with the asset's name (and a legend for several assets).

    Raises
    ------
    InputError
        If an input is not a pandas object, for bad prices, or when no asset
        has a complete RS-ratio and RS-momentum yet.
    ValueError
        If ``window``, ``momentum`` or ``tail`` is not positive.
    ImportError
        If matplotlib is not installed.

    See Also
    --------
    rotationkit.rrg : The coordinates.

    Notes
    -----
    Each point is (RS-ratio, RS-momentum) at one date, both centred on 100
    (see :func:`~rotationkit.rrg.rrg`): leading (top right), weakening
    (bottom right), lagging (bottom left) and improving (top left). Assets
    usually rotate clockwise through them.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2025-01-01", periods=80)
    >>> steps = np.tile([0.01, -0.005, 0.002, -0.004], 20)
    >>> prices = pd.DataFrame({"A": 100 * np.cumprod(1 + steps),
    ...                        "B": 100 * np.cumprod(1 - steps / 2)}, index=idx)
    >>> large = pd.Series(100.0, index=idx)
    >>> ax = rk.plotting.plot_rrg(prices, large, window=20, momentum=5, tail=5,
    ...                           ax=Figure().subplots())
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['A', 'B']
    """
    if tail <= 0:
        msg = f"`tail` must be a positive number of periods, got {tail!r}"
        raise ValueError(msg)
    bench = _series(benchmark_prices, "benchmark_prices")
    given: object = prices
    if not isinstance(given, (pd.Series, pd.DataFrame)):
        msg = (
            f"`prices` must be a pandas Series or DataFrame, got {type(given).__name__}"
        )
        raise InputError(msg)
    graph = rrg(prices, bench, window=window, momentum=momentum)
    tails = {
        name: _tail(part, tail)
        for name, part in _per_asset(graph, prices).items()
        if not _tail(part, tail).empty
    }
    if not tails:
        msg = (
            f"`prices` has no RS-ratio and RS-momentum yet: they need {window + momentum}"
            " periods of both prices; pass a longer history or smaller windows"
        )
        raise InputError(msg)
    axes = _axes(ax)
    for number, (name, points) in enumerate(tails.items()):
        colour = f"C{number % 10}"
        x, y = points["rs_ratio"].to_numpy(), points["rs_momentum"].to_numpy()
        axes.plot(
            x, y, color=colour, marker="o", markersize=3, linewidth=1.2, label=name
        )
        axes.plot(
            x[-1:], y[-1:], color=colour, marker="o", markersize=9, markeredgecolor="k"
        )
        axes.annotate(
            name,
            (x[-1], y[-1]),
            xytext=(6, 6),
            textcoords="offset points",
            fontsize="small",
            fontweight="bold",
        )
    _quadrants(axes, pd.concat(list(tails.values())))
    unit = _period_name(bench.index)
    axes.set_title(
        f"Relative rotation graph against {_name(bench, 'benchmark')} "
        f"(last {_count(tail, unit)})"
    )
    axes.set_xlabel(f"RS-ratio (100 = at its {window}-{unit} average)")
    axes.set_ylabel(f"RS-momentum (100 = RS-ratio flat over {momentum} {unit}s)")
    if len(tails) > 1:  # one tail is named by its label alone
        axes.legend(loc="lower center", ncols=min(len(tails), 4), fontsize="small")
    return axes


def plot_zscore(
    values: pd.Series[float],
    *,
    window: int | None = None,
    min_periods: int | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Plot a series against its causal mean and bands of one and two standard deviations.

    Parameters
    ----------
    values : Series
        The series (a valuation gap, a relative multiple), oldest first.
    window : int, optional
        Rolling window in periods; ``None`` (the default) uses every period
        so far, as :func:`~rotationkit.valuation.zscore`.
    min_periods : int, optional
        Fewest valid values a window needs (see
        :func:`~rotationkit.valuation.zscore`).
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default on a new pyplot figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes with the series, its running mean (dashed), the bands of
        one and two standard deviations around it (shaded) and the latest
        value marked with its z-score.

    Raises
    ------
    InputError
        If ``values`` is not a pandas Series, or for bad values (see
        :func:`~rotationkit.valuation.zscore`).
    ValueError
        If ``window`` or ``min_periods`` is invalid.
    ImportError
        If matplotlib is not installed.

    See Also
    --------
    rotationkit.zscore : The z-score that the bands visualize.

    Notes
    -----
    The bands at :math:`t` are :math:`\bar x_t \pm k\,s_t` for
    :math:`k = 1, 2`, with the mean and sample standard deviation of the
    valid values up to and including :math:`t` (all of them, or the last
    ``window``), so a value outside the outer band has
    :math:`|z_t| > 2` in :func:`~rotationkit.valuation.zscore`. They use no
    later data: the chart shows what could be known at each date.

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> import rotationkit as rk
    >>> gap = pd.Series([-0.10, -0.12, -0.11, -0.14, -0.13, -0.20], name="gap",
    ...                 index=pd.date_range("2025-08-31", periods=6, freq="ME"))
    >>> ax = rk.plotting.plot_zscore(gap, ax=Figure().subplots())
    >>> len(ax.collections), len(ax.get_lines())  # 2 bands; value, mean, latest
    (2, 3)
    """
    series = _series(values, "values")
    scores = zscore(series, window=window, min_periods=min_periods)
    mean, spread = _bands(series, window, min_periods)
    axes = _axes(ax)
    name = _name(series, "value")
    x = _x(series.index)
    axes.fill_between(
        x,
        (mean - 2 * spread).to_numpy(),
        (mean + 2 * spread).to_numpy(),
        color=_LINE,
        alpha=0.12,
        linewidth=0,
        label="\N{PLUS-MINUS SIGN}2\N{GREEK SMALL LETTER SIGMA}",
    )
    axes.fill_between(
        x,
        (mean - spread).to_numpy(),
        (mean + spread).to_numpy(),
        color=_LINE,
        alpha=0.25,
        linewidth=0,
        label="\N{PLUS-MINUS SIGN}1\N{GREEK SMALL LETTER SIGMA}",
    )
    axes.plot(
        x,
        mean.to_numpy(),
        color=_LINE,
        linewidth=1.0,
        linestyle="--",
        label="running mean",
    )
    axes.plot(x, series.to_numpy(), color="k", linewidth=1.2, label=name)
    valid = series.dropna()
    if len(valid):
        last = valid.index[-1]
        axes.plot(
            _x(valid.index[-1:]),
            valid.to_numpy()[-1:],
            marker="o",
            markersize=8,
            color=_CURRENT,
            linestyle="none",
            label=f"latest: {valid.iloc[-1]:.3g} (z = {scores.loc[last]:.2f})",
        )
    how = "expanding window" if window is None else f"{window}-period window"
    bands = "\N{PLUS-MINUS SIGN}1\N{GREEK SMALL LETTER SIGMA} and \N{PLUS-MINUS SIGN}2\N{GREEK SMALL LETTER SIGMA}"
    axes.set_title(f"{name}: causal {bands} bands ({how})")
    axes.set_ylabel(name)
    if isinstance(series.index, pd.DatetimeIndex):
        _date_axis(axes)
    axes.legend(loc="best", fontsize="small")
    return axes


def plot_rolling_beta(
    returns: pd.Series[float] | pd.DataFrame,
    benchmark: pd.Series[float],
    window: int,
    *,
    min_periods: int | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Plot the beta of returns on a benchmark over a moving window.

    Parameters
    ----------
    returns : Series or DataFrame
        Simple returns of one asset or of several (one line each), indexed by
        dates.
    benchmark : Series
        Simple returns of the benchmark.
    window : int
        Periods in each window (252 for a year of sessions).
    min_periods : int, optional
        Fewest paired observations a window needs; defaults to ``window``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default on a new pyplot figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes: one line per asset, a dashed line at beta 1 and, for one
        asset, a dotted line at the beta of the whole sample.

    Raises
    ------
    InputError
        If an input is not a pandas object, or for bad returns (see
        :func:`~rotationkit.relative.rolling_beta`).
    ValueError
        If ``window`` or ``min_periods`` is invalid.
    ImportError
        If matplotlib is not installed.

    See Also
    --------
    rotationkit.rolling_beta : The values.
    rotationkit.beta : The beta of the whole sample.

    Notes
    -----
    Each point is the OLS slope over the ``window`` periods ending at
    :math:`t`:

    .. math:: \beta_t = \frac{\sum_{s \in W_t} (r_s - \bar r_t)(b_s - \bar b_t)}
                             {\sum_{s \in W_t} (b_s - \bar b_t)^2}

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=6)
    >>> large = pd.Series([0.01, -0.02, 0.03, 0.0, 0.01, -0.01], index=idx, name="LARGE")
    >>> small = (2 * large).rename("SMALL")
    >>> ax = rk.plotting.plot_rolling_beta(small, large, 3, ax=Figure().subplots())
    >>> ax.get_lines()[0].get_ydata()[-1]
    np.float64(2.0)
    """
    given: object = returns
    if not isinstance(given, (pd.Series, pd.DataFrame)):
        msg = f"`returns` must be a pandas Series or DataFrame, got {type(given).__name__}"
        raise InputError(msg)
    bench = _series(benchmark, "benchmark")
    betas = rolling_beta(returns, bench, window, min_periods=min_periods)
    frame = (
        betas.to_frame(_name(betas, "asset")) if isinstance(betas, pd.Series) else betas
    )
    axes = _axes(ax)
    x = _x(frame.index)
    for number, column in enumerate(frame.columns):
        axes.plot(
            x,
            frame[column].to_numpy(),
            color=_LINE if frame.shape[1] == 1 else f"C{number % 10}",
            linewidth=1.2,
            label=str(column),
        )
    axes.axhline(1.0, color="grey", linewidth=0.8, linestyle="--", label="beta = 1")
    if isinstance(returns, pd.Series):
        whole = float(beta(returns, bench))
        axes.axhline(
            whole,
            color=_CURRENT,
            linewidth=1.0,
            linestyle=":",
            label=f"whole sample: {whole:.2f}",
        )
    unit = _period_name(frame.index)
    who = _name(returns, "asset") if isinstance(returns, pd.Series) else "each asset"
    axes.set_title(
        f"Rolling {window}-{unit} beta of {who} on {_name(bench, 'benchmark')}"
    )
    axes.set_ylabel("Beta")
    if isinstance(frame.index, pd.DatetimeIndex):
        _date_axis(axes)
    axes.legend(loc="best", fontsize="small")
    return axes


def plot_report(report: RotationReport, *, fig: Figure | None = None) -> Figure:
    r"""Draw a :class:`~rotationkit.report.RotationReport` as a multi-panel figure.

    The same as :meth:`RotationReport.plot() <rotationkit.report.RotationReport.plot>`.

    Parameters
    ----------
    report : RotationReport
        The report to draw.
    fig : matplotlib.figure.Figure, optional
        An empty figure to draw into; by default a new pyplot figure.

    Returns
    -------
    matplotlib.figure.Figure
        Four panels (relative strength with runs of five periods or more,
        run lengths, the asset's RRG tail, the rolling one-year beta) and,
        when the report has multiples, the valuation gap with its bands.

    Raises
    ------
    ImportError
        If matplotlib is not installed.
    TypeError
        If ``report`` is not a :class:`~rotationkit.report.RotationReport`.

    See Also
    --------
    rotationkit.rotation_report : Build the report.

    Notes
    -----
    The panels call :func:`plot_relative_strength`, :func:`plot_streaks`,
    :func:`plot_rrg` (last 10 periods), :func:`plot_rolling_beta` (a window of
    one year of periods, :math:`\operatorname{round}(P)`) and
    :func:`plot_zscore` on the data the report was built from.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> import rotationkit as rk
    >>> report = rk.rotation_report(rk.datasets.synthetic_prices(), "SMALL", "LARGE")
    >>> figure = rk.plotting.plot_report(report, fig=Figure(figsize=(12, 8)))
    >>> [ax.get_title().split(":")[0] for ax in figure.axes][:2]
    ['Relative strength of SMALL against LARGE', 'Relative rotation graph against LARGE (last 10 sessions)']
    """
    _require_matplotlib()
    from matplotlib.ticker import PercentFormatter  # noqa: PLC0415

    import rotationkit.report as report_module  # noqa: PLC0415 (it imports this module)

    given: object = report  # checked at run time, whatever the annotation says
    if not isinstance(given, report_module.RotationReport):
        msg = (
            "`report` must be a RotationReport (from rotationkit.rotation_report), "
            f"got {type(given).__name__}"
        )
        raise TypeError(msg)
    with_valuation = report.multiples is not None
    if fig is None:
        import matplotlib.pyplot as plt  # noqa: PLC0415

        fig = plt.figure(figsize=(13, 12 if with_valuation else 8.5))
    fig.set_layout_engine("constrained")
    layout: Any = [["rs", "rrg"], ["streaks", "beta"]]
    if with_valuation:
        layout.append(["valuation", "valuation"])
    panels = fig.subplot_mosaic(layout)
    asset, bench = (
        _column(report.prices, report.asset),
        _column(report.prices, report.benchmark),
    )
    returns, bench_returns = to_returns(asset), to_returns(bench)
    plot_relative_strength(asset, bench, ax=panels["rs"])
    if report.rrg_quadrant is None:  # too little history for an RS-ratio yet
        panels["rrg"].text(0.5, 0.5, "RRG: history too short", ha="center", va="center")
        panels["rrg"].set_axis_off()
    else:
        plot_rrg(asset, bench, tail=10, ax=panels["rrg"])
    plot_streaks(returns, bench_returns, ax=panels["streaks"])
    # The report's one-year window, so the line ends at the reported beta.
    window = max(report.window_periods, 2)
    plot_rolling_beta(returns, bench_returns, window, ax=panels["beta"])
    if report.multiples is not None:
        multiples = report.multiples
        gap = valuation_gap(
            _column(multiples, "asset"), _column(multiples, "benchmark")
        ).rename(f"Valuation gap ({report.asset} / {report.benchmark} multiple - 1)")
        plot_zscore(gap, ax=panels["valuation"])
        panels["valuation"].yaxis.set_major_formatter(PercentFormatter(1.0))
    fig.suptitle(
        f"{report.asset} against {report.benchmark}, as of {_day(report.asof)}",
        fontsize="large",
        fontweight="bold",
    )
    if report.source:
        fig.supxlabel(f"Data: {report.source}", fontsize="small", color="grey")
    return fig


# -- helpers -------------------------------------------------------------------


def _require_matplotlib() -> None:
    try:
        import matplotlib as mpl  # noqa: F401, PLC0415
    except ImportError as exc:  # pragma: no cover - depends on the environment
        msg = (
            "rotationkit's charts need matplotlib; install it with "
            "pip install 'rotationkit[plot]'"
        )
        raise ImportError(msg) from exc


def _axes(ax: Axes | None) -> Axes:
    """Return ``ax``, or the axes of a new pyplot figure."""
    _require_matplotlib()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # noqa: PLC0415

    _, axes = plt.subplots(figsize=(9, 5), layout="constrained")
    return axes


def _series(obj: object, argname: str) -> pd.Series[float]:
    if not isinstance(obj, pd.Series):
        msg = f"`{argname}` must be a pandas Series, got {type(obj).__name__}"
        raise InputError(msg)
    series: pd.Series[float] = obj
    return series


def _column(frame: pd.DataFrame, column: Hashable) -> pd.Series[float]:
    series: pd.Series[float] = frame.loc[:, column]  # type: ignore[index]
    return series


def _name(obj: pd.Series[Any] | pd.DataFrame, default: str) -> str:
    name = getattr(obj, "name", None)
    return default if name is None else str(name)


def _x(index: pd.Index) -> np.ndarray[Any, Any]:
    """Return x coordinates: dates in their own wall time, or the labels."""
    if isinstance(index, pd.DatetimeIndex):
        if index.tz is not None:
            index = index.tz_localize(None)
        return index.to_numpy()
    return index.to_numpy()


def _day(label: object) -> str:
    if isinstance(label, pd.Timestamp):
        return label.strftime("%Y-%m-%d")
    return str(label)


def _count(count: int, unit: str) -> str:
    return f"{count:,} {unit}" + ("" if count == 1 else "s")


def _span(index: pd.Index, start: object, end: object) -> tuple[Any, Any]:
    """Return x limits from the close before ``start`` to the close of ``end``."""
    position = max(int(index.get_indexer(pd.Index([start]))[0]) - 1, 0)
    dates = _x(index[[position, int(index.get_indexer(pd.Index([end]))[0])]])
    return dates[0], dates[1]


def _period_name(index: pd.Index) -> str:
    """Name one period of ``index`` ("session", "week", ...), or "period"."""
    if not isinstance(index, pd.DatetimeIndex):
        return "period"
    try:
        return _PERIOD_NAMES.get(infer_periods_per_year(index), "period")
    except FrequencyError:
        return "period"


def _date_axis(axes: Axes) -> None:
    import matplotlib.dates as mdates  # noqa: PLC0415

    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(formatter)


def _integer_axis(axes: Axes) -> None:
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))


def _per_asset(
    graph: pd.DataFrame, prices: pd.Series[float] | pd.DataFrame
) -> dict[str, pd.DataFrame]:
    if isinstance(prices, pd.Series):
        return {_name(prices, "asset"): graph}
    parts: dict[str, pd.DataFrame] = {}
    for name in prices.columns:
        part = graph.xs(name, level=0)
        assert isinstance(part, pd.DataFrame)  # one level left: the dates
        parts[str(name)] = part
    return parts


def _tail(graph: pd.DataFrame, tail: int) -> pd.DataFrame:
    complete = graph.dropna(subset=["rs_ratio", "rs_momentum"])
    part: pd.DataFrame = complete.iloc[-tail:]
    return part


def _quadrants(axes: Axes, points: pd.DataFrame) -> None:
    """Shade and label the four quadrants around (100, 100), framing every point."""
    from matplotlib.patches import Rectangle  # noqa: PLC0415

    # Room around the farthest point for its label and the quadrant names.
    reach_x = max(float(np.abs(points["rs_ratio"] - 100.0).max()) * 1.4, 0.5)
    reach_y = max(float(np.abs(points["rs_momentum"] - 100.0).max()) * 1.4, 0.5)
    corners = {
        "leading": (100.0, 100.0, "right", "top"),
        "weakening": (100.0, 100.0 - reach_y, "right", "bottom"),
        "lagging": (100.0 - reach_x, 100.0 - reach_y, "left", "bottom"),
        "improving": (100.0 - reach_x, 100.0, "left", "top"),
    }
    for name, (left, bottom, align, valign) in corners.items():
        axes.add_patch(
            Rectangle(
                (left, bottom),
                reach_x,
                reach_y,
                facecolor=_QUADRANT_COLOURS[name],
                alpha=0.1,
                edgecolor="none",
                zorder=0,
            )
        )
        x = 100.0 + 0.97 * reach_x if align == "right" else 100.0 - 0.97 * reach_x
        y = 100.0 + 0.96 * reach_y if valign == "top" else 100.0 - 0.96 * reach_y
        axes.text(
            x,
            y,
            name.capitalize(),
            ha=align,
            va=valign,
            color=_QUADRANT_COLOURS[name],
            fontweight="bold",
            fontsize="small",
        )
    axes.axhline(100.0, color="grey", linewidth=0.8)
    axes.axvline(100.0, color="grey", linewidth=0.8)
    axes.set_xlim(100.0 - reach_x, 100.0 + reach_x)
    axes.set_ylim(100.0 - reach_y, 100.0 + reach_y)


def _bands(
    values: pd.Series[float], window: int | None, min_periods: int | None
) -> tuple[pd.Series[float], pd.Series[float]]:
    """Return the causal mean and standard deviation that :func:`zscore` uses."""
    if window is None:
        needed = max(2 if min_periods is None else min_periods, 2)
        expanding = values.expanding(min_periods=needed)
        return expanding.mean(), expanding.std(ddof=1)
    needed = max(window if min_periods is None else min_periods, 2)
    rolling = values.rolling(window, min_periods=needed)
    return rolling.mean(), rolling.std(ddof=1)
