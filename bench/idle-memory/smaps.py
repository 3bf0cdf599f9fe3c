"""Resident memory of one process by mapping (file name, or [heap]/[anon]/memfd), largest first: smaps.py PID [N]."""
import collections
import re
import sys

pid = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
current = None
rss = collections.Counter()
with open(f"/proc/{pid}/smaps", encoding="utf-8") as smaps:
    for line in smaps:
        header = re.match(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$", line)
        if header:
            current = re.sub(r".*/", "", header.group(1)) or "[anon]"
        elif line.startswith("Rss:"):
            rss[current] += int(line.split()[1])
print(f"resident total {sum(rss.values())} kB; largest:")
for name, kb in rss.most_common(top):
    print(f"{kb:8d} kB  {name}")
