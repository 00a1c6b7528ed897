"""Coerce, validate, align and wrap inputs (private).

This is the only module that knows about the container types users pass in.
Every public function follows the same path::

    public function -> as_panel / align (here) -> kernels (numpy) -> wrap_* (here)

A :class:`Panel` holds a read-only two-dimensional float64 view of the data
(rows are periods, columns are assets) together with what is needed to give the
result back in the caller's type: the time labels, the asset labels, the name of
a Series and whether a plain array was one- or two-dimensional.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import pandas as pd

from rotationkit.errors import AlignmentError, InputError, YieldUnitsWarning

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Sequence

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
    "check_window",
    "company_index",
    "event_rows",
    "label_at",
    "labels_at",
    "match_cross_section",
    "read_on_rows_of",
    "require_datetime_index",
    "rescale_yields",
    "row_on_or_before",
    "to_timestamp",
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

Kind = Literal["series", "frame", "array", "polars_series", "polars_frame", "dataarray"]
ChoiceT = TypeVar("ChoiceT", bound=str)


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
        return replace(self, values=_read_only(values))


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
    for column, dtype in obj.dtypes.items():
        problem = _pandas_dtype_problem(dtype)
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


def _polars_time_index(column: Any, argname: str) -> pd.DatetimeIndex:
    if column.null_count() > 0:
        msg = f"`{argname}` has missing values in its time column {column.name!r}; drop those rows first"
        raise InputError(msg)
    index: pd.DatetimeIndex = pd.DatetimeIndex(column.to_numpy(), name=column.name)
    zone = getattr(column.dtype, "time_zone", None)
    if zone is not None:  # polars stores aware datetimes as UTC instants
        index = index.tz_localize("UTC").tz_convert(zone)
    return index


def _polars_time_column(frame: Any, argname: str) -> str | None:
    if OPTIONS.time_column is not None:
        if OPTIONS.time_column not in frame.columns:
            msg = (
                f"`{argname}` has no time column {OPTIONS.time_column!r} (set with "
                f"rotationkit.set_options); its columns are {frame.columns!r}"
            )
            raise InputError(msg)
        return OPTIONS.time_column
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


def _from_dataarray(obj: Any, argname: str) -> Panel:
    time_dim = OPTIONS.time_dim
    if time_dim not in obj.dims:
        if obj.ndim != 1:
            msg = (
                f"`{argname}` has no dimension {time_dim!r} among {obj.dims!r}; name "
                "the time dimension with rotationkit.set_options(time_dim=...)"
            )
            raise InputError(msg)
        time_dim = obj.dims[0]
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
    _check_finite(panel)
    if positive:
        _check_positive(panel)
    return panel.with_values(panel.values)


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
    return tuple(replace(panel, index=index) for panel in panels)


def _align_labelled(panels: Sequence[Panel]) -> tuple[Panel, ...]:
    first = panels[0]
    assert first.index is not None
    common = first.index
    for other in panels[1:]:
        _check_same_tz(first, other)
        assert other.index is not None
        if not common.equals(other.index):
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
    if origin.time_name in obj.indexes:
        rows = template.original_rows(index)
        coords[origin.time_name] = obj[origin.time_name].isel({origin.time_name: rows})
    result = xr.DataArray(
        values.reshape(values.shape[0], *other_shape),
        dims=(origin.time_name, *origin.other_dims),
        coords=coords,
        name=obj.name,
    )
    return result.transpose(*obj.dims)


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


def as_bool_panel(obj: object, argname: str) -> BoolPanel:
    """Coerce a boolean condition to a validated, read-only :class:`BoolPanel`.

    Accepts a boolean pandas Series or DataFrame (``bool`` or nullable
    ``boolean``; ``NA`` counts as False), or anything numpy reads as a boolean
    array of one or two dimensions.

    Raises
    ------
    InputError
        For non-boolean or empty input, more than two dimensions, and unsorted
        or duplicated time labels.
    """
    if isinstance(obj, (pd.Series, pd.DataFrame)):
        panel = _bool_from_pandas(obj, argname)
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
    with np.errstate(invalid="ignore"):
        below = panel.values < -1.0
    if below.any():
        value = panel.values[below][0]
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
    template: Panel | BoolPanel,
    starts: Positions,
    ends: Positions,
    lengths: Positions,
    extra: Sequence[tuple[str, FloatArray]],
    *,
    missing: bool = False,
) -> dict[str, Any]:
    labels = _labels_or_missing if missing else _labels_at
    data: dict[str, Any] = {
        "start": labels(template, starts),
        "end": labels(template, ends),
        "length": lengths.astype(np.int64, copy=False),
    }
    data.update(extra)
    return data


def wrap_runs(
    template: Panel | BoolPanel,
    starts: Positions,
    ends: Positions,
    lengths: Positions,
    assets: Positions,
    *,
    extra: Sequence[tuple[str, FloatArray]] = (),
) -> pd.DataFrame:
    """Return a table of runs with columns ``start``, ``end``, ``length`` (+ ``extra``).

    Two-dimensional input gets an ``asset`` column first (a column label, or
    a column position). ``start`` and ``end`` are time labels, or row
    positions for unlabelled input. ``extra`` adds float columns in order.
    """
    data: dict[str, Any] = {}
    if template.ndim == 2:
        data["asset"] = _asset_labels(template, assets)
    data.update(_run_columns(template, starts, ends, lengths, extra))
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
    data = _run_columns(template, starts, ends, lengths, extra, missing=True)
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
    when the public function calls this helper directly.

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
    warnings.warn(msg, YieldUnitsWarning, stacklevel=stacklevel + 1)


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


CrossSectionKind = Literal["scalar", "series", "array"]


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
    kind : {"scalar", "series", "array"}
        What the input was.
    argname : str
        The parameter name, used in error messages.
    """

    values: np.ndarray[tuple[int], np.dtype[np.float64]]
    labels: pd.Index | None
    name: Hashable
    kind: CrossSectionKind
    argname: str

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
    if isinstance(obj, pd.Series):
        problem = _pandas_dtype_problem(obj.dtype)
        if problem is not None:
            _raise_dtype(argname, problem)
        if not obj.index.is_unique:
            dup = obj.index[obj.index.duplicated()][0]
            msg = f"`{argname}` has duplicated labels (first: {dup!r}); aggregate them first"
            raise InputError(msg)
        values = obj.to_numpy(dtype=np.float64, na_value=np.nan)
        labels, name, kind = obj.index, obj.name, "series"
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
    return CrossSection(view, labels, name, kind, argname)


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
    array a 1-D array.
    """
    if template.kind == "scalar":
        return float(values[0])
    if template.kind == "series":
        series: pd.Series[float] = pd.Series(values, index=template.labels, name=name)
        return series
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
    available period); an event before the first or after the last label
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
        found = np.array(
            [
                -1 if label < index[0] else index.searchsorted(label, "left")
                for label in labels
            ],
            dtype=np.intp,
        )
        rows = np.where(found < n_periods, found, -1)
    return labels, rows


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
