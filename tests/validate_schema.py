#!/usr/bin/env python3
"""Validates camtrace output against the shipped JSON Schemas: validate_schema.py SCHEMA FILE [--jsonl]."""
import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) < 3:
        print("usage: validate_schema.py SCHEMA FILE [--jsonl]", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    with open(sys.argv[2], encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()] if "--jsonl" in sys.argv else [json.load(f)]
    failures = 0
    for number, doc in enumerate(docs, 1):
        for error in validator.iter_errors(doc):
            failures += 1
            print(f"{sys.argv[2]}:{number}: {error.json_path}: {error.message}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
