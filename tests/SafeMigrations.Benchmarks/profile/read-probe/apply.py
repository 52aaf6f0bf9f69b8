"""Adds the read probe (ReadProbe.cs.txt) to a copy of the repository: around MigrationMethodReader.Read (what="methods": each
Up and Down read) or around DesignerTables.Table (what="tables": each previous-Designer table question). Never applied to the
repository itself: read-probe.sh applies it to a worktree of the revision it measures.

Usage: python3 apply.py REPOSITORY_COPY methods|tables
"""
import os
import re
import shutil
import sys

root, what = sys.argv[1], sys.argv[2]
analyzer = os.path.join(root, "analyzers", "SafeMigrations.Analyzers")
shutil.copy(os.path.join(os.path.dirname(__file__), "ReadProbe.cs.txt"), os.path.join(analyzer, "Infrastructure", "ReadProbe.cs"))
START = "var probeCpu = Infrastructure.ReadProbe.Now(); var probeBytes = Infrastructure.ReadProbe.Allocated();"
END = "Infrastructure.ReadProbe.Add(Infrastructure.ReadProbe.Now() - probeCpu, Infrastructure.ReadProbe.Allocated() - probeBytes);"

if what == "tables":
    path = os.path.join(analyzer, "Reading", "TargetModelReader.Direct.cs")
    source = open(path).read()
    signature = "        public TableDefinition? Table(string name, string? schema)\n        {\n"
    assert signature in source, "DesignerTables.Table not found"
    source = source.replace(signature, signature + f"            {START}\n            try {{ return ProbedTable(name, schema); }}\n"
                            f"            finally {{ {END} }}\n        }}\n\n        private TableDefinition? ProbedTable(string name, string? schema)\n        {{\n", 1)
else:
    path = os.path.join(analyzer, "Reading", "MigrationMethodReader.cs")
    source = open(path).read()
    # The method that reads a body: the overload with readsByText where it exists, the public Read before it.
    match = re.search(r"static MigrationMethod Read\([^)]*(readsByText|readsTableColumns = true)\)\n    \{\n", source)
    assert match, "MigrationMethodReader.Read not found"
    body_end = source.index("        };\n    }\n", match.end()) + len("        };\n")
    source = (source[:match.end()] + f"        {START}\n        try\n        {{\n" + source[match.end():body_end]
              + f"        }}\n        finally\n        {{\n            {END}\n        }}\n" + source[body_end:])
open(path, "w").write(source)
