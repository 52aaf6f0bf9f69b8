"""Splits `perf script -F comm,tid,time,ip,sym,dso` of a csc build (stdin) into where the analyzer's CPU goes.

Usage: perf script ... | python3 fresh_csc.py [sampling_hz=499] [image.dll map_directory]
A sample counts when a frame of its stack is in SafeMigrations.Analyzers (the analyzer and the generator, told apart by a
RollbackGenerator frame); it goes to the group of its leaf frame. With the ReadyToRun image and crossgen2's perf map of it
(r2r_names.py), the frames in our precompiled code are named, and two more tables say which of our methods the CPU was
spent in: counting each method once per sample wherever it is on the stack (inclusive), and the innermost of ours only.
"""
import re
import sys
from collections import Counter

from rooms import samples  # the same perf script layout: a header line with the time, then the stack
from r2r_names import Names


def group(leaf):
    dso = re.search(r"\(([^)]*)\)\s*$", leaf)
    dso = dso.group(1).rsplit("/", 1)[-1] if dso else "?"
    if "memset" in leaf:
        return "runtime: clearing new heap memory (memset)"
    if "kallsyms" in dso:
        return "kernel (" + ("page faults" if "pvm_irq_enable" in leaf or "page" in leaf else "other") + ")"
    if dso.startswith("perf-"):
        return "JIT-compiled code (Roslyn's and the framework's tiers, generics over our types)"
    if dso == "SafeMigrations.Analyzers.dll":
        return "our code (ReadyToRun image)"
    if dso == "libclrjit.so":
        return "the JIT compiling"
    if dso == "libcoreclr.so":
        return "runtime (allocation, type loading, stubs)"
    if dso.endswith(".dll"):
        return "ReadyToRun code of " + dso
    return "other native (" + dso + ")"


def main():
    hz = int(sys.argv[1]) if len(sys.argv) > 1 else 499
    names = Names(sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else None
    ours = []
    for _, stack in samples(sys.stdin):
        if any("SafeMigrations.Analyzers" in f for f in stack):
            ours.append((stack, [n for n in map(names.of, stack) if n] if names else []))
    analyzer = [(s, n) for s, n in ours if not any("RollbackGenerator" in f for f in s + n)]
    # Without a perf map a precompiled image's frames are unnamed, so the generator's samples cannot be told from the
    # analyzer's: both are counted as the analyzer's, and the generator's count is not given.
    unnamed = names is None and any("[unknown]" in f and "SafeMigrations.Analyzers" in f for s, _ in ours for f in s)
    generator = "not told apart (unnamed precompiled frames; both counted above)" if unnamed else str(len(ours) - len(analyzer))
    print(f"samples under the analyzer: {len(analyzer)} = {1000 * len(analyzer) / hz:.0f} ms of CPU; under the generator: {generator}")
    for name, count in Counter(group(s[0]) for s, _ in analyzer).most_common():
        print(f"{count:6d} {100 * count / max(1, len(analyzer)):5.1f} %  {name}")
    if names:
        for title, methods in (("our methods, inclusive", lambda n: set(n)), ("our innermost method", lambda n: n[:1])):
            print(f"{title}:")
            counts = Counter(m for _, n in analyzer for m in methods(n))
            for method, count in counts.most_common(25):
                print(f"{count:6d} {100 * count / max(1, len(analyzer)):5.1f} %  {method}")


if __name__ == "__main__":
    main()
