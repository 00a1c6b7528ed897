"""The ``rotationkit`` command line.

``rotationkit --version`` prints the version; ``rotationkit demo`` prints a
performance table of the synthetic sample panel.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import TYPE_CHECKING

from rotationkit import __version__
from rotationkit.datasets import synthetic_prices
from rotationkit.returns import performance_table

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

__all__ = ["format_percent_table", "main"]


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


def _demo(_: argparse.Namespace) -> int:
    prices = synthetic_prices()
    table = performance_table(prices)
    asof = prices.index[-1].date()
    lines = [
        (
            f"rotationkit {__version__} demo: SYNTHETIC data "
            "(rotationkit.datasets.synthetic_prices), not market data"
        ),
        f"Returns to {asof}, in percent",
        "",
        format_percent_table(table),
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rotationkit",
        description="Measure market rotations: relative performance, streaks, valuation gaps, rate sensitivity.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo", help="show a performance table of the synthetic sample panel"
    )
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``).

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments, without the program name.

    Returns
    -------
    int
        The exit status: 0 on success, 2 for a usage error.

    Examples
    --------
    >>> from rotationkit.cli import main
    >>> main(["demo"])  # doctest: +ELLIPSIS
    rotationkit ... demo: SYNTHETIC data ...
    0
    """
    parser = _parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    if args.command is None:
        parser.print_help()
        return 2
    status: int = args.run(args)
    return status
