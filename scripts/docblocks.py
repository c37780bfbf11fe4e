"""Generated blocks of the docs: the text between an opening and a closing marker, written by a
script from what it reads (weights, results files) and checked by CI (`--check`)."""

import sys


def between(text, begin, end, body):
    """`text` with `body` between the markers `begin` and `end` (the first pair)."""
    start = text.index(begin) + len(begin)
    stop = text.index(end, start)
    return text[:start] + "\n" + body.strip() + "\n" + text[stop:]


def write_or_check(path, updated, check, what):
    """Writes `updated` to `path`; with `check`, writes nothing and fails (1) when the page is
    not `updated`, naming `what` is stale and the script that writes it."""
    if not check:
        path.write_text(updated)
        return 0
    if path.read_text() != updated:
        print(f"{path.name}: out of date, {what}: run {sys.argv[0]}", file=sys.stderr)
        return 1
    return 0
