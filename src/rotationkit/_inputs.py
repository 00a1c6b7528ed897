"""Coerce, validate, align and wrap inputs (private).

This is the only module that knows about the container types users pass in.
Every public function follows the same path::

    public function -> as_panel / align (here) -> kernels (numpy) -> wrap_* (here)

A :class:`Panel` holds a read-only two-dimensional float64 view of the data
(rows are periods, columns are assets) together with what is needed to give the
result back in the caller's type: the time labels, the asset labels, the name of
a Series and whether a plain array was one- or two-dimensional.

polars, xarray and dask are never imported here: an object of their types can
only exist once the caller has imported them (see ``_optional_module``). The
decorators at the end of the module (``lazy_over_assets``, ``per_date``,
``table_result``, ``pandas_input``) give public functions results in the
caller's library and compute dask-backed DataArrays lazily, block by block.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
import os
import sys
import threading
import warnings
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, ParamSpec, TypeVar, cast

import numpy as np
import pandas as pd

from rotationkit import _kernels
from rotationkit.errors import AlignmentError, InputError, YieldUnitsWarning

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence

    from rotationkit._typing import FloatArray

__all__ = [
    "YIELD_UNITS",
    "BoolPanel",
    "CrossSection",
    "Panel",
    "YieldUnits",
    "align",
    "align_constituents",
    "as_bool_panel",
    "as_constituents",
    "as_cross_section",
    "as_number",
    "as_panel",
    "asset_index",
    "check_choice",
    "check_positive_number",
    "check_sign",
    "check_simple_returns",
    "check_values_now",
    "check_window",
    "company_index",
    "event_rows",
    "label_at",
    "labels_at",
    "lazy_over_assets",
    "match_cross_section",
    "outside_stacklevel",
    "pandas_input",
    "panel_and_benchmark",
    "per_date",
    "read_on_rows_of",
    "require_datetime_index",
    "rescale_yields",
    "row_on_or_before",
    "table_result",
    "to_timestamp",
    "values_error_first",
    "wrap_asset_runs",
    "wrap_counts",
    "wrap_cross_section",
    "wrap_dates",
    "wrap_event_paths",
    "wrap_events",
    "wrap_like",
    "wrap_over_dates",
    "wrap_per_asset",
    "wrap_periods",
    "wrap_reduced",
    "wrap_runs",
    "wrap_table",
]


@dataclass(frozen=True, slots=True)
class _Origin:
    """A polars or xarray input, kept to give results back in its type."""

    obj: Any
    time_name: Hashable | None
    other_dims: tuple[Hashable, ...] = ()


@dataclass(slots=True)
class _Options:
    """Module-wide defaults, changed with :func:`rotationkit.set_options`."""

    time_column: str | None = None
    time_dim: str = "time"


OPTIONS = _Options()

# A dask block runs in a worker thread or process that does not share the
# caller's options: it sets them here, for its own thread only.
_BLOCK = threading.local()


def _option(name: Literal["time_column", "time_dim"]) -> Any:
    """Return an option: the running dask block's own, else the module default."""
    return getattr(_BLOCK, name, getattr(OPTIONS, name))


@contextlib.contextmanager
def _block_options(time_dim: Hashable, time_column: str | None) -> Iterator[None]:
    """Set the options of the current thread while a dask block is computed."""
    _BLOCK.time_dim, _BLOCK.time_column = time_dim, time_column
    try:
        yield
    finally:
        del _BLOCK.time_dim, _BLOCK.time_column


Kind = Literal["series", "frame", "array", "polars_series", "polars_frame", "dataarray"]
ChoiceT = TypeVar("ChoiceT", bound=str)
ValueT = TypeVar("ValueT")


@dataclass(frozen=True, slots=True)
class Panel:
    """An input coerced to a read-only ``(periods, assets)`` float64 array.

    Attributes
    ----------
    values : numpy.ndarray
        Two-dimensional float64 data, never writable (it may be a view of the
        caller's object, which must not be mutated).
    index : pandas.Index or None
        Time labels, or ``None`` for unlabelled arrays.
    columns : pandas.Index or None
        Asset labels of a DataFrame, ``None`` otherwise.
    name : Hashable
        The ``name`` of a Series (``None`` otherwise).
    kind : {"series", "frame", "array", "polars_series", "polars_frame", "dataarray"}
        The container the data came in.
    ndim : int
        Dimensionality of the original input (1 or 2).
    argname : str
        The parameter name, used in error messages.
    origin : _Origin or None
        For polars and xarray inputs, the original object and the name of its
        time column or dimension, needed to give results back in its type.
    rows : numpy.ndarray or None
        Positions of the rows in the original object after alignment (``None``
        while they are all there, in order).
    lowest : float or None
        A value no larger than any non-missing value, when the input checks
        found one: the smallest value of the checked input, NaN if it had
        none (``None`` when unknown, as once the values are replaced). It
        spares :func:`check_simple_returns` another pass over the panel.
    """

    values: FloatArray
    index: pd.Index | None
    columns: pd.Index | None
    name: Hashable
    kind: Kind
    ndim: int
    argname: str
    origin: _Origin | None = None
    rows: np.ndarray[tuple[int], np.dtype[np.intp]] | None = None
    lowest: float | None = None

    @property
    def n_periods(self) -> int:
        """Number of periods (rows)."""
        return int(self.values.shape[0])

    @property
    def n_assets(self) -> int:
        """Number of assets (columns)."""
        return int(self.values.shape[1])

    @property
    def labelled(self) -> bool:
        """Whether the input carries time labels."""
        return self.index is not None

    def take_rows(self, rows: np.ndarray[tuple[int], np.dtype[np.intp]]) -> Panel:
        """Return the panel restricted to the row positions ``rows`` (labels follow)."""
        index = None if self.index is None else self.index[rows]
        original = rows if self.rows is None else self.rows[rows]
        return replace(
            self, values=_read_only(self.values[rows]), index=index, rows=original
        )

    def original_rows(
        self, index: pd.Index | None
    ) -> np.ndarray[tuple[int], np.dtype[np.intp]]:
        """Return the positions in the original object of the rows labelled ``index``.

        ``None`` means the panel's own rows. Used to give polars and xarray
        results the time labels of the original object.
        """
        own = np.arange(self.n_periods) if self.rows is None else self.rows
        if index is None or self.index is None:
            return own
        return own[self.index.get_indexer(index)]

    def with_values(self, values: FloatArray) -> Panel:
        """Return a panel with new values of the same shape and labels."""
        return replace(self, values=_read_only(values), lowest=None)


def _read_only(values: FloatArray) -> FloatArray:
    """Return a read-only view so that no kernel can write into user data."""
    view: FloatArray = values.view()
    view.flags.writeable = False
    return view


def _kind_problem(dtype: np.dtype[Any]) -> str | None:
    """Say why ``dtype`` cannot hold numbers, or return ``None`` if it can."""
    if dtype.kind == "b":
        return "booleans"
    if dtype.kind in "iuf":
        return None
    return f"dtype {dtype}"


def _pandas_dtype_problem(dtype: Any) -> str | None:
    if pd.api.types.is_bool_dtype(dtype):
        return "booleans"
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(
        dtype
    ):
        return None
    return f"dtype {dtype}"


def _raise_dtype(argname: str, problem: str) -> None:
    msg = (
        f"`{argname}` must hold real numbers, got {problem}; "
        "convert it to a float dtype first, or drop the column"
    )
    raise InputError(msg)


def _check_time_index(index: pd.Index, argname: str) -> None:
    if isinstance(index, pd.MultiIndex):
        msg = (
            f"`{argname}` has a MultiIndex on the time axis; "
            "pass one asset per column with a single time index"
        )
        raise InputError(msg)
    if not index.is_unique:
        dup = index[index.duplicated()][0]
        msg = (
            f"`{argname}` has duplicated time labels (first: {dup!r}); "
            "call drop_duplicates (or aggregate) first"
        )
        raise InputError(msg)
    if not index.is_monotonic_increasing:
        msg = (
            f"`{argname}` has a time index that is not sorted in increasing order; "
            "call sort_index() first"
        )
        raise InputError(msg)


def _from_pandas(obj: pd.Series[Any] | pd.DataFrame, argname: str) -> Panel:
    if isinstance(obj, pd.Series):
        problem = _pandas_dtype_problem(obj.dtype)
        if problem is not None:
            _raise_dtype(argname, problem)
        values = obj.to_numpy(dtype=np.float64, na_value=np.nan).reshape(-1, 1)
        _check_time_index(obj.index, argname)
        return Panel(values, obj.index, None, obj.name, "series", 1, argname)
    # One check per distinct dtype: a wide frame has thousands of float columns.
    problems = {dtype: _pandas_dtype_problem(dtype) for dtype in set(obj.dtypes)}
    if any(problems.values()):
        for column, dtype in obj.dtypes.items():
            problem = problems[dtype]
            if problem is not None:
                _raise_dtype(argname, f"{problem} in column {column!r}")
    values = obj.to_numpy(dtype=np.float64, na_value=np.nan)
    _check_time_index(obj.index, argname)
    return Panel(values, obj.index, obj.columns, None, "frame", 2, argname)


def _from_array(obj: object, argname: str) -> Panel:
    try:
        raw = np.asarray(obj)
    except (TypeError, ValueError) as exc:
        msg = f"`{argname}` cannot be read as an array of numbers: {exc}"
        raise InputError(msg) from exc
    problem = _kind_problem(raw.dtype)
    if problem is not None:
        if raw.dtype.kind == "O":
            problem = f"objects of type {type(obj).__name__} (dtype object)"
        _raise_dtype(argname, problem)
    if raw.ndim not in (1, 2):
        msg = (
            f"`{argname}` must be one-dimensional (one asset) or two-dimensional "
            f"(periods x assets), got {raw.ndim} dimensions"
        )
        raise InputError(msg)
    values = raw.astype(np.float64, copy=False)
    ndim = values.ndim
    if ndim == 1:
        values = values[:, np.newaxis]
    return Panel(values, None, None, None, "array", ndim, argname)


def _optional_module(name: str) -> Any:
    """Return an optional backend module if the caller has imported it, else None.

    Checking ``sys.modules`` keeps ``import rotationkit`` from importing
    polars or xarray: an object of their types can only exist once they are.
    """
    return sys.modules.get(name)


def _is_polars(obj: object) -> bool:
    pl = _optional_module("polars")
    return pl is not None and isinstance(obj, (pl.Series, pl.DataFrame))


def _is_dataarray(obj: object) -> bool:
    xr = _optional_module("xarray")
    return xr is not None and isinstance(obj, xr.DataArray)


def _polars_dtype_problem(dtype: Any) -> str | None:
    if dtype.is_numeric():
        return None
    return "booleans" if str(dtype) == "Boolean" else f"dtype {dtype}"


_COARSE_UNITS = ("Y", "M", "W", "D", "h", "m", "s", "ms")


def _polars_time_index(column: Any, argname: str) -> pd.DatetimeIndex:
    if column.null_count() > 0:
        msg = f"`{argname}` has missing values in its time column {column.name!r}; drop those rows first"
        raise InputError(msg)
    stamps = column.to_numpy()
    if np.datetime_data(stamps.dtype)[0] in _COARSE_UNITS:
        # Date columns would give whole seconds: durations between them
        # (periods, half-lives) would be rounded. pandas' own default is us.
        stamps = stamps.astype("datetime64[us]")
    index: pd.DatetimeIndex = pd.DatetimeIndex(stamps, name=column.name)
    zone = getattr(column.dtype, "time_zone", None)
    if zone is not None:  # polars stores aware datetimes as UTC instants
        index = index.tz_localize("UTC").tz_convert(zone)
    return index


def _polars_time_column(frame: Any, argname: str) -> str | None:
    named: str | None = _option("time_column")
    if named is not None:
        if named not in frame.columns:
            msg = (
                f"`{argname}` has no time column {named!r} (set with "
                f"rotationkit.set_options); its columns are {frame.columns!r}"
            )
            raise InputError(msg)
        return named
    temporal = [name for name, dtype in frame.schema.items() if dtype.is_temporal()]
    if len(temporal) > 1:
        msg = (
            f"`{argname}` has several date/time columns {temporal!r}; name the time "
            "axis with rotationkit.set_options(time_column=...)"
        )
        raise InputError(msg)
    return temporal[0] if temporal else None


def _from_polars(obj: Any, argname: str) -> Panel:
    pl = _optional_module("polars")
    if isinstance(obj, pl.Series):
        problem = _polars_dtype_problem(obj.dtype)
        if problem is not None:
            _raise_dtype(argname, problem)
        values = obj.cast(pl.Float64).to_numpy().reshape(-1, 1)
        origin = _Origin(obj, None)
        return Panel(values, None, None, obj.name, "polars_series", 1, argname, origin)
    time_name = _polars_time_column(obj, argname)
    value_names = [name for name in obj.columns if name != time_name]
    for name in value_names:
        problem = _polars_dtype_problem(obj.schema[name])
        if problem is not None:
            _raise_dtype(argname, f"{problem} in column {name!r}")
    if value_names:
        values = obj.select(value_names).cast(pl.Float64).to_numpy()
    else:
        values = np.empty((obj.height, 0))
    index = None
    if time_name is not None:
        index = _polars_time_index(obj[time_name], argname)
        _check_time_index(index, argname)
    columns = pd.Index(value_names)
    origin = _Origin(obj, time_name)
    return Panel(values, index, columns, None, "polars_frame", 2, argname, origin)


def _time_dim_of(obj: Any) -> Hashable | None:
    """Return the time dimension of a DataArray (``None`` if it has none).

    That is the dimension named by the ``time_dim`` option, or the only
    dimension of a one-dimensional DataArray.
    """
    time_dim: Hashable = _option("time_dim")
    if time_dim in obj.dims:
        return time_dim
    if obj.ndim == 1:
        only: Hashable = obj.dims[0]
        return only
    return None


def _dataarray_time_dim(obj: Any, argname: str) -> Hashable:
    """Return the time dimension of a DataArray, or raise an error naming the option."""
    time_dim = _time_dim_of(obj)
    if time_dim is None:
        msg = (
            f"`{argname}` has no dimension {_option('time_dim')!r} among {obj.dims!r}; "
            "name the time dimension with rotationkit.set_options(time_dim=...)"
        )
        raise InputError(msg)
    return time_dim


def _from_dataarray(obj: Any, argname: str) -> Panel:
    time_dim = _dataarray_time_dim(obj, argname)
    problem = _kind_problem(obj.dtype)
    if problem is not None:
        _raise_dtype(argname, problem)
    ordered = obj.transpose(time_dim, ...)
    other_dims = tuple(ordered.dims[1:])
    values = np.asarray(ordered.values, dtype=np.float64).reshape(
        obj.sizes[time_dim], -1
    )
    index: pd.Index | None = obj.indexes.get(time_dim)
    if index is not None:
        _check_time_index(index, argname)
    columns = _dataarray_columns(obj, other_dims)
    ndim = 1 if not other_dims else 2
    origin = _Origin(obj, time_dim, other_dims)
    return Panel(values, index, columns, obj.name, "dataarray", ndim, argname, origin)


def _dataarray_columns(obj: Any, dims: tuple[Hashable, ...]) -> pd.Index | None:
    if not dims:
        return None
    levels = [
        obj.indexes[dim]
        if dim in obj.indexes
        else pd.RangeIndex(obj.sizes[dim], name=dim)
        for dim in dims
    ]
    columns: pd.Index = (
        levels[0]
        if len(levels) == 1
        else pd.MultiIndex.from_product(levels, names=list(dims))
    )
    return columns


def as_panel(
    obj: object,
    argname: str,
    *,
    positive: bool = False,
    one_dimensional: bool = False,
    check_values: bool = True,
) -> Panel:
    """Coerce ``obj`` to a validated :class:`Panel`.

    Parameters
    ----------
    obj : object
        A pandas Series or DataFrame, a numpy array or a (nested) sequence.
    argname : str
        The parameter name, used in error messages.
    positive : bool, default False
        Require every non-missing value to be strictly positive (prices).
    one_dimensional : bool, default False
        Require a single series (a benchmark, for example).
    check_values : bool, default True
        Look for infinite (and, with ``positive``, non-positive) values. A
        caller that passes False must call :func:`check_value_range` itself
        before it uses any result, typically when a kernel that reads the
        panel anyway tells whether there is such a value.

    Returns
    -------
    Panel
        The validated input.

    Raises
    ------
    InputError
        For empty, non-numeric, boolean, infinite or (with ``positive``)
        non-positive data, and for unsorted or duplicated time labels.
    """
    if isinstance(obj, (pd.Series, pd.DataFrame)):
        panel = _from_pandas(obj, argname)
    elif _is_polars(obj):
        panel = _from_polars(obj, argname)
    elif _is_dataarray(obj):
        panel = _from_dataarray(obj, argname)
    else:
        panel = _from_array(obj, argname)
    if one_dimensional and panel.ndim != 1 and panel.n_assets != 1:
        msg = (
            f"`{argname}` must be a single series, got {panel.n_assets} columns; "
            "select one column"
        )
        raise InputError(msg)
    if panel.n_periods == 0 or panel.n_assets == 0:
        msg = f"`{argname}` is empty; pass at least one observation"
        raise InputError(msg)
    panel = panel.with_values(panel.values)
    if not check_values:
        return panel
    return check_values_now(panel, positive=positive)


def check_values_now(panel: Panel, *, positive: bool) -> Panel:
    """Raise for infinite or (``positive``) non-positive values; return ``panel`` with its smallest value.

    The checks of :func:`as_panel`, for a panel coerced without them.
    """
    # The smallest and the largest value (NaN skipped) rule out both problems
    # in the usual case; the checks that find and name a bad value run only
    # when one is there.
    lowest, highest = _kernels.value_range(panel.values)
    if math.isinf(lowest) or math.isinf(highest) or (positive and lowest <= 0.0):
        check_value_range(panel, positive=positive)
    return replace(panel, lowest=lowest)


def values_error_first(panel: Panel, action: Callable[[], ValueT]) -> ValueT:
    """Return ``action()``; if it raises, search ``panel`` first, so that its error comes first.

    For a panel coerced without its search for infinite values
    (``check_values=False``): when another input fails, the panel's own
    error still comes first, as with the search done at once, and the other
    error is raised on its own, not while handling anything.
    """
    failure: Exception | None = None
    try:
        return action()
    except Exception as error:  # noqa: BLE001 - raised again below
        failure = error
    check_values_now(panel, positive=False)
    try:
        raise failure
    finally:
        failure = None  # no reference cycle through the traceback


def check_value_range(panel: Panel, *, positive: bool) -> None:
    """Raise, naming the first one, for infinite or (``positive``) non-positive values.

    The full search for a bad value, run only when a quicker pass found
    one: the checks of :func:`as_panel`, in its order.
    """
    _check_finite(panel)
    if positive:
        _check_positive(panel)


def _position_label(panel: Panel, flat_position: int) -> str:
    row, col = divmod(flat_position, panel.n_assets)
    where = f"row {row}" if panel.index is None else f"label {panel.index[row]!r}"
    if panel.columns is not None:
        where += f", column {panel.columns[col]!r}"
    elif panel.ndim == 2:
        where += f", column {col}"
    return where


def _check_finite(panel: Panel) -> None:
    infinite = np.isinf(panel.values)
    if infinite.any():
        where = _position_label(panel, int(np.flatnonzero(infinite.ravel())[0]))
        msg = (
            f"`{panel.argname}` contains infinite values (first at {where}); "
            "replace them with NaN or remove them"
        )
        raise InputError(msg)


def _check_positive(panel: Panel) -> None:
    with np.errstate(invalid="ignore"):
        bad = panel.values <= 0.0
    if bad.any():
        flat = int(np.flatnonzero(bad.ravel())[0])
        value = float(panel.values.ravel()[flat])
        where = _position_label(panel, flat)
        msg = (
            f"`{panel.argname}` must be strictly positive prices, got {value!r} "
            f"at {where}; returns from zero or negative prices are meaningless"
        )
        raise InputError(msg)


def _tz_of(index: pd.Index) -> object:
    return index.tz if isinstance(index, pd.DatetimeIndex) else None


def _check_same_tz(first: Panel, other: Panel) -> None:
    assert first.index is not None
    assert other.index is not None
    tz_a, tz_b = _tz_of(first.index), _tz_of(other.index)
    is_dt_a = isinstance(first.index, pd.DatetimeIndex)
    is_dt_b = isinstance(other.index, pd.DatetimeIndex)
    if not (is_dt_a and is_dt_b):
        return
    if (tz_a is None) != (tz_b is None):
        msg = (
            f"`{first.argname}` is {_describe_tz(tz_a)} but `{other.argname}` is "
            f"{_describe_tz(tz_b)}; rotationkit never shifts times silently, so "
            "localize or convert one of them (tz_localize / tz_convert) first"
        )
        raise AlignmentError(msg)
    if tz_a is not None and str(tz_a) != str(tz_b):
        msg = (
            f"`{first.argname}` is in time zone {tz_a} but `{other.argname}` is in "
            f"{tz_b}; convert one with tz_convert so both use the same zone"
        )
        raise AlignmentError(msg)


def _describe_tz(tz: object) -> str:
    return "time-zone naive" if tz is None else f"time-zone aware ({tz})"


def align(*panels: Panel) -> tuple[Panel, ...]:
    """Match the periods of several panels.

    Labelled inputs are aligned on their time labels (inner join, keeping the
    order of the labels). When any input is unlabelled, inputs are matched by
    position and must all have the same length.

    Raises
    ------
    AlignmentError
        If lengths differ for unlabelled inputs, if labelled inputs share no
        label, or if their time zones differ.
    """
    if len(panels) < 2:
        return panels
    if all(panel.labelled for panel in panels):
        return _align_labelled(panels)
    return _align_positional(panels)


def panel_and_benchmark(
    values: object,
    benchmark: object,
    *,
    names: tuple[str, str] | None = None,
    prices: bool = False,
    one_asset: bool = False,
    compounding: bool = False,
    check_values: bool = True,
) -> tuple[Panel, Panel]:
    """Coerce ``values`` and the one-series ``benchmark`` and align them in time.

    Parameters
    ----------
    values, benchmark : object
        The user's data: one asset or several, and the series they are
        measured against.
    names : (str, str), optional
        The parameter names the error messages use; by default
        ``("returns", "benchmark")``, or ``("prices", "benchmark_prices")``
        for prices.
    prices : bool
        Both are prices, which must be strictly positive.
    one_asset : bool
        ``values`` must be one series too.
    compounding : bool
        Both are simple returns that will be compounded: a return below -1
        raises.
    check_values : bool, default True
        Look for infinite values of ``values`` at once (see :func:`as_panel`).
        With False, and plain returns (neither ``prices`` nor
        ``compounding``), the search is left to the caller: it must call
        :func:`check_value_range` on the returned panel before it uses a
        result, unless a kernel that reads the panel anyway vouches for it.
        The errors still come as with the search done at once: a problem of
        the benchmark or of the alignment, and a match that leaves rows of
        ``values`` out or gives them the benchmark's dates, have ``values``
        searched first.
    """
    if names is None:
        names = ("prices", "benchmark_prices") if prices else ("returns", "benchmark")
    defer = not (check_values or prices or compounding)
    panel = as_panel(
        values,
        names[0],
        positive=prices,
        one_dimensional=one_asset,
        check_values=not defer,
    )

    def aligned_with_benchmark() -> tuple[Panel, Panel]:
        bench = as_panel(benchmark, names[1], positive=prices, one_dimensional=True)
        aligned, bench = align(panel, bench)
        return aligned, bench

    if not defer:
        aligned, bench = aligned_with_benchmark()
    else:
        aligned, bench = values_error_first(panel, aligned_with_benchmark)
        if aligned is not panel:
            # The panel's own error is named as in the panel the user passed
            # (a positional match gives unlabelled values the benchmark's
            # dates; a match on dates may leave rows out, which no kernel
            # reads).
            check_values_now(panel, positive=False)
    if compounding:
        check_simple_returns(aligned)
        check_simple_returns(bench)
    return aligned, bench


def _align_positional(panels: Sequence[Panel]) -> tuple[Panel, ...]:
    first = panels[0]
    for other in panels[1:]:
        if other.n_periods != first.n_periods:
            msg = (
                f"`{first.argname}` has {first.n_periods} rows but `{other.argname}` "
                f"has {other.n_periods}; pass inputs of equal length, or labelled "
                "pandas objects so that rotationkit can align them on dates"
            )
            raise AlignmentError(msg)
    labelled = [panel for panel in panels if panel.labelled]
    if not labelled:
        return tuple(panels)
    index = labelled[0].index
    assert index is not None
    for other in labelled[1:]:
        if not index.equals(other.index):
            msg = (
                f"`{labelled[0].argname}` and `{other.argname}` have different time "
                "labels, and another input has none to align on; pass all inputs "
                "as labelled pandas objects"
            )
            raise AlignmentError(msg)
    return tuple(
        panel if panel.index is index else replace(panel, index=index)
        for panel in panels
    )


def _refuse_positional_join(first: Panel, other: Panel) -> None:
    """Refuse to join two different integer indexes on their labels.

    Integer labels are almost always row positions (a default RangeIndex, or
    returns whose first row was dropped): joining them would pair different
    periods silently, one period apart.
    """
    assert first.index is not None
    assert other.index is not None
    integer = pd.api.types.is_integer_dtype
    if integer(first.index.dtype) and integer(other.index.dtype):
        msg = (
            f"`{first.argname}` and `{other.argname}` have different integer "
            "labels, which look like row positions rather than dates; give both a "
            "DatetimeIndex, or pass .to_numpy() to match them by position"
        )
        raise AlignmentError(msg)


def _align_labelled(panels: Sequence[Panel]) -> tuple[Panel, ...]:
    first = panels[0]
    assert first.index is not None
    common = first.index
    for other in panels[1:]:
        _check_same_tz(first, other)
        assert other.index is not None
        if not common.equals(other.index):
            _refuse_positional_join(first, other)
            common = common.intersection(other.index, sort=False)
    if len(common) == 0:
        names = " and ".join(f"`{panel.argname}`" for panel in panels)
        msg = (
            f"{names} share no time label; check that they cover the same dates "
            "and use the same kind of index"
        )
        raise AlignmentError(msg)
    common = common.sort_values()
    aligned = []
    for panel in panels:
        assert panel.index is not None
        if panel.index.equals(common):
            aligned.append(panel)
        else:
            aligned.append(panel.take_rows(panel.index.get_indexer(common)))
    return tuple(aligned)


def wrap_like(
    values: FloatArray | BoolValues,
    template: Panel,
    *,
    index: pd.Index | None = None,
) -> Any:
    """Return ``values`` (periods x assets) in the container type of ``template``.

    ``index`` gives the time labels of ``values`` when they are a subset of the
    template's rows (for example the first row of returns computed from
    prices is dropped); by default they are the template's own.
    """
    labels = template.index if index is None else index
    if template.kind == "series":
        series: pd.Series[float] = pd.Series(
            values[:, 0], index=labels, name=template.name, copy=False
        )
        return series
    if template.kind == "frame":
        frame: pd.DataFrame = pd.DataFrame(
            values, index=labels, columns=template.columns, copy=False
        )
        return frame
    if template.kind in ("polars_series", "polars_frame"):
        return _wrap_polars(values, template, index)
    if template.kind == "dataarray":
        return _wrap_dataarray(values, template, index)
    return values[:, 0] if template.ndim == 1 else values


def _wrap_polars(
    values: FloatArray | BoolValues, template: Panel, index: pd.Index | None
) -> Any:
    pl = _optional_module("polars")
    origin = template.origin
    assert origin is not None
    if template.kind == "polars_series":
        return pl.Series(template.name, values[:, 0])
    assert template.columns is not None
    data = {str(name): values[:, i] for i, name in enumerate(template.columns)}
    if origin.time_name is None:
        return pl.DataFrame(data)
    times = origin.obj[origin.time_name].gather(template.original_rows(index))
    return pl.DataFrame({str(origin.time_name): times, **data})


def _dataarray_coords(template: Panel) -> dict[Hashable, Any]:
    """Return the coordinates of the original DataArray that do not run along time."""
    origin = template.origin
    assert origin is not None
    return {
        name: coord
        for name, coord in origin.obj.coords.items()
        if origin.time_name not in coord.dims
    }


def _wrap_dataarray(
    values: FloatArray | BoolValues, template: Panel, index: pd.Index | None
) -> Any:
    xr = _optional_module("xarray")
    origin = template.origin
    assert origin is not None
    obj = origin.obj
    other_shape = [obj.sizes[dim] for dim in origin.other_dims]
    coords = _dataarray_coords(template)
    rows = template.original_rows(index)
    for name, coord in obj.coords.items():
        if origin.time_name in coord.dims:  # the time labels and coordinates along time
            coords[name] = coord.isel({origin.time_name: rows})
    result = xr.DataArray(
        values.reshape(values.shape[0], *other_shape),
        dims=(origin.time_name, *origin.other_dims),
        coords=coords,
        name=obj.name,
        attrs=_result_attrs(obj),
    )
    return result.transpose(*obj.dims)


def _result_attrs(obj: Any) -> dict[Hashable, Any]:
    """Return the attributes a result computed from DataArray ``obj`` keeps.

    None by default: a return is not a price, so ``units`` or a description
    would mislabel it. Under ``xarray.set_options(keep_attrs=True)`` all of
    them, as xarray itself does.
    """
    xr = _optional_module("xarray")
    keep = xr.get_options()["keep_attrs"] is True
    return dict(obj.attrs) if keep else {}


def wrap_reduced(
    values: FloatArray | Positions, template: Panel, *, name: Hashable = None
) -> Any:
    """Return one value per asset in the reduced type of ``template``.

    A Series or a 1-D array gives a Python ``float``; a DataFrame gives a Series
    indexed by its columns; a 2-D array gives a 1-D array; a polars DataFrame
    gives a polars DataFrame with an ``asset`` column; a DataArray gives a
    DataArray without its time dimension.
    """
    if template.kind == "dataarray":
        return _reduce_dataarray(values, template, name)
    if template.ndim == 1:
        return float(values[0])
    if template.kind == "frame":
        series: pd.Series[float] = pd.Series(
            values, index=template.columns, name=name, copy=False
        )
        return series
    if template.kind == "polars_frame":
        pl = _optional_module("polars")
        assert template.columns is not None
        label = "value" if name is None else str(name)
        return pl.DataFrame(
            {"asset": [str(c) for c in template.columns], label: values}
        )
    return values


def _reduce_dataarray(
    values: FloatArray | Positions, template: Panel, name: Hashable
) -> Any:
    xr = _optional_module("xarray")
    origin = template.origin
    assert origin is not None
    other_shape = [origin.obj.sizes[dim] for dim in origin.other_dims]
    return xr.DataArray(
        np.reshape(values, other_shape),
        dims=origin.other_dims,
        coords=_dataarray_coords(template),
        name=origin.obj.name if name is None else name,
        attrs=_result_attrs(origin.obj),
    )


def wrap_table(
    values: FloatArray,
    template: Panel,
    columns: Sequence[str],
    *,
    default_name: str = "asset",
) -> Any:
    """Return a table with one row per asset of ``template`` and ``columns``.

    A pandas DataFrame, except for polars input, which gets a polars DataFrame
    whose first column, ``asset``, names the rows.
    """
    if template.columns is not None:
        rows = template.columns
    elif template.name is not None:
        rows = pd.Index([template.name])
    elif template.ndim == 1:
        rows = pd.Index([default_name])
    else:
        rows = pd.RangeIndex(template.n_assets, name=default_name)
    if template.kind in ("polars_series", "polars_frame"):
        pl = _optional_module("polars")
        data = {str(column): values[:, i] for i, column in enumerate(columns)}
        return pl.DataFrame({default_name: [str(row) for row in rows], **data})
    table: pd.DataFrame = pd.DataFrame(values, index=rows, columns=list(columns))
    return table


def require_datetime_index(panel: Panel, what: str) -> pd.DatetimeIndex:
    """Return the panel's DatetimeIndex, or raise an error naming ``what`` needs it."""
    if isinstance(panel.index, pd.DatetimeIndex):
        return panel.index
    found = "no labels" if panel.index is None else f"a {type(panel.index).__name__}"
    msg = (
        f"`{panel.argname}` needs a DatetimeIndex for {what}, got {found}; "
        "pass a pandas object indexed by dates"
    )
    raise InputError(msg)


def to_timestamp(value: object, index: pd.DatetimeIndex, argname: str) -> pd.Timestamp:
    """Convert a user-given date to a Timestamp comparable with ``index``.

    A naive date (``"2026-01-30"``) is read in the index's time zone. An aware
    timestamp is converted to it (the same instant); an aware timestamp against
    a naive index raises, since the instant cannot be placed without guessing.
    """
    if isinstance(value, (int, float, np.number)):
        # pandas would read a number as nanoseconds since 1970: never a date
        # anyone meant.
        msg = f"`{argname}` must be a date, got the number {value!r}"
        raise InputError(msg)
    try:
        parsed: object = pd.Timestamp(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        msg = f"`{argname}` must be a date, got {value!r}"
        raise InputError(msg) from exc
    if not isinstance(parsed, pd.Timestamp):  # NaT is not a Timestamp
        msg = f"`{argname}` must be a date, got {value!r}"
        raise InputError(msg)
    stamp = parsed
    if index.tz is None:
        if stamp.tz is not None:
            msg = (
                f"`{argname}` is time-zone aware ({stamp.tz}) but the data are "
                "time-zone naive; pass a naive date"
            )
            raise AlignmentError(msg)
        return stamp
    converted: pd.Timestamp = (
        stamp.tz_localize(index.tz) if stamp.tz is None else stamp.tz_convert(index.tz)
    )
    return converted


def check_choice(value: object, argname: str, valid: Iterable[ChoiceT]) -> ChoiceT:
    """Return ``value`` if it is one of ``valid``, else raise ``ValueError``."""
    choices = tuple(valid)
    for choice in choices:
        if value == choice:
            return choice
    msg = f"`{argname}` must be one of {sorted(choices)!r}, got {value!r}"
    raise ValueError(msg)


def check_window(window: object, argname: str = "window") -> int:
    """Return ``window`` as an int if it is a positive whole number."""
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)):
        msg = f"`{argname}` must be a positive whole number of periods, got {window!r}"
        raise TypeError(msg)
    if window <= 0:
        msg = f"`{argname}` must be a positive whole number of periods, got {window!r}"
        raise ValueError(msg)
    return int(window)


def check_min_periods(
    min_periods: object, window: int | None, *, default: int, least: int = 1
) -> int:
    """Return ``min_periods`` (``default`` when None) after checking its bounds.

    It must be a whole number from ``least`` up to ``window`` (no upper bound
    for an expanding window, ``window=None``).
    """
    if min_periods is None:
        return default
    checked = check_window(min_periods, "min_periods")
    if checked < least or (window is not None and checked > window):
        upper = "" if window is None else f" to `window` ({window})"
        msg = f"`min_periods` must be from {least}{upper}, got {min_periods!r}"
        raise ValueError(msg)
    return checked


def check_positive_number(value: object, argname: str) -> float:
    """Return ``value`` as a float if it is a finite number greater than zero."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        msg = f"`{argname}` must be a positive number, got {value!r}"
        raise TypeError(msg)
    number = float(value)
    if not np.isfinite(number) or number <= 0.0:
        msg = f"`{argname}` must be a finite number greater than zero, got {value!r}"
        raise ValueError(msg)
    return number


# --- boolean conditions and run tables (streaks) ---

BoolValues = np.ndarray[Any, np.dtype[np.bool_]]
"""A boolean array (a condition such as "outperformed the benchmark")."""

Positions = np.ndarray[tuple[int], np.dtype[np.intp]]
"""Row or column positions; ``-1`` stands for "none"."""


@dataclass(frozen=True, slots=True)
class BoolPanel:
    """A boolean input coerced to a read-only ``(periods, assets)`` array.

    The boolean counterpart of :class:`Panel`, with the same label attributes,
    for conditions such as "outperformed the benchmark" or "closed above its
    50-day average". A missing value (pandas ``NA``) is stored as False.
    """

    values: BoolValues
    index: pd.Index | None
    columns: pd.Index | None
    name: Hashable
    kind: Kind
    ndim: int
    argname: str

    @property
    def n_periods(self) -> int:
        """Number of periods (rows)."""
        return int(self.values.shape[0])

    @property
    def n_assets(self) -> int:
        """Number of assets (columns)."""
        return int(self.values.shape[1])


def _raise_not_bool(argname: str, problem: str) -> None:
    msg = (
        f"`{argname}` must hold booleans (True/False), got {problem}; build it with "
        "a comparison such as `prices > prices.rolling(50).mean()`"
    )
    raise InputError(msg)


def _bool_values(obj: pd.Series[Any] | pd.DataFrame) -> BoolValues:
    """Return the booleans of ``obj``; ``NA`` of nullable columns becomes False."""
    dtypes = [obj.dtype] if isinstance(obj, pd.Series) else list(obj.dtypes)
    if all(dtype == np.bool_ for dtype in dtypes):
        return obj.to_numpy(dtype=np.bool_)  # no copy for a plain bool block
    return obj.to_numpy(dtype=np.bool_, na_value=False)


def _bool_from_pandas(obj: pd.Series[Any] | pd.DataFrame, argname: str) -> BoolPanel:
    if isinstance(obj, pd.Series):
        if not pd.api.types.is_bool_dtype(obj.dtype):
            _raise_not_bool(argname, f"dtype {obj.dtype}")
        _check_time_index(obj.index, argname)
        values = _bool_values(obj).reshape(-1, 1)
        return BoolPanel(values, obj.index, None, obj.name, "series", 1, argname)
    for column, dtype in obj.dtypes.items():
        if not pd.api.types.is_bool_dtype(dtype):
            _raise_not_bool(argname, f"dtype {dtype} in column {column!r}")
    _check_time_index(obj.index, argname)
    return BoolPanel(
        _bool_values(obj), obj.index, obj.columns, None, "frame", 2, argname
    )


def _bool_from_array(obj: object, argname: str) -> BoolPanel:
    try:
        raw = np.asarray(obj)
    except (TypeError, ValueError) as exc:
        msg = f"`{argname}` cannot be read as an array of booleans: {exc}"
        raise InputError(msg) from exc
    if raw.dtype.kind != "b":
        _raise_not_bool(argname, f"dtype {raw.dtype}")
    if raw.ndim not in (1, 2):
        msg = (
            f"`{argname}` must be one-dimensional (one asset) or two-dimensional "
            f"(periods x assets), got {raw.ndim} dimensions"
        )
        raise InputError(msg)
    values = raw[:, np.newaxis] if raw.ndim == 1 else raw
    return BoolPanel(values, None, None, None, "array", raw.ndim, argname)


def _bool_from_polars(obj: Any, argname: str) -> BoolPanel:
    pl = _optional_module("polars")
    if isinstance(obj, pl.Series):
        if obj.dtype != pl.Boolean:
            _raise_not_bool(argname, f"dtype {obj.dtype}")
        values = obj.fill_null(value=False).to_numpy().reshape(-1, 1)
        return BoolPanel(values, None, None, obj.name, "polars_series", 1, argname)
    time_name = _polars_time_column(obj, argname)
    names = [name for name in obj.columns if name != time_name]
    for name in names:
        if obj.schema[name] != pl.Boolean:
            _raise_not_bool(argname, f"dtype {obj.schema[name]} in column {name!r}")
    values = np.empty((obj.height, 0), dtype=np.bool_)
    if names:
        values = obj.select(names).fill_null(value=False).to_numpy()
    index = None
    if time_name is not None:
        index = _polars_time_index(obj[time_name], argname)
        _check_time_index(index, argname)
    columns = pd.Index(names)
    return BoolPanel(values, index, columns, None, "polars_frame", 2, argname)


def _bool_from_dataarray(obj: Any, argname: str) -> BoolPanel:
    time_dim = _dataarray_time_dim(obj, argname)
    if obj.dtype.kind != "b":
        _raise_not_bool(argname, f"dtype {obj.dtype}")
    ordered = obj.transpose(time_dim, ...)
    other_dims = tuple(ordered.dims[1:])
    values = np.asarray(ordered.values).reshape(obj.sizes[time_dim], -1)
    index: pd.Index | None = obj.indexes.get(time_dim)
    if index is not None:
        _check_time_index(index, argname)
    columns = _dataarray_columns(obj, other_dims)
    ndim = 1 if not other_dims else 2
    return BoolPanel(values, index, columns, obj.name, "dataarray", ndim, argname)


def as_bool_panel(obj: object, argname: str) -> BoolPanel:
    """Coerce a boolean condition to a validated, read-only :class:`BoolPanel`.

    Accepts a boolean pandas Series or DataFrame (``bool`` or nullable
    ``boolean``; ``NA`` counts as False), a boolean polars Series or DataFrame
    (``null`` counts as False; a DataFrame's time column is found as by
    :func:`as_panel`), a boolean DataArray (time along the ``time_dim``
    option), or anything numpy reads as a boolean array of one or two
    dimensions.

    Raises
    ------
    InputError
        For non-boolean or empty input, more than two dimensions, and unsorted
        or duplicated time labels.
    """
    if isinstance(obj, (pd.Series, pd.DataFrame)):
        panel = _bool_from_pandas(obj, argname)
    elif _is_polars(obj):
        panel = _bool_from_polars(obj, argname)
    elif _is_dataarray(obj):
        panel = _bool_from_dataarray(obj, argname)
    else:
        panel = _bool_from_array(obj, argname)
    if panel.values.size == 0:
        msg = f"`{argname}` is empty; pass at least one observation"
        raise InputError(msg)
    view: BoolValues = panel.values.view()
    view.flags.writeable = False
    return replace(panel, values=view)


def check_simple_returns(panel: Panel) -> None:
    """Raise if ``panel`` holds a simple return below -1 (a loss of more than 100 %)."""
    # The smallest value is known from the input checks, or found now (NaN
    # skipped); the bad value is looked for only if there is one.
    lowest = panel.lowest
    if lowest is None:
        lowest = _kernels.smallest_value(panel.values)
    if not lowest < -1.0:
        return
    with np.errstate(invalid="ignore"):
        below = panel.values < -1.0
    if below.any():
        value = float(panel.values[below][0])
        msg = (
            f"`{panel.argname}` has a simple return of {value!r}, below -1 (a loss "
            "of more than 100 %); check that these are simple returns, not log "
            "returns or percentages"
        )
        raise InputError(msg)


def row_on_or_before(panel: Panel, moment: object, argname: str) -> int:
    """Return the position of the last row labelled at or before ``moment`` (-1 if none).

    A DatetimeIndex reads ``moment`` with :func:`to_timestamp`; other labels are
    compared as they are; unlabelled arrays take a row position (an int).
    """
    if panel.index is None:
        if isinstance(moment, bool) or not isinstance(moment, (int, np.integer)):
            msg = (
                f"`{argname}` must be a row position (int) for unlabelled "
                f"`{panel.argname}`, got {moment!r}"
            )
            raise InputError(msg)
        return min(int(moment), panel.n_periods - 1) if moment >= 0 else -1
    probe: Any = moment
    if isinstance(panel.index, pd.DatetimeIndex):
        probe = to_timestamp(moment, panel.index, argname)
    try:
        # A Python comparison first: searchsorted places some incomparable
        # values (a string among integers) without complaint.
        _ = bool(panel.index[0] <= probe)
        position = int(panel.index.searchsorted(probe, side="right")) - 1
    except TypeError as exc:
        msg = (
            f"`{argname}` cannot be compared with the time labels of "
            f"`{panel.argname}`, got {moment!r}"
        )
        raise InputError(msg) from exc
    return position


def label_at(template: Panel | BoolPanel, position: int) -> Hashable:
    """Return the time label of row ``position`` (the position itself without labels)."""
    if template.index is None:
        return int(position)
    label: Hashable = template.index[position]
    return label


def _labels_at(template: Panel | BoolPanel, positions: Positions) -> Any:
    """Return the time labels of ``positions`` (the positions themselves without labels)."""
    if template.index is None:
        return positions.astype(np.int64, copy=False)
    return template.index.take(positions)


def _bound_labels(
    template: Panel | BoolPanel, starts: Positions, lengths: Positions
) -> tuple[Any, Any]:
    """Return the time labels of each run's first and last rows.

    The last row is ``start + length - 1``. Timezone-naive dates go through
    :func:`rotationkit._kernels.run_bound_labels` as 64-bit integers: the
    kernel needs no table-long array of last rows, and its compiled twin
    forms both labels in one pass.
    """
    index = template.index
    if not (isinstance(index, pd.DatetimeIndex) and index.tz is None):
        ends = np.add(starts, lengths)
        ends -= 1
        return _labels_at(template, starts), _labels_at(template, ends)
    dates = index.to_numpy()
    firsts, lasts = _kernels.run_bound_labels(dates.view(np.int64), starts, lengths)
    return firsts.view(dates.dtype), lasts.view(dates.dtype)


def _labels_or_missing(template: Panel | BoolPanel, positions: Positions) -> Any:
    """Return the time labels of ``positions``; ``-1`` gives a missing value."""
    missing = positions < 0
    labels = _labels_at(template, np.where(missing, 0, positions))
    if not missing.any():
        return labels
    if template.index is None:
        return pd.arrays.IntegerArray(labels, missing)
    return labels.where(~missing)


def _asset_labels(template: Panel | BoolPanel, assets: Positions) -> Any:
    """Return the column label of each run: categorical, so a long table stays small."""
    columns = template.columns
    if columns is None:
        return assets.astype(np.int64)
    if columns.is_unique and not isinstance(columns, pd.MultiIndex):
        return pd.Categorical.from_codes(assets, categories=columns, validate=False)
    return columns[assets]


def _run_columns(
    starts: Any, ends: Any, lengths: Positions, extra: Sequence[tuple[str, FloatArray]]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "start": starts,
        "end": ends,
        "length": lengths.astype(np.int64, copy=False),
    }
    data.update(extra)
    return data


def wrap_runs(
    template: Panel | BoolPanel,
    starts: Positions,
    lengths: Positions,
    assets: Positions,
    *,
    extra: Sequence[tuple[str, FloatArray]] = (),
) -> pd.DataFrame:
    """Return a table of runs with columns ``start``, ``end``, ``length`` (+ ``extra``).

    Two-dimensional input gets an ``asset`` column first (a column label, or
    a column position). ``start`` and ``end`` (the last row, ``start +
    length - 1``) are time labels, or row positions for unlabelled input.
    ``extra`` adds float columns in order.
    """
    data: dict[str, Any] = {}
    if template.ndim == 2:
        data["asset"] = _asset_labels(template, assets)
    start_labels, end_labels = _bound_labels(template, starts, lengths)
    data.update(_run_columns(start_labels, end_labels, lengths, extra))
    table: pd.DataFrame = pd.DataFrame(data, copy=False)
    return table


def wrap_asset_runs(
    template: Panel | BoolPanel,
    starts: Positions,
    ends: Positions,
    lengths: Positions,
    *,
    extra: Sequence[tuple[str, FloatArray]] = (),
) -> pd.DataFrame:
    """Return one run per asset, indexed like :func:`wrap_table` (``asset``).

    A start or end of ``-1`` means the asset has no run: its labels are
    missing (NaT, NaN or ``<NA>`` for row positions).
    """
    if template.columns is not None:
        index: pd.Index = template.columns
    else:
        index = pd.RangeIndex(template.n_assets, name="asset")
    data = _run_columns(
        _labels_or_missing(template, starts),
        _labels_or_missing(template, ends),
        lengths,
        extra,
    )
    table: pd.DataFrame = pd.DataFrame(data, index=index, copy=False)
    return table


def wrap_counts(values: Positions, template: Panel, *, name: Hashable = None) -> Any:
    """Return one whole number per asset in the reduced type of ``template``.

    A one-dimensional input gives a Python ``int``; a DataFrame gives an
    int64 Series indexed by its columns; a two-dimensional array gives a 1-D
    array; polars and xarray inputs are reduced as by :func:`wrap_reduced`.
    """
    if template.kind in ("dataarray", "polars_frame"):
        return wrap_reduced(values, template, name=name)
    if template.ndim == 1:
        return int(values[0])
    if template.kind == "frame":
        series: pd.Series[int] = pd.Series(
            values, index=template.columns, name=name, dtype=np.int64
        )
        return series
    return values


# --- yields, cross-sections and event tables (rates, valuation) ---

YieldUnits = Literal["percent", "decimal", "bp"]
"""How a yield is quoted: 4.26 (percent), 0.0426 (decimal) or 426 (basis points)."""

YIELD_UNITS: tuple[YieldUnits, ...] = ("percent", "decimal", "bp")
_PERCENT_PER_UNIT: dict[YieldUnits, float] = {
    "percent": 1.0,
    "decimal": 100.0,
    "bp": 0.01,
}
# The largest absolute yield of a series, in percent, is expected in this range;
# outside it the values most likely carry other units than declared.
_PLAUSIBLE_LARGEST_PERCENT = (0.2, 100.0)


def rescale_yields(
    panel: Panel,
    units: object,
    *,
    to: YieldUnits,
    units_argname: str = "yield_units",
    stacklevel: int = 3,
) -> Panel:
    """Return ``panel`` converted from ``units`` to ``to``, after a plausibility check.

    The check looks at the largest absolute value: read in the declared
    units it should lie between 0.2 % and 100 %. Otherwise a
    :class:`~rotationkit.errors.YieldUnitsWarning` says which units the values
    look like (percent declared but every value below 0.2 looks like
    decimal). ``stacklevel`` points the warning at the user's call: 3 is right
    when the public function calls this helper directly (frames of
    rotationkit's own decorators are skipped, see :func:`outside_stacklevel`).

    Raises
    ------
    ValueError
        If ``units`` is not one of ``"percent"``, ``"decimal"``, ``"bp"``.
    """
    declared = check_choice(units, units_argname, YIELD_UNITS)
    finite = np.abs(panel.values[~np.isnan(panel.values)])
    if finite.size:
        largest = float(finite.max())
        low, high = _PLAUSIBLE_LARGEST_PERCENT
        if not low <= largest * _PERCENT_PER_UNIT[declared] <= high:
            _warn_yield_units(
                panel.argname, units_argname, declared, largest, stacklevel
            )
    factor = _PERCENT_PER_UNIT[declared] / _PERCENT_PER_UNIT[to]
    if factor == 1.0:
        return panel
    return panel.with_values(panel.values * factor)


def _warn_yield_units(
    argname: str,
    units_argname: str,
    declared: YieldUnits,
    largest: float,
    stacklevel: int,
) -> None:
    low, high = _PLAUSIBLE_LARGEST_PERCENT
    fits = [
        unit for unit in YIELD_UNITS if low <= largest * _PERCENT_PER_UNIT[unit] <= high
    ]
    looks = (
        f"they look like {fits[0]} ({units_argname}={fits[0]!r})"
        if fits
        else "they fit none of percent, decimal or bp"
    )
    msg = (
        f"`{argname}` is declared in {declared} ({units_argname}={declared!r}) but its "
        f"largest absolute value is {largest:g}, that is "
        f"{largest * _PERCENT_PER_UNIT[declared]:g} %; {looks}. Pass the units the "
        "data are quoted in; if the values are right (yields near zero), silence "
        "this with warnings.filterwarnings('ignore', category=rotationkit.YieldUnitsWarning)"
    )
    warnings.warn(msg, YieldUnitsWarning, stacklevel=outside_stacklevel(stacklevel + 1))


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep  # noqa: PTH100, PTH120


def outside_stacklevel(stacklevel: int) -> int:
    """Return a ``stacklevel`` for :func:`warnings.warn` that points outside rotationkit.

    ``stacklevel`` is the level the caller means (2 for the caller of the
    function that warns); it is raised past any frame of the rotationkit
    package in between, such as the decorators that give results in the
    input's library, so the warning names the user's line.
    """
    level = stacklevel
    frame = sys._getframe(level)  # level 0 is this function, 1 its caller
    while frame.f_back is not None and frame.f_code.co_filename.startswith(
        _PACKAGE_DIR
    ):
        frame = frame.f_back
        level += 1
    return level


def read_on_rows_of(other: Panel, template: Panel) -> FloatArray:
    """Return the values of ``other`` on the time labels of ``template`` (a left join).

    Labels of ``template`` that ``other`` lacks give rows of NaN; labels of
    ``other`` that ``template`` lacks are ignored. Unlabelled inputs are
    matched by position and must have the same length.

    Raises
    ------
    AlignmentError
        If unlabelled lengths differ, if the two share no time label, or if
        their time zones differ.
    """
    if not (other.labelled and template.labelled):
        align(template, other)
        return other.values
    assert other.index is not None
    assert template.index is not None
    _check_same_tz(template, other)
    positions = other.index.get_indexer(template.index)
    found = positions >= 0
    if not found.any():
        msg = (
            f"`{template.argname}` and `{other.argname}` share no time label; check "
            "that they cover the same dates and use the same kind of index"
        )
        raise AlignmentError(msg)
    if found.all():
        taken: FloatArray = other.values[positions]
        return taken
    result = np.full((template.n_periods, other.n_assets), np.nan)
    result[found] = other.values[positions[found]]
    return result


CrossSectionKind = Literal["scalar", "series", "array", "polars_series", "dataarray"]


@dataclass(frozen=True, slots=True)
class CrossSection:
    """One number per company (no time axis), coerced to a read-only 1-D array.

    Attributes
    ----------
    values : numpy.ndarray
        One-dimensional float64 values (length 1 for a scalar).
    labels : pandas.Index or None
        Company labels of a Series, ``None`` otherwise.
    name : Hashable
        The ``name`` of a Series.
    kind : {"scalar", "series", "array", "polars_series", "dataarray"}
        What the input was.
    argname : str
        The parameter name, used in error messages.
    origin : object
        A one-dimensional DataArray input, kept to give results its dimension
        and coordinates (``None`` otherwise).
    """

    values: np.ndarray[tuple[int], np.dtype[np.float64]]
    labels: pd.Index | None
    name: Hashable
    kind: CrossSectionKind
    argname: str
    origin: Any = None

    @property
    def size(self) -> int:
        """Number of companies (1 for a scalar)."""
        return int(self.values.shape[0])


def as_cross_section(obj: object, argname: str) -> CrossSection:
    """Coerce a number, a Series or a 1-D array of per-company values.

    Series labels are company names: they need not be sorted but must be
    unique. NaN is kept (it propagates); infinite values are rejected.

    Raises
    ------
    InputError
        For booleans, non-numeric, empty, infinite or more than
        one-dimensional input, a DataFrame, or duplicated labels.
    """
    if isinstance(obj, pd.DataFrame):
        msg = (
            f"`{argname}` must hold one value per company (a number, a Series or "
            "a 1-D array), got a DataFrame; select one column"
        )
        raise InputError(msg)
    labels: pd.Index | None = None
    name: Hashable = None
    kind: CrossSectionKind
    origin: Any = None
    if isinstance(obj, pd.Series):
        problem = _pandas_dtype_problem(obj.dtype)
        if problem is not None:
            _raise_dtype(argname, problem)
        _check_unique_labels(obj.index, argname)
        values = obj.to_numpy(dtype=np.float64, na_value=np.nan)
        labels, name, kind = obj.index, obj.name, "series"
    elif _is_polars(obj):
        values, name, kind = _polars_cross_section(obj, argname)
    elif _is_dataarray(obj) and _ndim(obj) == 1:
        values, labels, name = _dataarray_cross_section(obj, argname)
        kind, origin = "dataarray", obj
    else:
        raw = _numeric_array(obj, argname)
        if raw.ndim > 1:
            msg = f"`{argname}` must be a number or one-dimensional, got {raw.ndim} dimensions"
            raise InputError(msg)
        kind = "scalar" if raw.ndim == 0 else "array"
        values = raw.astype(np.float64).reshape(-1)
    if values.size == 0:
        msg = f"`{argname}` is empty; pass at least one value"
        raise InputError(msg)
    if np.isinf(values).any():
        msg = f"`{argname}` contains infinite values; replace them with NaN or remove them"
        raise InputError(msg)
    view = values.view()
    view.flags.writeable = False
    return CrossSection(view, labels, name, kind, argname, origin)


def _check_unique_labels(labels: pd.Index, argname: str) -> None:
    if not labels.is_unique:
        dup = labels[labels.duplicated()][0]
        msg = (
            f"`{argname}` has duplicated labels (first: {dup!r}); aggregate them first"
        )
        raise InputError(msg)


def _dataarray_cross_section(
    obj: Any, argname: str
) -> tuple[FloatArray, pd.Index | None, Hashable]:
    """Return the values, labels and name of a 1-D DataArray of per-company values."""
    problem = _kind_problem(obj.dtype)
    if problem is not None:
        _raise_dtype(argname, problem)
    labels: pd.Index | None = obj.indexes.get(obj.dims[0])
    if labels is not None:
        _check_unique_labels(labels, argname)
    values = np.asarray(obj.values, dtype=np.float64)
    return values, labels, obj.name


def _polars_cross_section(
    obj: Any, argname: str
) -> tuple[FloatArray, Hashable, CrossSectionKind]:
    """Return the values, name and kind of a polars Series of per-company values."""
    pl = _optional_module("polars")
    if isinstance(obj, pl.DataFrame):
        msg = (
            f"`{argname}` must hold one value per company (a number, a Series or "
            "a 1-D array), got a polars DataFrame; select one column"
        )
        raise InputError(msg)
    problem = _polars_dtype_problem(obj.dtype)
    if problem is not None:
        _raise_dtype(argname, problem)
    values: FloatArray = obj.cast(pl.Float64).to_numpy()
    return values, obj.name, "polars_series"


def _numeric_array(obj: object, argname: str) -> np.ndarray[Any, np.dtype[Any]]:
    try:
        raw = np.asarray(obj)
    except (TypeError, ValueError) as exc:
        msg = f"`{argname}` cannot be read as numbers: {exc}"
        raise InputError(msg) from exc
    problem = _kind_problem(raw.dtype)
    if problem is not None:
        _raise_dtype(argname, problem)
    return raw


def match_cross_section(
    other: CrossSection, template: CrossSection
) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    """Return ``other``'s values in the order and length of ``template``.

    A scalar is repeated for every company. Two Series must hold the same
    companies (their order may differ); a Series and an array, or two
    arrays, are matched by position.

    Raises
    ------
    AlignmentError
        If lengths differ, if the company labels differ, or if ``template``
        is a single number while ``other`` has several.
    """
    if other.kind == "scalar":
        return np.full(template.size, other.values[0])
    if template.kind == "scalar":
        msg = (
            f"`{other.argname}` has {other.size} values but `{template.argname}` is a "
            f"single number; pass one `{template.argname}` value per company"
        )
        raise AlignmentError(msg)
    if other.labels is not None and template.labels is not None:
        if other.labels.equals(template.labels):
            return other.values
        positions = other.labels.get_indexer(template.labels)
        if other.size != template.size or (positions < 0).any():
            missing = list(template.labels[positions < 0][:3])
            extra = list(other.labels.difference(template.labels)[:3])
            msg = (
                f"`{other.argname}` and `{template.argname}` must cover the same "
                f"companies; missing from `{other.argname}`: {missing}, not in "
                f"`{template.argname}`: {extra}; reindex one to the other first"
            )
            raise AlignmentError(msg)
        matched: np.ndarray[tuple[int], np.dtype[np.float64]] = other.values[positions]
        return matched
    if other.size != template.size:
        msg = (
            f"`{other.argname}` has {other.size} values but `{template.argname}` has "
            f"{template.size}; pass one value per company"
        )
        raise AlignmentError(msg)
    return other.values


def wrap_cross_section(
    values: FloatArray, template: CrossSection, *, name: Hashable = None
) -> Any:
    """Return per-company ``values`` in the type of ``template``.

    A scalar gives a ``float``, a Series a Series with the same labels, an
    array a 1-D array, a polars Series a polars Series and a DataArray a
    DataArray with the same dimension and coordinates.
    """
    if template.kind == "scalar":
        return float(values[0])
    if template.kind == "series":
        series: pd.Series[float] = pd.Series(values, index=template.labels, name=name)
        return series
    if template.kind == "polars_series":
        pl = _optional_module("polars")
        return pl.Series(None if name is None else str(name), values)
    if template.kind == "dataarray":
        xr = _optional_module("xarray")
        obj = template.origin
        return xr.DataArray(
            values,
            dims=obj.dims,
            coords=obj.coords,
            name=name,
            attrs=_result_attrs(obj),
        )
    return values


def company_index(template: CrossSection) -> pd.Index:
    """Return the company labels of ``template``, or positions named ``company``."""
    if template.labels is not None:
        return template.labels
    if template.kind == "scalar":
        single: pd.Index = pd.Index(
            ["company" if template.name is None else template.name]
        )
        return single
    positions: pd.Index = pd.RangeIndex(template.size, name="company")
    return positions


def labels_at(template: Panel, positions: Positions) -> Any:
    """Return the time labels of row ``positions`` (``-1`` gives NaT or ``<NA>``)."""
    return _labels_or_missing(template, positions)


def asset_index(template: Panel) -> pd.Index:
    """Return the asset labels of ``template``: its columns, its name, or positions."""
    if template.columns is not None:
        return template.columns
    if template.ndim == 1:
        single: pd.Index = pd.Index(
            ["asset" if template.name is None else template.name]
        )
        return single
    positions: pd.Index = pd.RangeIndex(template.n_assets, name="asset")
    return positions


def wrap_per_asset(
    values: FloatArray | Positions, template: Panel, *, name: Hashable = None
) -> Any:
    """Return one value per asset for a result object.

    One asset gives a Python ``float`` (``int`` for integer values); labelled
    assets (DataFrame, polars DataFrame, DataArray) a pandas Series indexed by
    the asset labels; a 2-D array a 1-D array.
    """
    integer = np.issubdtype(values.dtype, np.integer)
    if template.ndim == 1:
        return int(values[0]) if integer else float(values[0])
    if template.columns is not None:
        series: pd.Series[Any] = pd.Series(
            values.astype(np.int64) if integer else values,
            index=template.columns,
            name=name,
        )
        return series
    return values


def wrap_periods(values: FloatArray, offsets: Positions, template: Panel) -> Any:
    """Return ``(periods, assets)`` values indexed by relative period.

    One asset gives a Series named like the input; several a DataFrame with
    one column per asset. The index, named ``period``, holds ``offsets``.
    """
    index = pd.Index(offsets.astype(np.int64), name="period")
    if template.ndim == 1:
        series: pd.Series[float] = pd.Series(
            values[:, 0], index=index, name=template.name
        )
        return series
    frame: pd.DataFrame = pd.DataFrame(
        values, index=index, columns=asset_index(template)
    )
    return frame


def event_rows(
    template: Panel, events: object, argname: str = "events"
) -> tuple[list[Hashable], Positions]:
    """Return the events as labels and the row each one falls on.

    Each event is snapped to the first row labelled at or after it (the next
    available period); for data labelled by day (every label at midnight) an
    event is read as its day, so an announcement during a trading day falls
    on that day. An event before the first or after the last label
    lies outside the data and gets row ``-1``. For
    unlabelled data events are row positions, and positions outside the data
    get ``-1``.

    Raises
    ------
    InputError
        If ``events`` is a single string or date, empty, holds something that
        is not a date (a row position for unlabelled data), or repeats an event.
    """
    if isinstance(events, (str, bytes, pd.Timestamp)) or not hasattr(
        events, "__iter__"
    ):
        msg = (
            f"`{argname}` must be a collection of dates (a list, an Index or a "
            f"Series), got {type(events).__name__}; wrap a single date in a list"
        )
        raise InputError(msg)
    if isinstance(events, pd.DataFrame):
        msg = (
            f"`{argname}` must be a collection of dates, got a DataFrame; pass its "
            "index (for example decisions.index) or one column of dates"
        )
        raise InputError(msg)
    items = list(events.to_numpy() if isinstance(events, pd.Series) else events)
    if not items:
        msg = f"`{argname}` is empty; pass at least one event"
        raise InputError(msg)
    labels = [_event_label(template, item, argname) for item in items]
    seen: set[Hashable] = set()
    for label in labels:
        if label in seen:
            msg = f"`{argname}` lists {label!r} more than once; pass each event once"
            raise InputError(msg)
        seen.add(label)
    n_periods = template.n_periods
    if template.index is None:
        raw = np.array(labels, dtype=np.intp)
        rows = np.where((raw >= 0) & (raw < n_periods), raw, -1)
    else:
        index: Any = template.index
        moments: list[Any] = labels
        if _labels_are_days(index):
            # Daily (or coarser) data labelled at midnight: a label stands for
            # the whole day, so an announcement at 14:00 belongs to that day's
            # period, not to the next one.
            moments = [pd.Timestamp(label).normalize() for label in labels]  # type: ignore[arg-type]
        found = np.array(
            [
                -1 if moment < index[0] else index.searchsorted(moment, "left")
                for moment in moments
            ],
            dtype=np.intp,
        )
        rows = np.where(found < n_periods, found, -1)
    return labels, rows


def _labels_are_days(index: pd.Index | None) -> bool:
    """Whether ``index`` holds dates at midnight (daily or coarser periods)."""
    return isinstance(index, pd.DatetimeIndex) and bool(
        (index == index.normalize()).all()
    )


def _event_label(template: Panel, item: Any, argname: str) -> Hashable:
    if template.index is None:
        if isinstance(item, (bool, np.bool_)) or not isinstance(
            item, (int, np.integer)
        ):
            msg = (
                f"`{argname}` must hold row positions (int) for unlabelled "
                f"`{template.argname}`, got {item!r}"
            )
            raise InputError(msg)
        return int(item)
    if isinstance(template.index, pd.DatetimeIndex):
        if isinstance(item, (bool, int, float, np.number)):
            msg = (
                f"`{argname}` must hold dates, got the number {item}; for a "
                "Series indexed by event dates, pass its index"
            )
            raise InputError(msg)
        return to_timestamp(item, template.index, argname)
    try:
        _ = bool(template.index[0] <= item)
    except TypeError as exc:
        msg = (
            f"`{argname}` holds {item!r}, which cannot be compared with the time "
            f"labels of `{template.argname}`"
        )
        raise InputError(msg) from exc
    label: Hashable = item
    return label


def wrap_events(
    template: Panel,
    labels: Sequence[Hashable],
    rows: Positions,
    complete: BoolValues,
) -> pd.DataFrame:
    """Return one row per event: ``event`` (as given), ``date`` (snapped) and ``complete``."""
    table: pd.DataFrame = pd.DataFrame(
        {
            "event": pd.Index(list(labels)),
            "date": _labels_or_missing(template, rows),
            "complete": complete,
        }
    )
    return table


def wrap_event_paths(
    paths: np.ndarray[tuple[int, int, int], np.dtype[np.float64]],
    offsets: Positions,
    labels: Sequence[Hashable],
    template: Panel,
) -> pd.DataFrame:
    """Return ``(events, periods, assets)`` paths as a table indexed by relative period.

    One asset gives one column per event; several give columns
    ``(asset, event)``.
    """
    n_events, n_offsets, n_assets = paths.shape
    index = pd.Index(offsets.astype(np.int64), name="period")
    events = pd.Index(list(labels), name="event")
    if template.ndim == 1:
        single: pd.DataFrame = pd.DataFrame(
            paths[:, :, 0].T, index=index, columns=events
        )
        return single
    columns = pd.MultiIndex.from_product(
        [asset_index(template), events], names=["asset", "event"]
    )
    values = paths.transpose(1, 2, 0).reshape(n_offsets, n_assets * n_events)
    frame: pd.DataFrame = pd.DataFrame(values, index=index, columns=columns)
    return frame


# --- constituent panels (valuation, concentration) ---


def as_constituents(obj: object, argname: str) -> Panel:
    """Coerce constituent data to a panel of dates (rows) x constituents (columns).

    Two-dimensional input (one column per constituent) is read as by
    :func:`as_panel`. One-dimensional input holds the constituents at a single
    date and becomes a panel of one row without time labels; the labels of a
    Series name the constituents (unique, in any order).

    Raises
    ------
    InputError
        For a single number, and as :func:`as_panel` or
        :func:`as_cross_section` for bad data.
    """
    two_dimensional = isinstance(obj, pd.DataFrame) or _is_polars(obj)
    if not two_dimensional and not isinstance(obj, pd.Series) and _is_dataarray(obj):
        two_dimensional = True
    if not two_dimensional and not isinstance(obj, pd.Series):
        two_dimensional = _ndim(obj) == 2
    if two_dimensional:
        panel = as_panel(obj, argname)
        if panel.ndim == 2:
            return panel
        return replace(panel, values=panel.values.T, index=None, kind="array")
    section = as_cross_section(obj, argname)
    if section.kind == "scalar":
        msg = (
            f"`{argname}` must hold one value per constituent (a Series or a 1-D "
            f"array), got the single number {section.values[0]!r}"
        )
        raise InputError(msg)
    kind: Kind = "series" if section.kind == "series" else "array"
    return Panel(
        section.values[np.newaxis, :],
        None,
        section.labels,
        section.name,
        kind,
        1,
        argname,
    )


def _ndim(obj: object) -> int:
    """Return the number of dimensions numpy reads in ``obj`` (0 if it cannot)."""
    try:
        return int(np.ndim(obj))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


def align_constituents(template: Panel, other: Panel) -> tuple[Panel, FloatArray]:
    """Match ``other`` to ``template`` date by date and constituent by constituent.

    The dates of two-dimensional inputs are aligned as by :func:`align`
    (inner join on labels). Constituents must be the same: labelled columns
    are matched by label in any order, unlabelled ones by position.

    Returns
    -------
    tuple
        The (date-aligned) ``template`` and the values of ``other`` in its
        order.

    Raises
    ------
    AlignmentError
        If one input is one-dimensional and the other two-dimensional, if the
        dates cannot be aligned, or if the constituents differ.
    InputError
        If the constituent labels are duplicated.
    """
    if template.ndim != other.ndim:
        msg = (
            f"`{template.argname}` and `{other.argname}` must both be "
            "one-dimensional (constituents at one date) or both two-dimensional "
            "(dates x constituents)"
        )
        raise AlignmentError(msg)
    if template.ndim == 2:
        template, other = align(template, other)
    return template, _match_columns(other, template)


def _match_columns(other: Panel, template: Panel) -> FloatArray:
    """Return ``other``'s values with its columns in the order of ``template``'s."""
    if (
        other.columns is None
        or template.columns is None
        or other.columns.equals(template.columns)
    ):
        if other.n_assets != template.n_assets:
            msg = (
                f"`{template.argname}` has {template.n_assets} constituents but "
                f"`{other.argname}` has {other.n_assets}; pass one value per "
                "constituent in both"
            )
            raise AlignmentError(msg)
        return other.values
    for panel in (template, other):
        assert panel.columns is not None
        if not panel.columns.is_unique:
            dup = panel.columns[panel.columns.duplicated()][0]
            msg = f"`{panel.argname}` has duplicated constituents (first: {dup!r})"
            raise InputError(msg)
    positions = other.columns.get_indexer(template.columns)
    if other.n_assets != template.n_assets or (positions < 0).any():
        missing = list(template.columns[positions < 0][:3])
        extra = list(other.columns.difference(template.columns)[:3])
        msg = (
            f"`{other.argname}` and `{template.argname}` must cover the same "
            f"constituents; missing from `{other.argname}`: {missing}, not in "
            f"`{template.argname}`: {extra}; reindex one to the other first"
        )
        raise AlignmentError(msg)
    matched: FloatArray = other.values[:, positions]
    return matched


def check_sign(panel: Panel, *, allow_zero: bool, expected: str) -> None:
    """Raise if ``panel`` holds a negative value (or zero, unless ``allow_zero``).

    ``expected`` completes the message "`argname` must hold ...".

    Raises
    ------
    InputError
        Naming the argument, the first offending value and where it is.
    """
    with np.errstate(invalid="ignore"):
        bad = panel.values < 0.0 if allow_zero else panel.values <= 0.0
    if bad.any():
        flat = int(np.flatnonzero(bad.ravel())[0])
        value = panel.values.ravel()[flat]
        if panel.ndim == 1:
            column = flat % panel.n_assets
            where = (
                f"position {column}"
                if panel.columns is None
                else f"constituent {panel.columns[column]!r}"
            )
        else:
            where = _position_label(panel, flat)
        msg = f"`{panel.argname}` must hold {expected}, got {float(value)!r} at {where}"
        raise InputError(msg)


def wrap_over_dates(
    values: FloatArray | Positions, template: Panel, *, name: Hashable = None
) -> Any:
    """Return one value per date (row) of constituent data.

    One-dimensional input (one date) gives a ``float`` (an ``int`` for whole
    numbers); labelled dates give a pandas Series indexed by them; otherwise a
    1-D array.
    """
    integer = np.issubdtype(values.dtype, np.integer)
    if template.ndim == 1:
        return int(values[0]) if integer else float(values[0])
    if template.index is not None:
        series: pd.Series[Any] = pd.Series(
            values.astype(np.int64) if integer else values,
            index=template.index,
            name=name,
        )
        return series
    return values


def wrap_dates(values: FloatArray, template: Panel, *, name: Hashable = None) -> Any:
    """Return one value per period of a time panel, whatever its number of columns.

    Labelled periods give a pandas Series indexed by them, otherwise a 1-D
    array.
    """
    if template.index is not None:
        series: pd.Series[float] = pd.Series(values, index=template.index, name=name)
        return series
    return values


def as_number(obj: object, argname: str) -> float | None:
    """Return ``obj`` as a float if it is a single real number, else ``None``.

    NaN is allowed (it propagates).

    Raises
    ------
    InputError
        For a boolean or an infinite number.
    """
    if isinstance(obj, (bool, np.bool_)):
        msg = f"`{argname}` must be a number, got the boolean {obj!r}"
        raise InputError(msg)
    if not isinstance(obj, (int, float, np.integer, np.floating)):
        return None
    number = float(obj)
    if np.isinf(number):
        msg = f"`{argname}` is infinite ({number!r}); pass a finite number or NaN"
        raise InputError(msg)
    return number


# --- results in the caller's library, and lazy (dask) computation ---
#
# Feature modules compute on in-memory numpy panels. Four decorators, applied
# to the implementations of public functions, extend them at the boundary:
#
# * ``lazy_over_assets``: a dask-backed DataArray is computed block by block
#   along its non-time dimensions, each block holding the whole history of
#   some assets (a time dimension split into chunks is rechunked first);
# * ``per_date``: measures across assets, one value per date, come back as a
#   polars DataFrame or a DataArray, and run lazily block by block along time
#   (each block holding every asset of some dates);
# * ``table_result``: tables come back as polars DataFrames for polars input;
#   dask input is computed (a table has no chunked form);
# * ``pandas_input``: functions that pick assets by label from a pandas table
#   read polars and xarray data as pandas.
#
# Functions without a decorator compute dask input in memory (``as_panel``
# reads ``.values``) and give per-asset values of result objects as pandas.
# A block is computed by the public function itself on an in-memory DataArray,
# so lazy results are the in-memory ones, up to the last bits of sums whose
# order depends on how many assets a block holds.

ParamsT = ParamSpec("ParamsT")
ResultT = TypeVar("ResultT")

AssetShape = Literal["like", "drop_first", "reduced"]
"""Shape of a result per block: the input's, one period fewer, or one value per asset."""

Join = Literal["inner", "left"]
"""How a function matches its other inputs to the periods of its first one."""

# A stand-in asset dimension: dask cannot chunk the single value that
# reducing a one-dimensional (one asset) DataArray gives.
_SINGLE_ASSET = "_rotationkit_asset"


@dataclass(frozen=True, slots=True)
class _Call:
    """A call of a public function with its arguments bound to their names."""

    public: Callable[..., Any]
    arguments: dict[str, Any]
    first: str

    @classmethod
    def bind(
        cls, public: Callable[..., Any], args: Sequence[Any], kwargs: dict[str, Any]
    ) -> _Call:
        bound = inspect.signature(public).bind(*args, **kwargs)
        return cls(
            public, dict(bound.arguments), next(iter(bound.signature.parameters))
        )

    @property
    def data(self) -> Any:
        """The first argument: the data that decides the result's type."""
        return self.arguments[self.first]

    def name(self, pattern: str | None) -> str | None:
        """Fill ``pattern`` (``"top_{n}_share"``) with the arguments, defaults included."""
        if pattern is None:
            return None
        bound = inspect.signature(self.public).bind(**self.arguments)
        bound.apply_defaults()
        return pattern.format(**bound.arguments)


def _first_argument(
    func: Callable[..., Any], args: Sequence[Any], kwargs: dict[str, Any]
) -> Any:
    if args:
        return args[0]
    first = next(iter(inspect.signature(func).parameters))
    return kwargs.get(first)


def _is_dask_dataarray(obj: object) -> bool:
    """Whether ``obj`` is a DataArray backed by a dask array (without importing dask)."""
    dask_array = _optional_module("dask.array")
    return (
        dask_array is not None
        and _is_dataarray(obj)
        and isinstance(cast("Any", obj).data, dask_array.Array)
    )


def _is_data(value: object) -> bool:
    """Whether an argument holds data (not a number, a flag or nothing)."""
    return value is not None and not isinstance(value, (bool, int, float, np.number))


def _in_memory(value: Any) -> Any:
    """Return a dask-backed DataArray computed; anything else as it is."""
    return value.compute() if _is_dask_dataarray(value) else value


def _run_block(
    block: Any,
    *more: Any,
    public: Callable[..., Any],
    arguments: dict[str, Any],
    first: str,
    more_names: Sequence[str],
    time_dim: Hashable,
    time_column: str | None,
) -> Any:
    """Compute one in-memory block with the public function itself."""
    call = {**arguments, first: block, **dict(zip(more_names, more, strict=True))}
    with _block_options(time_dim, time_column):
        return public(**call)


def _map_blocks(
    call: _Call,
    data: Any,
    template: Any,
    time_dim: Hashable,
    arguments: dict[str, Any],
    more: dict[str, Any],
) -> Any:
    """Return the lazy result of ``call``, computed block by block from ``data``.

    ``more`` holds further DataArrays cut into the same blocks as ``data``;
    every other argument goes whole to every block (in memory: a dask
    collection there would be shipped, graph and all, with every task).
    """
    xr = _optional_module("xarray")
    block_arguments = {
        key: _in_memory(value)
        for key, value in arguments.items()
        if key not in more and key != call.first
    }
    return xr.map_blocks(
        _run_block,
        data,
        args=list(more.values()),
        kwargs={
            "public": call.public,
            "arguments": block_arguments,
            "first": call.first,
            "more_names": list(more),
            "time_dim": time_dim,
            "time_column": _option("time_column"),
        },
        template=template,
    )


def _time_index_checked(data: Any, time_dim: Hashable, argname: str) -> pd.Index | None:
    index: pd.Index | None = data.indexes.get(time_dim)
    if index is not None:
        _check_time_index(index, argname)
    return index


def _rechunked(data: Any, whole: Sequence[Hashable], auto: Sequence[Hashable]) -> Any:
    """Return ``data`` with the dimensions ``whole`` in one chunk each.

    Only when one of them is split; the dimensions ``auto`` are then chunked
    by dask so that blocks keep the configured size (``array.chunk-size``).
    """
    chunks = data.chunksizes
    if all(len(chunks.get(dim, ())) <= 1 for dim in whole):
        return data
    spec: dict[Hashable, Any] = dict.fromkeys(auto, "auto")
    spec.update(dict.fromkeys(whole, -1))
    return data.chunk(spec)


def _rows_of_result(
    call: _Call,
    time_dim: Hashable,
    index: pd.Index | None,
    others: Sequence[str],
    join: Join,
) -> Positions:
    """Return the periods (positions) of the result, matching the inputs as the function does.

    Raises the function's own alignment errors before anything is computed.
    """
    data = call.data
    n_periods = int(data.sizes[time_dim])
    frame = Panel(
        np.empty((n_periods, 0)), index, None, data.name, "array", 2, call.first
    )
    panels = [
        as_panel(call.arguments[name], name)
        for name in others
        if _is_data(call.arguments.get(name))
    ]
    if join == "left":
        for panel in panels:
            read_on_rows_of(panel, frame)
        return np.arange(n_periods)
    return align(frame, *panels)[0].original_rows(None)


def _lazy_over_assets(
    call: _Call,
    shape: AssetShape,
    name: str | None,
    dtype: type[np.generic],
    others: Sequence[str],
    join: Join,
) -> Any | None:
    """Return the lazy result of ``call``, or ``None`` where only the eager path applies."""
    data = call.data
    time_dim = _time_dim_of(data)
    if time_dim is None:
        return None
    arguments = dict(call.arguments)
    for other in others:
        value: Any = arguments.get(other)
        if _is_dataarray(value):
            if value.ndim != 1:  # a benchmark is one series; let the function say so
                return None
            arguments[other] = _in_memory(value)
    call = replace(call, arguments=arguments)
    index = _time_index_checked(data, time_dim, call.first)
    rows = _rows_of_result(call, time_dim, index, others, join)
    single = shape == "reduced" and data.ndim == 1
    if single:
        data = data.expand_dims(_SINGLE_ASSET)
    others_dims = [dim for dim in data.dims if dim != time_dim]
    data = _rechunked(data, [time_dim], others_dims)
    if shape == "reduced":
        template = data.isel({time_dim: 0}, drop=True)
        template = template.drop_vars(
            [key for key, coord in data.coords.items() if time_dim in coord.dims],
            errors="ignore",
        )
        label = call.name(name)
        template.name = data.name if label is None else label
    else:
        if shape == "drop_first":
            rows = rows[1:]
        template = data.isel({time_dim: rows})
    template = template.astype(dtype)
    template.attrs = _result_attrs(data)
    result = _map_blocks(call, data, template, time_dim, arguments, {})
    return result.squeeze(_SINGLE_ASSET, drop=True) if single else result


def lazy_over_assets(
    shape: AssetShape,
    *,
    name: str | None = None,
    dtype: type[np.generic] = np.float64,
    others: Sequence[str] = (),
    join: Join = "inner",
) -> Callable[[Callable[ParamsT, ResultT]], Callable[ParamsT, ResultT]]:
    """Let a public function compute a dask-backed DataArray lazily, asset block by block.

    Other inputs behave as in the wrapped function. A dask-backed DataArray
    as first argument gives a dask-backed DataArray whose blocks (the whole
    history of some assets each) the function computes in memory when the
    result is computed; a time dimension split into chunks is rechunked into
    one. Alignment errors are raised at once, errors in the data when the
    blocks are computed.

    Parameters
    ----------
    shape : {"like", "drop_first", "reduced"}
        The result per block: the shape of the input (on the periods it
        shares with the ``others``), without its first period, or one value
        per asset.
    name : str, optional
        Name of a reduced result, a pattern filled with the arguments
        (``"{period}"``); the input's name when ``None``.
    dtype : numpy scalar type, default numpy.float64
        The result's dtype.
    others : sequence of str
        Parameters holding one series matched to the first argument's periods
        (a benchmark, yields). Passed whole to every block.
    join : {"inner", "left"}, default "inner"
        How the function matches them: on the periods all inputs share, or
        on every period of the first argument.
    """

    def decorate(func: Callable[ParamsT, ResultT]) -> Callable[ParamsT, ResultT]:
        @functools.wraps(func)
        def wrapper(*args: ParamsT.args, **kwargs: ParamsT.kwargs) -> ResultT:
            if _is_dask_dataarray(_first_argument(func, args, kwargs)):
                call = _Call.bind(wrapper, args, kwargs)
                lazy = _lazy_over_assets(call, shape, name, dtype, others, join)
                if lazy is not None:
                    return cast("ResultT", lazy)
            return func(*args, **kwargs)

        return wrapper

    return decorate


# One value per date: measures across the assets of a panel.


def _dates_like_input(result: Any, data: Any, name: str | None) -> Any:
    """Return a per-date pandas or numpy ``result`` in the library of ``data``."""
    if not isinstance(result, (pd.Series, np.ndarray)):
        return result  # a number: constituents at a single date
    label = result.name if isinstance(result, pd.Series) else name
    values = np.asarray(result)
    if _is_polars(data):
        return _polars_dates(values, data, result, label)
    if _is_dataarray(data) and data.ndim >= 2:
        return _dataarray_dates(values, data, result, label)
    return result


def _result_rows(index: pd.Index | None, result: Any, size: int) -> Positions:
    """Return the rows of the input that a per-date ``result`` belongs to."""
    if index is None or not isinstance(result, pd.Series):
        return np.arange(size)
    rows: Positions = index.get_indexer(result.index)
    return rows


def _polars_dates(values: Any, data: Any, result: Any, label: Hashable) -> Any:
    pl = _optional_module("polars")
    column = "value" if label is None else str(label)
    if isinstance(data, pl.Series):
        return pl.DataFrame({column: values})
    time_name = _polars_time_column(data, "data")
    if time_name is None:
        return pl.DataFrame({column: values})
    times = data[time_name]
    rows = _result_rows(_polars_time_index(times, "data"), result, len(values))
    return pl.DataFrame({time_name: times.gather(rows), column: values})


def _dataarray_dates(values: Any, data: Any, result: Any, label: Hashable) -> Any:
    xr = _optional_module("xarray")
    time_dim = _dataarray_time_dim(data, "data")
    rows = _result_rows(data.indexes.get(time_dim), result, len(values))
    coords = {
        key: coord.isel({time_dim: rows})
        for key, coord in data.coords.items()
        if coord.dims == (time_dim,)
    }
    return xr.DataArray(
        values, dims=(time_dim,), coords=coords, name=label, attrs=_result_attrs(data)
    )


def _lazy_over_dates(
    call: _Call, name: str | None, others: Sequence[str]
) -> Any | None:
    """Return the lazy per-date result of ``call``, or ``None`` for the eager path."""
    xr = _optional_module("xarray")
    data = call.data
    time_dim = _time_dim_of(data)
    if time_dim is None or data.ndim < 2:
        return None
    assets = [dim for dim in data.dims if dim != time_dim]
    _time_index_checked(data, time_dim, call.first)
    data = _rechunked(data, assets, [time_dim])
    more: dict[str, Any] = {}
    for other in others:
        value = call.arguments.get(other)
        if value is None:
            continue
        if not _is_dataarray(value) or set(value.dims) != set(data.dims):
            return None
        if any(
            not data.indexes[dim].equals(value.indexes.get(dim))
            for dim in assets
            if dim in data.indexes
        ):
            return None  # different constituents: the function matches or rejects them
        _time_index_checked(value, time_dim, other)
        data, value = xr.align(data, value, join="inner", exclude=assets)
        more[other] = value.transpose(*data.dims)
    more = {key: value.chunk(data.chunksizes) for key, value in more.items()}
    template = data.isel(dict.fromkeys(assets, 0), drop=True)
    template = template.drop_vars(
        [key for key, coord in data.coords.items() if set(coord.dims) - {time_dim}],
        errors="ignore",
    ).astype(np.float64)
    template.name = call.name(name)
    template.attrs = _result_attrs(data)
    return _map_blocks(call, data, template, time_dim, call.arguments, more)


def per_date(
    *,
    name: str,
    others: Sequence[str] = (),
    lazy: bool = True,
    unless: str | None = None,
) -> Callable[[Callable[ParamsT, ResultT]], Callable[ParamsT, ResultT]]:
    """Give a measure across assets, one value per date, in the input's library.

    A polars DataFrame gets a polars DataFrame with its time column and one
    column named ``name``; a DataArray gets a DataArray along its time
    dimension. With ``lazy``, a dask-backed DataArray gives a dask-backed
    result computed block by block along time, each block holding every
    asset of some dates (non-time dimensions split into chunks are
    rechunked into one).

    Parameters
    ----------
    name : str
        Name of the result, a pattern filled with the arguments
        (``"top_{n}_share"``).
    others : sequence of str
        Parameters holding a second panel of the same assets (earnings,
        weights), matched date by date.
    lazy : bool, default True
        Whether blocks of dates can be computed independently (not for
        measures over a rolling window).
    unless : str, optional
        A boolean parameter that, when true, makes the result an object
        rather than one value per date (``details``).
    """

    def decorate(func: Callable[ParamsT, ResultT]) -> Callable[ParamsT, ResultT]:
        @functools.wraps(func)
        def wrapper(*args: ParamsT.args, **kwargs: ParamsT.kwargs) -> ResultT:
            data = _first_argument(func, args, kwargs)
            if _is_dask_dataarray(data):
                call = _Call.bind(wrapper, args, kwargs)
                if lazy and not (unless and call.arguments.get(unless)):
                    result = _lazy_over_dates(call, name, others)
                    if result is not None:
                        return cast("ResultT", result)
            result = func(*args, **kwargs)
            if not (_is_polars(data) or _is_dataarray(data)):
                return result
            label = _Call.bind(wrapper, args, kwargs).name(name)
            return cast("ResultT", _dates_like_input(result, data, label))

        return wrapper

    return decorate


# Tables: pandas DataFrames, polars DataFrames for polars input.


def _polars_time_dtype(data: Any) -> Any:
    """Return the dtype of the time column of a polars DataFrame (``None`` without one)."""
    pl = _optional_module("polars")
    if not isinstance(data, pl.DataFrame):
        return None
    time_name = _polars_time_column(data, "data")
    return None if time_name is None else data.schema[time_name]


def _is_default_index(index: pd.Index) -> bool:
    return (
        isinstance(index, pd.RangeIndex)
        and index.name is None
        and index.start == 0
        and index.step == 1
    )


def _polars_table(table: pd.DataFrame, time_dtype: Any) -> Any:
    """Return a pandas table as a polars DataFrame, its index levels as first columns.

    Date-time columns take the dtype of the input's time column (``Date``
    stays ``Date``), categoricals become ``Enum`` columns with the same
    categories, missing values become nulls.
    """
    pl = _optional_module("polars")
    if not _is_default_index(table.index):
        names = [
            level
            if level is not None
            else ("date" if isinstance(table.index, pd.DatetimeIndex) else "asset")
            for level in table.index.names
        ]
        table = table.set_axis(table.index.set_names(names)).reset_index()
    return pl.DataFrame(
        [_polars_column(str(key), column, time_dtype) for key, column in table.items()]
    )


def _polars_column(name: str, column: pd.Series[Any], time_dtype: Any) -> Any:
    pl = _optional_module("polars")
    dtype = column.dtype
    missing = column.isna().to_numpy()
    if isinstance(dtype, pd.CategoricalDtype):
        categories = [str(category) for category in dtype.categories]
        codes = column.cat.codes.to_numpy()
        labels = np.asarray(categories, dtype=str)[np.maximum(codes, 0)]
        return _with_nulls(pl.Series(name, labels), missing).cast(pl.Enum(categories))
    if isinstance(dtype, pd.DatetimeTZDtype):
        instants = column.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
        series = pl.Series(name, instants).dt.replace_time_zone("UTC")
        series = series.dt.convert_time_zone(str(dtype.tz))
        return series if time_dtype is None else series.cast(time_dtype)
    if pd.api.types.is_datetime64_dtype(dtype):
        stamps = column.to_numpy()
        if (
            np.datetime_data(stamps.dtype)[0] in _COARSE_UNITS
        ):  # polars needs ms or finer
            stamps = stamps.astype("datetime64[ms]")
        series = pl.Series(name, stamps)
        return series if time_dtype is None else series.cast(time_dtype)
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype):
        filled = (
            column.to_numpy(dtype=np.bool_, na_value=False)
            if pd.api.types.is_bool_dtype(dtype)
            else column.to_numpy(dtype=np.int64, na_value=0)
        )
        return _with_nulls(pl.Series(name, filled), missing)
    if pd.api.types.is_float_dtype(dtype):
        return pl.Series(name, column.to_numpy(dtype=np.float64, na_value=np.nan))
    objects = column.to_numpy(dtype=object)
    objects[missing] = None
    return pl.Series(name, objects.tolist())


def _with_nulls(series: Any, missing: BoolValues) -> Any:
    """Return a polars Series with nulls where ``missing`` is True."""
    return series.scatter(np.flatnonzero(missing), None) if missing.any() else series


def _pandas_table(frame: Any, values: Sequence[str]) -> pd.DataFrame:
    """Return a polars table as pandas, indexed by its columns other than ``values``.

    The time column becomes a DatetimeIndex level, ``Enum`` columns
    categoricals; the inverse of :func:`_polars_table`.
    """
    pl = _optional_module("polars")
    data: dict[str, Any] = {}
    for key, dtype in frame.schema.items():
        column = frame[key]
        if dtype.is_temporal():
            data[key] = _polars_time_index(column, "rrg_result")
        elif isinstance(dtype, pl.Enum):
            data[key] = pd.Categorical(
                column.cast(pl.String).to_list(), categories=list(dtype.categories)
            )
        elif dtype.is_numeric():
            data[key] = (
                column.cast(pl.Float64).to_numpy()
                if dtype.is_float()
                else column.to_numpy()
            )
        else:
            data[key] = column.to_list()
    table: pd.DataFrame = pd.DataFrame(data)
    keys = [key for key in frame.columns if key not in values]
    return table.set_index(keys) if keys else table


def table_result(
    *, reads: Sequence[str] = ()
) -> Callable[[Callable[ParamsT, ResultT]], Callable[ParamsT, ResultT]]:
    """Give a function's pandas tables back as polars DataFrames for polars input.

    Other results (numbers, result objects) are left as they are; so are
    tables for every other input (pandas DataFrames). A dask-backed
    DataArray is computed first: a table has no chunked form.

    Parameters
    ----------
    reads : sequence of str
        For functions that read a table (the result of another function):
        its value columns. A polars table is read as a pandas one indexed by
        its other columns.
    """

    def decorate(func: Callable[ParamsT, ResultT]) -> Callable[ParamsT, ResultT]:
        @functools.wraps(func)
        def wrapper(*args: ParamsT.args, **kwargs: ParamsT.kwargs) -> ResultT:
            data = _first_argument(func, args, kwargs)
            if not (_is_polars(data) or _is_dask_dataarray(data)):
                return func(*args, **kwargs)
            call = _Call.bind(wrapper, args, kwargs)
            arguments = {
                key: _in_memory(value) for key, value in call.arguments.items()
            }
            pl = _optional_module("polars")
            if reads and pl is not None and isinstance(data, pl.DataFrame):
                arguments[call.first] = _pandas_table(data, reads)
            result = cast("Callable[..., Any]", func)(**arguments)
            if _is_polars(data) and isinstance(result, pd.DataFrame):
                return cast("ResultT", _polars_table(result, _polars_time_dtype(data)))
            return cast("ResultT", result)

        return wrapper

    return decorate


# Functions written for labelled pandas data.


def _as_pandas(value: Any, argname: str) -> Any:
    """Return polars or xarray data as a pandas Series (one series) or DataFrame."""
    panel = as_panel(value, argname)
    if panel.ndim == 1:
        series: pd.Series[float] = pd.Series(
            panel.values[:, 0], index=panel.index, name=panel.name
        )
        return series
    frame: pd.DataFrame = pd.DataFrame(
        panel.values, index=panel.index, columns=panel.columns
    )
    return frame


def pandas_input(
    *names: str,
) -> Callable[[Callable[ParamsT, ResultT]], Callable[ParamsT, ResultT]]:
    """Read polars and xarray data of the parameters ``names`` as pandas objects.

    For functions that select assets by label from a labelled panel (a
    report on two columns of a price table). A polars DataFrame becomes a
    DataFrame indexed by its time column, a DataArray a DataFrame with one
    column per asset (a Series for one series); a dask-backed DataArray is
    computed. Numpy arrays have no labels and stay as they are.
    """

    def decorate(func: Callable[ParamsT, ResultT]) -> Callable[ParamsT, ResultT]:
        @functools.wraps(func)
        def wrapper(*args: ParamsT.args, **kwargs: ParamsT.kwargs) -> ResultT:
            call = _Call.bind(wrapper, args, kwargs)
            arguments = dict(call.arguments)
            converted = False
            for name in names:
                value = arguments.get(name)
                if _is_polars(value) or _is_dataarray(value):
                    arguments[name] = _as_pandas(value, name)
                    converted = True
            if not converted:
                return func(*args, **kwargs)
            return cast("Callable[..., ResultT]", func)(**arguments)

        return wrapper

    return decorate
