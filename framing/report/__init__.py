"""Stage 4, report: the HTML and Markdown report, its charts and tables.

build.py         build_report: compare, charts, views, render, write the folder atomically
views.py         each section's plain data (summary, events, outlet profiles, articles, method)
article_view.py  one annotated article: paragraphs, labelled sentences, marked terms and cues
cards.py         an article's card: numbered sentences, A/E/F mix, sources, loaded terms by voice
                 with the lexicon's notes, markers, unsure labels, excerpts (framing explain, handout)
marks.py         pieces of text and the helpers the article view and the card share
pdf.py           print a page to PDF with a headless Chromium on PATH (report --pdf)
render.py        the jinja2 environments (HTML autoescaped), filters, the report's words
templates/       report.html, handout.html, cards.html, sections/*.html, article.html, card.html,
                 their .md twins, report.css (with the print stylesheet),
                 text/en.yaml (every word of the report), accuracy.json
charts.py        matplotlib figures; fonts.py the embedded Chinese font
tables.py        the CSV tables; shown_paths.py paths relative to the inputs' folder
shipped.py       the demo corpus and the classifier's measured accuracy
"""
