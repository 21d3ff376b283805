# tests/cli/install.sh - `make install DESTDIR=…` lays out the binary, the man
# page, the data, the docs and a systemd unit running as its own user; the
# unit passes `systemd-analyze verify` where systemd is installed. The build
# goes to a folder of the test's own, unoptimised (INSTALL_BUILDTYPE=plain: the
# layout is what is tested here, and -O3 took a minute of the suite).
. "$(dirname "$0")/lib.sh"

S=$T/stage
IB="INSTALL_BUILD=$T/build INSTALL_BUILDTYPE=plain"
t_grep "make install DESTDIR=… PREFIX=/usr/local" 0 "minsheng.service" -- make -C "$ROOT" install $IB DESTDIR="$S" PREFIX=/usr/local
for f in bin/minsheng share/man/man1/minsheng.1 share/minsheng/data/plans/jiangxi-2023.json \
	share/minsheng/data/params/jiangxi.json share/minsheng/data/map/jiangxi-counties.tsv share/minsheng/docs/openapi.json \
	share/minsheng/data/regions/townships/36.csv share/minsheng/data/regions/townships/11.csv \
	share/minsheng/docs/DEPLOY.md lib/systemd/system/minsheng.service; do
	t_sh "installed: $f" "[ -s '$S/usr/local/$f' ]"
done
t_grep "the installed binary runs" 0 "^minsheng [0-9]" -- "$S/usr/local/bin/minsheng" version
U=$S/usr/local/lib/systemd/system/minsheng.service
t_grep "the unit runs the installed binary" 0 "^ExecStart=/usr/local/bin/minsheng serve " -- cat "$U"
t_grep "as its own user" 0 "^DynamicUser=yes" -- cat "$U"
t_grep "writing only its state directory" 0 "^ProtectSystem=strict" -- cat "$U"
t_sh "no placeholder left" '! grep -q "@[A-Z]*@" "$U"'
t "UNITDIR puts the unit elsewhere" 0 "yes" -- sh -c "make -C '$ROOT' install $IB DESTDIR='$T/stage2' PREFIX=/opt/ms UNITDIR=/etc/systemd/system >/dev/null 2>&1 && grep -q '^ExecStart=/opt/ms/bin/minsheng' '$T/stage2/etc/systemd/system/minsheng.service' && echo yes"
if command -v systemd-analyze >/dev/null 2>&1; then
	# verified where the binary really is (staged, not yet under /usr/local)
	sed "s|/usr/local/bin/minsheng|$S/usr/local/bin/minsheng|" "$U" > minsheng.service
	t "systemd-analyze verify passes" 0 "" -- systemd-analyze verify --man=no "$T/minsheng.service"
else
	t_skip "systemd-analyze verify" "systemd is not installed here"
fi

done_testing
