"""Tests of the command line, through its entry point and a subprocess."""

from __future__ import annotations

import subprocess
import sys

import pytest

import rotationkit as rk
from rotationkit.cli import main


def test_demo_prints_a_labelled_performance_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "SYNTHETIC" in out
    header = next(line for line in out.splitlines() if "YTD" in line)
    assert header.split() == ["1D", "WTD", "MTD", "QTD", "YTD", "1Y", "3Y", "5Y"]
    rows = [
        line
        for line in out.splitlines()
        if line.startswith(("SMALL", "LARGE", "GROWTH"))
    ]
    assert len(rows) == 3
    table = rk.performance_table(rk.datasets.synthetic_prices())
    small = rows[0].split()
    assert small[5] == f"{table['YTD'].to_numpy()[0] * 100:.2f}%"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"rotationkit {rk.__version__}"


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "demo" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["dance"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


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
    assert "SMALL" in done.stdout
