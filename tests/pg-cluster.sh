# tests/pg-cluster.sh - a throwaway PostgreSQL cluster for the tests. Source it,
# then:
#   pg_cluster_start        initdb in a temporary folder, a free port on 127.0.0.1
#   pg_db NAME              creates database NAME, prints its postgresql:// URL
#   pg_cluster_restart      stops and starts the server (every connection dropped)
#   pg_cluster_stop         stops the server and removes the folder (call it from a trap)
# As root (CI), the cluster runs as the system user minsheng-test (created
# when missing): PostgreSQL refuses to run as root. Returns 2 when
# PostgreSQL's server programs are not installed, 1 (with the logs on stderr)
# when they are but no cluster started in three tries (each a fresh folder
# and port: a port found free may be taken by another test's server before
# PostgreSQL binds it).
PG_DIR=
PG_PORT=
PG_RUNAS=()

pg_bindir() {
	local d
	d=$(pg_config --bindir 2>/dev/null)
	if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
	ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

pg_free_port() {
	local p i
	for i in $(seq 1 50); do
		p=$((20000 + (RANDOM * 7 + i) % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
	done
	return 1
}

pg_cluster_start() {
	local bin try
	bin=$(pg_bindir)
	if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
		echo "pg-cluster: PostgreSQL's initdb not found (scripts/deps.sh installs postgresql)" >&2
		return 2
	fi
	PG_BIN=$bin
	for try in 1 2 3; do
		pg_cluster_try "$bin" 2>"/tmp/ms-pg-start.$$.err" && { rm -f "/tmp/ms-pg-start.$$.err"; return 0; }
		if [ -n "$PG_DIR" ]; then   # a server half started is stopped before its folder goes
			"${PG_RUNAS[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
			rm -rf "$PG_DIR"
		fi
		PG_DIR=
	done
	echo "pg-cluster: no cluster started in $try tries; the last one said:" >&2
	cat "/tmp/ms-pg-start.$$.err" >&2
	rm -f "/tmp/ms-pg-start.$$.err"
	return 1
}

# One try: a fresh folder, initdb, a free port, the server started.
pg_cluster_try() {
	local bin=$1
	PG_DIR=$(mktemp -d /tmp/ms-pg.XXXXXX)
	if [ "$(id -u)" = 0 ]; then
		id minsheng-test >/dev/null 2>&1 ||
			useradd --system --no-create-home --shell /usr/sbin/nologin minsheng-test || return 1
		chown minsheng-test "$PG_DIR"
		PG_RUNAS=(runuser -u minsheng-test --)
	fi
	chmod 700 "$PG_DIR"
	PG_PORT=$(pg_free_port) || return 1
	"${PG_RUNAS[@]}" "$bin/initdb" -D "$PG_DIR/data" -U minsheng --auth=trust -E UTF8 \
		--locale=C.UTF-8 -N >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
	PG_OPTS="-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=320 -c shared_buffers=32MB"
	"${PG_RUNAS[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "$PG_OPTS" start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
}

pg_db() {
	"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U minsheng "$1" || return 1
	echo "postgresql://minsheng@127.0.0.1:$PG_PORT/$1"
}

# pg_cluster_restart: the server stopped and started again (every connection dropped)
pg_cluster_restart() {
	"${PG_RUNAS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -m fast -w -t 60 \
		-o "$PG_OPTS" restart >/dev/null
}

pg_cluster_stop() {
	[ -n "$PG_DIR" ] || return 0
	"${PG_RUNAS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "$PG_DIR"
	PG_DIR=
}
