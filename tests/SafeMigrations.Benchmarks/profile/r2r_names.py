"""Names perf's frames in a ReadyToRun image from crossgen2's perf map of it (`--perfmap`).

perf prints a frame in a file-backed mapping with no ELF symbols as `<offset> [unknown] (/path/Image.dll)`, the offset being
the file offset of the instruction. crossgen2's map gives each method's RVA and size; the image's section table turns one
into the other. The runtime's own perf map (DOTNET_PerfMapEnabled) names only JIT-compiled code, never precompiled code.
"""
import bisect
import glob
import os
import re
import struct


def _sections(image):
    """(file offset, size on disk, RVA) of each section of a PE image."""
    data = open(image, "rb").read(4096)
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    count = struct.unpack_from("<H", data, pe + 6)[0]
    table = pe + 24 + struct.unpack_from("<H", data, pe + 20)[0]
    sections = []
    for i in range(count):
        _, rva, raw_size, raw_offset = struct.unpack_from("<IIII", data, table + 40 * i + 8)
        sections.append((raw_offset, raw_size, rva))
    return sections


class Names:
    """`Names(image, map_directory).of(frame)`: the method a perf frame in the image falls in, or None."""

    def __init__(self, image, map_directory):
        self.image = os.path.basename(image)
        self.sections = _sections(image)
        maps = glob.glob(os.path.join(map_directory, os.path.splitext(self.image)[0] + ".ni.*.map"))
        if not maps:
            raise SystemExit(f"no perf map of {self.image} in {map_directory} (crossgen2 --perfmap --perfmap-path:{map_directory})")
        methods = []
        for line in open(maps[0]):
            rva, size, name = line.rstrip("\n").split(" ", 2)
            rva = int(rva, 16)
            if rva < 0xF0000000:  # the map's header lines use the top addresses
                methods.append((rva, rva + int(size, 16), re.sub(r"\(.*", "", name).split(" ")[-1]))
        methods.sort()
        self.starts = [m[0] for m in methods]
        self.methods = methods

    def of(self, frame):
        if f"/{self.image})" not in frame or "[unknown]" not in frame:
            return None
        offset = int(frame.split()[0], 16)
        rva = next((va + offset - raw for raw, size, va in self.sections if raw <= offset < raw + size), None)
        i = bisect.bisect_right(self.starts, rva) - 1 if rva is not None else -1
        if i >= 0 and rva < self.methods[i][1]:
            return self.methods[i][2].replace("SafeMigrations.Analyzers.", "")
        return None
