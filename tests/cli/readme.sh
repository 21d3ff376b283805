# tests/cli/readme.sh - README.md's tour, run: every command line of its ```sh
# blocks, in order, as a newcomer would type it, in a folder that looks like a
# checkout after `make run` (build/minsheng, data/, var/minsheng.db with the demo
# data). Each must exit 0 and print something; a line this script does not know
# how to run is run anyway, so a new README command that does not work fails here.
#
# Handled explicitly: `make …` (builds and serves the real tree: skipped, said
# so); `… serve --listen 127.0.0.1:8080` (started in the background on a free
# port, and the curl lines below it sent there); the placeholder 通知.txt (made
# here: the project's notice in GB18030). The payroll is data/samples/payroll.csv.
. "$(dirname "$0")/lib.sh"

# --- a checkout after `make run`, inside $T: nothing here writes into the repository ---
touch .start
mkdir -p build var tests/fixtures/eval
ln -s "$MINSHENG" build/minsheng
cp -R "$ROOT/data" data
cp "$ROOT/tests/fixtures/eval/survey.csv" tests/fixtures/eval/
mkdir -p tests/fixtures/notices
cp "$ROOT/tests/fixtures/notices/nanchang-2024-paren.txt" tests/fixtures/notices/
cp -R "$ROOT/tests/fixtures/vote" tests/fixtures/vote   # 票决: a paper proposals' sheet (.xlsx)
build/minsheng --db var/minsheng.db init --demo > /dev/null || echo "init --demo failed"
# 通知.txt: a notice as it may arrive, GBK-encoded (the README's -o line mentions the conversion)
iconv -f UTF-8 -t GB18030 data/notices/jiangxi-2023-minsheng-notice.txt > 通知.txt

# --- the command lines: ```sh blocks, continuation lines joined, comments dropped,
# `a ; b` split into two commands ---
readme_commands() {
	awk '
		/^```sh[[:space:]]*$/ { inblock = 1; next }
		/^```/ { inblock = 0; next }
		!inblock { next }
		{
			line = $0
			if (cont != "") { sub(/^[[:space:]]+/, "", line); line = cont " " line }
			if (line ~ /\\$/) { sub(/[[:space:]]*\\$/, "", line); cont = line; next }
			cont = ""
			sub(/[[:space:]]+#[[:space:]].*$/, "", line)   # a trailing comment
			sub(/[[:space:]]+$/, "", line)
			if (line == "" || line ~ /^#/) next
			n = split(line, part, / ; /)
			for (i = 1; i <= n; i++) print part[i]
		}' "$ROOT/README.md"
}

# the server the web block starts; the curl lines go to it
serve_pid=
hostport=
# the background job is a subshell running eval: the server is its child, stopped first (it outlived the suite)
stop_serve() {
	local kids k
	[ -n "$serve_pid" ] || return 0
	kids=$(pgrep -P "$serve_pid" 2> /dev/null)
	for k in $kids; do kill -TERM "$k" 2> /dev/null; done
	kill "$serve_pid" 2> /dev/null
	wait "$serve_pid" 2> /dev/null
	for _ in $(seq 1 100); do   # not our children: waited for by polling, a graceful stop
		for k in $kids; do kill -0 "$k" 2> /dev/null && break; k=; done
		[ -z "${k:-}" ] && break
		sleep 0.05
	done
}
trap 'stop_serve; rm -rf "$T"' EXIT
# curl as the tour uses it, but an HTTP error fails the line and no progress meter
curl() { command curl -sS --fail-with-body "$@"; }

# expected exit code of a line other than 0, when the README itself implies it
expect_code() {
	case $1 in
	# "POST /api/v1/plans?id=ID … (201, or 409 when the id is taken)": the tour's
	# own `notice import 通知.txt --id jx-2024 --save` took jx-2024 just before
	*"/api/v1/plans?id=jx-2024"*) echo 22 ;; # curl --fail-with-body: HTTP 409
	*) echo 0 ;;
	esac
}

n=0
while IFS= read -r cmd; do
	n=$((n + 1))
	name="README: $cmd"
	[ ${#name} -le 110 ] || name="${name:0:107}…"
	case $cmd in
	make\ *)
		t_skip "$cmd" "builds and runs the real tree (make run serves forever; make test is the suite this script belongs to)"
		continue ;;
	*" serve "*|*" serve")
		line=$(printf '%s' "$cmd" | sed 's/--listen [^ ]*/--listen 127.0.0.1:0/')
		eval "$line" > serve.out 2> serve.err < /dev/null &
		serve_pid=$!
		for _ in $(seq 1 200); do grep -q 'http://' serve.out 2> /dev/null && break; sleep 0.05; done
		hostport=$(grep -o 'http://127.0.0.1:[0-9]*' serve.out | head -1 | sed 's|http://||')
		t_sh "$name (on a free port, in the background)" '[ -n "$hostport" ] && kill -0 "$serve_pid"'
		continue ;;
	*127.0.0.1:8080*)
		if [ -z "$hostport" ]; then
			_notok "$name" "no server: the README's serve line did not start"
			continue
		fi
		cmd=${cmd//127.0.0.1:8080/$hostport} ;;
	esac
	want=$(expect_code "$cmd")
	if printf '%s' "$cmd" | grep -Eq '^[A-Za-z_][A-Za-z0-9_]*=[^ ]*$|^[A-Za-z_][A-Za-z0-9_]*="[^"]*"$|^[A-Za-z_][A-Za-z0-9_]*=\$\(.*\)$'; then
		# an assignment the later lines use (M=…, TOKEN=$(…)): kept in this shell
		var=${cmd%%=*}
		eval "$cmd" 2> .err < /dev/null
		rc=$?
		if [ "$rc" -ne "$want" ]; then
			_notok "$name" "exit $rc, expected $want" "$(head -5 .err)"
		elif [ -z "${!var}" ]; then
			_notok "$name" "\$$var is empty"
		else
			_ok "$name"
		fi
		continue
	fi
	(set -o pipefail; eval "$cmd") > .out 2>&1 < /dev/null
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		_notok "$name" "exit $rc, expected $want" "$(head -10 .out)"
	elif [ ! -s .out ]; then
		_notok "$name" "printed nothing"
	else
		_ok "$name"
	fi
done < <(readme_commands)

t_sh "the README's tour has its command lines (found $n)" '[ "$n" -ge 30 ]'
server=$(pgrep -P "$serve_pid" 2> /dev/null | head -1)
stop_serve
serve_pid=
t_sh "the README's server (pid ${server:-none}) is stopped with the script, not left running" \
	'[ -n "$server" ] && ! kill -0 "$server" 2> /dev/null'

t "the tour wrote nothing into the repository (build*/ and .git aside)" 0 "" \
	-- find "$ROOT" -newer .start -type f -not -path "$ROOT/.git/*" -not -path "$ROOT/build*"
done_testing
