"""CITATION.cff's preferred citation as BibTeX, through cffconvert's own converter.

Run it with the Python of the separate tool environment that has cffconvert (it pins an old
jsonschema that the book's environment cannot have): tests/test_citation_cff.py makes one in
.venv-tools/cffconvert. Usage: python scripts/cff_bibtex.py CITATION.cff KEY

cffconvert 2.0.0 (its latest release) validates the file and converts its authors, title, URL
and date, but always writes the placeholder key YourReferenceHere, always @misc, never the
version, and leaves a group author unbraced, so that BibTeX reads "The research companion's
contributors" as a person whose surname is "contributors". This adds what it lacks, and nothing
else: the key given, the preferred citation's type, the version, and braces round a group author.
"""
import sys

from cffconvert.behavior_1_2_x.bibtex_object import BibtexObject
from cffconvert.cli.create_citation import create_citation

TYPES = {"book": "book", "software": "software", "dataset": "misc", "article": "article"}


class PreferredCitationBibtex(BibtexObject):
    def add_author(self):
        super().add_author()
        groups = [a["name"] for a in self.cffobj.get("authors", []) if "name" in a and
                  "family-names" not in a]
        for name in groups:
            self.author = self.author.replace(name, "{" + name + "}")
        return self


def main(path, key):
    citation = create_citation(path, None)
    citation.validate()
    cff = citation.cffobj
    preferred = dict(cff.get("preferred-citation", cff), **{"cff-version": cff["cff-version"]})
    entry = PreferredCitationBibtex(preferred).as_string(reference=key)
    kind = TYPES.get(preferred.get("type"), "misc")
    entry = entry.replace("@misc{", "@" + kind + "{", 1)
    if "version" in preferred:
        entry = entry.rstrip().removesuffix("}").rstrip() + f",\nversion = {{{preferred['version']}}}\n}}\n"
    sys.stdout.write(entry)


if __name__ == "__main__":
    main(*sys.argv[1:3])
