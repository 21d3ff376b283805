/*
 * line_floor.c - the least any payroll program does on this machine, with
 * every core: the input mapped, cut at line ends into 1 MiB pieces, each
 * piece on a thread, each line copied with a fixed suffix of SUFFIX's length
 * in place of its line end (the columns a payroll adds), the pieces written
 * in order. It finds the line ends (16 bytes at a time) and copies; it
 * parses nothing and computes nothing. What it takes is the floor under
 * `batch dibao`'s time on the same input: no program that reads each row
 * can be faster than this one by much.
 * (A last line without a line end is left out.)
 * Usage: line_floor IN OUT THREADS [SUFFIX]
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define PIECE ((size_t)1 << 20)

static const char *in;
static size_t in_len;
static int out_fd;
static const char *suffix = ",885.00,1465.25,0.00,0\n";
static size_t suffix_len;
static char suffix32[32];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t turn_cv = PTHREAD_COND_INITIALIZER;
static size_t next_piece, turn;

/* Where piece k begins: after the first line end at or past k × PIECE. */
static size_t piece_start(size_t k)
{
	size_t at = k * PIECE;
	const char *nl;

	if (!k)
		return 0;
	if (at >= in_len)
		return in_len;
	nl = memchr(in + at, '\n', in_len - at);
	return nl ? (size_t)(nl - in) + 1 : in_len;
}

static void put(const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(out_fd, p, n);

		if (w <= 0) {
			perror("line_floor: write");
			exit(1);
		}
		p += w;
		n -= (size_t)w;
	}
}

/* The line ends of in[at, at + 16) as bits (bytes past end are no line ends). */
static unsigned line_ends(size_t at, size_t end)
{
	unsigned m = 0;
	size_t k;

#ifdef __SSE2__
	if (at + 16 <= end)
		return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(in + at)),
							     _mm_set1_epi8('\n')));
#endif
	for (k = 0; k < 16 && at + k < end; k++)
		m |= (unsigned)(in[at + k] == '\n') << k;
	return m;
}

static void *work(void *arg)
{
	char *buf = malloc(2 * PIECE + 4096);
	size_t k, s, e, at, line, o, cap = 2 * PIECE + 4096;

	(void)arg;
	if (!buf)
		abort();
	for (;;) {
		pthread_mutex_lock(&mu);
		k = next_piece++;
		pthread_mutex_unlock(&mu);
		s = piece_start(k);
		e = piece_start(k + 1);
		if (s >= in_len)
			break;
		o = 0;
		line = s;
		for (at = s; at < e; at += 16) {
			unsigned m = line_ends(at, e);

			while (m) {
				size_t nl = at + (size_t)__builtin_ctz(m), n = nl - line;

				m &= m - 1;
				if (o + n + suffix_len + 64 > cap) {
					cap = 2 * (o + n + suffix_len + 64);
					if (!(buf = realloc(buf, cap)))
						abort();
				}
				if (n <= 32 && line + 32 <= in_len && suffix_len <= 32) {
					memcpy(buf + o, in + line, 32);   /* whole words: fewer branches than n bytes */
					memcpy(buf + o + n, suffix32, 32);
				} else {
					memcpy(buf + o, in + line, n);
					memcpy(buf + o + n, suffix, suffix_len);
				}
				o += n + suffix_len;
				line = nl + 1;
			}
		}
		pthread_mutex_lock(&mu);
		while (turn != k)
			pthread_cond_wait(&turn_cv, &mu);
		pthread_mutex_unlock(&mu);
		put(buf, o);
		pthread_mutex_lock(&mu);
		turn++;
		pthread_cond_broadcast(&turn_cv);
		pthread_mutex_unlock(&mu);
	}
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t th[64];
	struct stat st;
	int fd, n, i;

	if (argc < 4 || (n = atoi(argv[3])) < 1 || n > 64) {
		fprintf(stderr, "usage: line_floor IN OUT THREADS [SUFFIX]\n");
		return 2;
	}
	if (argc > 4)
		suffix = argv[4];
	suffix_len = strlen(suffix);
	memcpy(suffix32, suffix, suffix_len < 32 ? suffix_len : 32);
	fd = open(argv[1], O_RDONLY);
	out_fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || out_fd < 0 || fstat(fd, &st)) {
		perror("line_floor: open");
		return 1;
	}
	in_len = (size_t)st.st_size;
	in = in_len ? mmap(NULL, in_len, PROT_READ, MAP_PRIVATE, fd, 0) : "";
	if (in == MAP_FAILED) {
		perror("line_floor: mmap");
		return 1;
	}
	for (i = 0; i < n; i++)
		if (pthread_create(&th[i], NULL, work, NULL))
			abort();
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	if (close(out_fd)) {
		perror("line_floor: close");
		return 1;
	}
	return 0;
}
