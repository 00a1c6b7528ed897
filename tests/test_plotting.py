"""Tests of the charts: what was drawn (lines, patches, labels), on the Agg backend."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk
from rotationkit import plotting

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg", force=True)

from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D

ASSET, BENCH = "SMALL", "LARGE"
ORANGE = "#ff7f0e"


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return rk.datasets.synthetic_prices(start="2023-01-02")


@pytest.fixture
def ax() -> Axes:
    axes: Axes = Figure(figsize=(8, 5)).subplots()
    return axes


@pytest.fixture(autouse=True)
def _close_pyplot_figures() -> Iterator[None]:
    import matplotlib.pyplot as plt

    yield
    plt.close("all")


def _y(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_ydata(), dtype=float)


def _x(line: Line2D) -> np.ndarray:
    return np.asarray(line.get_xdata(), dtype=float)


def _legend_texts(axes: Axes) -> list[str]:
    legend = axes.get_legend()
    assert legend is not None
    return [text.get_text() for text in legend.get_texts()]


def _brute_runs(wins: np.ndarray) -> list[tuple[int, int]]:
    """Return (first, last) row positions of the runs of True."""
    runs, start = [], None
    for position, win in enumerate(wins):
        if win and start is None:
            start = position
        elif not win and start is not None:
            runs.append((start, position - 1))
            start = None
    if start is not None:
        runs.append((start, len(wins) - 1))
    return runs


# -- relative strength ---------------------------------------------------------------


def test_relative_strength_line_and_shaded_runs(panel: pd.DataFrame, ax: Axes) -> None:
    result = plotting.plot_relative_strength(panel[ASSET], panel[BENCH], ax=ax)
    assert result is ax
    line = ax.get_lines()[0]
    ratio = panel[ASSET] / panel[BENCH]
    np.testing.assert_allclose(_y(line), ratio / ratio.iloc[0], rtol=1e-12)
    returns = panel.pct_change().iloc[1:]
    runs = _brute_runs((returns[ASSET] > returns[BENCH]).to_numpy())
    *earlier, current = runs
    current_length = current[1] - current[0] + 1
    long_ones = [run for run in earlier if run[1] - run[0] + 1 >= 5]
    spans = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
    # one span per earlier run of 5+ sessions, and one for the current run
    assert len(spans) == len(long_ones) + 1
    first = spans[0]
    start, end = long_ones[0]
    # shaded from the close before the run to its last close (x in days)
    dates = matplotlib.dates.num2date(
        [first.get_x(), first.get_x() + first.get_width()]
    )
    assert dates[0].date() == returns.index[start - 1].date()
    assert dates[1].date() == returns.index[end].date()
    assert to_hex(spans[-1].get_facecolor()) == ORANGE
    current_line = ax.get_lines()[-1]
    assert len(_y(current_line)) == current_length + 1
    assert _legend_texts(ax) == [
        "SMALL / LARGE",
        "runs of 5+ sessions beating LARGE",
        f"current run: {current_length} sessions",
    ]
    assert ax.get_title() == "Relative strength of SMALL against LARGE"
    assert ax.get_ylabel() == "Relative strength (1 on 2023-01-02)"


def test_relative_strength_without_a_current_run(ax: Axes) -> None:
    index = pd.bdate_range("2026-01-05", periods=6)
    small = pd.Series([100, 102, 104, 106, 105, 104.0], index=index, name="S")
    large = pd.Series([100.0] * 6, index=index, name="L")
    plotting.plot_relative_strength(small, large, min_length=2, ax=ax)
    assert len(ax.patches) == 1  # the earlier run of 3; nothing in progress
    assert not any("current" in text for text in _legend_texts(ax))


def test_relative_strength_draws_on_a_new_figure_by_default(
    panel: pd.DataFrame,
) -> None:
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    axes = plotting.plot_relative_strength(panel[ASSET], panel[BENCH])
    assert len(plt.get_fignums()) == before + 1
    assert axes.figure is plt.gcf()


# -- run lengths ---------------------------------------------------------------------


def test_streak_bars_count_the_runs(panel: pd.DataFrame, ax: Axes) -> None:
    returns = panel.pct_change().iloc[1:]
    plotting.plot_streaks(returns[ASSET], returns[BENCH], ax=ax)
    runs = _brute_runs((returns[ASSET] > returns[BENCH]).to_numpy())
    lengths = pd.Series([last - first + 1 for first, last in runs]).value_counts()
    drawn = {
        round(bar.get_x() + bar.get_width() / 2): int(bar.get_height())
        for bar in ax.patches
        if isinstance(bar, Rectangle)
    }
    assert drawn == lengths.to_dict()
    current = [
        bar
        for bar in ax.patches
        if isinstance(bar, Rectangle) and to_hex(bar.get_facecolor()) == ORANGE
    ]
    assert len(current) == 1
    last_run = runs[-1][1] - runs[-1][0] + 1
    assert round(current[0].get_x() + current[0].get_width() / 2) == last_run
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "Run length (sessions in a row beating LARGE)"
    legend = _legend_texts(ax)
    assert legend[0] == "runs since 2023-01-03"
    assert legend[1].startswith(f"current run: {last_run} sessions, rank 1 of")


def test_streaks_need_series(panel: pd.DataFrame, ax: Axes) -> None:
    with pytest.raises(rk.InputError, match="`returns` must be a pandas Series"):
        plotting.plot_streaks(panel.to_numpy()[:, 0], panel[BENCH], ax=ax)  # type: ignore[arg-type]


# -- relative rotation graph ------------------------------------------------------


def test_rrg_draws_quadrants_and_tails(panel: pd.DataFrame, ax: Axes) -> None:
    plotting.plot_rrg(panel[[ASSET, "GROWTH"]], panel[BENCH], tail=8, ax=ax)
    graph = rk.rrg(panel[[ASSET, "GROWTH"]], panel[BENCH])
    lines = ax.get_lines()
    tails = [line for line in lines if line.get_label() in (ASSET, "GROWTH")]
    assert [line.get_label() for line in tails] == [ASSET, "GROWTH"]
    for line in tails:
        expected = graph.loc[str(line.get_label())].iloc[-8:]
        np.testing.assert_allclose(_x(line), expected["rs_ratio"])
        np.testing.assert_allclose(_y(line), expected["rs_momentum"])
    quadrants = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
    assert len(quadrants) == 4
    names = {text.get_text() for text in ax.texts}
    assert {"Leading", "Weakening", "Lagging", "Improving", ASSET, "GROWTH"} <= names
    x_low, x_high = ax.get_xlim()
    assert x_low < 100 < x_high
    assert x_high - 100 == pytest.approx(100 - x_low)
    assert ax.get_title() == "Relative rotation graph against LARGE (last 8 sessions)"
    assert ax.get_xlabel() == "RS-ratio (100 = at its 50-session average)"
    assert _legend_texts(ax) == [ASSET, "GROWTH"]


def test_rrg_of_one_asset_is_labelled_without_a_legend(
    panel: pd.DataFrame, ax: Axes
) -> None:
    plotting.plot_rrg(panel[ASSET], panel[BENCH], ax=ax)
    assert ax.get_legend() is None
    assert ASSET in {text.get_text() for text in ax.texts}


def test_rrg_bad_input(panel: pd.DataFrame, ax: Axes) -> None:
    with pytest.raises(ValueError, match="`tail` must be a positive"):
        plotting.plot_rrg(panel[ASSET], panel[BENCH], tail=0, ax=ax)
    with pytest.raises(rk.InputError, match="`prices` must be a pandas Series"):
        plotting.plot_rrg([1.0, 2.0], panel[BENCH], ax=ax)  # type: ignore[arg-type]
    with pytest.raises(rk.InputError, match="need 60 periods"):
        plotting.plot_rrg(panel[ASSET].iloc[:30], panel[BENCH].iloc[:30], ax=ax)


# -- z-score bands -----------------------------------------------------------------


def _gap() -> pd.Series[float]:
    rng = np.random.default_rng(5)
    index = pd.date_range("2015-01-31", periods=120, freq="ME")
    values = -0.1 + np.cumsum(rng.normal(0.0, 0.01, 120))
    gap: pd.Series[float] = pd.Series(values, index=index, name="gap")
    return gap


@pytest.mark.parametrize("window", [None, 36])
def test_zscore_bands_match_the_zscore(ax: Axes, window: int | None) -> None:
    gap = _gap()
    plotting.plot_zscore(gap, window=window, ax=ax)
    bands = [item for item in ax.collections if isinstance(item, PolyCollection)]
    assert len(bands) == 2  # two standard deviations, then one
    mean_line, value_line, latest = ax.get_lines()
    np.testing.assert_allclose(_y(value_line), gap)
    mean = _y(mean_line)
    valid = ~np.isnan(mean)
    # The polygon of the inner band runs along its lower edge, mean - s, first.
    edges = np.asarray(bands[1].get_paths()[0].vertices, dtype=float)
    lower = edges[1 : int(valid.sum()) + 1, 1]
    values = gap.to_numpy()[valid]
    z_drawn = (values - mean[valid]) / (mean[valid] - lower)
    np.testing.assert_allclose(
        z_drawn, rk.zscore(gap, window=window).to_numpy()[valid], rtol=1e-9
    )
    assert _y(latest)[0] == gap.iloc[-1]
    z_last = rk.zscore(gap, window=window).iloc[-1]
    assert _legend_texts(ax)[-1] == f"latest: {gap.iloc[-1]:.3g} (z = {z_last:.2f})"
    assert ax.get_ylabel() == "gap"
    how = "expanding window" if window is None else "36-period window"
    assert ax.get_title().startswith("gap: causal")
    assert ax.get_title().endswith(f"({how})")


def test_zscore_bands_are_causal(ax: Axes) -> None:
    gap = _gap()
    plotting.plot_zscore(gap, ax=ax)
    full = _y(ax.get_lines()[0])
    short_ax = Figure().subplots()
    plotting.plot_zscore(gap.iloc[:60], ax=short_ax)
    short = _y(short_ax.get_lines()[0])
    np.testing.assert_allclose(full[:60], short, equal_nan=True)


def test_zscore_needs_a_series(ax: Axes) -> None:
    with pytest.raises(rk.InputError, match="`values` must be a pandas Series"):
        plotting.plot_zscore(_gap().to_frame(), ax=ax)  # type: ignore[arg-type]


# -- rolling beta ------------------------------------------------------------------


def test_rolling_beta_matches_pandas(panel: pd.DataFrame, ax: Axes) -> None:
    returns = panel.pct_change().iloc[1:]
    plotting.plot_rolling_beta(returns[ASSET], returns[BENCH], 60, ax=ax)
    line = ax.get_lines()[0]
    expected = (
        returns[ASSET].rolling(60).cov(returns[BENCH])
        / returns[BENCH].rolling(60).var()
    )
    np.testing.assert_allclose(_y(line), expected, rtol=1e-9, equal_nan=True)
    whole = np.polyfit(returns[BENCH], returns[ASSET], 1)[0]
    assert _legend_texts(ax) == [ASSET, "beta = 1", f"whole sample: {whole:.2f}"]
    assert ax.get_title() == "Rolling 60-session beta of SMALL on LARGE"
    assert ax.get_ylabel() == "Beta"


def test_rolling_beta_of_a_panel_draws_one_line_per_asset(
    panel: pd.DataFrame, ax: Axes
) -> None:
    returns = panel.pct_change().iloc[1:]
    plotting.plot_rolling_beta(returns[[ASSET, "GROWTH"]], returns[BENCH], 60, ax=ax)
    assert _legend_texts(ax) == [ASSET, "GROWTH", "beta = 1"]
    assert ax.get_title() == "Rolling 60-session beta of each asset on LARGE"


def test_rolling_beta_bad_input(panel: pd.DataFrame, ax: Axes) -> None:
    returns = panel.pct_change().iloc[1:]
    with pytest.raises(rk.InputError, match="`returns` must be a pandas"):
        plotting.plot_rolling_beta([0.1, 0.2], returns[BENCH], 2, ax=ax)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="window"):
        plotting.plot_rolling_beta(returns[ASSET], returns[BENCH], 0, ax=ax)


# -- the report's figure -------------------------------------------------------------


def test_report_plot_has_four_panels(panel: pd.DataFrame, tmp_path: Path) -> None:
    report = rk.rotation_report(panel, ASSET, BENCH)
    figure = report.plot(fig=Figure(figsize=(12, 8)))
    titles = [axes.get_title() for axes in figure.axes]
    assert titles == [
        "Relative strength of SMALL against LARGE",
        "Relative rotation graph against LARGE (last 10 sessions)",
        "Runs of outperformance: SMALL against LARGE",
        f"Rolling {report.window_periods}-session beta of SMALL on LARGE",
    ]
    # The beta line ends at the report's one-year beta.
    beta_line = np.asarray(figure.axes[3].get_lines()[0].get_ydata(), dtype=float)
    assert beta_line[-1] == pytest.approx(report.beta, rel=1e-10)
    suptitle = figure.get_suptitle()
    assert suptitle == "SMALL against LARGE, as of 2026-01-30"
    assert "synthetic" in figure.get_supxlabel()
    path = tmp_path / "report.png"
    figure.savefig(path, dpi=40)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_plot_of_a_short_history_says_the_rrg_is_not_ready(
    panel: pd.DataFrame,
) -> None:
    report = rk.rotation_report(panel.iloc[:40], ASSET, BENCH)
    assert report.rrg_quadrant is None
    figure = report.plot(fig=Figure(figsize=(12, 8)))
    texts = [text.get_text() for axes in figure.axes for text in axes.texts]
    assert "RRG: history too short" in texts


def test_report_plot_with_multiples_adds_the_valuation_panel(
    panel: pd.DataFrame,
) -> None:
    index = pd.date_range("2023-01-31", "2026-01-31", freq="ME")
    multiples = pd.DataFrame(
        {ASSET: np.linspace(15.0, 13.0, len(index)), BENCH: 20.0}, index=index
    )
    report = rk.rotation_report(panel, ASSET, BENCH, multiples=multiples)
    figure = report.plot(fig=Figure(figsize=(12, 11)))
    assert len(figure.axes) == 5
    valuation = figure.axes[-1]
    assert valuation.get_title().startswith(
        "Valuation gap (SMALL / LARGE multiple - 1)"
    )
    gap = multiples[ASSET] / multiples[BENCH] - 1.0
    np.testing.assert_allclose(_y(valuation.get_lines()[1]), gap.loc[:"2026-01-30"])


def test_report_plot_on_a_pyplot_figure_by_default(panel: pd.DataFrame) -> None:
    import matplotlib.pyplot as plt

    figure = rk.rotation_report(panel, ASSET, BENCH).plot()
    assert figure is plt.gcf()
    assert len(figure.axes) == 4


# -- optional dependency -----------------------------------------------------------


def test_a_missing_matplotlib_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"rotationkit\[plot\]"):
        plotting.plot_zscore(_gap())


def test_importing_rotationkit_does_not_import_matplotlib() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, rotationkit; print('matplotlib' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip() == "False"
