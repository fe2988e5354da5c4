#!/usr/bin/env python3
"""CPU per thread of one process, from /proc/<pid>/task/<tid>/stat (bench/gateway/run.sh).

  threadcpu.py snap PID               print "tid ticks name" for every live thread
  threadcpu.py diff BEFORE AFTER N    CPU between two snaps, grouped by thread name (pool numbers stripped), in ms per
                                      operation over N operations; a thread born after BEFORE counts whole, one that
                                      died before AFTER is lost (the total from /proc/<pid>/stat has it)
"""
import os
import re
import sys


def snap(pid):
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                line = f.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = line[line.index("(") + 1:line.rindex(")")]
        rest = line[line.rindex(")") + 2:].split()
        print(tid, int(rest[11]) + int(rest[12]), name.replace(" ", "_"))


def read(path):
    rows = {}
    with open(path) as f:
        for line in f:
            tid, ticks, name = line.split(maxsplit=2)
            rows[tid] = (int(ticks), name.strip())
    return rows


def group(name):
    # executor-thread-12 -> executor-thread, GC_Thread#1 -> GC_Thread, vert.x-eventloo (15 chars) stays
    return re.sub(r"[-#_]?\d+$", "", name)


def diff(before_path, after_path, n):
    before, after = read(before_path), read(after_path)
    clk = os.sysconf("SC_CLK_TCK")
    per = {}
    for tid, (ticks, name) in after.items():
        used = ticks - before.get(tid, (0, name))[0]
        per[group(name)] = per.get(group(name), 0) + used
    total = sum(per.values())
    parts = sorted(((t, name) for name, t in per.items() if t > 0), reverse=True)
    shown = ", ".join(f"{name} {t / clk * 1000 / n:.3f}" for t, name in parts[:12])
    print(f"gateway threads, ms cpu per job (live threads {total / clk * 1000 / n:.3f}): {shown}")


if __name__ == "__main__":
    if sys.argv[1] == "snap":
        snap(sys.argv[2])
    else:
        diff(sys.argv[2], sys.argv[3], int(sys.argv[4]))
