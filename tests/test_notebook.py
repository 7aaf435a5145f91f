"""The example notebook ``docs/analysis.ipynb`` runs from top to bottom on a fresh Python 3 kernel.

It is executed with nbclient in a temporary folder (so it reads only the bundled
registers). nbclient, nbformat and ipykernel are part of the ``test`` extra:
when they are missing this test fails, it is never skipped.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "analysis.ipynb"


def test_notebook_runs_without_errors(tmp_path: Path) -> None:
    """Every code cell of docs/analysis.ipynb runs without an error; both charts and the comparison display."""
    missing = [name for name in ("nbclient", "nbformat", "ipykernel") if importlib.util.find_spec(name) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed: pip install -e '.[test]' (the notebook must run in CI)")
    import nbformat
    from nbclient import NotebookClient

    copy = tmp_path / NOTEBOOK.name
    shutil.copyfile(NOTEBOOK, copy)
    notebook = nbformat.read(copy, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [output for cell in code for output in cell.outputs if output.output_type == "error"]
    assert not errors, "\n".join(f"{e.ename}: {e.evalue}" for e in errors)
    kinds = [set(output.get("data", {})) for cell in code for output in cell.outputs]
    assert sum("image/png" in kind for kind in kinds) >= 2, "the two charts should display as images"
    assert any("text/html" in kind for kind in kinds), "the comparison should display as HTML"


def test_committed_notebook_has_no_outputs() -> None:
    """The committed notebook keeps no outputs or execution counts (they are made in CI)."""
    import nbformat

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
