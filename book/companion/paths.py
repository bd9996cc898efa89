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


def shown(path):
    """A path as a reader finds it: relative to the repository where it lies inside it."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
