"""Print a report page to PDF with a headless Chromium found on PATH (``framing report --pdf``).

No library installable with pip alone renders this report's Chinese text and CSS acceptably
(README.md, "Printing and PDF"), so the page is printed by the browser a teacher would print
it with. The page's own print stylesheet (report.css, ``@media print`` and ``@page``) sets the
layout and the page numbers; Chromium's own header and footer (which show the file's path)
are switched off.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from framing.errors import FramingError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")  # looked up in order
PRINT_TIMEOUT_S = 300  # a 200-article report prints in well under a minute


class PdfError(FramingError):
    """The page could not be printed: no browser on PATH, or the browser failed."""


def find_chromium() -> str:
    """The path of the first of ``BROWSERS`` on PATH; PdfError saying what to do when none is."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "--pdf needs Chromium or Google Chrome on PATH (none of: " + ", ".join(BROWSERS) + "); "
        "install one (apt-get install chromium) or open the HTML page and print it to PDF from the browser"
    )


def print_to_pdf(page: Path, pdf: Path, browser: str | None = None) -> Path:
    """Print the HTML file ``page`` to ``pdf`` (A4, the page's print stylesheet) and return ``pdf``."""
    browser = browser or find_chromium()
    with tempfile.TemporaryDirectory(prefix="framing-pdf-") as profile:
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", f"--user-data-dir={profile}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf.resolve()}", page.resolve().as_uri(),
        ]  # fmt: skip
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfError(f"{page}: {browser} could not print it to PDF: {exc}") from None
    if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise PdfError(f"{page}: {browser} did not print it to PDF (exit {done.returncode}): {last}")
    return pdf
