"""Load the datasets and check them: the Table Schemas in data/datapackage.json plus the domain
rules in companion.rules. Every problem names the file, the line, the column and the rule."""
import json
from pathlib import Path

import pandas as pd

from companion.paths import DATA, shown
from companion.rules import Problem, rule_problems

PACKAGE = DATA / "datapackage.json"

# Table Schema types -> pandas dtypes. Dates stay text: many are known only to the month or year.
PANDAS_TYPES = {"integer": "Int64", "number": "float64", "string": "string", "date": "string"}


class DataError(ValueError):
    """Raised with one line per problem found in the data package."""


def read_package(package=PACKAGE):
    return json.loads(Path(package).read_text(encoding="utf-8"))


def resource(name, package=PACKAGE):
    for res in read_package(package)["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"no resource named {name!r} in {package}")


def load_table(name, package=PACKAGE):
    """Read one dataset as a DataFrame typed from its schema. Empty cells are missing values."""
    res = resource(name, package)
    dtypes = {f["name"]: PANDAS_TYPES.get(f["type"], "string") for f in res["schema"]["fields"]}
    path = Path(package).parent / res["path"]
    return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])


def _schema_problems(package):
    # Imported here: frictionless is needed to check the data, not to read it.
    from frictionless import Package, system

    descriptor = read_package(package)
    files = {res["name"]: Path(package).parent / res["path"] for res in descriptor["resources"]}
    keys = {res["name"]: ", ".join(res["schema"].get("primaryKey", []))
            for res in descriptor["resources"]}
    with system.use_context(trusted=True):
        report = Package(str(package)).validate()
    found = []
    for task in report.tasks:
        for error in task.errors:
            rule, column = error.type, getattr(error, "field_name", None)
            if rule == "constraint-error":  # name the constraint: required, enum, pattern, ...
                rule = error.note.split('"')[1]
            if rule == "primary-key":
                column = keys[task.name]
            if rule == "foreign-key":
                column = ", ".join(error.field_names)
            found.append(Problem(
                file=shown(files.get(task.name, package)),
                line=getattr(error, "row_number", None),
                column=column,
                rule=rule,
                message=error.message,
            ))
    for error in report.errors:
        found.append(Problem(shown(package), None, None, error.type, error.message))
    return found


def problems(package=PACKAGE):
    """Every problem in the package: schema and key errors first, then the domain rules."""
    found = _schema_problems(package)
    found += rule_problems(read_package(package), Path(package).parent)
    return found


def check_package(package=PACKAGE):
    """Raise DataError naming every problem; return quietly when the data is sound."""
    found = problems(package)
    if found:
        raise DataError(f"{len(found)} problem(s) in the data package:\n"
                        + "\n".join(str(p) for p in found))
