# tests/cli/harden.sh - the hardening findings of issue 20, one section each:
# overflow at the largest values, formula injection in CSVs, login throttling,
# token and user lifecycle, storage errors, query caps, batch temp files,
# passwords, slow clients, and the API's loose ends.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/h.db
ms init >/dev/null
CITIES="360100 360200 360300 360400 360500 360600 360700 360800 360900 361000 361100"

# --- 1. the largest accepted values in every city: no signed overflow (UBSan in make test) ---
MAXV=92233720368547.75元
for c in $CITIES; do
	ms assign 1.loans_new "$c" "$MAXV" >/dev/null
	ms report 1.loans_new "$c" --round 2023-06-30 --value "$MAXV" --narrative 上限测试 --submitted-at 2023-06-30 >/dev/null
done
t_grep "largest value above the cap is refused" 1 "magnitude above 92233720368547.75元" \
	-- ms report 1.loans_new 360100 --round 2023-10-30 --value 92233720368547.76元
t "status: 11 x the largest value adds up without overflow" 0 '"10145709.24亿元"' \
	-- sh -c "$MINSHENG status --as-of 2023-07-01 --item 1 --json 2>&1 | jq -c '.items[0].indicators[] | select(.id==\"1.loans_new\") | .actual'"
t_grep "status table at the largest values" 0 "新增发放创业担保贷款 +150.00亿元 +10145709.24亿元" -- ms status --as-of 2023-07-01 --item 1
t_sh "bulletin csv at the largest values" "$MINSHENG bulletin --round 2023-06-30 --as-of 2023-07-01 --format csv -o big.csv >/dev/null 2>&1 && grep -q 10145709.24 big.csv"

# --- 2. formula injection: every CSV writer neutralises = + - @ TAB CR in text cells ---
export MINSHENG_DB=$T/f.db
ms init >/dev/null
ms report 10.emergency_training 360100 --round 2023-06-30 --narrative '=HYPERLINK("http://evil","x")' --submitted-at 2023-06-30 >/dev/null
ms bulletin --round 2023-06-30 --as-of 2023-07-07 --format csv -o b.csv >/dev/null 2>&1
printf '%s\n' ',"'"'"'=HYPERLINK(""http://evil"",""x"")"' > want.hl
t_sh "bulletin csv: a narrative =HYPERLINK gets a leading '" "grep -qF -f want.hl b.csv"
t_sh "bulletin csv: no cell begins with a formula prefix" "! grep -qE '(^|,)\"?[=+@-]' b.csv"
printf 'id,area,members,income,region,note\n' > inj.csv
printf '1,urban,3,1500,360102,"=HYPERLINK(""http://evil"",""x"")"\n2,urban,3,1500,360102,+1+1\n3,urban,3,1500,360102,-2+3\n4,urban,3,1500,360102,@SUM(1)\n5,urban,3,1500,360102,\t=1\n6,urban,3,1500,360102,"\r=1"\n7,urban,3,1500,360102,ok\n' >> inj.csv
printf 'id,area,members,income,region,note\n1,urban,3,1500,360102,"a, b"\n2,rural,2,1400,360702,x\n' > plain.csv
ms batch dibao inj.csv -o inj.out.csv --month 2023-07 >/dev/null
t "batch: the payloads in a text column get a leading '" 0 "$(printf '%s\n' "'+1+1" "'-2+3" "'@SUM(1)" "'	=1" "ok")" \
	-- sh -c "sed 1d inj.out.csv | grep -v '\"' | cut -d, -f6"
printf '%s\n' '1,urban,3,1500,360102,"'"'"'=HYPERLINK(""http://evil"",""x"")",885.00,500.00,1155.00,1' > want.bhl
t_sh "batch: =HYPERLINK quoted with its '" "grep -qxF -f want.bhl inj.out.csv"
t_sh "batch: CR payload quoted with its '" "grep -q \"^6,urban,3,1500,360102,\\\"'\" inj.out.csv"
t_sh "batch: computed columns unchanged by the neutralising" "[ \$(grep -c ',885.00,500.00,1155.00,1\$' inj.out.csv) -eq 7 ]"
ms batch dibao plain.csv -o plain.out.csv --month 2023-07 >/dev/null
t "batch: normal data byte for byte (input line + columns)" 0 "$(printf '%s\n' 'id,area,members,income,region,note,standard,per_capita_income,payment,eligible' '1,urban,3,1500,360102,"a, b",885.00,500.00,1155.00,1' '2,rural,2,1400,360702,x,660.00,700.00,0.00,0')" -- cat plain.out.csv
printf 'id,area,members,income,region,note\n1,urban,3,oops,360102,=cmd\n2,urban,3,1500,360102,x\n' > rej.csv
ms batch dibao rej.csv -o rej.out.csv --month 2023-07 --skip-bad >/dev/null 2>&1
t_sh "batch rejects: the copied text cell neutralised" "grep -q \"^1,urban,3,oops,360102,'=cmd,\" rej.out.csv.rejects.csv"

# --- over HTTP: a demo database served ---
export MINSHENG_DB=$T/w.db
ms init --demo >/dev/null
q() { sqlite3 "$MINSHENG_DB" "$1"; }
st() { curl -s --max-time 20 -o /dev/null -w '%{http_code}' "$@"; }
body() { curl -s --max-time 20 "$@"; }
hdr() { curl -s --max-time 20 -o /dev/null -D - "$@" | tr -d '\r'; }
serve_start

# --- 3. login throttling by account and address together ---
for i in 1 2 3 4 5; do st -d 'name=admin&password=wrong-pass' "${URL}login" >/dev/null; done
t "5 wrong passwords for admin from 127.0.0.1: the right one waits there (429)" 0 "429" \
	-- st -d 'name=admin&password=minsheng2023' "${URL}login"
t_grep "429 carries Retry-After (page)" 0 "^Retry-After: [0-9]+$" -- hdr -d 'name=admin&password=minsheng2023' "${URL}login"
t_grep "429 carries Retry-After (API)" 0 "^Retry-After: [0-9]+$" \
	-- hdr -H 'Content-Type: application/json' -d '{"name":"admin","password":"minsheng2023"}' "${URL}api/v1/login"
t "admin still logs in from another address (127.0.0.2)" 0 "303" \
	-- st --interface 127.0.0.2 -d 'name=admin&password=minsheng2023' "${URL}login"
t "login takes its fields from the body only, not the query" 0 "400" \
	-- st -X POST -H 'Content-Type: application/json' --data '{}' "${URL}api/v1/login?name=admin&password=minsheng2023"

kill -TERM "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null
done_testing
