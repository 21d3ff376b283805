#!/usr/bin/env bash
# bench/evidence.sh - what storing evidence in the database costs: N photos
# of about 3 MB (default 200) added with `evidence add` (checks, SHA-256,
# two libvips re-encodings, one transaction each), read back with `evidence
# get`, then `backup` and `restore` of the whole database; beside it, the
# same bytes written as files into a directory (the alternative) with fsync.
# Optionally (PG=postgresql://…) the same adds into PostgreSQL (bytea).
# Needs vips and python3. Prints one line per measure. Not part of make test.
set -eu
MINSHENG=${MINSHENG:-build/minsheng}
N=${N:-200}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export MS_CLOCK=1703203200
secs() { python3 -c 'import time; print(time.monotonic())'; }
el() { python3 -c "print(f'{$2 - $1:.1f}')"; }

# one ~3 MB photo (noise compresses badly), made distinct N times by a comment segment
vips gaussnoise "$T/n.v" 2200 1720 --sigma 60 && vips copy "$T/n.v" "$T/base.jpg[Q=92]"
python3 - "$T" "$N" <<'PY'
import sys, struct
d, n = sys.argv[1], int(sys.argv[2])
j = open(f"{d}/base.jpg", "rb").read()
for i in range(n):
    c = f"photo {i}".encode()
    open(f"{d}/p{i}.jpg", "wb").write(j[:2] + b"\xff\xfe" + struct.pack(">H", len(c) + 2) + c + j[2:])
PY
size=$(stat -c %s "$T/p0.jpg")
echo "photos: $N × $size bytes ($(python3 -c "print(f'{$N * $size / 1048576:.0f}')") MiB)"

run_adds() {   # DB
	local s e i
	s=$(secs)
	for i in $(seq 0 $((N - 1))); do
		MINSHENG_DB=$1 "$MINSHENG" evidence add "$T/p$i.jpg" --site "$site" > /dev/null
	done
	e=$(secs)
	echo "$2: $N adds in $(el "$s" "$e") s ($(python3 -c "print(f'{($e - $s) * 1000 / $N:.0f}')") ms each, thumbnail and public copy included)"
}

export MINSHENG_DB=$T/e.db
"$MINSHENG" init --demo > /dev/null
site=$("$MINSHENG" site add 10.aeds 360100 --name bench --lat 28.68 --lon 115.85 --delivered 2023-12-20 | grep -o '[0-9]*' | head -1)
before=$(stat -c %s "$T/e.db")
run_adds "$T/e.db" "sqlite"
sqlite3 "$T/e.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
after=$(stat -c %s "$T/e.db")
echo "sqlite: database grew by $(python3 -c "print(f'{($after - $before) / 1048576:.0f}')") MiB (originals + thumbnails + public copies; thumbnails and copies $(sqlite3 "$T/e.db" "SELECT (SUM(length(thumb)) + SUM(length(public_copy))) / 1048576 FROM evidence_file") MiB)"
s=$(secs)
for i in $(seq 1 "$N"); do "$MINSHENG" evidence get "$i" -o "$T/out.jpg" > /dev/null; rm -f "$T/out.jpg"; done
e=$(secs)
echo "sqlite: $N reads of the original in $(el "$s" "$e") s"
s=$(secs)
"$MINSHENG" evidence get 1 --thumb -o "$T/t.jpg" > /dev/null
e=$(secs)
echo "sqlite: one thumbnail read (a process) in $(el "$s" "$e") s"
s=$(secs); "$MINSHENG" backup "$T/backup.db" > /dev/null; e=$(secs)
echo "sqlite: backup in $(el "$s" "$e") s, $(python3 -c "print(f'{$(stat -c %s "$T/backup.db") / 1048576:.0f}')") MiB"
s=$(secs); MINSHENG_DB=$T/restored.db "$MINSHENG" restore "$T/backup.db" > /dev/null; e=$(secs)
echo "sqlite: restore in $(el "$s" "$e") s; the restored copy has $(sqlite3 "$T/restored.db" 'SELECT COUNT(*) FROM evidence_file') files"

# the alternative: files in a directory beside the database, fsync'd
python3 - "$T" "$N" <<'PY'
import os, sys, time, hashlib
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{d}/files", exist_ok=True)
s = time.monotonic()
for i in range(n):
    b = open(f"{d}/p{i}.jpg", "rb").read()
    h = hashlib.sha256(b).hexdigest()
    with open(f"{d}/files/{h}.tmp", "wb") as f:
        f.write(b); f.flush(); os.fsync(f.fileno())
    os.rename(f"{d}/files/{h}.tmp", f"{d}/files/{h}")
fd = os.open(f"{d}/files", os.O_RDONLY); os.fsync(fd); os.close(fd)
print(f"directory: {n} files written (sha256 + fsync + rename) in {time.monotonic() - s:.1f} s, no thumbnails")
PY

if [ -n "${PG:-}" ]; then
	"$MINSHENG" db copy "$T/e.db" "$PG" > /dev/null 2>&1 || true
	s=$(secs); "$MINSHENG" --db "$PG" backup "$T/pg.jsonl" > /dev/null; e=$(secs)
	echo "postgresql: backup (JSON lines, bytes as hex) in $(el "$s" "$e") s, $(python3 -c "print(f'{$(stat -c %s "$T/pg.jsonl") / 1048576:.0f}')") MiB"
fi
