"""Group articles about one event: dates given or read from the text, shared words, names and quotations.

    analyses ──group_events──▶ EventGrouping(events, ungrouped, inferred_dates)

The rules, in the order ``RULES`` lists them (one function each):

1. ``dates_from_own_text``: an article the input gives no date gets the latest day its own
   text names with a year (``event_dates.own_date``), marked as inferred.
2. ``user_events``: an article whose ``Article.event`` is set (front matter or a manifest
   column, read by ingest) belongs to that event, whatever its text says.
3. ``similarities_in_window``: each article with a day is compared once with every other
   within ``max_days`` of it; the next two rules look these up.
4. ``join_by_date``: the articles with a day, in date order, each join the candidate event
   they are most similar to among those with an article within ``max_days``, if that
   similarity reaches ``min_similarity``; else they start one.
5. ``merge_close_events``: two candidate events within ``max_days`` of each other whose
   articles are as alike as an article must be to its event become one (a broadcast tells
   a state visit in several stories on the same days, which rule 4 may start apart).
6. ``attach_undated``: an article with no day joins the event it clearly matches: the
   most similar by at least ``attach_margin`` among the events near the latest month-day
   it names (in any year the corpus covers), reaching ``min_similarity``, or among all
   events when it names none, reaching the stricter ``attach_similarity``; else it stays out.
7. ``dissolve_small``: an automatic candidate event with fewer than ``min_articles``
   articles is dissolved: its articles stay **ungrouped**.
8. ``dates_from_events``: an attached article's month-days, weekdays and "yesterday"-words
   are read against its event's dates (``event_dates.date_near``).

Then ``event_names`` names each event by its dates and the headline made most of its
distinctive terms (``event_names``).

Similarity (``event_similarity``): cosine of TF-IDF rows (body and title words) plus the
overlap of named actors and shared quoted statements. An article's similarity to an event
is the average of its mean and its maximum similarity to the event's articles (the mean
alone lets one off-topic member veto; the maximum alone lets events chain).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from framing.comparison.event_dates import (
    INFERRED_MARK,
    DateMentions,
    InferredDate,
    candidate_days,
    date_near,
    own_date,
    read_mentions,
    text_for_dates,
)
from framing.comparison.event_names import distinctive_terms, event_name, representative_headline, term_scores
from framing.comparison.event_similarity import ArticleSignals, Similarity
from framing.comparison.vocabulary import is_content_token
from framing.model import ArticleAnalysis

__all__ = [
    "INFERRED_MARK",
    "Event",
    "EventGrouping",
    "InferredDate",
    "date_range",
    "group_events",
    "is_content_token",
]


@dataclass(frozen=True)
class Event:
    """A group of articles about one event."""

    id: str  # the user's label, or "auto-<first date>-<n>"
    name: str  # dates and headline, e.g. "2024-05-16 – 2024-05-17 · 习近平同俄罗斯总统会谈"
    article_ids: tuple[str, ...]
    start: datetime | None
    end: datetime | None
    terms: tuple[str, ...]  # most distinctive terms, best first
    manual: bool  # True when the user fixed the grouping (Article.event)
    headline: str = ""  # the headline of its articles that names it
    dates_inferred: bool = False  # start or end rests on a date read from an article's text

    @property
    def date_range(self) -> str:
        """``2024-05-16 – 2024-05-17``, with "(date inferred from text)" when it rests on one."""
        text = date_range(self.start, self.end)
        return f"{text} ({INFERRED_MARK})" if self.dates_inferred else text


@dataclass(frozen=True)
class EventGrouping:
    """Events, the articles in none, and the days read from the text of undated articles."""

    events: tuple[Event, ...]
    ungrouped: tuple[str, ...]  # article ids that fit no event
    inferred_dates: Mapping[str, InferredDate] = field(default_factory=dict)  # article id → day from its text

    def event_of(self) -> dict[str, str]:
        """Article id → event id, for grouped articles only."""
        return {aid: event.id for event in self.events for aid in event.article_ids}


def date_range(start: datetime | None, end: datetime | None) -> str:
    if start is None:
        return "undated"
    first, last = start.date().isoformat(), (end or start).date().isoformat()
    return first if first == last else f"{first} – {last}"


AFTER = 2  # an article is written on or after the days it names: look further after them than before


@dataclass
class _Draft:
    """A candidate event while grouping: its members and, sorted, the days of the dated ones."""

    members: list[int]
    label: str = ""
    days: list[float] = field(default_factory=list)
    dated: list[int] = field(default_factory=list)  # member indices in the order of ``days``

    def add(self, index: int, day: float | None) -> None:
        self.members.append(index)
        if day is not None:
            at = bisect_right(self.days, day)
            self.days.insert(at, day)
            self.dated.insert(at, index)

    def near(self, low: float, high: float) -> list[int]:
        """Dated members whose day lies in ``[low, high]``."""
        return self.dated[bisect_left(self.days, low) : bisect_right(self.days, high)]


@dataclass
class _Grouping:
    """The state the rules work on: articles in a fixed order and the drafts so far."""

    analyses: Sequence[ArticleAnalysis]
    similarity: Similarity
    days: list[float | None]  # given day, else the day read from the article's own text
    mentions: list[DateMentions]
    inferred: dict[int, InferredDate]
    drafts: list[_Draft] = field(default_factory=list)
    # for each article with a day: its similarity to every other within ``max_days`` of it
    window: dict[int, dict[int, float]] = field(default_factory=dict)
    ungrouped: list[int] = field(default_factory=list)


def _day(value: datetime | date | None) -> float | None:
    """Days since the epoch, ignoring time zones (events are compared at the scale of days)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return float(value.toordinal())
    return value.replace(tzinfo=None).toordinal() + value.hour / 24


def _sort_key(analysis: ArticleAnalysis) -> tuple:
    day = _day(analysis.article.date)
    return (day is None, day or 0.0, analysis.article.path, analysis.article.story, analysis.article.id)


def _linkage(scores: Iterable[float]) -> float:
    """An article's (or event's) similarity to an event from its pair similarities."""
    values = list(scores)
    return (sum(values) / len(values) + max(values)) / 2 if values else 0.0


@dataclass(frozen=True)
class EventSettings:
    """The grouping's parameters.

    Parameters
    ----------
    max_days : an article joins an event only if it is dated within this many days of one
        of the event's articles (an undated one: near the latest month-day it names).
    min_similarity : minimum similarity of an article with a day to the event it joins.
    entity_weight, quote_weight : what a full overlap of named actors, and a shared quoted
        statement, add to the cosine of two articles' words.
    attach_similarity : minimum similarity of an article that names no day to its event.
    attach_margin : an article without a day needs this much more similarity to its event
        than to the next best.
    min_articles : automatic events smaller than this are dissolved into the ungrouped list.
    n_terms : how many distinctive terms each event lists.
    """

    max_days: float = 5.0
    min_similarity: float = 0.06
    entity_weight: float = 0.2
    quote_weight: float = 0.2
    attach_similarity: float = 0.15
    attach_margin: float = 0.03
    min_articles: int = 2
    n_terms: int = 4


def group_events(
    analyses: Iterable[ArticleAnalysis],
    *,
    max_days: float = 5.0,
    min_similarity: float = 0.06,
    entity_weight: float = 0.2,
    quote_weight: float = 0.2,
    attach_similarity: float = 0.15,
    attach_margin: float = 0.03,
    min_articles: int = 2,
    n_terms: int = 4,
) -> EventGrouping:
    """Group articles into events (the parameters are ``EventSettings``'s).

    ``analyses``' tokens and titles feed TF-IDF, their named sources and quotations the
    overlap of actors and statements; the undated ones are dated from their text.

    Returns
    -------
    EventGrouping with events sorted by date, the ids of ungrouped articles, and the dates
    read from the text of articles the input gave none.
    """
    options = EventSettings(
        max_days,
        min_similarity,
        entity_weight,
        quote_weight,
        attach_similarity,
        attach_margin,
        min_articles,
        n_terms,
    )
    if options.min_articles < 1:
        raise ValueError("min_articles must be at least 1")
    ordered = sorted(analyses, key=_sort_key)
    if not ordered:
        return EventGrouping((), ())
    signals = ArticleSignals.of(
        ordered, entity_weight=options.entity_weight, quote_weight=options.quote_weight
    )
    state = _Grouping(ordered, Similarity(signals), [_day(a.article.date) for a in ordered], [], {})
    for rule in RULES:
        rule(state, options)
    events = event_names(state, signals, n_terms=options.n_terms)
    inferred = {ordered[i].article.id: d for i, d in sorted(state.inferred.items())}
    return EventGrouping(events, tuple(ordered[i].article.id for i in state.ungrouped), inferred)


def user_events(state: _Grouping, settings: EventSettings) -> None:
    """Rule 2: the user's labels make events of their own."""
    by_label: dict[str, _Draft] = {}
    for index, analysis in enumerate(state.analyses):
        label = analysis.article.event.strip()
        if label:
            draft = by_label.get(label)
            if draft is None:
                draft = by_label[label] = _Draft([], label)
                state.drafts.append(draft)
            draft.add(index, state.days[index])


def dates_from_own_text(state: _Grouping, settings: EventSettings) -> None:
    """Rule 1: an undated article's own explicit dates give it a day (marked as inferred)."""
    state.mentions = [DateMentions()] * len(state.analyses)
    for index, analysis in enumerate(state.analyses):
        if state.days[index] is not None:
            continue
        mentions = read_mentions(text_for_dates(analysis.article))
        state.mentions[index] = mentions
        found = own_date(mentions)
        if found is not None:
            state.inferred[index] = found
            state.days[index] = _day(found.day)


def _unlabelled(state: _Grouping, index: int) -> bool:
    return not state.analyses[index].article.event.strip()


def similarities_in_window(state: _Grouping, settings: EventSettings) -> None:
    """Rule 3: each article with a day against every other within ``max_days`` of it, computed once
    (one similarity call per article: the rules after this one only look them up)."""
    dated = sorted((day, i) for i, day in enumerate(state.days) if day is not None)
    state.window = {i: {} for _day, i in dated}
    first = 0
    for position, (day, index) in enumerate(dated):
        while dated[first][0] < day - settings.max_days:
            first += 1
        earlier = [i for _d, i in dated[first:position]]
        for other, score in state.similarity(index, earlier).items():
            state.window[index][other] = state.window[other][index] = score


def join_by_date(state: _Grouping, settings: EventSettings) -> None:
    """Rule 4: articles with a day, in date order, join the most similar nearby event or start one.

    A draft whose latest article is more than ``max_days`` before the current one can never
    be joined again, so only the drafts still in the window are compared, and only with
    their articles within ``max_days``: the pass stays linear in the number of articles.
    """
    order = sorted(
        (i for i, day in enumerate(state.days) if day is not None and _unlabelled(state, i)),
        key=lambda i: (state.days[i], i),
    )
    max_days, open_drafts = settings.max_days, [d for d in state.drafts if d.days]
    for index in order:
        day = state.days[index]
        open_drafts = [d for d in open_drafts if d.days[-1] >= day - max_days]
        similar = state.window[index]
        best, best_score = None, settings.min_similarity
        for draft in open_drafts:
            members = draft.near(day - max_days, day + max_days)
            score = _linkage(similar[m] for m in members)
            if members and score >= best_score and (best is None or score > best_score):
                best, best_score = draft, score
        if best is None:
            best = _Draft([])
            state.drafts.append(best)
            open_drafts.append(best)
        best.add(index, day)


def merge_close_events(state: _Grouping, settings: EventSettings) -> None:
    """Rule 5: merge drafts within ``max_days`` of each other whose articles are alike.

    Two drafts are alike when, both ways, the average over the articles of one of their
    similarity to the other (as in rule 4, within ``max_days``) reaches ``min_similarity``.
    Two user events are never merged. The best pair merges first, until none is left.
    """
    max_days = settings.max_days
    scores = {
        (id(a), id(b)): (_draft_linkage(state, a, b, max_days), a, b)
        for a, b in _close_pairs(state.drafts, state.drafts, max_days)
    }
    while True:
        alike = [value for value in scores.values() if value[0] >= settings.min_similarity]
        if not alike:
            return
        _score, keep, gone = max(alike, key=lambda v: (v[0], -min(v[1].members), -min(v[2].members)))
        if gone.label and not keep.label:
            keep, gone = gone, keep
        for index in gone.members:
            keep.add(index, state.days[index])
        state.drafts.remove(gone)
        scores = {k: v for k, v in scores.items() if not ({id(keep), id(gone)} & set(k))}
        for a, b in _close_pairs([keep], state.drafts, max_days):
            scores[(id(a), id(b))] = (_draft_linkage(state, a, b, max_days), a, b)


def _close_pairs(
    drafts: Sequence[_Draft], others: Sequence[_Draft], max_days: float
) -> list[tuple[_Draft, _Draft]]:
    """Pairs of dated drafts, one of ``drafts`` and another of ``others`` (not both the
    user's), whose days come within ``max_days``; each pair once."""
    pairs, seen = [], set()
    candidates = sorted((d for d in others if d.days), key=lambda d: d.days[0])
    starts = [d.days[0] for d in candidates]
    for first in drafts:
        if not first.days:
            continue
        # the drafts starting after first's end + max_days are apart; those before, by their end
        for second in candidates[: bisect_right(starts, first.days[-1] + max_days)]:
            key = frozenset((id(first), id(second)))
            if first is second or key in seen or second.days[-1] < first.days[0] - max_days:
                continue
            seen.add(key)
            if not (first.label and second.label):
                pairs.append((first, second))
    return pairs


def _draft_linkage(state: _Grouping, first: _Draft, second: _Draft, max_days: float) -> float:
    """The smaller of the two drafts' mean article-to-draft linkage to each other."""

    def one_way(source: _Draft, target: _Draft) -> float:
        scores = []
        for index in source.dated:
            day, similar = state.days[index], state.window[index]
            members = target.near(day - max_days, day + max_days)
            if members:
                scores.append(_linkage(similar[m] for m in members))
        return sum(scores) / len(scores) if scores else 0.0

    return min(one_way(first, second), one_way(second, first))


def attach_undated(state: _Grouping, settings: EventSettings) -> None:
    """Rule 6: each article with no day joins the event it clearly matches, if any.

    First the articles that name month-days: each is compared with the drafts that have an
    article from ``max_days`` before to ``AFTER`` × ``max_days`` after its latest month-day
    (placed in each year the dated articles cover) and needs ``min_similarity``, as a
    dated article does; it joins no other. Then the others (no month-day, or no draft near
    one), with nothing but words to go by, are compared with every draft that is already
    an event (``min_articles``, not a lone article) and need ``attach_similarity``. Either way the best must
    beat the next by ``attach_margin``. Rounds repeat while articles join, each against the
    drafts as they stood before it.
    """
    waiting = [i for i, day in enumerate(state.days) if day is None and _unlabelled(state, i)]
    years = sorted({date.fromordinal(int(d)).year for d in state.days if d is not None})
    near = {
        i: _drafts_near(state.drafts, candidate_days(state.mentions[i], years), settings.max_days)
        for i in waiting
    }
    margin = settings.attach_margin
    dated_by_text = [i for i in waiting if near[i]]
    _attach_in_rounds(state, dated_by_text, lambda i: near[i], settings.min_similarity, margin)
    rest = [i for i in waiting if not near[i]]
    events = lambda _i: [d for d in state.drafts if len(d.members) >= settings.min_articles]  # noqa: E731
    _attach_in_rounds(state, rest, events, settings.attach_similarity, margin)


def _attach_in_rounds(state: _Grouping, waiting: list[int], drafts_for, floor: float, margin: float) -> None:
    """Attach each of ``waiting`` to its clear match among ``drafts_for(index)``, in rounds
    until no article joins (each round sees the drafts as they stood before it)."""
    while waiting:
        joined = {}
        for index in waiting:
            choice = _clear_match(state, index, drafts_for(index), floor, margin)
            if choice is not None:
                joined[index] = choice
        for index, draft in joined.items():
            draft.add(index, None)
        waiting = [i for i in waiting if i not in joined]
        if not joined:
            return


def _drafts_near(drafts: Sequence[_Draft], days: Sequence[date], max_days: float) -> list[_Draft]:
    wanted = [_day(d) for d in days]
    return [d for d in drafts if d.days and any(d.near(w - max_days, w + AFTER * max_days) for w in wanted)]


def _clear_match(
    state: _Grouping, index: int, drafts: Sequence[_Draft], floor: float, margin: float
) -> _Draft | None:
    """The draft ``index`` matches best, if it reaches ``floor`` and beats the next by ``margin``."""
    drafts = [d for d in drafts if d.members]
    if not drafts:
        return None
    similar = state.similarity(index, sorted({m for d in drafts for m in d.members}))
    ranked = sorted(
        ((_linkage(similar[m] for m in d.members), n) for n, d in enumerate(drafts)), reverse=True
    )
    best, number = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    return drafts[number] if best >= floor and best - runner_up >= margin else None


def dissolve_small(state: _Grouping, settings: EventSettings) -> None:
    """Rule 7: automatic drafts with fewer than ``min_articles`` articles are dissolved;
    the articles in no draft are the ungrouped ones."""
    state.drafts = [d for d in state.drafts if d.label or len(d.members) >= settings.min_articles]
    grouped = {m for d in state.drafts for m in d.members}
    state.ungrouped = [i for i in range(len(state.analyses)) if i not in grouped]


def dates_from_events(state: _Grouping, settings: EventSettings) -> None:
    """Rule 8: an attached article's month-days, weekdays or relative words read against its event."""
    for draft in state.drafts:
        if not draft.days:
            continue
        start, end = date.fromordinal(int(draft.days[0])), date.fromordinal(int(draft.days[-1]))
        for index in draft.members:
            if state.days[index] is None and state.mentions[index]:
                found = date_near(state.mentions[index], start, end)
                if found is not None:
                    state.inferred[index] = found


# The rules in the order they apply (the module's docstring says what each does).
RULES = (
    dates_from_own_text,
    user_events,
    similarities_in_window,
    join_by_date,
    merge_close_events,
    attach_undated,
    dissolve_small,
    dates_from_events,
)


def event_names(state: _Grouping, signals: ArticleSignals, *, n_terms: int) -> tuple[Event, ...]:
    """The events, named by their dates and representative headline, sorted by date."""
    import numpy as np

    matrix = signals.matrix
    frequency = np.asarray((matrix > 0).sum(axis=0)).ravel() if matrix is not None else None
    repeated = Counter(signals.headlines)
    events, numbers = [], {}
    for draft in state.drafts:
        members = sorted(draft.members)
        start, end, inferred = _event_dates(state, members)
        stem = start.date().isoformat() if start else "undated"
        numbers[stem] = numbers.get(stem, 0) + 1
        terms, weight = (), {}
        if matrix is not None:
            scores = term_scores(matrix, members, frequency)
            terms = distinctive_terms(signals.vocabulary, scores, n_terms)
            weight = {signals.vocabulary[k]: float(scores[0][k]) for k in np.flatnonzero(scores[0] > 0)}
        headline_text = representative_headline(signals.headlines, members, signals.titles, weight, repeated)
        shown = date_range(start, end) + (f" ({INFERRED_MARK})" if inferred else "")
        events.append(
            Event(
                id=draft.label or f"auto-{stem}-{numbers[stem]}",
                name=event_name(shown, headline_text, terms, draft.label),
                article_ids=tuple(state.analyses[m].article.id for m in members),
                start=start,
                end=end,
                terms=terms,
                manual=bool(draft.label),
                headline=headline_text,
                dates_inferred=inferred,
            )
        )
    events.sort(key=lambda e: (e.start is None, _day(e.start) or 0.0, e.id))
    return tuple(events)


def _event_dates(state: _Grouping, members: Sequence[int]) -> tuple[datetime | None, datetime | None, bool]:
    """First and last day of the members (given dates, else those read from the text), and
    whether either bound was read from a text."""
    dated = []
    for index in members:
        given = state.analyses[index].article.date
        if given is not None:
            dated.append((_day(given), given, False))
        elif index in state.inferred:
            day = state.inferred[index].day
            dated.append((_day(day), datetime(day.year, day.month, day.day), True))
    if not dated:
        return None, None, False
    # on a tie the given date bounds the event, not the one read from a text
    first = min(dated, key=lambda d: (d[0], d[2]))
    last = max(dated, key=lambda d: (d[0], not d[2]))
    return first[1], last[1], first[2] or last[2]
