import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book"))

# The committed figures, read before any test (or nbmake) can regenerate them.
COMMITTED_FIGURES = {p.name: p.read_bytes() for p in sorted((ROOT / "figures").glob("*"))}


@pytest.fixture(scope="session")
def build():
    """Build the book once per test session, strictly, as `make book` does."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_book.py")],
                            cwd=ROOT, capture_output=True, text=True)
    return result


@pytest.fixture(scope="session")
def site(build):
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-5000:]
    return ROOT / "_build" / "html"
