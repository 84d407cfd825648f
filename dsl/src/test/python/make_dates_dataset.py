#!/usr/bin/python3
"""The bundled date-translation dataset: dates as people write them, paired with the ISO date.

Regenerate (from the repository root; Python's standard library only, no locale used):

    /usr/bin/python3 dsl/src/test/python/make_dates_dataset.py

Writes dsl/src/main/resources/io/github/recur/datasets/dates-en-iso.tsv: 10,000 lines
``human<TAB>iso`` in UTF-8 (plain ASCII in fact), e.g. ``saturday, 9 may 1998<TAB>1998-05-09``, the
layout of the Tatoeba/manythings.org ``fra.txt`` files (source, tab, target), so whatever reads this file
reads those too. It is the synthetic task of Andrew Ng's Coursera exercise "Neural Machine Translation
with attention": it is not natural language, and the dataset says so (DATASETS.md).

The dates are drawn uniformly from 1950-01-01 to 2049-12-31, each written in one of the FORMATS below
chosen uniformly; a human string that was already drawn is drawn again, so no source line repeats
(the same string always means the same date, so a repeat would only duplicate a pair).

Reading rules, the same for every line, so that each string denotes exactly one date:
  * numeric dates are day first: 9.5.98 and 9/5/98 are 9 May 1998 (as in most of the world);
  * a two-digit year 50-99 is 1950-1999, 00-49 is 2000-2049 (the range of the data).
Month and weekday names are English and written here, not taken from the locale.
"""
import datetime
import os
import random

SEED = 1998
COUNT = 10_000
FIRST = datetime.date(1950, 1, 1)
LAST = datetime.date(2049, 12, 31)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]  # date.weekday() order

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   "../../main/resources/io/github/recur/datasets/dates-en-iso.tsv")


def ordinal(day):
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st, 22nd, 23rd ... 31st."""
    if day in (11, 12, 13):
        return f"{day}th"
    return f"{day}" + {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def month(d):
    return MONTHS[d.month - 1]


def mon(d):
    return MONTHS[d.month - 1][:3]


def weekday(d):
    return WEEKDAYS[d.weekday()]


def wkd(d):
    return WEEKDAYS[d.weekday()][:3]


def yy(d):
    return f"{d.year % 100:02d}"


# Each format with an example for 1998-05-09. Names are lower case where the format is written so
# (as people type them), capitalised where it is written so (as printed).
FORMATS = [
    ("9 may 1998",            lambda d: f"{d.day} {month(d).lower()} {d.year}"),
    ("09 may 1998",           lambda d: f"{d.day:02d} {month(d).lower()} {d.year}"),
    ("saturday, 9 may 1998",  lambda d: f"{weekday(d).lower()}, {d.day} {month(d).lower()} {d.year}"),
    ("9 May, 1998",           lambda d: f"{d.day} {month(d)}, {d.year}"),
    ("May 9, 1998",           lambda d: f"{month(d)} {d.day}, {d.year}"),
    ("may 9 1998",            lambda d: f"{month(d).lower()} {d.day} {d.year}"),
    ("Saturday, May 9, 1998", lambda d: f"{weekday(d)}, {month(d)} {d.day}, {d.year}"),
    ("Sat, 9 May 1998",       lambda d: f"{wkd(d)}, {d.day} {mon(d)} {d.year}"),
    ("9 Sep 1998",            lambda d: f"{d.day} {mon(d)} {d.year}"),
    ("Sep 9, 1998",           lambda d: f"{mon(d)} {d.day}, {d.year}"),
    ("9th of May 1998",       lambda d: f"{ordinal(d.day)} of {month(d)} {d.year}"),
    ("May 9th, 1998",         lambda d: f"{month(d)} {ordinal(d.day)}, {d.year}"),
    ("9.5.98",                lambda d: f"{d.day}.{d.month}.{yy(d)}"),
    ("09.05.1998",            lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}"),
    ("9/5/98",                lambda d: f"{d.day}/{d.month}/{yy(d)}"),
    ("09/05/1998",            lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"),
]


def main():
    rng = random.Random(SEED)
    span = LAST.toordinal() - FIRST.toordinal()
    seen = set()
    lines = []
    while len(lines) < COUNT:
        d = datetime.date.fromordinal(FIRST.toordinal() + rng.randint(0, span))
        _, write = FORMATS[rng.randrange(len(FORMATS))]
        human = write(d)
        if human in seen:
            continue
        seen.add(human)
        lines.append(f"{human}\t{d.isoformat()}\n")
    # The examples above are what the formats write: a check on the formats themselves.
    may9 = datetime.date(1998, 5, 9)
    for example, write in FORMATS:
        if example not in ("9 Sep 1998", "Sep 9, 1998"):
            assert write(may9) == example, (example, write(may9))
    assert FORMATS[8][1](datetime.date(1998, 9, 9)) == "9 Sep 1998"
    assert [ordinal(d) for d in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"]
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(lines)
    print(f"wrote {len(lines)} pairs to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
