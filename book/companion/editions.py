"""Versions that pin the data, and the row-by-row changes between them.

releases.json is the one place a version number is written. Each release records the digest of
data/ it was made from: the Git tree id of the folder, computed here in Python so that no Git is
needed to check it, and usable by Git to read that release's files back
(`git cat-file -p <data_tree>`), with no tag or branch needed. CITATION.cff, data/datapackage.json,
the book's footer and its How to cite page all take the version from there (scripts/release.py
writes the first two; the book reads it at build time).

The changes between two releases are tidy rows: dataset, key (the dataset's primary key), change
(added, removed, changed, column_added, column_removed, dataset_added, dataset_removed,
file_added, file_removed, file_changed), field, old value, new value. They are written per
version to changes/<version>.csv.
"""
import csv
import hashlib
import io
import json
import os
import re
import subprocess
from pathlib import Path

from companion.paths import ROOT

RELEASES = "releases.json"
CHANGES = "changes"
CHANGE_COLUMNS = ["dataset", "key", "change", "field", "old_value", "new_value"]
# Files and folders that are never part of the data (as in .gitignore).
IGNORED = {"__pycache__", ".ipynb_checkpoints", ".DS_Store"}


def releases(root=ROOT):
    """Every release, oldest first: version, date, data_tree, and commit where it is known."""
    return json.loads((Path(root) / RELEASES).read_text(encoding="utf-8"))["releases"]


def latest(root=ROOT):
    return releases(root)[-1]


def tree_id(folder):
    """The Git tree id of a folder as it is on disk (what `git rev-parse HEAD:data` prints once it
    is committed): entries sorted Git's way, blobs hashed with their mode."""
    entries = []
    for path in Path(folder).iterdir():
        if path.name in IGNORED:
            continue
        if path.is_dir():
            sha, mode, sort_name = tree_id(path), b"40000", path.name + "/"
        else:
            data = path.read_bytes()
            sha = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
            mode = b"100755" if os.access(path, os.X_OK) else b"100644"
            sort_name = path.name
        entries.append((sort_name.encode(), mode + b" " + path.name.encode() + b"\0" + bytes.fromhex(sha)))
    body = b"".join(entry for _, entry in sorted(entries))
    return hashlib.sha1(b"tree %d\0" % len(body) + body).hexdigest()


def next_version(version):
    major, minor, patch = (int(x) for x in version.split("."))
    return f"{major}.{minor}.{patch + 1}"


def pinned(root=ROOT):
    """'' when data/ is what the current version recorded; otherwise what is wrong and what to do."""
    current = latest(root)
    now = tree_id(Path(root) / "data")
    if now == current["data_tree"]:
        return ""
    return (f"data/ has changed since version {current['version']} (released {current['date']}) "
            f"was recorded: its digest is now {now}, the release recorded {current['data_tree']}. "
            f"A citation of {current['version']} would no longer pin these numbers. Record a new "
            f"version: run `make release VERSION={next_version(current['version'])}` (or the "
            f"version you mean); it records the digest, the row-by-row changes in "
            f"changes/<version>.csv and a CHANGELOG.md entry for you to complete.")


# --- reading the files of a release back from Git ---------------------------------------------

def _git(root, *args):
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True).stdout


def tree_files(root, tree):
    """{relative path: bytes} of every file in a recorded data tree (read from Git's objects)."""
    listing = _git(root, "ls-tree", "-r", "-z", tree).split(b"\0")
    files = {}
    for line in filter(None, listing):
        meta, name = line.split(b"\t", 1)
        files[name.decode()] = _git(root, "cat-file", "blob", meta.split()[2].decode())
    return files


def disk_files(folder):
    folder = Path(folder)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not IGNORED & set(p.relative_to(folder).parts)}


# --- the changes between two versions of the data ---------------------------------------------

def _table(data):
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    return reader.fieldnames or [], list(reader)


def _key(row, primary_key):
    return ", ".join(row.get(k, "") for k in primary_key)


def diff(old_files, new_files):
    """Tidy rows of change between two versions of data/ ({path: bytes} each), keyed by each
    dataset's primary key as the data package declares it."""
    def package(files):
        return json.loads(files["datapackage.json"]) if "datapackage.json" in files else {"resources": []}

    old_res = {r["path"]: r for r in package(old_files)["resources"]}
    new_res = {r["path"]: r for r in package(new_files)["resources"]}
    out = []

    def add(dataset, key, change, field="", old="", new=""):
        out.append(dict(zip(CHANGE_COLUMNS, (dataset, key, change, field, old, new))))

    for path in list(new_res) + [p for p in old_res if p not in new_res]:
        res = new_res.get(path) or old_res[path]
        name, primary_key = res["name"], res["schema"]["primaryKey"]
        if path not in old_res or path not in old_files:
            _, rows = _table(new_files[path])
            add(name, "", "dataset_added", new=f"{len(rows)} rows")
            continue
        if path not in new_res or path not in new_files:
            _, rows = _table(old_files[path])
            add(name, "", "dataset_removed", old=f"{len(rows)} rows")
            continue
        if old_files[path] == new_files[path]:
            continue
        old_fields, old_rows = _table(old_files[path])
        new_fields, new_rows = _table(new_files[path])
        for field in new_fields:
            if field not in old_fields:
                add(name, "", "column_added", field)
        for field in old_fields:
            if field not in new_fields:
                add(name, "", "column_removed", field)
        shared = [f for f in new_fields if f in old_fields]
        before = {_key(r, primary_key): r for r in old_rows}
        after = {_key(r, primary_key): r for r in new_rows}
        for key, row in after.items():
            if key not in before:
                add(name, key, "added")
                continue
            for field in shared:
                if before[key][field] != row[field]:
                    add(name, key, "changed", field, before[key][field], row[field])
        for key, row in before.items():
            if key not in after:
                for field in old_fields:
                    if row[field]:
                        add(name, key, "removed", field, row[field])
    def codebook(files):  # the package without its version: its fields, descriptions, sources
        return {k: v for k, v in package(files).items() if k != "version"}

    if "datapackage.json" in old_files and codebook(old_files) != codebook(new_files):
        add("", "datapackage.json", "file_changed")
    tables = set(old_res) | set(new_res) | {"datapackage.json"}
    for path in sorted(set(old_files) | set(new_files)):
        if path in tables:
            continue
        if path not in old_files:
            add("", path, "file_added")
        elif path not in new_files:
            add("", path, "file_removed")
        elif old_files[path] != new_files[path]:
            add("", path, "file_changed")
    return out


def write_changes(rows, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, CHANGE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_changes(version, root=ROOT):
    path = Path(root) / CHANGES / f"{version}.csv"
    if not path.exists():
        return None
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def summary(rows):
    """{dataset: {change: count}}, counting rows (not fields) for added, removed and changed."""
    counts = {}
    seen = set()
    for row in rows:
        ident = (row["dataset"], row["key"], row["change"], row["field"] if row["key"] == "" else "")
        if ident in seen:
            continue
        seen.add(ident)
        counts.setdefault(row["dataset"] or "other files", {}).setdefault(row["change"], 0)
        counts[row["dataset"] or "other files"][row["change"]] += 1
    return counts


# --- errata: corrections of figures a previous version published ------------------------------

def _is_figure_field(field):
    """A field that states a fact (a number, a date, a category), as opposed to free text: known
    from the field's type and constraints in the data package, not from a list of names."""
    return (field.get("type") in ("number", "integer", "date", "year", "yearmonth", "boolean")
            or "enum" in field.get("constraints", {}))


def errata(rows, package):
    """The changes that correct a figure a previous version published: a changed number, date or
    category in a row that existed before, or a removed row."""
    kinds = {}
    for res in package["resources"]:
        kinds[res["name"]] = {f["name"] for f in res["schema"]["fields"] if _is_figure_field(f)}
    return [r for r in rows if (r["change"] == "changed" and r["field"] in kinds.get(r["dataset"], ()))
            or r["change"] == "removed"]


# --- CHANGELOG.md -----------------------------------------------------------------------------

BLOCK_START = "<!-- data changes: made by scripts/release.py from changes/{version}.csv; do not edit -->"
BLOCK_END = "<!-- end of data changes -->"
TO_WRITE = "- (Say here, in a sentence or two each, what changed in the text, the figures and the data, and why.)"


def changelog_block(version, rows):
    lines = [BLOCK_START.format(version=version),
             f"Data changes, row by row: `changes/{version}.csv` and the book's Changes page."]
    counts = summary(rows)
    if not counts:
        lines.append("- No data changed.")
    for dataset, changes in counts.items():
        parts = [f"{n} {change.replace('_', ' ')}" for change, n in changes.items()]
        lines.append(f"- `{dataset}`: " + ", ".join(parts) + ".")
    lines.append(BLOCK_END)
    return "\n".join(lines)


def changelog_sections(text):
    """{version: (heading, body)} for each '## X.Y.Z — date' section of CHANGELOG.md."""
    sections = {}
    parts = re.split(r"^## ", text, flags=re.M)
    for part in parts[1:]:
        heading, _, body = part.partition("\n")
        version = heading.split()[0]
        sections[version] = (heading.strip(), body.strip())
    return sections


def update_changelog(text, version, date, rows):
    """CHANGELOG.md with the section for `version` added (newest first) or its data block and
    date brought up to date, keeping whatever prose was written in it."""
    block = changelog_block(version, rows)
    heading = f"## {version} — {date}"
    match = re.search(rf"^## {re.escape(version)} .*$", text, flags=re.M)
    if match:
        end = re.search(r"^## ", text[match.end():], flags=re.M)
        stop = match.end() + end.start() if end else len(text)
        section = text[match.end():stop]
        if BLOCK_START.format(version=version) in section:
            section = re.sub(re.escape(BLOCK_START.format(version=version)) + r".*?" + re.escape(BLOCK_END),
                             lambda _: block, section, flags=re.S)
        else:
            section = section.rstrip("\n") + "\n\n" + block + "\n\n"
        return text[:match.start()] + heading + section + text[stop:]
    first = re.search(r"^## ", text, flags=re.M)
    new = f"{heading}\n\n{TO_WRITE}\n\n{block}\n\n"
    at = first.start() if first else len(text)
    return text[:at] + new + text[at:]
