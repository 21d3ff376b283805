# tests/cli/vote_desk.sh - the staff's side of the vote (issue 17, docs/VOTE.md):
# proposals and deputies imported from Excel (.xlsx) as from CSV, an error
# naming the sheet, row and column; the staff desk pages (建议审核, 候选项目,
# 公示, 票决管理: open, deputies upload, tokens sheet, close, tally, adopt).
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/d.db
export MS_CLOCK=1705300000   # 2024-01-15, 北京时间 14:26
ms init --demo >/dev/null
cd "$T" || exit 1
X2="python3 $ROOT/tests/cli/csv2xlsx.py"
GOV="--region 360121 --level 县 --year 2024"
Q="--region 360121 --year 2024"

# --- proposals from Excel ---
{
	echo "title,field,place,body,name,phone,source"
	for i in 1 2 3 4 5 6; do echo "建设社区养老服务中心$i,养老,360121,在本村建设,市民$i,1380000000$i,deputy"; done
} > p.csv
$X2 p.csv p.xlsx 建议汇总
t "proposal import FILE.xlsx: the first sheet's rows, as CSV's" 0 "已导入 6 条建议 — 6 proposals imported from p.xlsx" -- ms proposal import p.xlsx $GOV
t "… with their contact and source" 0 "6 市民1 13800000001 deputy" -- sh -c "$MINSHENG proposal list $Q --json | jq -r '\"\(length) \(.[0].name) \(.[0].phone) \(.[0].source)\"'"
printf 'title,field,place\n好建议,养老,360121\n坏建议,乱写,360121\n' > bad.csv
$X2 bad.csv bad.xlsx
t_grep "a bad cell names the sheet, row and column" 1 "bad.xlsx 工作表“建议”第 3 行 B 列（B3） field：领域应为" -- ms proposal import bad.xlsx $GOV
printf 'title,field,place\n好建议,养老,999999\n' > bad2.csv
$X2 bad2.csv bad2.xlsx
t_grep "… the database's refusal too (an unknown place)" 1 "bad2.xlsx 工作表“建议”第 2 行 C 列（C2） place：地点 999999 不在区划名录中" -- ms proposal import bad2.xlsx $GOV
printf 'title,field,where\n好建议,养老,360121\n' > bad3.csv
$X2 bad3.csv bad3.xlsx
t_grep "an unknown column names the sheet's first row" 1 "bad3.xlsx 工作表“建议”第 1 行: 未知的列 \"where\"" -- ms proposal import bad3.xlsx $GOV
t "… and nothing of those files was kept" 0 "6" -- sh -c "$MINSHENG proposal list $Q --json | jq length"
printf 'PK\003\004not a zip' > junk.xlsx
t_grep "a file that is no workbook is refused by name" 1 "junk.xlsx: 不是 Excel" -- ms proposal import junk.xlsx $GOV
t_grep "a missing file is named in Chinese" 1 "none.csv: 无法打开" -- ms proposal import none.csv $GOV

# --- deputies from Excel ---
for c in 1 2 3; do
	ms candidate add $GOV --title "候选$c" --targets "目标$c" --lead 县民政局 --cost "${c}0万元" --basis 测算 --feasibility 可行 \
		--proposals "$c" >/dev/null
done
ms candidate publish $Q >/dev/null
ms vote open $GOV --title 县人大票决 --places 2 >/dev/null
{ echo "姓名,代表团"; for i in 1 2 3 4 5; do echo "代表$i,第一代表团"; done; } > d.csv
printf '姓名,代表团\n代表1,一团\n,二团\n' > dbad.csv
$X2 dbad.csv dbad.xlsx 代表名单
t_grep "a deputy without a name: the sheet, row and column" 1 "dbad.xlsx 工作表“代表名单”第 3 行 A 列（A3）: 姓名不能为空" -- ms vote deputies 1 dbad.xlsx
$X2 d.csv d.xlsx 代表名单
t "vote deputies SESSION FILE.xlsx" 0 "已导入代表 5 人 — 5 deputies" -- ms vote deputies 1 d.xlsx
t "… the journal says it came from Excel" 0 "xlsx 5" -- sh -c "sqlite3 d.db \"SELECT after FROM journal WHERE action = 'vote.deputies'\" | jq -r '\"\(.format) \(.deputies)\"'"
done_testing
