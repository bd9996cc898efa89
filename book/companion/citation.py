"""Citations of the book, a chapter, a figure or a dataset, all made from CITATION.cff (who,
what, which version, when) and _config.yml (the public address, once there is one)."""
from functools import lru_cache

import yaml

from companion.paths import CITATION, CONFIG


@lru_cache(maxsize=None)
def book():
    cff = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return {
        "title": cff["title"],
        "authors": [a.get("name") or f"{a['family-names']}, {a['given-names']}"
                    for a in cff["authors"]],
        "version": str(cff["version"]),
        "date": str(cff["date-released"]),
        "url": (config.get("html") or {}).get("baseurl") or "",
    }


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
