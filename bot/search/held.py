"""Arrays kept between questions within a memory budget: what a query computed once, for the next ones."""

from __future__ import annotations

import numpy as np


class HeldArrays:
    """Arrays kept by key while they hold at most `limit` values together; past it all are forgotten at once."""

    def __init__(self, limit: int) -> None:
        """An empty store that keeps at most `limit` array values in all."""
        self.limit = limit
        self.held = 0
        self._arrays: dict[int, np.ndarray] = {}

    def get(self, key: int) -> np.ndarray | None:
        """The array kept for `key`, or None."""
        return self._arrays.get(key)

    def put(self, key: int, values: np.ndarray) -> None:
        """Keep `values` for `key`, forgetting everything kept first when they would pass the limit."""
        if self.held + values.size > self.limit:
            self._arrays.clear()
            self.held = 0
        self._arrays[key] = values
        self.held += values.size
