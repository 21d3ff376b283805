# tests/cli/remind.sh - 催报: the units and indicators without a report sent
# in for a round, with their contacts, as a table, JSON and xlsx; one e-mail
# and one webhook per unit to local receivers (tests/follow_sink.py: an SMTP
# sink and an HTTP receiver on 127.0.0.1), each journaled, never twice the
# same day (MS_CLOCK fixes the day); a failed send is journaled and may be
# tried again; the office's page and API.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/r.db
q() { sqlite3 "$MINSHENG_DB" "$1"; }
cn() { date -u -d "$1 +0800" +%s; }   # a China time as MS_CLOCK

export MS_CLOCK=$(cn "2023-06-25 10:00")
ms init >/dev/null
for o in 360100 360200 360400; do ms assign 10.aeds $o 30 >/dev/null; done
ms report 10.aeds 360100 --round 2023-06-30 --value 10 >/dev/null
ms report 10.aeds 360200 --round 2023-06-30 --value 5 --draft >/dev/null

# --- the list ---
t_grep "the next round, days left, what is missing" 0 "报送节点 2023-06-30（第一次进展报送），距截止还有 5 天；2 个单位、2 项指标尚未报送" -- ms remind
t_grep "a draft counts as missing, named so" 0 "360200 景德镇市 +10.aeds .*（草稿未提交）" -- ms remind
t_grep "a unit with no report" 0 "360400 九江市 +10.aeds .*（未报送）" -- ms remind
t "--json: the units" 0 "360200 draft
360400 none" -- sh -c "$MINSHENG --json remind | jq -r '.units[] | \"\(.org) \(.indicators[0].status)\"'"
t "a named round" 0 "2023-10-30 3" -- sh -c "$MINSHENG --json remind --round 2023-10-30 | jq -r '\"\(.round) \(.missing)\"'"
t_grep "a round not in the plan" 1 "不是计划规定的报送节点.*\[--round\]" -- ms remind --round 2023-07-01
t "--xlsx: a workbook with the units" 0 "九江市 景德镇市" -- sh -c "$MINSHENG remind --xlsx m.xlsx >/dev/null && python3 -c \"
import zipfile; s = zipfile.ZipFile('m.xlsx').read('xl/sharedStrings.xml').decode(); print(' '.join(n for n in ('九江市', '景德镇市', '南昌市') if n in s))\""

# --- channels and the mail server ---
t_grep "a bad e-mail address" 1 "电子邮件地址不正确.*\[ADDRESS\]|电子邮件地址不正确" -- ms remind channel 360400 email not-an-address
t_grep "a header injection is refused" 1 "不能含空白" -- ms remind channel 360400 email "$(printf 'a@b.cn\r\nBcc: x@y.cn')"
t_grep "a webhook must be http(s)" 1 "http:// 或 https://" -- ms remind channel 360400 webhook ftp://x/y
t_grep "an unknown unit" 1 "没有单位 999999" -- ms remind channel 999999 email a@example.gov.cn
t_grep "an unknown kind" 1 "email、webhook 或 contact" -- ms remind channel 360400 fax 123
t_sh "the refusals wrote nothing" '[ "$(q "SELECT COUNT(*) FROM remind_channel")" = 0 ]'
t_grep "sending with no channel is refused" 1 "都没有登记电子邮件或推送地址" -- ms remind --send

mkdir sink
python3 "$ROOT/tests/follow_sink.py" sink &
SINK_PID=$!
for _ in $(seq 1 100); do [ -f sink/ports ] && break; sleep 0.05; done
read -r SMTP_PORT HTTP_PORT < sink/ports
for o in 360200 360400; do
	ms remind channel $o email "office-$o@example.gov.cn" >/dev/null
	ms remind channel $o webhook "http://127.0.0.1:$HTTP_PORT/hook/$o" >/dev/null
done
t "a contact" 0 "已登记 360400 的contact渠道 — channel added" -- ms remind channel 360400 contact "张三 0792-8888888"
t_grep "the list shows the contact and the address" 0 "张三 0792-8888888 +office-360400@example.gov.cn" -- ms remind
t_grep "an e-mail address without a mail server is refused" 1 "尚未设置邮件服务器" -- ms remind --send
t_sh "…before anything was sent" '[ "$(q "SELECT COUNT(*) FROM remind_send")" = 0 ] && [ ! -e sink/hook-1.json ]'
t_grep "the mail server must be smtp(s)" 1 "smtp:// 或 smtps://.*\[URL\]|smtp:// 或 smtps://" -- ms remind smtp http://x
t "the mail server and the sender" 0 "已设置邮件服务器 — mail server set" -- ms remind smtp "smtp://127.0.0.1:$SMTP_PORT" --from office@example.gov.cn

# --- sending ---
t_grep "one e-mail and one webhook per unit" 0 "已发送 4 条，今天已发过 0 条，失败 0 条" -- ms remind --send
t_sh "the sink got two mails and the receiver two posts" '[ -e sink/mail-2.eml ] && [ ! -e sink/mail-3.eml ] && [ -e sink/hook-2.json ] && [ ! -e sink/hook-3.json ]'
t "the envelope: from the office to each unit" 0 "MAIL FROM:<office@example.gov.cn>
RCPT TO:<office-360200@example.gov.cn>
MAIL FROM:<office@example.gov.cn>
RCPT TO:<office-360400@example.gov.cn>" -- sh -c "cat sink/mail-1.env sink/mail-2.env"
t "the mail: subject and body in UTF-8, the unit's indicator" 0 "【催报】九江市：1 项指标尚未报送（2023年6月30日截止）
True" -- python3 -c "
import email, email.header, sys
m = email.message_from_binary_file(open('sink/mail-2.eml', 'rb'))
print(str(email.header.make_header(email.header.decode_header(m['Subject']))))
print('10.aeds 配备自动体外除颤器（AED）（未报送）' in m.get_payload(decode=True).decode('utf-8'))"
t "the webhook: a text message and the facts" 0 "text /hook/360400 360400 10.aeds 2023-06-25" -- sh -c "f=\$(grep -l 360400 sink/hook-*.path | sed 's/path\$/json/'); jq -r '\"\(.msgtype) \" + input_filename' \$f >/dev/null; echo \"\$(jq -r .msgtype \$f) \$(head -1 \${f%json}path) \$(jq -r '.minsheng.org + \" \" + .minsheng.missing[0] + \" \" + .minsheng.day' \$f)\""
t_grep "…as JSON" 0 "^application/json" -- sh -c "sed -n 2p sink/hook-1.path"
t "each send journaled (claimed, then sent)" 0 "remind.send|4
remind.sent|4" -- q "SELECT action, COUNT(*) FROM journal WHERE action IN ('remind.send','remind.sent') GROUP BY action ORDER BY action"
t "one row per unit, kind and day" 0 "360200|email|2023-06-25|sent
360200|webhook|2023-06-25|sent
360400|email|2023-06-25|sent
360400|webhook|2023-06-25|sent" -- q "SELECT org, kind, day, status FROM remind_send ORDER BY org, kind"
t_grep "the same day again: nothing sent" 0 "已发送 0 条，今天已发过 4 条，失败 0 条" -- ms remind --send
t_sh "…nothing received, nothing journaled" '[ ! -e sink/mail-3.eml ] && [ ! -e sink/hook-3.json ] && [ "$(q "SELECT COUNT(*) FROM journal WHERE action LIKE '"'remind.sen%'"'")" = 8 ]'
t_grep "the list says who was reminded today" 0 "九江市.*邮件 推送" -- ms remind
t_grep "--days-before: outside the window nothing goes" 0 "距截止还有 5 天，未到催报时间（--days-before 2），未发送" -- ms remind --send --days-before 2

export MS_CLOCK=$(cn "2023-06-26 09:00")
t_grep "the next day, once more" 0 "已发送 4 条，今天已发过 0 条" -- ms remind --send --days-before 4
t_sh "…received" '[ -e sink/mail-4.eml ] && [ -e sink/hook-4.json ] && [ ! -e sink/mail-5.eml ]'
ms report 10.aeds 360200 --round 2023-06-30 --value 5 >/dev/null
t "a unit that reports drops off the list" 0 "360400" -- sh -c "$MINSHENG --json remind | jq -r '.units[].org'"

# --- a failed send: journaled, given back, tried again ---
export MS_CLOCK=$(cn "2023-06-27 09:00")
ms remind channel 360400 webhook "http://127.0.0.1:$HTTP_PORT/hook/360400" --remove >/dev/null
ms remind channel 360400 webhook "http://127.0.0.1:$HTTP_PORT/hook/fail" >/dev/null
t_grep "a receiver that refuses: counted, exit 1" 1 "失败 webhook 九江市.*HTTP 500" -- ms remind --send
t "journaled as failed, the claim given back" 0 "remind.failed|0" -- q "SELECT (SELECT action FROM journal ORDER BY id DESC LIMIT 1), (SELECT COUNT(*) FROM remind_send WHERE day = '2023-06-27' AND kind = 'webhook')"
ms remind channel 360400 webhook "http://127.0.0.1:$HTTP_PORT/hook/fail" --remove >/dev/null
ms remind channel 360400 webhook "http://127.0.0.1:$HTTP_PORT/hook/360400" >/dev/null
t_grep "tried again the same day, it goes (the e-mail is not repeated)" 0 "已发送 1 条，今天已发过 1 条，失败 0 条" -- ms remind --send
t_grep "a mail server that is down: a clear failure" 1 "邮件发送失败" -- sh -c "MS_CLOCK=$(cn "2023-06-28 09:00") $MINSHENG remind smtp smtp://127.0.0.1:1 >/dev/null; MS_CLOCK=$(cn "2023-06-28 09:00") $MINSHENG remind --send"
ms remind smtp "smtp://127.0.0.1:$SMTP_PORT" >/dev/null

# --- the office's page and API ---
export MS_CLOCK=$(cn "2023-06-28 09:00")
echo "office-pass-2023" | ms user add boss --role admin >/dev/null
echo "reporter-pass-23" | ms user add jj --role reporter --org 360400 >/dev/null
ADMIN=$(ms user token boss 2>/dev/null)
REP=$(ms user token jj 2>/dev/null)
serve_start
t "GET /api/v1/remind: the list" 0 "2023-06-30 360400" -- sh -c "curl -s -H 'Authorization: Bearer $ADMIN' '${URL}api/v1/remind' | jq -r '\"\(.round) \(.units[0].org)\"'"
t "a reporter may not" 0 "403" -- curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $REP" "${URL}api/v1/remind"
t "the page for the office" 0 "200 1" -- sh -c "curl -s -o p.html -w '%{http_code}' -H 'Authorization: Bearer $ADMIN' '${URL}remind'; echo \" \$(grep -c '发送催报' p.html)\""
t "the xlsx download" 0 "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" -- curl -s -o r.xlsx -w '%{http_code} %{content_type}' -H "Authorization: Bearer $ADMIN" "${URL}remind.xlsx?round=2023-06-30"
# (the day's webhook went out with the failed mail above; the mail was given back)
t "POST /api/v1/remind/send sends what is due: the mail, not the webhook again" 0 "1 1 0" -- sh -c "curl -s -H 'Authorization: Bearer $ADMIN' -d 'round=2023-06-30' '${URL}api/v1/remind/send' | jq -r '\"\(.result.sent) \(.result.skipped) \(.result.failed)\"'"
t "…and not again" 0 "0 2 0" -- sh -c "curl -s -H 'Authorization: Bearer $ADMIN' -d 'round=2023-06-30' '${URL}api/v1/remind/send' | jq -r '\"\(.result.sent) \(.result.skipped) \(.result.failed)\"'"
kill "$SERVE_PID" "$SINK_PID" 2>/dev/null
wait "$SERVE_PID" "$SINK_PID" 2>/dev/null
done_testing
