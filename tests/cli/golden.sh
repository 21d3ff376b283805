# tests/cli/golden.sh - what the demo database's status, bulletin, journal and
# evaluation look like, kept byte for byte in tests/golden/ (git's test_cmp).
#
#   UPDATE_GOLDEN=1 bash tests/cli/golden.sh    rewrites tests/golden/*, then
#   git diff tests/golden                       is read before committing them.
#
# The clock is fixed (MS_CLOCK, core/clock.h) at 2023-07-07 10:00 China time, so
# the journal's times and every "today" are the same on every run.
. "$(dirname "$0")/lib.sh"
export MS_CLOCK=1688695200 # 2023-07-07T02:00:00Z
GOLD=$ROOT/tests/golden
: "${UPDATE_GOLDEN:=}"

# golden NAME FILE ACTUAL   ACTUAL against tests/golden/FILE (or rewrites it)
golden() {
	if [ -n "$UPDATE_GOLDEN" ]; then
		mkdir -p "$GOLD"
		cp "$3" "$GOLD/$2"
		_ok "$1 (rewrote tests/golden/$2)"
	else
		t_cmp "$1" "$GOLD/$2" "$3"
	fi
}

# out NAME FILE -- CMD…   CMD exits 0 and its stdout is tests/golden/FILE
out() {
	local name=$1 file=$2
	shift 3
	if ! "$@" > "$T/.actual" 2> "$T/.stderr"; then
		_notok "$name" "failed: $*" "$(head -5 "$T/.stderr")"
		return
	fi
	golden "$name" "$file" "$T/.actual"
}

# written NAME FILE PRODUCED -- CMD…   CMD exits 0 and writes PRODUCED, which is tests/golden/FILE
written() {
	local name=$1 file=$2 produced=$3
	shift 4
	rm -f "$produced"
	if ! "$@" > "$T/.stdout" 2> "$T/.stderr"; then
		_notok "$name" "failed: $*" "$(head -5 "$T/.stderr")"
		return
	fi
	golden "$name" "$file" "$produced"
}

# --- the demo database is the same every time once the clock is fixed ---
ms --db a.db init --demo > /dev/null
ms --db d.db init --demo > /dev/null
# the dump of each, password hashes aside (argon2id salts are random, as they must be)
sqlite3 a.db .dump > a.sql
sqlite3 d.db .dump > d.sql
mask() { sed 's/\$argon2id\$[^'"'"']*/ARGON2ID/' "$1"; }
t_sh "init --demo twice: the same rows in every table" '[ -s d.sql ] && cmp -s <(mask a.sql) <(mask d.sql)'
t_sh "only the password hashes differ (their salts are random)" \
	'[ "$(diff a.sql d.sql | grep "^[<>]" | grep -vcF argon2id)" = 0 ] && ! cmp -s a.sql d.sql'
t_sh "every journal row is stamped with the fixed clock" \
	'[ "$(sqlite3 d.db "SELECT COUNT(DISTINCT at) || '"' '"' || MIN(at) FROM journal")" = "1 2023-07-07T02:00:00Z" ]'
ms --db a.db journal > a.journal
ms --db d.db journal > d.journal
t_sh "journal: the same text from both" 'cmp -s a.journal d.journal'

# --- status as of the day after the first round's bulletin week ---
out "status --as-of 2023-07-07" status.txt -- ms --db d.db status --as-of 2023-07-07
out "status --as-of 2023-07-07 --json" status.json -- ms --db d.db status --as-of 2023-07-07 --json
ms --db d.db status > today.txt
t_cmp "status with no --as-of: as of the fixed clock's China day, the same table" "$GOLD/status.txt" today.txt

# --- the bulletin of the first round, as Markdown and as the CSV 台账 ---
written "bulletin --round 2023-06-30 -o x.md" bulletin-2023-06-30.md x.md -- ms --db d.db bulletin --round 2023-06-30 -o x.md
written "bulletin --round 2023-06-30 -o x.csv" bulletin-2023-06-30.csv x.csv -- ms --db d.db bulletin --round 2023-06-30 -o x.csv
t_sh "bulletin: stdout is the same Markdown as -o x.md" 'ms --db d.db bulletin --round 2023-06-30 | cmp -s - x.md'

# --- the journal: every write of init --demo, oldest first ---
out "journal" journal.txt -- ms --db d.db journal

# --- the year-end evaluation, with the survey of tests/fixtures/eval ---
cp "$ROOT/tests/fixtures/eval/survey.csv" survey.csv
t "survey import" 0 "已导入 1600 份调查问卷 — 1600 survey responses imported from survey.csv" \
	-- ms --db d.db survey import survey.csv
written "evaluate --as-of 2024-01-15 -o x.md" evaluate.md x.md -- ms --db d.db evaluate --as-of 2024-01-15 -o x.md
ms --db d.db evaluate --as-of 2024-01-15 > ev.txt
t_cmp "evaluate --as-of 2024-01-15: the text printed is the same report" "$GOLD/evaluate.md" ev.txt

[ -z "$UPDATE_GOLDEN" ] || echo "# rewrote tests/golden/: read 'git diff tests/golden' before committing"
done_testing
