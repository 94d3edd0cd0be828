"""One claim label per sentence (A / E / F / H / X), with its evidence and a readable reason.

The labels are ../shared/eval/ANNOTATION.md's:

- ``H`` the title and headings, ``X`` every other non-body paragraph (captions, bylines,
  datelines, link lists, disclaimers, footers);
- ``A`` the main proposition is put in a source's mouth: a speaker with a reporting verb
  (``lexicons/attribution.tsv`` types neutral, assertive, distancing, cognitive, disclosure,
  and stance verbs before a clause or quotation), a frame (``据{src}报道``), a quotation whose
  speaker is in the sentence or next to it, or a sentence inside a multi-sentence quotation;
  unless the writer adds an inference of their own after it (``…，明显暗示…``: ``E``);
- ``E`` the writer's own voice: rhetorical questions, modal judgements, predictions,
  comparisons, motive-reading (``judgement`` cues), scare quotes, loaded terms and boosters;
- ``F`` a checkable description with none of the above.

The package, in the order a sentence is read:

- ``cues``: the lexicons compiled into the regexes the rules read (``claim_cues``);
- ``attribution``: the frame or speaker and reporting verb that opens a sentence;
- ``editorial``: the writer's cues, scare quotes, an inference after an attribution;
- ``context``: what the rules read and return (``SentenceContext``, ``Decision``, ``Draft``);
- ``label_rules``: the labeller, an ordered tuple of small named rules (``RULES``);
- ``annotate``: an article's sentences in reading order, its quotations and sources
  (``annotate_claims``, the entry point; ``ClaimAnnotation`` carries the result).
"""

from framing.analysis.claims.annotate import ClaimAnnotation, annotate_claims, claims_record
from framing.analysis.claims.context import Decision, RuleKind
from framing.analysis.claims.cues import ClaimCues, claim_cues
from framing.analysis.claims.label_rules import RULES

__all__ = [
    "RULES",
    "ClaimAnnotation",
    "ClaimCues",
    "Decision",
    "RuleKind",
    "annotate_claims",
    "claim_cues",
    "claims_record",
]
