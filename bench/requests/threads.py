#!/usr/bin/env python3
"""threads.py PID: CPU ticks of a process (utime+stime, exited threads included) and of each live thread (by thread
id, with its name), as one JSON object."""
import json, os, sys

pid = sys.argv[1]
fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
out = {'process': int(fields[11]) + int(fields[12]), 'threads': {}}
for tid in os.listdir(f'/proc/{pid}/task'):
    try:
        stat = open(f'/proc/{pid}/task/{tid}/stat').read()
    except OSError:
        continue  # the thread ended meanwhile
    f = stat[stat.rindex(')') + 2:].split()
    out['threads'][tid] = [stat[stat.index('(') + 1:stat.rindex(')')], int(f[11]) + int(f[12])]
print(json.dumps(out))
