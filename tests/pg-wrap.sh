#!/usr/bin/env bash
# tests/pg-wrap.sh - runs minsheng with its SQLite file redirected to a
# PostgreSQL database, so that the existing CLI scripts run unchanged against
# PostgreSQL: MINSHENG=tests/pg-wrap.sh MS_PG_REAL=build/minsheng MS_PG_BASE=postgresql://…:PORT
# A file path (--db PATH or $MINSHENG_DB) becomes the database t_<hash of the
# absolute path>, created when first used. The file itself stays an empty
# marker: `init` and `restore` create it, and a script that removes it (rm -f)
# has removed the database (the next init replaces it, as on SQLite).
set -u
real=${MS_PG_REAL:?} base=${MS_PG_BASE:?}
args=() db=${MINSHENG_DB:-./minsheng.db} i=0 cmd=
argv=("$@")
while [ $i -lt ${#argv[@]} ]; do
	a=${argv[$i]}
	case $a in
	--db)
		# a --db without its path: the real program's usage error
		[ $((i + 1)) -lt ${#argv[@]} ] || exec "$real" "$@"
		i=$((i + 1)); db=${argv[$i]} ;;
	--db=*) db=${a#--db=} ;;
	*) args+=("$a"); [ -z "$cmd" ] && case $a in -*) ;; *) cmd=$a ;; esac ;;
	esac
	i=$((i + 1))
done
case $db in
postgres://* | postgresql://*) exec "$real" --db "$db" "${args[@]}" ;;
esac
abs=$(realpath -m "$db")
name=t_$(printf '%s' "$abs" | md5sum | cut -c1-16)
url=$base/$name
psql -X -q "$base/postgres" -c "CREATE DATABASE $name" >/dev/null 2>&1 || true
if [ "$cmd" = init ] || [ "$cmd" = restore ]; then
	# both make the database: the marker follows; what they print names the
	# file the script gave, as on SQLite, not the URL behind it
	extra=()
	[ -e "$abs" ] || extra=(--force)
	out=$(mktemp) err=$(mktemp)
	"$real" --db "$url" "${args[@]}" "${extra[@]}" > "$out" 2> "$err"
	rc=$?
	sed "s|$url|$db|g" "$out"
	sed "s|$url|$db|g" "$err" >&2
	rm -f "$out" "$err"
	# the marker once there is a database (not after `init --help`)
	if [ $rc -eq 0 ] && [ "$(psql -X -q -At "$url" -c "SELECT to_regclass('schema_version') IS NOT NULL")" = t ]; then
		: > "$abs"
	fi
	exit $rc
fi
if [ ! -e "$abs" ] && [ "$cmd" != help ] && [ "$cmd" != version ]; then
	# no marker: as if the file were not there
	exec "$real" --db "$db" "${args[@]}"
fi
MINSHENG_DB=$url exec "$real" --db "$url" "${args[@]}"
