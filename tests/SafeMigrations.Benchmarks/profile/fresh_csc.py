"""Splits `perf script -F comm,tid,time,ip,sym,dso` of a csc build (stdin) into where the analyzer's CPU goes.

Usage: perf script ... | python3 fresh_csc.py [sampling_hz=499]
A sample counts when a frame of its stack is in SafeMigrations.Analyzers (the analyzer and the generator, told apart by a
RollbackGenerator frame); it goes to the group of its leaf frame.
"""
import re
import sys
from collections import Counter

from rooms import samples  # the same perf script layout: a header line with the time, then the stack


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
    ours = [stack for _, stack in samples(sys.stdin) if any("SafeMigrations.Analyzers" in f for f in stack)]
    analyzer = [s for s in ours if not any("RollbackGenerator" in f for f in s)]
    print(f"samples under the analyzer: {len(analyzer)} = {1000 * len(analyzer) / hz:.0f} ms of CPU; under the generator: {len(ours) - len(analyzer)}")
    for name, count in Counter(group(s[0]) for s in analyzer).most_common():
        print(f"{count:6d} {100 * count / max(1, len(analyzer)):5.1f} %  {name}")


if __name__ == "__main__":
    main()
