"""The rotation report: the whole story of an asset against its benchmark.

:func:`rotation_report` runs the public functions of rotationkit on two
columns of a price panel (and, optionally, on yields and valuation multiples)
and collects the answers in a :class:`RotationReport`: period-to-date returns,
the outperformance streak in context, relative strength, one-year risk
figures, the relative rotation graph quadrant, rate sensitivity and the
valuation gap. The report prints for a terminal, renders as HTML in Jupyter,
exports to a dictionary, a DataFrame or Markdown, and draws itself.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

import numpy as np
import pandas as pd

from rotationkit._frequency import infer_periods_per_year
from rotationkit._inputs import (
    as_panel,
    pandas_input,
    require_datetime_index,
    to_timestamp,
)
from rotationkit.errors import AlignmentError, InputError
from rotationkit.rates import RateBeta, rate_beta
from rotationkit.relative import (
    beta,
    capture_ratio,
    down_capture,
    hit_rate,
    information_ratio,
    relative_drawdown,
    relative_strength,
    tracking_error,
    up_capture,
)
from rotationkit.returns import performance_table, to_returns
from rotationkit.rrg import rrg
from rotationkit.streaks import Run, StreakContext, streak_context
from rotationkit.valuation import percentile_rank, valuation_gap, zscore

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from rotationkit._inputs import YieldUnits

__all__ = [
    "REPORT_PERIODS",
    "RRG_MOMENTUM",
    "RRG_WINDOW",
    "RotationReport",
    "rotation_report",
]

REPORT_PERIODS: tuple[str, ...] = ("1D", "WTD", "MTD", "QTD", "YTD", "1Y")
"""Columns of ``RotationReport.performance``: the period-to-date returns."""

RRG_WINDOW = 50
"""Periods in the moving average of the report's RS-ratio (see :func:`~rotationkit.rrg.rrg`)."""

RRG_MOMENTUM = 10
"""Periods over which the report's RS-momentum is measured."""

_Multiples: TypeAlias = "pd.DataFrame | Sequence[pd.Series[float]]"
_OneRateBeta: TypeAlias = "RateBeta[float, int]"

# Cell styles of the HTML report, inline so that the tables need no stylesheet.
_HTML_LEFT = 'style="padding:2px 8px;text-align:left;"'
_HTML_RIGHT = 'style="padding:2px 8px;text-align:right;"'
# Width of the label column and of the wrapped lines of the text report.
_LABEL_WIDTH = 32
_TEXT_WIDTH = 88


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class RotationReport:
    r"""The rotation of an asset against its benchmark, as of one date.

    Returned by :func:`rotation_report`; see there for how each figure is
    computed. Fractions are fractions (0.05 is 5 %). ``print(report)`` gives
    the text version, a Jupyter notebook shows ``_repr_html_()``.

    Parameters
    ----------
    asset, benchmark : hashable
        The two columns of the price panel that are compared.
    asof : Timestamp
        The date of the report: every input was cut at it.
    data_start, data_end : Timestamp
        First date with both prices, and the last date of the data used.
    n_periods : int
        Dates of the price panel from ``data_start`` up to ``asof``.
    periods_per_year : float
        Periods per year inferred from the dates (252 for business days).
    source : str or None
        ``prices.attrs["source"]`` when present (the synthetic sample data
        say so there).
    performance : DataFrame
        Returns of the asset and the benchmark (rows) over the periods of
        :data:`REPORT_PERIODS` (columns).
    spread : Series
        Asset minus benchmark return over each period, in fractions (0.01 is
        one percentage point).
    streak : StreakContext
        The outperformance run in progress, in historical context.
    relative_strength : float
        Relative strength line at the last date with both prices (1.0 on
        ``data_start``).
    relative_drawdown : float
        Drawdown of the relative strength line from its peak (0 or less).
    relative_peak : Timestamp or None
        Date of that peak: the last relative high.
    window_start : Timestamp or None
        Date of the first return of the one-year window.
    window_periods : int
        Returns in the one-year window.
    beta, tracking_error, information_ratio : float
        One-year beta of the asset on the benchmark, annualized tracking
        error and annualized information ratio.
    up_capture, down_capture, capture_ratio : float
        One-year up and down capture and their ratio.
    hit_rate : float
        Share of the periods of the one-year window in which the asset beat
        the benchmark.
    rrg_quadrant : str or None
        Quadrant of the relative rotation graph ("leading", "weakening",
        "lagging", "improving"); ``None`` when the history is too short.
    rs_ratio, rs_momentum : float
        The RS-ratio and RS-momentum behind the quadrant.
    yields_name : str or None
        Name of the yield series, ``None`` without yields.
    yield_units : str
        How the yields were quoted.
    rate_beta, benchmark_rate_beta, relative_rate_beta : RateBeta or None
        One-year rate betas (per +100 bp) of the asset, of the benchmark and
        of the asset's return over the benchmark; ``None`` without yields.
    valuation_date : Timestamp or None
        Date of the last valuation gap on or before ``asof``.
    multiple, benchmark_multiple : float or None
        The two multiples on ``valuation_date``.
    valuation_gap : float or None
        Premium (positive) or discount (negative) of the asset's multiple.
    valuation_zscore, valuation_percentile : float or None
        Causal z-score and percentile rank of the gap in its own history.
    valuation_start : Timestamp or None
        First date of the gap's history.
    valuation_observations : int or None
        Gaps in that history.
    prices : DataFrame
        The two price columns the report was built from (cut at ``asof``).
    yields : Series or None
        The yields used (cut at ``asof``).
    multiples : DataFrame or None
        The two multiples used (cut at ``asof``), columns ``asset`` and
        ``benchmark``.

    See Also
    --------
    rotation_report : Build this object.

    Examples
    --------
    >>> import rotationkit as rk
    >>> report = rk.rotation_report(rk.datasets.synthetic_prices(), "SMALL", "LARGE")
    >>> report.streak.length, report.rrg_quadrant
    (10, 'leading')
    >>> round(float(report.spread["YTD"]), 4)
    0.0279
    """

    asset: Hashable
    benchmark: Hashable
    asof: pd.Timestamp
    data_start: pd.Timestamp
    data_end: pd.Timestamp
    n_periods: int
    periods_per_year: float
    source: str | None
    performance: pd.DataFrame
    spread: pd.Series[float]
    streak: StreakContext
    relative_strength: float
    relative_drawdown: float
    relative_peak: pd.Timestamp | None
    window_start: pd.Timestamp | None
    window_periods: int
    beta: float
    tracking_error: float
    information_ratio: float
    up_capture: float
    down_capture: float
    capture_ratio: float
    hit_rate: float
    rrg_quadrant: str | None
    rs_ratio: float
    rs_momentum: float
    yields_name: str | None
    yield_units: str
    rate_beta: _OneRateBeta | None
    benchmark_rate_beta: _OneRateBeta | None
    relative_rate_beta: _OneRateBeta | None
    valuation_date: pd.Timestamp | None
    multiple: float | None
    benchmark_multiple: float | None
    valuation_gap: float | None
    valuation_zscore: float | None
    valuation_percentile: float | None
    valuation_start: pd.Timestamp | None
    valuation_observations: int | None
    prices: pd.DataFrame
    yields: pd.Series[float] | None
    multiples: pd.DataFrame | None

    # -- exports ------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-serializable dictionary.

        Returns
        -------
        dict
            Top-level ``asset``, ``benchmark``, ``asof`` and ``source``, and
            one nested dictionary per section: ``data``, ``performance``
            (``asset``, ``benchmark``, ``spread``, each by period),
            ``streak``, ``relative``, ``one_year``, ``rrg``, ``rates`` and
            ``valuation`` (``None`` when the input was not given). Dates are
            ISO 8601 strings (``"2026-01-30"`` for a date at midnight),
            missing values ``None``; the input data are not included.

        Examples
        --------
        >>> import json
        >>> import rotationkit as rk
        >>> report = rk.rotation_report(rk.datasets.synthetic_prices(), "SMALL", "LARGE")
        >>> figures = json.loads(json.dumps(report.to_dict()))
        >>> figures["asof"], figures["streak"]["length"], figures["rates"]
        ('2026-01-30', 10, None)
        """
        converted: dict[str, Any] = _jsonable(self._tree())
        return converted

    def to_frame(self) -> pd.DataFrame:
        """Return the figures as a one-column table indexed by section and metric.

        Returns
        -------
        DataFrame
            A (``section``, ``metric``) MultiIndex with the entries of
            :meth:`to_dict` (nested keys joined by dots) and one object
            column named ``"<asset> vs <benchmark>"``, so that the tables of
            several reports can be put side by side with ``pandas.concat(...,
            axis=1)``. Dates stay Timestamps, missing values are NaN or
            ``None``.

        Examples
        --------
        >>> import rotationkit as rk
        >>> report = rk.rotation_report(rk.datasets.synthetic_prices(), "SMALL", "LARGE")
        >>> table = report.to_frame()
        >>> table.loc[("rrg", "quadrant")].iloc[0]
        'leading'
        """
        rows: list[tuple[str, str, Any]] = []
        for section, content in self._tree().items():
            if isinstance(content, Mapping):
                rows.extend(
                    (section, metric, value) for metric, value in _flatten(content)
                )
            elif content is not None:
                rows.append(("report", section, content))
        index = pd.MultiIndex.from_tuples(
            [(section, metric) for section, metric, _ in rows],
            names=["section", "metric"],
        )
        column = f"{self.asset} vs {self.benchmark}"
        frame: pd.DataFrame = pd.DataFrame(
            {
                column: pd.Series(
                    [value for *_, value in rows], index=index, dtype=object
                )
            }
        )
        return frame

    def to_markdown(self) -> str:
        """Return the report as Markdown: a heading, a returns table and one table per section.

        Returns
        -------
        str
            GitHub-flavoured Markdown.

        Examples
        --------
        >>> import rotationkit as rk
        >>> report = rk.rotation_report(rk.datasets.synthetic_prices(), "SMALL", "LARGE")
        >>> print(report.to_markdown().splitlines()[0])
        ## Rotation report: SMALL against LARGE, as of 2026-01-30
        """
        lines = [f"## {self._title()}", "", self._data_line(), ""]
        table = self._performance_rows()
        lines.append("| " + " | ".join(table[0]) + " |")
        lines.append("| --- |" + " ---: |" * (len(table[0]) - 1))
        lines.extend("| " + " | ".join(row) + " |" for row in table[1:])
        for section in self._sections():
            lines.extend(["", f"### {section.title}", ""])
            if section.text:
                lines.extend([section.text, ""])
            lines.extend(["| figure | value |", "| --- | --- |"])
            lines.extend(f"| {label} | {value} |" for label, value in section.rows)
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        lines = [self._title(), *_wrap(self._data_line()), ""]
        table = self._performance_rows()
        first = max(len(row[0]) for row in table)
        width = max(len(cell) for row in table for cell in row[1:])
        lines.extend(
            row[0].ljust(first) + "".join(cell.rjust(width + 2) for cell in row[1:])
            for row in table
        )
        for section in self._sections():
            lines.extend(["", section.title])
            if section.text:
                lines.extend(_wrap(section.text, indent="  "))
            for label, value in section.rows:
                head = f"  {label}".ljust(_LABEL_WIDTH)
                lines.append(f"{head}  {value}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        """Return the report as HTML tables for Jupyter notebooks."""
        title = html.escape(self._title())
        data = html.escape(self._data_line())
        return "\n".join(
            [
                '<div class="rotationkit-report">',
                f'<h4 style="margin:0 0 4px 0;">{title}</h4>',
                f'<p style="margin:0 0 6px 0;font-size:90%;">{data}</p>',
                self._html_returns(),
                self._html_sections(),
                "</div>",
            ]
        )

    def _html_returns(self) -> str:
        header, *body = self._performance_rows()
        lines = [
            '<table style="border-collapse:collapse;margin-bottom:8px;">',
            f"<thead><tr><th {_HTML_LEFT}>{html.escape(header[0])}</th>"
            + "".join(f"<th {_HTML_RIGHT}>{html.escape(c)}</th>" for c in header[1:])
            + "</tr></thead><tbody>",
        ]
        lines.extend(
            f"<tr><th {_HTML_LEFT}>{html.escape(row[0])}</th>"
            + "".join(f"<td {_HTML_RIGHT}>{html.escape(c)}</td>" for c in row[1:])
            + "</tr>"
            for row in body[:-1]
        )
        spread = body[-1]
        # The spread is the answer: who is winning over each period, by colour.
        cells = "".join(
            f'<td style="padding:2px 8px;text-align:right;font-weight:bold;'
            f'{_sign_colour(float(self.spread[period]))}">{html.escape(text)}</td>'
            for period, text in zip(REPORT_PERIODS, spread[1:], strict=True)
        )
        lines.append(
            f'<tr style="border-top:1px solid #888;"><th {_HTML_LEFT}>'
            f"{html.escape(spread[0])}</th>{cells}</tr>"
        )
        lines.append("</tbody></table>")
        return "\n".join(lines)

    def _html_sections(self) -> str:
        lines = ['<table style="border-collapse:collapse;">']
        for section in self._sections():
            lines.append(
                '<tr><th colspan="2" style="text-align:left;padding:8px 8px 2px 8px;'
                f'border-bottom:1px solid #888;">{html.escape(section.title)}</th></tr>'
            )
            if section.text:
                lines.append(
                    f'<tr><td colspan="2" {_HTML_LEFT}><em>'
                    f"{html.escape(section.text)}</em></td></tr>"
                )
            lines.extend(
                f"<tr><td {_HTML_LEFT}>{html.escape(label)}</td>"
                f"<td {_HTML_LEFT}>{html.escape(value)}</td></tr>"
                for label, value in section.rows
            )
        lines.append("</table>")
        return "\n".join(lines)

    def plot(self, *, fig: Figure | None = None) -> Figure:
        """Draw the report as a small multi-panel figure.

        Four panels: the relative strength line with outperformance runs of
        five periods or more shaded (the current run highlighted), the
        distribution of run lengths with the current run marked, the
        asset's tail on the relative rotation graph, and the rolling beta
        over the report's one-year window. With valuation multiples, a fifth
        panel shows the valuation gap with its causal bands. Needs
        matplotlib (``pip install "rotationkit[plot]"``).

        Parameters
        ----------
        fig : matplotlib.figure.Figure, optional
            An empty figure to draw into; by default a new pyplot figure.

        Returns
        -------
        matplotlib.figure.Figure
            The figure.

        Raises
        ------
        ImportError
            If matplotlib is not installed.

        Examples
        --------
        >>> from matplotlib.figure import Figure
        >>> import rotationkit as rk
        >>> report = rk.rotation_report(rk.datasets.synthetic_prices(), "SMALL", "LARGE")
        >>> figure = report.plot(fig=Figure(figsize=(12, 8)))
        >>> len(figure.axes)
        4
        """
        from rotationkit.plotting import plot_report  # noqa: PLC0415

        return plot_report(self, fig=fig)

    # -- building blocks of the displays ------------------------------------

    def _title(self) -> str:
        return (
            f"Rotation report: {self.asset} against {self.benchmark}, "
            f"as of {_format_date(self.asof)}"
        )

    def _data_line(self) -> str:
        unit = _plural(self.n_periods, self.streak.unit)
        text = (
            f"Data: {_format_date(self.data_start)} to {_format_date(self.data_end)}, "
            f"{unit}"
        )
        if self.source:
            text += f"; {self.source}"
        return text + "."

    def _performance_rows(self) -> list[list[str]]:
        header = ["Returns (%)", *REPORT_PERIODS]
        rows = [header]
        for name in (self.asset, self.benchmark):
            values = _row(self.performance, name)
            rows.append(
                [str(name), *(_number(100 * values[p]) for p in REPORT_PERIODS)]
            )
        rows.append(
            ["Spread (pp)", *(_number(100 * self.spread[p]) for p in REPORT_PERIODS)]
        )
        return rows

    def _sections(self) -> list[_Section]:
        sections = [
            self._streak_section(),
            self._relative_section(),
            self._window_section(),
            self._rrg_section(),
        ]
        if self.rate_beta is not None:
            sections.append(self._rates_section())
        if self.valuation_gap is not None:
            sections.append(self._valuation_section())
        return sections

    def _streak_section(self) -> _Section:
        streak = self.streak
        rows: list[tuple[str, str]] = []
        if streak.length > 0:
            rows.append(("Rank among all runs", f"{streak.rank} of {streak.n_runs:,}"))
            rows.append(
                (
                    "Relative return of the run",
                    _percent(streak.relative_return, sign=True),
                )
            )
        if streak.record is not None:
            rows.append(
                ("Longest earlier run", _describe_run(streak.record, streak.unit))
            )
        return _Section(
            f"Outperformance streak ({self.asset} return above {self.benchmark}'s)",
            rows,
            streak.summary() + ".",
        )

    def _relative_section(self) -> _Section:
        peak = (
            ""
            if self.relative_peak is None
            else f" (peak on {_format_date(self.relative_peak)})"
        )
        return _Section(
            f"Relative strength since {_format_date(self.data_start)}",
            [
                (
                    "Relative strength line",
                    (
                        f"{_number(self.relative_strength, 4)} "
                        f"(1 on {_format_date(self.data_start)})"
                    ),
                ),
                ("Relative drawdown", _percent(self.relative_drawdown) + peak),
            ],
        )

    def _window_section(self) -> _Section:
        unit = _plural(self.window_periods, self.streak.unit)
        start = "n/a" if self.window_start is None else _format_date(self.window_start)
        return _Section(
            f"One year: {start} to {_format_date(self.data_end)} ({unit})",
            [
                (f"Beta on {self.benchmark}", _number(self.beta)),
                ("Tracking error, annualized", _percent(self.tracking_error)),
                ("Information ratio, annualized", _number(self.information_ratio)),
                (
                    "Up / down capture",
                    (
                        f"{_number(self.up_capture)} / {_number(self.down_capture)} "
                        f"(ratio {_number(self.capture_ratio)})"
                    ),
                ),
                ("Hit rate", _percent(self.hit_rate, digits=1)),
            ],
        )

    def _rrg_section(self) -> _Section:
        unit = self.streak.unit
        return _Section(
            f"Relative rotation graph ({RRG_WINDOW}-{unit} RS-ratio, "
            f"{RRG_MOMENTUM}-{unit} RS-momentum)",
            [
                ("Quadrant", self.rrg_quadrant or "n/a (history too short)"),
                (
                    "RS-ratio / RS-momentum",
                    f"{_number(self.rs_ratio)} / {_number(self.rs_momentum)}",
                ),
            ],
        )

    def _rates_section(self) -> _Section:
        labels = (
            (str(self.asset), self.rate_beta),
            (str(self.benchmark), self.benchmark_rate_beta),
            (f"{self.asset} over {self.benchmark}", self.relative_rate_beta),
        )
        return _Section(
            f"Rate sensitivity: return per +100 bp of {self.yields_name} (one year, "
            "Newey-West t)",
            [(label, _describe_rate_beta(result)) for label, result in labels],
        )

    def _valuation_section(self) -> _Section:
        start = (
            "" if self.valuation_start is None else _format_date(self.valuation_start)
        )
        date = "" if self.valuation_date is None else _format_date(self.valuation_date)
        return _Section(
            f"Valuation: gap of the multiples, history since {start} "
            f"({self.valuation_observations:,} observations)",
            [
                (
                    f"Multiples on {date}",
                    f"{_number(self.multiple)} against {_number(self.benchmark_multiple)}",
                ),
                (
                    "Premium (+) or discount (-)",
                    _percent(self.valuation_gap, sign=True),
                ),
                ("Z-score", _number(self.valuation_zscore)),
                ("Percentile rank", _percent(self.valuation_percentile, digits=1)),
            ],
        )

    # -- the figures as a nested dictionary ---------------------------------

    def _tree(self) -> dict[str, Any]:
        return {
            "asset": self.asset,
            "benchmark": self.benchmark,
            "asof": self.asof,
            "source": self.source,
            "data": {
                "start": self.data_start,
                "end": self.data_end,
                "periods": self.n_periods,
                "periods_per_year": self.periods_per_year,
            },
            "performance": {
                "asset": _by_period(_row(self.performance, self.asset)),
                "benchmark": _by_period(_row(self.performance, self.benchmark)),
                "spread": _by_period(self.spread),
            },
            "streak": self.streak.to_dict(),
            "relative": {
                "relative_strength": self.relative_strength,
                "relative_drawdown": self.relative_drawdown,
                "relative_peak": self.relative_peak,
            },
            "one_year": {
                "start": self.window_start,
                "end": self.data_end,
                "periods": self.window_periods,
                "beta": self.beta,
                "tracking_error": self.tracking_error,
                "information_ratio": self.information_ratio,
                "up_capture": self.up_capture,
                "down_capture": self.down_capture,
                "capture_ratio": self.capture_ratio,
                "hit_rate": self.hit_rate,
            },
            "rrg": {
                "quadrant": self.rrg_quadrant,
                "rs_ratio": self.rs_ratio,
                "rs_momentum": self.rs_momentum,
                "window": RRG_WINDOW,
                "momentum": RRG_MOMENTUM,
            },
            "rates": self._rates_tree(),
            "valuation": self._valuation_tree(),
        }

    def _rates_tree(self) -> dict[str, Any] | None:
        if self.rate_beta is None:
            return None
        return {
            "yields": self.yields_name,
            "yield_units": self.yield_units,
            "asset": _rate_beta_tree(self.rate_beta),
            "benchmark": _rate_beta_tree(self.benchmark_rate_beta),
            "relative": _rate_beta_tree(self.relative_rate_beta),
        }

    def _valuation_tree(self) -> dict[str, Any] | None:
        if self.valuation_gap is None:
            return None
        return {
            "date": self.valuation_date,
            "multiple": self.multiple,
            "benchmark_multiple": self.benchmark_multiple,
            "gap": self.valuation_gap,
            "zscore": self.valuation_zscore,
            "percentile": self.valuation_percentile,
            "start": self.valuation_start,
            "observations": self.valuation_observations,
            "method": "ratio",
        }


@dataclass(frozen=True, slots=True)
class _Section:
    """One block of the displayed report: a title, an optional sentence, rows."""

    title: str
    rows: list[tuple[str, str]]
    text: str = ""


@pandas_input("prices", "yields", "multiples")
def rotation_report(
    prices: pd.DataFrame,
    asset: Hashable,
    benchmark: Hashable,
    *,
    yields: pd.Series[float] | pd.DataFrame | None = None,
    multiples: _Multiples | None = None,
    asof: object = None,
    yield_units: YieldUnits = "percent",
) -> RotationReport:
    r"""Tell the rotation story of one asset against its benchmark in one call.

    Every figure comes from a public function of rotationkit, applied to the
    data **cut at** ``asof`` first, so that the report for a past date is
    exactly the report a user would have seen that day (no look-ahead).

    Parameters
    ----------
    prices : DataFrame
        Strictly positive prices, one column per asset (any number of them),
        indexed by a sorted DatetimeIndex.
    asset, benchmark : hashable
        The column of the asset and the column of the benchmark.
    yields : Series or one-column DataFrame, optional
        Yield levels (for example the 10-year Treasury yield) indexed by
        dates, quoted in ``yield_units``; adds the rate betas.
    multiples : DataFrame or pair of Series, optional
        Valuation multiples (P/E, ...) indexed by dates: a DataFrame with the
        columns ``asset`` and ``benchmark`` (the same names as in ``prices``),
        or a pair ``(asset_multiple, benchmark_multiple)``. Adds the valuation
        gap, its z-score and percentile.
    asof : date-like, optional
        The date of the report, between the first and the last date of
        ``prices``; defaults to the last date. A naive date is read in the
        time zone of the data.
    yield_units : {"percent", "decimal", "bp"}, default "percent"
        How ``yields`` are quoted.

    Returns
    -------
    RotationReport
        The figures, with ``print()``, ``to_dict()``, ``to_frame()``,
        ``to_markdown()``, ``plot()`` and an HTML view for notebooks.

    Raises
    ------
    InputError
        If ``prices`` is not a DataFrame with a DatetimeIndex, ``asset`` or
        ``benchmark`` is not one of its columns (the message lists them) or
        both are the same, ``asof`` lies outside the data, fewer than two
        dates remain, or an input is otherwise unusable (non-numeric,
        non-positive prices, unsorted dates, ...).
    AlignmentError
        If the yields or multiples share no date with the prices, or their
        time zones differ.
    FrequencyError
        If the number of periods per year cannot be inferred from the dates.
    ValueError
        If ``yield_units`` is unknown.

    Warns
    -----
    YieldUnitsWarning
        If the yields look like other units than ``yield_units``.

    See Also
    --------
    rotationkit.performance_table : The period-to-date returns.
    rotationkit.streak_context : The streak in context.
    rotationkit.rrg : The relative rotation graph.
    rotationkit.rate_beta : The rate betas.
    rotationkit.valuation_gap : The valuation gap.

    Notes
    -----
    With :math:`P` the asset's and :math:`B` the benchmark's prices, cut at
    ``asof``, and :math:`r, b` their simple returns:

    * **Returns**: :func:`~rotationkit.returns.performance_table` over
      :data:`REPORT_PERIODS`; the spread is :math:`R_P - R_B` per period.
    * **Streak**: :func:`~rotationkit.streaks.streak_context` of :math:`r`
      against :math:`b` over the whole history (outperformance is
      :math:`r_t > b_t`).
    * **Relative strength** :math:`RS_t = (P_t / B_t) / (P_0 / B_0)` and its
      drawdown :math:`RS_t / \max_{s \le t} RS_s - 1`, over the whole
      history.
    * **One year**: the returns dated after ``asof`` minus one calendar year
      (the periods behind the ``1Y`` return): :func:`~rotationkit.relative.beta`,
      :func:`~rotationkit.relative.tracking_error` and
      :func:`~rotationkit.relative.information_ratio` (both annualized with
      the periods per year of the whole price index),
      :func:`~rotationkit.relative.up_capture`,
      :func:`~rotationkit.relative.down_capture`,
      :func:`~rotationkit.relative.capture_ratio` and
      :func:`~rotationkit.relative.hit_rate`.
    * **RRG**: :func:`~rotationkit.rrg.rrg` with ``window=50`` and
      ``momentum=10`` periods, on the last date.
    * **Rates** (with ``yields``): :func:`~rotationkit.rates.rate_beta` of
      :math:`r`, of :math:`b` and of :math:`r - b` (the relative rate beta of
      :func:`~rotationkit.rates.relative_rate_beta`), on yield changes over
      the same one-year window, per +100 bp, with Newey-West standard errors.
    * **Valuation** (with ``multiples``): the gap
      :math:`g_t = m^P_t / m^B_t - 1` (:func:`~rotationkit.valuation.valuation_gap`,
      ``method="ratio"``), and its expanding, causal
      :func:`~rotationkit.valuation.zscore` and
      :func:`~rotationkit.valuation.percentile_rank` on the last date with a
      gap.

    Examples
    --------
    >>> import rotationkit as rk
    >>> prices = rk.datasets.synthetic_prices()  # synthetic, not market data
    >>> report = rk.rotation_report(prices, "SMALL", "LARGE", asof="2026-01-30")
    >>> print(report)  # doctest: +ELLIPSIS
    Rotation report: SMALL against LARGE, as of 2026-01-30
    ...
    Outperformance streak (SMALL return above LARGE's)
      10 sessions (2026-01-19 → 2026-01-30); longest since a 12-session run ending
      2016-07-13; ...
    >>> report.streak.length, report.rrg_quadrant, round(report.beta, 2)
    (10, 'leading', 1.11)
    """
    frame: object = prices
    if not isinstance(frame, pd.DataFrame):
        msg = (
            "`prices` must be a pandas DataFrame with one column per asset and a "
            f"DatetimeIndex, got {type(frame).__name__}"
        )
        raise InputError(msg)
    _check_column(frame, asset, "asset")
    _check_column(frame, benchmark, "benchmark")
    if asset == benchmark:
        msg = f"`asset` and `benchmark` are the same column ({asset!r}); pick two"
        raise InputError(msg)
    pair = frame[[asset, benchmark]]
    index = require_datetime_index(as_panel(pair, "prices", positive=True), "a report")
    stamp = _report_date(asof, index)
    # Everything below sees the data up to `asof` only: no look-ahead.
    data = pair.loc[:stamp]
    both = data.notna().all(axis=1)
    if int(both.sum()) < 2:
        msg = (
            f"`prices` has {int(both.sum())} date(s) with both {asset!r} and "
            f"{benchmark!r} up to {_format_date(stamp)}; the report needs at least two"
        )
        raise InputError(msg)
    periods_per_year = float(infer_periods_per_year(index[index <= stamp]))
    data_start = both.index[both.to_numpy()][0]
    # Streaks and the period count start where both series have prices: the
    # rows before say nothing about one of them.
    common_returns = to_returns(data.loc[data_start:])
    returns = to_returns(data)
    window = returns.loc[returns.index > stamp - pd.DateOffset(years=1)]
    table = performance_table(data, asof=stamp)[list(REPORT_PERIODS)]
    own, other = _column(data, asset), _column(data, benchmark)
    relative = _relative_figures(own, other)
    risk = _window_figures(
        _column(window, asset), _column(window, benchmark), periods_per_year
    )
    graph = _rrg_figures(own, other)
    rates = _rate_betas(window, asset, benchmark, yields, stamp, yield_units)
    valuation = _valuation(multiples, asset, benchmark, stamp)
    return RotationReport(
        asset=asset,
        benchmark=benchmark,
        asof=stamp,
        data_start=data_start,
        data_end=data.index[-1],
        n_periods=len(data.loc[data_start:]),
        periods_per_year=periods_per_year,
        source=_source(frame),
        performance=table,
        spread=(_row(table, asset) - _row(table, benchmark)).rename("spread"),
        streak=streak_context(
            _column(common_returns, asset), _column(common_returns, benchmark)
        ),
        relative_strength=relative.strength,
        relative_drawdown=relative.drawdown,
        relative_peak=relative.peak,
        window_start=window.index[0] if len(window) else None,
        window_periods=len(window),
        beta=risk.beta,
        tracking_error=risk.tracking_error,
        information_ratio=risk.information_ratio,
        up_capture=risk.up_capture,
        down_capture=risk.down_capture,
        capture_ratio=risk.capture_ratio,
        hit_rate=risk.hit_rate,
        rrg_quadrant=graph.quadrant,
        rs_ratio=graph.rs_ratio,
        rs_momentum=graph.rs_momentum,
        yields_name=None if rates is None else rates.name,
        yield_units=yield_units,
        rate_beta=None if rates is None else rates.asset,
        benchmark_rate_beta=None if rates is None else rates.benchmark,
        relative_rate_beta=None if rates is None else rates.relative,
        valuation_date=valuation.date,
        multiple=valuation.multiple,
        benchmark_multiple=valuation.benchmark_multiple,
        valuation_gap=valuation.gap,
        valuation_zscore=valuation.zscore,
        valuation_percentile=valuation.percentile,
        valuation_start=valuation.start,
        valuation_observations=valuation.observations,
        prices=data,
        yields=None if rates is None else rates.levels,
        multiples=valuation.data,
    )


# -- inputs --------------------------------------------------------------------


def _check_column(frame: pd.DataFrame, column: Hashable, argname: str) -> None:
    if column not in frame.columns:
        available = ", ".join(repr(name) for name in frame.columns)
        msg = (
            f"`{argname}` {column!r} is not a column of `prices`; "
            f"the columns are {available}"
        )
        raise InputError(msg)


def _column(frame: pd.DataFrame, column: Hashable) -> pd.Series[float]:
    series: pd.Series[float] = frame.loc[:, column]  # type: ignore[index]
    return series


def _row(frame: pd.DataFrame, label: Hashable) -> pd.Series[float]:
    series: pd.Series[float] = frame.loc[label]  # type: ignore[call-overload]
    return series


def _report_date(asof: object, index: pd.DatetimeIndex) -> pd.Timestamp:
    """Return ``asof`` as a Timestamp in the data's time zone, checked to lie in the data."""
    if asof is None:
        last: pd.Timestamp = index[-1]
        return last
    stamp = to_timestamp(asof, index, "asof")
    if not index[0] <= stamp <= index[-1]:
        msg = (
            f"`asof` {_format_date(stamp)} is outside the data "
            f"({_format_date(index[0])} to {_format_date(index[-1])}); "
            "pass a date within it"
        )
        raise InputError(msg)
    return stamp


def _source(prices: pd.DataFrame) -> str | None:
    source = prices.attrs.get("source")
    return source if isinstance(source, str) else None


def _dated_series(obj: object, argname: str) -> pd.Series[float]:
    """Return ``obj`` as a Series with a DatetimeIndex (a one-column DataFrame is squeezed)."""
    if isinstance(obj, pd.DataFrame):
        if obj.shape[1] != 1:
            msg = (
                f"`{argname}` must be a single series, got {obj.shape[1]} columns; "
                "select one column"
            )
            raise InputError(msg)
        obj = obj.iloc[:, 0]
    if not isinstance(obj, pd.Series):
        msg = (
            f"`{argname}` must be a pandas Series indexed by dates, "
            f"got {type(obj).__name__}"
        )
        raise InputError(msg)
    require_datetime_index(as_panel(obj, argname), "a report")
    series: pd.Series[float] = obj
    return series


def _cut(
    series: pd.Series[float], stamp: pd.Timestamp, argname: str
) -> pd.Series[float]:
    """Return ``series`` up to ``stamp``, refusing a time zone other than the prices'."""
    index = series.index
    assert isinstance(index, pd.DatetimeIndex)  # checked by _dated_series
    if str(index.tz) != str(stamp.tz):
        msg = (
            f"`{argname}` is in time zone {index.tz} but `prices` in {stamp.tz}; "
            "convert one of them (tz_convert, or tz_localize(None) for dates)"
        )
        raise AlignmentError(msg)
    return series.loc[:stamp]


# -- figures -------------------------------------------------------------------


class _Relative(NamedTuple):
    strength: float
    drawdown: float
    peak: pd.Timestamp | None


def _relative_figures(
    asset_prices: pd.Series[float], benchmark_prices: pd.Series[float]
) -> _Relative:
    line = relative_strength(asset_prices, benchmark_prices).dropna()
    drawdown = relative_drawdown(asset_prices, benchmark_prices).dropna()
    peaks = drawdown.index[drawdown.to_numpy() == 0.0]
    return _Relative(
        float(line.iloc[-1]),
        float(drawdown.iloc[-1]),
        peaks[-1] if len(peaks) else None,
    )


class _Risk(NamedTuple):
    beta: float
    tracking_error: float
    information_ratio: float
    up_capture: float
    down_capture: float
    capture_ratio: float
    hit_rate: float


def _window_figures(
    returns: pd.Series[float], benchmark: pd.Series[float], periods_per_year: float
) -> _Risk:
    if len(returns) == 0:
        return _Risk(*[math.nan] * len(_Risk._fields))
    per_year = periods_per_year
    return _Risk(
        beta=float(beta(returns, benchmark)),
        tracking_error=float(
            tracking_error(returns, benchmark, periods_per_year=per_year)
        ),
        information_ratio=float(
            information_ratio(returns, benchmark, periods_per_year=per_year)
        ),
        up_capture=float(up_capture(returns, benchmark, periods_per_year=per_year)),
        down_capture=float(down_capture(returns, benchmark, periods_per_year=per_year)),
        capture_ratio=float(
            capture_ratio(returns, benchmark, periods_per_year=per_year)
        ),
        hit_rate=float(hit_rate(returns, benchmark)),
    )


class _Graph(NamedTuple):
    quadrant: str | None
    rs_ratio: float
    rs_momentum: float


def _rrg_figures(
    asset_prices: pd.Series[float], benchmark_prices: pd.Series[float]
) -> _Graph:
    graph = rrg(
        asset_prices, benchmark_prices, window=RRG_WINDOW, momentum=RRG_MOMENTUM
    )
    last = graph.iloc[-1]
    quadrant = last["quadrant"]
    return _Graph(
        None if pd.isna(quadrant) else str(quadrant),
        float(last["rs_ratio"]),
        float(last["rs_momentum"]),
    )


class _Rates(NamedTuple):
    name: str
    asset: _OneRateBeta
    benchmark: _OneRateBeta
    relative: _OneRateBeta
    levels: pd.Series[float]


def _rate_betas(
    window: pd.DataFrame,
    asset: Hashable,
    benchmark: Hashable,
    yields: object,
    stamp: pd.Timestamp,
    yield_units: YieldUnits,
) -> _Rates | None:
    if yields is None:
        return None
    levels = _cut(_dated_series(yields, "yields"), stamp, "yields")
    if len(window) == 0 or len(levels) == 0:
        msg = "`yields` has no date in the one-year window of the report"
        raise InputError(msg)
    own, other = _column(window, asset), _column(window, benchmark)
    # One call site for the three regressions, so that a doubt about the units
    # of the yields is shown once (Python shows a warning once per place). The
    # excess return's rate beta is what relative_rate_beta() computes on
    # inputs that are already aligned.
    excess = own - other
    excess.name = own.name  # the asset's label, as relative_rate_beta() gives
    targets = {"asset": own, "benchmark": other, "relative": excess}
    betas = {
        role: rate_beta(target, levels, yield_units=yield_units)
        for role, target in targets.items()
    }
    return _Rates(
        name="yields" if levels.name is None else str(levels.name),
        asset=betas["asset"],
        benchmark=betas["benchmark"],
        relative=betas["relative"],
        levels=levels,
    )


class _Valuation(NamedTuple):
    date: pd.Timestamp | None = None
    multiple: float | None = None
    benchmark_multiple: float | None = None
    gap: float | None = None
    zscore: float | None = None
    percentile: float | None = None
    start: pd.Timestamp | None = None
    observations: int | None = None
    data: pd.DataFrame | None = None


def _multiple_pair(
    multiples: object, asset: Hashable, benchmark: Hashable
) -> tuple[pd.Series[float], pd.Series[float]]:
    if isinstance(multiples, pd.DataFrame):
        missing = [name for name in (asset, benchmark) if name not in multiples.columns]
        if missing:
            available = ", ".join(repr(name) for name in multiples.columns)
            msg = (
                f"`multiples` has no column {missing[0]!r}; pass a DataFrame with the "
                f"columns {asset!r} and {benchmark!r} (it has {available}), or a pair "
                "(asset_multiple, benchmark_multiple)"
            )
            raise InputError(msg)
        return (
            _dated_series(_column(multiples, asset), "multiples"),
            _dated_series(_column(multiples, benchmark), "multiples"),
        )
    if isinstance(multiples, (tuple, list)) and len(multiples) == 2:
        return (
            _dated_series(multiples[0], "multiples"),
            _dated_series(multiples[1], "multiples"),
        )
    msg = (
        "`multiples` must be a DataFrame with a column for the asset and one for the "
        f"benchmark, or a pair of Series, got {type(multiples).__name__}"
    )
    raise InputError(msg)


def _valuation(
    multiples: object, asset: Hashable, benchmark: Hashable, stamp: pd.Timestamp
) -> _Valuation:
    if multiples is None:
        return _Valuation()
    first, second = _multiple_pair(multiples, asset, benchmark)
    own = _cut(first, stamp, "multiples")
    other = _cut(second, stamp, "multiples")
    gap = valuation_gap(own, other) if len(own) and len(other) else own.iloc[:0]
    valid = gap.dropna()
    if valid.empty:
        msg = (
            "`multiples` has no date with both multiples up to "
            f"{_format_date(stamp)}; pass multiples that overlap the prices"
        )
        raise InputError(msg)
    date = valid.index[-1]
    data: pd.DataFrame = pd.concat(
        [own.rename("asset"), other.rename("benchmark")], axis=1, join="inner"
    )
    return _Valuation(
        date=date,
        multiple=float(data.loc[date, "asset"]),
        benchmark_multiple=float(data.loc[date, "benchmark"]),
        gap=float(valid.iloc[-1]),
        zscore=float(zscore(gap).loc[date]),
        percentile=float(percentile_rank(gap).loc[date]),
        start=valid.index[0],
        observations=len(valid),
        data=data,
    )


# -- formatting ----------------------------------------------------------------


def _wrap(text: str, indent: str = "") -> list[str]:
    """Wrap ``text`` for a terminal without separating a number from its unit."""
    glued = text.replace(" %", "\N{NO-BREAK SPACE}%")
    lines = textwrap.wrap(
        glued, _TEXT_WIDTH, initial_indent=indent, subsequent_indent=indent
    )
    return [line.replace("\N{NO-BREAK SPACE}", " ") for line in lines]


def _format_date(stamp: pd.Timestamp) -> str:
    """Return ``YYYY-MM-DD`` for a date at midnight, ISO 8601 date and time otherwise."""
    if stamp == stamp.normalize():
        return stamp.strftime("%Y-%m-%d")
    return stamp.isoformat()


def _number(value: float | None, digits: int = 2) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def _percent(value: float | None, *, digits: int = 2, sign: bool = False) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    plus = "+" if sign else ""
    return f"{100 * value:{plus},.{digits}f} %"


def _sign_colour(value: float) -> str:
    """Return a CSS colour for a gain (green) or a loss (red); none for 0 or NaN."""
    if value > 0:
        return "color:#1a7f37;"
    if value < 0:
        return "color:#c62828;"
    return ""


def _plural(count: int, unit: str) -> str:
    return f"{count:,} {unit}" + ("" if count == 1 else "s")


def _describe_run(run: Run, unit: str) -> str:
    return (
        f"{run.length} {unit}s, {_format_label(run.start)} to {_format_label(run.end)} "
        f"({_percent(run.relative_return, sign=True)})"
    )


def _format_label(label: Hashable) -> str:
    return _format_date(label) if isinstance(label, pd.Timestamp) else str(label)


def _describe_rate_beta(result: _OneRateBeta | None) -> str:
    if result is None:
        return "n/a"
    return (
        f"{_percent(result.beta, sign=True)} (t = {_number(result.tstat)}, "
        f"{result.nobs:,} observations)"
    )


def _by_period(values: pd.Series[float]) -> dict[str, float]:
    return {period: float(values[period]) for period in REPORT_PERIODS}


def _rate_beta_tree(result: _OneRateBeta | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "beta": result.beta,
        "stderr": result.stderr,
        "tstat": result.tstat,
        "pvalue": result.pvalue,
        "r2": result.r2,
        "nobs": result.nobs,
        "lags": result.lags,
        "missing_yield_changes": result.missing_yield_changes,
    }


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            items.extend(_flatten(value, f"{name}."))
        else:
            items.append((name, value))
    return items


def _jsonable(value: Any) -> Any:
    """Convert a nested structure of report values to JSON-serializable types."""
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, pd.Timestamp):
        return _format_date(value)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if pd.isna(value):
        return None
    return str(value)
