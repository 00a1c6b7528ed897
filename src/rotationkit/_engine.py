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
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType, TracebackType

__all__ = [
    "ENGINES",
    "EngineName",
    "compiled_twin",
    "engine",
    "get_engine",
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
