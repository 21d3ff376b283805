#!/usr/bin/env python3
# c-strings.py - every string literal of C files, comments and character
# literals skipped: prints "FILE:LINE: TEXT" (escapes left as written).
#   scripts/c-strings.py src/ledger/*.c | grep -e '--[a-z]'
import sys


def literals(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        s = f.read()
    i, n, line = 0, len(s), 1
    while i < n:
        c = s[i]
        if c == "\n":
            line += 1
            i += 1
        elif s.startswith("//", i):
            j = s.find("\n", i)
            i = n if j < 0 else j
        elif s.startswith("/*", i):
            j = s.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += s.count("\n", i, j)
            i = j
        elif c in "\"'":
            start, j = line, i + 1
            while j < n and s[j] != c:
                if s[j] == "\\":
                    j += 1
                if j < n and s[j] == "\n":
                    line += 1
                j += 1
            if c == '"':
                yield start, s[i + 1 : j]
            i = j + 1
        else:
            i += 1


def main(paths):
    for p in paths:
        for line, text in literals(p):
            sys.stdout.write("%s:%d: %s\n" % (p, line, text.replace("\n", "\\n")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
