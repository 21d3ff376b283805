#!/usr/bin/env python3
"""scripts/real_notices.py - measures `notice import` on the real notices of
tests/fixtures/notices/real/ against their hand-checked NAME.expect files.

A target is (item, unit, value) from the facts' targets placed in an item.

Usage: real_notices.py MINSHENG [DIR]  ->  one line per text, then per shape and
in all: targets (item, unit, value), lead units (item, name), issuer region
and year. Prints "floors: ..." figures for tests/cli/real.sh to assert.

A text that fails to import counts as finding nothing. Region: right when the
draft's region code is the expected one, or, for a region whose code the
project does not know, when the header's region name is the expected name;
an expected '-' is right only when no region is claimed. Year likewise with
'-' meaning no year may be claimed.
"""
import json, os, re, subprocess, sys
from collections import defaultdict

ms, d = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else 'tests/fixtures/notices/real'

def expect(path):
    e = {'targets': [], 'leads': [], 'items': None, 'region': ('-', '-'), 'year': '-', 'shape': '?'}
    for line in open(path, encoding='utf-8'):
        line = line.split('#')[0].split()
        if not line:
            continue
        k, v = line[0], line[1:]
        if k == 'target':
            e['targets'].append((int(v[0]), v[1], float(v[2])))
        elif k == 'lead':
            e['leads'].append((int(v[0]), v[1]))
        elif k == 'items':
            e['items'] = None if v == ['-'] else [int(x) for x in v]
        elif k == 'region':
            e['region'] = (v[0], v[1])
        elif k in ('year', 'shape', 'count'):
            e[k] = v[0]
    return e

def imported(path):
    p = subprocess.run([ms, 'notice', 'import', path, '--json'], capture_output=True)
    try:
        return json.loads(p.stdout)
    except ValueError:
        return None

def multiset_hits(want, got):
    left = list(want)
    hit = 0
    for g in got:
        if g in left:
            left.remove(g)
            hit += 1
    return hit

def measure(name, e, j):
    r = {'tw': len(e['targets']), 'tg': 0, 'th': 0, 'lw': len(e['leads']), 'lg': 0, 'lh': 0}
    got_t, got_l, items = [], [], []
    region_ok = year_ok = False
    if j:
        plan = j.get('plan') or {}
        for it in plan.get('items', []):
            if it.get('present_in_source'):
                items.append(it['no'])
        # every quantified target read and placed in an item, whether or not the
        # plan format's unit list lets it be a target indicator (公里, 平方米… are
        # kept as qualitative indicators with the figure in their note)
        for t in (j.get('facts') or {}).get('targets', []):
            if t.get('item', 0) >= 1 and t.get('value') is not None:
                got_t.append((t['item'], t.get('unit'), float(t['value'])))
        # the unit that leads each item, as the text names it: its 牵头单位, else the
        # first 责任单位 (whether or not the org table knows it yet)
        units = (j.get('facts') or {}).get('units', [])
        for no in sorted({u.get('item', 0) for u in units if u.get('item', 0) >= 1}):
            mine = [u for u in units if u.get('item') == no]
            lead = [u for u in mine if u.get('role') == 'lead'] or [u for u in mine if u.get('role') == 'responsible'][:1]
            got_l.extend((no, u.get('name')) for u in lead)
        hdr = (j.get('facts') or {}).get('header') or {}
        # before the importer reported a region and a year in the header, the draft's own fields
        reg = hdr.get('region') if 'region' in hdr else {'code': plan.get('region_code')}
        reg = reg or {}
        code, rname = reg.get('code'), reg.get('name') or ''
        want_code, want_name = e['region']
        if want_code == '-':
            region_ok = not code and not rname
        else:
            region_ok = code == want_code or (not code and rname.startswith(want_name))
        y = (hdr.get('year') or {}).get('value') if 'year' in hdr else plan.get('year')
        year_ok = (str(y) == e['year']) if e['year'] != '-' else y is None
    r['tg'], r['lg'] = len(got_t), len(got_l)
    r['th'] = multiset_hits(e['targets'], got_t)
    r['lh'] = multiset_hits(e['leads'], got_l)
    r['region'], r['year'] = region_ok, year_ok
    r['items_ok'] = e['items'] is None or items == e['items']
    r['imported'] = j is not None
    return r

def pct(a, b):
    return 100.0 * a / b if b else 100.0

rows = []
for f in sorted(os.listdir(d)):
    if not f.endswith('.txt'):
        continue
    name = f[:-4]
    e = expect(os.path.join(d, name + '.expect'))
    r = measure(name, e, imported(os.path.join(d, f)))
    rows.append((name, e['shape'], r))
    print('%-28s %-20s imported=%d items=%d targets %2d/%2d found %2d  leads %2d/%2d found %2d  region=%d year=%d'
          % (name, e['shape'], r['imported'], r['items_ok'], r['th'], r['tw'], r['tg'], r['lh'], r['lw'], r['lg'],
             r['region'], r['year']))

def summary(label, rs):
    s = defaultdict(int)
    for r in rs:
        for k in ('tw', 'tg', 'th', 'lw', 'lg', 'lh'):
            s[k] += r[k]
        s['region'] += r['region']
        s['year'] += r['year']
        s['items'] += r['items_ok']
    n = len(rs)
    print('%-22s texts %2d  targets P %5.1f%% R %5.1f%% (%d/%d)  leads P %5.1f%% R %5.1f%% (%d/%d)  region %d/%d  year %d/%d  items %d/%d'
          % (label, n, pct(s['th'], s['tg']), pct(s['th'], s['tw']), s['th'], s['tw'],
             pct(s['lh'], s['lg']), pct(s['lh'], s['lw']), s['lh'], s['lw'], s['region'], n, s['year'], n,
             s['items'], n))
    return s, n

print()
shapes = defaultdict(list)
for name, shape, r in rows:
    shapes[shape].append(r)
for shape in sorted(shapes):
    summary(shape, shapes[shape])
s, n = summary('ALL', [r for _, _, r in rows])
print('floors: target_precision %.1f target_recall %.1f lead_precision %.1f lead_recall %.1f region %d year %d texts %d'
      % (pct(s['th'], s['tg']), pct(s['th'], s['tw']), pct(s['lh'], s['lg']), pct(s['lh'], s['lw']),
         s['region'], s['year'], n))
