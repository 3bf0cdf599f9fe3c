"""Resident memory of one process from /proc/PID/smaps: by kind of mapping (with what of it only this process maps),
then the largest mappings by file name ([heap], [anon], memfd). Usage: smaps.py PID [N]."""
import collections
import os
import re
import sys

pid = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25


def kind(path):
    name = os.path.basename(path)
    if "doublemapper" in path:
        return "JIT code, stubs and loader heaps (memfd:doublemapper)"
    if path == "[heap]":
        return "native heap (malloc: SQLite, OpenSSL, ICU, runtime)"
    if path == "":
        return "anonymous (GC heap, thread stacks, malloc arenas)"
    if path.startswith("["):
        return "other " + path
    if "/shared/Microsoft.NETCore.App/" in path and path.endswith(".dll"):
        return "framework assemblies"
    if path.endswith(".dll"):
        return "app and package assemblies"
    if "libicu" in name:
        return "ICU"
    if "libcrypto" in name or "libssl" in name:
        return "OpenSSL"
    if "libcoreclr" in name or "libclrjit" in name or "System." in name or "libhostfxr" in name or "libhostpolicy" in name:
        return "runtime (libcoreclr, libclrjit, host, System.*.so)"
    if "sqlite" in name:
        return "SQLite"
    if ".so" in name:
        return "other native libraries (libc, libstdc++, ...)"
    return "other files (" + name + ")"


by_file = collections.Counter()
by_kind = collections.Counter()
private = collections.Counter()
current = None
current_kind = None
with open(f"/proc/{pid}/smaps", encoding="utf-8") as smaps:
    for line in smaps:
        header = re.match(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$", line)
        if header:
            current = re.sub(r".*/", "", header.group(1)) or "[anon]"
            current_kind = kind(header.group(1))
            continue
        key, _, value = line.partition(":")
        if key == "Rss":
            by_file[current] += int(value.split()[0])
            by_kind[current_kind] += int(value.split()[0])
        elif key in ("Private_Clean", "Private_Dirty"):
            private[current_kind] += int(value.split()[0])
total = sum(by_kind.values())
print(f"resident total {total} kB ({total / 1024:.1f} MB), mapped by this process only {sum(private.values()) / 1024:.1f} MB")
print("by kind (MB resident, of which mapped by this process only):")
for name, kb in by_kind.most_common():
    if kb >= 64:
        print(f"{kb / 1024:7.1f} ({private[name] / 1024:5.1f})  {name}")
print("largest mappings:")
for name, kb in by_file.most_common(top):
    print(f"{kb:8d} kB  {name}")
