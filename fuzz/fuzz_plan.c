/*
 * fuzz_plan.c - the plan validator on arbitrary JSON: it must report, never
 * crash, and validating twice must give the same answer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "plan/plan.h"

static const char SRC[] = "江西省人民政府关于印发2023年民生实事安排方案的通知。新增发放创业担保贷款150亿元。";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ms_buf r1 = MS_BUF_INIT, r2 = MS_BUF_INIT;
	struct ms_err e;
	struct plan p;
	json_t *doc = ms_json_load_bytes((const char *)data, size, "fuzz", &e);
	int n1, n2;

	if (!doc)
		return 0;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return 0;
	}
	plan_load_doc(&p, doc, "fuzz", SRC, sizeof(SRC) - 1);
	n1 = plan_validate(&p, NULL, &r1, 20);
	n2 = plan_validate(&p, NULL, &r2, 20);
	if (n1 != n2 || strcmp(r1.buf, r2.buf))
		abort();
	if (n1 == 0) {
		/* a valid plan renders */
		ms_buf_reset(&r1);
		plan_render_text(&r1, p.doc);
	}
	plan_release(&p);
	ms_buf_release(&r1);
	ms_buf_release(&r2);
	return 0;
}
