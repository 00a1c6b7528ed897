"""Choice of the computing engine: the numpy kernels or their compiled twins.

The numpy kernels of :mod:`rotationkit._kernels` are the reference. With the
optional ``numba`` dependency (``pip install 'rotationkit[fast]'``),
:mod:`rotationkit._kernels_numba` provides compiled twins of the hot ones that
give the same numbers in a single pass over the data, spread over the cores.

A numpy kernel marked with :func:`compiled_twin` looks up its twin at every
call: with the numba engine active and a twin of the same name present, the
twin runs; a twin may decline a case it does not handle by returning
``None``, and the numpy kernel then runs. numba is imported only when the
numba engine is first used, so ``import rotationkit`` never imports it.

The engine is chosen, in order, by :func:`set_engine` or the :class:`engine`
context manager, else by the ``ROTATIONKIT_ENGINE`` environment variable
(``numpy``, ``numba`` or ``auto``), else ``auto``: numba when it can be
imported, numpy otherwise.
"""

from __future__ import annotations

import functools
import importlib
import os
import threading
import time
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from types import ModuleType, TracebackType

__all__ = [
    "ENGINES",
    "EngineName",
    "compiled_twin",
    "engine",
    "get_engine",
    "precompile",
    "set_engine",
]

EngineName = Literal["auto", "numpy", "numba"]
ENGINES: tuple[EngineName, ...] = ("auto", "numpy", "numba")
_ENVIRONMENT_VARIABLE = "ROTATIONKIT_ENGINE"
_INSTALL_HINT = "install it with: pip install 'rotationkit[fast]'"

_F = TypeVar("_F", bound="Callable[..., Any]")


class _State:
    """The requested engine and, once resolved, the module of compiled twins."""

    def __init__(self) -> None:
        self.requested: EngineName = "auto"
        self.from_environment = True
        # None: not resolved yet; False: the numpy engine; else the twins.
        self.twins: ModuleType | Literal[False] | None = None
        self.lock = threading.Lock()


_STATE = _State()


def _check_name(name: object, argname: str = "name") -> EngineName:
    """Return ``name`` as an engine name, or raise ``ValueError``."""
    if not isinstance(name, str) or name not in ENGINES:
        msg = f"`{argname}` must be one of {sorted(ENGINES)!r}, got {name!r}"
        raise ValueError(msg)
    return name


def _requested() -> EngineName:
    """Return the engine asked for, reading the environment the first time."""
    if _STATE.from_environment:
        value = os.environ.get(_ENVIRONMENT_VARIABLE, "auto").strip().lower() or "auto"
        _STATE.requested = _check_name(value, _ENVIRONMENT_VARIABLE)
        _STATE.from_environment = False
    return _STATE.requested


def _load_twins(*, required: bool) -> ModuleType | None:
    """Import the compiled twins; ``None`` (or ``ImportError``) without numba."""
    try:
        return importlib.import_module("rotationkit._kernels_numba")
    except ImportError as exc:
        if not required:
            return None
        msg = f"the numba engine needs numba, which cannot be imported ({exc}); {_INSTALL_HINT}"
        raise ImportError(msg) from exc


def _twins() -> ModuleType | None:
    """Return the module of compiled twins when the numba engine is active."""
    twins = _STATE.twins
    if twins is None:
        with _STATE.lock:
            requested = _requested()
            if requested == "numpy":
                _STATE.twins = False
            else:
                loaded = _load_twins(required=requested == "numba")
                _STATE.twins = False if loaded is None else loaded
            twins = _STATE.twins
    return twins or None


def _activate(name: EngineName) -> None:
    """Make ``name`` the requested engine; load numba now if it is required."""
    with _STATE.lock:
        twins: ModuleType | Literal[False] | None = None
        if name == "numpy":
            twins = False
        elif name == "numba":
            twins = _load_twins(required=True)
        _STATE.requested = name
        _STATE.from_environment = False
        _STATE.twins = twins


def get_engine() -> Literal["numpy", "numba"]:
    """Return the engine that computes the hot kernels now: ``"numpy"`` or ``"numba"``.

    With the ``"auto"`` setting this is ``"numba"`` when numba can be
    imported and ``"numpy"`` otherwise.

    Returns
    -------
    str
        ``"numpy"`` or ``"numba"``.

    See Also
    --------
    set_engine : Choose the engine for the session.
    engine : Choose the engine for a block of code.

    Notes
    -----
    Asking for the engine imports numba (and loads or compiles the kernels)
    when the setting is ``"auto"`` or ``"numba"`` and that has not happened
    yet.

    Examples
    --------
    >>> import rotationkit as rk
    >>> with rk.engine("numpy"):
    ...     rk.get_engine()
    'numpy'
    """
    return "numpy" if _twins() is None else "numba"


def set_engine(name: EngineName) -> None:
    r"""Choose the engine that computes the hot kernels, for the whole session.

    ``"numba"`` uses the compiled kernels of the ``fast`` extra
    (``pip install 'rotationkit[fast]'``), ``"numpy"`` the pure-numpy
    reference kernels and ``"auto"`` (the default) numba when it can be
    imported. Both engines give the same numbers; only the speed differs.

    Parameters
    ----------
    name : {"auto", "numpy", "numba"}
        The engine to use from now on.

    Raises
    ------
    ValueError
        If ``name`` is not one of the engines.
    ImportError
        If ``name`` is ``"numba"`` and numba cannot be imported.

    See Also
    --------
    engine : Choose the engine for a block of code only.
    get_engine : The engine in use.

    Notes
    -----
    The setting is process-wide: it applies to every thread. The default
    comes from the ``ROTATIONKIT_ENGINE`` environment variable when it is
    set. The compiled kernels agree with the numpy ones to within
    :math:`10^{-12}` relative, with the same missing values.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.set_engine("numpy")
    >>> rk.get_engine()
    'numpy'
    >>> rk.set_engine("auto")
    """
    _activate(_check_name(name))


class engine:
    r"""Choose the engine that computes the hot kernels within a ``with`` block.

    On leaving the block the previous setting comes back, also when an
    exception is raised.

    Parameters
    ----------
    name : {"auto", "numpy", "numba"}
        The engine to use inside the block.

    Raises
    ------
    ValueError
        If ``name`` is not one of the engines.
    ImportError
        If ``name`` is ``"numba"`` and numba cannot be imported.

    See Also
    --------
    set_engine : Choose the engine for the whole session.
    get_engine : The engine in use.

    Notes
    -----
    Like :func:`set_engine`, the setting is process-wide while the block
    runs, so do not switch engines from several threads at once. Entering
    the block returns the name of the engine in use.

    Examples
    --------
    >>> import rotationkit as rk
    >>> returns = [0.01, -0.02, 0.03, 0.01]
    >>> benchmark = [0.00, -0.01, 0.01, 0.02]
    >>> with rk.engine("numpy") as used:
    ...     print(used, rk.current_streak(returns, benchmark))
    numpy 0
    """

    def __init__(self, name: EngineName) -> None:
        self._name = _check_name(name)
        self._previous: EngineName = "auto"

    def __enter__(self) -> Literal["numpy", "numba"]:
        self._previous = _requested()
        _activate(self._name)
        return get_engine()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        _activate(self._previous)


def compiled_twin(kernel: _F) -> _F:
    """Run the compiled twin of ``kernel`` (same name) when the numba engine is active.

    The twin takes the same arguments and returns the same result, or
    ``None`` for a case it leaves to the numpy kernel. The numpy kernel stays
    reachable as ``__wrapped__``.
    """
    name = kernel.__name__

    @functools.wraps(kernel)
    def dispatch(*args: Any, **kwargs: Any) -> Any:
        twins = _twins()
        if twins is not None:
            twin = getattr(twins, name, None)
            if twin is not None:
                result = twin(*args, **kwargs)
                if result is not None:
                    return result
        return kernel(*args, **kwargs)

    return cast("_F", dispatch)


def precompile() -> float:
    r"""Compile every kernel of the numba engine now, and cache it on disk.

    numba compiles a kernel the first time a function needs it, which makes
    the first call of a session on a fresh install wait (see Notes). Calling
    :func:`precompile` once, for instance while building a Docker image or
    a shared environment, pays that wait up front: later processes load the
    machine code from the cache.

    Returns
    -------
    float
        The seconds it took, without importing numba: compiling, with an
        empty cache; loading the machine code, in a new process once it is
        cached; next to nothing when called again in the same process.

    Raises
    ------
    ImportError
        If numba cannot be imported (``pip install 'rotationkit[fast]'``).

    See Also
    --------
    set_engine : Choose the engine for the session.

    Notes
    -----
    :func:`precompile` calls, for each compiled kernel, a public function
    that runs it, on small synthetic data in each memory layout in which
    pandas and numpy inputs reach the kernels: a frame of several assets in
    column-major order (as pandas usually stores one), the same frame cut by
    date (a strided view), a single column (a Series), and a row-major
    frame; then on a frame of about 131,000 values, the smallest for which
    the check of the values is compiled. numba compiles a kernel once per
    layout, so this covers more than most sessions need: about forty
    seconds with an empty cache on the machine of the performance page, and
    about a second to load the cache in a new process.

    The machine code goes where numba caches it: in ``NUMBA_CACHE_DIR`` when
    that is set, else next to the installed package when that folder is
    writable, else in a folder of the user's. numba reads the cache only
    from a folder it can write to: later processes find it if they run as
    the same user, or with the same writable ``NUMBA_CACHE_DIR``, and with
    the same numba version on the same kind of processor.

    Results do not change in any way, and the engine chosen before the call
    stays chosen. While it runs, the numba engine is active for the whole
    process, as with :class:`engine`: do not switch engines from other
    threads meanwhile.

    Examples
    --------
    >>> import rotationkit as rk
    >>> with rk.engine("numpy"):
    ...     seconds = rk.precompile()
    ...     rk.get_engine()
    'numpy'
    >>> seconds > 0.0
    True
    """
    twins = cast("ModuleType", _load_twins(required=True))
    start = time.perf_counter()
    with engine("numba"):
        for sample in _samples(int(twins._PARALLEL_CELLS)):
            _call_compiled_functions(sample)
    return time.perf_counter() - start


class _Sample:
    """Small synthetic inputs in one memory layout, for :func:`precompile`."""

    def __init__(
        self,
        returns: pd.DataFrame | pd.Series,
        prices: pd.DataFrame | pd.Series,
        benchmark: pd.Series,
        condition: pd.DataFrame | pd.Series,
    ) -> None:
        self.returns = returns
        self.prices = prices
        self.benchmark = benchmark
        self.condition = condition
        self.benchmark_prices = (1.0 + benchmark).cumprod()
        # A yield level in percent that moves by a few basis points a day.
        self.yields = 4.0 + benchmark.cumsum()


# Rows of the samples, and the window of the rolling functions on them.
_SAMPLE_ROWS = 300
_SAMPLE_WINDOW = 60


def _samples(parallel_cells: int) -> Iterator[_Sample]:
    """Yield the inputs of :func:`precompile`: one per memory layout, then a large one.

    The last sample, column-major, has ``parallel_cells`` values or more:
    the check of the values is compiled only for panels that large (smaller
    ones are left to numpy).
    """
    rng = np.random.default_rng(0)
    index = pd.bdate_range("2000-01-03", periods=_SAMPLE_ROWS)
    values = rng.normal(0.0003, 0.01, (_SAMPLE_ROWS, 3))
    values[7, 1] = np.nan  # a missing value takes the kernels' other paths
    benchmark = pd.Series(rng.normal(0.0003, 0.01, _SAMPLE_ROWS), index=index)

    def frame(panel: np.ndarray[Any, np.dtype[Any]]) -> pd.DataFrame:
        # Without a copy, so that a row-major array stays row-major.
        made: pd.DataFrame = pd.DataFrame(panel, index=index, copy=False)
        return made

    returns = frame(np.asfortranarray(values))
    prices = frame(np.asfortranarray((1.0 + np.nan_to_num(values)).cumprod(axis=0)))
    condition = returns.gt(benchmark, axis=0)
    yield _Sample(returns, prices, benchmark, condition)  # column-major
    yield _Sample(  # strided
        returns.iloc[1:], prices.iloc[1:], benchmark.iloc[1:], condition.iloc[1:]
    )
    yield _Sample(returns[0], prices[0], benchmark, condition[0])  # one column
    yield _Sample(  # row-major
        frame(np.ascontiguousarray(returns)),
        frame(np.ascontiguousarray(prices)),
        benchmark,
        frame(np.ascontiguousarray(condition)),
    )
    rows = _SAMPLE_ROWS
    large = pd.DataFrame(
        np.asfortranarray(rng.normal(0.0003, 0.01, (rows, -(-parallel_cells // rows)))),
        index=index,
    )
    yield _Sample(large, (1.0 + large).cumprod(), large[0], large > 0.0)


def _call_compiled_functions(sample: _Sample) -> None:
    """Call, for each compiled kernel, a public function that runs it on ``sample``."""
    import rotationkit as rk  # noqa: PLC0415 (it imports this module)

    returns, prices, window = sample.returns, sample.prices, _SAMPLE_WINDOW
    rk.to_returns(prices)
    rk.rolling_beta(returns, sample.benchmark, window)
    rk.rolling_correlation(returns, sample.benchmark, window)
    rk.rolling_rate_beta(returns, sample.yields, window)
    rk.zscore(prices, window=window)
    rk.zscore(prices)
    rk.percentile_rank(prices, window=window)
    for target in ("median", "mean"):
        rk.implied_rerating(
            prices, sample.benchmark_prices, target=target, window=window
        )
    rk.streaks(returns, sample.benchmark)
    rk.run_lengths(sample.condition)
    rk.current_streak(returns, sample.benchmark)
    rk.longest_streak(returns, sample.benchmark)
    rk.rate_beta(returns, sample.yields)
    rk.rrg(prices, sample.benchmark_prices, window=window)
    rk.breadth(prices, window=window)
