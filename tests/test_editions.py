"""Editions: one version number, a data digest per version, the row-by-row changes, the release
script, the Changes and Corrections pages, the footer, the data-error form and the publishing
workflow."""
import csv
import json
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from companion import editions
from companion.citation import address, pdf_name

sys.path.insert(0, str(ROOT / "scripts"))
import release  # noqa: E402


def test_one_version_everywhere():
    current = editions.latest()
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert str(cff["version"]) == current["version"], "CITATION.cff: run make release"
    assert str(cff["preferred-citation"]["version"]) == current["version"]
    assert str(cff["date-released"]) == current["date"]
    assert package["version"] == current["version"], "data/datapackage.json: run make release"


def test_data_is_pinned_by_the_current_version():
    problem = editions.pinned()
    assert not problem, problem


def test_every_release_has_its_changelog_entry_and_changes():
    sections = editions.changelog_sections((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    history = editions.releases()
    for number, current in enumerate(history):
        version = current["version"]
        assert version in sections, f"CHANGELOG.md has no section for {version}"
        assert current["date"] in sections[version][0], f"CHANGELOG.md: {version} has another date"
        assert editions.TO_WRITE not in sections[version][1], (
            f"CHANGELOG.md: say what changed in {version} in place of the placeholder line")
        if number:
            assert current["previous"] == history[number - 1]["version"]
            assert editions.read_changes(version) is not None, f"changes/{version}.csv is missing"


def test_changes_file_is_the_diff_between_the_recorded_digests():
    current = editions.latest()
    if "previous" not in current:
        pytest.skip("the first version has nothing to compare with")
    previous = next(r for r in editions.releases() if r["version"] == current["previous"])
    old = editions.tree_files(ROOT, previous["data_tree"])
    rows = editions.diff(old, editions.disk_files(ROOT / "data"))
    assert editions.read_changes(current["version"]) == rows, (
        f"changes/{current['version']}.csv is stale: run make release VERSION={current['version']}")


def _table(text):
    return text.encode()


def test_diff_reports_rows_added_removed_changed_and_columns():
    package = {"resources": [{"name": "things", "path": "things.csv", "schema": {
        "primaryKey": ["id"], "fields": [
            {"name": "id", "type": "string"}, {"name": "value", "type": "integer"},
            {"name": "notes", "type": "string"}, {"name": "kind", "type": "string",
                                                  "constraints": {"enum": ["a", "b"]}}]}}]}
    old = {"datapackage.json": json.dumps(package).encode(),
           "things.csv": _table("id,value,notes,kind\nx,1,first,a\ny,2,second,a\nz,3,,b\n"),
           "geo/land.json": b"{}"}
    new = {"datapackage.json": json.dumps(dict(package, version="9")).encode(),
           "things.csv": _table("id,value,notes,kind,extra\nx,1,first (corrected),b,e\ny,5,second,a,\nw,7,new,a,\n"),
           "geo/land.json": b"{ }"}
    rows = editions.diff(old, new)
    got = [(r["key"], r["change"], r["field"], r["old_value"], r["new_value"]) for r in rows]
    assert got == [
        ("", "column_added", "extra", "", ""),
        ("x", "changed", "notes", "first", "first (corrected)"),
        ("x", "changed", "kind", "a", "b"),
        ("y", "changed", "value", "2", "5"),
        ("w", "added", "", "", ""),
        ("z", "removed", "id", "z", ""), ("z", "removed", "value", "3", ""),
        ("z", "removed", "kind", "b", ""),
        ("geo/land.json", "file_changed", "", "", ""),
    ]
    # Errata: corrected figures (a number, a category) and withdrawn rows; not notes, not additions.
    fixes = [(r["key"], r["field"]) for r in editions.errata(rows, package)]
    assert fixes == [("x", "kind"), ("y", "value"), ("z", "id"), ("z", "value"), ("z", "kind")]
    assert editions.summary(rows)["things"] == {"column_added": 1, "changed": 2, "added": 1, "removed": 1}


def _copy_project(tmp_path):
    """The files a release reads and writes, in a fresh Git repository of their own."""
    for name in ["data", "changes", ".github/ISSUE_TEMPLATE"]:
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ["releases.json", "CHANGELOG.md", "CITATION.cff", "_config.yml"]:
        shutil.copy(ROOT / name, tmp_path / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    for name, value in (("user.name", "t"), ("user.email", "t@example.org")):
        subprocess.run(["git", "config", name, value], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run(git + ["commit", "-qm", "copy"], cwd=tmp_path, check=True)
    return git


def test_changing_a_note_fails_until_a_release_records_it(tmp_path):
    git = _copy_project(tmp_path)
    assert editions.pinned(tmp_path) == ""
    version = editions.latest(tmp_path)["version"]
    assert editions.tree_id(tmp_path / "data") == subprocess.run(
        ["git", "rev-parse", "HEAD:data"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()

    path = tmp_path / "data" / "events.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    key = rows[0][fields[0]]
    old_note = rows[0]["notes"]
    rows[0]["notes"] = old_note + " Checked again."
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    problem = editions.pinned(tmp_path)
    following = editions.next_version(version)
    assert f"since version {version}" in problem
    assert f"make release VERSION={following}" in problem and "CHANGELOG.md" in problem

    release.main([following, "--root", str(tmp_path), "--date", "2030-01-02"])
    assert editions.pinned(tmp_path) == ""
    changes = editions.read_changes(following, tmp_path)
    assert [r for r in changes if r["dataset"] == "events"] == [{
        "dataset": "events", "key": key, "change": "changed", "field": "notes",
        "old_value": old_note, "new_value": old_note + " Checked again."}]
    assert json.loads((tmp_path / "data" / "datapackage.json").read_text())["version"] == following
    cff = yaml.safe_load((tmp_path / "CITATION.cff").read_text(encoding="utf-8"))
    assert (str(cff["version"]), str(cff["date-released"])) == (following, "2030-01-02")
    changelog = (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.index(f"## {following} — 2030-01-02") < changelog.index(f"## {version} ")
    assert editions.TO_WRITE in changelog  # the skeleton waits for the maintainer's words

    # Re-recording the untagged version keeps the prose and makes the rest afresh.
    (tmp_path / "CHANGELOG.md").write_text(changelog.replace(editions.TO_WRITE, "- A note."))
    release.main([following, "--root", str(tmp_path), "--date", "2030-01-03"])
    changelog = (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {following} — 2030-01-03\n\n- A note.\n" in changelog
    assert changelog.count(f"## {following} ") == 1
    assert [r["version"] for r in editions.releases(tmp_path)].count(following) == 1

    # Tagged, it is final: the next change needs the next version. Uncommitted, it is not tagged.
    with pytest.raises(SystemExit, match="Commit the release first"):
        release.main(["--tag", "--root", str(tmp_path)])
    subprocess.run(git + ["add", "-A"], cwd=tmp_path, check=True)
    subprocess.run(git + ["commit", "-qm", "release"], cwd=tmp_path, check=True)
    release.main(["--tag", "--root", str(tmp_path)])
    assert f"v{following}" in release._tags(tmp_path)
    with pytest.raises(SystemExit, match="was released and tagged"):
        release.main([following, "--root", str(tmp_path)])
    with pytest.raises(SystemExit, match="is not after"):
        release.main([version, "--root", str(tmp_path)])


def test_the_data_error_form_lists_every_dataset():
    form = yaml.safe_load((ROOT / release.ISSUE_TEMPLATE).read_text(encoding="utf-8"))
    fields = {item.get("id"): item for item in form["body"]}
    assert fields["dataset"]["attributes"]["options"] == release.dataset_options(ROOT), (
        "run make release to bring the data-error form's datasets up to date")
    for wanted in ("row", "wrong", "source"):
        assert fields[wanted]["validations"]["required"]


def test_address_comes_from_the_repository():
    assert address({}) == ("", "")  # nothing invented while the repository is unknown
    assert address({"COMPANION_REPOSITORY": "Example-Org/companion"}) == (
        "https://example-org.github.io/companion/", "https://github.com/Example-Org/companion")
    assert address({"COMPANION_REPOSITORY": "example-org/example-org.github.io"})[0] == \
        "https://example-org.github.io/"
    assert address({"COMPANION_REPOSITORY": "a/b", "COMPANION_BASEURL": "https://books.example.org/x"})[0] == \
        "https://books.example.org/x/"
    with pytest.raises(ValueError):
        address({"COMPANION_REPOSITORY": "not a repository"})


# --- the publishing workflow ------------------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


def _actionlint(path):
    binary = shutil.which("actionlint", path=str(ROOT / ".venv" / "bin")) or shutil.which("actionlint")
    if binary is None:
        pytest.fail("actionlint is not installed: pip install -r requirements.txt")
    return subprocess.run([binary, "-no-color", str(path)], capture_output=True, text=True)


def test_workflow_passes_actionlint():
    result = _actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("${{ github.repository }}", "${{ github.repositry }}"))
    assert _actionlint(broken).returncode != 0


def test_workflow_builds_with_the_make_targets_and_publishes():
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = flow["jobs"]["build"]["steps"]
    assert any("bash .ci/run" in step.get("run", "") for step in steps)
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    uses = [s.get("uses", "") for job in flow["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert flow["jobs"]["build"]["env"]["COMPANION_REPOSITORY"] == "${{ github.repository }}"


# --- the built pages --------------------------------------------------------------------------

def _pages(site):
    return [p for p in sorted(site.rglob("*.html")) if "_static" not in p.parts and p.name != "index.html"]


def test_every_page_footer_names_the_version_and_links_the_edition(site):
    current = editions.latest()
    for path in _pages(site):
        text = path.read_text(encoding="utf-8")
        footer = re.search(r'<p class="edition">(.*?)</p>', text, flags=re.S)
        where = path.relative_to(site)
        assert footer, f"{where}: no edition line in the footer"
        assert f"Version {current['version']}, released {current['date']}" in footer.group(1)
        links = re.findall(r'href="([^"]+)"', footer.group(1))
        names = [path.name if link == "#" else link.split("/")[-1] for link in links]
        assert names == ["changes.html", pdf_name(), "how_to_cite.html", "corrections.html"], where
        for link in links:
            if link != "#" and not link.endswith(".pdf"):  # the PDF is there after make pdf (tests/test_pdf.py)
                assert (path.parent / link).resolve().exists(), f"{where}: {link}"


def test_changes_page_lists_the_data_changes_row_by_row(site):
    html = (site / "book" / "changes.html").read_text(encoding="utf-8")
    for current in editions.releases():
        assert f"Version {current['version']}, {current['date']}" in html
        assert current["data_tree"] in html
        for row in editions.read_changes(current["version"]) or []:
            if row["key"]:
                assert row["key"] in html, f"{current['version']}: {row['key']} not on the Changes page"
    latest = editions.latest()["version"]
    assert (site / "_downloads").exists() and any(
        p.read_bytes() == (ROOT / "changes" / f"{latest}.csv").read_bytes()
        for p in (site / "_downloads").rglob(f"{latest}.csv"))


def test_corrections_page_says_how_to_report_and_lists_errata(site):
    text = re.sub(r"<[^>]+>", " ", (site / "book" / "corrections.html").read_text(encoding="utf-8"))
    for words in ("dataset", "row id", "what is wrong", "the source that shows it", "Errata"):
        assert words in text
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for current in editions.releases():
        for fix in editions.errata(editions.read_changes(current["version"]) or [], package):
            assert fix["key"] in text
