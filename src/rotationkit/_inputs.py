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
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import pandas as pd

from rotationkit.errors import AlignmentError, InputError

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Sequence

    from rotationkit._typing import FloatArray

__all__ = [
    "Panel",
    "align",
    "as_panel",
    "check_choice",
    "check_positive_number",
    "check_window",
    "require_datetime_index",
    "to_timestamp",
    "wrap_like",
    "wrap_reduced",
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
        value = panel.values.ravel()[flat]
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
    values: FloatArray,
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


def _wrap_polars(values: FloatArray, template: Panel, index: pd.Index | None) -> Any:
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


def _wrap_dataarray(values: FloatArray, template: Panel, index: pd.Index | None) -> Any:
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


def wrap_reduced(values: FloatArray, template: Panel, *, name: Hashable = None) -> Any:
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


def _reduce_dataarray(values: FloatArray, template: Panel, name: Hashable) -> Any:
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
