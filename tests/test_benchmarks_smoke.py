"""The benchmark runner still runs: a quick pass on tiny panels.

The runner checks that every implementation agrees with rotationkit before
timing it, so this also keeps the peers in the benchmarks honest. No timing
is held to a figure: the tests only check that the reports are complete.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import subprocess
import sys
from pathlib import Path
from typing import Any

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


@pytest.mark.parametrize(
    ("arguments", "stream", "message"),
    [
        (["--sizes", "XXL"], "stderr", "unknown sizes"),
        (["--quick", "--repeat", "0"], "stderr", "must be at least 1, got 0"),
        (["--quick", "--workloads", "nope"], "stdout", "unknown workloads"),
    ],
    ids=["unknown size", "repeat below one", "unknown workload"],
)
def test_bad_arguments_are_rejected(
    arguments: list[str], stream: str, message: str
) -> None:
    completed = subprocess.run(
        [sys.executable, str(RUNNER), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert message in getattr(completed, stream)


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
    funcs = [
        lambda: order.append("a"),
        lambda: order.append("b"),
        lambda: order.append("c"),
    ]
    warm = [
        timer.warmed_up(f, first)
        for f, first in zip(funcs, [0.5, 1.5, None], strict=True)
    ]
    assert [item.settled for item in warm] == [False, False, True]
    best = timer.best_of_each(warm)
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
        read_once.keep_best(seconds)
    assert read_once.best_seconds == 0.002
    nbytes = inputs.returns.to_numpy().nbytes
    assert read_once.gigabytes_per_second == pytest.approx(nbytes / 0.002 / 1e9)


def test_each_function_loops_as_often_as_its_own_warm_up_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    runner = importlib.import_module("run")
    calls: list[str] = []
    ticks = itertools.count(0.0, 1.0)  # every timed stretch takes one tick
    timer = runner.Timer(repeat=2, min_time=1.0, slow=2.0, _clock=lambda: next(ticks))
    best = timer.best_of_each(
        [
            timer.warmed_up(lambda: calls.append("a"), 0.25),
            timer.warmed_up(lambda: calls.append("b"), 0.5),
        ]
    )
    # a loops 4 times per round and b twice, each after one untimed call.
    assert calls == (["a"] * 5 + ["b"] * 3) * 2
    assert best == [0.25, 0.5]


def test_run_workload_scales_times_and_keeps_the_read_once_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    runner = importlib.import_module("run")
    inputs = runner.make_inputs(runner.QUICK_SIZES[1])

    def first_asset(given: Any) -> object:
        return given.returns.iloc[:, 0].to_numpy()

    class Timed(runner.Timer):  # type: ignore[name-defined,misc]
        def best_of_each(self, warm: Any) -> list[float]:
            # rotationkit (numpy engine), the peer, then the read-once reference
            assert len(warm) == 3
            assert isinstance(warm[-1].func, runner.ReadOnce)
            return [0.5, 2.0, 0.25]

    workload = runner.Workload(
        name="first asset",
        description="the first asset's returns",
        rotationkit=first_asset,
        peers=(runner.Peer("one asset at a time", first_asset, max_assets=1),),
        restrict=lambda result, _n_assets: result,  # the same first asset
    )
    read_once = runner.ReadOnce(inputs)
    read_once.keep_best(0.125)
    ours, peer = runner.run_workload(workload, inputs, Timed(), read_once, numba=False)
    assert ours.best_seconds == 0.5
    assert ours.ratio == 1.0
    assert ours.gigabytes_per_second == inputs.panel_bytes / 0.5 / 1e9
    scale = inputs.n_assets  # the peer ran on one of them
    assert (peer.best_seconds, peer.scaled_from) == (2.0 * scale, 1)
    assert peer.ratio == 4.0 * scale
    assert read_once.best_seconds == 0.125  # 0.25 is not better
