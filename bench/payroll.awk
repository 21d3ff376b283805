# payroll.awk - what a Unix-minded clerk would write for `batch dibao`:
# standard by area and month, payment = max(0, standard x members - income),
# per-capita income rounded half up, all in integer fen so it stays exact.
# Usage: mawk -F, -f bench/payroll.awk IN.csv > OUT.csv
BEGIN { OFS = "," }
NR == 1 { print $0, "standard", "per_capita_income", "payment", "eligible"; next }
{
	n = split($4, p, ".")
	fen = p[1] * 100 + (n > 1 ? (length(p[2]) == 1 ? p[2] * 10 : p[2] + 0) : 0)
	std = ($2 == "urban") ? ($6 < "2023" ? 82500 : 88500) : ($6 < "2023" ? 60000 : 66000)
	need = std * $3
	pc = int((fen + int($3 / 2)) / $3)
	if (fen < need) { pay = need - fen; el = 1 } else { pay = 0; el = 0 }
	# %.0f, not %d: mawk's %d stops at 2^31 - 1
	printf "%s,%.0f.%02d,%.0f.%02d,%.0f.%02d,%d\n", $0, int(std / 100), std % 100, int(pc / 100), pc % 100, int(pay / 100), pay % 100, el
}
