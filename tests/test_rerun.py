"""Rerunning and reusing: every notebook finds the repository from wherever it runs, a notebook on
its own says how to get the data, JupyterLab is in the environment, and the slim
requirements-notebooks.txt alone runs a notebook.

(From book/, nbmake runs every notebook; from the repository root, test_notebooks.py regenerates
the figures and checks that each shows inline.)"""
import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from companion.paths import SETUP_CELL
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_notebook_starts_with_the_setup_cell(path):
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    assert "".join(cells[0]["source"]) == SETUP_CELL, (
        f"{path.name}: the first code cell must be companion.paths.SETUP_CELL, unchanged")


def test_a_notebook_on_its_own_says_how_to_get_the_data(tmp_path):
    """Downloaded alone into an empty folder, a notebook stops at its setup cell with a message
    saying what it needs and how to get it; nothing after the setup cell runs."""
    alone = tmp_path / "timeline.ipynb"
    shutil.copy(ROOT / "book" / "timeline.ipynb", alone)
    notebook = nbformat.read(alone, as_version=4)
    with pytest.raises(CellExecutionError) as failure:
        NotebookClient(notebook, timeout=120,
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    message = str(failure.value)
    assert "FileNotFoundError" in message
    assert "needs the companion's data/ and book/companion/" in message
    assert "It downloads nothing" in message and "Rerun a notebook" in message
    ran = [c for c in notebook.cells if c.cell_type == "code" and c.get("execution_count")]
    assert len(ran) == 1, "cells after the setup cell ran"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["timeline.ipynb"]


def test_jupyterlab_is_in_the_environment_make_book_creates():
    """The README's rerun command, `.venv/bin/jupyter lab book/timeline.ipynb`, needs JupyterLab
    pinned in requirements.txt (what `make book` installs) and installed."""
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("jupyterlab==") for line in pins)
    jupyter = ROOT / ".venv" / "bin" / "jupyter"
    version = subprocess.run([str(jupyter), "lab", "--version"], capture_output=True, text=True)
    assert version.returncode == 0, version.stderr
    assert "jupyterlab==" + version.stdout.strip() in pins
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/jupyter lab book/timeline.ipynb" in readme


def test_notebook_requirements_are_pinned_like_the_full_environment():
    full = {line.split("==")[0].lower(): line for line in
            (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines() if "==" in line}
    slim = [line for line in (ROOT / "requirements-notebooks.txt").read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert 3 <= len(slim) <= 8, "requirements-notebooks.txt should stay slim"
    for line in slim:
        assert line == full.get(line.split("==")[0].lower()), f"{line} differs from requirements.txt"


@pytest.mark.slow
def test_requirements_notebooks_alone_run_a_notebook(tmp_path):
    """Slow (a fresh venv from the package index: a few minutes): install only
    requirements-notebooks.txt, with nbclient to drive the kernel, and run a notebook from the
    repository root as a student would."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                          "--disable-pip-version-check", "-r",
                          str(ROOT / "requirements-notebooks.txt"), "nbclient==0.11.0"],
                         capture_output=True, text=True, timeout=900)
    assert pip.returncode == 0, pip.stdout[-2000:] + pip.stderr[-3000:]
    runner = ("import nbformat, sys\nfrom nbclient import NotebookClient\n"
              "nb = nbformat.read(sys.argv[1], as_version=4)\n"
              "NotebookClient(nb, timeout=300, resources={'metadata': {'path': sys.argv[2]}})"
              ".execute()\n"
              "shown = [o for c in nb.cells for o in c.get('outputs', []) if 'image/png' in "
              "o.get('data', {})]\nprint('figures shown:', len(shown))\n")
    env = dict(os.environ, COMPANION_FIGURES=str(tmp_path / "figures"))
    run = subprocess.run([str(venv / "bin" / "python"), "-c", runner,
                          str(ROOT / "book" / "timeline.ipynb"), str(ROOT)],
                         capture_output=True, text=True, timeout=600, env=env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "figures shown: 1" in run.stdout
    assert (tmp_path / "figures" / "timeline.svg").is_file()
