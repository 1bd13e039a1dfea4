#!/usr/bin/env python3
"""Lists the longest function bodies in camtrace's C++ sources.

A function is a line that opens a body at its end ("... ) {", "... ) const {", "... override {") and
is not a control statement, matched to its closing brace by counting braces outside strings, character
literals and comments. Lambdas and local classes count towards the function holding them; member
functions defined inside a class count on their own. Usage: tools/function_lengths.py [--top N] [DIR...]
"""
import argparse
import pathlib
import re

SIGNATURE = re.compile(r"\)\s*(const\s*)?(noexcept\s*)?(override\s*)?(->\s*[\w:<>, ]+\s*)?\{\s*$")
CONTROL = re.compile(r"^\s*(if|for|while|switch|catch|else|do)\b|^\s*\}?\s*else\b|\[[^\]]*\]\s*\(")


def strip(line, in_comment):
    out, i = [], 0
    while i < len(line):
        if in_comment:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), True
            i, in_comment = end + 2, False
        elif line.startswith("//", i):
            break
        elif line.startswith("/*", i):
            in_comment, i = True, i + 2
        elif line[i] in "\"'":
            quote, i = line[i], i + 1
            while i < len(line) and line[i] != quote:
                i += 2 if line[i] == "\\" else 1
            i += 1
        else:
            out.append(line[i])
            i += 1
    return "".join(out), in_comment


def functions(path):
    lines = path.read_text(errors="replace").splitlines()
    code, in_comment = [], False
    for line in lines:
        text, in_comment = strip(line, in_comment)
        code.append(text)
    found, i = [], 0
    while i < len(code):
        if SIGNATURE.search(code[i]) and not CONTROL.search(code[i]):
            depth, j = 0, i
            while j < len(code):
                depth += code[j].count("{") - code[j].count("}")
                if depth == 0:
                    break
                j += 1
            found.append((j - i + 1, path, i + 1, lines[i].strip()[:90]))
        i += 1
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("dirs", nargs="*", default=["cli", "audit", "report", "formats", "analyzers"])
    args = parser.parse_args()
    rows = []
    for d in args.dirs:
        for path in sorted(pathlib.Path(d).rglob("*")):
            if path.suffix in (".cpp", ".h"):
                rows.extend(functions(path))
    rows.sort(key=lambda r: -r[0])
    for length, path, line, text in rows[: args.top]:
        print(f"{length:5d}  {path}:{line}  {text}")


if __name__ == "__main__":
    main()
