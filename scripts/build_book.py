"""Build the book strictly and say plainly what broke.

Runs `jupyter-book build . -W -n --keep-going` (warnings are errors, missing references fail).
Jupyter Book writes a failing notebook's traceback only to _build/html/reports/; this script
prints each of those tracebacks (they name the cell and its code), and removes the reports from
the site so that they are never published. Exit status: that of the build.
"""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "_build" / "html" / "reports"


def main(extra_args):
    shutil.rmtree(REPORTS, ignore_errors=True)
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
               "-W", "-n", "--keep-going", *extra_args]
    status = subprocess.call(command, cwd=ROOT)
    for report in sorted(REPORTS.glob("**/*.err.log")):
        notebook = report.relative_to(REPORTS).with_suffix("").with_suffix(".ipynb")
        print(f"\n=== A notebook failed: {notebook} ===", file=sys.stderr)
        print(report.read_text(encoding="utf-8", errors="replace"), file=sys.stderr)
    shutil.rmtree(REPORTS, ignore_errors=True)
    if status:
        print(f"\nThe book did not build (exit status {status}); the messages above say why.",
              file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
