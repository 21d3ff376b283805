/*
 * send.c - the two ways a reminder leaves (follow.h): e-mail over SMTP and
 * a webhook's JSON POST, both through libcurl — the one file that includes
 * it. libcurl rather than a socket of our own: it speaks STARTTLS and SMTPS
 * and HTTPS (real mail servers and 政务钉钉-style bots require TLS), with
 * connect and transfer timeouts, and leaves no reply parser of ours to get
 * wrong. Only smtp/smtps and http/https are allowed, no redirects.
 */
#include "follow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "core/banned.h"

#define CONNECT_TIMEOUT 10L
#define TRANSFER_TIMEOUT 30L

static void b64(struct ms_buf *out, const char *s, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *tmp = malloc(cap);

	if (!tmp)
		abort();
	sodium_bin2base64(tmp, cap, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
	ms_buf_adds(out, tmp);
	free(tmp);
}

void follow_mail_compose(struct ms_buf *out, const char *from, const char *to, const char *subject,
			 const char *body, time_t at, const char *msgid)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct ms_buf enc = MS_BUF_INIT;
	time_t cn = at + 8 * 3600;
	struct tm tm;
	size_t i;
	int first = 1;

	gmtime_r(&cn, &tm);
	ms_buf_addf(out, "From: <%s>\r\nTo: ", from);
	/* to is "a@x, b@y": each in angle brackets */
	for (i = 0; to[i];) {
		size_t n = strcspn(to + i, ", ");

		if (n)
			ms_buf_addf(out, "%s<%.*s>", first ? "" : ", ", (int)n, to + i);
		first &= !n;
		i += n;
		i += strspn(to + i, ", ");
	}
	ms_buf_adds(out, "\r\nSubject: ");
	/* encoded words of at most 45 bytes of text each (60 characters of base64), whole characters */
	for (i = 0; subject[i];) {
		size_t n = 0;

		while (subject[i + n] && n < 45) {
			size_t c = 1;

			while (((unsigned char)subject[i + n + c] & 0xc0) == 0x80)
				c++;
			if (n + c > 45 && n)
				break;
			n += c;
		}
		ms_buf_reset(&enc);
		b64(&enc, subject + i, n);
		ms_buf_addf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", enc.buf);
		i += n;
	}
	ms_buf_addf(out, "\r\nDate: %s, %02d %s %04d %02d:%02d:%02d +0800\r\n", wd[tm.tm_wday], tm.tm_mday,
		    mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	ms_buf_addf(out, "Message-ID: <%s>\r\nMIME-Version: 1.0\r\n"
		    "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n", msgid);
	ms_buf_reset(&enc);
	b64(&enc, body, strlen(body));
	for (i = 0; i < enc.len; i += 76)
		ms_buf_addf(out, "%.*s\r\n", (int)(enc.len - i < 76 ? enc.len - i : 76), enc.buf + i);
	ms_buf_release(&enc);
}

struct upload {
	const char *p;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t n, void *arg)
{
	struct upload *u = arg;
	size_t k = size * n < u->left ? size * n : u->left;

	memcpy(dst, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static CURL *easy(const char *url, const char *protocols, char *errbuf)
{
	CURL *c = curl_easy_init();

	if (!c)
		return NULL;
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, TRANSFER_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	return c;
}

int follow_mail_send(const char *url, const char *from, const char *rcpt, const struct ms_buf *mail,
		     struct ms_err *err)
{
	char errbuf[CURL_ERROR_SIZE], addr[600];
	struct curl_slist *to = NULL;
	struct upload up = { mail->buf, mail->len };
	CURLcode rc;
	CURL *c = easy(url, "smtp,smtps", errbuf);
	size_t i;

	if (!c)
		return ms_err_setk(err, MS_E_INTERNAL, "邮件发送初始化失败 (cannot start the mail client)");
	for (i = 0; rcpt[i];) {
		size_t n = strcspn(rcpt + i, ", ");

		if (n && n < sizeof(addr) - 2) {
			snprintf(addr, sizeof(addr), "<%.*s>", (int)n, rcpt + i);
			to = curl_slist_append(to, addr);
		}
		i += n;
		i += strspn(rcpt + i, ", ");
	}
	snprintf(addr, sizeof(addr), "<%s>", from);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)mail->len);
	rc = curl_easy_perform(c);
	curl_slist_free_all(to);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK)
		return ms_err_setk(err, MS_E_UNAVAILABLE, "邮件发送失败：%s (mail not sent: %s)",
				   errbuf[0] ? errbuf : curl_easy_strerror(rc), curl_easy_strerror(rc));
	return 0;
}

int follow_webhook_post(const char *url, const char *json, struct ms_err *err)
{
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json; charset=utf-8");
	CURL *c = easy(url, "http,https", errbuf);
	CURLcode rc;
	long status = 0;

	if (!c) {
		curl_slist_free_all(h);
		return ms_err_setk(err, MS_E_INTERNAL, "网络请求初始化失败 (cannot start the HTTP client)");
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(json));
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK)
		return ms_err_setk(err, MS_E_UNAVAILABLE, "推送失败：%s (webhook not reached: %s)",
				   errbuf[0] ? errbuf : curl_easy_strerror(rc), curl_easy_strerror(rc));
	if (status < 200 || status > 299)
		return ms_err_setk(err, MS_E_UNAVAILABLE, "推送被拒绝：HTTP %ld (the webhook answered %ld)", status,
				   status);
	return 0;
}
