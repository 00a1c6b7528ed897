"""The ``rotationkit`` command line.

``rotationkit demo`` prints the rotation report of the synthetic sample panel
(small caps against large caps) with the bundled Treasury yields;
``rotationkit report PRICES.csv --asset COL --benchmark COL`` prints the same
report for your own CSV file, as text, Markdown or JSON, and ``--plot
FILE.png`` saves its chart. ``rotationkit precompile`` compiles the numba
engine's kernels ahead of use. ``rotationkit --version`` prints the version.

Bad input (a missing file, an unknown column, dates or prices that cannot be
read, an ``--asof`` outside the data) gives a one-line message on standard
error and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import textwrap
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from rotationkit import __version__
from rotationkit._engine import precompile
from rotationkit.datasets import synthetic_prices, treasury_yields
from rotationkit.errors import RotationkitError
from rotationkit.report import rotation_report
from rotationkit.returns import performance_table

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rotationkit.report import RotationReport

__all__ = ["format_percent_table", "main"]

FORMATS = ("text", "markdown", "json")
# Missing-value markers in CSV files besides pandas' defaults: FRED writes ".".
_NA_VALUES = ["."]
_DEMO_YIELD = "DGS10"


class _UsageError(Exception):
    """Bad input on the command line: reported in one line, exit status 2."""


def format_percent_table(table: pd.DataFrame, *, decimals: int = 2) -> str:
    """Format a table of fractions as aligned percentages for a terminal.

    Parameters
    ----------
    table : DataFrame
        Values as fractions (0.05 is 5 %); NaN prints as ``n/a``.
    decimals : int, default 2
        Decimals after the point.

    Returns
    -------
    str
        The table, one line per row, columns right-aligned.

    Examples
    --------
    >>> import pandas as pd
    >>> from rotationkit.cli import format_percent_table
    >>> table = pd.DataFrame({"YTD": [0.0512, float("nan")]}, index=["small", "large"])
    >>> print(format_percent_table(table))
                YTD
    small     5.12%
    large       n/a
    """
    cells = [
        [str(label)] + [_percent(value, decimals) for value in row]
        for label, row in zip(table.index, table.to_numpy(), strict=True)
    ]
    header = [""] + [str(column) for column in table.columns]
    width = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    width[1:] = [max(w, 7) for w in width[1:]]
    lines = [_join(header, width)] + [_join(line, width) for line in cells]
    return "\n".join(lines)


def _percent(value: float, decimals: int) -> str:
    return "n/a" if math.isnan(value) else f"{value * 100:.{decimals}f}%"


def _join(cells: Sequence[str], width: Sequence[int]) -> str:
    first = cells[0].ljust(width[0])
    rest = "  ".join(
        cell.rjust(w) for cell, w in zip(cells[1:], width[1:], strict=True)
    )
    return f"{first}  {rest}".rstrip()


# -- commands ------------------------------------------------------------------


def _precompile(_args: argparse.Namespace) -> int:
    try:
        seconds = precompile()
    except ImportError as exc:
        raise _UsageError(str(exc)) from exc
    sys.stdout.write(
        f"The kernels of the numba engine are compiled and cached ({seconds:.1f} s).\n"
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    prices = synthetic_prices()
    yields = _demo_yields()
    report = rotation_report(prices, "SMALL", "LARGE", yields=yields)
    if args.format == "json":
        _emit(report, "json")
    else:
        header = [
            (
                "rotationkit demo: SYNTHETIC prices, not market data "
                "(rotationkit.datasets.synthetic_prices)."
            )
        ]
        if yields is not None:
            header.append(
                f"Yields: the real US 10-year Treasury yield ({_DEMO_YIELD}, H.15, "
                "bundled with rotationkit). The synthetic prices were not made "
                "from it: the rate betas only illustrate the method."
            )
        table = performance_table(prices)
        asof = prices.index[-1].date()
        if args.format == "markdown":
            _write("".join(f"_{line}_\n\n" for line in header))
        else:
            lines = [
                *(wrapped for line in header for wrapped in textwrap.wrap(line, 88)),
                "",
                f"Returns of the synthetic panel to {asof}, in percent",
                format_percent_table(table),
                "",
                "",
            ]
            _write("\n".join(lines))
        _emit(report, args.format)
    _save_plot(report, args.plot)
    return 0


def _report(args: argparse.Namespace) -> int:
    prices = _read_csv(args.prices, "prices", args.date_column)
    _check_columns(
        prices, args.prices, {"--asset": args.asset, "--benchmark": args.benchmark}
    )
    for column in (args.asset, args.benchmark):
        prices[column] = _numbers(prices[column], args.prices)
    yields = None
    if args.yields is not None:
        yields = _read_yields(args.yields, args.yield_column, args.date_column)
    elif args.yield_column is not None:
        msg = "--yield-column needs --yields FILE.csv"
        raise _UsageError(msg)
    report = rotation_report(
        prices,
        args.asset,
        args.benchmark,
        yields=yields,
        asof=args.asof,
        yield_units=args.yield_units,
    )
    _emit(report, args.format)
    _save_plot(report, args.plot)
    return 0


def _demo_yields() -> pd.Series[float] | None:
    """Return the bundled 10-year yield, or ``None`` if the data file is missing."""
    try:
        levels: pd.Series[float] = treasury_yields()[_DEMO_YIELD]
    except (OSError, KeyError):  # a trimmed installation without the data
        return None
    return levels


def _emit(report: RotationReport, output: str) -> None:
    if output == "json":
        _write(json.dumps(report.to_dict(), indent=2) + "\n")
    elif output == "markdown":
        _write(report.to_markdown())
    else:
        _write(str(report) + "\n")


def _write(text: str) -> None:
    """Write to standard output, replacing characters the terminal cannot show."""
    encoding = sys.stdout.encoding or "utf-8"
    sys.stdout.write(text.encode(encoding, "replace").decode(encoding))


def _save_plot(report: RotationReport, path: str | None) -> None:
    if path is None:
        return
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415
    except ImportError as exc:
        msg = "--plot needs matplotlib; install it with pip install 'rotationkit[plot]'"
        raise _UsageError(msg) from exc
    figure = Figure(figsize=(13, 12 if report.multiples is not None else 8.5))
    report.plot(fig=figure)
    try:
        figure.savefig(path, dpi=100)
    except (OSError, ValueError) as exc:
        msg = f"cannot save the chart to {path!r}: {_first_line(exc)}"
        raise _UsageError(msg) from exc
    sys.stderr.write(f"rotationkit: chart saved to {path}\n")


# -- reading CSV files ---------------------------------------------------------


def _read_csv(path: str, what: str, date_column: str | None) -> pd.DataFrame:
    """Read a CSV file into a frame indexed by its parsed, sorted date column."""
    if not Path(path).is_file():
        problem = "is a directory" if Path(path).is_dir() else "does not exist"
        msg = f"{what} file {path!r} {problem}"
        raise _UsageError(msg)
    try:
        frame: pd.DataFrame = pd.read_csv(path, na_values=_NA_VALUES)
    except (
        OSError,
        UnicodeDecodeError,
        pd.errors.ParserError,
        pd.errors.EmptyDataError,
    ) as exc:
        msg = f"cannot read {what} file {path!r} as CSV: {_first_line(exc)}"
        raise _UsageError(msg) from exc
    column = date_column if date_column in frame.columns else frame.columns[0]
    if (
        date_column is not None
        and date_column not in frame.columns
        and what == "prices"
    ):
        msg = (
            f"--date-column {date_column!r} is not a column of {path}; "
            f"the columns are {_listing(frame.columns)}"
        )
        raise _UsageError(msg)
    if frame.shape[1] < 2:
        msg = (
            f"{what} file {path!r} needs a date column and at least one column of "
            f"values; it has {_listing(frame.columns)}"
        )
        raise _UsageError(msg)
    dates = _dates(frame[column], path, str(column))
    frame = frame.drop(columns=column).set_index(dates).sort_index(kind="stable")
    if not frame.index.is_unique:
        duplicate = frame.index[frame.index.duplicated()][0]
        msg = f"{path} has the date {duplicate} more than once; keep one row per date"
        raise _UsageError(msg)
    return frame


def _dates(column: pd.Series[Any], path: str, name: str) -> pd.DatetimeIndex:
    """Parse a column of dates, naming the first value that is not a date."""
    missing = column.isna().to_numpy()
    if missing.any():
        row = int(missing.argmax())
        msg = f"row {row + 2} of {path} has no date in column {name!r}"
        raise _UsageError(msg)
    # Parse text, never numbers: 20260105 is a date, not 20 microseconds after 1970.
    text = column.astype(str)
    try:
        with warnings.catch_warnings():
            # pandas warns when it parses each date on its own; the result is checked.
            warnings.simplefilter("ignore", UserWarning)
            parsed = pd.to_datetime(text, errors="coerce")
    except (ValueError, TypeError, OverflowError) as exc:
        msg = f"cannot read the dates in column {name!r} of {path}: {_first_line(exc)}"
        raise _UsageError(msg) from exc
    bad = parsed.isna().to_numpy()
    if bad.any():
        row = int(bad.argmax())
        msg = (
            f"cannot read {text.iloc[row]!r} (row {row + 2} of {path}) as a date; "
            f"pass the column of dates with --date-column"
        )
        raise _UsageError(msg)
    index: pd.DatetimeIndex = pd.DatetimeIndex(parsed, name="date")
    return index


def _check_columns(frame: pd.DataFrame, path: str, wanted: dict[str, str]) -> None:
    for option, column in wanted.items():
        if column not in frame.columns:
            msg = (
                f"{option} {column!r} is not a column of {path}; "
                f"the columns are {_listing(frame.columns)}"
            )
            raise _UsageError(msg)


def _numbers(column: pd.Series[Any], path: str) -> pd.Series[float]:
    """Return a column as floats, naming the first value that is not a number."""
    values = pd.to_numeric(column, errors="coerce")
    bad = (values.isna() & column.notna()).to_numpy()
    if bad.any():
        row = int(bad.argmax())
        msg = (
            f"column {column.name!r} of {path} holds {column.iloc[row]!r} on "
            f"{column.index[row].date()}, which is not a number"
        )
        raise _UsageError(msg)
    numbers: pd.Series[float] = values.astype(float)
    return numbers


def _read_yields(
    path: str, column: str | None, date_column: str | None
) -> pd.Series[float]:
    frame = _read_csv(path, "yields", date_column)
    if column is None:
        if frame.shape[1] != 1:
            msg = (
                f"{path} has several columns of values; pick the yield with "
                f"--yield-column (one of {_listing(frame.columns)})"
            )
            raise _UsageError(msg)
        column = str(frame.columns[0])
    _check_columns(frame, path, {"--yield-column": column})
    return _numbers(frame[column], path)


def _listing(columns: pd.Index) -> str:
    return ", ".join(repr(str(name)) for name in columns)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (captured output)
        pass


# -- the parser ----------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rotationkit",
        description=(
            "Measure market rotations: relative performance, streaks, valuation "
            "gaps, rate sensitivity."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="print the rotation report of the synthetic sample data",
        description=(
            "Print the rotation report of SMALL against LARGE in the synthetic "
            "sample panel, with the bundled 10-year Treasury yield."
        ),
    )
    _output_options(demo)
    demo.set_defaults(run=_demo)
    report = commands.add_parser(
        "report",
        help="print the rotation report of two columns of a CSV file of prices",
        description=(
            "Read a CSV file of prices (a column of dates, one column per asset) "
            "and print the rotation report of --asset against --benchmark."
        ),
    )
    report.add_argument("prices", metavar="PRICES.csv", help="CSV file of prices")
    report.add_argument(
        "--asset", required=True, metavar="COL", help="column of the asset"
    )
    report.add_argument(
        "--benchmark", required=True, metavar="COL", help="column of the benchmark"
    )
    report.add_argument(
        "--date-column",
        metavar="COL",
        help="column of dates (default: the first column of each file)",
    )
    report.add_argument(
        "--yields", metavar="CSV", help="CSV file of yield levels (dates and yields)"
    )
    report.add_argument(
        "--yield-column",
        metavar="COL",
        help="column of the yield in --yields (default: its only column of values)",
    )
    report.add_argument(
        "--yield-units",
        choices=("percent", "decimal", "bp"),
        default="percent",
        help="how the yields are quoted: 4.26, 0.0426 or 426 (default: percent)",
    )
    report.add_argument(
        "--asof", metavar="DATE", help="date of the report (default: the last date)"
    )
    _output_options(report)
    report.set_defaults(run=_report)
    compile_now = commands.add_parser(
        "precompile",
        help="compile and cache the kernels of the numba engine now",
        description=(
            "Compile every kernel of the numba engine (pip install "
            "'rotationkit[fast]') and cache it on disk, so that later "
            "processes start without compiling."
        ),
    )
    compile_now.set_defaults(run=_precompile)
    return parser


def _output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text)",
    )
    command.add_argument(
        "--plot", metavar="FILE.png", help="also save the report's chart to this file"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name.

    Returns
    -------
    int
        The exit status: 0 on success, 2 for a usage error or bad input (with
        a one-line message on standard error).

    Examples
    --------
    >>> from rotationkit.cli import main
    >>> main(["demo"])  # doctest: +ELLIPSIS
    rotationkit demo: SYNTHETIC prices, not market data ...
    0
    """
    parser = _parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    if args.command is None:
        parser.print_help()
        return 2
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            status: int = args.run(args)
    except BrokenPipeError:
        _silence_stdout()  # the reader (`| head`) has gone: stop quietly
        return 1
    except (_UsageError, RotationkitError, OSError) as exc:
        sys.stderr.write(f"rotationkit: error: {' '.join(str(exc).split())}\n")
        return 2
    messages = {" ".join(str(warning.message).split()): None for warning in caught}
    for message in messages:  # each once, in order
        sys.stderr.write(f"rotationkit: warning: {message}\n")
    return status
