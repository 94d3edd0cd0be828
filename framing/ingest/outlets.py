"""Which outlet published an article: from its URL, a name in the file, or its folder.

The directory is the ``outlets`` lexicon table (``lexicons/outlets.tsv``): each outlet with
its kind, country, web domains and the names it goes by. Lookups never guess: an outlet
that matches nothing is reported as unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from framing.lexicon import LexiconTable
from framing.model import OutletKind


@dataclass(frozen=True)
class Outlet:
    name: str
    kind: OutletKind
    country: str = ""
    note: str = ""


UNKNOWN = Outlet("unknown", OutletKind.UNKNOWN)

_REMEMBERED = 4096  # names whose lookup OutletDirectory keeps
_PAREN = re.compile(r"[（(][^)）]*[)）]")


def domain_of(url: str) -> str:
    """The host of a URL, lower-case, without ``www.``; empty when there is none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class OutletDirectory:
    """Outlets by domain and by name, built from the ``outlets`` table."""

    def __init__(self, outlets: Iterable[tuple[Outlet, Iterable[str], Iterable[str]]]):
        self._by_domain: dict[str, Outlet] = {}
        self._by_name: dict[str, Outlet] = {}
        self._found: dict[str, Outlet | None] = {}  # by_name's answers: the same folders, every file
        for outlet, domains, names in outlets:
            for domain in domains:
                self._by_domain[domain.casefold().removeprefix("www.")] = outlet
            for name in (outlet.name, *names):
                self._by_name[_key(name)] = outlet

    @classmethod
    def from_table(cls, table: LexiconTable) -> OutletDirectory:
        return cls(
            (
                Outlet(row["outlet"], OutletKind(row["kind"]), row["country"], row["note"]),
                row.many("domains"),
                row.many("names"),
            )
            for row in table
        )

    def by_url(self, url: str) -> Outlet | None:
        """The outlet whose domain is the URL's host or one of its parent domains."""
        host = domain_of(url)
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            _, _, host = host.partition(".")
            if "." not in host:
                return None
        return None

    def by_name(self, name: str) -> Outlet | None:
        """Exact (case-insensitive) name; then the name without a parenthesis; then each word."""
        if name in self._found:
            return self._found[name]
        found = self._lookup(name)
        if len(self._found) >= _REMEMBERED:
            self._found.clear()
        self._found[name] = found
        return found

    def _lookup(self, name: str) -> Outlet | None:
        if not name or not name.strip():
            return None
        for candidate in (name, _PAREN.sub(" ", name)):
            found = self._by_name.get(_key(candidate))
            if found:
                return found
        for word in _PAREN.sub(" ", name).split():
            found = self._by_name.get(_key(word))
            if found:
                return found
        return None

    def get(self, name: str) -> Outlet:
        """The outlet a user named (``--outlet``): a known one, or a new one of unknown kind."""
        return self.by_name(name) or Outlet(name.strip(), OutletKind.UNKNOWN)


def parse_kind(value: str) -> OutletKind | None:
    """An outlet kind from free text (``partisan-dissident`` → partisan); ``None`` if none fits."""
    text = value.strip().casefold()
    for kind in OutletKind:
        if text == kind.value:
            return kind
    for kind in sorted(OutletKind, key=lambda k: -len(k.value)):
        if kind is not OutletKind.UNKNOWN and kind.value in text:
            return kind
    if "broadcaster" in text:
        return OutletKind.PUBLIC_BROADCASTER
    return None
