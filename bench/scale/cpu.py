#!/usr/bin/env python3
"""CPU accounting for bench/scale, from /proc only (load-independent: CPU seconds, not wall-clock).

  cpu.py snap GROUP=PID[,PID…] … > snap.json    one snapshot: per group, the CPU ticks of its processes
  cpu.py diff A.json B.json BUILDS [I0 I1]       per group: CPU seconds between two snapshots, per build, cores;
                                                 with the idle snapshots I0 I1 also per build above idle
  cpu.py idle A.json B.json                      one line: the cores each group keeps busy with nothing to do

A group's ticks are, for each given PID and every live descendant of it, utime+stime (the process itself) and
cutime+cstime (its children that have already exited and been reaped). Summed over a tree this counts every CPU tick
once: a child's ticks move into its parent's cutime exactly when it is reaped. So a build-worker's group includes the
runc, container and slirp4netns processes of its builds. The JVM's own share (utime+stime of the given PIDs only) is
kept apart as "self", so the children's share is group - self. Also recorded: /proc/stat's busy and total ticks, for
the machine's busy cores. A group whose PID is prefixed with "-" excludes that PID's tree (the bench excludes the
workers it started, which are its own children).
"""
import json
import os
import re
import sys

HZ = os.sysconf("SC_CLK_TCK")


def processes():
    """pid -> (ppid, self ticks, reaped-children ticks) for every live process."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                raw = f.read()
        except OSError:
            continue  # exited while we were reading
        # The command name may contain spaces and parentheses: the fields start after the last ')'.
        fields = raw[raw.rindex(")") + 2:].split()
        ppid = int(fields[1])
        utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
        table[int(name)] = (ppid, utime + stime, cutime + cstime)
    return table


def threads(pid):
    """"<tid> <name>" (numbers after '#' or '-' dropped from the name, so a pool's threads add up) -> CPU ticks, for
    one process. A JVM names its threads: C2/C1 CompilerThre(ad), GC Thread, G1 Conc, kafka-producer-…,
    vert.x-eventloo(p), build-job…"""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                raw = f.read()
        except OSError:
            continue  # the thread ended while we were reading
        name = re.sub(r"(?<=[#-])\d+", "", raw[raw.index("(") + 1:raw.rindex(")")]).rstrip("#-")
        fields = raw[raw.rindex(")") + 2:].split()
        out[f"{tid} {name}"] = int(fields[11]) + int(fields[12])
    return out


def tree(table, root, children):
    seen, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            seen.append(pid)
            todo.extend(children.get(pid, ()))
    return seen


def snap(specs):
    table = processes()
    children = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    groups = {}
    for spec in specs:
        name, _, pids = spec.partition("=")
        roots = [int(p) for p in pids.split(",") if p and not p.startswith("-")]
        excluded = set()
        for p in pids.split(","):
            if p.startswith("-"):
                excluded.update(tree(table, int(p[1:]), children))
        total = own = 0
        named = {}
        for root in roots:
            own += table.get(root, (0, 0, 0))[1]
            for thread, ticks in threads(root).items():
                named[thread] = named.get(thread, 0) + ticks
            for pid in tree(table, root, children):
                if pid not in excluded:
                    total += table[pid][1] + table[pid][2]
        groups[name] = {"ticks": total, "self": own, "threads": named}
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:9]]
    idle = cpu[3] + cpu[4]
    return {"groups": groups, "busy": sum(cpu) - idle, "total": sum(cpu), "cores": os.cpu_count()}


def idle_rates(i0, i1):
    """group -> (cores of the whole tree, cores of the given PIDs alone) with nothing to do."""
    wall = (i1["total"] - i0["total"]) / HZ / i0["cores"]
    return {name: ((g["ticks"] - i0["groups"][name]["ticks"]) / HZ / wall,
                   (g["self"] - i0["groups"][name]["self"]) / HZ / wall) for name, g in i1["groups"].items()}


def diff(a, b, builds, rates=None):
    """The run's CPU per group. With idle rates, also what each build cost above the group's idle burn over the
    run's length: the part that does not grow when a loaded machine stretches the run."""
    total = b["total"] - a["total"]
    wall = total / HZ / a["cores"]
    busy = (b["busy"] - a["busy"]) / total * a["cores"] if total else 0.0
    farm = 0.0
    above = f"{'above idle':>12}" if rates else ""
    print(f"    {'process group':<28}{'CPU s':>8}{'per build':>11}{'cores':>7}{above}")

    def row(label, secs, idle_cores):
        extra = f"{(secs - idle_cores * wall) / builds:12.2f}" if rates else ""
        print(f"    {label:<28}{secs:8.1f}{secs / builds:11.2f}{secs / wall:7.2f}{extra}")

    for name, g in b["groups"].items():
        before = a["groups"].get(name, {"ticks": 0, "self": 0})
        secs = (g["ticks"] - before["ticks"]) / HZ
        own = (g["self"] - before["self"]) / HZ
        farm += secs
        tree, alone = (rates or {}).get(name, (0.0, 0.0))
        row(name, secs, tree)
        if name.startswith("workers"):
            row("  of which the JVMs", own, alone)
            row("  of which runc + RUN steps", secs - own, tree - alone)
    machine = busy * wall
    print(f"    {'everything else (not ours)':<28}{machine - farm:8.1f}{'':>11}{(machine - farm) / wall:7.2f}")
    print(f"    machine: {busy:.2f} of {a['cores']} cores busy over {wall:.1f} s")
    print("    the JVMs' busiest threads, CPU ms per build (threads that ended during the run, and per-thread tick rounding: \"ended+rounding\"):")
    for name, g in b["groups"].items():
        before = a["groups"].get(name, {}).get("threads", {})
        used = {}
        for thread, ticks in g.get("threads", {}).items():  # per thread id, added up per name
            label = thread.split(" ", 1)[1]
            used[label] = used.get(label, 0) + (ticks - before.get(thread, 0)) / HZ
        # what the given PIDs used that no live thread accounts for: threads that ended (idle pool threads retire)
        used["ended+rounding"] = (g["self"] - a["groups"].get(name, {"self": 0})["self"]) / HZ - sum(used.values())
        top = sorted(((secs, t) for t, secs in used.items() if secs > 0), reverse=True)[:7]
        if len(used) > 2 and top:  # a JVM, not a single-threaded process
            print(f"      {name.split(' (')[0]:<14}" + ", ".join(f"{t} {secs * 1000 / builds:.0f}" for secs, t in top))


def idle(a, b):
    wall = (b["total"] - a["total"]) / HZ / a["cores"]
    cores = [f"{name.split(' (')[0]} {(g['ticks'] - a['groups'][name]['ticks']) / HZ / wall:.2f}"
             for name, g in b["groups"].items()]
    print(f"    idle farm over {wall:.0f} s, cores: " + ", ".join(cores))


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "snap":
        json.dump(snap(sys.argv[2:]), sys.stdout)
    elif len(sys.argv) in (5, 7) and sys.argv[1] == "diff":
        snaps = []
        for path in sys.argv[2:4] + sys.argv[5:]:
            with open(path) as f:
                snaps.append(json.load(f))
        diff(snaps[0], snaps[1], int(sys.argv[4]), idle_rates(snaps[2], snaps[3]) if len(snaps) == 4 else None)
    elif len(sys.argv) == 4 and sys.argv[1] == "idle":
        with open(sys.argv[2]) as fa, open(sys.argv[3]) as fb:
            idle(json.load(fa), json.load(fb))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
