"""A YAML 1.1 reader's view of `kubeward render --format yaml`.

Reads the YAML stream (argument 1) with PyYAML, a YAML 1.1 implementation (it reads `yes` as
true, `0755` as 493, `1:30` as 90 and `2024-01-01` as a date), and compares every object with
the JSON objects of `kubeward render --format json` (argument 2, one per line). Numbers are
compared by value. Prints the differences and exits 1 if there are any.
"""

import json
import sys

import yaml


def normal(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, dict):
        return {str(k): normal(v) for k, v in value.items()}
    return repr(value)  # a date or anything else YAML 1.1 made of a string


def main(stream, lines):
    with open(stream, encoding="utf-8") as f:
        read = [d for d in yaml.safe_load_all(f) if d is not None]
    printed = []
    with open(lines, encoding="utf-8") as f:
        for line in f:
            at = line.find('"object":')
            if at >= 0:
                value = json.loads(line[at + len('"object":') : line.rindex("}")])
                if value is not None:
                    printed.append(value)
    differ = [(a, b) for a, b in zip(read, printed) if normal(a) != normal(b)]
    print(f"{len(read)} objects read, {len(printed)} printed, {len(differ)} differ")
    for a, b in differ[:5]:
        print(f"  YAML 1.1: {str(a)[:300]}\n  JSON:     {str(b)[:300]}")
    return 0 if not differ and len(read) == len(printed) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
