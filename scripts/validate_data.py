"""Check data/datapackage.json and every CSV it describes; print each problem on its own line."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book"))
from companion import problems  # noqa: E402

found = problems()
for problem in found:
    print(problem)
print(f"{len(found)} problem(s) found." if found else "The data package is valid.")
sys.exit(1 if found else 0)
