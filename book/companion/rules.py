"""Domain rules that a Table Schema cannot express. Each rule reads the CSV rows with their line
numbers and yields a Problem naming file, line, column and rule."""
import csv
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import parse_file

from companion.paths import shown

EARLIEST_YEAR = 1850  # the book's story starts with the 1855 Treaty of Shimoda
DATE_FORMS = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self):
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: rule '{self.rule}': {self.message}"


def read_rows(path):
    """Yield (line number, row) pairs; the line number is where the row ends in the file."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, row


def bibliography_keys(package, base):
    bib = base / package.get("bibliography", "../references.bib")
    return set(parse_file(str(bib), bib_format="bibtex").entries.keys())


def cited_keys(row):
    keys = []
    for column in ("source", "sources", "intermediary"):
        keys += [(column, k.strip()) for k in (row.get(column) or "").split(";") if k.strip()]
    return keys


def keys_are_known(file, rows, known, rule, missing):
    """Every key a row cites is among known; missing says where it should have been."""
    for line, row in rows:
        for column, key in cited_keys(row):
            if key not in known:
                yield Problem(file, line, column, rule, f"'{key}' is not {missing}")


def registry_kinds(package, base):
    """key -> kind from the source registry (data/sources.csv); empty if there is none."""
    for res in package["resources"]:
        if res["name"] == "sources" and (base / res["path"]).exists():
            return {row["key"]: row["kind"] for _, row in read_rows(base / res["path"])}
    return {}


# How a row's figure was read (the reading column of the factual tables).
IN_WORK, SECOND_HAND, ENCYCLOPEDIA_ONLY = "in_work", "second_hand", "encyclopedia_only"


def verdicts_rest_on_no_encyclopedia(file, rows, kinds):
    """A wiki can point to a work, never stand in for it as the evidence of a verdict."""
    for line, row in rows:
        if row.get("verdict", "interpretation") == "interpretation":
            continue
        for key in filter(None, row.get("sources", "").split(";")):
            if kinds.get(key) == "encyclopedia":
                yield Problem(file, line, "sources", "no encyclopedia behind a verdict",
                              f"'{key}' is an encyclopedia: cite the work it points to")


def reading_is_declared(file, rows, kinds):
    """A wiki is never silently a row's source; a second-hand reading names its intermediary."""
    for line, row in rows:
        if "reading" not in row:
            return
        kind, reading = kinds.get(row["source"]), row["reading"]
        if kind == "encyclopedia" and reading != ENCYCLOPEDIA_ONLY:
            yield Problem(file, line, "reading", "encyclopedia source is declared",
                          f"'{row['source']}' is an encyclopedia: cite the work behind it, or "
                          f"write reading '{ENCYCLOPEDIA_ONLY}'")
        if reading == ENCYCLOPEDIA_ONLY and kind and kind != "encyclopedia":
            yield Problem(file, line, "reading", "encyclopedia source is declared",
                          f"reading '{ENCYCLOPEDIA_ONLY}' but '{row['source']}' is a {kind}")
        if reading == SECOND_HAND and not row.get("intermediary", "").strip():
            yield Problem(file, line, "intermediary", "second-hand names its intermediary",
                          "reading 'second_hand' needs the key of the work it was read through")


def registry_matches_bibliography(package, base, known_keys):
    for res in package["resources"]:
        if res["name"] == "sources" and (base / res["path"]).exists():
            path = base / res["path"]
            listed = set()
            for line, row in read_rows(path):
                listed.add(row["key"])
                if row["key"] not in known_keys:
                    yield Problem(shown(path), line, "key", "registry matches references.bib",
                                  f"'{row['key']}' is not a key in references.bib")
            for key in sorted(known_keys - listed):
                yield Problem(shown(path), None, "key", "registry matches references.bib",
                              f"references.bib entry '{key}' is not classified here")


def date_columns(fields):
    return [f for f in fields if f + "_precision" in fields]


def precision_matches_date(file, rows, fields):
    this_year = datetime.date.today().year
    for line, row in rows:
        for column in date_columns(fields):
            value, precision = row[column], row[column + "_precision"]
            if not value:
                if precision:
                    yield Problem(file, line, column + "_precision", "precision needs a date",
                                  f"precision '{precision}' given but '{column}' is empty")
                continue
            form = DATE_FORMS.get(precision)
            if form is None or not re.fullmatch(form, value):
                yield Problem(file, line, column, "date matches its precision",
                              f"'{value}' is not written as precision '{precision}' requires")
                continue
            try:
                datetime.date.fromisoformat((value + "-01-01")[:10])
            except ValueError:
                yield Problem(file, line, column, "date exists", f"'{value}' is not a real date")
                continue
            if not EARLIEST_YEAR <= int(value[:4]) <= this_year:
                yield Problem(file, line, column, "date in range",
                              f"'{value}' is outside {EARLIEST_YEAR}–{this_year}")


def end_not_before_start(file, rows, fields):
    pairs = [(s, e) for s in date_columns(fields) for e in date_columns(fields)
             if (s, e) in {("date", "end_date"), ("start_date", "end_date")}]
    for line, row in rows:
        for start, end in pairs:
            # Compare only as far as both are known: '1945-08' is not before '1945-08-09'.
            n = min(len(row[start]), len(row[end]))
            if row[start] and row[end] and row[end][:n] < row[start][:n]:
                yield Problem(file, line, end, "end not before start",
                              f"'{row[end]}' is before {start} '{row[start]}'")


def low_value_high(file, rows, fields):
    if not {"value_low", "value_high"} <= set(fields):
        return
    for line, row in rows:
        present = [(c, float(row[c])) for c in ("value_low", "value", "value_high")
                   if row.get(c) and _is_number(row[c])]
        for (a, x), (b, y) in zip(present, present[1:]):
            if x > y:
                yield Problem(file, line, b, "value_low <= value <= value_high",
                              f"{b} {row[b]} is below {a} {row[a]}")
        if not present and "value" in fields:
            yield Problem(file, line, "value", "a value or a range",
                          "value, value_low and value_high are all empty")


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False  # the schema check reports the wrong type


# A total and the ways sources break it down. Parts of one estimate never add up to more than its
# total (the same conflict, belligerent, source and basis).
PARTS_OF = {
    "total_casualties": (("irrecoverable_losses", "sanitary_losses"),
                         ("killed", "died_of_wounds", "missing", "captured", "wounded", "sick"),
                         ("killed_and_wounded", "missing", "captured", "sick")),
    "killed_and_wounded": (("killed", "died_of_wounds", "wounded"),),
    "irrecoverable_losses": (("killed", "died_of_wounds", "missing", "captured"),),
    "sanitary_losses": (("wounded", "sick"),),
    "total_deaths": (("military_deaths", "civilian_deaths"),),
    "civilian_deaths": (("settler_deaths",), ("evacuee_deaths_at_sea",)),
}


def _bounds(row):
    """(lowest, highest) a row allows: its value, or the ends of its range."""
    numbers = [int(row[c]) for c in ("value", "value_low", "value_high") if row[c].isdigit()]
    return (min(numbers), max(numbers)) if numbers else None


def parts_within_totals(file, rows, fields):
    groups = {}
    for line, row in rows:
        key = (row["conflict_id"], row["belligerent"], row["source"], row["basis"])
        groups.setdefault(key, []).append((line, row))
    for members in groups.values():
        for line, total in members:
            for parts in PARTS_OF.get(total["category"], ()):
                found = [(n, r) for n, r in members if r["category"] in parts and _bounds(r)]
                if not found or not _bounds(total):
                    continue
                smallest_sum = sum(_bounds(r)[0] for _, r in found)
                if smallest_sum > _bounds(total)[1]:
                    listed = ", ".join(f"{r['category']} {_bounds(r)[0]} (line {n})" for n, r in found)
                    yield Problem(file, line, "value", "parts <= total",
                                  f"{total['category']} {_bounds(total)[1]} is less than its parts: "
                                  f"{listed}, together {smallest_sum}")


# The essay is quoted only in the few words a claim turns on.
MAX_QUOTE_WORDS = 15
MAX_QUOTED_WORDS_IN_ALL = 250  # under a fifth of the essay's 1,135 words


def quotes_are_short(file, rows, fields):
    total = 0
    for line, row in rows:
        words = len(row["quote"].split())
        total += words
        if words > MAX_QUOTE_WORDS:
            yield Problem(file, line, "quote", f"quote <= {MAX_QUOTE_WORDS} words",
                          f"the quotation has {words} words")
    if total > MAX_QUOTED_WORDS_IN_ALL:
        yield Problem(file, None, "quote", f"quotes together <= {MAX_QUOTED_WORDS_IN_ALL} words",
                      f"the quotations add up to {total} words")


# An instrument is quoted only in the words a provision rests on. Japanese and Chinese are written
# without spaces between words, so there the limit is counted in characters.
MAX_PROVISION_WORDS = 20
MAX_PROVISION_CHARACTERS = 40  # for quotations in Japanese or Chinese
UNSPACED_LANGUAGES = {"ja", "zh"}


def quotation_length(text, language):
    """(size, unit, limit) of a quotation: words for spaced scripts, characters for ja and zh."""
    if language in UNSPACED_LANGUAGES:
        return len("".join(text.split())), "characters", MAX_PROVISION_CHARACTERS
    return len(text.split()), "words", MAX_PROVISION_WORDS


def provisions_are_quoted_briefly(file, rows, fields):
    for line, row in rows:
        quotation = row["quotation"].strip()
        if not quotation:
            if not row["notes"].strip():
                yield Problem(file, line, "notes", "a quotation or a note saying why not",
                              "the quotation is empty and notes does not say why")
            continue
        if not row["quotation_language"]:
            yield Problem(file, line, "quotation_language", "a quotation names its language",
                          "the quotation has no quotation_language")
        size, unit, limit = quotation_length(quotation, row["quotation_language"])
        if size > limit:
            yield Problem(file, line, "quotation", f"quotation <= {MAX_PROVISION_WORDS} words",
                          f"the quotation has {size} {unit}; the limit is {limit}")


def verdicts_have_sources(file, rows, fields):
    for line, row in rows:
        if row["verdict"] == "interpretation":
            continue
        if not row["sources"].strip():
            yield Problem(file, line, "sources", "a source for every verdict",
                          f"verdict '{row['verdict']}' needs at least one source")
        if "evidence_read" in row and not row["evidence_read"]:
            yield Problem(file, line, "evidence_read", "a verdict says how its evidence was read",
                          f"verdict '{row['verdict']}' needs in_work, second_hand or not_read")


def _day(text, missing):
    """An ISO date of any precision as a comparable YYYY-MM-DD string: '1917-09' -> '1917-09-01'."""
    return (text + "-01-01"[len(text) - 4:]) if text else missing


def periods_do_not_overlap(file, rows, fields):
    """One holder's periods for one territory never overlap (a claim may run beside anything),
    and no two states hold sovereignty over one territory at the same time."""
    periods = [(line, row, _day(row["start_date"], ""), _day(row["end_date"], "9999-12-31"))
               for line, row in rows]
    for i, (line, row, start, end) in enumerate(periods):
        for other_line, other, other_start, other_end in periods[:i]:
            if row["territory_id"] != other["territory_id"]:
                continue
            if not (start < other_end and other_start < end):
                continue  # periods run up to, not including, their end: touching is fine
            same_holder = row["holder"] == other["holder"] and "claim" not in (row["kind"], other["kind"])
            two_sovereigns = row["kind"] == other["kind"] == "sovereignty"
            if same_holder or two_sovereigns:
                yield Problem(file, line, "start_date", "periods do not overlap",
                              f"{row['holder']} {row['kind']} {row['start_date']}–{row['end_date']} "
                              f"overlaps {other['holder']} {other['kind']} {other['start_date']}–"
                              f"{other['end_date']} (line {other_line}) in {row['territory_id']}")


def areas_are_positive(file, rows, fields):
    for line, row in rows:
        if _is_number(row["area_km2"]) and float(row["area_km2"]) <= 0:
            yield Problem(file, line, "area_km2", "area > 0", f"area {row['area_km2']} is not positive")


GENERIC_RULES = (precision_matches_date, end_not_before_start, low_value_high)
RESOURCE_RULES = {
    "casualties": (parts_within_totals,),
    "claims": (quotes_are_short, verdicts_have_sources),
    "instrument_provisions": (provisions_are_quoted_briefly,),
    "sovereignty": (periods_do_not_overlap,),
    "territory_areas": (areas_are_positive,),
}
# namespace in a related_ids cell -> (resource, key field) it refers to
RELATED = {"event": ("events", "event_id"), "conflict": ("conflicts", "conflict_id"),
           "territory": ("territories", "territory_id"), "force": ("forces", "estimate_id")}


# Columns whose cells point at rows of other tables as namespace:id, several separated by ';'.
REFERENCE_COLUMNS = ("related_ids", "start_instrument", "end_instrument")


def related_ids_resolve(package, base):
    """Each namespace:id in a reference column names a row that exists."""
    paths = {res["name"]: base / res["path"] for res in package["resources"]}
    known = {}
    for namespace, (name, key) in RELATED.items():
        if name in paths and paths[name].exists():
            known[namespace] = {row[key] for _, row in read_rows(paths[name])}
    for res in package["resources"]:
        columns = [f["name"] for f in res["schema"]["fields"] if f["name"] in REFERENCE_COLUMNS]
        if not columns or not paths[res["name"]].exists():
            continue
        for line, row in read_rows(paths[res["name"]]):
            for column in columns:
                for ref in filter(None, row[column].split(";")):
                    namespace, _, ident = ref.partition(":")
                    if ident not in known.get(namespace, set()):
                        yield Problem(shown(paths[res["name"]]), line, column,
                                      "related ids resolve", f"'{ref}' names no row in the data")


MIN_GRADINGS = 2  # every claim is graded independently at least twice


def claims_are_graded_twice(package, base):
    """Every claim has at least two independent gradings, and where the graders disagree the
    claim's adjudication column says how the final verdict was decided."""
    paths = {res["name"]: base / res["path"] for res in package["resources"]}
    if not {"claims", "claim_gradings"} <= set(paths) or not all(
            paths[name].exists() for name in ("claims", "claim_gradings")):
        return
    gradings = {}
    for line, row in read_rows(paths["claim_gradings"]):
        gradings.setdefault(row["claim_id"], []).append((line, row["verdict"]))
    for line, claim in read_rows(paths["claims"]):
        graded = gradings.get(claim["claim_id"], [])
        if len(graded) < MIN_GRADINGS:
            where = (shown(paths["claim_gradings"]), graded[-1][0]) if graded else (
                shown(paths["claims"]), line)
            yield Problem(*where, "claim_id", f"at least {MIN_GRADINGS} gradings per claim",
                          f"claim {claim['claim_id']} has {len(graded)} grading(s)")
        verdicts = {verdict for _, verdict in graded}
        agreed = len(verdicts) == 1
        if len(graded) >= MIN_GRADINGS and (not agreed or claim["verdict"] not in verdicts) \
                and "rule" not in claim.get("adjudication", "").lower():
            yield Problem(shown(paths["claims"]), line, "adjudication", "adjudication names its rule",
                          f"the graders gave {sorted(verdicts)} and the final verdict is "
                          f"'{claim['verdict']}': say which rubric rule decided it")


def rule_problems(package, base):
    """Run every generic rule on every resource of the package."""
    base = Path(base)
    try:
        known_keys = bibliography_keys(package, base)
    except Exception as error:  # pybtex's parse errors: say which file, not a traceback
        bib = shown(base / package.get("bibliography", "../references.bib"))
        return [Problem(bib, None, None, "valid BibTeX", str(error))]
    kinds = registry_kinds(package, base)
    found = list(registry_matches_bibliography(package, base, known_keys))
    for res in package["resources"]:
        path = base / res["path"]
        if not path.exists():
            continue  # the schema check reports the missing file
        file = shown(path)
        fields = [f["name"] for f in res["schema"]["fields"]]
        rows = list(read_rows(path))
        found += keys_are_known(file, rows, known_keys, "source in references.bib",
                                "a key in references.bib")
        found += keys_are_known(file, rows, kinds, "source in registry",
                                "classified in data/sources.csv")
        found += reading_is_declared(file, rows, kinds)
        found += verdicts_rest_on_no_encyclopedia(file, rows, kinds)
        for rule in GENERIC_RULES + RESOURCE_RULES.get(res["name"], ()):
            found += rule(file, rows, fields)
    found += related_ids_resolve(package, base)
    found += claims_are_graded_twice(package, base)
    return found
