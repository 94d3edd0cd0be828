"""A per-article cache of analysis results, keyed by content hash and lexicon version.

Re-running after adding a few articles analyses only the new ones. An entry is valid
for exactly one (article id, lexicon version, cache format) triple: change a lexicon
entry, or upgrade framing, and the old entries are simply never looked up again.

Entries are pickles in the user's cache folder (``$FRAMING_CACHE_DIR``, else
``$XDG_CACHE_HOME/framing``, else ``~/.cache/framing``). They are only ever read back
by the same user who wrote them. A damaged or unreadable entry counts as a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from framing import __version__
from framing.model import ArticleAnalysis
from framing.output import atomic_write_bytes

# Bump when ArticleAnalysis or the analysis itself changes in a way the version does not say.
CACHE_FORMAT = 1


def default_cache_dir() -> Path:
    explicit = os.environ.get("FRAMING_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "framing"


class AnalysisCache:
    """Read and write ``ArticleAnalysis`` results for one lexicon version.

    Parameters
    ----------
    folder:
        Where entries live; created on first write.
    lexicon_version:
        ``Lexicons.version`` of the lexicons the analysis used.
    """

    def __init__(self, folder: Path | str, lexicon_version: str):
        self.folder = Path(folder) / f"v{CACHE_FORMAT}-{__version__}-{lexicon_version}"
        self.hits = 0
        self.misses = 0
        self.write_error = ""  # the last reason an entry could not be written, for a warning

    def _entry(self, article_id: str, path: str) -> Path:
        # The same text can arrive from two paths; the path is part of the result, so of the key.
        path_key = hashlib.sha1(path.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        return self.folder / article_id[:2] / f"{article_id}-{path_key}.pickle"

    def get(self, article_id: str, path: str) -> ArticleAnalysis | None:
        entry = self._entry(article_id, path)
        try:
            with entry.open("rb") as handle:
                result = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            self.misses += 1
            return None
        if not isinstance(result, ArticleAnalysis) or result.article.path != path:
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, analysis: ArticleAnalysis) -> None:
        entry = self._entry(analysis.article.id, analysis.article.path)
        try:
            atomic_write_bytes(entry, pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:
            # A cache that cannot be written only costs speed: keep going, and let the CLI warn once.
            self.write_error = f"{self.folder}: cannot write the analysis cache ({exc.strerror or exc})"
