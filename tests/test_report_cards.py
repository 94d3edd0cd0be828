"""Article cards and the visible "why": numbered sentences, the A/E/F mix, sources with the
sentences they carry, loaded terms split own voice / quoted with the lexicon's notes, markers,
unsure labels, excerpts; the article's HTML opens each reason on focus and prints it inline.

Every sentence is written for these tests; the lexicon entries come from the built-in files.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from report_factory import make_analysis

from framing.analysis.claim_model import UNCERTAIN_BELOW
from framing.analysis.terms import reported_spans, with_voice
from framing.lexicon import load_lexicons
from framing.model import ClaimLabel, Quote, SourceKind, TermHit, Voice
from framing.report.cards import OWN, QUOTED, article_card, card_summary, card_text, hit_voice
from framing.report.marks import term_notes
from framing.report.render import article_html, load_text, render_cards_html, render_cards_markdown


@pytest.fixture(scope="module")
def notes():
    return term_notes(load_lexicons())


def _entry(notes, category: str):
    """A built-in loaded term of ``category`` with a stance and a note, as the lexicon file has it."""
    return next(
        (term, note) for term, note in sorted(notes.items()) if note.category == category and note.stance
    )


def _analysis(notes):
    """Five sentences: a heading, an attributed claim quoting a loaded term, an editorial one using
    the same term in the writer's voice, a hedged factual one (unsure) and a scare quote."""
    term, entry = _entry(notes, "derogatory_label")
    sentences = [
        ("示例标题行", "H"),
        (f"发言人表示：“这是{term}。”", "A"),
        (f"这种{term}做法注定失败。", "E"),
        ("双方可能下周再谈。", "F"),
        ("所谓“合作”只是一句口号。", "E"),
    ]
    analysis = make_analysis(
        sentences, loaded=[(term, entry.category)], sources=[("发言人", SourceKind.OFFICIAL)]
    )
    text = analysis.article.text
    second = text.index(term, text.index(term) + 1)
    extra = TermHit(term, term, entry.category, second, second + len(term), 2)
    quote_start = text.index("“")
    quote = Quote(text[quote_start : text.index("”") + 1], quote_start, text.index("”") + 1, 1, "发言人")
    scare_start = text.index("“合作”")
    scare = Quote("“合作”", scare_start, scare_start + 4, 4, scare=True)
    hedge_at = text.index("可能")
    hedge = TermHit("可能", "可能", "hedge", hedge_at, hedge_at + 2, 3)
    sentences = list(analysis.sentences)
    sentences[3] = replace(sentences[3], confidence=UNCERTAIN_BELOW - 0.2, rule_label=ClaimLabel.FACTUAL)
    sources = (replace(analysis.sources[0], sentence_indices=(1,)),)
    spans = reported_spans(analysis.article, (quote, scare))  # voices set as the pipeline sets them
    analysis = replace(
        analysis,
        sentences=tuple(sentences),
        term_hits=with_voice((*analysis.term_hits, extra), sentences, spans),
        quotes=(quote, scare),
        marker_hits=with_voice((hedge,), sentences, spans),
        sources=sources,
    )
    return analysis, term, entry


def test_the_card_numbers_sentences_and_sums_up_the_mix(notes):
    analysis, _, _ = _analysis(notes)
    card = article_card(analysis, notes)
    assert [s.number for s in card.sentences] == [1, 2, 3, 4, 5]
    assert card.mix == (("A", 1, 0.25), ("E", 2, 0.5), ("F", 1, 0.25))
    assert card.other_sentences == 1
    assert [(s.name, s.kind, s.named, s.sentences) for s in card.sources] == [
        ("发言人", "official", True, (2,))
    ]
    assert [(s.number, s.label, s.confidence) for s in card.unsure] == [
        (4, "F", f"{UNCERTAIN_BELOW - 0.2:.2f}")
    ]


def test_loaded_terms_are_split_by_voice_with_the_lexicons_note(notes):
    analysis, term, entry = _analysis(notes)
    card = article_card(analysis, notes)
    assert [(t.term, t.voice, t.sentences) for t in card.quoted_terms] == [(term, QUOTED, (2,))]
    assert [(t.term, t.voice, t.sentences) for t in card.own_terms] == [(term, OWN, (3,))]
    own = card.own_terms[0]
    assert (own.category, own.stance, own.note) == (entry.category, entry.stance, entry.note)
    assert own.note  # the lexicon's column, read from the same file the matcher uses


def test_a_hit_is_own_voice_only_when_the_analysis_says_so(notes):
    analysis, _, _ = _analysis(notes)
    quoted_hit, own_hit = sorted(analysis.term_hits, key=lambda h: h.start)
    assert (hit_voice(quoted_hit), hit_voice(own_hit)) == (QUOTED, OWN)
    assert hit_voice(replace(own_hit, voice=Voice.ATTRIBUTED)) == QUOTED


def test_markers_and_scare_quotes_are_listed_with_their_sentences(notes):
    analysis, _, _ = _analysis(notes)
    card = article_card(analysis, notes)
    assert [(m.kind, m.text, m.sentences) for m in card.markers] == [
        ("hedge", "可能", (4,)),
        ("scare_quote", "“合作”", (5,)),
    ]


def test_excerpts_keep_the_highlighted_sentences_and_their_neighbours(notes):
    analysis, _, _ = _analysis(notes)
    plain = make_analysis([(f"第{n}句平常的话。", "F") for n in range(1, 9)])
    card = article_card(analysis, notes)
    assert [[s.number for s in run] for run in card.excerpts] == [[1, 2, 3, 4, 5]]
    assert article_card(plain, notes).excerpts == ()


def test_the_plain_text_card_and_its_summary(notes):
    analysis, term, entry = _analysis(notes)
    card = article_card(analysis, notes)
    words = load_text()
    summary = card_summary(card, words)
    assert summary[0].startswith("Of its 4 body sentences, 1 says who makes the claim (A), 2 give")
    assert "1 in the outlet's own voice, 1 inside quotations" in summary[2]
    assert "Unsure labels: 1" in summary[3]
    text = card_text(card, words)
    assert "#4 [F?] 双方可能下周再谈。" in text
    category, stance = words["category_names"][entry.category], words["stance_names"][entry.stance]
    assert f"{term} — {category}, whose vocabulary: {stance} ×1 (#3)" in text  # in words, not snake_case
    assert entry.note in text
    assert "hedge (softens a claim): 可能 (#4)" in text


def test_the_article_html_opens_each_why_on_focus_and_prints_it(notes):
    analysis, term, entry = _analysis(notes)
    html = article_html(analysis, notes=notes)
    assert "<script" not in html.lower()
    # every sentence and every marked term can take focus, and carries its why as a .tip
    assert html.count('tabindex="0"') == len(analysis.sentences) + len(analysis.term_hits)
    tip = re.search(
        r'<mark class="cat-[a-z_]+" tabindex="0"[^>]*>[^<]*<span class="tip term-tip"[^>]*>([^<]*)<', html
    )
    stance = load_text()["stance_names"][entry.stance].replace("'", "&#39;")  # in words, escaped
    assert tip and entry.note.replace('"', "&#34;") in tip.group(1) and stance in tip.group(1)
    assert re.search(
        r'<span class="tip s-tip tip-A" role="note"><span class="why-label">A: attributed claim</span>'
        r'<span class="why-sep"> · </span><span class="why-reason">constructed label A</span>'
        r'<span class="why-sep"> · </span><span class="why-cue">reporting_verb: 表示</span></span>',
        html,
    )
    assert '<span class="lab num">4</span><span class="lab lab-F uncertain">F?</span>' in html
    assert '<section class="card"' in html  # the card stands above the annotated text


def test_cards_pages_escape_article_text(notes):
    analysis, _, _ = _analysis(notes)
    hostile = replace(analysis, article=replace(analysis.article, title="<script>alert(1)</script>*标题*"))
    card = article_card(hostile, notes)
    page = render_cards_html([card])
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'http-equiv="Content-Security-Policy"' in page
    markdown = render_cards_markdown([card])
    assert "\\*标题\\*" in markdown and "<script>" not in markdown
    assert "- #4 **[F?]** 双方可能下周再谈。" in markdown


def test_the_handout_keeps_one_article_per_outlet_per_shared_event_when_long(notes):
    from types import SimpleNamespace as Group

    from framing.report.cards import HANDOUT_ALL_UP_TO, handout_selection

    def article(outlet):
        return Group(outlet=outlet)

    few = [Group(event="e1", articles=(article("X"),)), Group(event="", articles=(article("Y"),))]
    assert handout_selection(few) == ((("e1", few[0].articles), ("", few[1].articles)), 0)
    shared = Group(event="e1", articles=tuple(article(o) for o in ["X", "X", "Y"] * HANDOUT_ALL_UP_TO))
    alone = Group(event="e2", articles=(article("X"), article("X")))
    loose = Group(event="", articles=(article("Y"), article("Z")))
    chosen, left_out = handout_selection([shared, alone, loose])
    assert [(event, [a.outlet for a in articles]) for event, articles in chosen] == [("e1", ["X", "Y"])]
    assert left_out == len(shared.articles) + 2 + 2 - 2


def test_every_table_of_the_handout_has_a_header_for_each_column(tmp_path):
    from framing.pipeline.report import report_from_paths

    files = report_from_paths([], tmp_path / "handout", handout=True)  # the demo corpus
    page = files.html.read_text(encoding="utf-8")
    for table in re.findall(r"<table.*?</table>", page, flags=re.S):
        headers = len(re.findall(r"<th\b", table.split("</tr>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]:
            assert len(re.findall(r"<td\b", row)) == headers, row[:200]
