#!/usr/bin/env python3
# scripts/fuzz_xlsx_seeds.py TEMPLATE.xlsx DIR - the seed corpus of fuzz/fuzz_xlsx.c,
# made from a 报送表 the server gave (GET /report/template.xlsx): its first rows
# with the shared strings they use, renumbered, as (a) XML parts for the
# fuzzer's part mode ("S" sheet NUL strings NUL workbook) and (b) a small real
# .xlsx for its zip mode ("Z" + bytes), plus a few hand-made cell types.
import io, os, re, sys, zipfile

src, out = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(src)
sheet = z.read('xl/worksheets/sheet1.xml').decode()
strings = re.findall(r'<si>.*?</si>', z.read('xl/sharedStrings.xml').decode(), re.S)
workbook = z.read('xl/workbook.xml').decode()
rows = re.findall(r'<row r="(\d+)".*?</row>', sheet, re.S)
head, data = sheet.split('<sheetData>')
body, tail = data.split('</sheetData>')
kept = re.findall(r'<row .*?</row>', body, re.S)[:4]
used = {}
def renum(m):
    old = int(m.group(1))
    used.setdefault(old, len(used))
    return '<v>%d</v>' % used[old]
small = []
for r in kept:
    small.append(re.sub(r'(?<=t="s">)<v>(\d+)</v>', renum, r))
sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (
    len(used), len(used), ''.join(strings[o] for o, _ in sorted(used.items(), key=lambda kv: kv[1])))
sheet_small = head + '<sheetData>' + ''.join(small) + '</sheetData>' + tail
os.makedirs(out, exist_ok=True)
def put(name, data):
    open(os.path.join(out, name), 'wb').write(data)
put('template-parts', b'S' + sheet_small.encode() + b'\0' + sst.encode() + b'\0' + workbook.encode())
buf = io.BytesIO()
zo = zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED)
for it in z.infolist():
    if it.filename in ('xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'):
        d = {'xl/worksheets/sheet1.xml': sheet_small.encode(), 'xl/sharedStrings.xml': sst.encode()}.get(it.filename) or z.read(it.filename)
        zo.writestr(it.filename, d)
zo.close()
put('template-zip', b'Z' + buf.getvalue())
cells = ('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>指标</t><rPh><t>x</t></rPh></is></c>'
         '<c r="B1"><v>3.4E2</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="str"><v>公式</v></c>'
         '<c r="E1" t="e"><v>#N/A</v></c><c t="s"><v>0</v></c></row><row><c><v>0.30000000000000004</v></c>'
         '<c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
put('cell-types', b'S' + cells.encode() + b'\0<sst><si><r><t>a</t></r><r><t>b</t></r></si></sst>')
put('doctype', b'S<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet>&a;</worksheet>')
