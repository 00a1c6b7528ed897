"""The benchmark runner still runs: a quick pass on tiny panels.

The runner checks that every implementation agrees with rotationkit before
timing it, so this also keeps the peers in the benchmarks honest. The
timings themselves are never asserted.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
RUNNER = BENCHMARKS / "run.py"


def test_quick_benchmark_run_writes_a_markdown_table(tmp_path: Path) -> None:
    output = tmp_path / "benchmarks.md"
    completed = subprocess.run(
        [
            sys.executable,
            str(RUNNER),
            "--quick",
            "--output",
            str(output),
            "--workloads",
            "to_returns,rolling_beta,streak table,zscore expanding",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    table = output.read_text(encoding="utf-8")
    assert "| size (days x assets) | workload | implementation |" in table
    assert "share of read-once" in table
    assert "`numpy.sum`" in table
    for workload in ("`to_returns`", "`rolling_beta`", "`streak table`"):
        assert workload in table
    assert "rotationkit, numpy engine" in table
    if importlib.util.find_spec("numba") is not None:
        assert "rotationkit, numba engine" in table
    assert "pandas" in table
    assert completed.stdout.strip().endswith(table.strip().splitlines()[-1])


def test_unknown_size_is_rejected() -> None:
    completed = subprocess.run(
        [sys.executable, str(RUNNER), "--sizes", "XXL"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert "unknown sizes" in completed.stderr


def test_unknown_workload_is_rejected() -> None:
    completed = subprocess.run(
        [sys.executable, str(RUNNER), "--quick", "--workloads", "nope"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert "unknown workloads" in completed.stdout


LATENCY = BENCHMARKS / "compile_latency.py"


def test_compile_latency_reports_every_kernel_and_each_function() -> None:
    if importlib.util.find_spec("numba") is None:
        pytest.skip("the compiled engine needs numba")
    completed = subprocess.run(
        [sys.executable, str(LATENCY), "--functions", "current_streak"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    summary, header, rule, row = completed.stdout.strip().splitlines()
    assert summary.startswith("first use of every compiled kernel: ")
    assert "s once cached; importing numba itself: " in summary
    assert header == "| first call, empty cache | latency |"
    assert rule == "| --- | ---: |"
    call, seconds = row.strip("| ").split(" | ")
    assert call == "`rk.current_streak(returns, bench)`"
    assert seconds.endswith(" s")
    assert float(seconds.removesuffix(" s")) > 0.0


def test_compile_latency_rejects_unknown_functions() -> None:
    completed = subprocess.run(
        [sys.executable, str(LATENCY), "--functions", "nope"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert "unknown functions ['nope']" in completed.stderr
