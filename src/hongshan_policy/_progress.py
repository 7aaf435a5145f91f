"""A progress bar for long runs of the scalar path: tqdm when available and someone is watching, else nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

_T = TypeVar("_T")


def _in_notebook() -> bool:
    """Whether we run inside a Jupyter kernel (not merely a process that imported ipykernel)."""
    ipython = sys.modules.get("IPython")
    shell = None if ipython is None else ipython.get_ipython()
    return type(shell).__name__ == "ZMQInteractiveShell"


def progress(
    items: Iterable[_T], *, total: int | None = None, desc: str = "", show: bool | None = None
) -> Iterator[_T]:
    """Iterate over ``items`` with a progress bar on standard error.

    ``show=None`` (the default) shows a bar only in an interactive terminal or a
    notebook, and only if tqdm (the ``analysis`` extra) is installed; ``True``
    insists (an error if tqdm is missing), ``False`` never shows one.
    """
    if show is False:
        return iter(items)
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if show:
            raise ImportError("the progress bar needs tqdm: pip install 'hongshan-policy[analysis]'") from None
        return iter(items)
    if show is None and not (_in_notebook() or sys.stderr.isatty()):
        return iter(items)
    return iter(tqdm(items, total=total, desc=desc, unit="件", leave=False))
