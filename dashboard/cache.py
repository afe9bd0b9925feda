"""Render-path caching: chart specs and display tables are built once per input and language.

`@memo` keeps a function's result in `st.cache_data`, keyed on its arguments and the interface
language, so a rerun with the same filters (same cached query frames) reuses the finished
Vega-Lite spec or formatted table instead of building Altair objects or formatting cell by cell.

Frames and series are keyed on a digest of their content (dtypes, index, values): a fraction of a
millisecond for a small aggregate, one or two for 300 detail rows, where Streamlit's own DataFrame
hashing takes several times longer. A frame straight from `data.query` brings the digest computed
when the query ran (`remember`), so only derived frames are read. Every other argument must be a
plain value Streamlit can hash (str, number, None, tuple, list, `Filters`). A memoised function
depends on its arguments and `lang()` only, and draws nothing. `data.clear()` (after an import)
forgets these entries with every other cached result.
"""

from __future__ import annotations

import functools
import hashlib
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from dashboard.i18n import lang

F = TypeVar("F", bound=Callable[..., Any])

MAX_ENTRIES = 1500  # a page run stores 5 to 25 results (specs of a few KB, tables of at most 300 rows)


# id -> (weak reference, shape, columns, digest) of the frames `data.query` handed out and still alive
# (read-only by convention, like every cached value; shape and columns are checked anyway)
_known: dict[int, tuple[weakref.ref, tuple, tuple, str]] = {}


def remember(frame: pd.DataFrame, frame_digest: str) -> None:
    """Record the digest of a frame read from the query cache (computed once, when the query ran)."""
    key = id(frame)
    _known[key] = (weakref.ref(frame, lambda _, key=key: _known.pop(key, None)), frame.shape, tuple(frame.columns), frame_digest)


def fingerprint(value: Any) -> Any:
    """A frame or series as a short digest of its content; any other value as itself."""
    known = _known.get(id(value))
    if known is not None and known[0]() is value and known[1] == value.shape and known[2] == tuple(value.columns):
        return known[3]
    if isinstance(value, pd.DataFrame):
        return digest(b"".join([b"frame", _index_bytes(value.columns), _index_bytes(value.index), *(_values_bytes(col) for _, col in value.items())]))
    if isinstance(value, pd.Series):
        return digest(b"".join([b"series", repr(value.name).encode(), _index_bytes(value.index), _values_bytes(value)]))
    return value


def _values_bytes(column: pd.Series) -> bytes:
    """A column's dtype and values as bytes: raw memory for NumPy numbers and dates, validity, lengths and
    text for Arrow strings, else the values' reprs.

    Content only, never object identity: pickle would write a frame fresh from the database and
    its copy read back from the cache differently (shared strings, Arrow chunks and slices).
    """
    dtype = column.dtype
    head = str(dtype).encode() + b"\x1f"
    if isinstance(dtype, np.dtype):
        values = column.to_numpy()
        if dtype.kind in "biufcmM":
            return head + np.ascontiguousarray(values).tobytes() + b"\x1e"
        return head + repr(values.tolist()).encode() + b"\x1e"
    arrow = getattr(column.array, "__arrow_array__", None)
    text = _arrow_text_bytes(arrow()) if arrow is not None else None
    if text is not None:
        return head + text + b"\x1e"
    return head + repr(column.tolist()).encode() + b"\x1e"


def _arrow_text_bytes(chunked: pa.ChunkedArray) -> bytes | None:
    """An Arrow string column as validity, lengths and text: the same bytes whatever its chunks, slice offset
    or the bytes a null slot covers (null slots are filled with "" first). None for any other Arrow type."""
    if pa.types.is_large_string(chunked.type):
        offset_type = np.int64
    elif pa.types.is_string(chunked.type):
        offset_type = np.int32
    else:
        return None
    arr = chunked.combine_chunks()
    n = len(arr)
    if n == 0:
        return b"empty"
    valid = arr.is_valid().to_numpy(zero_copy_only=False)
    if arr.null_count:
        arr = arr.fill_null("")
    _, offsets_buffer, data = arr.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=offset_type)[arr.offset : arr.offset + n + 1]
    body = data[int(offsets[0]) : int(offsets[-1])].to_pybytes() if data is not None else b""
    return valid.tobytes() + np.diff(offsets).astype(np.int64).tobytes() + body


def _index_bytes(index: pd.Index) -> bytes:
    if isinstance(index, pd.RangeIndex):
        return repr(("range", index.start, index.stop, index.step)).encode()
    return repr((str(index.dtype), index.tolist())).encode()


def digest(data: bytes, size: int = 16) -> str:
    return hashlib.blake2b(data, digest_size=size).hexdigest()


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES, ttl=6 * 3600)
def _call(name: str, key: tuple, language: str, _fn: Callable[..., Any], _args: tuple, _kwargs: dict) -> Any:
    return _fn(*_args, **_kwargs)


def memo(fn: F) -> F:
    """`fn` computed once per (arguments, language); the result comes back as a fresh copy each time.

    Entries are named by module, qualified name and file, so a page script (run anew each time,
    module `__main__`) may memoise its own helpers too.
    """
    code = getattr(fn, "__code__", None)
    name = f"{fn.__module__}.{fn.__qualname__}@{code.co_filename if code else ''}"

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        key = tuple(fingerprint(a) for a in args) + tuple((k, fingerprint(v)) for k, v in sorted(kwargs.items()))
        return _call(name=name, key=key, language=lang(), _fn=fn, _args=args, _kwargs=kwargs)  # keywords: Streamlit skips inspect.signature

    return wrapper  # type: ignore[return-value]
