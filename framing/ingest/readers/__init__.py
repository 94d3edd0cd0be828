"""Format readers: decoded file text → ``RawArticle`` (title, metadata, blocks with roles).

Formats are recognised from the content, never from the file extension (``detect_format``):

=========================  =====================================================================
``front-matter-markdown``  YAML front matter (title, date, author, categories, from/url) and a
                           Markdown or HTML body; with a ``<!--epoch-ms-->`` header after the
                           front matter it is ``front-matter-timestamp-html`` (Jekyll feed mirrors)
``timestamp-link-html``    ``<!--epoch-ms-->``, ``[title](url)``, a ``------`` rule, an HTML body
``cctv-digest``            a 新闻联播 daily transcript: one story per ``###`` heading
``gnews-mirror-markdown``  a GNews page mirrored as Markdown (navigation line, ``## title``)
``html-page``              a saved web page: title and og:/article: meta, the article body only
``markdown`` / ``plain-text``  anything else that is text
``json`` / ``jsonl`` / ``csv``  exports with one article per record
=========================  =====================================================================

Every part of the article is kept as a ``Block`` with its ``Role``: captions, bylines,
date lines, related-links lists, disclaimers and footers are marked, not dropped. Readers
raise ``InputError`` with a one-line reason when a file cannot be read as articles.
"""

from framing.ingest.readers.blocks import Block, RawArticle
from framing.ingest.readers.dates import parse_date, plausible_date
from framing.ingest.readers.detect import detect_format, read_text

__all__ = ["Block", "RawArticle", "detect_format", "parse_date", "plausible_date", "read_text"]
