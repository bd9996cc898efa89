"""Write the packet a blind grader of the claim ledger works from (issue: two independent readings).

A grader sees only the rubric, each claim, its paragraph of the essay and the evidence: what the
record says and the works it rests on. The packet leaves out the current verdict, the notes, and
the verdict words that the ledger's own record text uses ("Correct:", "not graded"), so that the
grading is blind to the verdicts already given.

    python scripts/grading_packet.py ../shared/essay/<file>.txt OUT_DIR

The essay is not part of the repository; pass the path of a copy you hold.
"""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book"))

from companion import load_table  # noqa: E402
from companion.bibliography import author_year, entries  # noqa: E402
from companion.paths import DATA, ROOT  # noqa: E402

# Verdict words the record uses as openers or asides, and the neutral text put in their place.
VERDICT_WORDS = [
    (r"^(Correct|Partly right|Broadly right|Consistent with the record( as far as it goes)?|"
     r"Correct in outline|Correct as a statement of "
     r"Japan's position|Correct by the Moscow date)\s*:\s*", ""),
    (r"^'Nuclear armed' is supported:\s*", ""),
    (r"(Supported for all sides together, by a narrow margin|Broadly right for Sakhalin, loose "
     r"for the Kurils|Contested among historians, not settled by documents|The date is right but "
     r"the sequence is wrong)\.\s*", ""),
    (r"Graded imprecise, not inaccurate, because (.*)", r"Note: \1"),
    (r"[;,]?\s*(judgment, )?not graded\.?", "."),
    (r"so 'the following year' is right in itself; it reads wrongly only beside", "beside"),
    (r"The geography is right \(", "Geography: ("),
]


def neutral(text):
    for pattern, replacement in VERDICT_WORDS:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\.\.+", ".", text).strip()


def paragraphs(essay_path):
    """The essay's paragraphs, counted from 1, the author's note excluded (as claims.csv counts)."""
    blocks = [b.strip() for b in Path(essay_path).read_text(encoding="utf-8").split("\n\n")]
    blocks = [b for b in blocks if b]
    return blocks[: next(i for i, b in enumerate(blocks) if b.startswith("About "))]


def work(key, kinds):
    entry = entries()[key]
    return f"{author_year(key)}, *{entry.fields.get('title', key)}* [{kinds.get(key, '?')}]"


def packet(essay_path):
    kinds = dict(zip(*load_table("sources")[["key", "kind"]].T.values))
    essay = paragraphs(essay_path)
    lines = ["# Claims to grade", ""]
    for claim in load_table("claims").itertuples():
        lines += [f"## {claim.claim_id}", "",
                  f"- Paragraph {claim.paragraph}: {essay[claim.paragraph - 1]}",
                  f"- Words the claim turns on: \"{claim.quote}\"",
                  f"- Filed as: {claim.claim_type.replace('_', ' ')}",
                  f"- What the record says: {neutral(claim.record)}"]
        if isinstance(claim.sources, str):
            lines.append("- Works cited: " + "; ".join(work(k, kinds) for k in claim.sources.split(";")))
        lines += [f"- How the evidence was read: {neutral(claim.verified_via)}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    essay_path, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    (out / "claims_packet.md").write_text(packet(essay_path), encoding="utf-8")
    (out / "rubric.md").write_text((ROOT / "book" / "grading_rubric.md").read_text(encoding="utf-8"))
    print(f"wrote {out / 'claims_packet.md'} and the rubric from {DATA.parent.name}")
