"""Build the book strictly and say plainly what broke.

Runs `jupyter-book build . -W -n --keep-going` (warnings are errors, missing references fail),
after clearing the execution cache if the data or the shared code changed (the cache itself only
notices changes to a notebook's own code).
Jupyter Book writes a failing notebook's traceback only to _build/html/reports/; this script
prints each of those tracebacks with the notebook and the number of the cell that failed, and
removes the reports from the site so that they are never published. Exit status: the build's.
"""
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "_build" / "html" / "reports"
CACHE = ROOT / "_build" / ".jupyter_cache"
INPUTS_STAMP = ROOT / "_build" / ".notebook_inputs"
# What the notebooks read besides their own code. The execution cache knows only the code, so
# when any of these changes the cache is cleared and every notebook runs again.
NOTEBOOK_INPUTS = ["data", "book/companion", "references.bib"]
CELL_MARK = "An error occurred while executing the following cell:\n------------------\n"


def inputs_digest(root=ROOT):
    """One hash of every file the notebooks read (see NOTEBOOK_INPUTS)."""
    digest = hashlib.sha256()
    for top in NOTEBOOK_INPUTS:
        paths = [root / top] if (root / top).is_file() else sorted((root / top).rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def clear_cache_if_inputs_changed():
    digest = inputs_digest()
    if INPUTS_STAMP.exists() and INPUTS_STAMP.read_text() == digest:
        return
    if CACHE.exists():
        print("Data or shared code changed since the last build: every page is read and every "
              "notebook runs again.")
    shutil.rmtree(CACHE, ignore_errors=True)
    # Sphinx re-reads only pages whose own source changed, so pages would keep outputs made from
    # the old data and links to bibliography anchors that moved: start from a fresh environment.
    shutil.rmtree(ROOT / "_build" / ".doctrees", ignore_errors=True)
    INPUTS_STAMP.parent.mkdir(parents=True, exist_ok=True)
    INPUTS_STAMP.write_text(digest)


def failing_cell(notebook, traceback):
    """The 1-based number of the code cell whose source the traceback quotes, or None."""
    if CELL_MARK not in traceback:
        return None
    quoted = traceback.split(CELL_MARK, 1)[1].split("\n------------------", 1)[0].strip()
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    for number, cell in enumerate(cells, 1):
        if cell["cell_type"] == "code" and "".join(cell["source"]).strip() == quoted:
            return number
    return None


def failure_reports(reports=REPORTS, root=ROOT):
    """(heading, traceback) for each notebook that failed to execute."""
    found = []
    for report in sorted(Path(reports).glob("**/*.err.log")):
        notebook = report.relative_to(reports).with_suffix("").with_suffix(".ipynb")
        traceback = report.read_text(encoding="utf-8", errors="replace")
        number = failing_cell(root / notebook, traceback)
        where = f", cell {number}" if number else ""
        found.append((f"A notebook failed: {notebook}{where}", traceback))
    return found


def main(extra_args):
    shutil.rmtree(REPORTS, ignore_errors=True)
    clear_cache_if_inputs_changed()
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
               "-W", "-n", "--keep-going", *extra_args]
    status = subprocess.call(command, cwd=ROOT)
    for heading, traceback in failure_reports():
        print(f"\n=== {heading} ===\n{traceback}", file=sys.stderr)
    shutil.rmtree(REPORTS, ignore_errors=True)
    if status:
        print(f"\nThe book did not build (exit status {status}); the messages above say why.",
              file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
