"""A C object that many threads share and that may be closed at any time."""

from __future__ import annotations

import threading
from typing import Any, Callable

from ._errors import InvalidArgument
from ._ffi import ffi


class SharedHandle:
    """Holds a reference-counted C object (a catalog, a store). An operation
    takes it with `_enter` and gives it back with `_leave`; `close` on
    another thread marks it closed at once and lets the C reference go when
    the last operation ends, so that no call ever uses freed memory."""

    __slots__ = ("_ptr", "_lock", "_users", "_closed", "__weakref__")
    _kind = "object"

    def _adopt(self, ptr: Any, release: Callable[[Any], None]) -> None:
        self._ptr = ffi.gc(ptr, release)
        self._lock = threading.Lock()
        self._users = 0
        self._closed = False

    def _enter(self) -> Any:
        with self._lock:
            if self._closed:
                raise InvalidArgument("the %s is closed" % self._kind)
            self._users += 1
            return self._ptr

    def _leave(self) -> None:
        with self._lock:
            self._users -= 1
            if self._closed and self._users == 0:
                self._drop()

    def _drop(self) -> None:
        ptr, self._ptr = self._ptr, None
        if ptr is not None:
            ffi.release(ptr)

    def close(self) -> None:
        """Lets go of the object now instead of when it is garbage
        collected; what holds its own reference (an order, a catalog) keeps
        working. Closing twice is a no-op; using a closed object raises
        `InvalidArgument`."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._users == 0:
                self._drop()

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._closed
