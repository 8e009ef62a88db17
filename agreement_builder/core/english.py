"""Numbers in English words, as contracts write them next to the numeral."""

from __future__ import annotations

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_TENS = {
    30: "thirty",
    40: "forty",
    50: "fifty",
    60: "sixty",
    70: "seventy",
    80: "eighty",
    90: "ninety",
}


# words for numbers below a hundred that stand alone: "zero" .. "twenty", the tens to ninety
WORD_VALUES: dict[str, int] = {
    **{w: i for i, w in enumerate(NUMBER_WORDS)},
    **{w: n for n, w in _TENS.items()},
}
TENS_WORDS: dict[str, int] = {"twenty": 20, **{w: n for n, w in _TENS.items()}}

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def number_words(n: int) -> str:
    """English words for 0-999, as contracts write them next to the numeral."""
    if n < 0 or n > 999:
        return str(n)
    if n < 21:
        return NUMBER_WORDS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        base = _TENS.get(tens * 10, "twenty")
        return base if ones == 0 else f"{base}-{NUMBER_WORDS[ones]}"
    hundreds, rest = divmod(n, 100)
    head = f"{NUMBER_WORDS[hundreds]} hundred"
    return head if rest == 0 else f"{head} and {number_words(rest)}"


def a_or_an(words: str) -> str:
    """ "a" or "an" before ``words`` (by sound, roughly: "an Ontario", "a United", "an LLC")."""
    first = words.strip().split(" ", 1)[0] if words.strip() else ""
    low = first.lower()
    if not low:
        return "a"
    if first.isupper() and len(first) > 1:
        return "an" if first[0] in "AEFHILMNORSX" else "a"  # an LLC, a US firm: letter by letter
    if low.startswith(("uni", "use", "usu", "eu", "one", "once")):
        return "a"
    if low.startswith(("hour", "honest", "heir")):
        return "an"
    return "an" if low[0] in "aeiou" else "a"
