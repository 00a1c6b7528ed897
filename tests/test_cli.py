"""Tests of the command line, through its entry point and a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import rotationkit as rk
from rotationkit.cli import main

ASSET, BENCH = "SMALL", "LARGE"


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return rk.datasets.synthetic_prices(start="2022-01-03")


@pytest.fixture
def prices_csv(panel: pd.DataFrame, tmp_path: Path) -> Path:
    """Two price columns and a date column, newest first as many exports are."""
    path = tmp_path / "prices.csv"
    panel[[ASSET, BENCH]].iloc[::-1].to_csv(path)
    return path


@pytest.fixture
def yields_csv(tmp_path: Path) -> Path:
    """FRED-style yields: a DATE column, '.' for missing values, two series."""
    rates = rk.datasets.treasury_yields().loc["2021":, ["DGS10", "DGS2"]]
    path = tmp_path / "yields.csv"
    rates.rename_axis("DATE").to_csv(path, na_rep=".")
    return path


def _api_report(panel: pd.DataFrame, **options: object) -> rk.RotationReport:
    """The report the API gives on the data the CSV file holds."""
    frame = panel[[ASSET, BENCH]].copy()
    frame.attrs = {}
    frame.index = frame.index.rename("date")
    return rk.rotation_report(frame, ASSET, BENCH, **options)  # type: ignore[arg-type]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# -- demo ----------------------------------------------------------------------------


def test_demo_prints_a_labelled_table_and_the_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(["demo"], capsys)
    assert status == 0
    assert "SYNTHETIC" in out
    lines = out.splitlines()
    header = next(line for line in lines if line.strip().startswith("1D"))
    assert header.split() == ["1D", "WTD", "MTD", "QTD", "YTD", "1Y", "3Y", "5Y"]
    start = lines.index(header)
    rows = lines[start + 1 : start + 4]
    assert [row.split()[0] for row in rows] == ["SMALL", "LARGE", "GROWTH"]
    table = rk.performance_table(rk.datasets.synthetic_prices())
    assert rows[0].split()[5] == f"{table['YTD'].to_numpy()[0] * 100:.2f}%"
    report = rk.rotation_report(
        rk.datasets.synthetic_prices(),
        ASSET,
        BENCH,
        yields=rk.datasets.treasury_yields()["DGS10"],
    )
    assert out.endswith(str(report) + "\n")
    assert "Rate sensitivity: return per +100 bp of DGS10" in out


def test_demo_json_equals_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["demo", "--format", "json"], capsys)
    assert status == 0
    report = rk.rotation_report(
        rk.datasets.synthetic_prices(),
        ASSET,
        BENCH,
        yields=rk.datasets.treasury_yields()["DGS10"],
    )
    figures = json.loads(out)
    assert figures == report.to_dict()
    assert "synthetic" in figures["source"]


def test_demo_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["demo", "--format", "markdown"], capsys)
    assert status == 0
    assert out.startswith("_rotationkit ")
    assert "SYNTHETIC" in out.splitlines()[0]
    assert "## Rotation report: SMALL against LARGE" in out


def test_demo_saves_the_chart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "demo.png"
    status, _, err = _run(["demo", "--plot", str(path)], capsys)
    assert status == 0
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert err == f"rotationkit: chart saved to {path}\n"


# -- report --------------------------------------------------------------------------


def test_report_json_equals_the_api(
    panel: pd.DataFrame, prices_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", str(prices_csv), "--asset", ASSET, "--benchmark", BENCH]
    status, out, err = _run([*argv, "--format", "json"], capsys)
    assert (status, err) == (0, "")
    assert json.loads(out) == _api_report(panel).to_dict()


def test_report_text_and_markdown_equal_the_api(
    panel: pd.DataFrame, prices_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", str(prices_csv), "--asset", ASSET, "--benchmark", BENCH]
    report = _api_report(panel)
    assert _run(argv, capsys)[1] == str(report) + "\n"
    assert _run([*argv, "--format", "markdown"], capsys)[1] == report.to_markdown()


def test_report_with_yields_and_asof(
    panel: pd.DataFrame,
    prices_csv: Path,
    yields_csv: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [
        "report",
        str(prices_csv),
        "--asset",
        ASSET,
        "--benchmark",
        BENCH,
        "--yields",
        str(yields_csv),
        "--yield-column",
        "DGS10",
        "--asof",
        "2025-06-30",
        "--format",
        "json",
    ]
    status, out, err = _run(argv, capsys)
    assert (status, err) == (0, "")
    ten_year = rk.datasets.treasury_yields().loc["2021":, "DGS10"]
    expected = _api_report(panel, yields=ten_year, asof="2025-06-30").to_dict()
    figures = json.loads(out)
    assert figures["rates"]["yields"] == "DGS10"
    assert figures == expected


def test_report_reads_a_date_column_anywhere(
    panel: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = panel[[ASSET, BENCH]].reset_index().rename(columns={"date": "Day"})
    frame = frame[[ASSET, "Day", BENCH]]
    path = tmp_path / "prices.csv"
    frame.to_csv(path, index=False)
    argv = ["report", str(path), "--asset", ASSET, "--benchmark", BENCH]
    status, out, _ = _run([*argv, "--date-column", "Day", "--format", "json"], capsys)
    assert status == 0
    assert json.loads(out) == _api_report(panel).to_dict()


def test_report_warns_in_one_line(
    prices_csv: Path, yields_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "report",
        str(prices_csv),
        "--asset",
        ASSET,
        "--benchmark",
        BENCH,
        "--yields",
        str(yields_csv),
        "--yield-column",
        "DGS2",
        "--yield-units",
        "bp",
    ]
    status, _, err = _run(argv, capsys)
    assert status == 0
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("rotationkit: warning: `yields` is declared in bp")


# -- bad input -----------------------------------------------------------------------


def _error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("rotationkit: error: ")
    return lines[0].removeprefix("rotationkit: error: ")


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nowhere.csv"
    message = _error(["report", str(path), "--asset", "A", "--benchmark", "B"], capsys)
    assert message == f"prices file {str(path)!r} does not exist"


def test_a_directory_is_not_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = _error(
        ["report", str(tmp_path), "--asset", "A", "--benchmark", "B"], capsys
    )
    assert message.endswith("is a directory")


def test_unknown_column_lists_the_columns(
    prices_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = _error(
        ["report", str(prices_csv), "--asset", "TINY", "--benchmark", BENCH], capsys
    )
    assert message == (
        f"--asset 'TINY' is not a column of {prices_csv}; "
        "the columns are 'SMALL', 'LARGE'"
    )
    message = _error(
        ["report", str(prices_csv), "--asset", ASSET, "--benchmark", "X"], capsys
    )
    assert message.startswith("--benchmark 'X' is not a column")
    message = _error(
        [
            "report",
            str(prices_csv),
            "--asset",
            ASSET,
            "--benchmark",
            BENCH,
            "--date-column",
            "when",
        ],
        capsys,
    )
    assert "the columns are 'date', 'SMALL', 'LARGE'" in message


def test_unparsable_dates(
    panel: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = panel[[ASSET, BENCH]].reset_index()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame.loc[3, "date"] = "2022-13-45"
    path = tmp_path / "prices.csv"
    frame.to_csv(path, index=False)
    message = _error(
        ["report", str(path), "--asset", ASSET, "--benchmark", BENCH], capsys
    )
    assert message.startswith(f"cannot read '2022-13-45' (row 5 of {path}) as a date")
    frame.loc[3, "date"] = None
    frame.to_csv(path, index=False)
    message = _error(
        ["report", str(path), "--asset", ASSET, "--benchmark", BENCH], capsys
    )
    assert message == f"row 5 of {path} has no date in column 'date'"


def test_non_numeric_prices(
    panel: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = panel[[ASSET, BENCH]].astype(object)
    frame.iloc[7, 1] = "1,234.5"
    path = tmp_path / "prices.csv"
    frame.to_csv(path)
    message = _error(
        ["report", str(path), "--asset", ASSET, "--benchmark", BENCH], capsys
    )
    day = panel.index[7].date()
    assert message == (
        f"column 'LARGE' of {path} holds '1,234.5' on {day}, which is not a number"
    )


@pytest.mark.parametrize("asof", ["2021-12-31", "2026-03-02"])
def test_asof_outside_the_data(
    prices_csv: Path, asof: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", str(prices_csv), "--asset", ASSET, "--benchmark", BENCH]
    message = _error([*argv, "--asof", asof], capsys)
    assert message == (
        f"`asof` {asof} is outside the data (2022-01-03 to 2026-01-30); "
        "pass a date within it"
    )
    assert _error([*argv, "--asof", "someday"], capsys).startswith(
        "`asof` must be a date"
    )


def test_bad_prices_from_the_library(
    panel: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = panel[[ASSET, BENCH]].copy()
    frame.iloc[4, 0] = -1.0
    path = tmp_path / "prices.csv"
    frame.to_csv(path)
    message = _error(
        ["report", str(path), "--asset", ASSET, "--benchmark", BENCH], capsys
    )
    assert "`prices`" in message
    assert "positive" in message


def test_duplicated_dates(
    panel: pd.DataFrame, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = panel[[ASSET, BENCH]]
    path = tmp_path / "prices.csv"
    pd.concat([frame, frame.iloc[[5]]]).to_csv(path)
    message = _error(
        ["report", str(path), "--asset", ASSET, "--benchmark", BENCH], capsys
    )
    assert message == (
        f"{path} has the date {panel.index[5]} more than once; keep one row per date"
    )


def test_empty_and_one_column_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    message = _error(["report", str(empty), "--asset", "A", "--benchmark", "B"], capsys)
    assert message.startswith(f"cannot read prices file {str(empty)!r} as CSV")
    dates = tmp_path / "dates.csv"
    dates.write_text("date\n2026-01-02\n")
    message = _error(["report", str(dates), "--asset", "A", "--benchmark", "B"], capsys)
    assert message.endswith(
        "needs a date column and at least one column of values; it has 'date'"
    )


def test_yields_need_a_column(
    prices_csv: Path, yields_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["report", str(prices_csv), "--asset", ASSET, "--benchmark", BENCH]
    message = _error([*argv, "--yields", str(yields_csv)], capsys)
    assert message == (
        f"{yields_csv} has several columns of values; pick the yield with "
        "--yield-column (one of 'DGS10', 'DGS2')"
    )
    message = _error(
        [*argv, "--yields", str(yields_csv), "--yield-column", "DGS5"], capsys
    )
    assert message.startswith("--yield-column 'DGS5' is not a column")
    assert _error([*argv, "--yield-column", "DGS10"], capsys) == (
        "--yield-column needs --yields FILE.csv"
    )


def test_a_chart_that_cannot_be_saved(
    prices_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    argv = ["report", str(prices_csv), "--asset", ASSET, "--benchmark", BENCH]
    status, _, err = _run([*argv, "--plot", str(tmp_path / "no" / "chart.png")], capsys)
    assert status == 2
    assert err.startswith("rotationkit: error: cannot save the chart to")


# -- the parser ----------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"rotationkit {rk.__version__}"


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "demo" in out
    assert "report" in out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["dance"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_report_needs_asset_and_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "prices.csv"])
    assert exit_info.value.code == 2
    assert "--asset" in capsys.readouterr().err


# -- a subprocess, as a user runs it -----------------------------------------------------


def test_python_dash_m_runs_the_demo() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rotationkit", "demo"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "SYNTHETIC" in done.stdout
    assert "Rotation report: SMALL against LARGE" in done.stdout


def test_subprocess_report_equals_the_api_and_errors_are_one_line(
    panel: pd.DataFrame, prices_csv: Path
) -> None:
    argv = [sys.executable, "-m", "rotationkit", "report", str(prices_csv)]
    options = ["--asset", ASSET, "--benchmark", BENCH, "--format", "json"]
    done = subprocess.run(
        [*argv, *options], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == _api_report(panel).to_dict()
    failed = subprocess.run(
        [*argv, "--asset", "TINY", "--benchmark", BENCH],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert failed.stderr.count("\n") == 1
    assert "Traceback" not in failed.stderr
    assert failed.stderr.startswith("rotationkit: error: --asset 'TINY'")


def _block_after(marker: str, text: str) -> str:
    """Return the fenced code block that follows the line containing ``marker``."""
    after = text[text.index(marker) :]
    start = after.index("```text\n") + len("```text\n")
    return after[start : after.index("\n```", start) + 1]


def test_the_readme_shows_the_current_demo_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    readme = Path(__file__).resolve().parent.parent / "README.md"
    if not readme.is_file():  # an installed package without its sources
        pytest.skip("README.md is not available")
    shown = _block_after("kept current by tests/test_cli.py", readme.read_text("utf-8"))
    assert main(["demo"]) == 0
    assert capsys.readouterr().out == shown
