#!/usr/bin/env python3
"""The library's public surface, one declaration per line, from the symbol graphs that
`swift package dump-symbol-graph --minimum-access-level public` writes (issue 9: `public` only
for what a Swift user needs). scripts/build_docs.sh compares it with docs/public-api.txt, so a
change of the surface is seen in review; record a deliberate change with
`python3 scripts/public_api.py GRAPH_DIR > docs/public-api.txt`.
"""
import glob, json, os, sys

MODULES = ["Tabular", "DataIO", "LinearAlgebra", "Econometrics", "Productivity", "Planning", "Workflow", "Reporting"]

def main(folder):
    lines = set()
    for module in MODULES:
        for path in [os.path.join(folder, module + ".symbols.json")] + glob.glob(os.path.join(folder, module + "@*.symbols.json")):
            graph = json.load(open(path))
            for symbol in graph["symbols"]:
                if symbol.get("accessLevel") not in ("public", "open"):
                    continue
                # Synthesised conformances (Codable, Equatable, RawRepresentable) are not written by us.
                name = ".".join(symbol["pathComponents"])
                if symbol["identifier"]["precise"].startswith("s:") and "::SYNTHESIZED::" in symbol["identifier"]["precise"]:
                    continue
                declaration = "".join(f["spelling"] for f in symbol.get("declarationFragments", []))
                declaration = " ".join(declaration.split())
                lines.add(f"{module}\t{name}\t{declaration}")
    for line in sorted(lines):
        print(line)
    print(f"# {len(lines)} public declarations", file=sys.stderr)

if __name__ == "__main__":
    main(sys.argv[1])
