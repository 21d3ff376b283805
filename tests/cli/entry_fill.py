#!/usr/bin/env python3
# tests/cli/entry_fill.py - fills the 报送 page's form or its Excel 报送表 as a
# clerk would, for tests/cli/form.sh and tests/web/browser.mjs.
#
#   entry_fill.py form PAGE.html [NAME=VALUE ...]   the form's fields, urlencoded, on stdout:
#       every box as shown, an empty 进展情况 given a line, an empty value's
#       未报原因 given one, then the NAME=VALUE overrides (e.g. v.10.aeds=70 action=submit)
#   entry_fill.py xlsx IN.xlsx OUT.xlsx [INDICATOR:COLUMN=VALUE ...]
#       the sheet 台账 with those cells set as text (COLUMN a letter: E value,
#       H 进展情况, I 未报原因); the row is the one whose hidden 指标编号 is INDICATOR
import html, re, sys, urllib.parse, zipfile
from xml.sax.saxutils import escape


def form(page, overrides):
    h = open(page, encoding='utf-8').read()
    f = h[h.index('<form method="post" action="/report/round"'):]
    f = f[:f.index('</form>')]
    fields = []
    for m in re.finditer(r'<input([^>]*)>', f):
        a = m.group(1)
        if ' disabled' in a:
            continue
        n = re.search(r'name="([^"]*)"', a)
        v = re.search(r'value="([^"]*)"', a)
        if n:
            fields.append([html.unescape(n.group(1)), html.unescape(v.group(1) if v else '')])
    for m in re.finditer(r'<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>', f, re.S):
        if ' disabled' not in m.group(0).split('>')[0]:
            fields.append([html.unescape(m.group(1)), html.unescape(m.group(2))])
    d = dict(fields)
    over = dict(a.split('=', 1) for a in overrides)
    for kv in fields:
        k = kv[0]
        if k in over:
            kv[1] = over.pop(k)
        elif not kv[1] and k.startswith('g.'):
            kv[1] = '（测试）按计划推进。'
        elif not kv[1] and k.startswith('r.'):
            ind = k[2:]
            if not d.get('v.' + ind) and not d.get('n.' + ind):
                kv[1] = '（测试）数据尚在统计。'
    print(urllib.parse.urlencode([tuple(kv) for kv in fields] + list(over.items())))


def xlsx(src, dst, sets):
    zi = zipfile.ZipFile(src)
    strings = [re.sub(r'<[^>]+>', '', s) for s in
               re.findall(r'<si>(.*?)</si>', zi.read('xl/sharedStrings.xml').decode(), re.S)]
    sheet = zi.read('xl/worksheets/sheet1.xml').decode()
    for s in sets:
        key, value = s.split('=', 1)
        ind, col = key.split(':')
        m = re.search(r'<c r="K(\d+)"[^>]*t="s"[^>]*><v>%d</v></c>' % strings.index(ind), sheet)
        row = m.group(1)
        cell = '<c r="%s%s" t="inlineStr"><is><t>%s</t></is></c>' % (col, row, escape(value))
        pat = r'<c r="%s%s"(?: [^>]*)?(?:/>|>.*?</c>)' % (col, row)
        sheet, n = re.subn(pat, lambda _: cell, sheet, count=1)
        assert n == 1, key
    zo = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
    for it in zi.infolist():
        data = zi.read(it.filename)
        if it.filename == 'xl/worksheets/sheet1.xml':
            data = sheet.encode()
        zo.writestr(it, data)
    zo.close()


if __name__ == '__main__':
    if sys.argv[1] == 'form':
        form(sys.argv[2], sys.argv[3:])
    else:
        xlsx(sys.argv[2], sys.argv[3], sys.argv[4:])
