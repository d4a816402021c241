#!/usr/bin/env python3
"""What an example costs its reader: code lines (no blank lines, comments or `use`
statements) and the names from the client crate it must know (CamelCase identifiers
imported from the crate, or written with the crate's path).

usage: api_cost.py CRATE_IDENT FILE...   (CRATE_IDENT: openai_client, async_openai)"""
import re, sys, pathlib

def strip(text):
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    text = re.sub(r'r#"(?:.|\n)*?"#', '""', text)
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    return '\n'.join(l.split('//')[0] for l in text.splitlines())

def cost(path, crate):
    text = strip(pathlib.Path(path).read_text())
    names = set()
    for stmt in re.findall(r'\buse\s+([^;]*);', text):
        if stmt.strip().startswith(crate):
            # `X as Y` is one name to know: X.
            stmt = re.sub(r'\bas\s+[A-Za-z0-9_]+', '', stmt)
            names.update(re.findall(r'\b[A-Z][A-Za-z0-9_]*\b', stmt))
    for path_use in re.findall(crate + r'(?:::[A-Za-z0-9_]+)+', re.sub(r'\buse\s+[^;]*;', '', text)):
        names.update(re.findall(r'\b[A-Z][A-Za-z0-9_]*\b', path_use))
    body = re.sub(r'\buse\s+[^;]*;', '', text)
    lines = [l for l in body.splitlines() if l.strip()]
    return len(lines), sorted(names)

if __name__ == '__main__':
    crate = sys.argv[1]
    for f in sys.argv[2:]:
        n, used = cost(f, crate)
        print(f"{pathlib.Path(f).name}\t{n} lines\t{len(used)} names\t{' '.join(used)}")
