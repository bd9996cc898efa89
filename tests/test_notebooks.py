"""Notebooks are stored clean, and regenerate their figures byte for byte.

(nbmake, collected from book/ by pytest.ini, runs every notebook top to bottom in a fresh kernel.)
"""

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import COMMITTED_FIGURES, ROOT

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for number, cell in enumerate(notebook.cells, 1):
        if cell.cell_type == "code":
            assert not cell.outputs, f"{path.name}, cell {number} has stored outputs"
            assert cell.execution_count is None, f"{path.name}, cell {number} has a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_figures_regenerate_byte_identically(path, tmp_path, monkeypatch):
    """Run the notebook with its figures sent to a scratch folder; each file it writes must equal
    the committed one, byte for byte (same data, same pinned packages, same bytes)."""
    monkeypatch.setenv("COMPANION_FIGURES", str(tmp_path))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    written = sorted(tmp_path.iterdir())
    for figure in written:
        assert figure.name in COMMITTED_FIGURES, f"{figure.name} is not committed in figures/"
        assert figure.read_bytes() == COMMITTED_FIGURES[figure.name], (
            f"{figure.name} differs from the committed figure: rerun the notebook and commit it")
