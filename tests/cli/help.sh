# tests/cli/help.sh - the command list, each command's --help, the man page
# (docs/minsheng.1, rendered by man -l) and README.md's "命令 Commands" list
# must agree: all come from the option tables beside the commands in src/cmd/,
# and this fails when one of them (or the committed man page) drifts.
. "$(dirname "$0")/lib.sh"

# the commands `minsheng help` lists, in order
help_cmds=$(ms help | sed -n '/^命令 Commands:$/,/^$/p' | awk 'NF && !/^命令/ {print $1}')
readme_cmds=$(sed -n '/^## 命令 Commands$/,/^## /p' "$ROOT/README.md" | sed -n 's/^| `\([a-z]*\)` |.*/\1/p')
man_src=$(sed -n 's/^\.SS \([a-z]*\)$/\1/p' "$ROOT/docs/minsheng.1")

t_sh "help lists commands" '[ "$(printf "%s\n" "$help_cmds" | wc -l)" -ge 20 ]'
t "README's command list is the help's" 0 "$help_cmds" -- printf '%s\n' "$readme_cmds"
t "the man page's commands are the help's" 0 "$help_cmds" -- printf '%s\n' "$man_src"
t_sh "docs/minsheng.1 is what 'minsheng help --man' makes (regenerate it)" \
	'ms help --man | cmp -s - "$ROOT/docs/minsheng.1"'

# man renders it, without errors, and every command is in the rendered page
if command -v man >/dev/null 2>&1; then
	rendered=$(LANG=C.UTF-8 MANWIDTH=100 man -l "$ROOT/docs/minsheng.1" 2>"$T/man.err")
	t_sh "man -l docs/minsheng.1 renders" '[ -n "$rendered" ] && ! grep -qi error "$T/man.err"'
	for c in $help_cmds; do
		t_sh "the rendered man page has $c" 'printf "%s\n" "$rendered" | grep -q "^   $c\$"'
	done
else
	_notok "man -l docs/minsheng.1 renders" "man is missing: run scripts/deps.sh (man-db)"
fi

# each command: --help and 'help CMD' agree, start with its usage, and list the
# same options as its section of the man page
for c in $help_cmds; do
	t_grep "$c --help" 0 "^usage: minsheng $c" -- ms "$c" --help
	t_sh "help $c = $c --help" 'cmp -s <(ms help "$c") <(ms "$c" --help)'
	t_sh "$c -h = $c --help" 'cmp -s <(ms "$c" -h) <(ms "$c" --help)'
	opts_help=$(ms "$c" --help | sed -n '/^选项 Options:$/,/^$/p' | grep -oE '^  (-[a-zA-Z], )?--[a-zA-Z-]+' | sed 's/^ *//')
	opts_man=$(awk -v c="$c" '/^\.SS /{on = ($2 == c)} on && prev == ".TP" && /^\.B /{print} {prev = $0}' \
		"$ROOT/docs/minsheng.1" | sed 's/^\.B //; s/\\-/-/g' | grep -oE '^(-[a-zA-Z], )?--[a-zA-Z-]+')
	t "$c: the man page lists the options --help lists" 0 "$opts_help" -- printf '%s\n' "$opts_man"
done

# usage errors name the command and exit 2; 'minsheng' alone prints the help and exits 2
t_grep "an unknown option names the command" 2 "^minsheng status: 未知选项 --bogus \(unknown option\)" -- ms status --bogus
t_grep "a missing value" 2 "^minsheng bulletin: --round 需要一个值 \(needs a value: DATE\)" -- ms bulletin --round
t_grep "--opt=value on a flag" 2 "--draft 不带值" -- ms report a b --draft=1
t_grep "help for no such command" 2 "no such command" -- ms help frobnicate
t_grep "no command: the help, exit 2" 2 "^命令 Commands:" -- ms
t_grep "-- ends the options" 2 "多余的参数 '--bogus'" -- ms status -- --bogus
done_testing
