# tests/cli/notice.sh - `notice import` end to end: the project's notice
# against the curated plan (precision and recall of targets and lead units,
# printed and asserted), the draft written and validated, a GB18030 copy,
# --save into a database, and the inputs that must be refused cleanly.
. "$(dirname "$0")/lib.sh"
NOTICE=$ROOT/data/notices/jiangxi-2023-minsheng-notice.txt
PLAN=$ROOT/data/plans/jiangxi-2023.json
FIX=$ROOT/tests/fixtures/notices
imp() { ms notice import "$@"; }

# --- the project's notice ---
t_grep "summary: items found, two missing, the targets" 0 "实事：文中 8 项，编号缺 2 项；量化目标 17 个" -- imp "$NOTICE"
imp "$NOTICE" --json > j.json 2>/dev/null
t "items 1-6, 9, 10 present; 7 and 8 reported missing" 0 "1 2 3 4 5 6 9 10 | 7 8" \
	-- jq -r '"\([.plan.items[] | select(.present_in_source) | .no] | join(" ")) | \([.plan.items[] | select(.present_in_source | not) | .no] | join(" "))"' j.json
t "missing items are problems that name them" 0 "7 8" \
	-- jq -r '[.problems[] | select(.text | test("^第[0-9]+项缺失")) | .item] | join(" ")' j.json
t "duplicated passages kept once, every place recorded" 0 "true" \
	-- jq '(.facts.duplicates | length) >= 5 and all(.facts.duplicates[]; .occurrences >= 2 and (.places | length) == .occurrences)' j.json
t "the conflicting unit fragments are 待核实, not guessed" 0 "true" \
	-- jq '[.plan.notes[] | select(.flag == "待核实" and (.text | test("单位标注紧接第[0-9]+项的标题")))] | length >= 2' j.json
t "every fact quotes the bytes at its offset" 0 "ok" \
	-- python3 -c "
import json, sys
raw = open('$NOTICE', 'rb').read()
d = json.load(open('j.json'))
bad = []
def walk(x):
    if isinstance(x, dict):
        if 'quote' in x and 'offset' in x:
            q = x['quote'].encode()
            if raw[x['offset']:x['offset'] + x['length']] != q or len(q) != x['length']:
                bad.append(x['quote'])
        for v in x.values(): walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
walk(d['plan']); walk(d['facts'])
print('ok' if not bad else bad[:3])"

# quality against the curated plan: a target is (item, unit, value); a lead unit is (item, org)
jq -r '.items[] | .no as $n | .indicators[] | select(.target != null) | "\($n) \(.unit) \(.target)"' "$PLAN" | sort > want_t
jq -r '.plan.items[] | .no as $n | .indicators[] | select(.target != null) | "\($n) \(.unit) \(.target)"' j.json | sort > got_t
jq -r '.items[] | .no as $n | (.lead_units // [])[] | select(.provenance.basis == "text") | "\($n) \(.org)"' "$PLAN" | sort > want_u
jq -r '.plan.items[] | .no as $n | (.lead_units // [])[] | "\($n) \(.org)"' j.json | sort > got_u
quality() { # WANT GOT -> "precision recall" in percent, one decimal
	awk 'NR == FNR { want[$0]++; nw++; next } { got++; if (want[$0]-- > 0) hit++ }
		END { printf "%.1f %.1f\n", got ? 100 * hit / got : 0, nw ? 100 * hit / nw : 0 }' "$1" "$2"
}
read -r tp tr < <(quality want_t got_t)
read -r up ur < <(quality want_u got_u)
echo "# jiangxi-2023: targets precision $tp% recall $tr% ($(wc -l < got_t) found, $(wc -l < want_t) curated); lead units stated in the text: precision $up% recall $ur%"
t "targets: precision 100% (no invented number)" 0 "100.0" -- echo "$tp"
t_sh "targets: recall at least 95%" "awk 'BEGIN { exit !($tr >= 95) }'"
t "lead units stated in the text: precision 100%" 0 "100.0" -- echo "$up"
t_sh "lead units stated in the text: recall at least 95%" "awk 'BEGIN { exit !($ur >= 95) }'"

# --- the draft file ---
mkdir -p out
t_grep "-o writes the draft and checks it against its source" 0 "草案已写入 out/d.json，校验通过" -- imp "$NOTICE" -o out/d.json
t_grep "the draft passes plan validate" 0 "校验通过 ok" -- ms plan validate out/d.json
t "the draft names its source relative to itself" 0 "true" \
	-- sh -c "cd out && [ -f \"\$(jq -r .source.path d.json)\" ] && echo true"
t "--id names the draft" 0 "jx-draft" -- sh -c "$MINSHENG notice import '$NOTICE' --id jx-draft --json | jq -r .plan.id"

# --- GB18030 ---
t_grep "GB18030: detected and converted" 0 "GB18030，已转换为 UTF-8" -- imp "$FIX/jiujiang-2025-articles.gbk.txt"
t_grep "GB18030: the converted text is written beside the draft" 0 "转换后的原文写入 out/g.utf8.txt" -- imp "$FIX/jiujiang-2025-articles.gbk.txt" -o out/g.json
t "GB18030: the converted text equals the UTF-8 original" 0 "same" -- sh -c "cmp -s out/g.utf8.txt '$FIX/jiujiang-2025-articles.txt' && echo same"
t_grep "GB18030: the draft validates against the converted text" 0 "校验通过 ok" -- ms plan validate out/g.json
cp "$FIX/jiujiang-2025-articles.gbk.txt" out/x.utf8.txt
t_grep "GB18030: the converted text is never written over the input" 1 "would be written over the input" -- imp out/x.utf8.txt -o out/x.json
t "GB18030: the input is left as it was" 0 "same" -- sh -c "cmp -s out/x.utf8.txt '$FIX/jiujiang-2025-articles.gbk.txt' && echo same"

# --- --save: a new plan in the database, journaled, the tracked plan unchanged ---
export MINSHENG_DB=$T/n.db
ms init --demo >/dev/null
t_grep "--save stores the draft as a new plan" 0 "已作为新计划 jx-2023-import 存入" -- imp "$NOTICE" --id jx-2023-import --save
t "the plan list shows it beside the demo's two" 0 "jiangxi-2023 jx-2023-import nanchang-2024" -- sh -c "$MINSHENG plan list --json | jq -r '[.[].id] | sort | join(\" \")'"
t "one journal row plan.load for it" 0 "1" -- sh -c "$MINSHENG journal --json | jq '[.[] | select(.action == \"plan.load\" and .key == \"jx-2023-import\")] | length'"
t "the tracked plan is still the one loaded first" 0 "jiangxi-2023" -- sh -c "$MINSHENG status --as-of 2023-07-01 --json | jq -r .plan"
before=$(sqlite3 "$MINSHENG_DB" 'SELECT count(*) FROM journal')
t_grep "the same id again: refused" 1 "jx-2023-import is already in the database" -- imp "$NOTICE" --id jx-2023-import --save
t "a refused save writes nothing" 0 "$before" -- sqlite3 "$MINSHENG_DB" 'SELECT count(*) FROM journal'

# --- plan add: a draft checked by hand, then stored ---
t_grep "plan add stores a draft file" 0 "已存入计划 jiujiang-2025-articles-gbk" -- ms plan add out/g.json
t_grep "plan add: the same plan again is refused" 1 "already in the database" -- ms plan add out/g.json
jq '.items[0].indicators[0].provenance.offset += 1' out/g.json > out/bad.json
t_grep "plan add: a draft whose quote no longer matches is refused, naming the field" 1 "out/bad.json: items\\[0\\].indicators\\[0\\]" -- ms plan add out/bad.json
t "plan add: the refused one left nothing (four plans: the demo's two, --save, plan add)" 0 "4" -- sh -c "sqlite3 '$T/n.db' 'SELECT count(*) FROM plan'"

# --- inputs that must be refused with a clear error ---
printf 'abc\0def' > bin.txt
t_grep "binary input: refused, the file named" 1 "bin.txt" -- imp bin.txt
printf '\xff\xfe\x00\x4e' > u16.txt
t_grep "UTF-16: refused with what to do" 1 "u16.txt: .*save the notice as UTF-8 or GB18030" -- imp u16.txt
printf '\x80\x80\x80 \xff\xff \n' > bad.txt
t_grep "neither UTF-8 nor GB18030: refused" 1 "bad.txt: " -- imp bad.txt
: > empty.txt
t_grep "an empty file: refused" 1 "empty.txt" -- imp empty.txt
printf '这是一段没有编号的文字。\n' > plain.txt
t_grep "no numbered item: refused" 1 "plain.txt" -- imp plain.txt
t_grep "a missing file" 1 "nope.txt: cannot open" -- imp nope.txt
t_grep "a folder" 1 "not a regular file" -- imp out
head -c $((65 * 1024 * 1024)) /dev/zero > big.txt
t_grep "larger than 64 MiB: refused before reading" 1 "at most 64 MiB" -- imp big.txt
rm -f big.txt
t_grep "-o into a folder that does not exist" 1 "the folder does not exist" -- imp "$NOTICE" -o no/such/d.json
t_grep "no FILE: usage" 2 "notice import takes one FILE" -- imp
t_grep "an unknown subcommand: usage" 2 "expected: notice import FILE" -- ms notice export x
t_grep "an unknown option: usage" 2 "" -- imp "$NOTICE" --bogus

done_testing
