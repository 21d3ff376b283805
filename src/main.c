/*
 * main.c - minsheng's entry point: global options, then the command table.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/banned.h"

const struct cmd commands[] = {
	{ "init", cmd_init, "创建数据库并载入计划、区划和单位 — create the database and load the plan",
	  "usage: minsheng init [--plan FILE] [--force] [--demo] [--db PATH]\n"
	  "\n"
	  "创建数据库（SQLite，WAL），在一个事务中载入计划、江西省区划（11 个设区市、100 个县级区划）\n"
	  "和省直单位，并写入台账日志。已有数据库时拒绝覆盖，除非给出 --force。\n"
	  "Creates the database and loads the plan, regions and units in one transaction.\n"
	  "\n"
	  "  --plan FILE   the plan file (default: data/plans/jiangxi-2023.json)\n"
	  "  --force       replace an existing database (the new one is built aside, then moved in)\n"
	  "  --demo        add deterministic demonstration data (演示数据): breakdown, reports, sites\n"
	  "  --db PATH     the database (default $MINSHENG_DB, else ./minsheng.db)\n" },
	{ "plan", cmd_plan, "计划：列表、查看、校验、导出 — list, show, validate, export plans",
	  "usage: minsheng plan list [--json]\n"
	  "       minsheng plan show ID|FILE [--json]\n"
	  "       minsheng plan validate FILE [--json]\n"
	  "       minsheng plan export ID [-o FILE]\n"
	  "       minsheng plan add FILE\n"
	  "\n"
	  "list      计划列表（有数据库时读数据库，否则读 data/plans/）\n"
	  "show      一份计划的中文概览：每件实事的指标、目标、牵头单位和待核实事项；--json 输出完整计划\n"
	  "validate  校验计划文件：格式、编号、单位，以及每条引文是否与原文逐字节一致\n"
	  "export    以 JSON 输出数据库中的计划\n"
	  "add       把校验通过的计划文件（如 notice import -o 写出、人工核对过的草案）作为新计划存入数据库，\n"
	  "          记入台账日志；已有同名计划时拒绝。跟踪的仍是该年度最先载入的计划\n" },
	{ "org", cmd_org, "单位与区划 — organisations and regions",
	  "usage: minsheng org list [--kind province|city|county|department|office] [--parent CODE] [--json]\n"
	  "\n"
	  "列出数据库中的区划和单位（GB/T 2260 代码）。\n" },
	{ "param", cmd_param, "待遇参数：列表、查看 — dated, cited benefit parameters",
	  "usage: minsheng param list [--at DATE] [--params FILE] [--json]\n"
	  "       minsheng param show KEY [--params FILE] [--json]\n"
	  "\n"
	  "列出待遇参数的每个取值：有效期、区划、依据（通知原文 / 国家文件 / 假设）。\n"
	  "--at 只列该日有效的取值；show 显示一个参数的全部取值及通知原文。\n"
	  "参数文件默认 data/params/jiangxi.json（格式见 docs/PARAMS-FORMAT.md）。\n" },
	{ "calc", cmd_calc, "政策计算器：贷款贴息免息、低保、残疾人补贴、孤儿补贴 — benefit calculators",
	  "usage: minsheng calc loan --principal YUAN --rate PCT --lpr PCT --start DATE --end DATE\n"
	  "                          [--contract-date DATE] [--borrower individual|enterprise] [--group CODE]\n"
	  "       minsheng calc dibao --area urban|rural --members N --income YUAN --month YYYY-MM [--region CODE]\n"
	  "       minsheng calc disability --grade 1-4 --type TYPE --dibao yes|no --month YYYY-MM\n"
	  "                          [--certificate yes|no] [--care yes|no] [--tekun yes|no] [--orphan-support yes|no]\n"
	  "       minsheng calc orphan --kind KIND --month YYYY-MM [--placement dispersed|institutional]\n"
	  "   common options: [--explain] [--json] [--params FILE] [--param KEY=VALUE]...\n"
	  "\n"
	  "按通知及其援引的国家政策计算待遇，金额精确到分。--explain 列出每一步的算式、所用参数的\n"
	  "取值、生效日期、依据和通知原文；--json 的 trace 数组含同样内容。\n"
	  "  loan 人员类别 --group：graduate 高校毕业生, employment_difficulty 就业困难人员,\n"
	  "       returning_migrant 返乡创业农民工, poverty_alleviated 脱贫人口, retired_fisher 退捕渔民,\n"
	  "       veteran 复员转业退役军人, other 其他（中文名称亦可）\n"
	  "  disability --type：physical 肢体, visual 视力, hearing 听力, speech 言语, intellectual 智力,\n"
	  "       mental 精神, multiple 多重\n"
	  "  orphan --kind：orphan 孤儿, unsupported 事实无人抚养儿童, disabled_orphan 残疾孤儿,\n"
	  "       disabled_unsupported 残疾事实无人抚养儿童\n"
	  "  利率为百分数，最多两位小数；日期 YYYY-MM-DD；--param 临时改变一个参数（见 minsheng param list）。\n" },
	{ "batch", cmd_batch, "批量计算（发放名册）— a calculator over a CSV payroll",
	  "usage: minsheng batch loan|dibao|disability|orphan IN.csv [-o OUT.csv] [--summary] [--skip-bad]\n"
	  "                      [--month YYYY-MM] [--FIELD VALUE]... [--param KEY=VALUE]... [--params FILE]\n"
	  "\n"
	  "逐行计算。表头列名与 calc 的选项同名（低保：area,members,income，可选 region、month）；\n"
	  "其他列原样保留，输出 = 输入各列 + 计算列。--month 等选项为缺该列或该格为空的行提供取值。\n"
	  "有错误的行使整批停止，报告“文件:行: 列: 原因”，且不生成输出文件（先写临时文件，成功后改名）；\n"
	  "--skip-bad 则把错误行及原因写入 OUT.rejects.csv，其余照常输出。\n"
	  "--summary 输出汇总：行数、符合条件数、金额合计，有 region 列时按设区市汇总。\n" },
	{ "simulate", cmd_simulate, "改革测算 — cost a change of parameters over a payroll",
	  "usage: minsheng simulate dibao|disability|orphan|loan IN.csv --reform KEY=VALUE... [--by city]\n"
	  "                         [--month YYYY-MM] [--param KEY=VALUE]... [--params FILE] [--json]\n"
	  "\n"
	  "对同一批记录分别按现行参数（基线）和改革后参数计算：月度及年度支出、受益人数、\n"
	  "新增及不再符合条件的人数、增加者与减少者，--by city 按设区市列出。\n" },
	{ "assign", cmd_assign, "任务分解 — break targets down by region",
	  "usage: minsheng assign INDICATOR ORG TARGET [--plan ID]\n"
	  "       minsheng assign import FILE.csv       (columns indicator,org,target; all rows or none)\n"
	  "       minsheng assign standards             (each city gets every \"each-region\" standard)\n"
	  "       minsheng assign milestones INDICATOR 40% 80% 100%   (expected share per round)\n"
	  "       minsheng assign check                 (mismatches with the plan; exit 1 if any)\n"
	  "       minsheng assign list [--indicator ID] [--json]\n"
	  "\n"
	  "把计划目标分解到设区市、县（市、区）。目标按指标的单位书写：150亿元、600、95%、885。\n"
	  "check 列出分解合计与计划目标不符、标准类目标缺失或低于全省目标的情况。\n" },
	{ "report", cmd_report, "进展报送 — report progress for a round",
	  "usage: minsheng report INDICATOR ORG --round DATE (--value V | --numerator N --denominator D | --from-sites)\n"
	  "                       [--narrative TEXT] [--reason TEXT] [--draft] [--submitted-at TIME]\n"
	  "       minsheng report import FILE.csv\n"
	  "\n"
	  "数值为年度累计数。校验规则：不得为负；分子不得大于分母；低于上一轮累计数或超过目标3倍\n"
	  "须在 --narrative 中说明；未报数值须给出 --reason。--submitted-at 补录报送时间（北京时间）。\n"
	  "导入的 CSV 列名同选项（indicator,org,round,value,numerator,denominator,narrative,reason,\n"
	  "submitted_at,status），全部成功或全部不导入。\n" },
	{ "site", cmd_site, "点位 — delivered sites (each AED, each elderly home)",
	  "usage: minsheng site add INDICATOR ORG --name NAME [--kind KIND] [--address TEXT]\n"
	  "                         [--lat DEG --lon DEG] [--delivered DATE] [--status planned|building|delivered]\n"
	  "                         [--quantity N]\n"
	  "       minsheng site list [--indicator ID] [--org CODE] [--json]\n"
	  "       minsheng site import FILE.csv   (columns named like the options; delivered_on for --delivered)\n"
	  "\n"
	  "登记计数类指标的点位（如每台 AED 的投放场所：学校、企事业单位、市民服务中心、客运车站、火车站、\n"
	  "地铁站、大型体育运动场（馆）、大型商场、大型商业综合体）。无障碍改造等可按 --quantity 汇总登记。\n"
	  "报送时 report ... --from-sites 以截至报送节点已交付的点位数量作为完成数。\n" },
	{ "actuals", cmd_actuals, "由台账计算完成数 — actuals from a loan register or a 低保 payroll",
	  "usage: minsheng actuals loan REGISTER.csv --round DATE\n"
	  "       minsheng actuals dibao PAYROLL.csv --round DATE [--month YYYY-MM] [--params FILE]\n"
	  "\n"
	  "loan：贷款台账（列 region,borrower,principal,disbursed_on，可选 due_on,repaid）按设区市计算\n"
	  "新增发放额（1.loans_new）、个人贷款占比（1.individual_loan_share，按金额）和到期贷款回收率\n"
	  "（1.recovery_rate）。dibao：低保发放名册（同 batch dibao，须有 region 列）经低保计算器逐户计算，\n"
	  "按设区市得出城市、农村财政月人均补差水平（2.urban_topup_level、2.rural_topup_level）。\n"
	  "每个设区市、每项指标记录一份报送（来源 actuals），全部成功或全部不记录。\n" },
	{ "approve", cmd_approve, "审核通过 — approve a submitted report",
	  "usage: minsheng approve INDICATOR ORG --round DATE\n" },
	{ "return", cmd_return, "退回 — return a submitted report with a reason",
	  "usage: minsheng return INDICATOR ORG --round DATE --reason TEXT\n" },
	{ "status", cmd_status, "进展与预警 — progress, pace colours, reporting rates",
	  "usage: minsheng status [--as-of DATE] [--item N] [--org CODE] [--margin POINTS] [--json]\n"
	  "\n"
	  "截至某日每件实事、每个指标的目标、完成、完成率、时序进度和红黄绿状态，滞后地区，\n"
	  "各轮应报、已报、按时、逾期、未报。时序进度 = 自计划开始已过天数 ÷ 至最后一轮报送的天数；\n"
	  "黄 = 落后不超过 --margin 个百分点（默认 10），红 = 落后更多或最近一轮未报送。\n" },
	{ "bulletin", cmd_bulletin, "通报 — the bulletin after a reporting round",
	  "usage: minsheng bulletin --round DATE [--as-of DATE] [--format md|html|csv|xlsx] [-o FILE]\n"
	  "\n"
	  "生成某一报送节点的进展通报：总体情况、各项实事进展表、各地排名、明显滞后的指标及牵头单位、\n"
	  "逾期和未报送情况、下一步要求。默认截至报送截止日后第7天（通报印发时），--as-of 可改。\n"
	  "格式由 --format 或 -o 的扩展名决定：md（默认）、html（含 SVG 条形图）、csv（台账，Excel 可直接打开）、\n"
	  "xlsx（通报工作表 + 每件实事一张台账工作表，须 -o）。\n" },
	{ "serve", cmd_serve, "网页与数据接口 — serve the dashboard and the JSON API",
	  "usage: minsheng serve [--listen 127.0.0.1:8080] [--threads N] [--params FILE] [--db PATH]\n"
	  "\n"
	  "启动网页服务（libmicrohttpd，线程池，每个线程一个数据库连接），Ctrl-C 或 SIGTERM 平稳停止。\n"
	  "公开（无需登录）：\n"
	  "  /                      总览：各件实事的完成率、时序进度、红黄绿状态、报送情况\n"
	  "  /item/N                实事详情：各指标分地区的目标、完成、进度和报送\n"
	  "  /source                原文：通知全文，引文高亮并与指标互相链接；待核实事项\n"
	  "  /calc/KIND             政策计算器：表单、结果和每一步的依据\n"
	  "  /bulletins             通报：各报送节点的 网页/Excel/CSV/Markdown 下载\n"
	  "须登录（/login；账号见 minsheng user）：\n"
	  "  /report                报送：本地区各指标的表单（报送员；管理员可加 ?org=CODE）\n"
	  "  /review                审核：通过或退回已报送的数据（牵头单位、管理员）；管理员锁定/重开轮次\n"
	  "  /journal               台账日志：谁在何时改了什么，可筛选\n"
	  "数据接口 /api/v1/（说明见 /api/v1/openapi.json）：status、plan、items、indicators、orgs、\n"
	  "assignments、reports、sites、rounds、bulletins、params、calc/KIND 可读；写入（POST reports、reviews、\n"
	  "assignments、sites、rounds/DATE/lock|reopen）须 Authorization: Bearer TOKEN（minsheng user token）\n"
	  "或登录后的会话加 X-CSRF-Token。请求体上限 1 MiB。\n"
	  "--listen 的端口为 0 时自动选择空闲端口并打印。\n" },
	{ "survey", cmd_survey, "满意度调查 — import satisfaction survey responses",
	  "usage: minsheng survey import FILE.csv\n"
	  "\n"
	  "每行一份问卷：region（受访者所在区划代码）、item（实事序号）、satisfaction（满意 / 基本满意 /\n"
	  "不满意，或1–5分：4–5 满意，3 基本满意，1–2 不满意）；可选 aware（是/否，是否知晓）、\n"
	  "respondent（群众 / 人大代表 / 政协委员）。全部成功或全部不导入，错误指明行号和列。\n" },
	{ "evaluate", cmd_evaluate, "年终评议评估 — scores, grades and recommendations for next year",
	  "usage: minsheng evaluate [--year YEAR] [--as-of DATE] [--weights completion=50,timeliness=20,satisfaction=30]\n"
	  "                         [--json | --format md|html|xlsx|json] [-o FILE] [--save]\n"
	  "       minsheng evaluate show YEAR\n"
	  "\n"
	  "每件实事的得分 = 目标完成（各指标完成率封顶100%后平均，定性指标以是否报送进展计）、报送及时\n"
	  "（按时报送/应报）和群众满意度（满意+基本满意，附95%置信区间）的加权和；无调查数据时满意度权重\n"
	  "按比例分给另两项并注明。等级：优秀 ≥ 90，良好 ≥ 80，合格 ≥ 60。另按牵头单位和设区市评分。\n"
	  "建议：结转未完成目标（差额和未完成地区）、超额较多的目标建议提高、满意度或知晓率偏低的实事\n"
	  "建议复盘、逾期或缺报的地区建议督办、计划中仍待核实的事项。--save 保存为不可修改的评估快照\n"
	  "（记入台账日志），evaluate show YEAR 显示最近保存的一份。\n" },
	{ "notice", cmd_notice, "通知导入：由通知文本生成计划草案 — import a notice's text into a draft plan",
	  "usage: minsheng notice import FILE [-o PLAN.json] [--id ID] [--json] [--save]\n"
	  "\n"
	  "读取一份民生实事通知（UTF-8 或 GB18030/GBK，任意换行，可有重复、错位的段落），识别标题、发文机关、\n"
	  "日期、文号，按编号（一、（一）1. 第一条）分出各项实事，找出量化目标（数值、单位、比较词）、牵头\n"
	  "和责任单位、时限，每一条都记下原文位置（字节偏移和长度）。编号缺漏、重复段落、错位句子和互相\n"
	  "矛盾的单位列为问题或待核实事项。\n"
	  "\n"
	  "-o PLAN.json  写出计划草案（与 data/plans/ 同一格式，可用 plan validate 校验）；GB18030 输入另写\n"
	  "              转换后的 UTF-8 原文 PLAN.utf8.txt，草案引用它\n"
	  "--id ID       草案的计划编号（默认取自文件名）\n"
	  "--json        输出 {plan, facts, problems}\n"
	  "--save        校验通过后作为新计划存入数据库（记入台账日志）\n" },
	{ "user", cmd_user, "用户与权限：添加、改密码、接口令牌 — users, passwords, API tokens",
	  "usage: minsheng user add NAME --role admin|lead|reporter|viewer [--org CODE]\n"
	  "       minsheng user passwd NAME\n"
	  "       minsheng user token NAME [--days 90]\n"
	  "       minsheng user list [--json]\n"
	  "\n"
	  "角色：admin 管理员（一切写入，锁定和重开报送轮次）；lead 牵头单位（--org 省直部门代码，\n"
	  "审核、退回和分解本单位牵头的实事）；reporter 报送员（--org 设区市或县区代码，只报送本地区的数据和点位）；\n"
	  "viewer 只读。密码（至少8位）从终端输入两次（不回显），或从标准输入的第一行读取；\n"
	  "以 argon2id 存储。user passwd 同时注销该用户的所有登录和令牌。\n"
	  "user token 打印一个接口令牌（只显示一次，数据库只存其哈希），用法 Authorization: Bearer TOKEN。\n" },
	{ "round", cmd_round, "报送轮次：锁定、重开 — lock and reopen reporting rounds",
	  "usage: minsheng round list [--json]\n"
	  "       minsheng round lock DATE\n"
	  "       minsheng round reopen DATE\n"
	  "\n"
	  "锁定后该轮次不再接受报送（已报送的仍可审核），重开后恢复。每次操作记入台账日志。\n" },
	{ "journal", cmd_journal, "台账日志 — the audit journal",
	  "usage: minsheng journal [--since DATE] [--json]\n" },
	{ "history", cmd_history, "数据修改历史 — the history of one indicator in one region",
	  "usage: minsheng history INDICATOR ORG [--json]\n" },
	{ "help", cmd_help, "帮助 — help on a command",
	  "usage: minsheng help [COMMAND]\n" },
	{ "version", cmd_version, "版本 — print the version",
	  "usage: minsheng version\n" },
	{ NULL, NULL, NULL, NULL }
};

static const char *take_value(int *argc, char **argv, int i, int *consumed)
{
	const char *eq = strchr(argv[i], '=');

	if (eq) {
		*consumed = 1;
		return eq + 1;
	}
	if (i + 1 >= *argc)
		return NULL;
	*consumed = 2;
	return argv[i + 1];
}

int main(int argc, char **argv)
{
	struct cmd_ctx ctx = { 0 };
	const struct cmd *c;
	int i, j, n;

	ctx.db = getenv("MINSHENG_DB");
	if (!ctx.db || !*ctx.db)
		ctx.db = "./minsheng.db";
	ctx.actor = getenv("USER");
	if (!ctx.actor || !*ctx.actor)
		ctx.actor = "cli";

	/* global options may stand anywhere before "--": --db PATH, --json */
	for (i = 1; i < argc;) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--json")) {
			ctx.json = 1;
			n = 1;
		} else if (!strcmp(argv[i], "--db") || !strncmp(argv[i], "--db=", 5)) {
			ctx.db = take_value(&argc, argv, i, &n);
			if (!ctx.db || !*ctx.db) {
				cmd_fail("--db needs a path (--db 需要数据库路径)");
				return EXIT_USAGE;
			}
		} else {
			i++;
			continue;
		}
		for (j = i; j + n <= argc; j++)
			argv[j] = argv[j + n];
		argc -= n;
	}

	if (argc < 2)
		return cmd_help(1, argv, &ctx) == EXIT_OK ? EXIT_USAGE : EXIT_USAGE;
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(1, argv + 1, &ctx);
	if (cmd_is_help(argv[1]))
		return cmd_help(1, argv + 1, &ctx);
	c = cmd_find(argv[1]);
	if (!c) {
		cmd_fail("'%s' is not a command; see 'minsheng --help' (未知命令)", argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 2 && cmd_is_help(argv[2]))
		return cmd_help_of(c);
	return c->fn(argc - 1, argv + 1, &ctx);
}
