"""Print how long the book takes to build from nothing, to rebuild with nothing changed, and how
long the test suite takes. A benchmark prints numbers; it asserts nothing."""
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(label, command):
    start = time.perf_counter()
    status = subprocess.call(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"{label:<40} {time.perf_counter() - start:7.1f} s  (exit status {status})")


shutil.rmtree(ROOT / "_build", ignore_errors=True)
timed("clean build (no execution cache)", [sys.executable, "scripts/build_book.py"])
timed("rebuild with nothing changed", [sys.executable, "scripts/build_book.py"])
timed("test suite (pytest)", [sys.executable, "-m", "pytest", "-q"])
