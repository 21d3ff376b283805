# tests/cli/gongwen.sh - the 通报 as a 公文 (GB/T 9704): the HTML of an issued
# bulletin has the red 发文机关标志, its 文号, 标题, 主送, 正文, 附件说明, 署名,
# 成文日期, 附注 (联系人), the 台账 as 附件 and the 版记 (抄送, 印发); a draft says
# 草稿 instead of a 文号. Printed by headless Chromium (--print-to-pdf) it is
# A4 (portrait, the 附件 landscape), every word inside the page, every 台账 with
# its last column; poppler's pdfinfo and pdftotext read the PDF.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/g.db
export MS_CLOCK=1688947200   # 2023-07-10 00:00 UTC: 2023年7月10日 in China
ms init --demo >/dev/null
N1="赣民实办〔2023〕1号"
ms bulletin issue --round 2023-06-30 --number "$N1" >/dev/null
ms bulletin show 1 -o g.html 2>/dev/null

# --- the parts, in the order GB/T 9704 puts them ---
order() {   # the lines matching each regex come in this order
	local f=$1 last=0 n
	shift
	for re in "$@"; do
		n=$(grep -n -m1 -E -- "$re" "$f" | cut -d: -f1)
		[ -n "$n" ] && [ "$n" -gt "$last" ] || { echo "out of order or missing: $re"; return 1; }
		last=$n
	done
}
t_sh "版头: the red 发文机关标志 (the office's name), then the 文号, then the red line" \
	'order g.html "<div class=\"issuer\">省民生实事工程实施领导小组办公室</div>" "<div class=\"number\">$N1</div>" "<hr class=\"rule\">" &&
	 grep -q "\.issuer{color:#e60012" g.html && grep -q "\.rule{border:0;border-top:2px solid #e60012" g.html'
t_sh "主体: 标题, 主送, 正文 (一、… 七、), 附件说明, 署名 and 成文日期, 附注" \
	'order g.html "<h1>关于2023年民生实事第一次进展情况的通报" "<p class=\"to\">各设区市人民政府，省直有关单位：</p>" \
		"<h2>一、总体情况</h2>" "<h2>七、下一步工作要求</h2>" "<span>附件：</span>" "<li>1．加大创业担保贷款扶持力度任务台账</li>" \
		"<div class=\"sign\"><p>省民生实事工程实施领导小组办公室</p>" "<p>2023年7月10日</p>"'
t_sh "附件: each item's 台账 on its own pages, numbered as the 附件说明 lists them" \
	'[ "$(grep -c "<li>[0-9]*．.*任务台账</li>" g.html)" -ge 5 ] &&
	 [ "$(grep -c "<li>[0-9]*．.*任务台账</li>" g.html)" = "$(grep -c "<section class=\"paper att\"" g.html)" ] &&
	 order g.html "<p class=\"label\">附件1</p>" "<p class=\"label\">附件2</p>"'
t_sh "版记 last: 抄送, then the issuer and 2023年7月10日印发" \
	'order g.html "<section class=\"paper last\">" "<div class=\"cc\">抄送：省民生实事工程实施领导小组成员单位。</div>" "<span>2023年7月10日印发</span>"'
t_sh "the 文号 line is in the 版头, not repeated in the 正文" '! grep -q "文号：" g.html'
t_sh "the page: A4, 37 mm top, 28 mm binding side (版心 156 × 225 mm), 附件 landscape, page numbers — N —" \
	'grep -q "@page{size:A4;margin:37mm 26mm 35mm 28mm}" g.html && grep -q "@page att{size:A4 landscape" g.html &&
	 grep -q "content:\"— \" counter(page) \" —\"" g.html'
t_sh "fonts: 方正小标宋 and 仿宋 first, Noto CJK as the fallback" \
	'grep -q "h1{font:700 22pt/1.5 \"方正小标宋简体\".*\"Noto Serif CJK SC\"" g.html && grep -q "body{.*\"仿宋_GB2312\"" g.html'
t_grep "状态 has its legend under the tables" 0 "<p class=\"legend\">状态：<span class=\"done\">完成</span>已达全年目标.*<span class=\"red\">红</span>落后超过 10 个百分点" -- cat g.html

# --- the Markdown keeps the same parts ---
ms bulletin show 1 > g.md
t_sh "Markdown: 文号, 主送, 附件说明, 署名 and 成文日期, 抄送, in that order" \
	'order g.md "^文号：$N1" "^各设区市人民政府，省直有关单位：$" "^附件：1．加大创业担保贷款扶持力度任务台账" \
		"^省民生实事工程实施领导小组办公室\\\\$" "^2023年7月10日$" "^抄送：省民生实事工程实施领导小组成员单位。$"'

# --- a draft: no 文号, says so ---
ms bulletin --round 2023-06-30 --format html > draft.html
t_grep "draft: 草稿 instead of a 文号" 0 "<div class=\"number draft\">草稿（未印发，不得对外引用）</div>" -- cat draft.html
t_grep "draft: 未印发 in the 版记" 0 "（未印发）" -- cat draft.html

# --- snapshots: one from before the 公文's parts takes its 文号 and date from its row; a bad one is refused ---
sqlite3 "$MINSHENG_DB" "INSERT INTO bulletin (plan, round, as_of, number, issued_at, issued_by, doc)
	SELECT plan, round, as_of, 'OLD-1', '2023-07-09T17:00:00Z', issued_by, json_remove(doc, '\$.gongwen') FROM bulletin WHERE id = 1;
	INSERT INTO bulletin (plan, round, as_of, number, issued_at, issued_by, doc)
	SELECT plan, round, as_of, 'BAD-1', issued_at, issued_by, json_set(doc, '\$.gongwen', 5) FROM bulletin WHERE id = 1;"
t_grep "an old snapshot: its 文号 from the row" 0 "<div class=\"number\">OLD-1</div>" -- ms bulletin show 2 --format html
t_grep "an old snapshot: 成文日期 the China day of its issue (17:00 UTC is the next day)" 0 "<p>2023年7月10日</p>" \
	-- ms bulletin show 2 --format html
t_grep "a snapshot whose gongwen is not an object is refused" 1 "gongwen 须为对象" -- ms bulletin show 3 --format html

# --- 联系人 and 联系电话 on the org records: org add / org set, shown in the 台账 and the 公文's 附注 ---
t_sh "no contact yet: the 公文 has no 附注" '! grep -q "<p class=\"note\">" g.html'
t "org set: the office's contact" 0 "已修改单位 office" -- ms org set office --contact 李明 --phone "0791-8624 0000"
t "org set: 南昌市's" 0 "已修改单位 360100" -- ms org set 360100 --contact 王芳 --phone "0791-83871234 转 8"
t "org set: 省人力资源社会保障厅's" 0 "已修改单位 hrss" -- ms org set hrss --contact 赵强 --phone 0791-86000000
t_grep "a phone with letters is refused, naming --phone" 1 "联系电话只能含数字.*\[--phone\]" -- ms org set 360100 --phone "call me"
t_grep "a contact of 21 characters is refused" 1 "联系人过长.*\[--contact\]" -- ms org set 360100 --contact "$(printf '名%.0s' $(seq 1 21))"
t_grep "an unknown org is refused" 1 "单位 nowhere 不存在" -- ms org set nowhere --contact 某人
t_grep "nothing to change" 1 "没有要修改的内容" -- ms org set 360100
t "the refusals changed nothing" 0 "王芳 0791-83871234 转 8" -- sh -c "$MINSHENG org list --json | jq -r '.[] | select(.code == \"360100\") | \"\\(.contact) \\(.phone)\"'"
t "org add: a unit with its contact" 0 "已新增单位 test" -- ms org add test --name 省测试厅 --kind department --parent 360000 --contact 钱七 --phone 0791-1234567
t_grep "org add: a code taken is a conflict" 1 "单位代码 test 已有" -- ms org add test --name 省测试厅 --kind department --parent 360000
t_grep "org add: an unknown parent is refused" 1 "上级单位 999999 不存在.*\[--parent\]" -- ms org add t2 --name 某局 --kind department --parent 999999
t_grep "org add: no name" 1 "单位名称不能为空.*\[--name\]" -- ms org add t3 --kind department --parent 360000
t_grep "the journal holds the change, before and after" 0 "修改单位信息 +360100 .*\"contact\":\"\".*→ .*\"contact\":\"王芳\"" -- ms journal
t_grep "org list shows the contacts" 0 "360100 +南昌市 +设区市 +360000 +王芳 +0791-83871234 转 8" -- ms org list --kind city
ms bulletin --round 2023-06-30 --format html > contact.html
t_grep "the 公文's 附注: the office's contact" 0 "<p class=\"note\">（联系人：李明　电话：0791-8624 0000）</p>" -- cat contact.html
ms bulletin --round 2023-06-30 --format csv > contact.csv
t_grep "台账 (CSV): 南昌市's row carries its 联系人 and 联系电话 beside 报送情况" 0 \
	"^1 加大创业担保贷款扶持力度,1,增加安排担保基金,南昌市,.*,按时,王芳,0791-83871234 转 8,,," -- cat contact.csv
t_grep "台账 (CSV): the 合计 row the lead unit's, beside 牵头单位" 0 \
	"^1 加大创业担保贷款扶持力度,,增加安排担保基金,合计,.*,赵强,0791-86000000,省人力资源社会保障厅,," -- cat contact.csv
ms bulletin --round 2023-06-30 -o contact.xlsx 2>/dev/null
t_sh "台账 (xlsx): the 联系人 and 联系电话 columns, 王芳 in 南昌市's row" \
	'python3 -c "import sys, zipfile; z = zipfile.ZipFile(\"contact.xlsx\"); s = z.read(\"xl/sharedStrings.xml\").decode(); sys.exit(not all(w in s for w in (\"联系人\", \"联系电话\", \"王芳\", \"0791-83871234 转 8\")))"'

# --- 主送 and 抄送 for one bulletin ---
t_grep "issue --to --cc" 0 "已印发第 4 号通报" -- ms bulletin issue --round 2023-06-30 --number "赣民实办〔2023〕4号" --to "各设区市民生实事办" --cc "省政府办公厅"
ms bulletin show 4 --format html > tocc.html
t_sh "its 主送 and 抄送 are the ones given" 'grep -q "<p class=\"to\">各设区市民生实事办：</p>" tocc.html && grep -q "<div class=\"cc\">抄送：省政府办公厅。</div>" tocc.html'
t_grep "a 主送 with a control character is refused" 1 "主送机关含有无效字符.*\[--to\]" -- ms bulletin issue --round 2023-06-30 --number X9 --to "$(printf 'a\tb')"
# --- the 文号 left to the system: the year's next, shown on the 公文 ---
t_grep "issue without --number: the year's next (two of 2023 so far, 1号 and 4号: 3号)" 0 "已印发第 5 号通报：赣民实办〔2023〕3号" \
	-- ms bulletin issue --round 2023-06-30
ms bulletin show 5 --format html > auto.html
t_sh "its 公文 shows that 文号 in the 版头 and its 成文日期" \
	'grep -q "<div class=\"number\">赣民实办〔2023〕3号</div>" auto.html && grep -q "<p>2023年7月10日</p>" auto.html'

# --- printed: Chromium's print-to-PDF, read by poppler ---
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir="$T/chrome" \
	--print-to-pdf="$T/g.pdf" "file://$T/g.html" >/dev/null 2>&1
t_sh "Chromium printed it to PDF" '[ -s g.pdf ]'
pages=$(pdfinfo g.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
t_sh "10 to 40 pages ($pages)" '[ "${pages:-0}" -ge 10 ] && [ "$pages" -le 40 ]'
pdfinfo -f 1 -l "${pages:-1}" g.pdf > sizes.txt 2>/dev/null
t_sh "page 1 is A4 portrait" 'grep -Eq "^Page +1 size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts" sizes.txt'
t_sh "the 附件 pages are A4 landscape" 'grep -Eq "size: +84[12](\.[0-9]+)? x 59[45](\.[0-9]+)? pts" sizes.txt'
t_sh "every page is A4 (either way)" '[ "$(grep -Ec "size: +(59[45](\.[0-9]+)? x 84[12]|84[12](\.[0-9]+)? x 59[45])" sizes.txt)" = "$pages" ]'
pdftotext -f 1 -l 1 g.pdf p1.txt
t_sh "page 1: the issuer, the 文号, the title, the page number" \
	'grep -q "省民生实事工程实施领导小组办公室" p1.txt && grep -q "$N1" p1.txt && grep -q "关于2023年民生实事第一次进展情况的通报" p1.txt && grep -q "^— *1 *—$" p1.txt'
pdftotext -f "${pages:-1}" -l "${pages:-1}" g.pdf last.txt
t_sh "the last page is the 版记" 'grep -q "抄送：" last.txt && grep -q "2023年7月10日印发" last.txt'
# no word outside its page: pdftotext -bbox gives every word's box and each page's width
pdftotext -bbox g.pdf bbox.html
t_sh "every word lies inside its page (nothing cut at the right edge)" \
	'awk -F"\"" "/<page / {w = \$2} /<word / && \$6 + 0 > w + 0.5 {bad++} END {exit bad > 0}" bbox.html && grep -q "<word " bbox.html'
t_sh "every 台账 printed its last column (进展情况) on its first page" \
	'[ "$(grep -c ">进展情况</word>" bbox.html)" -ge "$(grep -c "<section class=\"paper att\"" g.html)" ]'
done_testing
