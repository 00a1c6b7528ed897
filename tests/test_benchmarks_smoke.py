"""The benchmark runner still runs: a quick pass on tiny panels.

The runner checks that every implementation agrees with rotationkit before
timing it, so this also keeps the peers in the benchmarks honest. No timing
is held to a figure: the tests only check that the reports are complete.
"""

from __future__ import annotations

import dataclasses
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


def test_compile_latency_of_one_function() -> None:
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
    assert summary.startswith("first use of the kernels of current_streak: ")
    assert "s once cached; importing numba itself: " in summary
    assert "precompile" not in summary  # measured only with every function
    assert header == "| first call, empty cache | latency |"
    assert rule == "| --- | ---: |"
    call, seconds = row.strip("| ").split(" | ")
    assert call == "`rk.current_streak(returns, bench)`"
    assert seconds.endswith(" s")
    assert float(seconds.removesuffix(" s")) > 0.0


@pytest.mark.parametrize(
    ("functions", "message"),
    [
        ("nope", "unknown functions ['nope']"),
        ("streaks,nope", "unknown functions ['nope']"),
        (",", "no functions given"),
    ],
)
def test_compile_latency_rejects_unknown_functions(
    functions: str, message: str
) -> None:
    completed = subprocess.run(
        [sys.executable, str(LATENCY), "--functions", functions],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert message in completed.stderr


def test_report_shows_the_latency_of_every_kernel_and_of_each_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    runner = importlib.import_module("run")
    latency_module = importlib.import_module("compile_latency")
    latency = latency_module.Latency(
        import_numba=0.25,
        compile_cold=15.5,
        load_cached=0.5,
        per_function=(("rk.streaks(returns, bench)", 1.955),),
    )
    text = runner.report([], {}, runner.Timer(), "run.py", ("0.1", "0.2"), latency)
    assert (
        "Compiled engine, first use of every compiled kernel: 15.50 s with an "
        "empty cache (compiling), 0.50 s once cached; importing numba itself: "
        "0.25 s.\n\n"
    ) in text
    assert latency_module.PANEL in text
    assert (
        "| first call, empty cache | latency |\n| --- | ---: |\n"
        "| `rk.streaks(returns, bench)` | 1.96 s |\n\n"
    ) in text
    with_precompile = dataclasses.replace(latency, precompile=(41.234, 1.05))
    assert (
        "0.25 s; `rk.precompile()`, every kernel for every memory layout: 41.23 s "
        "with an empty cache, 1.05 s once cached.\n\n"
    ) in runner.report(
        [], {}, runner.Timer(), "run.py", ("0.1", "0.2"), with_precompile
    )
    without = runner.report([], {}, runner.Timer(), "run.py", ("0.1", "0.2"))
    assert "Compiled engine" not in without
    assert "first call" not in without


def test_precompile_is_timed_with_an_empty_cache_then_with_what_it_cached(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    latency_module = importlib.import_module("compile_latency")
    caches: list[tuple[str, bool]] = []
    timings = iter([40.5, 0.75])

    def probe(cache: str, code: str) -> dict[str, float]:
        assert "rk.precompile()" in code
        assert '"seconds"' in code  # the key read below
        caches.append((cache, any(Path(cache).iterdir())))
        (Path(cache) / "compiled").touch()  # what a real run leaves behind
        return {"seconds": next(timings)}

    monkeypatch.setattr(latency_module, "_run_probe", probe)
    assert latency_module._precompile_latency() == (40.5, 0.75)
    (first, was_filled), (second, filled) = caches
    assert first == second
    assert (was_filled, filled) == (False, True)
    assert not Path(first).exists()  # removed afterwards


def test_a_slow_call_keeps_the_better_of_its_warm_up_and_one_more_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    runner = importlib.import_module("run")
    for warm_up, again, best in [(4.0, 2.5, 2.5), (3.0, 5.0, 3.0)]:
        ticks = iter([10.0, 10.0 + again])
        runs: list[int] = []
        timer = runner.Timer(slow=2.0, _clock=lambda ticks=ticks: next(ticks))
        assert timer.best(lambda runs=runs: runs.append(1), first=warm_up) == best
        assert runs == [1]


def test_a_call_slow_only_on_its_warm_up_is_timed_as_a_fast_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    runner = importlib.import_module("run")
    # The run after the warm-up takes 0.5 s, then two timed runs 0.75 and 0.25 s.
    ticks = iter([1.0, 1.5, 2.0, 2.75, 3.0, 3.25])
    runs: list[int] = []
    timer = runner.Timer(repeat=2, min_time=0.0, slow=2.0, _clock=lambda: next(ticks))
    assert timer.best(lambda: runs.append(1), first=4.0) == 0.25
    assert runs == [1, 1, 1]


def test_implementations_are_timed_in_turns_over_the_same_rounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    runner = importlib.import_module("run")
    order: list[str] = []
    # c's warm-up (3 s) and one more run (5 s), both slow: c is settled at
    # 3 s and left out of the rounds. Round 1: a 1 s, b 3 s; round 2: a
    # 0.5 s, b 4 s.
    ticks = iter([0.0, 3.0, 3.0, 8.0, 10.0, 11.0, 11.0, 14.0, 20.0, 20.5, 21.0, 25.0])
    timer = runner.Timer(repeat=2, min_time=0.0, slow=2.0, _clock=lambda: next(ticks))
    best = timer.best_of_each(
        [
            lambda: order.append("a"),
            lambda: order.append("b"),
            lambda: order.append("c"),
        ],
        [0.5, 1.5, None],
    )
    # Each turn starts with an untimed call.
    assert order == ["c", "c", "a", "a", "b", "b", "a", "a", "b", "b"]
    assert best == [0.5, 3.0, 3.0]


def test_the_read_once_reference_keeps_its_best_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    runner = importlib.import_module("run")
    inputs = runner.make_inputs(runner.QUICK_SIZES[0])
    read_once = runner.ReadOnce(inputs)
    assert read_once() == pytest.approx(float(inputs.returns.to_numpy().sum()))
    for seconds in (0.004, 0.002, 0.003):
        read_once.saw(seconds)
    assert read_once.seconds == 0.002
    nbytes = inputs.returns.to_numpy().nbytes
    assert read_once.gigabytes_per_second == pytest.approx(nbytes / 0.002 / 1e9)
