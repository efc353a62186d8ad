"""Synthetic inputs for the benchmark: wire-style articles, and event records.

Articles follow the input format (a `` date YYYY-MM-DD `` header, often a dateline such as
``BAKU, March 3. /TASS/.``, paragraphs and short heading lines) and mix the date wordings real
wire copy uses ("on Saturday", "in September", "late 2020", "earlier", "next week",
"18 October 2024", ...), countries, office-holders with their titles, organizations and places.
Every sentence is assembled from the templates below with a seeded generator: the same seed and
index always give the same bytes, and the first N articles of a larger set are the N-article set.
People are invented (first name + surname pools); countries, capitals and organizations are real
so that the gazetteer has something to find. No text is taken from any real article.

Usage::

    python bench/generate.py articles 1000 OUT_DIR     # writes OUT_DIR/00000_<hash>.txt ...
    python bench/generate.py events 100000             # prints a summary of the event records
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

if __name__ == "__main__":  # run as a script: make the source checkout importable
    # (only then: imported by the bench driver, this module must use the source it chose, which
    # may be a snapshot of the checkout)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from timeline_gui.core.corpus import Corpus
from timeline_gui.core.model import Article, Block, Event, Granularity, Interval, Participant, Span

GENERATOR_VERSION = "2"
DEFAULT_SEED = 7

# Country, its adjective, capital (dateline), and a news agency based there.
COUNTRIES = [
    ("Azerbaijan", "Azerbaijani", "BAKU", "AzerTac"),
    ("Armenia", "Armenian", "YEREVAN", "Armenpress"),
    ("Georgia", "Georgian", "TBILISI", "Interpressnews"),
    ("Russia", "Russian", "MOSCOW", "TASS"),
    ("Turkey", "Turkish", "ANKARA", "Anadolu"),
    ("Iran", "Iranian", "TEHRAN", "IRNA"),
    ("Kazakhstan", "Kazakh", "ASTANA", "Kazinform"),
    ("Uzbekistan", "Uzbek", "TASHKENT", "UzA"),
    ("France", "French", "PARIS", "AFP"),
    ("Germany", "German", "BERLIN", "dpa"),
    ("the United States", "American", "WASHINGTON", "AP"),
    ("China", "Chinese", "BEIJING", "Xinhua"),
    ("Ukraine", "Ukrainian", "KYIV", "Ukrinform"),
    ("Belarus", "Belarusian", "MINSK", "BelTA"),
    ("Kyrgyzstan", "Kyrgyz", "BISHKEK", "Kabar"),
    ("Turkmenistan", "Turkmen", "ASHGABAT", "TDH"),
]
OTHER_PLACES = ["ISTANBUL", "GENEVA", "VIENNA", "BRUSSELS", "DUBAI", "ANTALYA", "SOCHI", "GANJA", "BATUMI", "GYUMRI"]
ORGANIZATIONS = [
    "the United Nations", "NATO", "the European Union", "the OSCE", "the Collective Security Treaty Organization",
    "the Shanghai Cooperation Organization", "the World Bank", "the International Monetary Fund",
    "the Commonwealth of Independent States", "the Council of Europe", "the Organization of Turkic States",
    "the Eurasian Economic Union", "the International Committee of the Red Cross",
]
TITLES = [
    "Foreign Minister", "President", "Prime Minister", "Defense Minister", "Economy Minister",
    "Deputy Foreign Minister", "Energy Minister", "Parliament Speaker", "Foreign Ministry Spokeswoman",
    "Presidential Aide", "Ambassador", "Security Council Secretary",
]
FIRST = [
    "Arman", "Elnur", "Davit", "Nikolai", "Selim", "Reza", "Aigerim", "Timur", "Claire", "Jonas",
    "Margaret", "Wei", "Olena", "Pavel", "Leyla", "Gohar", "Irakli", "Murat", "Farhad", "Dana",
    "Rustam", "Anna", "Kemal", "Sofia", "Bakhyt", "Lucas", "Mariam", "Oleg", "Nodira", "Yusuf",
]
LAST = [
    "Aliyarov", "Hakobyants", "Beridze", "Sokolin", "Demiray", "Karimzadeh", "Seitkali", "Rakhimov",
    "Duvallier", "Hartmann", "Whitcombe", "Lianfeng", "Kovalchuk", "Morozin", "Mammadli", "Sargsyants",
    "Kapanadze", "Ozturan", "Tehranchi", "Nurlanova", "Yusupbekov", "Petrosova", "Aksoyer", "Vasilenko",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
]
TOPICS = [
    "the normalization of relations", "regional transport links", "energy cooperation", "the border delimitation",
    "a peace agreement", "trade and investment", "the security situation in the region", "humanitarian aid",
    "the reopening of communications", "climate and water resources", "the gas transit route",
    "visa-free travel", "a joint commission on economic cooperation", "the exchange of prisoners",
]
HEADINGS = [
    "Regional cooperation", "Energy talks", "Border issues", "Western involvement", "Next steps",
    "Economic ties", "Security concerns", "Reaction", "Background", "Humanitarian situation",
]


class _Writer:
    """Builds one article with its own generator and publication date."""

    def __init__(self, rng: random.Random, published: dt.date) -> None:
        self.rng = rng
        self.pub = published
        self.people: list[tuple[str, str, str]] = []  # (title, name, country adjective)

    def pick(self, seq: list[str]) -> str:
        return seq[self.rng.randrange(len(seq))]

    def person(self) -> tuple[str, str, str]:
        if self.people and self.rng.random() < 0.55:
            return self.people[self.rng.randrange(len(self.people))]
        c = COUNTRIES[self.rng.randrange(len(COUNTRIES))]
        p = (self.pick(TITLES), f"{self.pick(FIRST)} {self.pick(LAST)}", c[1])
        self.people.append(p)
        return p

    def full_name(self, p: tuple[str, str, str]) -> str:
        title, name, adj = p
        return f"{adj} {title} {name}" if self.rng.random() < 0.7 else f"{title} {name}"

    def short(self, p: tuple[str, str, str]) -> str:
        return p[1].split()[-1] if self.rng.random() < 0.6 else p[1]

    def country(self) -> str:
        return COUNTRIES[self.rng.randrange(len(COUNTRIES))][0]

    def two_countries(self) -> tuple[str, str]:
        a, b = self.rng.sample(range(len(COUNTRIES)), 2)
        return COUNTRIES[a][0], COUNTRIES[b][0]

    def place(self) -> str:
        if self.rng.random() < 0.6:
            return COUNTRIES[self.rng.randrange(len(COUNTRIES))][2].title()
        return self.pick(OTHER_PLACES).title()

    # Date wordings, resolved against the publication date the way a reader would.
    def when(self, tense: str) -> str:
        r = self.rng.random()
        pub = self.pub
        options: list[Callable[[], str]]
        if tense == "past":
            options = [
                lambda: f"on {WEEKDAYS[(pub.weekday() - self.rng.randint(1, 6)) % 7]}",
                lambda: f"in {MONTHS[(pub.month - 1 - self.rng.randint(1, 5)) % 12]}",
                lambda: f"late {pub.year - self.rng.randint(1, 6)}",
                lambda: f"early {pub.year - self.rng.randint(1, 4)}",
                lambda: "earlier",
                lambda: "last week",
                lambda: "last month",
                lambda: "yesterday",
                lambda: f"in {pub.year - self.rng.randint(1, 15)}",
                lambda: self._exact(-self.rng.randint(1, 400)),
                lambda: f"on {self._month_day(-self.rng.randint(1, 60))}",
                lambda: f"{self.rng.randint(2, 5)} weeks ago",
                lambda: f"in the spring of {pub.year - self.rng.randint(0, 3)}",
                lambda: f"since {pub.year - self.rng.randint(2, 20)}",
            ]
        elif tense == "future":
            options = [
                lambda: "next week",
                lambda: "next month",
                lambda: "tomorrow",
                lambda: f"on {WEEKDAYS[(pub.weekday() + self.rng.randint(1, 6)) % 7]}",
                lambda: f"in {MONTHS[(pub.month - 1 + self.rng.randint(1, 5)) % 12]}",
                lambda: self._exact(self.rng.randint(1, 200)),
                lambda: f"by the end of {pub.year}",
                lambda: "in the coming days",
                lambda: f"in the first quarter of {pub.year + 1}",
                lambda: "next year",
            ]
        else:
            options = [lambda: "today", lambda: "on Friday" if pub.weekday() == 4 else "this week", lambda: "now"]
        return options[int(r * len(options))]()

    def _exact(self, days: int) -> str:
        d = self.pub + dt.timedelta(days=days)
        if self.rng.random() < 0.5:
            return f"on {d.day} {MONTHS[d.month - 1]} {d.year}"
        return f"on {MONTHS[d.month - 1]} {d.day}, {d.year}"

    def _month_day(self, days: int) -> str:
        d = self.pub + dt.timedelta(days=days)
        return f"{MONTHS[d.month - 1]} {d.day}"

    def sentence(self) -> str:
        s = self._sentence()
        return s[0].upper() + s[1:]

    def _sentence(self) -> str:
        k = self.rng.randrange(12)
        a, b = self.person(), self.person()
        topic = self.pick(TOPICS)
        if k == 0:
            return f"{self.full_name(a)} met {self.full_name(b)} in {self.place()} {self.when('past')}."
        if k == 1:
            return f"{self.full_name(a)} will visit {self.place()} {self.when('future')} to discuss {topic}."
        if k == 2:
            c1, c2 = self.two_countries()
            return (f"{c1} and {c2} signed an agreement on {topic} {self.when('past')},"
                    f" according to {self.pick(ORGANIZATIONS)}.")
        if k == 3:
            quote = f"“We are ready to continue the dialogue on {topic},”"
            return f"{quote} {self.short(a)} told reporters {self.when('now')}."
        if k == 4:
            return f"{self.full_name(a)} said {self.when('past')} that {self.country()} supported {topic}."
        if k == 5:
            c1, c2 = self.two_countries()
            return f"Talks between {c1} and {c2} are expected to resume {self.when('future')}."
        if k == 6:
            return (f"{self.pick(ORGANIZATIONS)} called on the parties to refrain from escalation"
                    f" {self.when('past')}.")
        if k == 7:
            when = self.when("future")
            verb = "are scheduled for" if when.startswith("on ") else "will be held"
            return f"Parliamentary elections in {self.country()} {verb} {when.removeprefix('on ')}."
        if k == 8:
            return f"{self.short(a)} also stressed that {topic} remained a priority for {self.country()}."
        if k == 9:
            return (f"The previous round of consultations took place in {self.place()} {self.when('past')},"
                    f" with representatives of {self.pick(ORGANIZATIONS)} present.")
        if k == 10:
            return f"{self.full_name(a)} denied reports that {self.country()} had withdrawn from {topic}."
        return (f"According to {self.full_name(a)}, the sides discussed {topic} and agreed to hold"
                f" a new meeting {self.when('future')}.")

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))

    def dateline(self) -> str:
        c = COUNTRIES[self.rng.randrange(len(COUNTRIES))]
        place = c[2] if self.rng.random() < 0.8 else self.pick(OTHER_PLACES)
        month, day = MONTHS[self.pub.month - 1], self.pub.day
        style = self.rng.randrange(4)
        if style == 0:
            return f"{place}, {month} {day}. /{c[3]}/. "
        if style == 1:
            return f"{place}, {month[:3]} {day} (Reuters) - "
        if style == 2:
            return f"{place} (AP) — "
        return f"{place}, {day} {month}. /{c[3]}/. "

    def article(self) -> str:
        rng = self.rng
        n_paras = max(2, int(rng.lognormvariate(1.9, 0.55)))  # median ~7 paragraphs, a long tail
        parts: list[str] = []
        for k in range(n_paras):
            if k >= 3 and rng.random() < 0.12:
                parts.append(self.pick(HEADINGS))
            parts.append(self.paragraph())
        body = "\n\n".join(parts)
        if rng.random() < 0.75:
            body = self.dateline() + body
        sep = " " if rng.random() < 0.8 else "\n"
        return f" date {self.pub.isoformat()}{sep}{body}\n"


def article_text(index: int, seed: int = DEFAULT_SEED) -> str:
    """The ``index``-th synthetic article of the set made with ``seed``."""
    rng = random.Random(f"article:{seed}:{index}")
    start = dt.date(2015, 1, 1).toordinal()
    published = dt.date.fromordinal(start + rng.randrange(11 * 365))
    return _Writer(rng, published).article()


def write_articles(out_dir: str | Path, count: int, seed: int = DEFAULT_SEED) -> Path:
    """Write ``count`` articles into ``out_dir`` (reusing an identical earlier run) and return it."""
    out = Path(out_dir)
    stamp = out / ".generated"
    want = f"{GENERATOR_VERSION} {seed} {count}"
    if stamp.is_file() and stamp.read_text() == want:
        return out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    for i in range(count):
        text = article_text(i, seed)
        h = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]
        # Spread over sub-folders like a real archive, which the loader walks recursively.
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"{i:05d}_{h}.txt"
        path.write_text(text, encoding="utf-8")
        # Archive files are old: date them at their publication, as a download would. (A file
        # modified in the last seconds is one the cache must re-check, which would skew the bench.)
        ts = dt.datetime.fromisoformat(text[6:16] + "T12:00:00").timestamp()
        os.utime(path, (ts, ts))
    stamp.write_text(want)
    return out


# --- synthetic event records ------------------------------------------------------------------------

_TYPES = ("meeting", "visit", "agreement", "statement", "election", "talks", "conflict", "announcement")
_STATUSES = ("happened", "happened", "happened", "scheduled", "expected", "ongoing", "possible", "denied")
_GRANS: tuple[Granularity, ...] = (
    "day", "day", "day", "day", "week", "month", "month", "year", "season", "quarter", "unknown",
)


def synthetic_events(count: int, seed: int = DEFAULT_SEED, *, files: int | None = None) -> Iterator[Event]:
    """``count`` plausible events over 2015-2025, quoting ``files`` synthetic article names."""
    rng = random.Random(f"events:{seed}:{count}")
    n_files = files or max(1, count // 10)
    base = dt.date(2015, 1, 1).toordinal()
    for i in range(count):
        g = _GRANS[rng.randrange(len(_GRANS))]
        start = dt.date.fromordinal(base + rng.randrange(11 * 365))
        span = {"day": 0, "week": 6, "month": 29, "season": 90, "quarter": 90, "year": 364, "unknown": 400}[g]
        end = start + dt.timedelta(days=span if g != "day" or rng.random() > 0.1 else rng.randint(1, 20))
        a, b = COUNTRIES[rng.randrange(len(COUNTRIES))], COUNTRIES[rng.randrange(len(COUNTRIES))]
        person = f"{FIRST[rng.randrange(len(FIRST))]} {LAST[rng.randrange(len(LAST))]}"
        typ = _TYPES[rng.randrange(len(_TYPES))]
        title = f"{a[0]} and {b[0]}: {typ} on {TOPICS[rng.randrange(len(TOPICS))]}"
        fname = f"syn_{rng.randrange(n_files):06d}.txt"
        q = Span(fname, 0, len(title), title)
        parts = (
            Participant(a[0].removeprefix("the "), "country", "host"),
            Participant(b[0].removeprefix("the "), "country", "attendee"),
            Participant(person, "person", "speaker", a[0].removeprefix("the ")),
        )
        yield Event(
            id=f"ev{i:07d}",
            title=title,
            type=typ,
            status=_STATUSES[rng.randrange(len(_STATUSES))],
            interval=Interval(start, end, g),
            date_text="",
            place=a[2].title(),
            participants=parts[: rng.randint(1, 3)],
            trigger=Span(fname, 0, 5, title[:5]),
            quotes=(q,),
        )


def synthetic_corpus(count: int, seed: int = DEFAULT_SEED) -> Corpus:
    """A corpus of ``count`` synthetic events whose quotes resolve to (tiny) synthetic articles."""
    events = tuple(sorted(synthetic_events(count, seed), key=lambda e: (e.interval.start, e.interval.end, e.id)))
    by_file: dict[str, str] = {}
    for e in events:
        for q in e.quotes:
            by_file.setdefault(q.file, q.text)
    articles = []
    for name, text in sorted(by_file.items()):
        articles.append(
            Article(
                file=name, path=name, id=name, published=dt.date(2025, 1, 1), text=text, body_start=0,
                blocks=(Block(0, len(text), "paragraph"),),
            )
        )
    return Corpus(tuple(articles), events, ())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("articles", "events"))
    ap.add_argument("count", type=int)
    ap.add_argument("out", nargs="?", help="output folder (articles)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    if args.what == "articles":
        if not args.out:
            ap.error("articles needs an output folder")
        print(write_articles(args.out, args.count, args.seed))
    else:
        n = sum(1 for _ in synthetic_events(args.count, args.seed))
        print(f"{n} events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
