"""Read references.bib, the one list of every work the text and the data cite."""
import re
from functools import lru_cache

from pybtex.database import parse_file

from companion.paths import BIBLIOGRAPHY


@lru_cache(maxsize=None)
def entries(path=BIBLIOGRAPHY):
    return parse_file(str(path), bib_format="bibtex").entries


def author_year(key):
    """'Coox 1985', 'Glantz and House 2003', 'Hasegawa et al. 2005' or 'Wikipedia n.d.'; two works
    that would print the same get the year's letters: 'Mankoff 2015a', 'Mankoff 2015b'."""
    return f"{_who(key)} {years()[key]}"


def undisambiguated(key):
    """The label without the letter that tells it from another work: 'Wikipedia n.d.'."""
    return f"{_who(key)} {_year(key)}"


def _year(key):
    return entries()[key].fields.get("year", "n.d.")


@lru_cache(maxsize=None)
def years():
    """{key: the year as citations print it}: a letter is added when two works by the same authors
    share a year, in the order of their titles (2015a, 2015b; n.d.-a, n.d.-b as APA writes
    undated works), as author-year styles do."""
    groups = {}
    for key in entries():
        groups.setdefault((_who(key), _year(key)), []).append(key)
    shown = {}
    for (_, year), keys in groups.items():
        if len(keys) == 1:
            shown[keys[0]] = year
            continue
        keys.sort(key=lambda k: (_sortable(entries()[k].fields.get("title", "")), k))
        for index, key in enumerate(keys):
            shown[key] = year + ("-" if year == "n.d." else "") + _letters(index)
    return shown


def _sortable(title):
    """A title as author-year lists order it: braces and a leading article left out."""
    title = title.replace("{", "").replace("}", "").lower()
    return re.sub(r"^(the|a|an) ", "", title)


def _letters(index):
    """a, b, …, z, aa, ab, …: as many letters as a group of same-label works needs."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[rest] + letters
    return letters


def _who(key):
    entry = entries()[key]
    if "shortauthor" in entry.fields:  # a Latin-script form for works by non-Latin names
        return entry.fields["shortauthor"]
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
    names = [name.removesuffix(" contributors") for name in names]  # 'Wikipedia contributors'

    if not names:  # a group author, or a web page: name its publisher
        f = entry.fields
        names = [f.get("organization") or f.get("institution") or f.get("publisher")
                 or f.get("howpublished") or f.get("title", key)]
    return names[0] if len(names) == 1 else (
        " and ".join(names) if len(names) == 2 else f"{names[0]} et al.")
