#!/usr/bin/env python3
"""Prints which folders of a C# project use types declared in which other folders, and fails on a cycle.

Usage: tools/core-deps.py [PROJECT_DIR] [--ignore FOLDER ...]
A folder's files (subfolders included) form one node; the project root's own files form the node ".". An edge A -> B
means a file in A names a type declared in B (comments and string literals are stripped first), so the graph follows
real type use whatever the namespaces say. Exit code 1 when the graph has a cycle, listing each one.
"""
import os
import re
import sys

DECLARATION = re.compile(r'\b(?:class|record|struct|interface|enum|delegate\s+\S+)\s+([A-Z]\w*)')
# Interpolated strings ($"...{Type.Member()}...") hold code, so they are kept; plain literals and comments are not.
COMMENT_OR_STRING = re.compile(r'//[^\n]*|/\*.*?\*/|(?P<prefix>[$@]*)(?:"""[\s\S]*?"""|"(?:""|\\.|[^"\\\n])*")|\'(?:\\.|[^\'\\\n])\'', re.S)
IDENTIFIER = re.compile(r'\b[A-Z]\w*\b')


def strip(match):
    return match.group(0) if "$" in (match.group("prefix") or "") else " "


def node_of(root, path):
    relative = os.path.relpath(path, root)
    return relative.split(os.sep)[0] if os.sep in relative else "."


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    ignored = set()
    if "--ignore" in argv:
        ignored = set(argv[argv.index("--ignore") + 1:])
        args = argv[:argv.index("--ignore")]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "runtime", "Chronos.Storage")
    files = {}
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = [d for d in subdirs if d not in ("bin", "obj")]
        for name in names:
            if name.endswith(".cs"):
                path = os.path.join(directory, name)
                if node_of(root, path) in ignored:
                    continue
                with open(path, encoding="utf-8") as f:
                    files[path] = COMMENT_OR_STRING.sub(strip, f.read())

    declared_in = {}
    for path, text in files.items():
        for type_name in DECLARATION.findall(text):
            declared_in.setdefault(type_name, set()).add(node_of(root, path))

    edges = {}
    for path, text in files.items():
        source = node_of(root, path)
        edges.setdefault(source, {})
        for identifier in set(IDENTIFIER.findall(text)):
            for target in declared_in.get(identifier, ()):
                if target != source:
                    edges[source].setdefault(target, set()).add(identifier)

    for source in sorted(edges):
        for target in sorted(edges[source]):
            names = sorted(edges[source][target])
            shown = ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")
            print(f"{source} -> {target}  ({shown})")

    cycles = strongly_connected(edges)
    for cycle in cycles:
        print("CYCLE: " + " <-> ".join(sorted(cycle)), file=sys.stderr)
    return 1 if cycles else 0


def strongly_connected(edges):
    """Tarjan's algorithm; returns the components with more than one node."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
