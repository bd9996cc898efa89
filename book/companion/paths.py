"""Where things live, found from this file so notebooks work from any working directory."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
# Tests point this elsewhere to regenerate the figures without touching the committed ones.
FIGURES = Path(os.environ.get("COMPANION_FIGURES", ROOT / "figures"))
BIBLIOGRAPHY = ROOT / "references.bib"
CITATION = ROOT / "CITATION.cff"
CONFIG = ROOT / "_config.yml"

# The first code cell of every notebook, kept here once (tests/test_rerun.py checks that each
# notebook starts with exactly this text). Before `companion` can be imported the notebook has to
# find the repository: in the folder Jupyter started in (book/ for the book build and JupyterLab,
# the repository root for VS Code and Colab), a folder above it, or a folder just below it (a clone
# inside Colab's /content). A notebook downloaded on its own finds nothing, downloads nothing, and
# says how to get the data.
SETUP_CELL = '''\
# Find the book's data and helpers wherever this notebook runs (book/, the repository root, Colab).
import sys
from pathlib import Path

here = Path.cwd()
REPOSITORY = next((folder for folder in [here, *here.parents, *sorted(here.glob("*/"))]
                   if (folder / "data" / "datapackage.json").is_file()
                   and (folder / "book" / "companion").is_dir()), None)
if REPOSITORY is None:
    raise FileNotFoundError(
        f"This notebook needs the companion's data/ and book/companion/ folders and found them "
        f"neither in {here} nor in a folder above or just below it. It downloads nothing. Get the "
        f"whole repository (git clone, or the repository's zip), then open this notebook from "
        f"inside it, from its book/ folder or its root. The README's 'Rerun a notebook' says how.")
if str(REPOSITORY / "book") not in sys.path:
    sys.path.insert(0, str(REPOSITORY / "book"))'''


def shown(path):
    """A path as a reader finds it: relative to the repository where it lies inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
