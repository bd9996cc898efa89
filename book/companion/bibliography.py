"""Read references.bib, the one list of every work the text and the data cite."""
from functools import lru_cache

from pybtex.database import parse_file

from companion.paths import BIBLIOGRAPHY


@lru_cache(maxsize=None)
def entries(path=BIBLIOGRAPHY):
    return parse_file(str(path), bib_format="bibtex").entries


def author_year(key):
    """'Coox 1985', 'Glantz and House 2003', 'Hasegawa et al. 2005' or 'Wikipedia n.d.'."""
    entry = entries()[key]
    if "shortauthor" in entry.fields:  # a Latin-script form for works by non-Latin names
        return f"{entry.fields['shortauthor']} {entry.fields.get('year', 'n.d.')}"
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
    names = [name.removesuffix(" contributors") for name in names]  # 'Wikipedia contributors'

    if not names:  # a group author, or a web page: name its publisher
        f = entry.fields
        names = [f.get("organization") or f.get("institution") or f.get("publisher")
                 or f.get("howpublished") or f.get("title", key)]
    who = names[0] if len(names) == 1 else (
        " and ".join(names) if len(names) == 2 else f"{names[0]} et al.")
    return f"{who} {entry.fields.get('year', 'n.d.')}"
