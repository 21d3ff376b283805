# tests/cli/rules.sh - the rules from the command line: param, calc (the
# issue's worked examples exactly), batch (atomic output, rejects, summary,
# bad input named by file:line: column) and simulate.
. "$(dirname "$0")/lib.sh"

LOAN="--principal 100000 --rate 5.15 --lpr 3.65 --start 2023-03-01 --end 2024-02-29"
pick() { jq -c "$1"; }

# --- the worked examples, exactly ---
t "loan worked example, graduate" 0 \
	'{"total_interest":"5221.53","subsidy":"3041.67","borrower_share":"2179.86","waived":"2179.86","borrower_pays":"0.00","fiscal_total":"5221.53","days":365,"eligible":true}' \
	-- sh -c "$MINSHENG calc loan $LOAN --group graduate --json | jq -c 'del(.calc,.input,.trace)'"
t "loan worked example, other group" 0 \
	'{"total_interest":"5221.53","subsidy":"3041.67","borrower_share":"2179.86","waived":"1089.93","borrower_pays":"1089.93","fiscal_total":"4131.60","days":365,"eligible":true}' \
	-- sh -c "$MINSHENG calc loan $LOAN --group other --json | jq -c 'del(.calc,.input,.trace)'"
t "dibao worked example" 0 \
	'{"standard":"885.00","per_capita_income":"500.00","payment":"1155.00","eligible":true}' \
	-- sh -c "$MINSHENG calc dibao --area urban --members 3 --income 1500 --month 2023-07 --json | jq -c 'del(.calc,.input,.trace)'"
t "Chinese group name = code" 0 "2179.86" \
	-- sh -c "$MINSHENG calc loan $LOAN --group 高校毕业生 --json | jq -r .waived"
t "options as --name=value" 0 "1155.00" \
	-- sh -c "$MINSHENG calc dibao --area=城市 --members=3 --income=1500 --month=2023年7月 --json | jq -r .payment"

# --- explanations: every figure with its parameter and the notice's words ---
t_grep "explain quotes the notice for the waiver" 0 "原文“对2023年新签订借款合同" -- ms calc loan $LOAN --group graduate --explain
t_grep "explain names the external document" 0 "财金〔2020〕21号" -- ms calc loan $LOAN --group graduate --explain
t_grep "explain shows the dibao standard's quote" 0 "dibao.urban_standard.*885.00.*达到885元" -- ms calc dibao --area urban --members 3 --income 1500 --month 2023-07 --explain
t_grep "explain flags an assumed date" 0 "生效日期为假设" -- ms calc dibao --area urban --members 3 --income 1500 --month 2023-07 --explain
t "json trace: every step has a formula and a value" 0 "true" \
	-- sh -c "$MINSHENG calc loan $LOAN --json | jq '[.trace[] | has(\"formula\") and has(\"value\") and has(\"params\")] | all and length == 9'"
t "json trace: every text parameter carries its quote" 0 "true" \
	-- sh -c "$MINSHENG calc dibao --area rural --members 2 --income 10 --month 2023-07 --json | jq '[.trace[].params[] | select(.basis == \"text\") | .quote | length > 0] | (length > 0) and all'"
t "plain output labels in Chinese" 0 "月补差金额 1155.00 元" \
	-- sh -c "$MINSHENG calc dibao --area urban --members 3 --income 1500 --month 2023-07 | grep 月补差金额 | tr -s ' '"

# --- the other calculators ---
t "disability grade 1, dibao household" 0 '{"living_subsidy":"100.00","nursing_subsidy":"100.00","total":"200.00"}' \
	-- sh -c "$MINSHENG calc disability --grade 1 --type physical --dibao yes --month 2023-07 --json | jq -c '{living_subsidy,nursing_subsidy,total}'"
t "disability in 2022 uses the previous 80" 0 "160.00" \
	-- sh -c "$MINSHENG calc disability --grade 2 --type 肢体 --dibao 是 --month 2022-12 --json | jq -r .total"
t "disability tekun gets neither" 0 "0.00" \
	-- sh -c "$MINSHENG calc disability --grade 1 --type physical --dibao yes --tekun yes --month 2023-07 --json | jq -r .total"
t "orphan disabled: care subsidy 1380" 0 "1380.00" \
	-- sh -c "$MINSHENG calc orphan --kind disabled_orphan --month 2023-07 --json | jq -r .care_subsidy"
t "--param overrides a parameter for one run" 0 "1350.00" \
	-- sh -c "$MINSHENG calc dibao --area urban --members 3 --income 1500 --month 2023-07 --param dibao.urban_standard=950 --json | jq -r .payment"

# --- calc: bad input names the field ---
t_grep "unknown group" 2 "group: \"pilot\" is not one of other \(其他\), graduate" -- ms calc loan $LOAN --group pilot
t_grep "unknown area" 2 "area: \"town\" is not one of urban" -- ms calc dibao --area town --members 3 --income 1 --month 2023-07
t_grep "members 0" 2 "members: 0 is out of range 1..99" -- ms calc dibao --area urban --members 0 --income 1 --month 2023-07
t_grep "negative income" 2 "income: \"-5\": may not be negative" -- ms calc dibao --area urban --members 3 --income -5 --month 2023-07
t_grep "three decimals" 2 "income: .*more than two decimals" -- ms calc dibao --area urban --members 3 --income 1.005 --month 2023-07
t_grep "rate with three decimals" 2 "rate: " -- ms calc loan --principal 1 --rate 5.155 --lpr 3.65 --start 2023-03-01 --end 2024-02-29
t_grep "end before start" 1 "end: 2023-01-01 is not after start 2023-03-01" -- ms calc loan --principal 1 --rate 5 --lpr 3 --start 2023-03-01 --end 2023-01-01
t_grep "date out of range" 2 "start: " -- ms calc loan --principal 1 --rate 5 --lpr 3 --start 2023-02-30 --end 2024-01-01
t_grep "month out of range" 2 "month: " -- ms calc dibao --area urban --members 1 --income 1 --month 2023-13
t_grep "missing field named" 2 "members: missing \(缺少 家庭保障人数\)" -- ms calc dibao --area urban --income 1 --month 2023-07
t_grep "no parameter before its period" 1 "dibao.urban_standard .* no value in effect on 2021-07-01" -- ms calc dibao --area urban --members 1 --income 1 --month 2021-07
t_grep "unknown calculator" 2 "no calculator 'pension'" -- ms calc pension
t_grep "unknown option" 2 "calc: 未知选项 --colour \(unknown option for dibao\)" -- ms calc dibao --colour red
t_grep "bad --param" 1 "no parameter called dibao.nothing" -- ms calc dibao --area urban --members 1 --income 1 --month 2023-07 --param dibao.nothing=1

# --- param ---
t_grep "param list shows both dibao values" 0 "dibao.urban_standard +城市低保月人均保障标准 +825.00元/人·月" -- ms param list
t "param list --at 2023-07-01: one value per key" 0 "16 16" \
	-- sh -c "$MINSHENG param list --at 2023-07-01 --json | jq -r '[length, ([.[].key] | unique | length)] | map(tostring) | join(\" \")'"
t "param list --at 2022-06-30: previous standard" 0 "825.00" \
	-- sh -c "$MINSHENG param list --at 2022-06-30 --json | jq -r '.[] | select(.key == \"dibao.urban_standard\") | .value'"
t_grep "param show quotes the notice" 0 "将城市低保月人均保障标准提高60元，达到885元" -- ms param show dibao.urban_standard
t_grep "param show unknown" 1 "no parameter called nope" -- ms param show nope

# --- batch ---
cat > hh.csv <<'CSV'
id,area,members,income,region,note
1,urban,3,1500,360102,"a, b"
2,rural,2,1400,360702,x
3,城市,1,0,,y
4,rural,4,2000.5,361002,z
CSV
t "batch: input columns kept, computed columns appended" 0 "$(cat <<'OUT'
id,area,members,income,region,note,standard,per_capita_income,payment,eligible
1,urban,3,1500,360102,"a, b",885.00,500.00,1155.00,1
2,rural,2,1400,360702,x,660.00,700.00,0.00,0
3,城市,1,0,,y,885.00,0.00,885.00,1
4,rural,4,2000.5,361002,z,660.00,500.13,639.50,1
OUT
)" -- sh -c "$MINSHENG batch dibao hh.csv -o out.csv --month 2023-07 >/dev/null && cat out.csv"
t "batch --summary --json: totals and cities" 0 '4 3 2679.50 360100,360700,361000,null' \
	-- sh -c "$MINSHENG batch dibao hh.csv -o out.csv --month 2023-07 --summary --json | jq -r '\"\(.rows) \(.eligible) \(.totals.payment) \([.by_city[].code] | map(tostring) | join(\",\"))\"'"
t_grep "batch summary names cities in Chinese" 0 "360100 +南昌市 +1 +1 +1155.00" -- ms batch dibao hh.csv -o out.csv --month 2023-07 --summary
t "batch to stdout" 0 "5" -- sh -c "$MINSHENG batch dibao hh.csv --month 2023-07 | wc -l"
t "a month column overrides --month; an empty cell takes it" 0 "825.00 885.00" \
	-- sh -c "printf 'area,members,income,month\nurban,1,0,2022-12\nurban,1,0,\n' > m.csv && $MINSHENG batch dibao m.csv --month 2023-07 | tail -2 | cut -d, -f5 | tr '\n' ' ' | sed 's/ \$//'"

printf 'id,area,members,income\n1,urban,3,100\n2,urban,3,abc\n3,urban,3,5\n' > bad.csv
rm -f out2.csv
t_grep "bad row: file:line: column: reason" 1 "bad.csv:3: income: \"abc\"" -- ms batch dibao bad.csv -o out2.csv --month 2023-07
t_sh "bad row: no output file, no temporary left" '[ ! -e out2.csv ] && [ -z "$(ls | grep tmp)" ]'
echo "keep me" > out3.csv
t_grep "bad row: an existing output is left alone" 1 "bad.csv:3" -- ms batch dibao bad.csv -o out3.csv --month 2023-07
t_sh "bad row: existing output unchanged" '[ "$(cat out3.csv)" = "keep me" ]'
t_grep "--skip-bad: the rest is written" 0 "拒收 1 行" -- ms batch dibao bad.csv -o out4.csv --month 2023-07 --summary --skip-bad
t "--skip-bad: two rows out" 0 "3" -- sh -c "wc -l < out4.csv"
t_grep "--skip-bad: rejects keep the row and the reason" 0 '^2,urban,3,abc,"line 3: income: ""abc"": not an amount of money' \
	-- sh -c "tail -1 out4.csv.rejects.csv"
# an output that is there and is no regular file (a FIFO here; /dev/null alike) is written
# into, never renamed over: run as root, a rename once replaced /dev/null with the payroll
mkfifo fifo
t_sh "-o FIFO: the reader gets every row, the FIFO stays" \
	'{ timeout 20 cat fifo > from-fifo & r=$!; } && $MINSHENG batch dibao hh.csv -o fifo --month 2023-07 >/dev/null 2>&1 && wait $r && [ -p fifo ] && $MINSHENG batch dibao hh.csv --month 2023-07 | cmp -s - from-fifo'
t_grep "-o a directory: refused before any work" 1 "cannot create: Is a directory" -- ms batch dibao hh.csv -o . --month 2023-07
t_grep "-o in a missing folder: the message names the file asked for, not a temporary one" 1 \
	"^minsheng: no-such-dir/x.csv: cannot create: No such file or directory$" -- ms batch dibao hh.csv -o no-such-dir/x.csv --month 2023-07
t_sh "-o -: standard output, as - is standard input; no file called -" \
	'$MINSHENG batch dibao hh.csv -o - --month 2023-07 > dash.out && [ ! -e ./- ] && $MINSHENG batch dibao hh.csv --month 2023-07 | cmp -s - dash.out'
t_grep "missing column" 1 "hh2.csv:1: missing column members" \
	-- sh -c "printf 'area,income\nurban,1\n' > hh2.csv && $MINSHENG batch dibao hh2.csv --month 2023-07"
t_grep "missing month without --month" 1 "missing column month .*--month" -- ms batch dibao bad.csv
t_grep "quoted field spanning lines" 1 "ml.csv:2: column 13: unterminated quoted field" \
	-- sh -c "printf 'area,members,income,note\nurban,1,100,\"two\nlines\"\n' > ml.csv && $MINSHENG batch dibao ml.csv --month 2023-07"
t_grep "invalid UTF-8" 1 "u8.csv:2: column 11: invalid UTF-8" \
	-- sh -c "printf 'area,members,income,note\nurban,1,1,\377\n' > u8.csv && $MINSHENG batch dibao u8.csv --month 2023-07"
t_grep "overlong line" 1 "long.csv:2: line longer than" \
	-- sh -c "{ printf 'area,members,income,note\nurban,1,1,'; head -c 2000000 /dev/zero | tr '\\\\0' x; printf '\n'; } > long.csv && $MINSHENG batch dibao long.csv --month 2023-07"
t_grep "wrong number of fields" 1 "nf.csv:2: 2 fields where the header has 3" \
	-- sh -c "printf 'area,members,income\nurban,1\n' > nf.csv && $MINSHENG batch dibao nf.csv --month 2023-07"
t_grep "empty file" 1 "empty.csv: empty file" -- sh -c ": > empty.csv; $MINSHENG batch dibao empty.csv"
t_grep "missing input file" 1 "nope.csv: cannot open" -- ms batch dibao nope.csv
# --threads: the same bytes, totals and first error for any number of threads
awk 'BEGIN { print "id,region,area,members,income"; for (i = 1; i <= 60000; i++)
	printf "H%06d,36%02d%02d,%s,%d,%d.%02d\n", i, 1 + i % 11, i % 7, i % 3 ? "urban" : "rural", 1 + i % 6, (i * 7919) % 9000, i % 100 }' > many.csv
t_sh "--threads 1 and --threads 4 write the same bytes and totals" \
	"$MINSHENG batch dibao many.csv --month 2023-07 -o t1.csv --summary --threads 1 > s1.txt &&
	 $MINSHENG batch dibao many.csv --month 2023-07 -o t4.csv --summary --threads 4 > s4.txt &&
	 cmp t1.csv t4.csv && cmp s1.txt s4.txt && [ \$(wc -l < t4.csv) = 60001 ]"
sed -e '40000s/,[0-9.]*$/,x1/' -e '50000s/,[0-9.]*$/,x2/' many.csv > many-bad.csv
t_grep "--threads 4: the first bad row in file order" 1 "many-bad.csv:40000: income: \"x1\"" -- ms batch dibao many-bad.csv --month 2023-07 -o tb.csv --threads 4
t_sh "--threads 4: a bad row leaves no output" "[ ! -e tb.csv ]"
t_sh "--threads 4 --skip-bad: rejects in file order, as on one thread" \
	"$MINSHENG batch dibao many-bad.csv --month 2023-07 -o r1.csv --skip-bad --threads 1 >/dev/null 2>&1;
	 $MINSHENG batch dibao many-bad.csv --month 2023-07 -o r4.csv --skip-bad --threads 4 >/dev/null 2>&1;
	 cmp r1.csv r4.csv && cmp r1.csv.rejects.csv r4.csv.rejects.csv && grep -q 'line 50000: income' r4.csv.rejects.csv"
t_grep "--threads out of range" 2 "1 到 8" -- ms batch dibao many.csv --threads 9
t_grep "re-processing an output is refused" 1 "column 7: standard is a column this command adds" -- ms batch dibao out.csv
t "batch loan from a register" 0 "5221.53,3041.67,2179.86,2179.86,0.00,5221.53,365,1" \
	-- sh -c "printf 'principal,rate,lpr,start,end,group\n100000,5.15,3.65,2023-03-01,2024-02-29,graduate\n' > loans.csv && $MINSHENG batch loan loans.csv | tail -1 | cut -d, -f7-"

# --- simulate ---
t "simulate: raise the urban standard to 950" 0 "2679.50 2939.50 260.00 3120.00 2 0" \
	-- sh -c "$MINSHENG simulate dibao hh.csv --month 2023-07 --reform dibao.urban_standard=950 --json | jq -r '\"\(.baseline.monthly_cost) \(.reformed.monthly_cost) \(.change.monthly_cost_change) \(.change.annual_cost_change) \(.change.winners) \(.change.losers)\"'"
t "simulate: newly eligible when the rural standard rises" 0 "1 0" \
	-- sh -c "$MINSHENG simulate dibao hh.csv --month 2023-07 --reform dibao.rural_standard=800 --json | jq -r '\"\(.change.newly_eligible) \(.change.no_longer_eligible)\"'"
t "simulate --by city" 0 "360100 1155.00 1350.00" \
	-- sh -c "$MINSHENG simulate dibao hh.csv --month 2023-07 --reform dibao.urban_standard=950 --by city --json | jq -r '.by_city[0] | \"\(.code) \(.baseline.monthly_cost) \(.reformed.monthly_cost)\"'"
t_grep "simulate table in Chinese" 0 "年度支出（×12，元） +32154.00 +35274.00 +\+3120.00" \
	-- ms simulate dibao hh.csv --month 2023-07 --reform dibao.urban_standard=950
t_grep "simulate needs a reform" 2 "at least one --reform" -- ms simulate dibao hh.csv --month 2023-07
t_grep "simulate: bad reform value" 1 "dibao.urban_standard" -- ms simulate dibao hh.csv --month 2023-07 --reform dibao.urban_standard=abc

done_testing
