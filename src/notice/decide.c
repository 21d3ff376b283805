/*
 * decide.c - the administrator's decision on each unit a draft proposes
 * (the draft's "orgs"): created as proposed, the existing unit it is close
 * to, or left out. See notice.h.
 */
#include "notice.h"

#include <string.h>

#include "core/banned.h"

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* The draft's proposed unit with this code, its index in *at; NULL when none. */
static json_t *proposed(json_t *plan, const char *code, size_t *at)
{
	json_t *g;
	size_t i;

	json_array_foreach(json_object_get(plan, "orgs"), i, g)
		if (!strcmp(str(g, "code"), code)) {
			*at = i;
			return g;
		}
	return NULL;
}

/*
 * In every item's unit list: code becomes to, named to_name (a unit already
 * listed is not listed twice), or goes when to is NULL.
 */
static void replace_refs(json_t *plan, const char *code, const char *to, const char *to_name)
{
	static const char *const keys[] = { "lead_units", "responsible_units" };
	json_t *it, *u;
	size_t i, k, j, m;

	json_array_foreach(json_object_get(plan, "items"), i, it) {
		for (k = 0; k < 2; k++) {
			json_t *arr = json_object_get(it, keys[k]);
			int have = 0;

			for (m = 0; to && m < json_array_size(arr); m++)
				have |= !strcmp(str(json_array_get(arr, m), "org"), to);
			for (j = 0; j < json_array_size(arr);) {
				u = json_array_get(arr, j);
				if (strcmp(str(u, "org"), code)) {
					j++;
				} else if (to && !have) {
					json_object_set_new(u, "org", json_string(to));
					json_object_set_new(u, "name", json_string(to_name));
					have = 1;
					j++;
				} else {
					json_array_remove(arr, j);
				}
			}
		}
	}
}

/*
 * The unit's notes (topic unit_name, naming its code) say what was decided;
 * a 待核实 becomes 已记录. The problems, drawn one from each note in the same
 * order, say it too.
 */
static int mark_notes(struct notice_result *r, const char *code, const char *said)
{
	json_t *n, *p;
	size_t i;
	int settled = 0;

	json_array_foreach(json_object_get(r->plan, "notes"), i, n) {
		char text[2048];

		if (strcmp(str(n, "topic"), "unit_name") || !strstr(str(n, "text"), code))
			continue;
		if (!strcmp(str(n, "flag"), "待核实")) {
			json_object_set_new(n, "flag", json_string("已记录"));
			settled++;
		}
		snprintf(text, sizeof(text), "%s管理员核定：%s", str(n, "text"), said);
		json_object_set_new(n, "text", json_string(text));
		p = json_array_get(r->problems, i);
		if (p && !strcmp(str(p, "code"), "unit_name")) {
			json_object_set_new(p, "severity", json_string("info"));
			json_object_set_new(p, "text", json_string(text));
		}
	}
	return settled;
}

int notice_unit_decide(struct notice_result *r, const char *code, enum notice_unit_choice choice,
		       const struct plan_orgs *orgs, struct ms_err *err)
{
	const struct plan_org *sim;
	json_t *g = NULL, *arr = json_object_get(r->plan, "orgs");
	char said[512], name[256], similar[64];
	size_t at = 0;

	if (r->plan)
		g = proposed(r->plan, code, &at);
	if (!g)
		return ms_err_field(err, MS_E_INVALID, "unit", "草案没有提出单位 %s (the draft proposes no "
				    "unit %s)", code, code);
	snprintf(name, sizeof(name), "%s", str(g, "name"));
	snprintf(similar, sizeof(similar), "%s", str(g, "similar"));
	switch (choice) {
	case NOTICE_UNIT_NEW:
		snprintf(said, sizeof(said), "作为新单位 %s 建立。", code);
		break;
	case NOTICE_UNIT_SAME:
		sim = *similar && orgs ? plan_orgs_find(orgs, similar) : NULL;
		if (!sim)
			return ms_err_field(err, MS_E_INVALID, "unit", "单位“%s”没有相近的已有单位，不能并入 "
					    "(%s is close to no existing unit)", name, code);
		snprintf(said, sizeof(said), "即已有单位“%s”（%s），各项改列该单位，不新建。", sim->name, similar);
		replace_refs(r->plan, code, similar, sim->name);
		json_array_remove(arr, at);
		break;
	case NOTICE_UNIT_DROP:
		snprintf(said, sizeof(said), "不建，不列入各项的单位。");
		replace_refs(r->plan, code, NULL, NULL);
		json_array_remove(arr, at);
		break;
	default:
		return ms_err_setk(err, MS_E_INTERNAL, "unknown choice for unit %s", code);
	}
	r->to_verify -= mark_notes(r, code, said);
	if (r->to_verify < 0)
		r->to_verify = 0;
	return 0;
}

enum notice_unit_choice notice_unit_choice_parse(const char *s)
{
	static const struct { const char *word; enum notice_unit_choice choice; } words[] = {
		{ "new", NOTICE_UNIT_NEW }, { "新建", NOTICE_UNIT_NEW },
		{ "same", NOTICE_UNIT_SAME }, { "即已有", NOTICE_UNIT_SAME }, { "即已有单位", NOTICE_UNIT_SAME },
		{ "drop", NOTICE_UNIT_DROP }, { "不建", NOTICE_UNIT_DROP },
	};
	size_t i;

	for (i = 0; s && i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(s, words[i].word))
			return words[i].choice;
	return 0;
}

/* The code of the proposed unit named (by code or by name) unit, into code; 0 when none. */
static int proposed_code(json_t *plan, const char *unit, char *code, size_t size)
{
	json_t *g;
	size_t i;

	json_array_foreach(json_object_get(plan, "orgs"), i, g)
		if (!strcmp(str(g, "code"), unit) || !strcmp(str(g, "name"), unit)) {
			snprintf(code, size, "%s", str(g, "code"));
			return 1;
		}
	return 0;
}

int notice_units_decide(struct notice_result *r, const char *spec, const struct plan_orgs *orgs,
			struct ms_err *err)
{
	char pair[512], code[64];
	const char *p = spec, *end, *eq;
	enum notice_unit_choice ch;
	size_t n;

	while (p && *p) {
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n >= sizeof(pair))
			return ms_err_field(err, MS_E_INVALID, "units", "单位的选择过长：%.40s… (a choice is too long)", p);
		memcpy(pair, p, n);
		pair[n] = '\0';
		p = end ? end + 1 : NULL;
		if (!n)
			continue;
		eq = strchr(pair, '=');
		if (!eq || eq == pair)
			return ms_err_field(err, MS_E_INVALID, "units", "“%s”：应写作 单位=new|same|drop（新建、即已有、"
					    "不建） (expected UNIT=new|same|drop)", pair);
		pair[eq - pair] = '\0';
		if (!(ch = notice_unit_choice_parse(eq + 1)))
			return ms_err_field(err, MS_E_INVALID, "units", "单位“%s”的选择“%s”只能是 new（新建）、same"
					    "（即已有单位）或 drop（不建） (%s: new, same or drop)", pair, eq + 1, pair);
		if (!r->plan || !proposed_code(r->plan, pair, code, sizeof(code)))
			return ms_err_field(err, MS_E_INVALID, "units", "草案没有提出单位“%s”：见草案的新单位列表 "
					    "(the draft proposes no unit %s)", pair, pair);
		if (notice_unit_decide(r, code, ch, orgs, err)) {
			snprintf(err->field, sizeof(err->field), "units");
			return -1;
		}
	}
	return 0;
}
