# funclen.awk - the length of every function in C files written in this
# project's style (the opening brace of a function alone on its line at
# column 0, the closing one likewise). Prints "LINES FILE:LINE NAME".
#   awk -f scripts/funclen.awk src/*/*.c | sort -rn | head
/^[A-Za-z_].*\(/ { sig = $0; sigline = FNR }
/^\{$/ { start = FNR; name = sig; sub(/\(.*/, "", name); n = split(name, w, /[ *]+/); name = w[n] }
/^\}$/ && start { print FNR - start + 1, FILENAME ":" sigline, name; start = 0 }
