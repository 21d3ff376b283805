/*
 * io_floor.c - the floor of a program that reads its input and writes its
 * output through user space and the page cache, with minsheng's volumes:
 * reads IN in blocks of 256 KiB (read(2)) and writes each block, then its
 * first (RATIO - 1) × its length again, so that OUT is RATIO × IN bytes
 * (write(2), one call per piece). No parsing, no computing: what is left of
 * `batch dibao` when the work per row costs nothing.
 * Usage: io_floor IN OUT RATIO      (RATIO >= 1, e.g. 1.70)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void put(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0) {
			perror("io_floor: write");
			exit(1);
		}
		p += w;
		n -= (size_t)w;
	}
}

int main(int argc, char **argv)
{
	static char buf[256 << 10];
	double extra;
	int in, out;
	ssize_t n;

	if (argc != 4 || (extra = atof(argv[3]) - 1) < 0) {
		fprintf(stderr, "usage: io_floor IN OUT RATIO\n");
		return 2;
	}
	in = open(argv[1], O_RDONLY);
	out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (in < 0 || out < 0) {
		perror("io_floor: open");
		return 1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		double more = extra * (double)n;

		put(out, buf, (size_t)n);
		while (more >= 1) {
			size_t k = more > (double)n ? (size_t)n : (size_t)more;

			put(out, buf, k);
			more -= (double)k;
		}
	}
	if (n < 0 || close(out)) {
		perror("io_floor");
		return 1;
	}
	return 0;
}
