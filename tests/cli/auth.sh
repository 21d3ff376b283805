# tests/cli/auth.sh - people and what they may write: `user` and `round` on
# the command line; over HTTP logins, sessions, CSRF, throttling, and the
# authorization matrix (every role x every write endpoint: allowed writes
# succeed with one journal row, refused ones change nothing).
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/a.db
ms init --demo >/dev/null
jcount() { sqlite3 "$MINSHENG_DB" "SELECT COUNT(*) FROM journal"; }
q() { sqlite3 "$MINSHENG_DB" "$1"; }

# --- the command line ---
t "demo accounts" 0 "admin admin
civil lead civil
hrss lead hrss
jiujiang reporter 360400
nanchang reporter 360100
nanchang-admin admin 360100
qingshanhu reporter 360111
viewer viewer" -- sh -c "$MINSHENG user list --json | jq -r '.[] | [.name, .role, .org] | join(\" \") | rtrimstr(\" \")'"
t "user add reads the password from stdin" 0 "已添加用户 wang — user added" -- sh -c "echo 'secret-123' | $MINSHENG user add wang --role reporter --org 360100"
t_sh "the password is stored as argon2id, never as given" '[ "$(q "SELECT substr(password_hash,1,10) FROM app_user WHERE name = '"'wang'"'")" = "\$argon2id\$" ] && ! grep -q secret-123 "$MINSHENG_DB"'
t_grep "the journal names the user, not the hash" 0 '"name":"wang","role":"reporter","org":"360100"' -- q "SELECT after FROM journal WHERE action = 'user.add' AND key = 'wang'"
t_grep "a taken name" 1 "already exists" -- sh -c "echo 'secret-123' | $MINSHENG user add wang --role viewer"
t_grep "a short password" 1 "at least 8" -- sh -c "echo short | $MINSHENG user add li --role viewer"
t_grep "no password on stdin" 1 "no password" -- sh -c "$MINSHENG user add li --role viewer </dev/null"
t_grep "a reporter needs a region" 1 "needs the code of its unit" -- sh -c "echo 'secret-123' | $MINSHENG user add li --role reporter"
t_grep "a reporter is not a department" 1 "reports for a region" -- sh -c "echo 'secret-123' | $MINSHENG user add li --role reporter --org hrss"
t_grep "a lead is a department" 1 "lead is a department" -- sh -c "echo 'secret-123' | $MINSHENG user add li --role lead --org 360100"
t_grep "an unknown org" 1 "no such unit" -- sh -c "echo 'secret-123' | $MINSHENG user add li --role lead --org nowhere"
t_grep "an unknown role" 1 "expected admin, lead, reporter or viewer" -- sh -c "echo 'secret-123' | $MINSHENG user add li --role boss"
t_grep "a bad name" 1 "only letters, digits" -- sh -c "echo 'secret-123' | $MINSHENG user add '王 五' --role viewer"
t_grep "user add without --role is a usage error" 2 "needs --role" -- ms user add li
t_sh "nothing was added by the refusals" '[ "$(q "SELECT COUNT(*) FROM app_user")" = 9 ]'
TOKEN=$(ms user token wang --days 2 2>/dev/null)
t_sh "user token prints 64 hex digits" '[ "${#TOKEN}" = 64 ] && printf %s "$TOKEN" | grep -qE "^[0-9a-f]{64}$"'
t_sh "only the token's hash is stored" '! grep -q "$TOKEN" "$MINSHENG_DB" && [ "$(q "SELECT COUNT(*) FROM app_session WHERE kind = '"'api'"'")" = 1 ]'
t_grep "a bad --days" 2 "--days \"0\": 须为 1 到 3660 的整数" -- ms user token wang --days 0
t_grep "a token for nobody" 1 "无此用户.*no such user" -- ms user token nobody
t "round list" 0 "2023-06-30 false
2023-10-30 false
2023-12-25 false" -- sh -c "$MINSHENG round list --json | jq -r '.[] | \"\(.due) \(.locked)\"'"
t "round lock" 0 "已锁定报送节点 2023-06-30 — round locked" -- ms round lock 2023-06-30
t_grep "a locked round takes no reports" 1 "is locked" -- ms report 10.aeds 360100 --round 2023-06-30 --value 50
t_grep "locking twice is refused" 1 "already locked" -- ms round lock 2023-06-30
t_grep "a round not in the plan" 1 "not in plan" -- ms round lock 2023-07-31
t_grep "a reopen needs a reason" 1 "重新开放报送节点须说明理由 .*\[--reason\]" -- ms round reopen 2023-06-30
t "round reopen" 0 "已重新开放报送节点 2023-06-30 — round reopened" -- ms round reopen 2023-06-30 --reason "锁早了"
t_sh "lock and reopen are journaled" '[ "$(q "SELECT action FROM journal WHERE tbl = '"'round_lock'"' ORDER BY id" | paste -sd,)" = "round.lock,round.reopen" ]'
t_sh "passwd ends the user's tokens" 'echo "another-pass" | $MINSHENG user passwd wang >/dev/null && [ "$(q "SELECT COUNT(*) FROM app_session WHERE user_name = '"'wang'"'")" = 0 ]'

# --- over HTTP: logging in ---
serve_start
st() { curl -s --max-time 20 -o /dev/null -w '%{http_code}' "$@"; }
body() { curl -s --max-time 20 "$@"; }
t_sh "serve prints its address" '[ -n "$URL" ]'
t "anonymous reading of progress needs no login" 0 "200" -- st "${URL}api/v1/status?as_of=2023-07-01"
t "the journal names people: 401 without a login" 0 "401" -- st "${URL}api/v1/journal"
location() { curl -s --max-time 20 -D - -o /dev/null "$@" | tr -d '\r' | sed -n 's/^Location: //p'; }
t "a browser is sent to the login page, with the page it asked for" 0 "303 /login?next=/report" -- sh -c "curl -s -o /dev/null -H 'Accept: text/html' -w '%{http_code} %{redirect_url}' '${URL}report' | sed 's|http://127.0.0.1:[0-9]*||'"
t "next keeps the page's query, encoded" 0 "/login?next=/review%3Fround%3D2023-12-25" -- location -H 'Accept: text/html' "${URL}review?round=2023-12-25"
t_grep "the login page" 0 '<input name="password" type="password"' -- body "${URL}login"
t_grep "the login page carries next in its form" 0 '<input type="hidden" name="next" value="/review\?round=2023-12-25">' -- body "${URL}login?next=/review%3Fround%3D2023-12-25"
# the form answers a wrong password with its page (200: a browser logs a 401
# page as a console error); the API answers 401
t "a wrong password: the login page again, 200" 0 "200" -- st -d 'name=nanchang&password=wrong-one' "${URL}login"
t_grep "and the page says so" 0 '<p class="err" role="alert">用户名或密码错误，请重新输入。</p>' -- body -d 'name=nanchang&password=wrong-one' "${URL}login"
t_sh "in Chinese only" '! body -d "name=nanchang&password=wrong-one" "${URL}login" | grep -q "wrong user name"'
t "an unknown user gets the same answer" 0 "200" -- st -d 'name=nobody&password=whatever1' "${URL}login"
t "the API: a wrong password is 401 with an error object" 0 "401 unauthorized" -- sh -c "code=\$(curl -s -o api.json -w '%{http_code}' -H 'Content-Type: application/json' -d '{\"name\":\"nobody\",\"password\":\"whatever1\"}' '${URL}api/v1/login'); echo \"\$code \$(jq -r .error.code api.json)\""
t "empty fields are 400" 0 "400" -- st -d 'name=&password=' "${URL}login"
hdr=$(curl -s -D - -o /dev/null -d 'name=nanchang&password=minsheng2023&next=/report' "${URL}login" | tr -d '\r')
t_sh "a right password: 303 to next" 'printf "%s" "$hdr" | grep -q "^Location: /report$"'
t_sh "the session cookie is HttpOnly and SameSite=Strict" 'printf "%s" "$hdr" | grep -qE "^Set-Cookie: ms_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict; Max-Age=28800$"'
COOKIE=$(printf '%s' "$hdr" | sed -n 's/^Set-Cookie: \(ms_session=[0-9a-f]*\);.*/\1/p')
t_sh "the stored session is a hash of the cookie" '! grep -q "${COOKIE#ms_session=}" "$MINSHENG_DB"'
t "a next with its query: back to that page" 0 "/review?round=2023-12-25" -- location -d 'name=viewer&password=minsheng2023&next=%2Freview%3Fround%3D2023-12-25' "${URL}login"
# never an open redirect: only a local path goes through, anything else goes home
for evil in '//evil.example/' 'https://evil.example/' '/%5Cevil.example/' '%5C%5Cevil.example/' \
	'/%09/evil.example/' '/%0D%0ASet-Cookie:%20x=1' 'javascript:alert(1)' 'evil.example' '%20//evil.example/'; do
	t "an off-site next goes home: $evil" 0 "/" -- location -d "name=viewer&password=minsheng2023&next=$evil" "${URL}login"
done
t_grep "and the login page does not carry it either" 0 '<input type="hidden" name="next" value="/">' -- body "${URL}login?next=//evil.example/"
page=$(body -b "$COOKIE" "${URL}report?round=2023-12-25")
CSRF=$(printf '%s' "$page" | grep -o 'name="csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"$//')
t_sh "报送: the reporter's own region and a CSRF token on every form" 'printf "%s" "$page" | grep -q "报送 · 南昌市" && [ ${#CSRF} = 64 ] && [ "$(printf "%s" "$page" | grep -o "<form[^>]*method=\"post\"" | wc -l)" -ge 3 ] && [ "$(printf "%s" "$page" | grep -o "<form[^>]*method=\"post\"" | wc -l)" = "$(printf "%s" "$page" | grep -o "name=\"csrf\" value=\"$CSRF\"" | wc -l)" ]'
t_grep "the nav shows who is logged in, the unit by its name" 0 'nanchang（报送员，<a href="/org/contact"[^>]*>南昌市</a>）' -- printf '%s' "$page"
n0=$(jcount)
t "a form POST without the CSRF token is 403" 0 "403" -- st -b "$COOKIE" -d 'indicator=10.aeds&org=360100&round=2023-12-25&value=70' "${URL}report"
WRONG=$( [ "${CSRF:0:1}" = a ] && echo b || echo a )${CSRF:1}
t "with a wrong CSRF token, 403" 0 "403" -- st -b "$COOKIE" -d "csrf=$WRONG&indicator=10.aeds&org=360100&round=2023-12-25&value=70" "${URL}report"
t_sh "and nothing was written" '[ "$(jcount)" = "$n0" ]'
t "with the token: saved, 303 back to the form" 0 "303" -- st -b "$COOKIE" -d "csrf=$CSRF&indicator=10.aeds&org=360100&round=2023-12-25&value=70&narrative=%E6%96%B0%E5%A2%9E5%E5%8F%B0&action=submit" "${URL}report"
t "the value is in the ledger, from the web" 0 "70|submitted|web|新增5台" -- q "SELECT value, status, origin, narrative FROM report WHERE indicator = '10.aeds' AND org = '360100' AND round = '2023-12-25'"
t "one journal row, by the person" 0 "nanchang|report.submit" -- q "SELECT actor, action FROM journal ORDER BY id DESC LIMIT 1"
t_grep "the form shows it back, saved" 0 'class="ok" role="status">已保存：配备自动体外除颤器' -- body -b "$COOKIE" "${URL}report?round=2023-12-25&org=360100&saved=10.aeds"
t_grep "a bad value: 422, the message beside the field" 0 'class="ferr" role="alert" id="err-10.aeds">“-5”：不能为负数<' -- body -b "$COOKIE" -d "csrf=$CSRF&indicator=10.aeds&org=360100&round=2023-12-25&value=-5" "${URL}report"
t "the X-CSRF-Token header works for JSON from the page" 0 "201" -- st -b "$COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d '{"indicator":"10.aeds","org":"360100","round":"2023-12-25","value":"71"}' "${URL}api/v1/reports"
t "a draft" 0 "draft" -- sh -c "curl -s -b '$COOKIE' -H 'X-CSRF-Token: $CSRF' -d 'indicator=5.community_elderly_homes&org=360100&round=2023-12-25&value=4&draft=1' '${URL}api/v1/reports' | jq -r .status"
t "me" 0 "nanchang reporter 360100" -- sh -c "curl -s -b '$COOKIE' '${URL}api/v1/me' | jq -r '\"\(.name) \(.role) \(.org)\"'"
t "logout needs the CSRF token too" 0 "403" -- st -b "$COOKIE" -X POST "${URL}logout"
t "logout" 0 "303" -- st -b "$COOKIE" -d "csrf=$CSRF" "${URL}logout"
t "the old cookie is worth nothing after logout" 0 "401" -- st -b "$COOKIE" "${URL}api/v1/me"
t_sh "login and logout are journaled" '[ "$(q "SELECT COUNT(*) FROM journal WHERE actor = '"'nanchang'"' AND action IN ('"'user.login'"','"'user.logout'"')")" = 2 ]'
t "a bad bearer token is 401" 0 "401" -- st -H "Authorization: Bearer $(printf '%064d' 0)" "${URL}api/v1/me"
t "a web cookie is not a bearer token" 0 "401" -- st -H "Authorization: Bearer ${COOKIE#ms_session=}" "${URL}api/v1/me"

# --- the authorization matrix: every role x every write ---
tok() { ms user token "$1" 2>/dev/null; }
declare -A TOK=([viewer]=$(tok viewer) [jiujiang]=$(tok jiujiang) [civil]=$(tok civil) [nanchang]=$(tok nanchang) [hrss]=$(tok hrss) [admin]=$(tok admin))
# write NAME ROLE EXPECTED-STATUS JOURNAL-DELTA PATH BODY
write() {
	local name=$1 role=$2 want=$3 delta=$4 path=$5 data=$6 auth=() before got after
	[ "$role" != anon ] && auth=(-H "Authorization: Bearer ${TOK[$role]}")
	before=$(jcount)
	got=$(curl -s --max-time 20 -o /dev/null -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' -d "$data" "${URL}${path#/}")
	after=$(jcount)
	if [ "$got" = "$want" ] && [ $((after - before)) = "$delta" ]; then
		_ok "$role $name: $want"
	else
		_notok "$role $name: $want" "got HTTP $got, journal +$((after - before)) (expected $want, +$delta)"
	fi
}
R_OWN='{"indicator":"1.loans_new","org":"360100","round":"2023-12-25","value":"200亿元","narrative":"新增贷款大幅增加"}'
R_ADMIN='{"indicator":"1.loans_new","org":"360400","round":"2023-12-25","value":"150亿元","narrative":"新增贷款大幅增加"}'
# the demo's last round awaits review (its first two are approved and closed)
V_OWN='{"indicator":"1.loans_new","org":"360100","round":"2023-12-25","action":"approve"}'
# (no one reviews a report they submitted: the admin approves 上饶's, not its own 九江 one)
V_ADMIN='{"indicator":"1.loans_new","org":"361100","round":"2023-12-25","action":"approve"}'
A='{"indicator":"1.loans_new","org":"360100","target":"20亿元"}'
S='{"indicator":"10.aeds","org":"360100","name":"南昌西站","kind":"火车站","delivered_on":"2023-09-01"}'
for role in anon viewer jiujiang civil nanchang hrss admin; do
	refused=403
	[ $role = anon ] && refused=401
	case $role in nanchang) ok=(201 1 403 0 403 0 201 1 403 0 403 0) ;;
	hrss) ok=(403 0 200 1 200 1 403 0 403 0 403 0) ;;
	admin) ok=(201 1 200 1 200 1 201 1 200 1 200 1) ;;
	*) ok=($refused 0 $refused 0 $refused 0 $refused 0 $refused 0 $refused 0) ;;
	esac
	r=$R_OWN v=$V_OWN
	[ $role = admin ] && r=$R_ADMIN v=$V_ADMIN
	write "report (360100's own)" $role ${ok[0]} ${ok[1]} /api/v1/reports "$r"
	write "review (item 1)" $role ${ok[2]} ${ok[3]} /api/v1/reviews "$v"
	write "assign (item 1)" $role ${ok[4]} ${ok[5]} /api/v1/assignments "$A"
	write "site (360100's own)" $role ${ok[6]} ${ok[7]} /api/v1/sites "$S"
	write "lock a round" $role ${ok[8]} ${ok[9]} /api/v1/rounds/2023-12-25/lock '{}'
	write "reopen a round" $role ${ok[10]} ${ok[11]} /api/v1/rounds/2023-12-25/reopen '{"reason":"补报"}'
done
# --- the matrix over two governments: 南昌's administrator and the province's ---
NC=nanchang-2024-paren
ms notice import "$ROOT/tests/fixtures/notices/nanchang-2024-paren.txt" --save >/dev/null 2>&1
echo 'nanchang-admin-1' | ms user add ncadmin --role admin --org 360100 >/dev/null
t_grep "an administrator belongs to a government, not a department" 1 "belongs to a government" -- sh -c "echo 'secret-12345' | $MINSHENG user add li --role admin --org civil"
TOK[ncadmin]=$(tok ncadmin)
A_NC='{"plan":"'$NC'","indicator":"1.count_1","org":"360102","target":"5000人"}'
A_NC_OUT='{"plan":"'$NC'","indicator":"1.count_1","org":"360200","target":"5000人"}'
A_NC_ADMIN='{"plan":"'$NC'","indicator":"1.count_1","org":"360103","target":"4000人"}'
R_NC='{"plan":"'$NC'","indicator":"1.count_1","org":"360102","round":"2024-06-30","value":"2000人"}'
write "assign in the province's plan" ncadmin 403 0 /api/v1/assignments "$A"
write "report in the province's plan" ncadmin 403 0 /api/v1/reports "$R_ADMIN"
write "lock the province's round" ncadmin 403 0 /api/v1/rounds/2023-10-30/lock '{}'
write "assign in 南昌's plan (东湖区)" ncadmin 200 1 /api/v1/assignments "$A_NC"
write "assign in 南昌's plan to 景德镇 (not 南昌's)" ncadmin 422 0 /api/v1/assignments "$A_NC_OUT"
write "report in 南昌's plan (东湖区)" ncadmin 201 1 /api/v1/reports "$R_NC"
write "assign in 南昌's plan (西湖区)" admin 200 1 /api/v1/assignments "$A_NC_ADMIN"
write "lock 南昌's round" ncadmin 200 1 /api/v1/rounds/2024-09-30/lock '{"plan":"'$NC'"}'
write "report in 南昌's plan" nanchang 201 1 /api/v1/reports '{"plan":"'$NC'","indicator":"1.count_1","org":"360100","round":"2024-06-30","value":"100人"}'
write "assign in 南昌's plan" hrss 403 0 /api/v1/assignments "$A_NC"
t "the province's administrator reads 南昌's breakdown" 0 "360102 360103" -- sh -c "curl -s -H 'Authorization: Bearer ${TOK[admin]}' '${URL}api/v1/assignments?plan=$NC' | jq -r '[.[].org] | sort | join(\" \")'"
t "南昌's administrator stores 南昌's notice as a plan: 201" 0 "201" -- st -H "Authorization: Bearer ${TOK[ncadmin]}" -H 'Content-Type: text/plain' --data-binary @"$ROOT/tests/fixtures/notices/nanchang-2024-paren.txt" "${URL}api/v1/plans?id=nc-second"
t "but not the province's notice: 403" 0 "403" -- st -H "Authorization: Bearer ${TOK[ncadmin]}" -H 'Content-Type: text/plain' --data-binary @"$ROOT/data/notices/jiangxi-2023-minsheng-notice.txt" "${URL}api/v1/plans?id=jx-again"
t "nothing of the province's was changed by 南昌's administrator" 0 "0" -- q "SELECT COUNT(*) FROM journal WHERE actor = 'ncadmin' AND (key LIKE 'jiangxi-2023%' OR key = 'jx-again')"
t "GET /api/v1/plans lists both governments' programmes" 0 "jiangxi-2023 360000 province|nanchang-2024 360100 city|nanchang-2024-paren 360100 city|nc-second 360100 city" -- sh -c "curl -s '${URL}api/v1/plans' | jq -r '[.[] | \"\(.id) \(.government.code) \(.level)\"] | join(\"|\")'"
# the demo's own 南昌 programme (nanchang-2024) and its accounts
TOK[ncdemo]=$(tok nanchang-admin)
TOK[qsh]=$(tok qingshanhu)
R_QSH='{"plan":"nanchang-2024","indicator":"1.count_1","org":"360111","round":"2024-12-20","value":"9000人"}'
write "the demo's 南昌 administrator: assign in the province's plan" ncdemo 403 0 /api/v1/assignments "$A"
write "the demo's 南昌 administrator: assign in the demo's 南昌 plan" ncdemo 200 1 /api/v1/assignments '{"plan":"nanchang-2024","indicator":"1.count_1","org":"360124","target":"3000人"}'
write "the demo's 青山湖区 reporter: its district in the demo's 南昌 plan" qsh 201 1 /api/v1/reports "$R_QSH"
write "the demo's 青山湖区 reporter: 东湖区's report" qsh 403 0 /api/v1/reports '{"plan":"nanchang-2024","indicator":"1.count_1","org":"360102","round":"2024-12-20","value":"9000人"}'
write "the demo's 青山湖区 reporter: the province's plan" qsh 403 0 /api/v1/reports "$R_OWN"
t "the demo's 南昌 plan: its first round approved, one returned, the second awaiting review" 0 "approved|returned|submitted" \
	-- sh -c "sqlite3 '$MINSHENG_DB' \"SELECT status FROM report WHERE plan = 'nanchang-2024' AND org = '360111' AND ((round = '2024-06-30' AND indicator IN ('1.count_1', '4.count_1')) OR (round = '2024-09-30' AND indicator = '1.count_1')) ORDER BY round, indicator\" | tr '\n' '|' | sed 's/|$//'"
t_sh "reviewed by nanchang-admin" '[ "$(q "SELECT COUNT(*) FROM journal WHERE actor = '"'nanchang-admin'"' AND key LIKE '"'nanchang-2024/%'"'")" -gt 100 ]' 
t "the refused report changed nothing, the allowed one is there" 0 "2000000000000|api" -- q "SELECT value, origin FROM report WHERE indicator = '1.loans_new' AND org = '360100' AND round = '2023-12-25'"
t "approved by the lead unit and the admin; the admin's own report awaits another reviewer" 0 "360100 approved 360400 submitted 361100 approved" -- sh -c "sqlite3 '$MINSHENG_DB' \"SELECT org, status FROM report WHERE indicator = '1.loans_new' AND round = '2023-12-25' AND org IN ('360100', '360400', '361100') ORDER BY org\" | tr '|\n' '  ' | sed 's/ $//'"
t "the sites written: by nanchang and admin" 0 "2" -- q "SELECT COUNT(*) FROM site WHERE name = '南昌西站'"
t "locked again (by the API)" 0 "200" -- st -H "Authorization: Bearer ${TOK[admin]}" -d '' "${URL}api/v1/rounds/2023-12-25/lock"
t "after the lock the round takes no reports: 409" 0 "409" -- st -H "Authorization: Bearer ${TOK[nanchang]}" -d 'indicator=10.aeds&org=360100&round=2023-12-25&value=72' "${URL}api/v1/reports"
t "a reopen without a reason: 422 naming the field" 0 "reason" -- sh -c "curl -s -H 'Authorization: Bearer ${TOK[admin]}' -d '' '${URL}api/v1/rounds/2023-12-25/reopen' | jq -r .error.field"
t "reopened, with a reason" 0 "200" -- st -H "Authorization: Bearer ${TOK[admin]}" -d 'reason=继续试报' "${URL}api/v1/rounds/2023-12-25/reopen"
t "an approved report is closed: 409" 0 "409" -- st -H "Authorization: Bearer ${TOK[admin]}" -d 'indicator=1.loans_new&org=360100&round=2023-10-30&value=1' "${URL}api/v1/reports"
t "approving twice: 409" 0 "409" -- st -H "Authorization: Bearer ${TOK[hrss]}" -d 'indicator=1.loans_new&org=360100&round=2023-10-30&action=approve' "${URL}api/v1/reviews"
t "returning needs a reason: 422" 0 "422" -- st -H "Authorization: Bearer ${TOK[hrss]}" -d 'indicator=1.loans_new&org=360200&round=2023-10-30&action=return' "${URL}api/v1/reviews"
t "an unknown indicator: 404" 0 "404" -- st -H "Authorization: Bearer ${TOK[admin]}" -d 'indicator=99.nothing&org=360100&round=2023-10-30&value=1' "${URL}api/v1/reports"
t "a missing field: 400" 0 "400" -- st -H "Authorization: Bearer ${TOK[admin]}" -d 'indicator=10.aeds' "${URL}api/v1/reports"
t "naming it" 0 "org: missing (缺少字段)" -- sh -c "curl -s -H 'Authorization: Bearer ${TOK[admin]}' -d 'indicator=10.aeds' '${URL}api/v1/reports' | jq -r .error.message"
t "a JSON number with decimals is refused: 400" 0 "400" -- st -H "Authorization: Bearer ${TOK[admin]}" -H 'Content-Type: application/json' -d '{"indicator":"10.aeds","org":"360100","round":"2023-10-30","value":1.5}' "${URL}api/v1/reports"
t "nested JSON is refused: 400" 0 "400" -- st -H "Authorization: Bearer ${TOK[admin]}" -H 'Content-Type: application/json' -d '{"indicator":{"a":1}}' "${URL}api/v1/reports"
t "broken JSON: 400" 0 "400" -- st -H "Authorization: Bearer ${TOK[admin]}" -H 'Content-Type: application/json' -d '{"indicator":' "${URL}api/v1/reports"
t "another content type: 415" 0 "415" -- st -H "Authorization: Bearer ${TOK[admin]}" -H 'Content-Type: text/plain' -d 'x' "${URL}api/v1/reports"
t "a file to an address that takes none: 415" 0 "415" -- st -H "Authorization: Bearer ${TOK[admin]}" -H 'Content-Type: image/jpeg' --data-binary 'x' "${URL}api/v1/reports"
t "a multipart form with a file there: 415" 0 "415" -- st -H "Authorization: Bearer ${TOK[admin]}" -F indicator=10.aeds -F 'file=@/etc/hostname;type=image/png' "${URL}api/v1/reports"
t "a broken multipart body: 400 naming the boundary" 0 "400 bad_request" -- sh -c "curl -s -o mp.json -w '%{http_code}' -H 'Authorization: Bearer ${TOK[admin]}' -H 'Content-Type: multipart/form-data' -d x '${URL}api/v1/reports'; echo \" \$(jq -r .error.code mp.json)\"; grep -q boundary mp.json"
head -c 1100000 /dev/zero | tr '\0' a > big.txt
t "a body over 1 MiB: 413" 0 "413" -- st -H "Authorization: Bearer ${TOK[admin]}" -H 'Content-Type: application/json' --data-binary @big.txt "${URL}api/v1/reports"
t "GET on a write-only address: 405 Allow: POST" 0 "405 POST" -- sh -c "curl -s -D - -o /dev/null '${URL}api/v1/reviews' | tr -d '\r' | awk '/^HTTP/{c=\$2} /^Allow:/{a=\$2} END{print c, a}'"
t_sh "the journal page names people, for those logged in" '[ "$(st "${URL}journal")" = 401 ] && body -H "Authorization: Bearer ${TOK[viewer]}" "${URL}journal" | grep -q "<td>nanchang</td><td>报送</td>"'
t_grep "the 审核 page lists what the lead may approve, a checkbox each, approved in bulk" 0 '<input type="checkbox" name="k" form="bulk" aria-label="选中" value="1[.][a-z_]+[|]36[0-9]{4}">' -- body -H "Authorization: Bearer ${TOK[hrss]}" "${URL}review?round=2023-12-25"
t_grep "审核: each value beside its region's target and the plan's, with the unit" 0 '<td class="target">[0-9.]+万元（完成 [0-9.]+%）<br><small class="legend">全省目标 6000.00万元，计量单位 元</small></td>' -- body -H "Authorization: Bearer ${TOK[hrss]}" "${URL}review?round=2023-12-25"
t_grep "a lead's nav names the department" 0 'hrss（牵头单位，<a href="/org/contact"[^>]*>省人力资源社会保障厅</a>）' -- body -H "Authorization: Bearer ${TOK[hrss]}" "${URL}review?round=2023-12-25"
# 台账日志 in Beijing time: a row written at 17:00 UTC on 30 June is 01:00 on 1 July
q "INSERT INTO journal (at, actor, action, tbl, key, before, after) VALUES ('2023-06-30T17:00:00Z', 'cli', 'test.tz', 'test', 'tz-check', '{\"n\":1,\"note\":\"<b>旧</b>\"}', '{\"n\":2,\"note\":\"<b>旧</b>\",\"done\":true,\"checked_at\":1688144400}')"
jpage() { body -H "Authorization: Bearer ${TOK[viewer]}" "${URL}journal?key=tz-check&since=$1"; }
t_grep "台账日志: times in Beijing time" 0 '<td class="when">2023-07-01 01:00</td>' -- jpage 2023-07-01
t_sh "台账日志: the day filter is a Beijing day too" '[ "$(jpage 2023-07-02 | grep -c ">其他记录 tz-check<")" = 0 ] && [ "$(jpage 2023-07-01 | grep -c ">其他记录 tz-check<")" = 1 ]'
t_grep "台账日志: before and after as key: value, escaped, what changed in bold" 0 '<td class="kvs"><b class="kv"><span>n：</span>2</b> <span class="kv"><span>note：</span>&lt;b&gt;旧&lt;/b&gt;</span> <b class="kv"><span>done：</span>是</b> <b class="kv"><span>checked_at：</span>2023-07-01 01:00</b> </td>' -- jpage 2023-07-01
jmax=$(q "SELECT MAX(id) FROM journal")
# the administrator's journal: every row (a viewer's leaves out logins)
jrows() { body -H "Authorization: Bearer ${TOK[admin]}" "${URL}journal$1" | grep -o '<tr><td class="num">[0-9]*' | sed 's/.*>//' | tr '\n' ' ' | awk '{print NF, $1, $NF}'; }
t "台账日志: 100 rows a page, newest first" 0 "100 $jmax $((jmax - 99))" -- jrows ""
t_grep "and a button for the older ones, keeping the filters" 0 '<input type="hidden" name="actor" value="cli"><input type="hidden" name="before" value="[0-9]+"><p><button type="submit">更早的记录（还有 [0-9]+ 条）</button>' -- body -H "Authorization: Bearer ${TOK[viewer]}" "${URL}journal?actor=cli"
t "the next page goes on from there" 0 "100 $((jmax - 100)) $((jmax - 199))" -- jrows "?before=$((jmax - 99))"
# a city reviews its counties' reports first where a plan has two review levels; with one, nothing is its to review
t_grep "a reporter's 审核 page: nothing to review under one-level review" 0 '筛选出 0 份，其中可审核 0 份' -- body -H "Authorization: Bearer ${TOK[nanchang]}" "${URL}review"
t "a viewer may not open 审核" 0 "403" -- st -H "Authorization: Bearer ${TOK[viewer]}" "${URL}review"

# --- simulate a payroll over HTTP: the same figures as the command line ---
printf 'region,area,members,income\n360100,urban,3,1500\n360400,rural,2,400\n360100,urban,1,900\n' > p.csv
t "simulate needs a login" 0 "401" -- st -H 'Content-Type: text/csv' --data-binary @p.csv "${URL}api/v1/simulate/dibao?reform=dibao.urban_standard=950&month=2023-07"
t "simulate over HTTP = simulate --json" 0 "same" -- sh -c "curl -s -H 'Authorization: Bearer ${TOK[viewer]}' -H 'Content-Type: text/csv' --data-binary @p.csv '${URL}api/v1/simulate/dibao?reform=dibao.urban_standard=950&month=2023-07&by=city' | jq -S 'del(.file)' > a.json; $MINSHENG simulate dibao p.csv --month 2023-07 --reform dibao.urban_standard=950 --by city --json | jq -S 'del(.file)' > b.json; cmp -s a.json b.json && echo same"
printf 'region,area,members,income\n360100,urban,x,1500\n' > bad.csv
t "a bad row: 422" 0 "422" -- st -H "Authorization: Bearer ${TOK[viewer]}" -H 'Content-Type: text/csv' --data-binary @bad.csv "${URL}api/v1/simulate/dibao?reform=dibao.urban_standard=950&month=2023-07"
t_grep "naming the upload's line and column, not a temporary file" 0 '^payroll.csv:2: members' -- sh -c "curl -s -H 'Authorization: Bearer ${TOK[viewer]}' -H 'Content-Type: text/csv' --data-binary @bad.csv '${URL}api/v1/simulate/dibao?reform=dibao.urban_standard=950&month=2023-07' | jq -r .error.message"
t "no reform: 400" 0 "400" -- st -H "Authorization: Bearer ${TOK[viewer]}" -H 'Content-Type: text/csv' --data-binary @p.csv "${URL}api/v1/simulate/dibao?month=2023-07"
t "a reform of an unknown key: 400" 0 "400" -- st -H "Authorization: Bearer ${TOK[viewer]}" -H 'Content-Type: text/csv' --data-binary @p.csv "${URL}api/v1/simulate/dibao?reform=nothing=1"

# --- concurrent writers lose nothing ---
n0=$(jcount)
pids=()
for i in $(seq 1 8); do
	( for k in $(seq 1 10); do
		curl -s -o /dev/null -H "Authorization: Bearer ${TOK[admin]}" -H 'Content-Type: application/json' \
			-d "{\"indicator\":\"10.aeds\",\"org\":\"360100\",\"name\":\"点位 $i-$k\",\"delivered_on\":\"2023-09-01\"}" "${URL}api/v1/sites"
	done ) &
	pids+=($!)
done
wait "${pids[@]}"
t_sh "80 concurrent writes: 80 sites and 80 journal rows" '[ "$(q "SELECT COUNT(*) FROM site WHERE name LIKE '"'点位 %'"'")" = 80 ] && [ $(( $(jcount) - n0 )) = 80 ]'

# --- throttling: the last part, as it blocks the account ---
for i in 1 2 3 4 5; do st -d 'name=jiujiang&password=wrong-pass' "${URL}login" >/dev/null; done
t "after 5 failures the account waits: 429" 0 "429" -- st -d 'name=jiujiang&password=minsheng2023' "${URL}login"
t_grep "and is told how long" 0 "try again in [0-9]+ seconds" -- body -H 'Content-Type: application/json' -d '{"name":"jiujiang","password":"minsheng2023"}' "${URL}api/v1/login"
t "another account from the same address still logs in" 0 "303" -- st -d 'name=civil&password=minsheng2023' "${URL}login"
t_sh "no session was made for the throttled account" '[ "$(q "SELECT COUNT(*) FROM app_session WHERE user_name = '"'jiujiang'"' AND kind = '"'web'"'")" = 0 ]'

kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
t_sh "SIGTERM stops the server cleanly" "[ $? -eq 0 ]"
t "the database is sound" 0 "ok" -- q "PRAGMA integrity_check"
done_testing
