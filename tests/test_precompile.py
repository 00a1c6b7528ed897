"""precompile() and ``rotationkit precompile``: the compiled kernels, ahead of use.

The main test runs in a fresh process, where numba's dispatchers start with
no compiled version: after :func:`rotationkit.precompile`, a wide range of
public calls (other shapes, windows, options, missing values and memory
layouts than precompile's own) must not add a single version.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

import rotationkit as rk
from rotationkit.cli import main


@pytest.mark.usefixtures("no_numba")
def test_without_numba_precompile_names_the_extra() -> None:
    with pytest.raises(ImportError, match=r"rotationkit\[fast\]"):
        rk.precompile()


@pytest.mark.usefixtures("no_numba")
def test_without_numba_the_command_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["precompile"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("rotationkit: error: the numba engine needs numba")
    assert captured.err.count("\n") == 1


def test_precompile_keeps_the_engine_chosen() -> None:
    pytest.importorskip("numba")
    with rk.engine("numpy"):
        seconds = rk.precompile()
        assert rk.get_engine() == "numpy"
    assert seconds > 0.0


def test_the_command_compiles_and_reports_the_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("numba")
    assert main(["precompile"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("The kernels of the numba engine are compiled")
    assert captured.out.rstrip().endswith(" s).")


# Run in a fresh process; prints, as JSON, how many compiled versions each
# dispatcher holds after precompile() ("before") and after the calls ("after").
_CALLS_AFTER_PRECOMPILE = """
import json
import warnings

import numpy as np
import pandas as pd
from numba.core.dispatcher import Dispatcher

import rotationkit as rk
from rotationkit import _kernels_numba as twins

warnings.simplefilter("error")


def versions():
    return {
        name: len(dispatcher.signatures)
        for name, dispatcher in vars(twins).items()
        if isinstance(dispatcher, Dispatcher)
    }


rk.precompile()
before = versions()
rng = np.random.default_rng(7)
rows = 260
index = pd.bdate_range("2010-01-01", periods=rows)
values = rng.normal(0.0, 0.012, (rows, 5))
values[:30, 2] = np.nan  # an asset listed later
values[100, 0] = np.nan
bench = pd.Series(rng.normal(0.0, 0.01, rows), index=index)
yields = 2.0 + bench.cumsum()
returns = pd.DataFrame(values, index=index)
prices = (1.0 + returns).cumprod()
layouts = {
    "frame": (returns, prices, bench, yields),
    "cut by date": (returns.iloc[20:], prices.iloc[20:], bench.iloc[20:], yields.iloc[20:]),
    "every other row": (
        returns.iloc[::2], prices.iloc[::2], bench.iloc[::2], yields.iloc[::2]
    ),
    "series": (returns[1], prices[1], bench, yields),
    "numpy, row-major": (
        np.ascontiguousarray(returns),
        np.ascontiguousarray(prices),
        bench.to_numpy(),
        yields.to_numpy(),
    ),
    "numpy, one column": (
        returns[0].to_numpy(), prices[0].to_numpy(), bench.to_numpy(), yields.to_numpy()
    ),
}
for r, p, b, y in layouts.values():
    bp = np.cumprod(1.0 + np.asarray(b))
    rk.to_returns(p)
    rk.rolling_beta(r, b, 40, min_periods=20)
    rk.rolling_correlation(r, b, 40)
    rk.rolling_rate_beta(r, y, 40)
    rk.zscore(p, window=40, min_periods=10)
    rk.zscore(p, min_periods=5)
    rk.percentile_rank(p, window=40)
    rk.percentile_rank(p)
    rk.implied_rerating(p, bp, target="median")
    rk.implied_rerating(p, bp, target="mean", window=40)
    rk.streaks(r, b, threshold=0.001, min_length=2)
    rk.run_lengths(np.asarray(r) > 0.0)
    rk.current_streak(r, b)
    rk.longest_streak(r, b)
    rk.rate_beta(r, y, lags=3)
    rk.relative_rate_beta(r, b, y)
    rk.empirical_duration(r, y)
    rk.rrg(p, bp)
    rk.breadth(p, window=30)
    rk.hit_rate(r, b)
rk.streak_context(returns[3], bench)
outperforms = returns.gt(bench, axis=0)
for condition in (outperforms, outperforms.iloc[20:], outperforms.iloc[::2]):
    rk.run_lengths(condition)
    rk.run_lengths(condition[1])
wide = pd.DataFrame(rng.normal(0.0, 0.01, (300, 500)))
rk.hit_rate(wide, wide[0])
rk.hit_rate(wide.iloc[:, :450], wide[0])
# Ranked in several blocks of columns, row-major.
levels = np.ascontiguousarray(np.cumsum(rng.normal(0.0, 0.01, (300, 4000)), axis=0))
rk.percentile_rank(levels, window=50)
after = versions()
print(json.dumps({"before": before, "after": after}))
"""


def test_precompile_leaves_nothing_for_later_calls_to_compile() -> None:
    pytest.importorskip("numba")
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CALLS_AFTER_PRECOMPILE)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    versions = json.loads(done.stdout.splitlines()[-1])
    before, after = versions["before"], versions["after"]
    added = {name: after[name] - before[name] for name in after}
    assert {name: n for name, n in added.items() if n} == {}
    # Kernels called from Python hold a version per layout of the panel,
    # compiled or loaded from the cache: the check above compared something.
    assert before["_trailing_runs"] == 3  # Fortran, strided and C
    assert before["_zscore_columns"] >= 3
