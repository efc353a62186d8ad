"""Words the tagger knows: month and weekday names, number words, calendar units.

Only closed-class vocabulary lives here; tables that need a source (occasions, holidays) are JSON
files under ``resources/``.
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

#: Capitalized month names and abbreviations; abbreviations are never accepted bare.
MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
MONTH = rf"(?:{MONTH_FULL}\b|{MONTH_ABBR}\b\.?)"

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

#: TimeML part-of-day codes.
PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}  # fmt: skip

SEASONS: dict[str, str] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

_UNITS_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
#: Quantities too vague for a number: they become ``X`` in a TimeML value.
VAGUE_QUANTITIES = ("a few", "few", "several", "some", "many", "a couple of", "couple of", "a number of")

NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+hundred|hundred)"
)
VAGUE = r"(?:a\s+few|few|several|some|many|a\s+couple\s+of|couple\s+of|a\s+number\s+of)"

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip


def number_value(word: str) -> int | None:
    """The integer a number word or digit string stands for; ``None`` if vague or unknown."""
    w = " ".join(word.lower().split())
    if w.isdigit():
        return int(w)
    if w in ("a", "an", "one", "a single", "single"):
        return 1
    if w in ("a hundred", "hundred"):
        return 100
    if w in _UNITS_WORDS:
        return _UNITS_WORDS[w]
    if w in _TENS_WORDS:
        return _TENS_WORDS[w]
    w = w.replace(" ", "-")
    if "-" in w:
        tens, _, unit = w.partition("-")
        if tens in _TENS_WORDS and unit in _UNITS_WORDS:
            return _TENS_WORDS[tens] + _UNITS_WORDS[unit]
    return None


#: Calendar units: TimeML duration letter, whether it is a time (PT...) unit, and the granularity a
#: date at that unit has on the timeline.
UNITS: dict[str, tuple[str, bool, str]] = {
    "second": ("S", True, "day"), "minute": ("M", True, "day"), "hour": ("H", True, "day"),
    "day": ("D", False, "day"), "night": ("D", False, "day"), "week": ("W", False, "week"),
    "weekend": ("WE", False, "week"), "fortnight": ("W", False, "week"), "month": ("M", False, "month"),
    "quarter": ("Q", False, "quarter"), "year": ("Y", False, "year"), "decade": ("DE", False, "decade"),
    "century": ("CE", False, "decade"),
}  # fmt: skip


def unit_of(word: str) -> str:
    """Singular unit name of a (possibly plural or hyphenated) unit word."""
    w = word.lower()
    if w == "centuries":
        return "century"
    if w.endswith("s") and w[:-1] in UNITS:
        return w[:-1]
    return w
