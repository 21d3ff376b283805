# tests/cli/harden.sh - the hardening findings of issue 20, one section each:
# overflow at the largest values, formula injection in CSVs, login throttling,
# token and user lifecycle, storage errors, query caps, batch temp files,
# passwords, slow clients, and the API's loose ends.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/h.db
# sections 1 and 2 file reports for the 2023-06-30 round: on 2023-07-01, inside its grace days
export MS_CLOCK=1688176800
ms init >/dev/null
CITIES="360100 360200 360300 360400 360500 360600 360700 360800 360900 361000 361100"

# --- 1. the largest accepted values in every city: no signed overflow (UBSan in make test) ---
MAXV=92233720368547.75元
for c in $CITIES; do
	ms assign 1.loans_new "$c" "$MAXV" >/dev/null
	ms report 1.loans_new "$c" --round 2023-06-30 --value "$MAXV" --narrative 上限测试 --submitted-at 2023-06-30 >/dev/null
	ms approve 1.loans_new "$c" --round 2023-06-30 >/dev/null   # only approved figures count
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
ms approve 10.emergency_training 360100 --round 2023-06-30 >/dev/null
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

unset MS_CLOCK

# --- 7. batch -o: the temporary file removed on every exit, and after a kill -9 by the next run ---
mkdir bt
printf 'id,area,members,income,region,note\n1,urban,3,oops,360102,x\n' > bt/bad.csv
ms batch dibao bt/bad.csv -o bt/bad.out.csv --month 2023-07 >/dev/null 2>&1
t_sh "an error exit leaves no temporary file" "[ -z \"\$(ls bt | grep tmp-)\" ]"
awk 'BEGIN { print "id,area,members,income,region,note"; for (i = 1; i <= 1000000; i++) printf "%d,urban,3,1500,360102,n%d\n", i, i }' > bt/big.csv
# wait_tmp PID: until PID's temporary output has grown past 64 KiB (or PID is gone)
wait_tmp() {
	for _ in $(seq 1 500); do
		[ "$(stat -c %s "bt/out.csv.tmp-$1" 2>/dev/null || echo 0)" -gt 65536 ] && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.01
	done
	return 1
}
"$MINSHENG" batch dibao bt/big.csv -o bt/out.csv --month 2023-07 >/dev/null 2>&1 &
P1=$!
wait_tmp $P1; kill -9 $P1 2>/dev/null; wait $P1 2>/dev/null
t_sh "kill -9 leaves out.csv.tmp-PID behind (the finding)" "[ -f bt/out.csv.tmp-$P1 ]"
touch "bt/out.csv.tmp-$$"     # a live process's (this shell's): not to be touched
"$MINSHENG" batch dibao bt/big.csv -o bt/out.csv --month 2023-07 >/dev/null 2>&1 &
P2=$!
wait_tmp $P2
t_sh "the next run on the same output removes the killed run's file" "[ ! -f bt/out.csv.tmp-$P1 ]"
t_sh "and leaves a live writer's alone" "[ -f bt/out.csv.tmp-$$ ]"
kill -TERM $P2 2>/dev/null; wait $P2 2>/dev/null
t_sh "SIGTERM removes the run's own temporary file at once" "[ ! -f bt/out.csv.tmp-$P2 ]"
rm -f "bt/out.csv.tmp-$$"
"$MINSHENG" batch dibao bt/big.csv -o bt/out.csv --month 2023-07 --threads 4 >/dev/null 2>&1 &
P3=$!
wait_tmp $P3; kill -HUP $P3 2>/dev/null; wait $P3 2>/dev/null; RC3=$?
t_sh "SIGHUP with four worker threads: the run ends by the signal, its file removed" "[ $RC3 -eq 129 ] && [ ! -f bt/out.csv.tmp-$P3 ] && [ ! -f bt/out.csv ]"
ms batch dibao bt/big.csv -o bt/out.csv --month 2023-07 >/dev/null 2>&1
t_sh "a whole run afterwards: every row, no temporary file" "[ \$(wc -l < bt/out.csv) -eq 1000001 ] && [ -z \"\$(ls bt | grep tmp-)\" ]"
rm -rf bt

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

# --- 4. token and user lifecycle ---
TOK=$(ms user token nanchang 2>/dev/null)
TOK2=$(ms user token nanchang 2>/dev/null)
t "a token works" 0 "200" -- st -H "Authorization: Bearer $TOK" "${URL}api/v1/me"
t "bearer logout answers logged_out" 0 '{"logged_out":true}' -- sh -c "curl -s -X POST -H 'Authorization: Bearer $TOK' '${URL}api/v1/logout' | jq -c ."
t "a logged-out bearer token answers 401 at once" 0 "401" -- st -H "Authorization: Bearer $TOK" "${URL}api/v1/me"
t "the other token still works" 0 "200" -- st -H "Authorization: Bearer $TOK2" "${URL}api/v1/me"
t "user tokens lists one token, by id" 0 "1 api" -- sh -c "$MINSHENG user tokens nanchang --json | jq -r '\"\(length) \(.[0].kind)\"'"
ID2=$(ms user tokens nanchang --json | jq -r '.[0].id')
t_sh "the list never shows the token" "! { $MINSHENG user tokens nanchang; $MINSHENG user tokens nanchang --json; } | grep -q '$TOK2'"
t "user revoke TOKEN-ID" 0 "已注销令牌 $ID2 — token revoked" -- ms user revoke "$ID2"
t "a revoked token answers 401 at once" 0 "401" -- st -H "Authorization: Bearer $TOK2" "${URL}api/v1/me"
t_grep "revoke: an unknown id" 1 "无此令牌" -- ms user revoke "$ID2"
t_grep "revoke: not an id" 1 "12位十六进制" -- ms user revoke xyz
TOK3=$(ms user token jiujiang 2>/dev/null)
t "jiujiang's token works" 0 "200" -- st -H "Authorization: Bearer $TOK3" "${URL}api/v1/me"
t "user disable" 0 "已停用用户 jiujiang，其登录和令牌已失效 — user disabled, sessions and tokens ended" -- ms user disable jiujiang
t "a disabled user's token ends at once" 0 "401" -- st -H "Authorization: Bearer $TOK3" "${URL}api/v1/me"
t_grep "a disabled user cannot log in (403, said after the right password)" 0 "403.*账号已停用" \
	-- sh -c "curl -s -w '%{http_code}' -H 'Content-Type: application/json' -d '{\"name\":\"jiujiang\",\"password\":\"minsheng2023\"}' '${URL}api/v1/login' | tr -d '\n' | sed 's/^\(.*\)\(...\)$/\2 \1/'"
t "user enable: logs in again" 0 "已启用用户 jiujiang — user enabled|303" \
	-- sh -c "{ $MINSHENG user enable jiujiang; curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.3 -d 'name=jiujiang&password=minsheng2023' '${URL}login'; } | paste -sd'|'"
t_grep "the last administrator cannot be disabled" 1 "唯一可用的管理员" -- ms user disable admin
t_grep "nor given another role" 1 "唯一可用的管理员" -- ms user role admin viewer
t_grep "nor deleted" 1 "唯一可用的管理员" -- ms user delete admin
t_grep "role: a lead needs --org" 1 "needs the code of its unit.*--org" -- ms user role viewer lead
t "user role NAME ROLE --org" 0 "已将 viewer 改为 lead — role changed" -- ms user role viewer lead --org hrss
t "the new role shows on the next request" 0 "lead hrss" \
	-- sh -c "curl -s -H 'Authorization: Bearer $(ms user token viewer 2>/dev/null)' '${URL}api/v1/me' | jq -r '\"\(.role) \(.org)\"'"
t "user passwd --expire" 0 "civil 的密码已过期，须由管理员重设 — password expired" -- ms user passwd civil --expire
t_grep "an expired password is refused at login" 0 "密码已过期" \
	-- curl -s -H 'Content-Type: application/json' -d '{"name":"civil","password":"minsheng2023"}' "${URL}api/v1/login"
t "user delete" 0 "已删除用户 civil — user deleted" -- ms user delete civil
t_grep "the deleted user is gone" 1 "无此用户" -- ms user tokens civil
t "each change is journaled" 0 "user.delete user.disable user.enable user.expire user.revoke user.role" \
	-- sh -c "sqlite3 '$MINSHENG_DB' \"SELECT DISTINCT action FROM journal WHERE action IN ('user.revoke','user.disable','user.enable','user.role','user.expire','user.delete') ORDER BY action\" | paste -sd' '"

# --- 6. query strings capped by length and count: answered at once, never a held socket ---
qs() { python3 -c "import sys; n=int(sys.argv[1]); print('&'.join('a%d=1' % i for i in range(n)))" "$1"; }
t "1,000 query fields (6.9 KB): 414 at once" 0 "414" -- st --max-time 5 "${URL}api/v1/status?$(qs 1000)"
t "65 query fields: 400" 0 "400" -- st --max-time 5 "${URL}api/v1/status?$(qs 65)"
t "4,096 empty fields (&&&…): 400" 0 "400" -- st --max-time 5 "${URL}api/v1/status?$(head -c 4095 /dev/zero | tr '\0' '&')"
t "64 query fields still answered" 0 "200" -- st --max-time 5 "${URL}api/v1/status?$(qs 63)&item=1"
t_grep "the 414 names the cap" 0 '"uri_too_long".*4096' -- sh -c "curl -s --max-time 5 '${URL}api/v1/status?$(qs 1000)' | tr -d '\n'"
t "the server still answers afterwards" 0 "200" -- st --max-time 5 "${URL}api/v1/status"
# headers: the connection's pool (32 KiB) holds 16 KiB of them and more; past it 431 at once
HDR=$(head -c 16000 /dev/zero | tr '\0' x)
t "16 KB of headers still answered" 0 "200" -- st --max-time 5 -H "X-Big: $HDR" "${URL}api/v1/status"
t "six headers of 3 KB still answered" 0 "200" -- st --max-time 5 -H "X-A: ${HDR:0:3000}" -H "X-B: ${HDR:0:3000}" \
	-H "X-C: ${HDR:0:3000}" -H "X-D: ${HDR:0:3000}" -H "X-E: ${HDR:0:3000}" -H "X-F: ${HDR:0:3000}" "${URL}api/v1/status"
t "40 KB of headers: 431 at once" 0 "431" -- st --max-time 5 -H "X-Big: $HDR$HDR${HDR:0:8000}" "${URL}api/v1/status"
t "the server still answers after them" 0 "200" -- st --max-time 5 "${URL}api/v1/status"

# --- 8. passwords: characters not bytes, 10 for administrators, common ones refused, --expire ---
t_grep "three Chinese characters (9 bytes) are 3 characters" 1 "至少8个字符，现为3个" -- sh -c "echo '三个字' | $MINSHENG user add p1 --role viewer"
t_grep "seven Chinese characters are too few" 1 "现为7个" -- sh -c "echo '至少八位的密码' | $MINSHENG user add p1 --role viewer"
t "eight Chinese characters are enough" 0 "已添加用户 p1 — user added" -- sh -c "echo '民生实事八个字符' | $MINSHENG user add p1 --role viewer"
t_grep "12345678 is refused" 1 "密码过于常见" -- sh -c "echo 12345678 | $MINSHENG user add p2 --role viewer"
t_grep "admin123 is refused for an administrator (too short)" 1 "管理员密码至少10个字符" -- sh -c "echo admin123 | $MINSHENG user add p3 --role admin"
t_grep "administrator123 (common, any case)" 1 "密码过于常见" -- sh -c "echo ADMINISTRATOR | $MINSHENG user add p3 --role admin"
t_grep "a common one from the list (data/common-passwords.txt)" 1 "密码过于常见" -- sh -c "echo 'baseball1' | $MINSHENG user add p3 --role viewer"
t_grep "the user's own name" 1 "密码过于常见.*user name" -- sh -c "echo 'wangwuliu' | $MINSHENG user add wangwuliu --role viewer"
t_grep "an administrator with 9 characters" 1 "at least 10 characters for an administrator" -- sh -c "echo 'xk3-9qpwz' | $MINSHENG user add p3 --role admin"
t "an administrator with 10" 0 "已添加用户 p3 — user added" -- sh -c "echo 'xk3-9qpwzm' | $MINSHENG user add p3 --role admin"
t_grep "passwd applies the rules too (by the user's role)" 1 "at least 10 characters for an administrator" -- sh -c "echo 'xk3-9qpwz' | $MINSHENG user passwd p3"

# --- 5. storage errors are the server's, never the client's: 507, 503 + Retry-After ---
ADM=$(ms user token admin 2>/dev/null)
BIG=$(head -c 3000 /dev/zero | tr '\0' x)
site_json() { printf '{"indicator":"10.aeds","org":"360100","name":"%s %s","status":"planned"}' "$1" "$BIG"; }
# busy: another process holds the write lock longer than the 5 s busy timeout
(echo "BEGIN IMMEDIATE;"; sleep 8; echo "ROLLBACK;") | sqlite3 "$MINSHENG_DB" &
LOCKER=$!
sleep 0.5
curl -s --max-time 20 -D busy.h -o busy.json -H "Authorization: Bearer $ADM" -H 'Content-Type: application/json' \
	-d "$(site_json busy)" "${URL}api/v1/sites" &
CURL=$!
ms site add 10.aeds 360100 --name 忙 --status planned > busy.cli 2>&1; echo "rc=$?" >> busy.cli
wait $CURL
wait $LOCKER
t_grep "busy database: the API answers 503" 0 "^HTTP/1.1 503" -- cat busy.h
t_grep "busy database: with Retry-After" 0 "^Retry-After: [0-9]+" -- tr -d '\r' < busy.h
t_grep "busy database: the JSON says unavailable, in words" 0 '"code": *"unavailable".*数据库正忙' -- tr -d '\n' < busy.json
t_grep "busy database: the CLI says so in words, exit 1" 0 "数据库正忙，请稍后再试.*rc=1" -- tr '\n' ' ' < busy.cli
# full: the file capped at the pages it has (MS_DB_MAX_PAGES, SQLite's max_page_count)
P=$(sqlite3 "$MINSHENG_DB" 'PRAGMA page_count')
MAIN_URL=$URL MAIN_PID=$SERVE_PID
MS_DB_MAX_PAGES=$P serve_start
t "full storage: a write answers 507" 0 "507" \
	-- st -H "Authorization: Bearer $ADM" -H 'Content-Type: application/json' -d "$(site_json full)" "${URL}api/v1/sites"
t_grep "full storage: the JSON names it" 0 '"insufficient_storage".*存储空间已满' \
	-- sh -c "curl -s -H 'Authorization: Bearer $ADM' -H 'Content-Type: application/json' -d '$(site_json full2)' '${URL}api/v1/sites' | tr -d '\n'"
t "full storage: reads still work" 0 "200 200" \
	-- sh -c "echo \$(curl -s -o /dev/null -w '%{http_code}' '${URL}api/v1/status') \$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $ADM' '${URL}api/v1/me')"
t_grep "full storage: the CLI says so in words" 1 "存储空间已满，无法写入 \(storage full\)" \
	-- env MS_DB_MAX_PAGES=$P "$MINSHENG" site add 10.aeds 360100 --name "满 $BIG" --status planned
kill -TERM "$SERVE_PID"; wait "$SERVE_PID"
URL=$MAIN_URL SERVE_PID=$MAIN_PID
# read-only medium: a WAL database is read (immutable), a write is refused in words
mkdir ro && cp "$MINSHENG_DB" ro/r.db && sqlite3 ro/r.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
if unshare -m true 2>/dev/null; then
	unshare -m sh -c "mount --bind ro ro && mount -o remount,bind,ro ro && $MINSHENG --db ro/r.db status --as-of 2023-07-07 --json | jq -r .plan; $MINSHENG --db ro/r.db site add 10.aeds 360100 --name x --status planned; echo rc=\$?" > ro.out 2>&1
	t_grep "read-only medium: status is read" 0 "^jiangxi-2023" -- cat ro.out
	t_grep "read-only medium: a write says why, exit 1" 0 "(只读|无法打开数据库的文件).*rc=1" -- tr '\n' ' ' < ro.out
else
	t_skip "read-only medium" "no mount namespace here (unshare -m refused)"
fi

# --- 10. the API's loose ends ---
t "status?item=7 (missing from the notice): 404" 0 "404" -- st "${URL}api/v1/status?item=7"
t "status?item=1: 200" 0 "200" -- st "${URL}api/v1/status?item=1"
TGT=$(sqlite3 "$MINSHENG_DB" "SELECT target FROM assignment WHERE indicator = '1.loans_new' AND org = '360400'")
t "status?org=360400 gives that city's target" 0 "$TGT" \
	-- sh -c "curl -s '${URL}api/v1/status?org=360400&item=1' | jq -r '.items[0].indicators[] | select(.id==\"1.loans_new\") | .target_value'"
t_sh "and not the province's" "[ '$TGT' != \"\$(curl -s '${URL}api/v1/status?item=1' | jq -r '.items[0].indicators[] | select(.id==\"1.loans_new\") | .target_value')\" ]"
t "assignments?indicator= filters" 0 "1.loans_new" \
	-- sh -c "curl -s '${URL}api/v1/assignments?indicator=1.loans_new&limit=1000' | jq -r '[.[].indicator] | unique | join(\",\")'"
t "assignments?org= filters" 0 "360400" \
	-- sh -c "curl -s '${URL}api/v1/assignments?org=360400&limit=1000' | jq -r '[.[].org] | unique | join(\",\")'"
t "assignments?indicator=&org=: one row" 0 "1" -- sh -c "curl -s '${URL}api/v1/assignments?indicator=1.loans_new&org=360400' | jq length"
t "journal?since=garbage: 400" 0 "400" -- st -H "Authorization: Bearer $ADM" "${URL}api/v1/journal?since=yesterday"
t "journal?since=2023-13-01: 400" 0 "400" -- st -H "Authorization: Bearer $ADM" "${URL}api/v1/journal?since=2023-13-01"
t "journal?since=a day: 200" 0 "200" -- st -H "Authorization: Bearer $ADM" "${URL}api/v1/journal?since=2023-07-01"
t "journal?since=a UTC time: 200" 0 "200" -- st -H "Authorization: Bearer $ADM" "${URL}api/v1/journal?since=2023-07-01T08:00:00Z"
NS=$(curl -s "${URL}api/v1/sites?limit=1000" | jq length)
t_grep "sites: a small default page, the total and the next cursor in headers" 0 "X-Total-Count: [0-9]+.*X-Next-After: 200" \
	-- sh -c "curl -s -o /dev/null -D - '${URL}api/v1/sites' | tr -d '\r' | grep -E '^X-(Total-Count|Next-After)' | paste -sd' '"
t "sites: the default page holds 200" 0 "200" -- sh -c "curl -s '${URL}api/v1/sites' | jq length"
t "sites: pages join up without gaps or repeats" 0 "ok" -- sh -c "a=\$(curl -s '${URL}api/v1/sites?limit=7' | jq -c '.[-1].id'); b=\$(curl -s '${URL}api/v1/sites?limit=8' | jq -c '.[7].id'); c=\$(curl -s '${URL}api/v1/sites?limit=1&after=7' | jq -c '.[0].id'); [ \"\$b\" = \"\$c\" ] && [ \"\$a\" != \"\$c\" ] && echo ok"
t "sites: limit=0 is 400" 0 "400" -- st "${URL}api/v1/sites?limit=0"
t "sites: after=x is 400" 0 "400" -- st "${URL}api/v1/sites?after=x"
t_sh "the demo has more sites than a page ($NS)" "[ $NS -gt 200 ]"
EV=$(curl -s -H "Authorization: Bearer $ADM" "${URL}api/v1/evaluation?as_of=2024-01-15")
t_sh "evaluation: a lead unit's weights are the ones its items used, not 0.00" \
	"echo '$EV' | jq -e '.leads | length > 0 and all(.weights.completion != \"0.00\" and .weights.timeliness != \"0.00\")' >/dev/null"

# --- 9. slow clients: a deadline per request, caps per address, a trusted proxy ---
MAIN_URL=$URL MAIN_PID=$SERVE_PID
serve_start --request-deadline 2 --max-per-address 8 --trusted-proxy 127.0.0.1
PORT=$(echo "$URL" | sed 's/.*:\([0-9]*\)\/$/\1/')
python3 "$ROOT/tests/cli/slowloris.py" 127.0.0.1 "$PORT" 5 20 127.0.0.2 127.0.0.3 > slow.out &
SLOW=$!
sleep 1
t "during the attack an honest client elsewhere is answered" 0 "200" -- st --max-time 3 --interface 127.0.0.4 "${URL}api/v1/status"
wait $SLOW
t_grep "20 slow connections from each of 2 addresses: 8 each held at most (the cap)" 0 "^accepted 16 " -- cat slow.out
t_grep "and none held past the 2 s deadline, though each sent a byte every 0.5 s" 0 "held_max [0-2]$" -- cat slow.out
python3 "$ROOT/tests/cli/slowloris.py" 127.0.0.1 "$PORT" 1 20 127.0.0.1 > proxy.out
t_grep "the trusted proxy's address has no per-address cap" 0 "^accepted 20 " -- cat proxy.out
for i in 1 2 3 4 5; do st -H 'X-Forwarded-For: 10.9.9.9' -d 'name=hrss&password=wrong-pass' "${URL}login" >/dev/null; done
t "behind the trusted proxy, the client it names is throttled" 0 "429" \
	-- st -H 'X-Forwarded-For: 10.9.9.9' -d 'name=hrss&password=minsheng2023' "${URL}login"
t "and another client behind the same proxy logs in" 0 "303" \
	-- st -H 'X-Forwarded-For: 10.9.9.8' -d 'name=hrss&password=minsheng2023' "${URL}login"
for i in 1 2 3 4 5; do st --interface 127.0.0.5 -H "X-Forwarded-For: 10.0.0.$i" -d 'name=hrss&password=wrong-pass' "${URL}login" >/dev/null; done
t "an untrusted peer's X-Forwarded-For is ignored (its own address is counted)" 0 "429" \
	-- st --interface 127.0.0.5 -H 'X-Forwarded-For: 10.0.0.77' -d 'name=hrss&password=minsheng2023' "${URL}login"

# --- 10. Secure cookies over TLS (via the trusted proxy) ---
t_grep "X-Forwarded-Proto: https from the trusted proxy: the cookie is Secure" 0 "^Set-Cookie: ms_session=[0-9a-f]+;.*; Secure$" \
	-- hdr -H 'X-Forwarded-For: 10.9.9.7' -H 'X-Forwarded-Proto: https' -d 'name=viewer&password=minsheng2023' "${URL}login"
t_grep "plain HTTP: no Secure flag" 0 "^Set-Cookie: ms_session=[0-9a-f]+; Path=/; HttpOnly; SameSite=Strict; Max-Age=[0-9]+$" \
	-- hdr -H 'X-Forwarded-For: 10.9.9.6' -d 'name=viewer&password=minsheng2023' "${URL}login"
t_grep "an untrusted peer cannot claim https" 0 "Max-Age=[0-9]+$" \
	-- hdr --interface 127.0.0.6 -H 'X-Forwarded-Proto: https' -d 'name=viewer&password=minsheng2023' "${URL}login"
t_grep "serve refuses a trusted proxy that is not an address" 1 "不是 IP 地址.*--trusted-proxy" -- ms serve --listen 127.0.0.1:0 --trusted-proxy nginx
kill -TERM "$SERVE_PID"; wait "$SERVE_PID"
URL=$MAIN_URL SERVE_PID=$MAIN_PID

# --- 9b. a whole request queued behind a busy worker is not a slow client ---
# One worker, a 2 s deadline. A client connects (accepted while the worker is
# idle); another process holds the database's write lock for 4 s, so a login
# (which writes its session) keeps the worker waiting; the client sends its
# whole request meanwhile, and it lies unread in the socket past the deadline.
MAIN_URL=$URL MAIN_PID=$SERVE_PID
serve_start --threads 1 --request-deadline 2
PORT=$(echo "$URL" | sed 's/.*:\([0-9]*\)\/$/\1/')
python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(4)
c.execute("COMMIT")' "$MINSHENG_DB" &
HOLD=$!
for _ in $(seq 1 100); do [ -e locked ] && break; sleep 0.05; done
python3 -c 'import socket, subprocess, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
time.sleep(0.2)
login = subprocess.Popen(sys.argv[2:], stdout=open("held.code", "w"))
time.sleep(0.3)
s.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
got = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    got += b
print(got.split(b"\r\n", 1)[0].decode() or "(cut)")
login.wait()' "$PORT" curl -s -o /dev/null -w '%{http_code}' -d 'name=viewer&password=minsheng2023' "${URL}login" > queued.out
wait $HOLD
t "a whole request queued behind a busy worker past the deadline is answered, not cut as slow" 0 "HTTP/1.1 200 OK" -- cat queued.out
t "and the login that kept the worker busy went through once the lock was freed" 0 "303" -- cat held.code
t "/metrics: no connection was cut" 0 "minsheng_connections_cut_total 0" \
	-- sh -c "curl -s -H 'Authorization: Bearer $ADM' '${URL}metrics' | grep '^minsheng_connections_cut_total'"
kill -TERM "$SERVE_PID"; wait "$SERVE_PID"
URL=$MAIN_URL SERVE_PID=$MAIN_PID

kill -TERM "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null
done_testing
