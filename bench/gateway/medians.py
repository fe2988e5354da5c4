"""The medians per build of a phase's rounds: one row per round, "<build> <number> <number> ..." (build old or new)."""
import statistics


def medians(path):
    """{build: (rounds, [median of each column])} for the builds that have rows."""
    rows = [line.split() for line in open(path) if line.strip()]
    result = {}
    for build in ("old", "new"):
        runs = [list(map(float, row[1:])) for row in rows if row[0] == build]
        if runs:
            result[build] = (len(runs), [statistics.median(column) for column in zip(*runs)])
    return result
