"""The library's own exceptions. The CLI turns them into a one-line message and an exit code."""


class FramingError(Exception):
    """Base class for every error the library raises on purpose."""


class InputError(FramingError):
    """An input file that cannot be read as an article; the message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class LexiconError(FramingError):
    """A lexicon file with a bad entry; the message names the file and the line."""

    def __init__(self, path: str, line: int, reason: str):
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class ReportError(FramingError):
    """The report cannot be built (no articles at all, a broken template or text file)."""
