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
