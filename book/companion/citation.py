"""Citations of the book, a chapter, a figure or a dataset, made from CITATION.cff (who and
what), releases.json (which version, released when: the one place a version is written) and the
repository the book is built from (its public address, once there is one)."""
import os
import re
from functools import lru_cache

import yaml

from companion.editions import latest
from companion.paths import CITATION, CONFIG

# Set by the publishing workflow from the repository it runs in (see .github/workflows/book.yml):
# COMPANION_REPOSITORY is "owner/name"; COMPANION_BASEURL is the Pages address GitHub reports.
REPOSITORY_VARIABLE = "COMPANION_REPOSITORY"
BASEURL_VARIABLE = "COMPANION_BASEURL"


def address(environ=None):
    """(public address of the book, address of its repository), each '' while unknown. Taken from
    the repository at build time, else from _config.yml; never guessed."""
    environ = os.environ if environ is None else environ
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    base = environ.get(BASEURL_VARIABLE, "") or (config.get("html") or {}).get("baseurl") or ""
    repository = (config.get("repository") or {}).get("url") or ""
    name = environ.get(REPOSITORY_VARIABLE, "")
    if name:
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", name):
            raise ValueError(f"{REPOSITORY_VARIABLE}={name!r} is not 'owner/name'")
        owner, project = name.split("/")
        repository = f"https://github.com/{name}"
        if not environ.get(BASEURL_VARIABLE):  # GitHub Pages' address for a project repository
            host = f"{owner.lower()}.github.io"
            base = f"https://{host}/" if project.lower() == host else f"https://{host}/{project}/"
    if base and not base.endswith("/"):
        base += "/"
    return base, repository


@lru_cache(maxsize=None)
def book():
    cff = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    release = latest()
    base, repository = address()
    return {
        "title": cff["title"],
        "authors": [a.get("name") or f"{a['family-names']}, {a['given-names']}"
                    for a in cff["authors"]],
        "version": release["version"],
        "date": release["date"],
        "url": base,
        "repository": repository,
    }


def citation_key():
    """The BibTeX key of the book: the same on the How to cite page and in CITATION.cff's BibTeX."""
    return "sovietpacificwar" + book()["date"][:4]


def pdf_name(version=None):
    """The file name of the whole-book PDF of a version, at the root of the built site."""
    return f"soviet-pacific-war-companion-{version or book()['version']}.pdf"


def page_url(path=""):
    """The public address of a page, or '' while the book has none."""
    base = book()["url"]
    return f"{base.rstrip('/')}/{path}" if base else ""


def _bibtex_author(name):
    # A group author goes in double braces so BibTeX does not split it into first and last names.
    return name if "," in name else "{" + name + "}"


def bibtex(key, entry_type, title, part=None, url=""):
    """One BibTeX entry for the book (part=None) or for a part of it (chapter, figure, dataset)."""
    meta = book()
    fields = {"author": " and ".join(_bibtex_author(a) for a in meta["authors"])}
    if part:
        fields["title"] = part
        fields["booktitle"] = title
    else:
        fields["title"] = title
    fields |= {"edition": f"Version {meta['version']}", "year": meta["date"][:4],
               "date": meta["date"]}
    if url:
        fields["url"] = url
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{entry_type}{{{key},\n{body}\n}}"


def author_date(part=None, kind="", url=""):
    """The same citation in an author–date style (Chicago-like)."""
    meta = book()
    who = "; ".join(meta["authors"])
    year = meta["date"][:4]
    where = f" {url}." if url else ""
    if part:
        return (f"{who}. {year}. “{part}” {kind}In *{meta['title']}*, version {meta['version']}, "
                f"released {meta['date']}.{where}")
    return f"{who}. {year}. *{meta['title']}*. Version {meta['version']}, released {meta['date']}.{where}"
