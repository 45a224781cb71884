// SPDX-License-Identifier: GPL-3.0-or-later
//
// The administrators' dashboard in real headless Chromium (Debian's
// package, driven by playwright-core), against the real awareness-server
// that tests/test-dashboard.c started and seeded.  Checks the pages
// against the numbers the test seeded (DASHBOARD_EXPECTED) and against
// the API, in English and Japanese; saves a screenshot of every page to
// DASHBOARD_SCREENSHOTS.  Exits 0 only if every check passed.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const http = require("node:http");
const https = require("node:https");
const path = require("node:path");
const { chromium } = require("playwright-core");

const origin = process.env.DASHBOARD_ORIGIN;
const expected = JSON.parse(process.env.DASHBOARD_EXPECTED);
const ca = fs.readFileSync(process.env.DASHBOARD_CA);
const shots = process.env.DASHBOARD_SCREENSHOTS;
const admin = { key: process.env.ADMIN_KEY, secret: process.env.ADMIN_SECRET };
const learner = { key: process.env.LEARNER_KEY, secret: process.env.LEARNER_SECRET };
const COOKIE = "__Host-awareness-session";

let checks = 0;
function check(description) {
  checks++;
  console.log("# ok " + checks + " " + description);
}

// A request to the server, trusting only the test certificate.
function request(method, pathname, headers) {
  return new Promise((resolve, reject) => {
    const req = https.request(origin + pathname, { method, headers: headers || {}, ca }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

function basic(account) {
  return { Authorization: "Basic " + Buffer.from(account.key + ":" + account.secret).toString("base64") };
}

// A page of another site, for the cross-site requests: an HTTP server on
// "localhost" (another site than 127.0.0.1), loopback only.
function startAttacker() {
  const payload = '{"staff_id":"csrf-victim","display_name":"x","department":"y","pad":"';
  const pages = {
    "/accounts": '<!DOCTYPE html><form method="POST" action="' + origin + '/admin/accounts" enctype="text/plain">' +
                 "<input name='" + payload + "' value='\"}'></form><script>document.forms[0].submit()</script>",
    "/sign-in": '<!DOCTYPE html><form method="POST" action="' + origin + '/dashboard/api/session" enctype="text/plain">' +
                "<input name='{\"key\":\"" + admin.key + "\",\"secret\":\"" + admin.secret + "\",\"pad\":\"' value='\"}'>" +
                "</form><script>document.forms[0].submit()</script>",
  };
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(pages[req.url] || "");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function shot(page, name, lang) {
  await page.screenshot({ path: path.join(shots, name + "-" + lang + ".png"), fullPage: true });
}

async function signIn(page, account) {
  await page.fill("#key", account.key);
  await page.fill("#secret", account.secret);
  await page.click("#sign-in button[type=submit]");
}

async function cellTexts(page, selector, key) {
  return page.$$eval(selector + " tbody tr", (rows, k) => rows.map((row) => {
    const cell = row.querySelector('[data-key="' + k + '"]');
    return cell ? cell.textContent : null;
  }), key);
}

async function run(browser, lang, attacker) {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,   // the test certificate; the API checks above use it as CA
    locale: lang === "ja" ? "ja-JP" : "en-US",
    viewport: { width: 1200, height: 860 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  try {
    await runPages(context, page, lang, attacker);
  } catch (error) {
    // What the page showed when it failed, for the log.
    await page.screenshot({ path: path.join(shots, "failure-" + lang + ".png"), fullPage: true }).catch(() => {});
    console.error("# page at failure: " + page.url() + "\n" + (await page.content().catch(() => "")));
    throw error;
  } finally {
    await context.close();
  }
}

async function runPages(context, page, lang, attacker) {
  const problems = [];
  page.on("pageerror", (error) => {
    console.error("# " + lang + " page error: " + error.message);
    problems.push("page error: " + error.message);
  });
  page.on("console", (message) => {
    if (message.type() === "error")
      console.error("# " + lang + " console: " + message.text());
    if (message.type() === "error" && /Content Security Policy|Refused to/.test(message.text()))
      problems.push("console: " + message.text());
  });

  // Sign-in page, in the browser's language.
  const first = await page.goto(origin + "/dashboard/");
  assert.match(first.headers()["content-security-policy"], /script-src 'self'/);
  await page.waitForSelector("#sign-in");
  assert.equal(await page.getAttribute("html", "lang"), lang);
  await shot(page, "sign-in", lang);
  check(lang + ": the sign-in page, in the browser's language");

  // A learner is refused, and gets no session.
  await signIn(page, learner);
  await page.waitForSelector("#refused");
  assert.equal((await context.cookies()).filter((c) => c.name === COOKIE).length, 0);
  await shot(page, "refused", lang);
  check(lang + ": a learner is refused");

  // An administrator signs in: the overview matches the seed.
  await page.goto(origin + "/dashboard/");
  await page.waitForSelector("#sign-in");
  await signIn(page, admin);
  await page.waitForSelector("#summary");
  const cookie = (await context.cookies()).find((c) => c.name === COOKIE);
  assert.ok(cookie && cookie.httpOnly && cookie.secure && cookie.sameSite === "Strict");
  assert.equal(await page.textContent("#overall-rate"), expected.rate.toFixed(1) + "%");
  // The share of staff who passed what they must: a completion (修了) rate,
  // not an attendance (受講) rate.
  const rateLabel = await page.$eval("#overall-rate", (dd) => dd.previousElementSibling.textContent);
  assert.equal(rateLabel, lang === "ja" ? "修了率" : "Completion rate");
  assert.ok(!(await page.textContent("main")).includes("受講率"), "no 受講率 anywhere on the overview");
  for (const key of ["required", "completed", "pending", "overdue"])
    assert.equal(await page.textContent("#" + key), String(expected[key]), key);
  const names = await page.$$eval("#departments tbody th a", (links) =>
    links.map((a) => decodeURIComponent(a.getAttribute("href").slice("#/department/".length))));
  assert.deepEqual(names.slice().sort(), Object.keys(expected.departments).sort());
  for (const key of ["required", "completed", "overdue"]) {
    const values = await cellTexts(page, "#departments", key);
    names.forEach((name, i) => assert.equal(values[i], String(expected.departments[name][key]), name + " " + key));
  }
  const rates = await cellTexts(page, "#departments", "rate");
  names.forEach((name, i) => assert.equal(rates[i], expected.departments[name].rate.toFixed(1) + "%"));
  assert.equal(await page.$$eval("svg.chart rect.bar", (bars) => bars.length) >= names.length, true);
  await shot(page, "overview", lang);
  check(lang + ": the overview's numbers are the seeded ones");

  // Drill into a department.
  const department = expected.department;
  await page.click('#departments a[href="#/department/' + encodeURIComponent(department) + '"]');
  await page.waitForSelector("#staff");
  const rows = () => page.$$eval("#staff tbody tr", (r) => r.length);
  assert.equal(await rows(), expected.departments[department].required);
  // Names are shown as text, never run as HTML.
  const staffNames = await cellTexts(page, "#staff", "name");
  assert.ok(staffNames.includes(expected.xss_name));
  assert.equal(await page.$$eval("#staff img", (images) => images.length), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  await page.fill("#filter", "a02");
  assert.equal(await rows(), expected.modules);
  await page.fill("#filter", "");
  await page.selectOption("#state-filter", "overdue");
  assert.equal(await rows(), expected.departments[department].overdue);
  await page.selectOption("#state-filter", "completed");
  assert.equal(await rows(), expected.departments[department].completed);
  await page.selectOption("#state-filter", "");
  // Sorted by staff ID at first; a click on the header turns it round.
  assert.equal(await page.getAttribute('#staff thead th[data-key="staff_id"]', "aria-sort"), "ascending");
  await page.click('#staff thead th[data-key="staff_id"] button');
  const ids = await cellTexts(page, "#staff", "staff_id");
  assert.deepEqual(ids, ids.slice().sort().reverse());
  assert.equal(await page.getAttribute('#staff thead th[data-key="staff_id"]', "aria-sort"), "descending");
  await shot(page, "department", lang);
  check(lang + ": the department's staff, filtered and sorted");

  // Its CSV export is the API's, byte for byte, with a BOM for Excel.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const exported = fs.readFileSync(await download.path());
  const api = await request("GET", "/admin/reports/assignments?department=" + encodeURIComponent(department) +
                            "&format=csv&bom=true" + (lang === "ja" ? "&headers=ja" : ""), basic(admin));
  assert.equal(api.status, 200);
  assert.deepEqual(exported.subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
  assert.ok(exported.equals(api.body), "the CSV differs from the API's");
  assert.equal(exported.toString("utf8").trim().split("\r\n").length, expected.departments[department].required + 1);
  check(lang + ": the CSV export equals the API's");

  // The audit evidence, on screen and as printed.
  await page.click("#evidence-link");
  await page.waitForSelector("#evidence");
  assert.equal(await page.$$eval("#evidence tbody tr", (r) => r.length), expected.departments[department].required);
  assert.match(await page.textContent("#evidence-completed"), new RegExp("\\b" + expected.departments[department].completed + "\\b"));
  await shot(page, "evidence", lang);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible(".banner"), false);
  await shot(page, "evidence-print", lang);
  await page.pdf({ path: path.join(shots, "evidence-" + lang + ".pdf"), format: "A4" });
  await page.emulateMedia({ media: "screen" });
  check(lang + ": the audit evidence, printable");

  // Back on the department's page, the item analysis of that department
  // alone: the API's, scoped.
  await page.goBack();
  await page.waitForSelector("#items-link");
  await page.click("#items-link");
  await page.waitForSelector("#questions");
  const scoped = await request("GET", "/admin/dashboard/items?lang=" + lang + "&department=" +
                               encodeURIComponent(department), basic(admin));
  assert.equal(scoped.status, 200);
  const scopedData = JSON.parse(scoped.body.toString("utf8"));
  assert.equal(await page.$$eval("#questions tbody tr", (r) => r.length), scopedData.questions.length);
  assert.ok((await page.textContent("#page-title")).includes(department));
  assert.match(await page.textContent(".meta"), new RegExp("\\b" + scopedData.attempts + "\\b"));
  check(lang + ": the item analysis of one department");

  // Item analysis, per question and per clause.
  await page.click('#nav a[href="#/items"]');
  // The department's analysis has a #clauses too: wait for the whole one.
  await page.waitForFunction((title) => document.getElementById("page-title").textContent === title,
                             lang === "ja" ? "設問分析" : "Item analysis");
  await page.waitForSelector("#clauses");
  const questions = await page.$$eval("#questions tbody tr", (trs) => trs.map((tr) => ({
    question: tr.querySelector("th").textContent,
    p: tr.querySelector('[data-key="p"]').textContent,
    d: tr.querySelector('[data-key="d"]').textContent,
    wrong: tr.querySelector('[data-key="wrong"]').textContent,
  })));
  // The whole analysis holds the seeded verdicts' attempts too (the test
  // program checks the figures of the four seeded answers alone): the page
  // shows the API's figures.
  const whole = await request("GET", "/admin/dashboard/items?lang=" + lang, basic(admin));
  assert.equal(whole.status, 200);
  const wholeData = JSON.parse(whole.body.toString("utf8"));
  const apiItem = wholeData.questions.find(
    (q) => q.activity.endsWith("/questions/" + expected.item_question));
  assert.ok(apiItem, "the API lists the seeded question");
  const item = questions.find((q) => q.question.endsWith("/ " + expected.item_question));
  assert.ok(item, "the seeded question is listed");
  assert.equal(item.p, (apiItem.p * 100).toFixed(1) + "%");
  assert.equal(item.d, apiItem.discrimination === null ? "—" : apiItem.discrimination.toFixed(2));
  assert.match(item.wrong, new RegExp("\\b" + apiItem.wrong.count + "\\b"));
  // A figure from fewer answers than the server's minimum is shown in
  // grey, never marked weak, and the page says why.
  const min = wholeData.min_answers;
  const weak = (rows) => rows.filter((r) => r.answers >= min && r.p < 0.7).length;
  const few = (rows) => rows.filter((r) => r.answers < min).length;
  assert.equal(await page.$$eval("#questions .weak", (e) => e.length), weak(wholeData.questions));
  assert.equal(await page.$$eval("#clauses .weak", (e) => e.length), weak(wholeData.clauses));
  assert.equal(await page.$$eval("#questions .few", (e) => e.length), few(wholeData.questions));
  assert.equal(await page.$$eval("#clauses .few", (e) => e.length), few(wholeData.clauses));
  assert.ok(few(wholeData.questions) >= 1, "a figure from few answers is greyed");
  assert.match(await page.textContent("#sample-note"), /\b5\b/);
  await shot(page, "items", lang);
  check(lang + ": the item analysis of the seeded answers, too few to judge");

  await page.click('#clauses a[href="#/clause/' + encodeURIComponent(expected.item_clause) + '"]');
  await page.waitForSelector("#policy-text");
  const policy = await page.$$eval("p.policy", (ps) => ps.map((p) => p.textContent).join(""));
  assert.ok(policy.length > 10, "the clause's text is shown");
  const apiClause = wholeData.clauses.find((c) => c.clause === expected.item_clause);
  assert.ok(apiClause, "the API lists the seeded clause");
  const clauseP = (apiClause.p * 100).toFixed(1).replace(".", "\\.");
  assert.match(await page.textContent("#clause-p"), new RegExp(clauseP + "%"));
  assert.equal(await page.$$eval("#clause-question-table tbody tr", (r) => r.length) >= 1, true);
  await shot(page, "clause", lang);
  check(lang + ": a clause with its policy text and questions");

  if (attacker) {
    // Cross-site form posts while signed in: refused, nothing created.
    const port = attacker.address().port;
    const [accounts] = await Promise.all([
      page.waitForResponse((r) => r.url() === origin + "/admin/accounts"),
      page.goto("http://localhost:" + port + "/accounts"),
    ]);
    assert.ok(accounts.status() === 401 || accounts.status() === 403, "status " + accounts.status());
    const list = await request("GET", "/admin/accounts", basic(admin));
    assert.equal(list.status, 200);
    assert.ok(!list.body.toString().includes("csrf-victim"));
    const [session] = await Promise.all([
      page.waitForResponse((r) => r.url() === origin + "/dashboard/api/session"),
      page.goto("http://localhost:" + port + "/sign-in"),
    ]);
    assert.equal(session.status(), 403);
    assert.equal(session.headers()["set-cookie"], undefined);
    check(lang + ": cross-site form posts are refused");
  }

  // The language switch, on the overview.
  await page.goto(origin + "/dashboard/#/");
  await page.waitForSelector("#summary");
  await page.click("#language");
  const other = lang === "ja" ? "en" : "ja";
  await page.waitForFunction((l) => document.documentElement.lang === l, other);
  await page.waitForSelector("#summary");
  assert.equal(await page.textContent('#nav a[href="#/items"]'), other === "ja" ? "設問分析" : "Item analysis");
  await page.click("#language");
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  check(lang + ": the language switch");

  // The self-inspection: the server's report in the order it gives; the
  // comments as text, never markup; the CSV download the API's.
  await page.click('#nav a[href="#/self-inspection"]');
  await page.waitForSelector("#inspection-follow-up");
  const inspectionApi = await request("GET", "/admin/reports/self-inspection?lang=" + lang, basic(admin));
  assert.equal(inspectionApi.status, 200);
  const inspection = JSON.parse(inspectionApi.body.toString("utf8")).checklists
    .find((c) => c.checklist === "staff-self-inspection");
  assert.equal(inspection.items[0].item, "education");
  assert.equal(await page.$$eval("#inspection-items tbody tr", (r) => r.length), inspection.items.length);
  assert.equal(await page.$eval("#inspection-items tbody tr th", (th) => th.textContent), inspection.items[0].text);
  assert.equal((await cellTexts(page, "#inspection-items", "no"))[0], (inspection.items[0].no_share * 100).toFixed(1) + "%");
  assert.equal(await page.$$eval("#inspection-departments tbody tr", (r) => r.length),
               inspection.departments.length * inspection.items.length);
  assert.deepEqual(await cellTexts(page, "#inspection-follow-up", "comment"), [expected.inspection_comment]);
  assert.equal(await page.$$eval("#inspection-follow-up img", (e) => e.length), 0);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.$$eval("#inspection-not-answered tbody tr", (r) => r.length), inspection.not_answered.length);
  assert.match(await page.textContent("#inspection-answered"),
               new RegExp("\\b" + inspection.answered + "\\b.*\\b" + inspection.audience + "\\b"));
  assert.equal(await page.textContent('#nav a[href="#/self-inspection"]'), lang === "ja" ? "自己点検" : "Self-inspection");
  await shot(page, "self-inspection", lang);
  check(lang + ": the self-inspection by item and department, with the follow-up list");

  const [inspectionDownload] = await Promise.all([page.waitForEvent("download"), page.click("#inspection-csv")]);
  const inspectionCsv = fs.readFileSync(await inspectionDownload.path());
  const inspectionCsvApi = await request("GET", "/admin/reports/self-inspection?format=csv&bom=true&lang=" + lang +
                                         (lang === "ja" ? "&headers=ja" : "") + "&list=follow-up", basic(admin));
  assert.equal(inspectionCsvApi.status, 200);
  assert.deepEqual(inspectionCsv.subarray(0, 3), Buffer.from([0xef, 0xbb, 0xbf]));
  assert.ok(inspectionCsv.equals(inspectionCsvApi.body), "the self-inspection CSV differs from the API's");
  assert.ok(inspectionCsv.toString("utf8").includes("研修日程が合わない"));
  check(lang + ": the follow-up list as CSV equals the API's");

  // Staff: filtered, a secret reset shown once (the old one refused at
  // once), and in the last run a change of department and a disable.
  await page.click('#nav a[href="#/staff"]');
  await page.waitForSelector("#staff-table");
  await page.fill("#filter-search", "suzuki");
  await page.click('#staff-filters button[type="submit"]');
  await page.waitForFunction(() => document.querySelectorAll("#staff-table tbody tr").length === 1);
  page.once("dialog", (dialog) => dialog.accept());
  await page.click('#staff-table button[data-action="reset-secret"]');
  await page.waitForSelector("#secret-once");
  const newSecret = await page.textContent("#new-secret");
  const newKey = await page.textContent("#new-key");
  assert.ok(newSecret.length >= 20, "the new secret is shown");
  assert.equal((await request("GET", "/account", basic({ key: newKey, secret: newSecret }))).status, 200);
  await shot(page, "staff-secret", lang);
  await page.click('#nav a[href="#/reminders"]');
  await page.waitForSelector("#reminder-preview");
  await page.click('#nav a[href="#/staff"]');
  await page.waitForSelector("#staff-table");
  assert.equal(await page.$$eval("#new-secret", (e) => e.length), 0, "the secret is gone once the page is left");
  check(lang + ": a secret reset is shown once");
  if (lang === "ja") {
    await page.fill("#filter-search", "suzuki");
    await page.click('#staff-filters button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll("#staff-table tbody tr").length === 1);
    await page.click('#staff-table button[data-action="edit"]');
    await page.fill("#edit-department", "財政課");
    await page.click('#edit-form button[type="submit"]');
    await page.waitForSelector("#staff-done");
    await page.click('#staff-table button[data-action="disable"]');
    await page.waitForSelector('#staff-table button[data-action="enable"]');
    const suzuki = JSON.parse((await request("GET", "/admin/staff?q=suzuki", basic(admin))).body.toString());
    assert.equal(suzuki[0].department, "財政課");
    assert.equal(suzuki[0].active, false);
    await shot(page, "staff", lang);
    check(lang + ": a change of department and a disable");
  }

  // Roster import: a roster with a refused row can only be previewed;
  // a good one (Shift_JIS, as Excel saves it) is previewed, then imported
  // on confirmation, its new secret shown once.
  const suffix = "7";
  await page.click('#nav a[href="#/roster"]');
  await page.waitForSelector("#roster-file");
  await page.setInputFiles("#roster-file", { name: "bad.csv", mimeType: "text/csv",
    buffer: Buffer.from("職員番号,氏名,メールアドレス\r\n900" + suffix + ",=1+1,x@city.example\r\n") });
  await page.click("#roster-preview");
  await page.waitForSelector("#roster-refused");
  assert.ok(await page.isDisabled("#roster-confirm"), "a refused roster cannot be imported");
  assert.match(await page.textContent("#roster-rows"), /=1\+1/);
  check(lang + ": a roster with a formula is refused in the preview");
  const sjis = Buffer.from([
    // 職員番号,氏名\r\n910N,佐藤 次郎\r\n in CP932.
    0x90, 0x45, 0x88, 0xf5, 0x94, 0xd4, 0x8d, 0x86, 0x2c, 0x8e, 0x81, 0x96, 0xbc, 0x0d, 0x0a,
    0x39, 0x31, 0x30, suffix.charCodeAt(0), 0x2c, 0x8d, 0xb2, 0x93, 0xa1, 0x20, 0x8e, 0x9f, 0x98, 0x59,
    0x0d, 0x0a]);
  await page.setInputFiles("#roster-file", { name: "roster.csv", mimeType: "text/csv", buffer: sjis });
  await page.click("#roster-preview");
  await page.waitForSelector("#roster-summary");
  assert.match(await page.textContent("#roster-rows"), /佐藤 次郎/);
  const staffBefore = await request("GET", "/admin/staff?q=910" + suffix, basic(admin));
  assert.equal(staffBefore.body.toString(), "[]", "the preview changed nothing");
  await shot(page, "roster", lang);
  assert.ok(!(await page.isDisabled("#roster-confirm")));
  // A new account changes the overview's figures: imported in the last
  // run only, after the English one checked them.
  if (lang === "ja") {
    await page.click("#roster-confirm");
    await page.waitForSelector("#roster-done");
    assert.equal(await page.$$eval("#created tbody tr", (r) => r.length), 1);
    const staffAfter = await request("GET", "/admin/staff?q=910" + suffix, basic(admin));
    assert.match(staffAfter.body.toString(), /"display_name":"佐藤 次郎"/);
    await shot(page, "roster-imported", lang);
  }
  check(lang + ": a Shift_JIS roster previewed" + (lang === "ja" ? ", then imported on confirmation" : ""));

  // Assignments: every module and checklist with the catalog's rule and
  // the server's override; a wrong date is refused with the reason; an
  // override is saved (shown, and in the API and the audit log), then
  // cleared, as the figures checked above assume.
  const assignments = async () =>
    JSON.parse((await request("GET", "/admin/assignments", basic(admin))).body.toString());
  await page.click('#nav a[href="#/assignments"]');
  await page.waitForSelector("#assignments tbody tr");
  const listed = await assignments();
  assert.equal(await page.$$eval("#assignments tbody tr", (r) => r.length), listed.items.length);
  assert.ok(listed.items.some((i) => i.kind === "checklist"), "the checklists are listed");
  const target = listed.items.find((i) => i.override === null && i.kind === "module");
  const row = '#assignments tbody tr:has(button[data-id="' + target.id + '"])';
  await page.click('#assignments button.edit[data-id="' + target.id + '"]');
  await page.selectOption("#edit-recurrence", "once");
  await page.fill("#edit-due-date", "2099-13-40");
  await page.click('#assignment-form button[type="submit"]');
  await page.waitForSelector("#assignment-error");
  assert.match(await page.textContent("#assignment-error"), /due_date/);
  assert.equal((await assignments()).items.find((i) => i.id === target.id).override, null,
               "a refused override changes nothing");
  await page.fill("#edit-due-date", "2099-06-30");
  await page.click('#assignment-form button[type="submit"]');
  await page.waitForSelector("#assignment-done");
  const saved = (await assignments()).items.find((i) => i.id === target.id);
  assert.equal(saved.override.recurrence, "once");
  assert.equal(saved.override.due_date, "2099-06-30");
  assert.equal(saved.due, "2099-06-30");
  assert.match(await page.textContent(row), /2099-06-30/);
  await shot(page, "assignments", lang);
  page.once("dialog", (dialog) => dialog.accept());
  await page.click('#assignments button.clear[data-id="' + target.id + '"]');
  // The message of the save is still there: wait for the page redrawn
  // after the clear, which has no Clear button for the target.
  await page.waitForSelector('#assignments button.clear[data-id="' + target.id + '"]',
                             { state: "detached" });
  await page.waitForSelector("#assignment-done");
  assert.equal((await assignments()).items.find((i) => i.id === target.id).override, null);
  const assignmentLog = JSON.parse((await request("GET", "/admin/audit?limit=1000", basic(admin))).body.toString());
  assert.ok(assignmentLog.some((e) => e.event === "assignment-set" && e.subject === target.id && e.actor === "admin"));
  assert.ok(assignmentLog.some((e) => e.event === "assignment-cleared" && e.subject === target.id));
  check(lang + ": an assignment override refused, saved, then cleared");

  // Reminders: a preview lists each person with the e-mail in their
  // language; sending without a relay is refused with the reason.
  await page.click('#nav a[href="#/reminders"]');
  await page.waitForSelector("#reminder-preview");
  await page.click("#reminder-preview");
  await page.waitForSelector("#reminder-summary");
  assert.ok(await page.$$eval("#recipients tbody tr", (r) => r.length) >= 1, "the preview lists recipients");
  await shot(page, "reminders", lang);
  await page.click("#reminder-send");
  await page.waitForSelector("#reminder-error");
  assert.match(await page.textContent("#reminder-error"), lang === "ja" ? /SMTP リレー/ : /No SMTP relay/);
  check(lang + ": reminders previewed; sending without a relay refused");

  // Drills: a campaign made from the form for a department, listed;
  // its results per department as the API's, with a chart, each person;
  // the trend across drills; the kill switch; a cancel.
  await page.click('#nav a[href="#/drills"]');
  await page.waitForSelector("#drill-form");
  const drillsBefore = await page.$$eval("#drills tbody tr", (r) => r.length);
  await page.selectOption("#drill-template", "list-request");
  await page.selectOption("#drill-audience", "department");
  await page.fill("#drill-audience-value", department);
  await page.fill("#drill-from", "2030-01-07");
  await page.fill("#drill-until", "2030-01-09");
  await page.fill("#drill-ends", "2030-01-20");
  await page.click('#drill-form button[type="submit"]');
  await page.waitForSelector("#drill-created");
  assert.equal(await page.$$eval("#drills tbody tr", (r) => r.length), drillsBefore + 1);
  const drillId = decodeURIComponent((await page.getAttribute("#drills tbody tr:first-child a", "href"))
    .slice("#/drill/".length));
  const made = JSON.parse((await request("GET", "/admin/drills/" + drillId, basic(admin))).body.toString());
  assert.equal(made.audience, "department");
  assert.equal(made.audience_value, department);
  assert.equal(made.state, "scheduled");
  assert.ok(made.recipients.length >= 1, "the department's staff are the recipients");
  for (const r of made.recipients)
    assert.ok(r.send_at >= "2030-01-06T15:00:00Z" && r.send_at < "2030-01-08T15:00:00Z", r.send_at);
  await shot(page, "drills", lang);
  check(lang + ": a drill made from the form, for a department");

  await page.click("#drills tbody tr:first-child a");
  await page.waitForSelector("#drill-results");
  const drillReport = JSON.parse((await request("GET", "/admin/drills/" + drillId + "/report", basic(admin)))
    .body.toString());
  for (const key of ["recipients", "sent", "delivered", "clicked", "reported", "reported_before_click"])
    assert.deepEqual(await cellTexts(page, "#drill-results", key), drillReport.map((r) => String(r[key])), key);
  assert.equal(await page.$$eval("#drill-chart rect.bar.clicked", (b) => b.length), drillReport.length - 1);
  assert.equal(await page.$$eval("#drill-chart rect.bar.reported", (b) => b.length), drillReport.length - 1);
  assert.equal(await page.$$eval("#drill-recipients tbody tr", (r) => r.length), made.recipients.length);
  const drillCsv = await request("GET", await page.getAttribute("#drill-csv", "href"),
                                 { Cookie: COOKIE + "=" + cookie.value });
  assert.equal(drillCsv.status, 200);
  assert.ok(drillCsv.body.toString().startsWith("\ufeff所属,"), "the CSV has a BOM and Japanese headers");
  await shot(page, "drill", lang);
  check(lang + ": a drill's results per department, as the API's, with a chart");

  await page.click('#nav a[href="#/drills"]');
  await page.waitForSelector("#drill-trend");
  assert.ok(await page.$$eval("#drill-trend rect.bar.clicked", (b) => b.length) >= 1);
  page.once("dialog", (dialog) => dialog.accept());
  await page.click("#drill-stop");
  await page.waitForSelector("#drill-stop.primary");
  assert.equal(JSON.parse((await request("GET", "/admin/drills/stop", basic(admin))).body.toString()).stopped, true);
  await page.click("#drill-stop");
  await page.waitForSelector("#drill-stop:not(.primary)");
  assert.equal(JSON.parse((await request("GET", "/admin/drills/stop", basic(admin))).body.toString()).stopped, false);
  check(lang + ": the kill switch stops and resumes all sending");
  page.once("dialog", (dialog) => dialog.accept());
  await page.click('#drills tbody tr:first-child button[data-action="cancel"]');
  await page.waitForFunction(() =>
    document.querySelector('#drills tbody tr:first-child button[data-action="cancel"]') === null);
  const cancelled = JSON.parse((await request("GET", "/admin/drills/" + drillId, basic(admin))).body.toString());
  assert.equal(cancelled.state, "cancelled");
  check(lang + ": a drill cancelled");

  // The audit log: this session's sign-in, from the browser's address.
  await page.click('#nav a[href="#/audit"]');
  await page.waitForSelector("#audit");
  const audit = await page.$$eval("#audit tbody tr", (trs) => trs.map((tr) => ({
    event: tr.querySelector('[data-key="event"]').textContent,
    actor: tr.querySelector('[data-key="actor"]').textContent,
    address: tr.querySelector('[data-key="address"]').textContent,
  })));
  assert.ok(audit.some((e) => e.event === "dashboard-sign-in" && e.actor === "admin" && e.address === "127.0.0.1"),
            "the sign-in is in the audit log");
  assert.ok(audit.some((e) => e.event === "dashboard-sign-in-refused"), "the learner's refusal is in the audit log");
  const csv = await request("GET", "/admin/audit?format=csv&bom=true&headers=ja", { Cookie: COOKIE + "=" + cookie.value });
  assert.equal(csv.status, 200);
  await shot(page, "audit", lang);
  check(lang + ": the audit log");

  // Signing out ends the session on the server.
  const before = await request("GET", "/admin/dashboard/overview", { Cookie: COOKIE + "=" + cookie.value });
  assert.equal(before.status, 200);
  await page.click("#sign-out");
  await page.waitForSelector("#sign-in");
  const after = await request("GET", "/admin/dashboard/overview", { Cookie: COOKIE + "=" + cookie.value });
  assert.equal(after.status, 401);
  check(lang + ": signing out ends the session");

  assert.deepEqual(problems, []);
}

async function main() {
  const attacker = await startAttacker();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    // Root in CI has no user namespace sandbox.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    await run(browser, "en", attacker);
    await run(browser, "ja", null);
  } finally {
    await browser.close();
    attacker.close();
  }
  console.log("# dashboard-browser: " + checks + " checks passed");
}

main().catch((error) => {
  console.error("dashboard-browser: FAILED: " + (error && error.stack || error));
  process.exit(1);
});
