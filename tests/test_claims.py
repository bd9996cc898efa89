"""The claim ledger quotes the essay exactly, and only in short passages.

The essay is not part of the repository. Where its text lies beside the project (../shared/essay/,
as on the developers' machines and in CI), each quotation is checked against the paragraph it is
attributed to; elsewhere the check is skipped, saying why.
"""
from pathlib import Path

import pytest

from companion import load_table
from companion.rules import MAX_QUOTED_WORDS_IN_ALL, MAX_QUOTE_WORDS
from conftest import ROOT

ESSAYS = sorted((ROOT.parent / "shared" / "essay").glob("*.txt"))


def essay_paragraphs():
    """The essay body split into paragraphs on blank lines, the author's note left out."""
    text = ESSAYS[0].read_text(encoding="utf-8").split("About Jeff Mankoff")[0]
    return [p.strip() for p in text.split("\n\n") if p.strip()]


@pytest.mark.skipif(not ESSAYS, reason="the essay's text is not beside the project (../shared/essay)")
def test_every_quotation_is_verbatim_in_its_paragraph():
    paragraphs = essay_paragraphs()
    for claim in load_table("claims").itertuples():
        assert claim.paragraph <= len(paragraphs), f"{claim.claim_id}: no paragraph {claim.paragraph}"
        assert claim.quote in paragraphs[claim.paragraph - 1], (
            f"{claim.claim_id}: '{claim.quote}' is not in paragraph {claim.paragraph}")


@pytest.mark.skipif(not ESSAYS, reason="the essay's text is not beside the project (../shared/essay)")
def test_quotations_together_are_a_small_part_of_the_essay():
    essay_words = sum(len(p.split()) for p in essay_paragraphs())
    quoted = load_table("claims")["quote"].str.split().str.len().sum()
    assert quoted <= MAX_QUOTED_WORDS_IN_ALL < essay_words / 4, (quoted, essay_words)


def test_the_ledger_covers_every_paragraph_in_order():
    claims = load_table("claims")
    assert claims["paragraph"].is_monotonic_increasing
    assert set(claims["paragraph"]) == set(range(1, claims["paragraph"].max() + 1))
    assert claims["quote"].str.split().str.len().max() <= MAX_QUOTE_WORDS


def valued_claims():
    """Date and number claims with both a claimed and a record value, and how far apart they are."""
    from companion.agreement import SEVERITY, miss

    claims = load_table("claims").dropna(subset=["claimed_value", "record_value"])
    claims = claims[claims["verdict"].isin(list(SEVERITY))]
    return [(c.claim_id, c.claim_type, miss(c.claimed_value, c.record_value, c.claim_type),
             SEVERITY[c.verdict]) for c in claims.itertuples()]


def test_a_claim_that_matches_the_record_at_its_own_precision_is_supported():
    """Rubric rule 1: rounding and conventional dates are never marked down."""
    marked_down = [cid for cid, _, distance, severity in valued_claims()
                   if distance == 0 and severity > 0]
    assert not marked_down, f"match the record at their precision but are not supported: {marked_down}"


def test_a_claim_further_from_the_record_never_gets_the_milder_verdict():
    """Rubric rule 2: of two date (or two number) claims, the one that misses the record by more
    is graded at least as severely."""
    claims = valued_claims()
    for cid, kind, distance, severity in claims:
        for other, other_kind, other_distance, other_severity in claims:
            if kind == other_kind and distance < other_distance:
                assert severity <= other_severity, (
                    f"{cid} misses by {distance} yet is graded more severely than {other} "
                    f"(misses by {other_distance})")


def test_the_ledger_has_values_to_check_the_rules_on():
    kinds = {kind for _, kind, _, _ in valued_claims()}
    assert kinds == {"date", "number"} and len(valued_claims()) >= 10
