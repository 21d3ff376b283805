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
const ACTION_MS = 15000; // any one step; nothing waits on a clock otherwise

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
	await page.screenshot({ path: `${shots}/${name}-desktop.png`, fullPage: true });
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
	await page.screenshot({ path: `${shots}/${name}-phone.png`, fullPage: true });
	await page.setViewportSize(DESKTOP);
	(facts.shots ??= []).push(name);
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
		start: '2023-03-01', end: '2024-02-29', group: 'graduate' }))
		await page.fill(`form.calc input[name="${k}"]`, v);
	await Promise.all([page.waitForURL(/[?&]principal=/), page.click('form.calc button[type="submit"]')]);
	await note('calc-loan');
	flow.loan = await thTd(page.locator('h2:text-is("结果") + table'));
	flow.loan_steps = await page.locator('h2:text-is("计算过程及依据") + ol > li').count();
	await shoot('calc-loan');

	await visit('calc-dibao', '/calc/dibao');
	for (const [k, v] of Object.entries({ area: 'urban', members: '3', income: '1500', month: '2023-07' }))
		await page.fill(`form.calc input[name="${k}"]`, v);
	await Promise.all([page.waitForURL(/[?&]area=/), page.click('form.calc button[type="submit"]')]);
	await note('calc-dibao');
	flow.dibao = await thTd(page.locator('h2:text-is("结果") + table'));
	await shoot('calc-dibao');

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

	// --- and submits a value ---
	const form = page.locator('form[id="r-1.loans_new"]');
	flow.report_before = await form.locator('input[name="value"]').inputValue();
	flow.report_unit = await text(form.locator('span.unit'));
	// a plain number: the box is in 亿元, as the target beside it
	await form.locator('input[name="value"]').fill('200');
	await form.locator('textarea[name="narrative"]').fill('（浏览器测试）南昌市全年新增发放创业担保贷款200亿元。');
	await Promise.all([page.waitForURL(/[?&]saved=/), form.locator('button[value="submit"]').click()]);
	await note('report');
	flow.report_url = pageFacts('report').url;
	flow.report_ok = await text(page.locator('.ok'));
	flow.report_after = await form.locator('input[name="value"]').inputValue();
	flow.report_narrative = await form.locator('textarea[name="narrative"]').inputValue();
	flow.report_state = await text(form.locator('h3 small'));
	flow.api_submitted = await api(`/api/v1/reports?org=360100&indicator=1.loans_new&round=${ROUND}`);
	await shoot('report');

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

	// --- the lead unit approves it ---
	await login('hrss');
	await visit('review-lead', `/review?round=${ROUND}`);
	const row = page.locator('tr')
		.filter({ has: page.locator('input[name="indicator"][value="1.loans_new"]') })
		.filter({ has: page.locator('input[name="org"][value="360100"]') });
	flow.review_rows = await row.count();
	flow.review_row = (await row.locator('td').allTextContents()).slice(0, 5);
	await Promise.all([page.waitForURL(/[?&]done=approved/), row.locator('button[value="approve"]').click()]);
	await note('review-lead');
	flow.review_ok = await text(page.locator('.ok'));
	flow.review_rows_after = await row.count();
	flow.api_approved = await api(`/api/v1/reports?org=360100&indicator=1.loans_new&round=${ROUND}`);
	await shoot('review-lead');

	// staff see the live drafts too, marked 草稿
	await visit('bulletins-staff', '/bulletins');
	flow.bulletin_drafts_staff = await page.locator('span.demo:text-is("草稿")').count();
	await shoot('bulletins-staff');

	await visit('journal', '/journal');
	flow.journal_top = (await page.locator('table tr').evaluateAll((rows) =>
		rows.slice(1, 6).map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' | '))));
	await shoot('journal');
	await visit('overview-lead', '/?as_of=2023-07-01');
	await shoot('overview-lead');
	flow.logout_hrss = await logout();

	// --- the administrator's review page ---
	await login('admin');
	await visit('review-admin', `/review?round=${ROUND}`);
	flow.review_admin_rounds = await text(page.locator('h2:text-is("报送轮次") ~ table'));
	await shoot('review-admin');
	// 佐证材料: a report's evidence page with its upload form (web/evidence.c)
	await visit('evidence', `/evidence?indicator=10.aeds&org=360100&round=${ROUND}`);
	await shoot('evidence');
	await visit('overview-admin', '/?as_of=2023-07-01');
	await shoot('overview-admin');
	await visit('item-10-admin', '/item/10?as_of=2023-07-01');
	await shoot('item-10-admin');
	flow.logout_admin = await logout();
} catch (e) {
	facts.error = `${current}: ${e.message.split('\n').slice(0, 6).join(' / ')}`;
	try { await page.screenshot({ path: `${shots}/FAILED-${current}.png`, fullPage: true }); } catch { /* no page to show */ }
} finally {
	save();
	await browser.close();
}
process.exit(facts.error ? 1 : 0);
