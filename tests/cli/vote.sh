# tests/cli/vote.sh - the front half of the cycle for a county (issue 17,
# docs/VOTE.md): 60 proposals, 15 candidates, 50 deputies voting for 10
# places (2 invalid ballots, one token used twice), a tie at the 10th place
# sent to another round, counts entered twice, the adopted plan citing the
# vote, the deputies' 验单 in the evaluation; the secret ballot looked at.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/v.db
export MS_CLOCK=1705300000   # 2024-01-15, 北京时间 14:26
ms init --demo >/dev/null
cd "$T" || exit 1
GOV="--region 360121 --level 县 --year 2024"
Q="--region 360121 --year 2024"

# --- 征集: 60 proposals on paper (CSV), moderation, contacts, near-duplicates ---
fields=(就业 教育 养老 医疗 住房 交通 社会保障 托育 文体 环境 食品安全 公共安全 农业农村 其他 养老)
projects=(新增城镇就业岗位 改扩建农村幼儿园 建设社区养老服务中心 乡镇卫生院提升改造 城镇老旧小区改造
	新增公交线路 城乡低保提标 建设普惠托育机构 建设全民健身场地 农村生活污水治理 农贸市场改造
	城区易涝点整治 建设高标准农田 建设便民服务驿站 开展老年助餐服务)
{
	echo "title,field,place,body,name,phone,source"
	for c in $(seq 0 14); do
		for k in 希望 建议 请求 关于; do
			echo "$k${projects[$c]},${fields[$c]},360121,建议在${projects[$c]}方面加大投入,市民$c,1380000${c}000,paper"
		done
	done
} > proposals.csv
t "proposal import: 60 proposals from paper, all or nothing" 0 "已导入 60 条建议 — 60 proposals imported from proposals.csv" -- ms proposal import proposals.csv $GOV
printf 'title,field,place\n好建议,养老,360121\n坏建议,乱写,360121\n' > bad.csv
t_grep "a bad row names the file, line and column; nothing imported" 1 "bad.csv:3: field 列：领域应为" -- ms proposal import bad.csv $GOV
t "… and nothing of the file was kept" 0 "60" -- sh -c "$MINSHENG proposal list $Q --json | jq length"
t_grep "near-duplicates grouped by title likeness" 0 "^第 1 组：1、2、3、4（4 条）" -- ms proposal groups $Q
t_grep "… 15 groups of 4" 0 "相近建议 15 组" -- ms proposal groups $Q
t "publish one" 0 "第 1 号建议已公开 — published" -- ms proposal publish 1
t_grep "decline needs a reason" 1 "不采纳的理由不能为空.*\[--reason\]" -- ms proposal decline 60
t "decline with a reason" 0 "第 60 号建议不予采纳，理由已公开 — declined" -- ms proposal decline 60 --reason "已列入省级项目"
t "staff see the contact" 0 "市民0 13800000000" -- sh -c "$MINSHENG proposal list $Q --json | jq -r '.[0] | \"\(.name) \(.phone)\"'"

# --- 筛选: 15 candidates, each merging its 4 proposals; 公示 ---
for c in $(seq 0 14); do
	a=$((c * 4 + 1))
	props="$a,$((a + 1)),$((a + 2)),$((a + 3))"
	[ "$c" -eq 14 ] && props="57,58,59"
	ms candidate add $GOV --title "${projects[$c]}" --targets "完成${projects[$c]}任务" --lead "县${fields[$c]}局" \
		--units "各乡镇" --cost "$((100 + c * 10))万元" --basis "按2023年单价测算" --feasibility "可行" \
		--proposals "$props" >/dev/null || echo "candidate $c failed"
done
t "15 candidates, each listing its proposals and how many asked" 0 "15 4 1,2,3,4 3" -- sh -c "$MINSHENG candidate list $Q --json | jq -r '\"\(length) \(.[0].asked) \(.[0].proposals) \(.[14].asked)\"'"
t_grep "a declined proposal cannot be merged" 1 "第 60 号建议未被采纳" -- ms candidate add $GOV --title X --targets Y --lead Z --cost 1万元 --basis B --feasibility F --proposals 60
t_grep "a merged one neither" 1 "第 1 号建议已并入其他候选项目" -- ms candidate add $GOV --title X --targets Y --lead Z --cost 1万元 --basis B --feasibility F --proposals 1
t_grep "a cost without its unit is refused at the field" 1 "\[--cost\]" -- ms candidate add $GOV --title X --targets Y --lead Z --cost 120 --basis B --feasibility F --proposals 60
t_grep "no vote before the candidates are published" 1 "已公示的候选项目 0 项，须多于应选名额" -- ms vote open $GOV --title "县十八届人大三次会议" --places 10
t "公示" 0 "已公示候选项目 15 项 — 15 candidates published" -- ms candidate publish $Q
t "merged proposals say so" 0 "merged 1" -- sh -c "$MINSHENG proposal list $Q --json | jq -r '.[1] | \"\(.status) \(.candidate)\"'"

# --- 票决: 50 deputies, 10 places of 15 ---
t "open the session" 0 "已开始第 1 号票决 — vote session 1 opened" -- ms vote open $GOV --title "县十八届人大三次会议" --places 10
{ echo "name,delegation"; for i in $(seq 1 50); do echo "代表$i,第$(((i - 1) / 10 + 1))代表团"; done; } > deputies.csv
t "deputies from CSV" 0 "已导入代表 50 人 — 50 deputies" -- ms vote deputies 1 deputies.csv
t_grep "tokens are written once, to a file" 0 "已发放票证 50 张" -- ms vote tokens 1 -o slips.csv
t_grep "… and never again" 1 "票证已经发放，不能再发" -- ms vote tokens 1 -o again.csv
t "one slip per deputy: name, delegation, token" 0 "51 代表1 第1代表团" -- sh -c "echo \$(wc -l < slips.csv) \$(sed -n 2p slips.csv | cut -d, -f2,3 | tr , ' ')"
# the ballots: candidates 1-9 get 40..32 votes, 10 and 11 tie at 30, 12-15 get 20, 15, 10, 5;
# each of 48 valid ballots chooses at most 10; ballots 49 and 50 choose 11 (无效票)
python3 - > ballots.txt <<'EOF'
votes = [40, 39, 38, 37, 36, 35, 34, 33, 32, 30, 30, 20, 15, 10, 5]
ballots = [[] for _ in range(48)]
for c, v in enumerate(votes):
    for b in sorted(range(48), key=lambda i: (len(ballots[i]), i))[:v]:
        ballots[b].append(c + 1)
assert all(len(b) <= 10 for b in ballots)
for b in ballots:
    print(",".join(map(str, sorted(b))))
print("1,2,3,4,5,6,7,8,9,10,11")
print("1,2,3,4,5,6,7,8,9,12,13")
EOF
t_grep "no tally while the session is open" 1 "尚未结束，结束后才公布票数" -- ms vote tally 1
tok() { sed -n "$(($1 + 1))p" slips.csv | cut -d, -f4 | tr -d '\r'; }
i=0; bad=0
while read -r ch; do
	i=$((i + 1))
	ms vote cast 1 --token "$(tok $i)" --choices "$ch" >/dev/null || bad=$((bad + 1))
done < ballots.txt
t_sh "50 ballots cast" "[ $i -eq 50 ] && [ $bad -eq 0 ]"
t_grep "a token used twice is refused" 1 "该票证已经使用过" -- ms vote cast 1 --token "$(tok 7)" --choices 1
t_grep "a made-up token is refused" 1 "不是本次发放的票证" -- ms vote cast 1 --token ABCD-EFGH-JKLM-NPQR-STUV --choices 1
t_grep "a candidate that does not exist is no ballot" 1 "没有序号为 16 的候选项目" -- ms vote cast 1 --token "$(tok 7)" --choices 16
t "nothing more was stored" 0 "50" -- sqlite3 v.db "SELECT COUNT(*) FROM ballot"

# --- the secret ballot: what the tables hold ---
t "the ballot table holds a random key, the session and the choices: nothing else" 0 "id session choices" -- sh -c "sqlite3 v.db 'SELECT name FROM pragma_table_info(\"ballot\")' | tr '\n' ' ' | sed 's/ \$//'"
t "the token table holds a hash, its scope and used: no deputy, no choice, no time" 0 "hash scope used" -- sh -c "sqlite3 v.db 'SELECT name FROM pragma_table_info(\"one_time_token\")' | tr '\n' ' ' | sed 's/ \$//'"
t "no token is stored as given" 0 "0" -- sqlite3 v.db "SELECT COUNT(*) FROM one_time_token WHERE hash = '$(tok 1)' OR hash LIKE '%-%'"
t "50 tokens, all used" 0 "50 50" -- sqlite3 -separator ' ' v.db "SELECT COUNT(*), SUM(used) FROM one_time_token WHERE scope = 'ballot:1'"
t_sh "the ballots' order is not the order they were cast (random keys)" \
	'[ "$(sqlite3 v.db "SELECT choices FROM ballot ORDER BY id")" != "$(cat ballots.txt)" ] && [ "$(sqlite3 v.db "SELECT choices FROM ballot ORDER BY rowid")" != "$(cat ballots.txt)" ]'
t_sh "… and the keys are spread, not counted up" '[ "$(sqlite3 v.db "SELECT MAX(id) > 1000000000 FROM ballot")" = 1 ]'
t "the journal says a ballot was cast, never by whom nor what" 0 "50 deputy ballot 1 0" -- sqlite3 -separator ' ' v.db "SELECT COUNT(*), MIN(actor), MIN(tbl), MIN(key), COUNT(after) FROM journal WHERE action = 'ballot.cast'"

# --- the tally ---
t "close" 0 "第 1 号票决已结束，可查看计票结果 — session closed" -- ms vote close 1
t_grep "no ballot after closing" 1 "已结束" -- ms vote cast 1 --token "$(tok 1)" --choices 1
ms vote tally 1 > tally.txt
t_grep "the tally: 50 cast, 48 valid, 2 invalid" 0 "全体代表 50 人，收回选票 50 张，有效票 48 张，无效票 2 张；应选 10 项，得票须超过全体代表的半数（26 票以上）" -- cat tally.txt
t_grep "each candidate's votes, most first" 0 "^1 +新增城镇就业岗位 +40  当选" -- cat tally.txt
t_grep "the tie at the 10th place: both left for another round" 0 "^10 +农村生活污水治理 +30  另行投票" -- cat tally.txt
t_grep "… the other one too" 0 "^11 +农贸市场改造 +30  另行投票" -- cat tally.txt
t_grep "… and the summary says so" 0 "应选 10 项，当选 9 项；第10名有 2 个候选项目得票相同（30 票），需就其中 1 项另行投票" -- cat tally.txt
t "tally --json" 0 "9 1 tie elected again not_elected 48" -- sh -c "$MINSHENG vote tally 1 --json | jq -r '\"\(.elected) \(.open) \(.reason) \(.candidates[0].result) \(.candidates[9].result) \(.candidates[11].result) \(.valid)\"'"
t_grep "no plan while a place is open" 1 "尚有 1 个名额需另行投票，不能形成计划" -- ms vote adopt 1 -o plan.json

# --- another round, counted on the 表决器 and entered twice ---
t "the runoff: one place, the two tied" 0 "已开始第 2 号票决 — vote session 2 opened" -- ms vote open --runoff 1 --title "县十八届人大三次会议（另行投票）"
t "… with the same 50 deputies and the 2 tied candidates" 0 "50 2" -- sh -c "sqlite3 v.db \"SELECT (SELECT COUNT(*) FROM deputy WHERE session = 2), (SELECT COUNT(*) FROM vote_candidate WHERE session = 2)\" | tr '|' ' '"
t "first entry of the 表决器 counts" 0 "计票结果已录入，待另一名工作人员再次录入确认 — entered; a second person must confirm" -- env USER=clerk1 "$MINSHENG" vote count 2 --method device --figures "cast=50,invalid=0,1=28,2=22"
t_grep "the same person cannot confirm" 1 "须由另一名工作人员再次录入确认" -- env USER=clerk1 "$MINSHENG" vote count 2 --method device --figures "cast=50,invalid=0,1=28,2=22"
t_grep "different figures are refused with both" 1 "两次录入的票数不一致.*第一次 cast=50,invalid=0,1=28,2=22；第二次 cast=50,invalid=0,1=27,2=22" -- env USER=clerk2 "$MINSHENG" vote count 2 --method device --figures "cast=50,invalid=0,1=27,2=22"
t_grep "figures must add up" 1 "票数多于有效票" -- env USER=clerk2 "$MINSHENG" vote count 2 --method device --figures "cast=20,invalid=0,1=28,2=22"
ms vote close 2 >/dev/null
t_grep "an unconfirmed count holds the tally" 1 "尚待第二名工作人员录入确认（clerk1 已录入）" -- ms vote tally 2
t "a second person, the same figures: confirmed" 0 "两次录入一致，计票结果已确认 — confirmed" -- env USER=clerk2 "$MINSHENG" vote count 2 --method device --figures "invalid=0,2=22,1=28,cast=50"
t "the runoff elects the one with 28" 0 "1 0 农村生活污水治理 elected" -- sh -c "$MINSHENG vote tally 2 --json | jq -r '\"\(.elected) \(.open) \(.candidates[0].title) \(.candidates[0].result)\"'"

# --- vote → draft plan, accepted like an imported notice ---
t_grep "adopt: the draft and the vote record" 0 "草案校验通过" -- ms vote adopt 2 -o plan.json
t "10 items: the 9 elected first, then the runoff's" 0 "10 新增城镇就业岗位 农村生活污水治理" -- jq -r '"\(.items | length) \(.items[0].title) \(.items[9].title)"' plan.json
t_grep "each item cites the vote and its proposals" 0 "由第 1 号票决产生（得票 40），来源建议第 1,2,3,4 号（共 4 条）.*估算资金 100万元（按2023年单价测算）" -- jq -r '.items[0].note' plan.json
t_grep "the runoff's item cites the runoff" 0 "由第 2 号票决产生（得票 28），来源建议第 37,38,39,40 号" -- jq -r '.items[9].note' plan.json
t "the titles quote the vote record, which is the plan's source" 0 "plan.record.txt 新增城镇就业岗位" -- sh -c "jq -r '\"\(.source.path) \(.items[0].title_provenance.quote)\"' plan.json"
t_grep "the record names the session and the votes" 0 "新增城镇就业岗位（第 1 号票决得票 40）" -- cat plan.record.txt
t_grep "plan validate passes" 0 "" -- ms plan validate plan.json
t_grep "plan add accepts it" 0 "vote-360121-2024" -- ms plan add plan.json

# --- 验单: the deputies rate each item at the year's end ---
t_grep "rating tokens" 0 "已发放验单票证 50 张" -- ms vote rating-tokens vote-360121-2024 --count 50 -o rating.csv
rtok() { sed -n "$(($1 + 1))p" rating.csv | cut -d, -f2 | tr -d '\r'; }
ok=0
for i in $(seq 1 40); do
	ans="1=满意,2=满意,3=基本满意"
	[ $((i % 4)) -eq 0 ] && ans="1=不满意,2=满意,3=不满意"
	ms vote rate vote-360121-2024 --token "$(rtok $i)" --answers "$ans" >/dev/null && ok=$((ok + 1))
done
t_sh "40 deputies rated" "[ $ok -eq 40 ]"
t_grep "a rating token used twice is refused" 1 "该票证已经使用过" -- ms vote rate vote-360121-2024 --token "$(rtok 3)" --answers "1=满意"
t_grep "a ballot token is no rating token" 1 "不是本次发放的票证" -- ms vote rate vote-360121-2024 --token "$(tok 3)" --answers "1=满意"
t_grep "an item the plan lacks" 1 "序号须是本计划的实事" -- ms vote rate vote-360121-2024 --token "$(rtok 41)" --answers "11=满意"
t "the answers are the evaluation's survey rows (respondent deputy)" 0 "120 deputy" -- sqlite3 -separator ' ' v.db "SELECT COUNT(*), MIN(respondent) FROM survey_response WHERE plan = 'vote-360121-2024'"
t "the evaluation counts them: item 1 satisfied 30 of 40" 0 "30 40" -- sh -c "$MINSHENG evaluate --plan vote-360121-2024 --json | jq -r '.items[0].survey_satisfaction | \"\(.yes) \(.responses)\"'"

# --- last year's evaluation comes back as the government's proposals, citing its figures ---
t "from-evaluation: the 2023 evaluation's carry-over, raise and review recommendations" 0 "已将 2023 年度评估的 9 条建议列为 2024 年的政府建议（待审） — 9 proposals from the evaluation" -- ms proposal from-evaluation --year 2023 --level 省 --as-of 2024-01-15
t "… as proposals of the province for 2024, from the government" 0 "9 government 结转未完成目标：加大创业担保贷款扶持力度" -- sh -c "$MINSHENG proposal list --region 360000 --year 2024 --json | jq -r '\"\(length) \(.[0].source) \(.[0].title)\"'"
t_grep "… each citing the figures it came from" 0 "完成率 72.0%，尚差 1674.83万元.*依据 2023 年度评估，截至2024年1月15日" -- sh -c "$MINSHENG proposal list --region 360000 --year 2024 --json | jq -r '.[0].body'"

[ -n "${KEEP:-}" ] && cp v.db "$KEEP"

# --- the same over the web: 征集 without login (60 a day per address), the ballot, the result, the survey ---
export MINSHENG_DB=$T/w.db
ms init --demo >/dev/null
serve_start
G="region=360124&level=%E5%8E%BF&year=2024"
post() { curl -s -o /dev/null -w '%{http_code}' -d "$2" "${URL}$1"; }
t "the 征集 form posts and comes back with a message (303)" 0 "303" -- post proposals "$G&title=表单建议&field=%E5%85%BB%E8%80%81&place=360124"
t_grep "… which says it was received" 0 "建议已收到，审核后公开" -- curl -s "${URL}proposals?region=360124&year=2024&sent=1"
codes=""
for i in $(seq 2 60); do
	codes="$codes$(post api/v1/proposals "$G&title=API建议$i&field=%E5%85%BB%E8%80%81&place=360124&name=%E6%9D%8E%E5%9B%9B&phone=13900000000")"
done
t_sh "60 proposals from one address are taken (the form's and 59 x 201)" '[ "$codes" = "$(printf "201%.0s" $(seq 2 60))" ]'
t "the 61st from the same address in a day: 429" 0 "429" -- post api/v1/proposals "$G&title=第61条&field=%E5%85%BB%E8%80%81&place=360124"
t_grep "… with Retry-After and the reason" 0 "Retry-After: 3600|同一地址每天最多提交 60 条建议" -- sh -c "curl -s -i -d '$G&title=x&field=%E5%85%BB%E8%80%81&place=360124' '${URL}api/v1/proposals'"
t_grep "a refusal names its field" 0 '"field": ?"field"' -- sh -c "curl -s -H 'X-Forwarded-For: 10.0.0.9' -d '$G&title=x&field=bad&place=360124' '${URL}api/v1/proposals'"
t "60 stored, none of the refused" 0 "60" -- sqlite3 w.db "SELECT COUNT(*) FROM proposal"
ms proposal publish 1 >/dev/null
t "the public list: published only, without the contact" 0 "1 null null" -- sh -c "curl -s '${URL}api/v1/proposals?region=360124&year=2024' | jq -r '\"\(length) \(.[0].name) \(.[0].phone)\"'"
t "staff see every proposal and the contact" 0 "60 李四" -- sh -c "curl -s -H \"Authorization: Bearer \$($MINSHENG user token admin)\" '${URL}api/v1/proposals?region=360124&year=2024' | jq -r '\"\(length) \(.[1].name)\"'"
ADM=$($MINSHENG user token admin 2>/dev/null)
t_grep "staff see 公开 / 不采纳 beside a pending proposal" 0 'action="/proposals/moderate"' -- curl -s -H "Authorization: Bearer $ADM" "${URL}proposals?$G"
t "an administrator declines one with a reason on the page" 0 "303" -- sh -c "curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer $ADM' -d 'id=5&status=declined&reason=%E5%B7%B2%E6%9C%89%E5%90%8C%E7%B1%BB%E9%A1%B9%E7%9B%AE' '${URL}proposals/moderate'"
t "… which the public sees with its reason" 0 "declined 已有同类项目" -- sh -c "curl -s '${URL}api/v1/proposals?region=360124&year=2024' | jq -r '.[] | select(.id == 5) | \"\(.status) \(.reason)\"'"
t "anonymous may not moderate" 0 "401" -- sh -c "curl -s -o /dev/null -w '%{http_code}' -d 'id=3&status=published' '${URL}proposals/moderate'"
t_grep "the 征集 page: the form and the list" 0 "<h2>已收到的建议</h2>" -- curl -s "${URL}proposals?$G"
t_grep "the form's 61st: the page says why, with 429" 0 "429 .*同一地址每天最多提交 60 条建议" -- sh -c "curl -s -w '%{http_code} ' -o f.html -d '$G&title=x&field=%E5%85%BB%E8%80%81&place=360124' '${URL}proposals'; tr -d '\\n' < f.html"
for c in 1 2 3; do
	ms candidate add --region 360124 --level 县 --year 2024 --title "网上候选$c" --targets "目标$c" --lead "县局" --cost 50万元 \
		--basis 测算 --feasibility 可行 --proposals "$c" >/dev/null
done
ms candidate publish --region 360124 --year 2024 >/dev/null
t_grep "the 公示 page lists the candidates" 0 "网上候选3" -- curl -s "${URL}candidates?region=360124&year=2024"
t "GET /api/v1/candidates" 0 "3" -- sh -c "curl -s '${URL}api/v1/candidates?region=360124&year=2024' | jq length"
ms vote open --region 360124 --level 县 --year 2024 --title 网上票决 --places 2 >/dev/null
{ echo "name,delegation"; for i in 1 2 3 4 5; do echo "代表$i,一团"; done; } > d5.csv
ms vote deputies 1 d5.csv >/dev/null
ms vote tokens 1 -o s5.csv >/dev/null
wt() { sed -n "$(($1 + 1))p" s5.csv | cut -d, -f4 | tr -d '\r'; }
t_grep "the ballot page: a token and a box per candidate" 0 'name="c3"' -- curl -s "${URL}vote?session=1"
t "POST /api/v1/ballots: cast" 0 "201" -- post api/v1/ballots "session=1&token=$(wt 1)&choices=1,2"
t "the same token again: 409" 0 "409" -- post api/v1/ballots "session=1&token=$(wt 1)&choices=1"
t "three choices of two places: cast, invalid" 0 "false" -- sh -c "curl -s -d 'session=1&token=$(wt 2)&choices=1,2,3' '${URL}api/v1/ballots' | jq .valid"
t "the form: boxes ticked, 303 back" 0 "303" -- post vote "session=1&token=$(wt 3)&c1=1&c3=1"
t "no result while open: 409" 0 "409" -- sh -c "curl -s -o /dev/null -w '%{http_code}' '${URL}api/v1/votes?session=1'"
post api/v1/ballots "session=1&token=$(wt 4)&choices=1" >/dev/null
ms vote close 1 >/dev/null
t "the result over the API: 3 of 5 for candidate 1, elected; nobody else over half" 0 "1 3 elected 1 too_few" -- sh -c "curl -s '${URL}api/v1/votes?session=1' | jq -r '\"\(.candidates[0].no) \(.candidates[0].votes) \(.candidates[0].result) \(.open) \(.reason)\"'"
t_grep "the result page" 0 "尚缺 1 项，需另行投票" -- curl -s "${URL}vote/result?session=1"
t "the count page needs a staff login" 0 "303" -- sh -c "curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' '${URL}vote/count?session=1'"
t_grep "the survey page lists the plan's items" 0 'name="i1" value="满意"' -- curl -s "${URL}survey?plan=jiangxi-2023"
t "the public answers once a day per address: 201" 0 "201" -- post api/v1/survey "plan=jiangxi-2023&answers=1=满意,2=基本满意"
t "… a second time the same day: 429" 0 "429" -- post api/v1/survey "plan=jiangxi-2023&answers=1=满意"
ms vote rating-tokens jiangxi-2023 --count 2 -o r2.csv >/dev/null
rt=$(sed -n 2p r2.csv | cut -d, -f2 | tr -d '\r')
t "a deputy's token answers once: 201" 0 "201" -- post api/v1/survey "plan=jiangxi-2023&token=$rt&answers=1=不满意"
t "… the second answer is refused: 409" 0 "409" -- post api/v1/survey "plan=jiangxi-2023&token=$rt&answers=1=满意"
t "the evaluation's survey table has both, as public and deputy" 0 "deputy 1
public 2" -- sqlite3 -separator ' ' w.db "SELECT respondent, COUNT(*) FROM survey_response WHERE batch LIKE 'online%' GROUP BY respondent"
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null

# --- the same SQL on PostgreSQL (a throwaway cluster, as tests/cli/pg.sh) ---
. "$ROOT/tests/pg-cluster.sh"
trap 'pg_cluster_stop; rm -rf "$T"' EXIT
pg_cluster_start 2> pg-start.err
pg_rc=$?
if [ $pg_rc = 2 ]; then
	t_skip "the vote on PostgreSQL" "no PostgreSQL server programs here (scripts/deps.sh installs them)"
elif [ $pg_rc != 0 ]; then
	t "a throwaway PostgreSQL cluster starts ($(tail -5 pg-start.err | tr '\n' ' ' | cut -c1-400))" 0 "" -- false
else
	export MINSHENG_DB=$(pg_db vote)
	ms init --demo >/dev/null
	printf 'title,field,place,name,phone\n养老服务中心,养老,360121,王五,13700000000\n托育机构,托育,360121,,\n' > pg.csv
	ms proposal import pg.csv $GOV >/dev/null
	for c in 1 2; do ms candidate add $GOV --title "项目$c" --targets a --lead L --cost 1万元 --basis b --feasibility f --proposals $c >/dev/null; done
	ms candidate publish $Q >/dev/null
	t "PostgreSQL: candidates with their proposals" 0 "1 1" -- sh -c "$MINSHENG candidate list $Q --json | jq -r '.[0] | \"\(.proposals) \(.asked)\"'"
	ms vote open $GOV --title T --places 1 >/dev/null
	printf 'name,delegation\n甲,一\n乙,一\n丙,二\n' > pgd.csv
	ms vote deputies 1 pgd.csv >/dev/null
	ms vote tokens 1 -o pgs.csv >/dev/null
	pt() { sed -n "$(($1 + 1))p" pgs.csv | cut -d, -f4 | tr -d '\r'; }
	ms vote cast 1 --token "$(pt 1)" --choices 1 >/dev/null; ms vote cast 1 --token "$(pt 2)" --choices 1 >/dev/null; ms vote cast 1 --token "$(pt 3)" --choices 1,2 >/dev/null
	t_grep "PostgreSQL: a token used twice is refused" 1 "该票证已经使用过" -- ms vote cast 1 --token "$(pt 1)" --choices 2
	ms vote close 1 >/dev/null
	t "PostgreSQL: the tally (one invalid ballot)" 0 "2 elected 3 1" -- sh -c "$MINSHENG vote tally 1 --json | jq -r '\"\(.candidates[0].votes) \(.candidates[0].result) \(.cast) \(.invalid)\"'"
	t_grep "PostgreSQL: adopt --save" 0 "已作为新计划 vote-360121-2024 存入数据库" -- ms vote adopt 1 -o pg.json --save
	ms vote rating-tokens vote-360121-2024 --count 1 -o pgr.csv >/dev/null
	t_grep "PostgreSQL: 验单" 0 "已收到代表对 1 件实事的评价" -- ms vote rate vote-360121-2024 --token "$(sed -n 2p pgr.csv | cut -d, -f2 | tr -d '\r')" --answers 1=满意
fi

done_testing
