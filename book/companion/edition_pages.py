"""The text of the Changes page and of the errata list (on the Corrections page), as MyST
Markdown, made at build time from releases.json, CHANGELOG.md and changes/<version>.csv."""
import json
import re

from companion.editions import (BLOCK_END, BLOCK_START, changelog_sections, errata, read_changes,
                                releases, summary)
from companion.citation import book
from companion.paths import ROOT

COLUMNS = {"added": "rows added", "removed": "rows removed", "changed": "rows changed",
           "column_added": "columns added", "column_removed": "columns removed",
           "dataset_added": "new dataset", "dataset_removed": "dataset removed",
           "file_added": "files added", "file_removed": "files removed",
           "file_changed": "files changed"}


def cell(value):
    """A value shown in a Markdown table cell exactly as it is in the CSV."""
    if value == "":
        return "*(empty)*"
    value = str(value).replace("\n", " ")
    return re.sub(r"([\\`*_{}\[\]<>()#+!|$~^])", r"\\\1", value)


def _prose(version):
    """What CHANGELOG.md says of a version, without the generated summary."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    heading, body = changelog_sections(text).get(version, ("", ""))
    start = BLOCK_START.format(version=version)
    if start in body:
        before, _, rest = body.partition(start)
        body = before + rest.partition(BLOCK_END)[2]
    return body.strip()


def _summary_table(rows):
    counts = summary(rows)
    kinds = [k for k in COLUMNS if any(k in c for c in counts.values())]
    out = ["| dataset | " + " | ".join(COLUMNS[k] for k in kinds) + " |",
           "|---|" + "---:|" * len(kinds)]
    for dataset, changes in counts.items():
        out.append(f"| `{dataset}` | " + " | ".join(str(changes.get(k, "")) for k in kinds) + " |")
    return out


def _dataset_details(dataset, rows):
    """One dataset's changes: what happened to the dataset, its columns and its files, and then,
    folded, its rows (a version can change hundreds; a reader opens the datasets they need)."""
    out = [f"#### `{dataset}`", ""]
    for change in ("dataset_added", "dataset_removed"):
        for row in (r for r in rows if r["change"] == change):
            out += [f"{COLUMNS[change].capitalize()}: {row['new_value'] or row['old_value']}.", ""]
    for change in ("column_added", "column_removed"):
        fields = [f"`{r['field']}`" for r in rows if r["change"] == change]
        if fields:
            out += [f"{COLUMNS[change].capitalize()} (every row has a value in the new version): "
                    + ", ".join(fields) + ".", ""]
    files = [r for r in rows if r["change"].startswith("file_")]
    if files:
        out += ["Other files: " + "; ".join(f"`{r['key']}` ({r['change'].split('_')[1]})"
                                            for r in files) + ".", ""]
    folded, counts = [], []
    added = [r["key"] for r in rows if r["change"] == "added"]
    if added:
        counts.append(f"{len(added)} rows added")
        folded += [f"Rows added ({len(added)}), by key: " + ", ".join(f"`{k}`" for k in added) + ".", ""]
    changed = [r for r in rows if r["change"] == "changed"]
    if changed:
        counts.append(f"{len(changed)} values changed")
        folded += [f"Values changed ({len(changed)}):", "", "| key | field | was | now |", "|---|---|---|---|"]
        folded += [f"| `{r['key']}` | `{r['field']}` | {cell(r['old_value'])} | {cell(r['new_value'])} |"
                   for r in changed] + [""]
    removed = [r for r in rows if r["change"] == "removed"]
    if removed:
        removed_rows = len({r["key"] for r in removed})  # one change per field of each row
        counts.append(f"{removed_rows} rows removed")
        folded += [f"Rows removed ({removed_rows}), with the values they had:", "",
                   "| key | field | value |", "|---|---|---|"]
        folded += [f"| `{r['key']}` | `{r['field']}` | {cell(r['old_value'])} |" for r in removed] + [""]
    if folded:
        out += [f":::{{folded}} Row by row: {', '.join(counts)}", *folded, ":::", ""]
    return out


def changes_page(link_prefix="../"):
    """Every version, newest first: what CHANGELOG.md says of it, the digest that pins its data,
    and its data changes row by row. link_prefix leads from the page to the repository root."""
    out = []
    history = releases()
    for release in reversed(history):
        version = release["version"]
        out += [f"## Version {version}, {release['date']}", ""]
        where = (f"commit `{release['commit'][:7]}`, " if release.get("commit") else "")
        out += [f"Data digest: `{release['data_tree']}` ({where}the Git tree id of `data/`; "
                f"`git rev-parse v{version}:data` prints it for the tagged release).", ""]
        prose = _prose(version)
        if prose:
            out += [prose, ""]
        rows = read_changes(version)
        if rows is None:
            out += ["The first recorded version: there is no earlier data to compare it with.", ""]
            continue
        out += [f"### Data changes since {release.get('previous')}", ""]
        out += [f"Row by row below, and as a table to download: "
                f"{{download}}`changes/{version}.csv <{link_prefix}changes/{version}.csv>` (one "
                f"row per change: dataset, key, change, field, old value, new value).", ""]
        if not rows:
            out += ["No data changed.", ""]
            continue
        out += _summary_table(rows) + [""]
        datasets = list(dict.fromkeys(r["dataset"] for r in rows if r["dataset"]))
        for dataset in datasets:
            out += _dataset_details(dataset, [r for r in rows if r["dataset"] == dataset])
        other = [r for r in rows if not r["dataset"]]
        if other:
            out += _dataset_details("other files", other)
    return "\n".join(out)


def errata_page():
    """The errata list: figures a published version gave that a later version corrected."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    out = []
    for release in reversed(releases()):
        rows = read_changes(release["version"]) or []
        fixes = errata(rows, package)
        if not fixes:
            continue
        out += [f"### Corrected in version {release['version']} ({release['date']})", "",
                "| dataset | key | field | was (in " + str(release.get("previous")) + ") | now |",
                "|---|---|---|---|---|"]
        for r in fixes:
            now = cell(r["new_value"]) if r["change"] == "changed" else "*(row removed)*"
            out.append(f"| `{r['dataset']}` | `{r['key']}` | `{r['field']}` | {cell(r['old_value'])} | {now} |")
        out.append("")
    if not out:
        out = ["No published figure has been corrected yet.", ""]
    return "\n".join(out)


def report_links():
    """Links to the repository's issue forms, once the repository is known; nothing before."""
    repository = book()["repository"]
    if not repository:
        return ""
    return (f"- [Report a data error]({repository}/issues/new?template=data-error.yml)\n"
            f"- [Report an error in the text]({repository}/issues/new)\n")
