#!/usr/bin/env python3
"""plan-quote.py - find and check the byte positions of quotes in a notice.

Authoring aid for plan files (docs/PLAN-FORMAT.md, `minsheng-plan/1`), whose
provenance objects give every quote with its BYTE offset and BYTE length in
the UTF-8 source notice. Never count bytes by hand; ask this script.

Find a quote:

    scripts/plan-quote.py NOTICE QUOTE
        every occurrence: its number (1-based), byte offset, line and a
        little context, and the quote's byte length

    scripts/plan-quote.py NOTICE QUOTE N
        only the N-th occurrence, printed as a provenance snippet
        {"quote": ..., "offset": ..., "length": ..., "basis": "text"}

    --after BYTE    count only occurrences starting at or after BYTE (useful
                    to pick the copy inside an item's own section: give the
                    offset of the item's title)
    --before BYTE   count only occurrences ending at or before BYTE

Check a plan:

    scripts/plan-quote.py --check PLAN.json [--source NOTICE]

        walks the whole plan and checks every provenance object (any object
        with a "basis", "quote" or "offset"): a quote has integer offset and
        length, length is the quote's UTF-8 byte length, and the source bytes
        at offset..offset+length are the quote; basis is one of text,
        inferred, external, assumption; text and inferred have a quote;
        every basis other than text has a note; external has a citation.
        Also checks source.sha256 and source.bytes against the notice
        (source.path is resolved against the plan's folder, then the working
        directory, unless --source is given). Prints each problem with its
        JSON path, then a summary (items, indicators, notes). Exit status 0
        when there are no problems, 1 when there are, 2 on usage errors.

Standard library only.
"""

import argparse
import hashlib
import json
import os
import sys

BASES = ("text", "inferred", "external", "assumption")


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def find_all(src, quote, after=0, before=None):
    """Byte offsets of every (possibly overlapping) occurrence of quote."""
    q = quote.encode("utf-8") if isinstance(quote, str) else quote
    if not q:
        return []
    end = len(src) if before is None else before
    out, i = [], src.find(q, after)
    while i >= 0 and i + len(q) <= end:
        out.append(i)
        i = src.find(q, i + 1)
    return out


def line_of(src, offset):
    return src.count(b"\n", 0, offset) + 1


def context(src, offset, length, width=24):
    """A few characters either side, decoded leniently, newlines shown as ⏎."""
    a = src[max(0, offset - width * 3):offset].decode("utf-8", "ignore")[-width:]
    b = src[offset + length:offset + length + width * 3].decode("utf-8", "ignore")[:width]
    m = src[offset:offset + length].decode("utf-8", "replace")
    return ("…" + a + "【" + m + "】" + b + "…").replace("\n", "⏎")


def cmd_find(args):
    src = read_bytes(args.notice)
    q = args.quote.encode("utf-8")
    offs = find_all(src, q, args.after, args.before)
    if args.occurrence is not None:
        if args.occurrence < 1 or args.occurrence > len(offs):
            print("plan-quote: occurrence %d requested but the quote occurs %d time(s)%s"
                  % (args.occurrence, len(offs),
                     " in the range given" if (args.after or args.before is not None) else ""),
                  file=sys.stderr)
            return 1
        o = offs[args.occurrence - 1]
        print(json.dumps({"quote": args.quote, "offset": o, "length": len(q), "basis": "text"},
                         ensure_ascii=False))
        return 0
    print("length %d bytes, %d occurrence(s)" % (len(q), len(offs)))
    for n, o in enumerate(offs, 1):
        print("#%d offset %d line %d %s" % (n, o, line_of(src, o), context(src, o, len(q))))
    return 0 if offs else 1


class Checker:
    def __init__(self, src):
        self.src = src
        self.errors = []
        self.nprov = 0
        self.nquotes = 0
        self.nrepeated = 0
        self.bases = {}

    def err(self, path, msg):
        self.errors.append("%s: %s" % (path or "(top)", msg))

    def is_prov(self, obj):
        return isinstance(obj, dict) and any(k in obj for k in ("basis", "quote", "offset"))

    def prov(self, path, p):
        self.nprov += 1
        basis = p.get("basis")
        self.bases[basis] = self.bases.get(basis, 0) + 1
        if basis not in BASES:
            self.err(path + ".basis", "%r is not one of %s" % (basis, ", ".join(BASES)))
        q = p.get("quote")
        if basis in ("text", "inferred") and q is None:
            self.err(path + ".quote", "basis %r needs the notice's own words" % basis)
        if basis != "text":
            note = p.get("note")
            if not isinstance(note, str) or not note.strip():
                self.err(path + ".note", "basis %r needs a note saying why" % basis)
        if basis == "external" and not p.get("citation"):
            self.err(path + ".citation", "basis 'external' needs the document cited")
        if q is None:
            if "offset" in p or "length" in p:
                self.err(path + ".offset", "offset/length given without a quote")
            return
        if not isinstance(q, str) or not q:
            self.err(path + ".quote", "must be a non-empty string")
            return
        self.nquotes += 1
        qb = q.encode("utf-8")
        off, length = p.get("offset"), p.get("length")
        if not (isinstance(off, int) and not isinstance(off, bool)) or \
           not (isinstance(length, int) and not isinstance(length, bool)):
            found = find_all(self.src, qb)
            self.err(path + ".offset", "a quote needs integer offset and length; %r occurs at %s"
                     % (q, found or "no byte of the source"))
            return
        if length != len(qb):
            self.err(path + ".length", "is %d but the quote is %d bytes" % (length, len(qb)))
        if off < 0 or off + len(qb) > len(self.src):
            self.err(path + ".offset", "%d+%d lies outside the source (%d bytes)"
                     % (off, len(qb), len(self.src)))
            return
        at = self.src[off:off + len(qb)]
        if at != qb:
            found = find_all(self.src, qb)
            if found:
                self.err(path + ".quote", "%r is not at byte %d; it occurs at %s"
                         % (q, off, ", ".join(map(str, found))))
            else:
                self.err(path + ".quote", "%r does not occur in the source; at byte %d stands %r"
                         % (q, off, at.decode("utf-8", "replace")))
            return
        if len(find_all(self.src, qb)) > 1:
            self.nrepeated += 1

    def walk(self, path, obj):
        if isinstance(obj, dict):
            if self.is_prov(obj):
                self.prov(path, obj)
                return
            for k, v in obj.items():
                self.walk("%s.%s" % (path, k) if path else k, v)
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                self.walk("%s[%d]" % (path, i), v)


def resolve_source(plan_path, plan, given):
    if given:
        return given
    rel = (plan.get("source") or {}).get("path")
    if not isinstance(rel, str) or not rel:
        return None
    if os.path.isabs(rel):
        return rel
    cand = os.path.join(os.path.dirname(os.path.abspath(plan_path)), rel)
    if os.path.exists(cand):
        return cand
    return rel if os.path.exists(rel) else None


def summary(plan, ck):
    items = plan.get("items") or []
    present = [it for it in items if isinstance(it, dict) and it.get("present_in_source") is True]
    absent = [it.get("no") for it in items
              if isinstance(it, dict) and it.get("present_in_source") is False]
    inds = [ind for it in items if isinstance(it, dict)
            for ind in (it.get("indicators") or []) if isinstance(ind, dict)]
    kinds = {}
    for ind in inds:
        kinds[ind.get("kind")] = kinds.get(ind.get("kind"), 0) + 1
    ids = [ind.get("id") for ind in inds]
    dup = sorted({i for i in ids if ids.count(i) > 1 and i is not None})
    if dup:
        ck.err("items[].indicators[].id", "used more than once: %s" % ", ".join(dup))
    notes = plan.get("notes") or []
    flags = {}
    for n in notes:
        if isinstance(n, dict):
            flags[n.get("flag")] = flags.get(n.get("flag"), 0) + 1
    fmt = lambda d: ", ".join("%s %d" % (k, v) for k, v in sorted(d.items(), key=lambda kv: str(kv[0])))
    lines = [
        "items: %d (%d present, absent: %s)" % (len(items), len(present),
                                                 ", ".join(map(str, absent)) or "none"),
        "indicators: %d (%s)" % (len(inds), fmt(kinds)),
        "notes: %d (%s)" % (len(notes), fmt(flags)),
        "rounds: %d" % len(plan.get("rounds") or []),
        "provenance: %d checked, %d with a quote (%d of those quote words that occur more "
        "than once), bases: %s" % (ck.nprov, ck.nquotes, ck.nrepeated, fmt(ck.bases)),
    ]
    return lines


def cmd_check(args):
    try:
        with open(args.check, "r", encoding="utf-8") as f:
            plan = json.load(f)
    except (OSError, ValueError) as e:
        print("plan-quote: %s: %s" % (args.check, e), file=sys.stderr)
        return 1
    if not isinstance(plan, dict):
        print("plan-quote: %s: not a JSON object" % args.check, file=sys.stderr)
        return 1
    srcpath = resolve_source(args.check, plan, args.source)
    if not srcpath:
        print("plan-quote: cannot find the source notice named by source.path", file=sys.stderr)
        return 1
    src = read_bytes(srcpath)
    ck = Checker(src)
    s = plan.get("source") or {}
    sha = hashlib.sha256(src).hexdigest()
    if s.get("sha256") != sha:
        ck.err("source.sha256", "is %r but %s hashes to %s" % (s.get("sha256"), srcpath, sha))
    if s.get("bytes") != len(src):
        ck.err("source.bytes", "is %r but %s has %d bytes" % (s.get("bytes"), srcpath, len(src)))
    for k, v in plan.items():
        if k != "source":
            ck.walk(k, v)
    lines = summary(plan, ck)
    for e in ck.errors:
        print("error: " + e)
    print("source: %s (%d bytes, sha256 %s)" % (srcpath, len(src), sha))
    for line in lines:
        print(line)
    print("errors: %d" % len(ck.errors))
    return 1 if ck.errors else 0


def main(argv):
    ap = argparse.ArgumentParser(
        description="Find byte offsets of quotes in a notice, or check a plan's provenance.")
    ap.add_argument("notice", nargs="?", help="the notice file (UTF-8)")
    ap.add_argument("quote", nargs="?", help="the exact words to find")
    ap.add_argument("occurrence", nargs="?", type=int, help="which occurrence, 1-based")
    ap.add_argument("--after", type=int, default=0, metavar="BYTE")
    ap.add_argument("--before", type=int, default=None, metavar="BYTE")
    ap.add_argument("--check", metavar="PLAN.json", help="check every provenance in a plan")
    ap.add_argument("--source", metavar="NOTICE", help="with --check: the notice to use")
    args = ap.parse_args(argv)
    if args.check:
        if args.notice or args.quote:
            ap.error("--check takes only PLAN.json (and --source)")
        return cmd_check(args)
    if not args.notice or args.quote is None:
        ap.error("give NOTICE and QUOTE, or --check PLAN.json")
    if not args.quote:
        ap.error("the quote is empty")
    return cmd_find(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
