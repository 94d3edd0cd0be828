"""Stage 4, report: the HTML and Markdown report, its charts and tables."""
