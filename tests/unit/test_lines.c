/*
 * test_lines.c - the payroll line reader (ms_lines_next: line ends, BOM,
 * blank lines, the line limit, NUL bytes, lines that straddle the 1 MiB
 * read chunk from a file and from a pipe, line numbers and offsets) and
 * the one-line splitter (ms_fields_split: a table of lines and what they
 * split into or the error they give, the fast and the careful path, and a
 * randomised comparison against a plain reference splitter).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/lines.h"

#define MIB ((size_t)1 << 20)

static char dir[128];

static const char *tmp(const char *name)
{
	static char p[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static void write_bytes(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(s, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* A descriptor that reads exactly s[0..n) (a temporary file, so any size works). */
static int fd_of(const char *s, size_t n)
{
	const char *path = tmp("in.txt");
	int fd;

	write_bytes(path, s, n);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	return fd;
}

/*
 * Reads every line of s[0..n) with the given limit and renders them as
 * "LINENO:text|" (text with \r shown as \\r and NUL as \\0), then "EOF" or
 * "ERR message". Also checks that the end is sticky and the offset adds up.
 */
static void render(const char *s, size_t n, size_t max_line, struct ms_buf *out, int *bom)
{
	int fd = fd_of(s, n);
	struct ms_lines *l = ms_lines_open(fd, "t.csv", max_line);
	struct ms_err err;
	const char *line;
	size_t len, i;
	int rc;

	while ((rc = ms_lines_next(l, &line, &len, &err)) == 1) {
		ms_buf_addf(out, "%ld:", ms_lines_lineno(l));
		for (i = 0; i < len; i++) {
			if (line[i] == '\r')
				ms_buf_adds(out, "\\r");
			else if (line[i] == '\0')
				ms_buf_adds(out, "\\0");
			else
				ms_buf_addch(out, line[i]);
		}
		ms_buf_addch(out, '|');
	}
	if (rc == 0) {
		ms_buf_adds(out, "EOF");
		assert_int_equal(ms_lines_offset(l), n);
		/* the end stays the end */
		assert_int_equal(ms_lines_next(l, &line, &len, &err), 0);
	} else {
		ms_buf_addf(out, "ERR %s", err.msg);
	}
	if (bom)
		*bom = ms_lines_had_bom(l);
	ms_lines_free(l);
	close(fd);
}

static void test_lines_table(void **state)
{
	static const struct {
		const char *in;
		size_t n;          /* 0: strlen */
		size_t max_line;
		const char *want;
		int bom;
	} rows[] = {
		/* LF */
		{ "a\nb\nc\n", 0, 0, "1:a|2:b|3:c|EOF", 0 },
		/* CRLF, and both in one file */
		{ "a\r\nbb\r\n", 0, 0, "1:a|2:bb|EOF", 0 },
		{ "x\r\ny\nz\r\n", 0, 0, "1:x|2:y|3:z|EOF", 0 },
		/* a CR that does not end the line stays */
		{ "a\rb\n", 0, 0, "1:a\\rb|EOF", 0 },
		/* only one CR goes before the LF */
		{ "a\r\r\n", 0, 0, "1:a\\r|EOF", 0 },
		/* no final newline, with and without CR */
		{ "a\nlast", 0, 0, "1:a|2:last|EOF", 0 },
		{ "a\r\nlast\r", 0, 0, "1:a|2:last|EOF", 0 },
		{ "only", 0, 0, "1:only|EOF", 0 },
		/* empty input, a lone newline */
		{ "", 0, 0, "EOF", 0 },
		{ "\n", 0, 0, "1:|EOF", 0 },
		/* blank lines are returned as len 0 and counted */
		{ "\n\r\n\nx\n\n", 0, 0, "1:|2:|3:|4:x|5:|EOF", 0 },
		/* BOM skipped and reported */
		{ "\xEF\xBB\xBF" "h,i\nv\n", 0, 0, "1:h,i|2:v|EOF", 1 },
		{ "\xEF\xBB\xBF" "\r\nx", 0, 0, "1:|2:x|EOF", 1 },
		{ "\xEF\xBB\xBF", 0, 0, "EOF", 1 },
		/* a BOM later on is text */
		{ "a\n\xEF\xBB\xBF" "b\n", 0, 0, "1:a|2:\xEF\xBB\xBF" "b|EOF", 0 },
		/* half a BOM is text */
		{ "\xEF\xBB" "a\n", 0, 0, "1:\xEF\xBB" "a|EOF", 0 },
		/* NUL bytes pass: refusing them is the splitter's job */
		{ "a\0b\nc\n", 6, 0, "1:a\\0b|2:c|EOF", 0 },
		/* the limit: 16 bytes pass, 17 fail, naming name and line */
		{ "short\n0123456789abcdef\n", 0, 16, "1:short|2:0123456789abcdef|EOF", 0 },
		{ "short\n0123456789abcdefg\nx\n", 0, 16,
		  "1:short|ERR t.csv:2: line longer than 16 bytes (行过长)", 0 },
		{ "0123456789abcdefg", 0, 16, "ERR t.csv:1: line longer than 16 bytes (行过长)", 0 },
		{ "a\nb\n0123456789abcdef0123456789abcdef0123456789", 0, 16,
		  "1:a|2:b|ERR t.csv:3: line longer than 16 bytes (行过长)", 0 },
		/* the BOM is not part of the first line's length */
		{ "\xEF\xBB\xBF" "0123456789abcdef\n", 0, 16, "1:0123456789abcdef|EOF", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct ms_buf b = MS_BUF_INIT;
		int bom = -1;

		render(rows[i].in, rows[i].n ? rows[i].n : strlen(rows[i].in), rows[i].max_line, &b,
		       &bom);
		if (strcmp(b.buf, rows[i].want))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, b.buf, rows[i].want);
		if (bom != rows[i].bom)
			fail_msg("row %zu: had_bom %d, want %d", i, bom, rows[i].bom);
		ms_buf_release(&b);
	}
}

static void test_lines_name_and_numbers(void **state)
{
	int fd = fd_of("h\n1\n\n2\n", 7);
	struct ms_lines *l = ms_lines_open(fd, "payroll-2023.csv", 0);
	struct ms_err err;
	const char *line;
	size_t len;

	(void)state;
	assert_string_equal(ms_lines_name(l), "payroll-2023.csv");
	assert_int_equal(ms_lines_lineno(l), 0);
	assert_int_equal(ms_lines_offset(l), 0);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(ms_lines_lineno(l), 1);
	assert_int_equal(ms_lines_offset(l), 2);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(len, 0);
	assert_int_equal(ms_lines_lineno(l), 3);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_memory_equal(line, "2", 1);
	assert_int_equal(ms_lines_lineno(l), 4);
	assert_int_equal(ms_lines_offset(l), 7);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 0);
	assert_int_equal(ms_lines_lineno(l), 4);
	ms_lines_free(l);
	close(fd);
	ms_lines_free(NULL);
}

/* A read error (a directory) is an error naming the file. */
static void test_lines_read_error(void **state)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	struct ms_lines *l;
	struct ms_err err;
	const char *line;
	size_t len;

	(void)state;
	assert_true(fd >= 0);
	l = ms_lines_open(fd, "somedir", 0);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), -1);
	assert_non_null(strstr(err.msg, "somedir: cannot read: "));
	ms_lines_free(l);
	close(fd);
}

/*
 * The limit is on the line without its line end (the header says so) and
 * without the BOM (which is not part of the line), so a CRLF file, or one
 * with a BOM, may have lines of exactly max_line bytes as a plain LF file
 * may: both when the whole line is in the buffer and when it arrives
 * through a pipe one byte at a time (the reader then sees "...f\r", or
 * the BOM and 16 bytes, before the LF).
 */
static pid_t pipe_child;
static int pipe_from(const char *s, size_t n, size_t piece, pid_t *child);
static void reap(pid_t pid);

static void test_lines_limit_excludes_bom_and_crlf(void **state)
{
	static const char in[] = "0123456789abcdef\r\nx\r\n";
	struct ms_buf b = MS_BUF_INIT;
	struct ms_lines *l;
	struct ms_err err;
	const char *line;
	size_t len;
	int fd;

	(void)state;
	render(in, sizeof(in) - 1, 16, &b, NULL);
	assert_string_equal(b.buf, "1:0123456789abcdef|2:x|EOF");
	ms_buf_release(&b);
	/* through a pipe in pieces of 1 byte: the reader sees "...f\r" before the LF arrives */
	fd = pipe_from(in, sizeof(in) - 1, 1, &pipe_child);
	l = ms_lines_open(fd, "t.csv", 16);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(len, 16);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 0);
	ms_lines_free(l);
	close(fd);
	reap(pipe_child);
	/* a BOM and 16 bytes, one byte at a time */
	fd = pipe_from("\xEF\xBB\xBF" "0123456789abcdef\nx", 21, 1, &pipe_child);
	l = ms_lines_open(fd, "t.csv", 16);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(len, 16);
	assert_true(ms_lines_had_bom(l));
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 0);
	ms_lines_free(l);
	close(fd);
	reap(pipe_child);
	/* 17 bytes before the CRLF are still too long */
	render("0123456789abcdefg\r\n", 19, 16, &b, NULL);
	assert_string_equal(b.buf, "ERR t.csv:1: line longer than 16 bytes (行过长)");
	ms_buf_release(&b);
}

/* ---------- big inputs: lines across the 1 MiB read chunk ---------- */

/* Line i (1-based) of the generated input: "i," then (i * 7919) % span letters. */
static size_t gen_line(char *p, long i, size_t span)
{
	size_t n = (size_t)sprintf(p, "%ld,", i), k, m = (size_t)(i * 7919) % span;

	for (k = 0; k < m; k++)
		p[n++] = (char)('a' + (i + (long)k) % 26);
	return n;
}

/*
 * At least `bytes` of lines of up to `span` + 8 bytes; every third line
 * ends in CRLF and every 50th is blank. *nlines gets the line count.
 */
static char *gen_input(size_t bytes, size_t span, size_t *n, long *nlines)
{
	char *s = malloc(bytes + span + 64);
	size_t at = 0;
	long i = 0;

	assert_non_null(s);
	while (at < bytes) {
		i++;
		if (i % 50 == 0) {
			s[at++] = '\n';
			continue;
		}
		at += gen_line(s + at, i, span);
		if (i % 3 == 0)
			s[at++] = '\r';
		s[at++] = '\n';
	}
	*n = at;
	*nlines = i;
	return s;
}

/* Reads everything from fd and checks each line against the generator. */
static void check_generated(int fd, size_t n, long nlines, size_t span, size_t max_line)
{
	struct ms_lines *l = ms_lines_open(fd, "big.csv", max_line);
	struct ms_err err;
	const char *line;
	char *want = malloc(span + 64);
	size_t len, wn;
	long i = 0;
	int rc;

	assert_non_null(want);
	while ((rc = ms_lines_next(l, &line, &len, &err)) == 1) {
		i++;
		if (ms_lines_lineno(l) != i)
			fail_msg("line %ld reported as %ld", i, ms_lines_lineno(l));
		wn = i % 50 == 0 ? 0 : gen_line(want, i, span);
		if (len != wn || memcmp(line, want, wn))
			fail_msg("line %ld: got %zu bytes \"%.*s\", want %zu \"%.*s\"", i, len,
				 (int)(len > 40 ? 40 : len), line, wn, (int)(wn > 40 ? 40 : wn), want);
	}
	if (rc < 0)
		fail_msg("error after line %ld: %s", i, err.msg);
	assert_int_equal(i, nlines);
	assert_int_equal(ms_lines_offset(l), n);
	ms_lines_free(l);
	free(want);
}

static void test_lines_big_file(void **state)
{
	static const struct { size_t bytes, span, max_line; } runs[] = {
		{ 2 * MIB + 12345, 300, 0 },          /* many short lines, default limit */
		{ 2 * MIB + 777, 300, 400 },          /* a small limit: a buffer of 1 MiB + 400 */
		{ 3 * MIB, 200000, 0 },               /* long lines, several per chunk */
	};
	size_t r;

	(void)state;
	for (r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
		size_t n;
		long nlines;
		char *s = gen_input(runs[r].bytes, runs[r].span, &n, &nlines);
		int fd = fd_of(s, n);

		assert_true(n > 2 * MIB);
		check_generated(fd, n, nlines, runs[r].span, runs[r].max_line);
		close(fd);
		free(s);
	}
}

/* A child writes s[0..n) into the pipe in odd-sized pieces; returns the read end. */
static int pipe_from(const char *s, size_t n, size_t piece, pid_t *child)
{
	int p[2];
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		size_t off = 0;

		close(p[0]);
		signal(SIGPIPE, SIG_DFL);
		while (off < n) {
			size_t k = n - off < piece ? n - off : piece;
			ssize_t w = write(p[1], s + off, k);

			if (w <= 0)
				_exit(1);
			off += (size_t)w;
		}
		_exit(0);
	}
	close(p[1]);
	*child = pid;
	return p[0];
}

static void reap(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
}

static void test_lines_big_pipe(void **state)
{
	size_t n;
	long nlines;
	char *s = gen_input(2 * MIB + 4321, 500, &n, &nlines);
	pid_t pid;
	int fd;

	(void)state;
	fd = pipe_from(s, n, 4093, &pid);
	check_generated(fd, n, nlines, 500, 0);
	close(fd);
	reap(pid);
	/* again with a BOM in front, through a pipe, pieces of 1 byte at the start */
	{
		char *t = malloc(n + 3);

		assert_non_null(t);
		memcpy(t, "\xEF\xBB\xBF", 3);
		memcpy(t + 3, s, n);
		fd = pipe_from(t, 5, 1, &pid);   /* only the first 5 bytes: "\xEF\xBB\xBF" "1," */
		{
			struct ms_lines *l = ms_lines_open(fd, "p", 0);
			struct ms_err err;
			const char *line;
			size_t len;

			assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
			assert_int_equal(len, 2);
			assert_memory_equal(line, "1,", 2);
			assert_true(ms_lines_had_bom(l));
			assert_int_equal(ms_lines_next(l, &line, &len, &err), 0);
			ms_lines_free(l);
		}
		close(fd);
		reap(pid);
		free(t);
	}
	free(s);
}

/* A descriptor on s[0..n): a file (via 0) or a pipe fed in 64 KiB - 1 pieces (via 1). */
static int open_via(int via, const char *s, size_t n, pid_t *pid)
{
	*pid = 0;
	return via ? pipe_from(s, n, 65535, pid) : fd_of(s, n);
}

static void close_via(int fd, pid_t pid)
{
	close(fd);
	if (pid)
		reap(pid);
}

/* A line longer than the limit that starts just before the end of the first chunk. */
static void test_lines_long_line_across_chunk(void **state)
{
	size_t first = MIB - 10, n = first + 1 + MIB + 100 + 1 + 3, at = 0;
	char *s = malloc(n);
	struct ms_lines *l;
	struct ms_err err;
	const char *line;
	size_t len;
	pid_t pid;
	int fd, via;

	(void)state;
	assert_non_null(s);
	for (via = 0; via < 2; via++) {
		/* line 1: just under 1 MiB, line 2: 1 MiB + 100 bytes (too long), line 3: "end" */
		memset(s, 'a', first);
		at = first;
		s[at++] = '\n';
		memset(s + at, 'b', MIB + 100);
		at += MIB + 100;
		s[at++] = '\n';
		memcpy(s + at, "end", 3);
		at += 3;
		assert_int_equal(at, n);
		fd = open_via(via, s, n, &pid);
		l = ms_lines_open(fd, "huge.csv", 0);
		assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
		assert_int_equal(len, first);
		assert_int_equal(ms_lines_next(l, &line, &len, &err), -1);
		assert_string_equal(err.msg, "huge.csv:2: line longer than 1048576 bytes (行过长)");
		ms_lines_free(l);
		if (pid)
			kill(pid, SIGKILL);   /* the reader stopped; the writer may be blocked */
		close_via(fd, pid);

		/* exactly 1 MiB is allowed, straddling the chunk, and then a last line */
		at = first + 1 + MIB;
		memcpy(s + at, "\nend", 4);
		fd = open_via(via, s, at + 4, &pid);
		l = ms_lines_open(fd, "huge.csv", 0);
		assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
		assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
		assert_int_equal(len, MIB);
		assert_int_equal(line[0], 'b');
		assert_int_equal(line[MIB - 1], 'b');
		assert_int_equal(ms_lines_lineno(l), 2);
		assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
		assert_int_equal(len, 3);
		assert_memory_equal(line, "end", 3);
		assert_int_equal(ms_lines_next(l, &line, &len, &err), 0);
		assert_int_equal(ms_lines_offset(l), at + 4);
		ms_lines_free(l);
		close_via(fd, pid);
	}
	free(s);
}

/* ---------- the splitter ---------- */

#define NF 8

/*
 * ms_lines_block after the header: the blocks put back together are the
 * input after the header, byte for byte; every block but the last ends with
 * an LF; a block without any LF is full and flagged cut (its line is longer
 * than the limit); 0 at the end, and it stays 0. Files and pipes in small
 * pieces, block sizes from 8 bytes up, CRLF, no final newline, BOM.
 */
static void check_blocks(int fd, const char *s, size_t n, size_t max_line, size_t want)
{
	struct ms_lines *l = ms_lines_open(fd, "t.csv", max_line);
	size_t cap = max_line + want, len, at;
	char *buf = malloc(cap);
	const char *line, *nl = memchr(s, '\n', n);
	struct ms_err err;
	int cut, rc;

	assert_non_null(buf);
	assert_int_equal(ms_lines_next(l, &line, &len, &err), 1);
	/* the header: the first line */
	at = nl ? (size_t)(nl - s) + 1 : n;
	while ((rc = ms_lines_block(l, buf, cap, want, &len, &cut, &err)) == 1) {
		assert_true(len > 0 && len <= cap);
		if (at + len > n || memcmp(buf, s + at, len))
			fail_msg("block at %zu (len %zu, want %zu) differs from the input", at, len, want);
		at += len;
		if (cut) {
			assert_int_equal(len, cap);
			assert_null(memchr(buf, '\n', len));
			break;
		}
		if (at < n)
			assert_int_equal(buf[len - 1], '\n');
	}
	assert_true(rc >= 0);
	if (!cut) {
		assert_int_equal(at, n);
		assert_int_equal(ms_lines_block(l, buf, cap, want, &len, &cut, &err), 0);
	}
	free(buf);
	ms_lines_free(l);
}

static void test_lines_block(void **state)
{
	static const struct { const char *s; size_t max_line; } in[] = {
		{ "h\na,b\nc,d\n", 16 },
		{ "h\r\na,b\r\nc,d\r\n\r\nlast,no,newline", 16 },
		{ "\xEF\xBB\xBFh\n\n\n1,2\n3,4", 16 },
		{ "header only\n", 16 },
		{ "header only, no newline", 32 },
		{ "h\n0123456789012345678901234567890123456789\nx\n", 16 },   /* a line over the limit */
		{ "h\nshort\n0123456789012345678901234567890123456789", 16 },
		{ "h\n\"a,b\",c\n\"d\"\"e\",f\n", 16 },
	};
	static const size_t wants[] = { 8, 9, 10, 13, 17, 64, 4096 };
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		for (k = 0; k < sizeof(wants) / sizeof(wants[0]); k++) {
			size_t n = strlen(in[i].s);
			int fd = fd_of(in[i].s, n);
			pid_t pid;

			check_blocks(fd, in[i].s, n, in[i].max_line, wants[k]);
			close(fd);
			fd = pipe_from(in[i].s, n, 3, &pid);
			check_blocks(fd, in[i].s, n, in[i].max_line, wants[k]);
			close(fd);
			reap(pid);
		}
	/* a generated file of many lines, read in small and odd blocks */
	{
		size_t n;
		long nlines;
		char *s = gen_input(300000, 40, &n, &nlines);
		static const size_t big[] = { 97, 1000, 65536 };

		for (k = 0; k < sizeof(big) / sizeof(big[0]); k++) {
			int fd = fd_of(s, n);

			check_blocks(fd, s, n, 200, big[k]);
			close(fd);
		}
		free(s);
	}
}

static void test_split_table(void **state)
{
	static const struct {
		const char *in;
		size_t max;        /* 0: 1024 */
		int utf8;
		size_t n;
		const char *f[NF];
		const char *err;
	} rows[] = {
		/* plain */
		{ "a,b,c", 0, 1, 3, { "a", "b", "c" }, NULL },
		{ "abc", 0, 1, 1, { "abc" }, NULL },
		{ "", 0, 1, 1, { "" }, NULL },
		{ " a , b ", 0, 1, 2, { " a ", " b " }, NULL },
		/* empty fields and a trailing comma */
		{ ",", 0, 1, 2, { "", "" }, NULL },
		{ ",,", 0, 1, 3, { "", "", "" }, NULL },
		{ "a,,b", 0, 1, 3, { "a", "", "b" }, NULL },
		{ "x,", 0, 1, 2, { "x", "" }, NULL },
		{ "\"x\",", 0, 1, 2, { "x", "" }, NULL },
		/* quoted: commas, doubled quotes, empty, at either end */
		{ "\"a, b\",\"say \"\"hi\"\"\",c", 0, 1, 3, { "a, b", "say \"hi\"", "c" }, NULL },
		{ "\"\"", 0, 1, 1, { "" }, NULL },
		{ "\"\",\"\"", 0, 1, 2, { "", "" }, NULL },
		{ "\"\"\"\"", 0, 1, 1, { "\"" }, NULL },
		{ "a,\"b\"", 0, 1, 2, { "a", "b" }, NULL },
		{ "\"南昌市,东湖区\",360102", 0, 1, 2, { "南昌市,东湖区", "360102" }, NULL },
		/* past 16 bytes, so the vector path meets the quote in its second block */
		{ "0123456789abcdef0123,\"q,\"\"x\"\"\",z", 0, 1, 3,
		  { "0123456789abcdef0123", "q,\"x\"", "z" }, NULL },
		{ "0123456789abcdef,0123456789abcdef,x", 0, 1, 3,
		  { "0123456789abcdef", "0123456789abcdef", "x" }, NULL },
		{ ",,,,,,,,,,,,,,,,a", 0, 1, 17, { "", "", "", "", "", "", "", "" }, NULL },
		/* unterminated quote: the column of the opening quote */
		{ "a,\"open", 0, 1, 0, { NULL }, "column 3: unterminated quoted field" },
		{ "\"", 0, 1, 0, { NULL }, "column 1: unterminated quoted field" },
		{ "\"a\"\"", 0, 1, 0, { NULL }, "column 1: unterminated quoted field" },
		{ "0123456789abcdef0123,\"q", 0, 1, 0, { NULL }, "column 22: unterminated quoted field" },
		/* columns are bytes: 中 is three */
		{ "中,\"x", 0, 1, 0, { NULL }, "column 5: unterminated quoted field" },
		/* text after the closing quote */
		{ "\"a\"b,c", 0, 1, 0, { NULL }, "column 4: text after a closing quote" },
		{ "x,\"a\" ", 0, 1, 0, { NULL }, "column 6: text after a closing quote" },
		/* a quote inside an unquoted field */
		{ "ab\"c", 0, 1, 0, { NULL }, "column 3: a quote inside an unquoted field" },
		{ "a, \"b\"", 0, 1, 0, { NULL }, "column 4: a quote inside an unquoted field" },
		{ "0123456789abcdef0123456789\"", 0, 1, 0, { NULL },
		  "column 27: a quote inside an unquoted field" },
		/* invalid UTF-8, checked */
		{ "ok,\xff", 0, 1, 0, { NULL }, "column 4: invalid UTF-8" },
		{ "中\xe4\xb8", 0, 1, 0, { NULL }, "column 4: invalid UTF-8" },
		{ "\"\xc0\xaf\",x", 0, 1, 0, { NULL }, "column 2: invalid UTF-8" },
		{ "0123456789abcdef0123456789,\xed\xa0\x80", 0, 1, 0, { NULL }, "column 28: invalid UTF-8" },
		/* ... and passed when not checked, fast and careful path alike */
		{ "ok,\xff", 0, 0, 2, { "ok", "\xff" }, NULL },
		{ "\"\xc0\xaf\",x", 0, 0, 2, { "\xc0\xaf", "x" }, NULL },
		{ "0123456789abcdef0123456789,\xed\xa0\x80", 0, 0, 2,
		  { "0123456789abcdef0123456789", "\xed\xa0\x80" }, NULL },
		/* valid UTF-8 is fine either way */
		{ "城市,３,１５００", 0, 1, 3, { "城市", "３", "１５００" }, NULL },
		/* max_fields: exactly at the limit passes, one more fails */
		{ "a,b,c,d,e", 5, 1, 5, { "a", "b", "c", "d", "e" }, NULL },
		{ "a,b,c,d,e,f", 5, 1, 0, { NULL }, "more than 5 fields" },
		{ "a,b,c,d,e,", 5, 1, 0, { NULL }, "more than 5 fields" },
		{ "0123456789abcdef0,1,2,3,4,5,6,7,8,9", 5, 1, 0, { NULL }, "more than 5 fields" },
		{ "\"a\",b,c,d,e", 5, 1, 5, { "a", "b", "c", "d", "e" }, NULL },
		{ "\"a\",b,c,d,e,f", 5, 1, 0, { NULL }, "more than 5 fields" },
	};
	struct ms_fields f = MS_FIELDS_INIT;
	struct ms_err err;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = strlen(rows[i].in);
		char *line = malloc(len + 1);   /* exactly sized, so ASan sees any overread */
		int rc;

		assert_non_null(line);
		memcpy(line, rows[i].in, len);
		rc = ms_fields_split(&f, line, len, rows[i].max ? rows[i].max : 1024, rows[i].utf8,
				     &err);
		if (rows[i].err) {
			if (rc != -1)
				fail_msg("row %zu (%s): split into %zu fields, want error \"%s\"", i,
					 rows[i].in, f.n, rows[i].err);
			if (!strstr(err.msg, rows[i].err))
				fail_msg("row %zu: \"%s\" lacks \"%s\"", i, err.msg, rows[i].err);
			free(line);
			continue;
		}
		if (rc)
			fail_msg("row %zu (%s): %s", i, rows[i].in, err.msg);
		if (f.n != rows[i].n)
			fail_msg("row %zu: %zu fields, want %zu", i, f.n, rows[i].n);
		for (j = 0; j < f.n && j < NF && rows[i].f[j]; j++) {
			if (f.len[j] != strlen(rows[i].f[j]) || memcmp(f.p[j], rows[i].f[j], f.len[j]))
				fail_msg("row %zu field %zu: \"%.*s\", want \"%s\"", i, j, (int)f.len[j],
					 f.p[j], rows[i].f[j]);
		}
		free(line);
	}
	ms_fields_release(&f);
	assert_null(f.p);
	assert_int_equal(f.n, 0);
}

static void test_split_nul(void **state)
{
	struct ms_fields f = MS_FIELDS_INIT;
	struct ms_err err;
	static const char a[] = "a\0b,c";
	static const char b[] = "0123456789abcdef012\0,x";
	static const char c[] = "\"x\",\0";

	(void)state;
	assert_int_equal(ms_fields_split(&f, a, sizeof(a) - 1, 16, 1, &err), -1);
	assert_non_null(strstr(err.msg, "column 2: a NUL byte"));
	assert_int_equal(ms_fields_split(&f, b, sizeof(b) - 1, 16, 1, &err), -1);
	assert_non_null(strstr(err.msg, "column 20: a NUL byte"));
	assert_int_equal(ms_fields_split(&f, c, sizeof(c) - 1, 16, 0, &err), -1);
	assert_non_null(strstr(err.msg, "column 5: a NUL byte"));
	ms_fields_release(&f);
}

/* Unquoted fields point into the line; quoted ones into scratch, which may grow between lines. */
static void test_split_pointers_and_reuse(void **state)
{
	struct ms_fields f = MS_FIELDS_INIT;
	struct ms_err err;
	const char *plain = "id,area,members";
	char big[300];
	size_t i;

	(void)state;
	assert_int_equal(ms_fields_split(&f, plain, strlen(plain), 10, 1, &err), 0);
	assert_ptr_equal(f.p[0], plain);
	assert_ptr_equal(f.p[1], plain + 3);
	assert_ptr_equal(f.p[2], plain + 8);
	assert_int_equal(ms_fields_split(&f, "\"a\",b", 5, 10, 1, &err), 0);
	assert_memory_equal(f.p[0], "a", 1);
	/* a longer quoted line: scratch grows, and every field is right */
	big[0] = '"';
	for (i = 1; i < 200; i++)
		big[i] = (char)('a' + i % 26);
	memcpy(big + 200, "\",\"\"\"\",tail", 11);
	assert_int_equal(ms_fields_split(&f, big, 211, 10, 1, &err), 0);
	assert_int_equal(f.n, 3);
	assert_int_equal(f.len[0], 199);
	assert_memory_equal(f.p[0], big + 1, 199);
	assert_int_equal(f.len[1], 1);
	assert_memory_equal(f.p[1], "\"", 1);
	assert_memory_equal(f.p[2], "tail", 4);
	/* many fields: the arrays grow past their first size */
	{
		char many[2048];
		size_t n = 0;

		for (i = 0; i < 500; i++)
			n += (size_t)sprintf(many + n, "%s%zu", i ? "," : "", i);
		assert_int_equal(ms_fields_split(&f, many, n, 1024, 1, &err), 0);
		assert_int_equal(f.n, 500);
		assert_int_equal(f.len[499], 3);
		assert_memory_equal(f.p[499], "499", 3);
		assert_int_equal(ms_fields_split(&f, many, n, 499, 1, &err), -1);
		assert_non_null(strstr(err.msg, "more than 499 fields"));
	}
	ms_fields_release(&f);
}

/*
 * max_fields holds on the careful path (a line with quotes) as on the fast
 * one, also for the empty field after a trailing comma.
 */
static void test_split_max_fields_trailing_comma(void **state)
{
	struct ms_fields f = MS_FIELDS_INIT;
	struct ms_err err;

	(void)state;
	/* the fast path refuses the sixth field ... */
	assert_int_equal(ms_fields_split(&f, "a,b,c,d,e,", 10, 5, 1, &err), -1);
	assert_non_null(strstr(err.msg, "more than 5 fields"));
	/* ... and so must the careful path */
	assert_int_equal(ms_fields_split(&f, "\"a\",b,c,d,e,", 12, 5, 1, &err), -1);
	assert_non_null(strstr(err.msg, "more than 5 fields"));
	assert_int_equal(ms_fields_split(&f, "\"a\",", 4, 1, 1, &err), -1);
	assert_non_null(strstr(err.msg, "more than 1 fields"));
	ms_fields_release(&f);
}

/* ---------- randomised: the fast and careful paths against a plain reference ---------- */

struct ref {
	size_t n;
	char f[64][128];
	size_t len[64];
	char err[96];
};

static void ref_split(const char *s, size_t len, struct ref *r)
{
	size_t pos = 0, j, k;

	r->n = 0;
	r->err[0] = '\0';
	for (;;) {
		k = 0;
		if (pos < len && s[pos] == '"') {
			for (j = pos + 1;; j++) {
				if (j >= len) {
					snprintf(r->err, sizeof(r->err), "column %zu: unterminated", pos + 1);
					return;
				}
				if (s[j] == '"') {
					if (j + 1 < len && s[j + 1] == '"') {
						r->f[r->n][k++] = '"';
						j++;
						continue;
					}
					j++;
					break;
				}
				r->f[r->n][k++] = s[j];
			}
			if (j < len && s[j] != ',') {
				snprintf(r->err, sizeof(r->err), "column %zu: text after", j + 1);
				return;
			}
		} else {
			for (j = pos; j < len && s[j] != ','; j++) {
				if (s[j] == '"') {
					snprintf(r->err, sizeof(r->err), "column %zu: a quote inside", j + 1);
					return;
				}
				r->f[r->n][k++] = s[j];
			}
		}
		r->len[r->n++] = k;
		if (j >= len)
			return;
		pos = j + 1;
		if (pos == len) {
			r->len[r->n++] = 0;
			return;
		}
	}
}

static void test_split_random(void **state)
{
	static const char *const atoms[] = { "a", "b", ",", "\"", "中", " ", "\"\"", "," };
	struct ms_fields f = MS_FIELDS_INIT;
	struct ms_err err;
	struct ref *r = malloc(sizeof(*r));
	unsigned seed = 12345;
	int iter;

	(void)state;
	assert_non_null(r);
	for (iter = 0; iter < 20000; iter++) {
		char line[128];
		size_t len = 0, i, natoms;
		int rc;

		seed = seed * 1103515245u + 12345u;
		natoms = (seed >> 16) % 40;
		for (i = 0; i < natoms; i++) {
			const char *a;

			seed = seed * 1103515245u + 12345u;
			/* mostly text and commas, so that some lines have no quote at all */
			a = atoms[(seed >> 16) % (iter % 3 ? 8 : 6)];
			if (iter % 3 && !strcmp(a, "\""))
				a = "a";
			if (iter % 3 && !strcmp(a, "\"\""))
				a = ",";
			memcpy(line + len, a, strlen(a));
			len += strlen(a);
		}
		ref_split(line, len, r);
		rc = ms_fields_split(&f, line, len, 1024, 1, &err);
		if (r->err[0]) {
			if (rc != -1 || !strstr(err.msg, r->err))
				fail_msg("\"%.*s\": got %s, want error \"%s\"", (int)len, line,
					 rc ? err.msg : "fields", r->err);
			continue;
		}
		if (rc)
			fail_msg("\"%.*s\": %s", (int)len, line, err.msg);
		if (f.n != r->n)
			fail_msg("\"%.*s\": %zu fields, want %zu", (int)len, line, f.n, r->n);
		for (i = 0; i < f.n; i++)
			if (f.len[i] != r->len[i] || memcmp(f.p[i], r->f[i], f.len[i]))
				fail_msg("\"%.*s\": field %zu is \"%.*s\", want \"%.*s\"", (int)len, line, i,
					 (int)f.len[i], f.p[i], (int)r->len[i], r->f[i]);
	}
	free(r);
	ms_fields_release(&f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_lines.%ld", (long)getpid());
	return mkdir(dir, 0700) ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_table),
		cmocka_unit_test(test_lines_name_and_numbers),
		cmocka_unit_test(test_lines_read_error),
		cmocka_unit_test(test_lines_limit_excludes_bom_and_crlf),
		cmocka_unit_test(test_lines_big_file),
		cmocka_unit_test(test_lines_big_pipe),
		cmocka_unit_test(test_lines_long_line_across_chunk),
		cmocka_unit_test(test_lines_block),
		cmocka_unit_test(test_split_table),
		cmocka_unit_test(test_split_nul),
		cmocka_unit_test(test_split_pointers_and_reuse),
		cmocka_unit_test(test_split_max_fields_trailing_comma),
		cmocka_unit_test(test_split_random),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
