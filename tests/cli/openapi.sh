# tests/cli/openapi.sh - docs/openapi.json against the server it describes:
# the document served is the file, valid JSON and OpenAPI 3.x; every
# /api/v1 route of src/web/routes.c's routes[] table is documented with its
# method, and every documented path and method is in the table (so the two
# cannot drift apart); every operation names a 2xx and an error answer of
# the Error schema; every $ref resolves; the real answers of the GET
# endpoints have the keys their schemas declare, and the statuses that real
# requests get are ones the document declares.
. "$(dirname "$0")/lib.sh"
export MINSHENG_DB=$T/o.db
ms init --demo >/dev/null
ms bulletin issue --round 2023-06-30 --number "赣民实办〔2023〕1号" >/dev/null
DOC=$ROOT/docs/openapi.json
SRC=$ROOT/src/web/routes.c
# jq with $ops: the keys of a path item that are operations
jqd() { jq --argjson ops '["get", "put", "post", "delete", "options", "head", "patch", "trace"]' "$@"; }

# --- the document itself ---
serve_start
pid=$SERVE_PID
t_sh "serve prints its address" '[ -n "$URL" ]'
t_sh "the served document is docs/openapi.json, byte for byte" 'curl -s --max-time 10 "${URL}api/v1/openapi.json" -o served.json && cmp -s served.json "$DOC"'
t "it is JSON, OpenAPI 3.x" 0 "true" -- jq '(.openapi | test("^3\\.[0-9]+\\.[0-9]+$")) and (.info.title | length > 0) and (.paths | length > 0)' "$DOC"
t "served as application/json" 0 "application/json; charset=utf-8" \
	-- sh -c "curl -s -o /dev/null -w '%{content_type}' '${URL}api/v1/openapi.json'"
t "security schemes: bearer token, ms_session cookie, X-CSRF-Token" 0 "http bearer
apiKey cookie ms_session
apiKey header X-CSRF-Token" -- jq -r '.components.securitySchemes | .bearerAuth, .cookieAuth, .csrfToken | [.type, (.scheme // .in), .name // empty] | join(" ")' "$DOC"
t "the Error schema is {error: {code, message}}" 0 "code,message" \
	-- jq -r '.components.schemas.Error | select(.required == ["error"]) | .properties.error.required | join(",")' "$DOC"
t "every \$ref resolves" 0 "" -- jq -r '. as $d | [.. | objects | select(has("$ref")) | .["$ref"]] | unique[]
	| . as $r | select(($d | getpath($r | ltrimstr("#/") | split("/"))) == null)' "$DOC"

# --- the route table and the document list the same operations ---
# routes[] rows: { WEB_GET, "/api/v1/calc/", 1, r_calc } -> "get /api/v1/calc/ 1"
sed -n '/^} routes\[\] = {/,/^};/p' "$SRC" > table.c
sed -n 's/^[[:space:]]*{ *WEB_\([A-Z]*\) *, *"\([^"]*\)" *, *\([01]\) *,.*/\1 \2 \3/p' table.c |
	awk '{ print tolower($1), $2, $3 }' > table.txt
# documented operations: "get /api/v1/calc/{kind}"
jqd -r '.paths | to_entries[] | .key as $p | .value | keys[] | select(IN($ops[])) | "\(.) \($p)"' "$DOC" > doc.txt
t_sh "the route table was read: every row, at least 20 of them /api/v1" '[ "$(grep -c "{ *WEB_" table.c)" = "$(wc -l < table.txt)" ] && [ "$(grep -c " /api/v1/" table.txt)" -ge 20 ]'
t_sh "some documented operations were read" '[ "$(wc -l < doc.txt)" -ge 20 ]'
# a route "/x/" with prefix 1 is documented as a path "/x/{...}..."
undocumented() {
	local m p pre
	while read -r m p pre; do
		case $p in /api/v1/* | /healthz) ;; *) continue ;; esac
		if [ "$pre" = 1 ]; then
			grep -qF -- "$m $p{" doc.txt || echo "$m $p (prefix)"
		else
			grep -qxF -- "$m $p" doc.txt || echo "$m $p"
		fi
	done < table.txt
}
not_routed() {
	local m p
	while read -r m p; do
		case $p in
		*'{'*) grep -qxF -- "$m ${p%%\{*} 1" table.txt || echo "$m $p" ;;
		*) grep -qxF -- "$m $p 0" table.txt || echo "$m $p" ;;
		esac
	done < doc.txt
}
t "every /api/v1 route (and /healthz) is documented with its method" 0 "" -- undocumented
t "every documented path and method is in the route table" 0 "" -- not_routed

# --- every operation: a 2xx and an error answer of the Error schema ---
t "every operation declares a 2xx answer" 0 "" -- jqd -r '.paths | to_entries[] | .key as $p | .value | to_entries[] | select(.key | IN($ops[]))
	| select([.value.responses | keys[] | select(test("^2"))] | length == 0) | "\(.key) \($p)"' "$DOC"
t "every operation declares an error answer referencing the Error schema" 0 "" -- jqd -r '. as $d
	| def res: if type == "object" and has("$ref") then . as $r | $d | getpath($r["$ref"] | ltrimstr("#/") | split("/")) | res else . end;
	.paths | to_entries[] | .key as $p | .value | to_entries[] | select(.key | IN($ops[]))
	| select([.value.responses | to_entries[] | select(.key | test("^[45]")) | .value | res
		  | .content["application/json"].schema["$ref"] | select(. == "#/components/schemas/Error")] | length == 0)
	| "\(.key) \($p)"' "$DOC"
t "every operation says who may call it (security)" 0 "" -- jqd -r '.paths | to_entries[] | .key as $p | .value | to_entries[] | select(.key | IN($ops[]))
	| select(.value | has("security") | not) | "\(.key) \($p)"' "$DOC"
t "every path parameter of a templated path is declared" 0 "" -- jqd -r '. as $d
	| def res: if type == "object" and has("$ref") then . as $r | $d | getpath($r["$ref"] | ltrimstr("#/") | split("/")) else . end;
	.paths | to_entries[] | .key as $p | .value | to_entries[] | select(.key | IN($ops[]))
	| ([.value.parameters[]? | res | select(.in == "path") | .name] | sort) as $have
	| ([$p | scan("\\{([^}]*)\\}") | .[0]] | sort) as $want
	| select($have != $want) | "\(.key) \($p)"' "$DOC"

# --- the real answers have the keys the schemas declare ---
TOKEN=$(ms user token viewer 2>/dev/null)
ADMIN=$(ms user token admin 2>/dev/null)
REPORTER=$(ms user token nanchang 2>/dev/null)
# schema_keys PATH METHOD CODE: {"required": [...], "properties": [...]} of the
# answer's JSON schema ($refs followed; an array's items)
schema_keys() {
	jq -c --arg p "$1" --arg m "$2" --arg c "$3" '. as $d
		| def res: if type == "object" and has("$ref") then . as $r | $d | getpath($r["$ref"] | ltrimstr("#/") | split("/")) | res else . end;
		.paths[$p][$m].responses[$c] | res | .content["application/json"].schema | res
		| if .type == "array" then .items | res else . end
		| {required: (.required // [] | sort), properties: (.properties // {} | keys)}' "$DOC"
}
# keys_are MODE DOCPATH URL [CURL ARGS…]: prints true when the answer (or
# every element of an array answer) has keys that are exactly the required
# ones (MODE exact), or all the required ones and only declared ones (MODE within)
keys_are() {
	local mode=$1 path=$2 url=$3 s
	shift 3
	s=$(schema_keys "$path" get 200)
	curl -s --max-time 20 "$@" "$url" | jq --argjson s "$s" --arg mode "$mode" '
		(if type == "array" then . else [.] end) as $a
		| ($a | length > 0) and ($s.required | length > 0) and all($a[]; keys as $k
			| if $mode == "exact" then $k == $s.required
			  else (($s.required - $k) | length == 0) and (($k - $s.properties) | length == 0) end)'
}
B="${URL}api/v1"
t "status: its keys are the schema's required ones" 0 "true" -- keys_are exact /api/v1/status "$B/status?as_of=2023-07-01"
t "status of an item and a region: the same keys" 0 "true" -- keys_are exact /api/v1/status "$B/status?as_of=2023-07-01&item=2&org=360100"
t "healthz" 0 "true" -- keys_are exact /healthz "${URL}healthz"
t "me" 0 "true" -- keys_are exact /api/v1/me "$B/me" -H "Authorization: Bearer $TOKEN"
t "evaluation" 0 "true" -- keys_are exact /api/v1/evaluation "$B/evaluation?as_of=2023-12-31"
t "orgs (every element)" 0 "true" -- keys_are exact /api/v1/orgs "$B/orgs"
t "assignments (every element)" 0 "true" -- keys_are within /api/v1/assignments "$B/assignments"
t "rounds (every element)" 0 "true" -- keys_are exact /api/v1/rounds "$B/rounds"
t "bulletins, anonymous: issued ones (every element)" 0 "true" -- keys_are exact /api/v1/bulletins "$B/bulletins"
t "bulletins, logged in: issued and drafts (every element)" 0 "true" -- keys_are exact /api/v1/bulletins "$B/bulletins" -H "Authorization: Bearer $TOKEN"
t "an issued bulletin" 0 "true" -- keys_are exact "/api/v1/bulletins/{id}" "$B/bulletins/1"
t "journal (every element)" 0 "true" -- keys_are exact /api/v1/journal "$B/journal" -H "Authorization: Bearer $TOKEN"
t "reports: required keys present, none undeclared" 0 "true" -- keys_are within /api/v1/reports "$B/reports"
t "sites: required keys present, none undeclared" 0 "true" -- keys_are within /api/v1/sites "$B/sites"
t "params: required keys present, none undeclared" 0 "true" -- keys_are within /api/v1/params "$B/params"
t "items: required keys present, none undeclared" 0 "true" -- keys_are within /api/v1/items "$B/items"
t "indicators: required keys present, none undeclared" 0 "true" -- keys_are within /api/v1/indicators "$B/indicators"
t "plan: required keys present, none undeclared" 0 "true" -- keys_are within /api/v1/plan "$B/plan"
for q in "loan?principal=100000&rate=5.15&lpr=3.65&start=2023-03-01&end=2024-02-29&group=graduate" \
	"dibao?area=urban&members=3&income=5000&month=2023-07" \
	"disability?grade=1&type=physical&dibao=yes&month=2023-07" "orphan?kind=orphan&month=2023-07"; do
	t "calc ${q%%\?*}: required keys present, none undeclared" 0 "true" -- keys_are within "/api/v1/calc/{kind}" "$B/calc/$q"
done

# --- the statuses real requests get are declared for their operation ---
code() { curl -s --max-time 20 -o /dev/null -w '%{http_code}' "$@"; }
# declared PATH METHOD CODE: the operation lists that status
declared() { jq -r --arg p "$1" --arg m "$2" --arg c "$3" '.paths[$p][$m].responses | has($c)' "$DOC"; }
# t_status NAME DOCPATH METHOD WANT CURL ARGS…: the request gets WANT, and WANT is declared
t_status() {
	local name=$1 path=$2 m=$3 want=$4 got
	shift 4
	got=$(code "$@")
	if [ "$got" != "$want" ]; then
		_notok "$name" "status $got, expected $want"
	elif [ "$(declared "$path" "$m" "$got")" != true ]; then
		_notok "$name" "$m $path answers $got, which the document does not declare"
	else
		_ok "$name"
	fi
}
J='Content-Type: application/json'
AB="Authorization: Bearer $ADMIN"
RB="Authorization: Bearer $REPORTER"
t_status "status: a bad as_of is 400" /api/v1/status get 400 "$B/status?as_of=2023-02-30"
t_status "status: an unknown bearer token is 401" /api/v1/status get 401 -H "Authorization: Bearer 00" "$B/status"
t_status "calc: an unknown calculator is 404" "/api/v1/calc/{kind}" get 404 "$B/calc/pension"
t_status "calc: no parameter in effect is 422" "/api/v1/calc/{kind}" get 422 "$B/calc/dibao?area=urban&members=1&income=0&month=2020-01"
t_status "evaluation/saved: none saved is 404" /api/v1/evaluation/saved get 404 "$B/evaluation/saved?year=2023"
t_status "evaluation/saved: no year is 400" /api/v1/evaluation/saved get 400 "$B/evaluation/saved"
t_status "journal: anonymous is 401" /api/v1/journal get 401 "$B/journal"
t_status "me: anonymous is 401" /api/v1/me get 401 "$B/me"
t_status "draft download (a login)" "/bulletin/{file}" get 200 -H "Authorization: Bearer $TOKEN" "${URL}bulletin/2023-06-30.csv"
t_status "draft download, anonymous: 401" "/bulletin/{file}" get 401 "${URL}bulletin/2023-06-30.csv"
t_status "draft of a day that is no round: 404" "/bulletin/{file}" get 404 -H "Authorization: Bearer $TOKEN" "${URL}bulletin/2023-07-31.csv"
t_status "issued bulletin download" "/bulletins/{file}" get 200 "${URL}bulletins/1.csv"
t_status "issued bulletin that does not exist: 404" "/bulletins/{file}" get 404 "${URL}bulletins/9.csv"
t_status "issued bulletin as a file" "/api/v1/bulletins/{id}" get 200 "$B/bulletins/1?format=md"
t_status "issued bulletin in a format there is none of: 400" "/api/v1/bulletins/{id}" get 400 "$B/bulletins/1?format=pdf"
t_status "issued bulletin that does not exist: 404" "/api/v1/bulletins/{id}" get 404 "$B/bulletins/9"
t_status "login: 200" /api/v1/login post 200 -H "$J" -d '{"name":"viewer","password":"minsheng2023"}' "$B/login"
t_status "login: a wrong password is 401" /api/v1/login post 401 -H "$J" -d '{"name":"viewer","password":"wrong-one"}' "$B/login"
t_status "login: no password is 400" /api/v1/login post 400 -H "$J" -d '{"name":"viewer"}' "$B/login"
t_status "report: 201" /api/v1/reports post 201 -H "$RB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","round":"2023-12-25","value":"70"}' "$B/reports"
t "report: the answer has the declared keys" 0 "true" -- sh -c "curl -s -H '$RB' -H '$J' -d '{\"indicator\":\"10.aeds\",\"org\":\"360100\",\"round\":\"2023-12-25\",\"value\":\"71\"}' '$B/reports' | jq --argjson s '$(schema_keys /api/v1/reports post 201)' 'keys == \$s.required'"
t_status "report: anonymous is 401" /api/v1/reports post 401 -H "$J" -d '{"indicator":"10.aeds","org":"360100","round":"2023-12-25","value":"70"}' "$B/reports"
t_status "report: another region is 403" /api/v1/reports post 403 -H "$RB" -H "$J" -d '{"indicator":"10.aeds","org":"360400","round":"2023-12-25","value":"70"}' "$B/reports"
t_status "report: a day that is no round is 404" /api/v1/reports post 404 -H "$RB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","round":"2023-12-26","value":"70"}' "$B/reports"
t_status "report: a negative value is 422" /api/v1/reports post 422 -H "$RB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","round":"2023-12-25","value":"-1"}' "$B/reports"
t_status "report: a JSON decimal number is 400" /api/v1/reports post 400 -H "$RB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","round":"2023-12-25","value":7.5}' "$B/reports"
t_status "report: text/plain is 415" /api/v1/reports post 415 -H "$RB" -H 'Content-Type: text/plain' -d x "$B/reports"
t_status "review: approve, 200" /api/v1/reviews post 200 -H "$AB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","round":"2023-12-25","action":"approve"}' "$B/reviews"
t_status "review: approved already, 409" /api/v1/reviews post 409 -H "$AB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","round":"2023-12-25","action":"approve"}' "$B/reviews"
t_status "report: an approved report is 409" /api/v1/reports post 409 -H "$RB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","round":"2023-12-25","value":"72"}' "$B/reports"
t_status "assignment: 200" /api/v1/assignments post 200 -H "$AB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","target":"60"}' "$B/assignments"
t_status "assignment: a reporter is 403" /api/v1/assignments post 403 -H "$RB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","target":"60"}' "$B/assignments"
t_status "site: 201" /api/v1/sites post 201 -H "$RB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","name":"南昌站","delivered_on":"2023-09-01"}' "$B/sites"
t_status "site: a delivered site without its date is 422" /api/v1/sites post 422 -H "$RB" -H "$J" -d '{"indicator":"10.aeds","org":"360100","name":"南昌站"}' "$B/sites"
t_status "round lock: 200" "/api/v1/rounds/{round}/lock" post 200 -H "$AB" -X POST "$B/rounds/2023-12-25/lock"
t_status "round lock: again, 409" "/api/v1/rounds/{round}/lock" post 409 -H "$AB" -X POST "$B/rounds/2023-12-25/lock"
t_status "round lock: a reporter is 403" "/api/v1/rounds/{round}/lock" post 403 -H "$RB" -X POST "$B/rounds/2023-12-25/lock"
t_status "round reopen: without a reason, 422" "/api/v1/rounds/{round}/reopen" post 422 -H "$AB" -X POST "$B/rounds/2023-12-25/reopen"
t_status "round reopen: 200" "/api/v1/rounds/{round}/reopen" post 200 -H "$AB" -H "$J" -d '{"reason":"补报"}' "$B/rounds/2023-12-25/reopen"
t_status "round reopen: a day that is no round is 404" "/api/v1/rounds/{round}/reopen" post 404 -H "$AB" -X POST "$B/rounds/2023-12-26/reopen"
printf 'region,area,members,income\n360100,urban,3,1500\n' > p.csv
t_status "simulate: 200" "/api/v1/simulate/{kind}" post 200 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @p.csv "$B/simulate/dibao?reform=dibao.urban_standard=950&month=2023-07"
t "simulate: the answer's keys are the schema's" 0 "true" -- sh -c "curl -s -H 'Authorization: Bearer $TOKEN' -H 'Content-Type: text/csv' --data-binary @p.csv '$B/simulate/dibao?reform=dibao.urban_standard=950&month=2023-07&by=city' | jq --argjson s '$(schema_keys "/api/v1/simulate/{kind}" post 200)' 'keys == \$s.required'"
t_status "simulate: anonymous is 401" "/api/v1/simulate/{kind}" post 401 -H 'Content-Type: text/csv' --data-binary @p.csv "$B/simulate/dibao?reform=dibao.urban_standard=950"
t_status "logout: 200" /api/v1/logout post 200 -H "Authorization: Bearer $TOKEN" -X POST "$B/logout"
jq -Rs '{text: .}' "$ROOT/data/notices/jiangxi-2023-minsheng-notice.txt" > notice.json
t_status "notice import: 200" /api/v1/notice/import post 200 -H "$AB" -H "$J" --data-binary @notice.json "$B/notice/import"
t "notice import: the answer's keys are the schema's" 0 "true" -- sh -c "curl -s -H '$AB' -H '$J' --data-binary @notice.json '$B/notice/import' | jq --argjson s '$(schema_keys /api/v1/notice/import post 200)' 'keys == \$s.required'"
t_status "notice import: a reporter is 403" /api/v1/notice/import post 403 -H "$RB" -H "$J" --data-binary @notice.json "$B/notice/import"
t_status "notice import: no numbered item is 422" /api/v1/notice/import post 422 -H "$AB" -H "$J" -d '{"text":"hello"}' "$B/notice/import"
t_status "plans: 201" /api/v1/plans post 201 -H "$AB" -H "$J" --data-binary @notice.json "$B/plans?id=jx-copy"
t_status "plans: the id taken, 409" /api/v1/plans post 409 -H "$AB" -H "$J" --data-binary @notice.json "$B/plans?id=jx-copy"

kill -TERM $pid
wait $pid
t_sh "the server stops cleanly" "[ $? -eq 0 ]"

done_testing
