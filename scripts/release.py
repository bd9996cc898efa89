"""Record a version of the book and its data: `make release VERSION=0.2.0` runs this.

    python scripts/release.py 0.2.0 [--date YYYY-MM-DD]   record (or re-record) a version
    python scripts/release.py --tag                        tag the committed release v<version>

Recording a version, offline and in seconds:
1. writes the version into the one place it lives, releases.json, with the date and the digest of
   data/ (its Git tree id), and copies it into CITATION.cff (version, date-released, also in the
   preferred citation) and data/datapackage.json (its version field only);
2. compares data/ with the previous release's data (read back from Git by its recorded tree id,
   so no tag is needed) and writes the row-by-row changes to changes/<version>.csv;
3. brings the data-error issue form's list of datasets up to date with the data package;
4. adds a section for the version to CHANGELOG.md, with a summary of those changes and a line for
   you to replace with what changed and why (a test fails until you do).
A version that is recorded but not yet tagged can be recorded again (after a merge, say): its
digest, changes and summary are made afresh and the prose you wrote in CHANGELOG.md is kept.

Where the repository is known (COMPANION_REPOSITORY=owner/name in the environment, as the
publishing workflow sets it), its public address goes into CITATION.cff too.

Then: edit CHANGELOG.md, `make test` and `make pdf`, commit, and `make tag`.
"""
import argparse
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book"))
from companion import editions  # noqa: E402
from companion.citation import address  # noqa: E402

VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def _tags(root):
    result = subprocess.run(["git", "tag", "--list"], cwd=root, capture_output=True, text=True)
    return set(result.stdout.split())


def _as_tuple(version):
    return tuple(int(x) for x in version.split("."))


def cff_address(text, base, repository):
    """CITATION.cff with the book's public address and its repository's, where they are known
    (from the repository: COMPANION_REPOSITORY=owner/name, or _config.yml); kept as they were
    where they are not."""
    if not base:
        return text
    text = re.sub(r"^\s*(url|repository-code): .*\n", "", text, flags=re.M)
    text = re.sub(r"^(license: .*\n)", rf"\g<1>url: {base}\nrepository-code: {repository}\n", text,
                  count=1, flags=re.M)
    return re.sub(r"^(  year: .*\n)", rf"\g<1>  url: {base}\n", text, count=1, flags=re.M)


def _set_version_fields(root, version, date):
    """Copy the version into CITATION.cff and data/datapackage.json, touching nothing else."""
    cff = root / "CITATION.cff"
    text = cff.read_text(encoding="utf-8")
    text = re.sub(r"^(\s*)version: .*$", rf"\g<1>version: {version}", text, flags=re.M)
    text = re.sub(r"^(\s*)date-released: .*$", rf"\g<1>date-released: {date}", text, flags=re.M)
    text = re.sub(r"^(\s*)year: .*$", rf"\g<1>year: {date[:4]}", text, flags=re.M)
    cff.write_text(cff_address(text, *address()), encoding="utf-8")
    package = root / "data" / "datapackage.json"
    text = package.read_text(encoding="utf-8")
    # The package's own version is the first "version" key: resources have none.
    text, count = re.subn(r'^(  "version": )"[^"]*"', rf'\g<1>"{version}"', text, count=1, flags=re.M)
    if not count:
        raise SystemExit(f"{package}: no top-level \"version\" field to set")
    package.write_text(text, encoding="utf-8")


ISSUE_TEMPLATE = Path(".github/ISSUE_TEMPLATE/data-error.yml")
OTHER_FILE = "another file (say which below)"


def dataset_options(root):
    """The data-error form's list of datasets, as the data package has them now."""
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return [r["path"] for r in package["resources"]] + [OTHER_FILE]


def _set_issue_template(root):
    path = root / ISSUE_TEMPLATE
    text = path.read_text(encoding="utf-8")
    options = "".join(f"        - {name}\n" for name in dataset_options(root))
    text, count = re.subn(r"(id: dataset\n(?:.*\n)*?      options:\n)(?:        - .*\n)+",
                          lambda m: m.group(1) + options, text)
    if count != 1:
        raise SystemExit(f"{path}: no dataset options to update")
    path.write_text(text, encoding="utf-8")


def record(root, version, date):
    if not VERSION.match(version):
        raise SystemExit(f"VERSION must look like 1.2.3, not {version!r}")
    path = root / editions.RELEASES
    history = editions.releases(root)
    last = history[-1]
    if version == last["version"]:
        if last.get("commit") or f"v{version}" in _tags(root):
            raise SystemExit(f"{version} was released and tagged; record a new version, e.g. "
                             f"{editions.next_version(version)}")
        history = history[:-1]  # re-record the untagged version
    elif _as_tuple(version) <= _as_tuple(last["version"]):
        raise SystemExit(f"{version} is not after the current version {last['version']}")
    previous = history[-1]

    _set_version_fields(root, version, date)
    _set_issue_template(root)
    tree = editions.tree_id(root / "data")
    try:
        old = editions.tree_files(root, previous["data_tree"])
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"cannot read the data of {previous['version']} (tree "
                         f"{previous['data_tree']}) from Git: {error.stderr.decode().strip()}. "
                         "Run this in a full clone (not a shallow one).")
    rows = editions.diff(old, editions.disk_files(root / "data"))
    editions.write_changes(rows, root / editions.CHANGES / f"{version}.csv")

    history.append({"version": version, "date": date, "data_tree": tree,
                    "previous": previous["version"]})
    path.write_text(json.dumps({"releases": history}, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    changelog = root / "CHANGELOG.md"
    changelog.write_text(editions.update_changelog(changelog.read_text(encoding="utf-8"),
                                                   version, date, rows), encoding="utf-8")

    print(f"Recorded version {version} ({date}); data digest {tree}.")
    for dataset, counts in editions.summary(rows).items():
        print(f"  {dataset}: " + ", ".join(f"{n} {c.replace('_', ' ')}" for c, n in counts.items()))
    print(f"Row-by-row changes against {previous['version']}: changes/{version}.csv")
    print("Next: say what changed in CHANGELOG.md, run `make test` and `make pdf`, commit, "
          "then `make tag`.")


def tag(root):
    # Earlier releases whose commit is recorded (0.1.0) get their tag too, where it is missing.
    for earlier in editions.releases(root)[:-1]:
        known = earlier.get("commit") and subprocess.run(
            ["git", "cat-file", "-e", f"{earlier['commit']}^{{commit}}"], cwd=root).returncode == 0
        if known and f"v{earlier['version']}" not in _tags(root):
            subprocess.run(["git", "tag", "-a", f"v{earlier['version']}", earlier["commit"], "-m",
                            f"Version {earlier['version']}, {earlier['date']}; data tree "
                            f"{earlier['data_tree']}"], cwd=root, check=True)
            print(f"Tagged v{earlier['version']} at {earlier['commit'][:7]}.")
    current = editions.latest(root)
    problem = editions.pinned(root)
    if problem:
        raise SystemExit(problem)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True,
                           text=True).stdout.strip()
    if dirty:
        raise SystemExit("Commit the release first; these files are not committed:\n" + dirty)
    name = f"v{current['version']}"
    if name in _tags(root):
        raise SystemExit(f"{name} exists already")
    subprocess.run(["git", "tag", "-a", name, "-m", f"Version {current['version']}, "
                    f"{current['date']}; data tree {current['data_tree']}"], cwd=root, check=True)
    print(f"Tagged {name}. Push the tags with `git push origin --tags`.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("version", nargs="?")
    parser.add_argument("--date", default=datetime.datetime.now(datetime.timezone.utc).date().isoformat())
    parser.add_argument("--tag", action="store_true", help="tag the committed current version")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    if args.tag:
        return tag(args.root)
    if not args.version:
        parser.error("give the VERSION to record, e.g. 0.2.0")
    return record(args.root, args.version, args.date)


if __name__ == "__main__":
    sys.exit(main())
