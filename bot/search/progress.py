"""Progress bars on stderr for long index builds (tqdm; hidden when stderr is not a terminal)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def bar(total: int, description: str, unit: str, enabled: bool):
    """A progress bar on stderr (None when not enabled; tqdm hides it when stderr is not a terminal)."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit=unit, disable=None, leave=False, mininterval=0.5)


def progress(items: Sequence, description: str, unit: str, enabled: bool) -> Iterable:
    """The items, wrapped in a progress bar on stderr when enabled and stderr is a terminal."""
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=description, unit=unit, disable=None, leave=False, mininterval=0.5)

