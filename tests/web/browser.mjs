// tests/web/browser.mjs - drives the minsheng web pages in a real browser
// (Debian's headless Chromium, through playwright-core) and writes down what it
// saw as JSON; tests/cli/browser.sh starts the server, runs this and checks the
// facts with jq. This script decides nothing: it clicks, reads and records.
//
//   node browser.mjs BASE_URL SHOTS_DIR FACTS_JSON
//
// BASE_URL is the server (http://127.0.0.1:PORT, demo database); SHOTS_DIR gets
// NAME-desktop.png (1366x768) and NAME-phone.png (390x844), full page, of every
// page visited; FACTS_JSON gets:
//   pages.NAME = {url, status, title, h1, errors[], phone_width, phone_overflow[],
//                 phone_status: {tables, rows, checked, out[]}}
//   flow.*     = what the pages and the API showed at each step
// Every console error and uncaught page error is filed under the page showing
// at the time. Exits non-zero only if the run itself broke (a selector not
// found, a navigation that never came); facts gathered so far are still written.
import { chromium } from 'playwright-core';
import { writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [base0, shots, factsPath] = process.argv.slice(2);
if (!base0 || !shots || !factsPath) {
	console.error('usage: node browser.mjs BASE_URL SHOTS_DIR FACTS_JSON');
	process.exit(2);
}
const base = base0.replace(/\/$/, '');
const PASSWORD = 'minsheng2023';
const ROUND = '2023-12-25';
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const FILL = fileURLToPath(new URL('../cli/entry_fill.py', import.meta.url)); // fills a 报送表
// hang guards, not timings: any one step, and a full-page screenshot (a
// 9,500 px 公文 at 1366 px took over 15 s on a loaded CI machine)
const ACTION_MS = 30000;
const SHOT_MS = 120000;

mkdirSync(shots, { recursive: true });
const facts = { pages: {}, flow: {}, warnings: [], error: null };
const save = () => writeFileSync(factsPath, JSON.stringify(facts, null, 2) + '\n');

const browser = await chromium.launch({
	// launch() gives the browser a fresh profile in a temporary folder of its
	// own and removes it on close (it refuses --user-data-dir in args).
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	headless: true,
	args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	timeout: 30000,
});
const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
context.setDefaultTimeout(ACTION_MS);
context.setDefaultNavigationTimeout(ACTION_MS);
const page = await context.newPage();

// --- which page is showing, and what went wrong on it ---
let current = 'start';
const pageFacts = (name) => (facts.pages[name] ??= { errors: [] });
page.on('console', (m) => {
	const where = m.location();
	const at = where && where.url ? ` (${where.url}${where.lineNumber ? ':' + where.lineNumber : ''})` : '';
	if (m.type() === 'error') pageFacts(current).errors.push(`console: ${m.text()}${at}`);
	else if (m.type() === 'warning') facts.warnings.push(`${current}: ${m.text()}`);
});
page.on('pageerror', (e) => pageFacts(current).errors.push(`pageerror: ${e.message}`));
page.on('requestfailed', (r) => {
	// a link to a file the browser saves (the .xlsx 报送表) ends its navigation as ERR_ABORTED
	if (r.failure()?.errorText === 'net::ERR_ABORTED' && /\.xlsx(\?|$)/.test(new URL(r.url()).pathname + '?')) return;
	pageFacts(current).errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
});

async function visit(name, path) {
	current = name;
	const resp = await page.goto(base + path);
	await note(name, resp);
	return resp;
}

// records the page now showing under NAME (after a goto, a click or a redirect)
async function note(name, resp) {
	current = name;
	const f = pageFacts(name);
	const u = new URL(page.url());
	f.url = u.pathname + u.search;
	if (resp) f.status = resp.status();
	f.title = await page.title();
	f.h1 = (await page.locator('h1').first().textContent())?.trim() ?? null;
}

// full-page screenshots at both widths; and at phone width, the page's own
// width and the elements that stick out past the screen outside a scroller
async function shoot(name) {
	const f = pageFacts(name);
	await page.screenshot({ path: `${shots}/${name}-desktop.png`, fullPage: true, timeout: SHOT_MS });
	await page.setViewportSize(PHONE);
	const wide = await page.evaluate((w) => {
		// inside a horizontal scroller, sticking out is the scroller's business
		const scrolls = (e) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(e).overflowX);
		const inScroller = (e) => {
			for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
				if (scrolls(p)) return true;
			return false;
		};
		const boxOut = (e) => e.getBoundingClientRect().right > w + 1;
		// its box fits, but its own text runs past the screen (a long unbroken word)
		const textOut = (e) => !boxOut(e) && !scrolls(e) && e.scrollWidth > e.clientWidth + 1
			&& e.getBoundingClientRect().left + e.scrollWidth > w + 1
			&& ![...e.children].some((c) => boxOut(c) || textOut(c));
		const out = [];
		for (const e of document.body.querySelectorAll('*')) {
			if (inScroller(e)) continue;
			if (boxOut(e)) {
				if (out.some((o) => o.el.contains(e))) continue; // the outermost only
				out.push({ el: e, right: Math.round(e.getBoundingClientRect().right) });
			} else if (textOut(e)) {
				out.push({ el: e, right: Math.round(e.getBoundingClientRect().left + e.scrollWidth) });
			}
		}
		return {
			width: document.documentElement.scrollWidth,
			overflow: out.slice(0, 8).map((o) => {
				const e = o.el;
				const cls = e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '';
				return `${e.tagName.toLowerCase()}${cls} right=${o.right} "${(e.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
			}),
		};
	}, PHONE.width);
	f.phone_width = wide.width;
	f.phone_overflow = wide.overflow;
	// a progress table (总览, 实事详情): every row's 状态 cell must lie inside the
	// viewport, [0, 390] horizontally, both with its scrolling box at its left
	// end and scrolled fully to the right (the name and 状态 columns are sticky)
	f.phone_status = await page.evaluate((w) => {
		const res = { tables: 0, rows: 0, checked: 0, out: [] };
		for (const t of document.querySelectorAll('table.ov')) {
			res.tables++;
			const box = t.closest('.wrap');
			const ends = box ? [0, box.scrollWidth - box.clientWidth] : [0];
			for (const x of ends) {
				if (box) box.scrollLeft = x;
				for (const r of t.rows) {
					const c = r.querySelector(':scope > .st');
					if (!c) { res.out.push(`no 状态 cell: "${r.textContent.trim().slice(0, 30)}"`); continue; }
					if (x === 0) res.rows++;
					res.checked++;
					const b = c.getBoundingClientRect();
					if (b.left < 0 || b.right > w)
						res.out.push(`scroll ${x}: ${Math.round(b.left)}..${Math.round(b.right)} "${r.cells[0].textContent.trim().slice(0, 20)}"`);
				}
			}
			if (box) box.scrollLeft = 0;
		}
		res.out = res.out.slice(0, 8);
		return res;
	}, PHONE.width);
	await page.screenshot({ path: `${shots}/${name}-phone.png`, fullPage: true, timeout: SHOT_MS });
	await page.setViewportSize(DESKTOP);
	(facts.shots ??= []).push(name);
}

// At phone width, the key elements of a page (mode 'review': every 通过/退回
// button; 'eval': every data row's 得分 and 等级 cells, td.sc and td.gr, of
// the score tables, table.ev) must
// lie inside the viewport, [0, 390], with their scrolling box (a .wrap) at
// its left end or scrolled fully right. A row without its key cell counts out.
async function keysInView(mode) {
	await page.setViewportSize(PHONE);
	const res = await page.evaluate(([m, w]) => {
		const keys = [];
		if (m === 'review') {
			keys.push(...[...document.querySelectorAll('main button')].filter((b) => /通过|退回/.test(b.textContent)));
		} else {
			for (const t of document.querySelectorAll('main table.ev'))
				for (const r of t.rows) {
					if (r.querySelector(':scope > th')) continue;
					keys.push(r.querySelector(':scope > td.sc'), r.querySelector(':scope > td.gr'));
				}
		}
		const out = { n: 0, out: [] };
		for (const e of keys) {
			if (!e) { out.out.push('a row without its key cell'); continue; }
			out.n++;
			const box = e.closest('.wrap');
			const ends = box ? [0, box.scrollWidth - box.clientWidth] : [0];
			let seen = false;
			for (const x of ends) {
				if (box) box.scrollLeft = x;
				const b = e.getBoundingClientRect();
				if (b.left >= 0 && b.right <= w) seen = true;
			}
			if (box) box.scrollLeft = 0;
			if (!seen) out.out.push(`${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}" outside at either end`);
		}
		out.out = out.out.slice(0, 8);
		return out;
	}, [mode, PHONE.width]);
	await page.setViewportSize(DESKTOP);
	return res;
}

const text = async (loc) => ((await loc.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
// a two-column result table (th, td) as {th: td}
const thTd = async (table) => Object.fromEntries(await table.locator('tr').evaluateAll((rows) =>
	rows.map((r) => [r.querySelector('th')?.textContent.trim(), r.querySelector('td')?.textContent.trim()])));
const api = async (path) => {
	const r = await page.request.get(base + path);
	return { status: r.status(), body: await r.json() };
};

async function login(name, password = PASSWORD) {
	await visit('login', '/login');
	await page.fill('form.login input[name="name"]', name);
	await page.fill('form.login input[name="password"]', password);
	await Promise.all([
		page.waitForURL((u) => u.pathname !== '/login'),
		page.click('form.login button[type="submit"]'),
	]);
}

async function logout() {
	await page.click('nav form[action="/logout"] button');
	// the page that follows shows 登录 in the nav again
	await page.locator('nav .me a[href="/login"]').waitFor();
	const u = new URL(page.url());
	return { url: u.pathname + u.search, nav: await text(page.locator('nav .me')) };
}

try {
	const flow = facts.flow;
	facts.browser = browser.version();

	// --- public pages ---
	await visit('overview', '/?as_of=2023-07-01');
	flow.overview_facts = await text(page.locator('.facts'));
	flow.overview_lead1 = await text(page.locator('tr.item', { has: page.locator('a[href="/item/1"]') }).locator('td.lead'));
	flow.overview_lag = await page.locator('td.lag span').count();
	flow.overview_absent = await page.locator('tr.absent').evaluateAll((rows) =>
		rows.map((r) => `${r.cells[0].textContent.trim()} ${r.cells[1].textContent.trim()}`));
	flow.overview_counts = await page.locator('.fact.count').allTextContents();
	await shoot('overview');
	// the round selector, a plain GET form
	await page.selectOption('select[name="as_of"]', '2023-10-30');
	await Promise.all([page.waitForURL(/as_of=2023-10-30/), page.click('.pick form:first-of-type button')]);
	await note('overview-round');
	flow.overview_round_facts = await text(page.locator('.facts .fact').first());
	await visit('item-7', '/item/7');
	flow.item7_note = await text(page.locator('main p.note'));
	await shoot('item-7');

	await visit('item-1', '/item/1?as_of=2023-07-01');
	await shoot('item-1');
	await visit('item-10', '/item/10?as_of=2023-07-01');
	flow.item10_h2 = await text(page.locator('h2[id="ind-10.aeds"]'));
	await shoot('item-10');

	await visit('source', '/source');
	flow.source_marks = await page.locator('mark a[href^="#ind-"]').count();
	await shoot('source');

	// the calculator's own form, filled in and sent as a person would
	await visit('calc-loan', '/calc/loan');
	for (const [k, v] of Object.entries({ principal: '100000', rate: '5.15', lpr: '3.65',
		start: '2023-03-01', end: '2024-02-29' }))
		await page.fill(`form.calc input[name="${k}"]`, v);
	// an enumeration is a select of its Chinese names
	await page.selectOption('form.calc select[name="group"]', { label: '高校毕业生' });
	await Promise.all([page.waitForURL(/[?&]principal=/), page.click('form.calc button[type="submit"]')]);
	await note('calc-loan');
	flow.loan = await thTd(page.locator('h2:text-is("结果") + table'));
	flow.loan_steps = await page.locator('h2:text-is("计算过程及依据") + ol > li').count();
	await shoot('calc-loan');

	await visit('calc-dibao', '/calc/dibao');
	flow.dibao_controls = await page.locator('form.calc').evaluate((f) =>
		[...f.querySelectorAll('input, select')].map((e) => `${e.name}:${e.tagName === 'SELECT' ? 'select' : e.type}`));
	await page.selectOption('form.calc select[name="area"]', { label: '城市' });
	for (const [k, v] of Object.entries({ members: '3', income: '1500', month: '2023-07' }))
		await page.fill(`form.calc input[name="${k}"]`, v);
	await page.selectOption('form.calc select[name="region"]', { label: '东湖区' });
	await Promise.all([page.waitForURL(/[?&]area=/), page.click('form.calc button[type="submit"]')]);
	await note('calc-dibao');
	flow.dibao = await thTd(page.locator('h2:text-is("结果") + table'));
	await shoot('calc-dibao');

	// a refusal: in Chinese, beside its field
	await visit('calc-dibao-error', '/calc/dibao?area=urban&members=0&income=1500&month=2023-07');
	flow.calc_error = await text(page.locator('#err-members'));
	flow.calc_error_beside = await page.locator('#err-members').evaluate((e) =>
		e.closest('.cf')?.querySelector('input[name="members"]')?.getAttribute('aria-invalid') ?? null);
	await shoot('calc-dibao-error');

	await visit('calc-disability', '/calc/disability');
	await shoot('calc-disability');
	await visit('calc-orphan', '/calc/orphan');
	await shoot('calc-orphan');

	await visit('bulletins', '/bulletins');
	flow.bulletin_links = await page.locator('a[href$=".html"]').count();
	await shoot('bulletins');
	flow.bulletin_drafts_anonymous = await page.locator('span.demo:text-is("草稿")').count();
	// an issued one from its link on the 通报 list, as a reader would: it opens in the browser
	// (Content-Disposition: inline), with the server's own headers
	current = 'bulletin-html';
	const [blResp] = await Promise.all([page.waitForResponse(/\/bulletins\/1\.html$/),
		page.waitForURL(/\/bulletins\/1\.html$/),
		page.click('a[href="/bulletins/1.html"]')]);
	flow.bulletin_disposition = (await blResp.allHeaders())['content-disposition'] ?? null;
	await note('bulletin-html', blResp);
	await shoot('bulletin-html');

	await visit('evaluation', '/evaluation');
	await shoot('evaluation');
	pageFacts('evaluation').phone_keys = await keysInView('eval');

	// --- 民生地图 and 点位 ---
	await visit('map', '/map?as_of=2023-11-15');
	flow.map_counties = await page.locator('svg.map path.county').count();
	flow.map_sites = await page.locator('svg.map circle.site').count();
	flow.map_titles = await page.locator('svg.map path.county > title').count();
	flow.map_count = await text(page.locator('#map-count'));
	await shoot('map');
	// the indicator that shades it, chosen in a plain GET form
	await page.selectOption('form.pick select[name="indicator"]', '10.aeds');
	await page.selectOption('form.pick select[name="sites"]', '10.aeds');
	await Promise.all([page.waitForURL(/indicator=10\.aeds/), page.click('form.pick button[type="submit"]')]);
	await note('map-aeds');
	flow.map_aeds_h2 = await text(page.locator('#map-ind'));
	flow.map_aeds_sites = await page.locator('svg.map circle.site').count();
	await visit('sites', '/sites?indicator=10.aeds&region=360100');
	flow.sites_count = await text(page.locator('#site-count'));
	await shoot('sites');
	await page.selectOption('form.pick select[name="status"]', 'building');
	await Promise.all([page.waitForURL(/status=building/), page.click('form.pick button[type="submit"]')]);
	await note('sites-building');
	flow.sites_building = await page.locator('table.sites td.st').allTextContents();

	// --- 征集票决 (issue 17) ---
	await visit('proposals', '/proposals?region=360121&level=%E5%8E%BF&year=2024');
	await page.fill('form.entry input[name="title"]', '浏览器提交：增设社区助餐点');
	await page.selectOption('form.entry select[name="field"]', '养老');
	await page.fill('form.entry textarea[name="body"]', '建议在老城区增设社区助餐点，方便高龄老人就餐。');
	await Promise.all([page.waitForURL(/sent=/), page.click('form.entry button[type="submit"]')]);
	await note('proposals');
	flow.proposal_ok = await text(page.locator('p.ok'));
	await shoot('proposals');
	await visit('candidates', '/candidates?region=360121&year=2024');
	flow.candidates_rows = (await page.locator('main table tr').count()) - 1;
	await shoot('candidates');
	await visit('vote', '/vote?session=2');
	await page.fill('form.entry input[name="token"]', process.env.VOTE_TOKEN ?? '');
	await page.check('form.entry input[name="c1"]');
	await page.check('form.entry input[name="c3"]');
	await Promise.all([page.waitForURL(/cast=1/), page.click('form.entry button[type="submit"]')]);
	await note('vote');
	flow.vote_ok = await text(page.locator('p.ok'));
	await shoot('vote');
	await visit('vote-result', '/vote/result?session=1');
	flow.vote_summary = await text(page.locator('main p b'));
	await shoot('vote-result');
	await visit('survey', '/survey?plan=jiangxi-2023');
	await page.check('form.entry input[name="i1"][value="满意"]');
	await page.check('form.entry input[name="i2"][value="基本满意"]');
	await Promise.all([page.waitForURL(/sent=1/), page.click('form.entry button[type="submit"]')]);
	await note('survey');
	flow.survey_ok = await text(page.locator('p.ok'));
	await shoot('survey');

	// --- logins ---
	await visit('report-anonymous', '/report');
	flow.report_anonymous_url = new URL(page.url()).pathname;
	flow.report_anonymous_next = new URL(page.url()).searchParams.get('next');

	await visit('login', '/login');
	await shoot('login');
	current = 'login-error';
	await page.fill('form.login input[name="name"]', 'nanchang');
	await page.fill('form.login input[name="password"]', 'not-the-password');
	await page.click('form.login button[type="submit"]');
	await page.locator('p.err').waitFor();
	await note('login-error');
	flow.login_error = await text(page.locator('p.err'));
	flow.login_error_next = await page.inputValue('form.login input[name="next"]');
	flow.login_error_name_kept = await page.inputValue('form.login input[name="name"]');
	await shoot('login-error');

	// --- a city reporter asks for 报送, logs in, and is brought back to it ---
	await visit('report-login', `/report?round=${ROUND}`);
	flow.report_login_url = pageFacts('report-login').url;
	await page.fill('form.login input[name="name"]', 'nanchang');
	await page.fill('form.login input[name="password"]', PASSWORD);
	await Promise.all([
		page.waitForURL((u) => u.pathname !== '/login'),
		page.click('form.login button[type="submit"]'),
	]);
	await note('report');
	flow.report_after_login_url = pageFacts('report').url;
	flow.nanchang_nav = await text(page.locator('nav .me'));
	await visit('overview-reporter', '/?as_of=2023-07-01');
	await shoot('overview-reporter');
	await visit('report', `/report?round=${ROUND}`);

	// --- and files the whole round in one submit: first with a wrong box ---
	const rowOf = (id) => page.locator(`tr[id="row-${id}"]`);
	flow.report_rows = await page.locator('table.entry tr[id^="row-"]').count();
	flow.report_before = await page.inputValue('input[name="v.1.loans_new"]');
	flow.report_unit = await text(rowOf('1.loans_new').locator('td.unit'));
	// what a clerk fills: every empty 进展情况, and a reason where there is no value
	const fillRound = async () => page.evaluate(() => {
		for (const t of document.querySelectorAll('#entry textarea[name^="g."]:not([disabled])'))
			if (!t.value) t.value = '（浏览器测试）按计划推进。';
		for (const r of document.querySelectorAll('#entry input[name^="r."]:not([disabled])')) {
			const id = r.name.slice(2);
			const v = document.querySelector(`[name="v.${id}"]`), n = document.querySelector(`[name="n.${id}"]`);
			if (!r.value && !(v && v.value) && !(n && n.value)) r.value = '（浏览器测试）数据尚在统计。';
		}
	});
	await fillRound();
	await page.fill('input[name="v.1.loans_new"]', '200');
	await page.fill('textarea[name="g.1.loans_new"]', '（浏览器测试）南昌市全年新增发放创业担保贷款200亿元。');
	await page.fill('input[name="v.10.aeds"]', '-5');
	current = 'report-error';
	await Promise.all([page.waitForLoadState('load'), page.waitForResponse((r) => r.url().endsWith('/report/round')),
		page.click('#entry button[value="submit"]')]);
	await page.locator('#errors').waitFor();
	await note('report-error');
	flow.report_error_status = 422;
	flow.report_error = await text(page.locator('[id="err-10.aeds"]'));
	flow.report_error_summary = await page.locator('#errors li').count();
	flow.report_error_focus = await page.evaluate(() => document.activeElement && document.activeElement.id);
	flow.report_error_in_view = await page.evaluate(() => {
		const r = document.getElementById('f-v.10.aeds').getBoundingClientRect();
		return r.top >= 0 && r.bottom <= window.innerHeight && window.scrollY > 0;
	});
	flow.report_error_kept = await page.inputValue('input[name="v.1.loans_new"]');
	await shoot('report-error');
	// corrected: the whole round in one submit
	await page.fill('input[name="v.10.aeds"]', '70');
	await Promise.all([page.waitForURL(/[?&]done=submit/), page.click('#entry button[value="submit"]')]);
	await note('report');
	flow.report_url = pageFacts('report').url;
	flow.report_ok = await text(page.locator('.ok'));
	flow.report_after = await page.inputValue('input[name="v.1.loans_new"]');
	flow.report_narrative = await page.inputValue('textarea[name="g.1.loans_new"]');
	flow.report_state = await text(rowOf('1.loans_new').locator('td.st'));
	flow.report_submitted = await page.locator('table.entry td.st-submitted').count();
	flow.api_submitted = await api(`/api/v1/reports?org=360100&indicator=1.loans_new&round=${ROUND}`);
	await shoot('report');

	// --- the Excel 报送表: downloaded, filled, uploaded ---
	const [dl] = await Promise.all([page.waitForEvent('download'),
		page.click('a[href^="/report/template.xlsx"]')]);
	const tpl = `${shots}/report-template.xlsx`, filled = `${shots}/report-filled.xlsx`;
	await dl.saveAs(tpl);
	flow.template_name = dl.suggestedFilename();
	execFileSync('python3', [FILL, 'xlsx', tpl, filled, '10.aeds:E=75', '10.aeds:H=（浏览器测试 Excel）新增配备5台。']);
	await page.setInputFiles('form.xlsx input[type="file"]', filled);
	await Promise.all([page.waitForURL(/[?&]done=submit/), page.click('form.xlsx button[value="submit"]')]);
	await note('report-upload');
	flow.upload_ok = await text(page.locator('.ok'));
	flow.upload_value = await page.inputValue('input[name="v.10.aeds"]');
	flow.upload_narrative = await page.inputValue('textarea[name="g.10.aeds"]');

	// as of today: the page as of an earlier day rightly leaves out a report sent later;
	// the official page counts approved reports only, the staff switch counts this one too
	await visit('item-1-after', '/item/1');
	flow.item1_nanchang_official = await page.locator('h2[id="ind-1.loans_new"] ~ div.wrap').first()
		.locator('tr', { hasText: '南昌市' }).locator('td').allTextContents();
	await Promise.all([page.waitForURL(/unreviewed=1/), page.click('a:has-text("含待审核数据")')]);
	flow.item1_nanchang = await page.locator('h2[id="ind-1.loans_new"] ~ div.wrap').first()
		.locator('tr', { hasText: '南昌市' }).locator('td').allTextContents();
	flow.logout_nanchang = await logout();
	await visit('report-after-logout', '/report');
	flow.report_after_logout_url = new URL(page.url()).pathname;

	// --- the lead unit approves all filtered rows in one action ---
	await login('hrss');
	await visit('review-lead', `/review?round=${ROUND}&item=1&region=360100`);
	const row = page.locator('tr').filter({ has: page.locator('input[name="k"][value="1.loans_new|360100"]') });
	flow.review_rows = await row.count();
	flow.review_row = (await row.locator('td').allTextContents()).slice(1, 9).filter((t, i) => i !== 6).map((t) => t.replace(/\s+/g, ' ').trim());
	flow.review_checkboxes = await page.locator('input[name="k"]').count();
	// the line boxes of each region's name: 1 (南昌市), never 2 (南昌/市)
	flow.review_region_lines = await page.locator('td.region').evaluateAll((tds) => tds.map((td) => {
		const r = document.createRange();
		r.selectNodeContents(td.firstChild);
		return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size;
	}));
	await Promise.all([page.waitForURL(/[?&]done=approved/), page.click('button[value="approve_all"]')]);
	await note('review-lead');
	flow.review_ok = await text(page.locator('.ok'));
	flow.review_rows_after = await page.locator('input[name="k"]').count();
	flow.api_approved = await api(`/api/v1/reports?org=360100&indicator=1.loans_new&round=${ROUND}`);
	flow.api_approved_item1 = await api(`/api/v1/reports?org=360100&round=${ROUND}`);
	await shoot('review-lead');
	// every 通过 / 退回 button reachable at 390 px, its row's first cell in view beside it
	pageFacts('review-lead').phone_keys = await keysInView('review');

	// staff see the live drafts too, marked 草稿
	await visit('bulletins-staff', '/bulletins');
	flow.bulletin_drafts_staff = await page.locator('span.demo:text-is("草稿")').count();
	await shoot('bulletins-staff');

	await visit('journal', '/journal');
	flow.journal_top = (await page.locator('table tr').evaluateAll((rows) =>
		rows.slice(1, 41).map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' | '))));
	await shoot('journal');
	await visit('overview-lead', '/?as_of=2023-07-01');
	await shoot('overview-lead');
	flow.logout_hrss = await logout();

	// --- the administrator's review page ---
	await login('admin');
	await visit('vote-count', '/vote/count?session=2');
	flow.count_form = await page.locator('form.entry input[name="figures"]').count();
	await shoot('vote-count');
	// --- the staff's desk (issue 17): a county's proposals screened into candidates, 公示,
	// a session opened, deputies uploaded (.xlsx), the tokens printed, two ballots, the
	// tally, the draft plan accepted ---
	await visit('vote-desk', '/vote/desk?region=360123&level=%E5%8E%BF&year=2024');
	flow.desk_queue = await text(page.locator('h3#queue'));
	await Promise.all([page.waitForURL(/done=published/),
		page.locator('table.queue form.mod').first().locator('button[value="published"]').click()]);
	const lastMod = page.locator('table.queue form.mod').last();
	await lastMod.locator('input[name="reason"]').fill('已列入省级项目');
	await Promise.all([page.waitForURL(/done=declined/), lastMod.locator('button[value="declined"]').click()]);
	await note('vote-desk');
	flow.desk_declined = await text(page.locator('p.ok'));
	flow.desk_queue_after = await text(page.locator('h3#queue'));
	const picks = page.locator('#f-candidate-proposals input[type="checkbox"]');
	for (const k of [1, 2, 3]) {
		await picks.nth(0).check();
		await picks.nth(1).check();
		await page.fill('#f-candidate-title', `候选项目${k}：建设社区养老服务设施`);
		await page.fill('#f-candidate-targets', `新建${k}0个社区养老服务站`);
		await page.fill('#f-candidate-lead', '县民政局');
		await page.fill('#f-candidate-units', '各乡镇人民政府');
		await page.fill('#f-candidate-cost', k === 1 ? '120' : `${k}00万元`);
		await page.fill('#f-candidate-cost_basis', '按每站10万元测算');
		await page.fill('#f-candidate-feasibility', '场地已落实，可行');
		if (k === 1) {
			// a cost without its unit: refused with 422, the message beside the box, the rest kept
			current = 'vote-desk-error';
			await Promise.all([page.waitForResponse((r) => r.url().endsWith('/vote/desk/candidate')),
				page.click('form.entry button:has-text("新建候选项目")')]);
			await page.locator('#err-candidate-cost').waitFor();
			await note('vote-desk-error');
			flow.desk_cost_error = await text(page.locator('#err-candidate-cost'));
			flow.desk_kept = [await page.inputValue('#f-candidate-title'), await picks.nth(0).isChecked()];
			await shoot('vote-desk-error');
			await page.fill('#f-candidate-cost', '120万元');
		}
		await Promise.all([page.waitForURL(/done=candidate/), page.click('form.entry button:has-text("新建候选项目")')]);
	}
	await note('vote-desk');
	flow.desk_candidate_ok = await text(page.locator('p.ok'));
	await Promise.all([page.waitForURL(/done=publish/), page.click('button:has-text("公示候选项目清单")')]);
	await note('vote-desk');
	flow.desk_cands = await text(page.locator('h3#cands'));
	await shoot('vote-desk');
	await page.fill('#f-open-title', '县第十八届人大三次会议');
	await page.fill('#f-open-places', '2');
	await Promise.all([page.waitForURL(/done=open/), page.click('button:has-text("开始票决")')]);
	const sid = new URL(page.url()).searchParams.get('session');
	await page.setInputFiles('form.entry input[type="file"]', process.env.VOTE_DEPUTIES ?? '');
	await Promise.all([page.waitForURL(/done=deputies/), page.click('button:has-text("导入代表名单")')]);
	await note('vote-session');
	flow.desk_deputies = await text(page.locator('p.ok'));
	await shoot('vote-session');
	current = 'vote-tokens';
	await Promise.all([page.waitForResponse((r) => r.url().endsWith('/vote/desk/tokens')),
		page.click('button:has-text("生成票证")')]);
	await page.locator('.slip code').first().waitFor();
	await note('vote-tokens');
	const tokens = await page.locator('.slip code').allTextContents();
	flow.desk_tokens = tokens.length;
	await shoot('vote-tokens');
	for (const tk of tokens.slice(0, 2)) {
		await visit('vote-desk-ballot', `/vote?session=${sid}`);
		await page.fill('form.entry input[name="token"]', tk);
		await page.check('form.entry input[name="c1"]');
		await page.check('form.entry input[name="c2"]');
		await Promise.all([page.waitForURL(/cast=1/), page.click('form.entry button[type="submit"]')]);
	}
	await visit('vote-session-closed', `/vote/desk/session?session=${sid}`);
	await Promise.all([page.waitForURL(/done=close/), page.click('button:has-text("结束票决")')]);
	await note('vote-session-closed');
	flow.desk_summary = await text(page.locator('p.summary b'));
	await shoot('vote-session-closed');
	current = 'vote-draft';
	await Promise.all([page.waitForResponse((r) => r.url().endsWith('/vote/desk/adopt')),
		page.click('button:has-text("生成计划草案")')]);
	await page.locator('table.draft').waitFor();
	await note('vote-draft');
	flow.draft_items = (await page.locator('table.draft tr').count()) - 1;
	await shoot('vote-draft');
	await Promise.all([page.waitForURL(/plan=vote-360123-2024/), page.click('button:has-text("接受为新计划")')]);
	await note('vote-plan');
	flow.adopted_url = pageFacts('vote-plan').url;
	flow.adopted_title = await page.title();
	await visit('review-admin', `/review?round=${ROUND}`);
	await shoot('review-admin');
	await visit('rounds', '/rounds');
	flow.review_admin_rounds = await text(page.locator('table.rounds'));
	await shoot('rounds');
	// 佐证材料: a report's evidence page with its upload form (web/evidence.c)
	await visit('evidence', `/evidence?indicator=10.aeds&org=360100&round=${ROUND}`);
	await shoot('evidence');
	await visit('overview-admin', '/?as_of=2023-07-01');
	await shoot('overview-admin');
	await visit('item-10-admin', '/item/10?as_of=2023-07-01');
	await shoot('item-10-admin');

	// --- 催报 and 督办: the office's list, a 督办单 issued through the form, the unit answers ---
	await visit('remind', '/remind?round=2023-10-30');
	flow.remind_rows = await page.locator('table tr').count() - 1;
	await shoot('remind');
	await visit('duban', '/duban');
	await page.selectOption('select[name="indicator"]', '10.aeds');
	await page.fill('input[name="org"]', '360400');
	await page.fill('textarea[name="what"]', '说明AED配备滞后原因，提出整改措施');
	await page.fill('input[name="answer_by"]', '2099-12-31');
	await Promise.all([page.waitForURL(/\/duban\/[0-9]+$/), page.click('button:has-text("签发")')]);
	await note('duban-one');
	flow.duban_issued_url = new URL(page.url()).pathname;
	flow.duban_issued_text = await text(page.locator('.explain'));
	await shoot('duban-one');
	await visit('duban', '/duban');
	await shoot('duban');
	// 印发通报 on the 通报 page: the next 文号 shown, 主送 and 抄送 set, the number left blank
	await visit('bulletins-admin', '/bulletins');
	flow.next_number = await text(page.locator('#next-number'));
	await shoot('bulletins-admin');
	await page.selectOption('select[name="round"]', '2023-06-30');
	await page.fill('input[name="to"]', '南昌市人民政府，九江市人民政府');
	await page.fill('input[name="cc"]', '省审计厅');
	await Promise.all([page.waitForURL(/\/bulletins\/[0-9]+\.html$/), page.click('button:has-text("印发")')]);
	flow.web_issued_url = new URL(page.url()).pathname;
	flow.web_issued_number = await text(page.locator('.banner .number').first());
	flow.web_issued_to = await text(page.locator('p.to').first());
	// the office keeps any unit's 联系人
	await visit('org-contact-admin', '/org/contact?org=360400');
	await shoot('org-contact-admin');
	flow.logout_admin = await logout();
	await login('jiujiang');
	await visit('duban-answer', flow.duban_issued_url);
	await page.fill('textarea[name="answer"]', '已督促各县区月底前完成配备');
	await Promise.all([page.waitForURL(/\/duban\/[0-9]+$/), page.click('button:has-text("答复")')]);
	await note('duban-answer');
	flow.duban_answered = await text(page.locator('h2'));
	await shoot('duban-answer');
	// the unit keeps its own 联系人 and 联系电话, reached from its name in the bar
	await Promise.all([page.waitForURL(/\/org\/contact$/), page.click('nav a[href="/org/contact"]')]);
	await page.fill('input[name="contact"]', '刘洋');
	await page.fill('input[name="phone"]', '0792-8221234');
	await Promise.all([page.waitForURL(/saved=1/), page.click('button:has-text("保存")')]);
	await note('org-contact');
	flow.contact_saved = await text(page.locator('.ok'));
	await shoot('org-contact');
	flow.logout_jiujiang = await logout();
} catch (e) {
	facts.error = `${current}: ${e.message.split('\n').slice(0, 6).join(' / ')}`;
	try { await page.screenshot({ path: `${shots}/FAILED-${current}.png`, fullPage: true, timeout: SHOT_MS }); } catch { /* no page to show */ }
} finally {
	save();
	await browser.close();
}
process.exit(facts.error ? 1 : 0);
