"""Labels the classifier is unsure of are marked in the report and carried in the JSONL.
The sentences are written for this test."""

from dataclasses import replace

from report_factory import make_analysis

from framing.analysis.article import analysis_to_record
from framing.analysis.claim_model import UNCERTAIN_BELOW
from framing.model import ClaimLabel
from framing.report.render import article_html, article_markdown


def _analysis():
    analysis = make_analysis([("会议周三举行。", "F"), ("这真是一场闹剧。", "E")])
    sure, unsure = analysis.sentences
    sentences = (
        replace(sure, confidence=0.93, rule_label=ClaimLabel.FACTUAL),
        replace(unsure, confidence=UNCERTAIN_BELOW - 0.1, rule_label=ClaimLabel.FACTUAL),
    )
    return replace(analysis, sentences=sentences)


def test_an_unsure_label_is_marked_in_html_and_markdown():
    analysis = _analysis()
    html = article_html(analysis)
    assert html.count('class="s s-E uncertain"') == 1 and "s-F uncertain" not in html
    assert '<span class="lab lab-E uncertain">E?</span>' in html
    assert "uncertain, p=0.50" in html and "p=0.93" in html
    lines = [line for line in article_markdown(analysis).splitlines() if line.startswith("- #")]
    assert lines[0].startswith("- #1 **[F]** ") and "uncertain" not in lines[0]
    assert lines[1].startswith("- #2 **[E?]** (uncertain, p=0.50) ")


def test_the_jsonl_carries_the_probability_and_the_rules_label():
    record = analysis_to_record(_analysis())
    first, second = record["sentences"]
    assert (first["confidence"], first["rule_label"]) == (0.93, "F")
    assert second["label"] == "E" and second["rule_label"] == "F"
