"""The benchmark runner still runs: a quick pass on tiny panels.

The runner checks that every implementation agrees with rotationkit before
timing it, so this also keeps the pandas idioms in the benchmarks honest. The
timings themselves are never asserted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUNNER = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


def test_quick_benchmark_run_writes_a_markdown_table(tmp_path: Path) -> None:
    output = tmp_path / "benchmarks.md"
    completed = subprocess.run(
        [sys.executable, str(RUNNER), "--quick", "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    table = output.read_text(encoding="utf-8")
    assert "| size (days x assets) | workload | implementation |" in table
    for workload in ("`to_returns`", "`performance_table`"):
        assert workload in table
    assert "pandas" in table
    assert completed.stdout.strip().endswith(table.strip().splitlines()[-1])


def test_unknown_size_is_rejected() -> None:
    completed = subprocess.run(
        [sys.executable, str(RUNNER), "--sizes", "XXL"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert "unknown sizes" in completed.stderr
