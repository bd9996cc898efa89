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
def test_figures_regenerate_byte_identically_and_show_inline(path, tmp_path, monkeypatch):
    """Run the notebook from the repository root (where VS Code and Colab start it; nbmake runs
    it from book/) with its figures sent to a scratch folder. Each file it writes must equal the
    committed one, byte for byte (same data, same pinned packages, same bytes), and each figure
    must show in the notebook itself: an image for Jupyter beside the MyST figure for the book."""
    monkeypatch.setenv("COMPANION_FIGURES", str(tmp_path))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, resources={"metadata": {"path": str(ROOT)}}).execute()
    shown = [output["data"] for cell in notebook.cells for output in cell.get("outputs", [])
             if ":::{figure}" in output.get("data", {}).get("text/markdown", "")]
    assert len(shown) == len(list(tmp_path.glob("*.svg"))), "a published figure was not shown"
    for data in shown:
        assert data["text/html"].startswith('<img src="data:image/svg+xml;base64,')
        assert data["image/png"]
    written = sorted(tmp_path.iterdir())
    for figure in written:
        assert figure.name in COMMITTED_FIGURES, f"{figure.name} is not committed in figures/"
        assert figure.read_bytes() == COMMITTED_FIGURES[figure.name], (
            f"{figure.name} differs from the committed figure: rerun the notebook and commit it")
