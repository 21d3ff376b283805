/*
 * auth.c - argon2id passwords, hashed session tokens, CSRF tokens, login
 * throttling and the write rules of each role (auth.h).
 */
#include "auth.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "core/clock.h"
#include "core/banned.h"

static const char *const role_names[] = { "", "viewer", "reporter", "lead", "admin" };
static const char *const role_labels[] = { "访客", "只读", "报送员", "牵头单位", "管理员" };

enum auth_role auth_role_parse(const char *s)
{
	int i;

	for (i = ROLE_VIEWER; i <= ROLE_ADMIN; i++)
		if (s && !strcmp(s, role_names[i]))
			return (enum auth_role)i;
	return ROLE_NONE;
}

const char *auth_role_name(enum auth_role r)
{
	return role_names[r <= ROLE_ADMIN ? r : 0];
}

const char *auth_role_label(enum auth_role r)
{
	return role_labels[r <= ROLE_ADMIN ? r : 0];
}

int auth_init(struct ms_err *err)
{
	if (sodium_init() < 0)
		return ms_err_setk(err, MS_E_INTERNAL, "加密库无法启动 (libsodium could not start; no random source?)");
	return 0;
}

int auth_name_check(const char *name, struct ms_err *err)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > 63)
		return ms_err_field(err, MS_E_INVALID, "name",
				    "用户名长度为1至63个字符 (a user name has 1 to 63 characters)");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return ms_err_field(err, MS_E_INVALID, "name",
					    "用户名“%.*s”只能包含字母、数字、点、下划线和连字符 "
					    "(a user name has only letters, digits, '.', '_' and '-')",
					    ms_utf8_clip(name, n, 63), name);
	}
	return 0;
}

/* ---------- passwords ---------- */

/* the common passwords: the list loaded (auth_password_list_load), and a few always */
static const char *const builtin_common[] = {
	"12345678", "123456789", "1234567890", "11111111", "88888888", "00000000", "password",
	"password1", "admin123", "admin1234", "administrator", "qwertyui", "1qaz2wsx", "iloveyou",
	"abcd1234", "minsheng", "minsheng123",
};
static char **g_common;
static size_t g_ncommon;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

int auth_password_list_load(const char *path, struct ms_err *err)
{
	FILE *f = fopen(path, "r");
	char line[256];
	size_t n = 0, cap = 0;
	char **v = NULL;

	if (!f)
		return ms_err_setk(err, MS_E_INTERNAL, "%s: 无法读取常见密码表 (cannot read the common "
				   "passwords)", path);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		ascii_lower(line);
		if (n == cap && !(v = realloc(v, (cap = cap ? 2 * cap : 1024) * sizeof(*v))))
			abort();
		v[n++] = ms_strdup(line);
	}
	fclose(f);
	qsort(v, n, sizeof(*v), cmp_str);
	g_common = v;
	g_ncommon = n;
	return 0;
}

static int is_common(const char *pw)
{
	char low[1100];
	const char *key = low;
	size_t i;

	snprintf(low, sizeof(low), "%s", pw);
	ascii_lower(low);
	for (i = 0; i < sizeof(builtin_common) / sizeof(builtin_common[0]); i++)
		if (!strcmp(low, builtin_common[i]))
			return 1;
	return g_ncommon && bsearch(&key, g_common, g_ncommon, sizeof(*g_common), cmp_str) != NULL;
}

/*
 * At least AUTH_PASSWORD_MIN characters (code points, not bytes), and
 * AUTH_PASSWORD_MIN_ADMIN for an administrator; not a common password, not the
 * user's own name.
 */
static int password_check(const char *pw, const char *name, enum auth_role r, struct ms_err *err)
{
	size_t n = strlen(pw), i = 0, chars = 0;
	size_t min = r == ROLE_ADMIN ? AUTH_PASSWORD_MIN_ADMIN : AUTH_PASSWORD_MIN;
	uint32_t cp;

	if (n > 1024)
		return ms_err_field(err, MS_E_INVALID, "password",
				    "密码过长 (the password is longer than 1024 bytes)");
	if (!ms_utf8_valid(pw, n, NULL))
		return ms_err_field(err, MS_E_INVALID, "password",
				    "密码须为 UTF-8 文本 (the password is not valid UTF-8)");
	while (i < n && !ms_utf8_decode(pw, n, &i, &cp))
		chars++;
	if (chars < min)
		return ms_err_field(err, MS_E_INVALID, "password",
				    "%s密码至少%zu个字符，现为%zu个 (the password needs at least %zu characters%s; "
				    "it has %zu)", r == ROLE_ADMIN ? "管理员" : "", min, chars, min,
				    r == ROLE_ADMIN ? " for an administrator" : "", chars);
	if (is_common(pw) || (name && !strcasecmp(pw, name)))
		return ms_err_field(err, MS_E_INVALID, "password",
				    "密码过于常见，容易被猜中，请另选一个 (the password is among the most common "
				    "ones, or is the user name; choose another)");
	return 0;
}

static int g_cheap;

void auth_cheap_hashes(int on)
{
	g_cheap = on;
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], struct ms_err *err)
{
	if (crypto_pwhash_str(out, pw, strlen(pw),
			      g_cheap ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      g_cheap ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE))
		return ms_err_setk(err, MS_E_INTERNAL, "无法计算密码散列 (cannot hash the password: out of memory)");
	return 0;
}

/* The org a role needs: reporters report for a region, leads are departments or offices. */
static int org_check(struct store *st, enum auth_role r, const char *org, struct ms_err *err)
{
	struct store_org_row o;
	int rc;

	if (r == ROLE_VIEWER || (r == ROLE_ADMIN && (!org || !*org)))
		return 0;
	if (!org || !*org)
		return ms_err_field(err, MS_E_INVALID, "org",
				    "%s须指定所属单位 (a %s needs the code of its unit)",
				    auth_role_label(r), auth_role_name(r));
	rc = store_org_get(st, org, &o, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return ms_err_field(err, MS_E_NOTFOUND, "org",
				    "无此单位“%.*s” (no such unit; the list of units names every code)",
				    ms_utf8_clip(org, strlen(org), 64), org);
	if (r == ROLE_ADMIN && strcmp(o.kind, "city") && strcmp(o.kind, "county") &&
	    strcmp(o.kind, "province") && strcmp(o.kind, "township"))
		return ms_err_field(err, MS_E_INVALID, "org",
				    "管理员所属的应为一级政府（省、市、县区、乡镇），%s 不是 (an administrator "
				    "belongs to a government: a province, city, county or township, not a %s)", org, o.kind);
	if (r == ROLE_REPORTER && strcmp(o.kind, "city") && strcmp(o.kind, "county") &&
	    strcmp(o.kind, "province") && strcmp(o.kind, "township"))
		return ms_err_field(err, MS_E_INVALID, "org",
				    "报送员应属于设区市、县区或乡镇，%s 不是 (a reporter reports for a region "
				    "(city, county or township), not a %s)", org, o.kind);
	if (r == ROLE_LEAD && strcmp(o.kind, "department") && strcmp(o.kind, "office"))
		return ms_err_field(err, MS_E_INVALID, "org",
				    "牵头单位应为省直部门，%s 不是 (a lead is a department or office, "
				    "not a %s)", org, o.kind);
	return 0;
}

static int user_insert(struct store *st, const char *name, const char *hash, enum auth_role r,
		       const char *org, const char *actor, struct ms_err *err)
{
	struct store_user u;
	int rc;

	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", name);
	snprintf(u.role, sizeof(u.role), "%s", auth_role_name(r));
	snprintf(u.org, sizeof(u.org), "%s", r == ROLE_VIEWER || !org ? "" : org);
	snprintf(u.password_hash, sizeof(u.password_hash), "%s", hash);
	rc = store_user_add(st, &u, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return ms_err_field(err, MS_E_CONFLICT, "name",
				    "用户“%s”已存在，可为其重设密码 (user already exists; change "
				    "its password instead)", name);
	return store_journal_json(st, actor, "user.add", "app_user", name, NULL,
				  json_pack("{s:s, s:s, s:s}", "name", u.name, "role", u.role, "org", u.org),
				  err);
}

int auth_user_add(struct store *st, const char *name, const char *password, const char *role,
		  const char *org, const char *actor, struct ms_err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	enum auth_role r = auth_role_parse(role);

	if (auth_name_check(name, err))
		return -1;
	if (r == ROLE_NONE)
		return ms_err_field(err, MS_E_INVALID, "role",
				    "无此角色“%.*s” (expected admin, lead, reporter or viewer)",
				    ms_utf8_clip(role ? role : "", role ? strlen(role) : 0, 32),
				    role ? role : "");
	if (password_check(password, name, r, err) || hash_password(password, hash, err))
		return -1;
	if (store_begin(st, err))
		return -1;
	return store_end(st, org_check(st, r, org, err) ||
			 user_insert(st, name, hash, r, org, actor, err) ? -1 : 0, err);
}

/* 1 when the user exists, else 0 with err saying so (or -1). */
static int user_exists(struct store *st, const char *name, struct ms_err *err)
{
	struct store_user u;
	int rc = store_user_get(st, name, &u, err);

	if (rc == 0)
		ms_err_field(err, MS_E_NOTFOUND, "name", "无此用户“%.*s” (no such user)",
			     ms_utf8_clip(name, strlen(name), 64), name);
	return rc;
}

static int passwd_write(struct store *st, const char *name, const char *hash, const char *actor,
			struct ms_err *err)
{
	if (user_exists(st, name, err) != 1 || store_user_set_hash(st, name, hash, err) ||
	    store_user_set_flag(st, name, "password_expired", 0, err) ||
	    store_session_purge(st, (int64_t)ms_clock_now(), name, err))
		return -1;
	return store_journal(st, actor, "user.passwd", "app_user", name, NULL, NULL, err);
}

int auth_user_passwd(struct store *st, const char *name, const char *password, const char *actor,
		     struct ms_err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct store_user u;

	if (user_exists(st, name, err) != 1 || store_user_get(st, name, &u, err) != 1)
		return -1;
	if (password_check(password, name, auth_role_parse(u.role), err) || hash_password(password, hash, err))
		return -1;
	if (store_begin(st, err))
		return -1;
	return store_end(st, passwd_write(st, name, hash, actor, err), err);
}

/*
 * Refuses to take away the last enabled administrator of a government
 * (disable, delete, another role): a city's administrator does not stand in
 * for the province's.
 */
static int keeps_an_admin(struct store *st, const struct store_user *u, struct ms_err *err)
{
	int64_t n;

	if (strcmp(u->role, "admin") || u->disabled)
		return 0;
	if (store_user_admins_besides(st, u->name, u->org, &n, err))
		return -1;
	if (!n)
		return ms_err_field(err, MS_E_CONFLICT, "name",
				    "%s 是唯一可用的管理员，不能停用、删除或改为其他角色 (%s is the only "
				    "enabled administrator)", u->name, u->name);
	return 0;
}

static int role_write(struct store *st, const char *name, enum auth_role r, const char *org,
		      const char *actor, struct ms_err *err)
{
	struct store_user u;
	const char *o = r == ROLE_VIEWER || !org ? "" : org;

	if (user_exists(st, name, err) != 1 || store_user_get(st, name, &u, err) != 1 ||
	    (r != ROLE_ADMIN && keeps_an_admin(st, &u, err)) || org_check(st, r, org, err) ||
	    store_user_set_role(st, name, auth_role_name(r), o, err))
		return -1;
	return store_journal_json(st, actor, "user.role", "app_user", name, NULL,
				  json_pack("{s:s, s:s, s:s}", "from", u.role, "role", auth_role_name(r),
					    "org", o ? o : ""), err);
}

int auth_user_role(struct store *st, const char *name, const char *role, const char *org,
		   const char *actor, struct ms_err *err)
{
	enum auth_role r = auth_role_parse(role);

	if (r == ROLE_NONE)
		return ms_err_field(err, MS_E_INVALID, "role",
				    "无此角色“%.*s” (expected admin, lead, reporter or viewer)",
				    ms_utf8_clip(role ? role : "", role ? strlen(role) : 0, 32),
				    role ? role : "");
	if (store_begin(st, err))
		return -1;
	return store_end(st, role_write(st, name, r, org, actor, err), err);
}

static int disable_write(struct store *st, const char *name, int off, const char *actor,
			 struct ms_err *err)
{
	struct store_user u;

	if (user_exists(st, name, err) != 1 || store_user_get(st, name, &u, err) != 1 ||
	    (off && keeps_an_admin(st, &u, err)) || store_user_set_flag(st, name, "disabled", off, err) ||
	    (off && store_session_end_user(st, name, NULL, err)))
		return -1;
	return store_journal(st, actor, off ? "user.disable" : "user.enable", "app_user", name, NULL, NULL,
			     err);
}

int auth_user_disable(struct store *st, const char *name, int off, const char *actor, struct ms_err *err)
{
	if (store_begin(st, err))
		return -1;
	return store_end(st, disable_write(st, name, off, actor, err), err);
}

static int delete_write(struct store *st, const char *name, const char *actor, struct ms_err *err)
{
	struct store_user u;

	if (user_exists(st, name, err) != 1 || store_user_get(st, name, &u, err) != 1 ||
	    keeps_an_admin(st, &u, err) || store_user_delete(st, name, err))
		return -1;
	return store_journal_json(st, actor, "user.delete", "app_user", name, NULL,
				  json_pack("{s:s, s:s}", "role", u.role, "org", u.org), err);
}

int auth_user_delete(struct store *st, const char *name, const char *actor, struct ms_err *err)
{
	if (store_begin(st, err))
		return -1;
	return store_end(st, delete_write(st, name, actor, err), err);
}

static int expire_write(struct store *st, const char *name, const char *actor, struct ms_err *err)
{
	if (user_exists(st, name, err) != 1 || store_user_set_flag(st, name, "password_expired", 1, err) ||
	    store_session_end_user(st, name, "web", err))
		return -1;
	return store_journal(st, actor, "user.expire", "app_user", name, NULL, NULL, err);
}

int auth_user_expire(struct store *st, const char *name, const char *actor, struct ms_err *err)
{
	if (store_begin(st, err))
		return -1;
	return store_end(st, expire_write(st, name, actor, err), err);
}

static int revoke_write(struct store *st, const char *id, const char *actor, struct ms_err *err)
{
	struct store_token t;
	size_t i, n = strlen(id);
	int rc;

	for (i = 0; i < n; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
			break;
	if (n != 12 || i != n)
		return ms_err_field(err, MS_E_INVALID, "id", "令牌编号应为12位十六进制数字 (a token id is "
				    "12 hex digits, as the list of a user's tokens shows)");
	rc = store_session_by_id(st, id, &t, err);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return ms_err_field(err, MS_E_NOTFOUND, "id", "无此令牌 %s (no such token or session)", id);
	if (rc == 2)
		return ms_err_field(err, MS_E_CONFLICT, "id", "令牌编号 %s 不唯一 (the id names more than one "
				    "token; end them all by changing the password)", id);
	if (store_session_delete_id(st, id, err))
		return -1;
	return store_journal_json(st, actor, "user.revoke", "app_user", t.user, NULL,
				  json_pack("{s:s, s:s}", "id", id, "kind", t.kind), err);
}

int auth_token_revoke(struct store *st, const char *id, const char *actor, struct ms_err *err)
{
	if (store_begin(st, err))
		return -1;
	return store_end(st, revoke_write(st, id, actor, err), err);
}

int auth_demo_users(struct store *st, const char *actor, struct ms_err *err)
{
	static const struct { const char *name, *role, *org; } demo[] = {
		{ "admin", "admin", NULL },
		{ "viewer", "viewer", NULL },
		{ "hrss", "lead", "hrss" },
		{ "civil", "lead", "civil" },
		{ "nanchang", "reporter", "360100" },
		{ "jiujiang", "reporter", "360400" },
		/* 南昌's own programme: its administrator and a district's reporter */
		{ "nanchang-admin", "admin", "360100" },
		{ "qingshanhu", "reporter", "360111" },
	};
	char hash[crypto_pwhash_STRBYTES];
	size_t i;

	/* one hash for all: they share the printed demo password anyway */
	if (hash_password(AUTH_DEMO_PASSWORD, hash, err))
		return -1;
	for (i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
		enum auth_role r = auth_role_parse(demo[i].role);

		if (org_check(st, r, demo[i].org, err) ||
		    user_insert(st, demo[i].name, hash, r, demo[i].org, actor, err))
			return -1;
	}
	return 0;
}

/* ---------- tokens ---------- */

static void token_new(char token[AUTH_TOKEN_HEX + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, AUTH_TOKEN_HEX + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

static int token_hash(const char *token, char out[AUTH_TOKEN_HEX + 1])
{
	unsigned char h[32];
	size_t n = strlen(token), i;

	if (n != AUTH_TOKEN_HEX)
		return -1;
	for (i = 0; i < n; i++)
		if (!((token[i] >= '0' && token[i] <= '9') || (token[i] >= 'a' && token[i] <= 'f')))
			return -1;
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, n, NULL, 0);
	sodium_bin2hex(out, AUTH_TOKEN_HEX + 1, h, sizeof(h));
	return 0;
}

void auth_csrf(const char *token, char csrf[AUTH_TOKEN_HEX + 1])
{
	static const char ctx[] = "minsheng csrf v1";
	unsigned char h[32];
	size_t n = strlen(token);

	crypto_generichash(h, sizeof(h), (const unsigned char *)ctx, sizeof(ctx) - 1,
			   (const unsigned char *)token,
			   n < crypto_generichash_KEYBYTES_MIN ? crypto_generichash_KEYBYTES_MIN :
			   n > crypto_generichash_KEYBYTES_MAX ? crypto_generichash_KEYBYTES_MAX : n);
	sodium_bin2hex(csrf, AUTH_TOKEN_HEX + 1, h, sizeof(h));
}

int auth_token_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static int session_new(struct store *st, const char *name, const char *kind, int64_t ttl,
		       time_t now, char token[AUTH_TOKEN_HEX + 1], struct ms_err *err)
{
	char h[AUTH_TOKEN_HEX + 1];

	token_new(token);
	token_hash(token, h);
	return store_session_put(st, h, name, kind, (int64_t)now, (int64_t)now + ttl, err);
}

int auth_token_new(struct store *st, const char *name, int days, const char *actor,
		   char token[AUTH_TOKEN_HEX + 1], struct ms_err *err)
{
	time_t now = ms_clock_now();
	int rc;

	if (days < 1 || days > 3660)
		return ms_err_field(err, MS_E_INVALID, "days",
				    "有效天数 %d 须在1至3660之间 (days: expected 1 to 3660)", days);
	if (store_begin(st, err))
		return -1;
	rc = user_exists(st, name, err) != 1 ||
	     session_new(st, name, "api", (int64_t)days * 86400, now, token, err) ||
	     store_journal_json(st, actor, "user.token", "app_user", name, NULL,
				json_pack("{s:i}", "days", days), err) ? -1 : 0;
	return store_end(st, rc, err);
}

int auth_session(struct store *st, const char *token, time_t now, struct auth_user *u,
		 struct ms_err *err)
{
	char h[AUTH_TOKEN_HEX + 1], kind[8];
	struct store_user su;
	int rc;

	memset(u, 0, sizeof(*u));
	if (!token || token_hash(token, h))
		return 0;
	rc = store_session_get(st, h, (int64_t)now, &su, kind, err);
	if (rc != 1)
		return rc;
	snprintf(u->name, sizeof(u->name), "%s", su.name);
	snprintf(u->org, sizeof(u->org), "%s", su.org);
	u->role = auth_role_parse(su.role);
	u->api = !strcmp(kind, "api");
	return u->role == ROLE_NONE ? 0 : 1;
}

int auth_logout(struct store *st, const char *token, const char *name, struct ms_err *err)
{
	char h[AUTH_TOKEN_HEX + 1];

	if (token_hash(token, h))
		return 0;
	if (store_begin(st, err))
		return -1;
	return store_end(st, store_session_delete(st, h, err) ||
			 store_journal(st, name, "user.logout", "app_user", name, NULL, NULL, err)
			 ? -1 : 0, err);
}

/* ---------- logins ---------- */

/* checked when the user is unknown, so that both answers take as long */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	if (hash_password("not anybody's password", dummy_hash, NULL))
		dummy_hash[0] = '\0';
}

/* Seconds still to wait under key, 0 when none. */
static long throttle_wait(struct store *st, const char *key, int64_t threshold, time_t now,
			  struct ms_err *err)
{
	int64_t count = 0, last = 0, wait;
	int rc = store_login_failure_get(st, key, &count, &last, err);

	if (rc <= 0)
		return rc;
	if (count < threshold || last + AUTH_THROTTLE_FORGET <= (int64_t)now)
		return 0;
	wait = AUTH_THROTTLE_BASE;
	for (int64_t i = threshold; i < count && wait < AUTH_THROTTLE_MAX; i++)
		wait *= 2;
	if (wait > AUTH_THROTTLE_MAX)
		wait = AUTH_THROTTLE_MAX;
	return last + wait > (int64_t)now ? (long)(last + wait - (int64_t)now) : 0;
}

static int failure_add(struct store *st, const char *key, time_t now, struct ms_err *err)
{
	int64_t count = 0, last = 0;

	if (store_login_failure_get(st, key, &count, &last, err) < 0)
		return -1;
	if (last + AUTH_THROTTLE_FORGET <= (int64_t)now)
		count = 0;
	return store_login_failure_put(st, key, count + 1, (int64_t)now, err);
}

/* A right password: the failures forgotten, a web session made, the login journaled. */
static int login_write(struct store *st, const struct store_user *u, const char *ukey,
		       const char *addr, time_t now, char token[AUTH_TOKEN_HEX + 1],
		       struct ms_err *err)
{
	if (store_login_failure_clear(st, ukey, err) ||
	    store_session_purge(st, (int64_t)now, NULL, err) ||
	    session_new(st, u->name, "web", AUTH_WEB_TTL, now, token, err))
		return -1;
	return store_journal_json(st, u->name, "user.login", "app_user", u->name, NULL,
				  json_pack("{s:s}", "from", addr ? addr : ""), err);
}

enum auth_login auth_login(struct store *st, const char *name, const char *password,
			   const char *addr, time_t now, char token[AUTH_TOKEN_HEX + 1],
			   long *wait, struct ms_err *err)
{
	char ukey[128], akey[64];
	struct store_user u;
	long w1, w2;
	int found, good;

	*wait = 0;
	token[0] = '\0';
	snprintf(ukey, sizeof(ukey), "p:%.46s|%.63s", addr ? addr : "", name);
	snprintf(akey, sizeof(akey), "a:%.46s", addr ? addr : "");
	if ((w1 = throttle_wait(st, ukey, AUTH_THROTTLE_USER, now, err)) < 0 ||
	    (w2 = throttle_wait(st, akey, AUTH_THROTTLE_ADDR, now, err)) < 0)
		return AUTH_ERROR;
	if (w1 || w2) {
		*wait = w1 > w2 ? w1 : w2;
		ms_err_setk(err, MS_E_FORBIDDEN, "登录失败次数过多，请%ld秒后再试 (too many failed logins; "
			    "try again in %ld seconds)", *wait, *wait);
		return AUTH_THROTTLED;
	}
	found = strlen(name) < sizeof(u.name) && store_user_get(st, name, &u, err) == 1;
	if (!found) {
		pthread_once(&dummy_once, dummy_make);
		if (!dummy_hash[0])
			return ms_err_setk(err, MS_E_INTERNAL, "无法计算密码散列 (cannot hash: out of "
					   "memory)"), AUTH_ERROR;
	}
	good = crypto_pwhash_str_verify(found ? u.password_hash : dummy_hash, password,
					strlen(password)) == 0 && found;
	/* told only to whoever knows the password */
	if (good && (u.disabled || u.password_expired)) {
		ms_err_setk(err, MS_E_FORBIDDEN, u.disabled ? "账号已停用，请联系管理员 (the account is disabled)" :
			    "密码已过期，请联系管理员重设密码 (the password has expired; an administrator sets a "
			    "new one)");
		return AUTH_REFUSED;
	}
	if (store_begin(st, err))
		return AUTH_ERROR;
	if (!good) {
		if (store_end(st, failure_add(st, ukey, now, err) ||
			      failure_add(st, akey, now, err) ? -1 : 0, err))
			return AUTH_ERROR;
		ms_err_field(err, MS_E_INVALID, "password", "用户名或密码错误 (wrong user name or password)");
		return AUTH_DENIED;
	}
	if (store_end(st, login_write(st, &u, ukey, addr, now, token, err), err)) {
		token[0] = '\0';
		return AUTH_ERROR;
	}
	return AUTH_OK;
}

/* ---------- who may write what ---------- */

static int refuse_anonymous(const struct auth_user *u, struct ms_err *err)
{
	if (u->role == ROLE_NONE)
		return ms_err_setk(err, MS_E_FORBIDDEN, "请先登录 (log in first)"), 0;
	if (u->role == ROLE_VIEWER)
		return ms_err_setk(err, MS_E_FORBIDDEN, "只读账号不能修改数据 (user %s may only read)",
				   u->name), 0;
	return 1;
}

int auth_may_report(const struct auth_user *u, const char *org, struct ms_err *err)
{
	if (!refuse_anonymous(u, err))
		return 0;
	if (u->role == ROLE_ADMIN || (u->role == ROLE_REPORTER && !strcmp(u->org, org)))
		return 1;
	ms_err_setk(err, MS_E_FORBIDDEN, "只能报送本单位的数据：%s（%s，%s）不能报送 %.*s "
		    "(a user may report only for its own unit)", u->name, auth_role_label(u->role),
		    u->org, ms_utf8_clip(org, strlen(org), 32), org);
	return 0;
}

int auth_may_review(struct store *st, const struct auth_user *u, const char *plan, int64_t item_no,
		    struct ms_err *err)
{
	int rc;

	if (!refuse_anonymous(u, err))
		return 0;
	if (u->role == ROLE_ADMIN)
		return 1;
	if (u->role == ROLE_LEAD) {
		rc = store_item_led_by(st, plan, item_no, u->org, err);
		if (rc != 0)
			return rc;
	}
	ms_err_setk(err, MS_E_FORBIDDEN, "只有牵头单位可以审核和分解本项实事：%s（%s，%s）不牵头第%lld项 "
		    "(only the unit that leads an item reviews and breaks it down)", u->name,
		    auth_role_label(u->role), u->org[0] ? u->org : "-", (long long)item_no);
	return 0;
}

/* Does the step need org's row (a city's 初审 of its counties)? */
static int step_needs_org(const struct auth_user *u, int levels)
{
	return levels == 2 && (u->role == ROLE_REPORTER || u->role == ROLE_LEAD) && u->org[0];
}

int auth_review_step(struct store *st, const struct auth_user *u, const char *plan, int64_t item_no,
		     const char *org, int levels, struct ms_err *err)
{
	struct store_org_row o;
	int led = 0, found = 0;

	if (u->role == ROLE_LEAD && (led = store_item_led_by(st, plan, item_no, u->org, err)) < 0)
		return -1;
	if (!led && step_needs_org(u, levels) && (found = store_org_get(st, org, &o, err)) < 0)
		return -1;
	return auth_review_step_of(u, led, found ? &o : NULL, item_no, org, levels, err);
}

int auth_review_step_of(const struct auth_user *u, int led, const struct store_org_row *o, int64_t item_no,
			const char *org, int levels, struct ms_err *err)
{
	if (!refuse_anonymous(u, err))
		return AUTH_STEP_NONE;
	if (u->role == ROLE_ADMIN)
		return AUTH_STEP_ANY;
	if (u->role == ROLE_LEAD && led)
		return AUTH_STEP_FINAL;
	if (step_needs_org(u, levels) && o && !strcmp(o->kind, "county") && !strcmp(o->parent, u->org))
		return AUTH_STEP_FIRST;
	ms_err_setk(err, MS_E_FORBIDDEN, "%s（%s，%s）不能审核 %s 的第%lld项报送：由牵头单位审核%s "
		    "(the lead unit of the item reviews%s)", u->name, auth_role_label(u->role),
		    u->org[0] ? u->org : "-", org, (long long)item_no,
		    levels == 2 ? "，县区的报送先由所在设区市初审" : "",
		    levels == 2 ? "; a county's report is first reviewed by its city" : "");
	return AUTH_STEP_NONE;
}

int auth_may_see_unreviewed(const struct auth_user *u, struct ms_err *err)
{
	if (u->role != ROLE_NONE)
		return 1;
	ms_err_setk(err, MS_E_FORBIDDEN, "待审核数据仅供登录的工作人员查看，公开数据只计已审核的报送 "
		    "(reports awaiting review are shown to logged-in staff only)");
	return 0;
}

int auth_may_lock(const struct auth_user *u, struct ms_err *err)
{
	if (!refuse_anonymous(u, err))
		return 0;
	if (u->role == ROLE_ADMIN)
		return 1;
	ms_err_setk(err, MS_E_FORBIDDEN, "只有管理员可以锁定或重开报送轮次 (only an administrator locks "
		    "and reopens rounds)");
	return 0;
}

int auth_may_govern(struct store *st, const struct auth_user *u, const char *region, struct ms_err *err)
{
	struct store_org_row o;
	char at[32], name[200];
	int depth, r;

	if (u->role != ROLE_ADMIN || !u->org[0])
		return 1;
	snprintf(at, sizeof(at), "%s", region);
	snprintf(name, sizeof(name), "%s", region);
	for (depth = 0; depth < 8 && at[0]; depth++) {
		if (!strcmp(at, u->org))
			return 1;
		r = store_org_get(st, at, &o, err);
		if (r < 0)
			return -1;
		if (!r)
			break;
		if (depth == 0)
			snprintf(name, sizeof(name), "%s（%s）", o.name, region);
		snprintf(at, sizeof(at), "%s", o.parent);
	}
	r = store_org_get(st, u->org, &o, err);
	if (r < 0)
		return -1;
	ms_err_setk(err, MS_E_FORBIDDEN, "%s的管理员只管理本级和下级政府的计划，%s不在其中 (an administrator "
		    "of %s administers its own government's plans and those below it, not %s's)",
		    r ? o.name : u->org, name, u->org, region);
	return 0;
}

int auth_may_plan(const struct auth_user *u, struct ms_err *err)
{
	if (!refuse_anonymous(u, err))
		return 0;
	if (u->role == ROLE_ADMIN)
		return 1;
	ms_err_setk(err, MS_E_FORBIDDEN, "只有管理员可以导入通知、新增计划 (only an administrator imports "
		    "notices and adds plans)");
	return 0;
}

int auth_may_approve(const struct auth_user *u, const char *submitter, struct ms_err *err)
{
	if (!refuse_anonymous(u, err))
		return 0;
	if (!submitter || strcmp(u->name, submitter))
		return 1;
	ms_err_setk(err, MS_E_FORBIDDEN, "不能审核本人报送的数据，须由他人审核：%s 报送了该数据 "
		    "(a report is reviewed by someone other than its submitter)", u->name);
	return 0;
}

int auth_may_see_draft(const struct auth_user *u, const char *org)
{
	return u->role == ROLE_ADMIN || (u->role == ROLE_REPORTER && !strcmp(u->org, org));
}

int auth_may_rate(const struct auth_user *u, struct ms_err *err)
{
	if (!refuse_anonymous(u, err))
		return 0;
	if (u->role == ROLE_ADMIN)
		return 1;
	ms_err_setk(err, MS_E_FORBIDDEN, "只有管理员可以评定 (only an administrator rates work without figures)");
	return 0;
}

/* 催报 and 督办: the office (an administrator) reminds and issues; the unit addressed answers. */
int auth_may_follow(const struct auth_user *u, struct ms_err *err)
{
	if (!refuse_anonymous(u, err))
		return 0;
	if (u->role == ROLE_ADMIN)
		return 1;
	ms_err_setk(err, MS_E_FORBIDDEN, "只有管理员（督查办公室）可以催报和签发督办单 (only an administrator reminds units and issues supervision notices)");
	return 0;
}

int auth_may_answer_duban(const struct auth_user *u, const char *org, struct ms_err *err)
{
	if (!refuse_anonymous(u, err))
		return 0;
	if (u->role == ROLE_ADMIN ||
	    ((u->role == ROLE_LEAD || u->role == ROLE_REPORTER) && org && !strcmp(u->org, org)))
		return 1;
	ms_err_setk(err, MS_E_FORBIDDEN, "只有被督办单位可以答复督办单 (only the unit addressed answers a supervision notice)");
	return 0;
}

int auth_may_see_duban(const struct auth_user *u, const char *org)
{
	return u->role == ROLE_ADMIN || (u->role != ROLE_NONE && u->role != ROLE_VIEWER && org && !strcmp(u->org, org));
}
