# tests/cli/plan.sh - the command line for the foundation: help, version,
# plan validate/show/list, init and org list, and how each refuses bad input.
. "$(dirname "$0")/lib.sh"
PLAN=$ROOT/data/plans/jiangxi-2023.json

# --- help, version, usage errors ---
t "version" 0 "minsheng 0.1.0" -- ms --version
t "version --json" 0 '{"name":"minsheng","version":"0.1.0"}' -- ms --json version
t_grep "help lists commands" 0 "plan +计划" -- ms --help
t_grep "help COMMAND" 0 "usage: minsheng plan list" -- ms help plan
t_grep "COMMAND --help" 0 "usage: minsheng init" -- ms init --help
t_grep "no command is a usage error" 2 "usage" -- ms
t_grep "unknown command" 2 "'frobnicate' is not a command" -- ms frobnicate
t_grep "unknown option" 2 "init: 未知选项 --bogus \(unknown option\)" -- ms init --bogus
t_grep "unknown subcommand" 2 "plan: 未知子命令 'explode'" -- ms plan explode
t_grep "--db without a path" 2 "--db 需要一个值 \(needs a value" -- ms plan list --db

# --- validate ---
t_grep "shipped plan validates" 0 "校验通过 ok — jiangxi-2023, 10 items" -- ms plan validate "$PLAN"
t_grep "validate --json" 0 '"ok": true' -- ms plan validate "$PLAN" --json

# a working copy of the plan beside its notice, to break in controlled ways
mkdir -p w/plans w/notices
cp "$ROOT/data/notices/jiangxi-2023-minsheng-notice.txt" w/notices/
breakit() { jq "$1" "$PLAN" > w/plans/broken.json; }

breakit '(.items[0].indicators[] | select(.id == "1.loans_new") | .provenance.quote) |= sub("150"; "160")'
t_grep "a changed quote names its indicator" 1 \
	"items\[0\]\.indicators\[[0-9]+\] \(1\.loans_new\)\.provenance\.quote: .* does not occur in the source" \
	-- ms plan validate w/plans/broken.json
breakit '(.items[1].indicators[0].unit) = "斤"'
t_grep "an unknown unit" 1 "unit: '斤' is not a known unit \(未知单位\)" -- ms plan validate w/plans/broken.json
breakit '(.items[0].indicators[0].provenance.offset) += 3'
t_grep "a moved offset says where the quote really is" 1 "does not stand at byte [0-9]+ of the source; it is found at byte" \
	-- ms plan validate w/plans/broken.json
printf '{"schema": "minsheng-plan/1",\n "id": "x", "year": 99999999999999999999999}\n' > w/plans/big.json
t_grep "an overflowing number names file:line:column" 1 "big.json:2:[0-9]+: invalid JSON: too big integer" -- ms plan validate w/plans/big.json
printf '{"schema": "minsheng-plan/1", "title": "\xe6\xb0\x91\xff"}' > w/plans/utf8.json
t_grep "invalid UTF-8 names file:line:column" 1 "utf8.json:1:[0-9]+: invalid JSON: unable to decode byte 0xff" -- ms plan validate w/plans/utf8.json
printf '[1, 2' > w/plans/trunc.json
t_grep "truncated JSON" 1 "trunc.json:1:[0-9]+: invalid JSON" -- ms plan validate w/plans/trunc.json
t_grep "a missing file" 1 "nope.json: cannot open" -- ms plan validate nope.json
cp "$PLAN" w/plans/copy.json
printf 'x' >> w/notices/jiangxi-2023-minsheng-notice.txt
t_grep "an edited notice fails its sha256" 1 "source\.sha256: is d24bd639.* \(原文已变动\)" -- ms plan validate w/plans/copy.json

# --- plan list/show without a database read data/plans ---
t_grep "plan list without a database" 0 "jiangxi-2023 +2023年民生实事安排方案" -- ms plan list
t_grep "plan show without a database" 0 "七、（原文缺失）" -- ms plan show jiangxi-2023

# --- init ---
t_grep "init creates the database" 0 "已创建 ./minsheng.db：3353 个单位和区划，10 件实事" -- ms init
t_sh "the database file exists" '[ -f minsheng.db ]'
t_grep "a second init is refused" 1 "数据库已存在.*already there" -- ms init
t_grep "init --force replaces it" 0 "已创建" -- ms init --force
breakit '(.items[0].indicators[0].target) = "lots"'
t_grep "init with a bad plan fails" 1 "nothing was written" -- ms --db bad.db init --plan w/plans/broken.json
t_sh "and leaves no database behind" '[ ! -e bad.db ] && [ -z "$(ls | grep -F bad.db)" ]'
t_grep "MINSHENG_DB is honoured" 0 "已创建 env.db" -- env MINSHENG_DB=env.db "$MINSHENG" init
t "integrity_check is ok" 0 "ok" -- sqlite3 minsheng.db "PRAGMA integrity_check"
t "the journal holds the load" 0 "org.load
plan.load" -- sqlite3 minsheng.db "SELECT action FROM journal ORDER BY id"

# --- list/show from the database ---
t_grep "plan list" 0 "jiangxi-2023 +2023年民生实事安排方案 +2023 +10" -- ms plan list
t "plan list --json ids" 0 '["jiangxi-2023"]' -- sh -c "'$MINSHENG' plan list --json | jq -c '[.[].id]'"
t_grep "plan show: item 1's loans" 0 "1\.loans_new +新增发放创业担保贷款 +≥150亿元" -- ms plan show jiangxi-2023
t_grep "plan show: urban dibao with its old standard" 0 "885元/人·月 +825元/人·月" -- ms plan show jiangxi-2023
t_grep "plan show: items 7 and 8 absent" 0 "八、（原文缺失）" -- ms plan show jiangxi-2023
t_grep "plan show: 待核实 notes listed" 0 "待核实事项（[0-9]+）" -- ms plan show jiangxi-2023
t_grep "plan show of an unknown plan" 1 "no plan 'jiangxi-1999'" -- ms plan show jiangxi-1999
ms plan show jiangxi-2023 --json > show.json
t "show --json: ten items" 0 "10" -- jq '.items | length' show.json
t "show --json: 7 and 8 absent" 0 "[7,8]" -- jq -c '[.items[] | select(.present_in_source == false) | .no]' show.json
t "show --json: every indicator has provenance" 0 "0" -- \
	jq '[.items[].indicators[] | select(.provenance.basis == null)] | length' show.json
t "show --json: MISSION's targets" 0 "$(cat <<'X'
1.guarantee_fund_added 元 >= 6000000000 null
1.loans_new 元 >= 1500000000000 null
1.individual_loan_share % >= 5000 null
1.recovery_rate % >= 9500 null
2.dibao_urban_standard 元/人·月 >= 88500 82500
2.urban_topup_level 元/人·月 >= 57000 53000
2.dibao_rural_standard 元/人·月 >= 66000 60000
2.rural_topup_level 元/人·月 >= 44000 40000
3.living_subsidy_standard 元/人·月 >= 10000 8000
3.nursing_subsidy_standard 元/人·月 >= 10000 8000
3.barrier_free_households 户 >= 10000 null
4.disabled_orphan_care_subsidy 元/人·月 >= 138000 null
5.community_elderly_homes 家 >= 50 null
5.welfare_home_care_renovation 家 >= 30 null
5.welfare_home_clinics 家 >= 30 null
5.township_homes_upgraded 家 >= 200 null
10.aeds 台 >= 600 null
X
)" -- jq -r '.items[].indicators[] | select(.kind != "qualitative") | "\(.id) \(.unit) \(.comparator) \(.target) \(.baseline)"' show.json
t "export equals show --json" 0 "" -- sh -c "'$MINSHENG' plan export jiangxi-2023 | diff - show.json"

# --- org list ---
t "11 cities of Jiangxi" 0 "11" -- sh -c "'$MINSHENG' org list --kind city --parent 360000 --json | jq length"
t "100 counties of Jiangxi" 0 "100" -- sh -c "'$MINSHENG' org list --kind county --json | jq '[.[] | select(.code | startswith(\"36\"))] | length'"
t "31 provinces of China" 0 "31" -- sh -c "'$MINSHENG' org list --kind province --json | jq length"
t "more than 2,800 county-level divisions" 0 "true" -- sh -c "'$MINSHENG' org list --kind county --json | jq 'length > 2800'"
t "333 prefecture-level divisions" 0 "333" -- sh -c "'$MINSHENG' org list --kind city --json | jq length"
t "short names: 南昌 for 南昌市, 恩施 for 恩施土家族苗族自治州" 0 "南昌 恩施" -- sh -c "'$MINSHENG' org list --kind city --json | jq -r '[.[] | select(.code == \"360100\" or .code == \"422800\") | .short] | join(\" \")'"
t "counties of a municipality hang from it: 北京 has 16 districts" 0 "16" -- sh -c "'$MINSHENG' org list --parent 110000 --json | jq length"
t "counties under 南昌市" 0 "9" -- sh -c "'$MINSHENG' org list --parent 360100 --json | jq length"
t_grep "org table" 0 "360100 +南昌市 +设区市 +360000" -- ms org list --kind city
t_grep "org list without a database" 1 "数据库不存在.*no database here" -- ms --db none.db org list

done_testing
