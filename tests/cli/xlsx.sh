# tests/cli/xlsx.sh - the bulletin workbook is one an office can file: the
# 台账 sheets list every city per indicator with 目标/完成/完成率 as numeric
# cells (number formats, not text); the 通报 sheet has a merged title; every
# sheet prints A4 landscape, one page wide, with print titles and page
# numbers; an issued bulletin's snapshot renders the same workbook. Reads
# the XML with Python's zipfile (no other dependency).
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/x.db
export MS_CLOCK=1688947200   # 2023-07-10
ms init --demo >/dev/null
ms bulletin --round 2023-06-30 -o b.xlsx >/dev/null 2>&1

cat > check.py <<'PY'
import re, sys, zipfile
CITIES = "南昌市 景德镇市 萍乡市 九江市 新余市 鹰潭市 赣州市 吉安市 宜春市 抚州市 上饶市".split()
z = zipfile.ZipFile(sys.argv[1])
what = sys.argv[2]
ss = [re.sub(r"<[^>]+>", "", m) for m in
      re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)

def sheet(i):
    return z.read("xl/worksheets/sheet%d.xml" % (i + 1)).decode()

def rows(x):
    """each row as a list of (is_text, text or number) by column letter"""
    out = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", x, re.S):
        cells = {}
        for ref, attrs, body in re.findall(r'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(.*?)</c>)', row, re.S):
            v = re.search(r"<v>(.*?)</v>", body or "")
            if 't="s"' in attrs:
                cells[ref] = (True, ss[int(v.group(1))])
            elif v:
                cells[ref] = (False, float(v.group(1)))
        out.append(cells)
    return out

def fail(msg):
    print(msg)
    sys.exit(1)

if what == "ledger":
    sheets = [i for i, n in enumerate(names) if n.startswith("台账")]
    if len(sheets) < 5:
        fail("too few 台账 sheets: %s" % names)
    quantified = 0
    for i in sheets:
        rs = rows(sheet(i))
        head = {c: t for c, (s, t) in rs[2].items()}
        col = {t: c for c, t in head.items()}
        for h in ("填报单位", "目标", "完成", "完成率", "时序进度", "状态", "报送情况"):
            if h not in col:
                fail("%s: no column %s in %s" % (names[i], h, head))
        city_rows = [r for r in rs[3:] if r.get(col["填报单位"], (1, ""))[1] in CITIES]
        if not city_rows:
            continue   # only qualitative tasks: no region has a target
        quantified += 1
        seen = {r[col["填报单位"]][1] for r in city_rows}
        if set(CITIES) - seen:
            fail("%s: no row for %s" % (names[i], sorted(set(CITIES) - seen)))
        numeric = 0
        for r in city_rows:
            for h in ("目标", "完成", "完成率"):
                c = r.get(col[h])
                if c and c[0] and c[1] not in ("—", "定性"):
                    fail("%s: %s %s is text: %r" % (names[i], r[col["填报单位"]][1], h, c[1]))
                numeric += bool(c and not c[0])
            if r[col["报送情况"]][1] not in ("按时", "逾期", "未报", "—"):
                fail("%s: 报送情况 %r" % (names[i], r[col["报送情况"]][1]))
        if numeric < len(city_rows) * 2:
            fail("%s: only %d numeric figures in %d rows" % (names[i], numeric, len(city_rows)))
    if quantified < 5:
        fail("only %d 台账 sheets with regions" % quantified)
elif what == "title":
    x = sheet(0)
    if not re.search(r'<mergeCell ref="A1:[B-Z]1"/>', x):
        fail("通报: no merged title")
    if rows(x)[0]["A"][1] != "关于2023年民生实事第一次进展情况的通报（演示数据）":
        fail("通报: title %r" % rows(x)[0]["A"][1])
elif what == "print":
    for i, n in enumerate(names):
        x = sheet(i)
        ps = re.search(r"<pageSetup [^>]*/>", x)
        if not ps or 'paperSize="9"' not in ps.group(0) or 'orientation="landscape"' not in ps.group(0):
            fail("%s: not A4 landscape: %s" % (n, ps and ps.group(0)))
        # one page wide: fitToPage on, fitToWidth 1 (Excel's default, so absent or "1"); height free
        # ("0") or so many pages (fitToHeight N; 1, Excel's default, absent)
        fw = re.search(r'fitToWidth="(\d+)"', ps.group(0))
        fh = re.search(r'fitToHeight="(\d+)"', ps.group(0))
        if '<pageSetUpPr fitToPage="1"/>' not in x or (fw and fw.group(1) != "1"):
            fail("%s: not fitted to one page wide" % n)
        # the 通报 sheet of the demo on two pages
        if n == "通报" and (not fh or fh.group(1) != "2"):
            fail("%s: not fitted to two pages: %s" % (n, ps.group(0)))
        # a 台账 prints on one page (its type stays readable, see below)
        if n.startswith("台账") and fh:
            fail("%s: not fitted to one page: %s" % (n, ps.group(0)))
        # narrow margins: binding 0.6 in on the left, 0.3 top
        if '<pageMargins left="0.6" right="0.3" top="0.3" bottom="0.45"' not in x:
            fail("%s: margins %s" % (n, re.search(r"<pageMargins [^>]*/>", x)))
        if "&amp;C第 &amp;P 页 共 &amp;N 页" not in x:
            fail("%s: no page numbers in the footer" % n)
        if not re.search(r'<definedName name="_xlnm.Print_Titles" localSheetId="%d">' % i, wb):
            fail("%s: no print titles" % n)
        if '<pane ySplit=' not in x:
            fail("%s: headers not frozen" % n)
elif what == "formats":
    st = z.read("xl/styles.xml").decode()
    for f in ("0.0%", "#,##0.00&quot;万元&quot;", "#,##0.00&quot;亿元&quot;"):
        if 'formatCode="%s"' % f not in st:
            fail("no number format %s" % f)
elif what == "legend":
    # every sheet with 状态 explains its colours: 状态图例, then 完成 绿 黄 红 each filled as in the tables
    for i, n in enumerate(names):
        rs = rows(sheet(i))
        at = [k for k, r in enumerate(rs) if (True, "状态图例") in r.values()]
        if not at:
            fail("%s: no 状态图例" % n)
        # the words flow across the sheet from the caption's row, a new row when it is full
        # (up to the next table's header)
        end = [k for k in range(at[0], min(at[0] + 5, len(rs))) if (True, "序号") in rs[k].values()]
        words = [v[1] for r in rs[at[0]:end[0] if end else at[0] + 5] for v in r.values()
                 if v[0] and v[1] in ("完成", "绿", "黄", "红", "—")]
        if words != ["完成", "绿", "黄", "红", "—"]:
            fail("%s: legend %s" % (n, words))
        if not any("落后超过 10 个百分点" in v[1] for r in rs[at[0]:] for v in r.values() if v[0]):
            fail("%s: the legend does not say what 红 means" % n)
elif what == "type":
    # the cells' type is 10 pt (the title 14), rows 11.5 pt: a 台账 of 50 rows fits one A4 page at
    # about 7.5 pt; the 通报 lists the items a row each, their figures on the 台账 sheets
    st = z.read("xl/styles.xml").decode()
    if '<sz val="10"/>' not in st or '<sz val="14"/>' not in st:
        fail("type sizes: %s" % re.findall(r'<sz val="[\d.]+"/>', st))
    x = sheet(0)
    if 'defaultRowHeight="11.5"' not in x:
        fail("通报: default row height")
    rs = rows(x)
    at = [k for k, r in enumerate(rs) if (True, "详见") in r.values()]
    if not at:
        fail("通报: no table of the items")
    items = [r for r in rs[at[0] + 1:] if r.get("J", (0, ""))[1].startswith("台账")]
    if len(items) != 8 or items[0].get("B") != (True, "加大创业担保贷款扶持力度") or \
       items[0].get("C") != (True, "省人力资源社会保障厅") or items[0].get("D") != (False, 5.0):
        fail("通报: items %s" % items[:2])
    if sum(r["H"][1] for r in items) != 3 or sum(r["G"][1] for r in items) != 10:
        fail("通报: the items' 红 and 黄 counts (3 and 10 in the text)")
    # each 台账's task is merged down its rows (a row group)
    x = sheet(1)
    if not re.search(r'<mergeCell ref="B4:B15"/>', x):
        fail("台账1: the task's rows are not merged: %s" % re.findall(r'<mergeCell ref="B[^"]*"/>', x)[:3])
elif what == "total":
    # 各地推进情况 ends with a 合计 row: the reports of the 11 cities added up, as numbers
    tot = [r for r in rows(sheet(0)) if r.get("B") == (True, "合计")]
    if not tot or [tot[0].get(c) for c in "EFGH"] != [(False, 187.0), (False, 160.0), (False, 26.0), (False, 1.0)]:
        fail("通报: 合计 row %s" % tot)
print("ok")
PY

t "the workbook is written" 0 "" -- test -s b.xlsx
t "台账: every city has a row per indicator, 目标/完成/完成率 numeric" 0 "ok" -- python3 check.py b.xlsx ledger
t "通报: the title is merged across the table" 0 "ok" -- python3 check.py b.xlsx title
t "every sheet: A4 landscape, one page wide, print titles, page numbers, frozen headers" 0 "ok" \
	-- python3 check.py b.xlsx print
t "figures carry number formats (rates, 万元, 亿元)" 0 "ok" -- python3 check.py b.xlsx formats
t "every sheet has the legend of 状态 (完成 绿 黄 红 —, and what they mean)" 0 "ok" -- python3 check.py b.xlsx legend
t "compact: 10 pt type, the items a row each on the 通报, tasks merged on the 台账" 0 "ok" -- python3 check.py b.xlsx type
t "通报: the regions' 合计 row adds up the reports (187 = 160 on time + 26 late + 1 missing)" 0 "ok" \
	-- python3 check.py b.xlsx total
t_sh "the CSV's 台账 lists each city with its 报送情况" \
	'ms bulletin --round 2023-06-30 --format csv | grep -q ",增加安排担保基金,吉安市,550.46万元,300.22万元,54.5%,52.2%,绿,逾期,,,"'

# the evaluation's workbook prints the same way (10 pt type, narrow margins, one page wide)
ms evaluate -o e.xlsx >/dev/null 2>&1
t "evaluation: A4 landscape, one page wide, print titles, page numbers, the same margins" 0 "ok" \
	-- python3 check.py e.xlsx print
t_sh "evaluation: 10 pt type" 'python3 -c "import zipfile; print(zipfile.ZipFile(\"e.xlsx\").read(\"xl/styles.xml\").decode())" | grep -q "<sz val=\"10\"/>"'

# an issued bulletin renders the same workbook from its snapshot
ms bulletin issue --round 2023-06-30 --number "赣民实办〔2023〕9号" >/dev/null
ms bulletin show 1 -o issued.xlsx >/dev/null 2>&1
t "issued: 台账 figures numeric from the snapshot" 0 "ok" -- python3 check.py issued.xlsx ledger
t "issued: page set-up kept" 0 "ok" -- python3 check.py issued.xlsx print
done_testing
