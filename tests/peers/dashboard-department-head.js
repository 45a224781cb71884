// SPDX-License-Identifier: GPL-3.0-or-later
//
// A department head in the dashboard, in real headless Chromium (Debian's
// package, driven by playwright-core), against the real awareness-server
// that tests/test-dashboard.c started and seeded: they sign in, see the
// overview and the report of their own department only, download its CSV,
// are shown that the administrators' pages are not theirs, and a request
// forged from the page (with the session's CSRF token) to change
// something or to read another department is refused.  In English and
// Japanese, with screenshots in DASHBOARD_SCREENSHOTS.  Exits 0 only if
// every check passed.
"use strict";

const assert = require("node:assert/strict");
const path = require("node:path");
const { chromium } = require("playwright-core");

const origin = process.env.DASHBOARD_ORIGIN;
const shots = process.env.DASHBOARD_SCREENSHOTS;
const head = { key: process.env.HEAD_KEY, secret: process.env.HEAD_SECRET };
const department = process.env.HEAD_DEPARTMENT;
const other = process.env.OTHER_DEPARTMENT;

let checks = 0;
function check(description) {
  checks++;
  console.log("# ok " + checks + " " + description);
}

async function shot(page, name, lang) {
  await page.screenshot({ path: path.join(shots, name + "-" + lang + ".png"), fullPage: true });
}

async function run(browser, lang) {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,   // the test certificate
    locale: lang === "ja" ? "ja-JP" : "en-US",
    viewport: { width: 1200, height: 860 },
  });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push("page error: " + error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy|Refused to/.test(message.text()))
      problems.push("console: " + message.text());
  });
  try {
    await page.goto(origin + "/dashboard/");
    await page.waitForSelector("#sign-in");
    await page.fill("#key", head.key);
    await page.fill("#secret", head.secret);
    await page.click("#sign-in button[type=submit]");

    // The overview: their department alone, said so on the page.
    await page.waitForSelector("#departments tbody tr");
    await page.waitForSelector("#scope-note");
    const departments = await page.$$eval("#departments tbody tr th", (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(departments, [department]);
    assert.ok((await page.textContent("#scope-note")).includes(department));
    const links = await page.$$eval("#nav a", (anchors) => anchors.map((a) => a.getAttribute("href")));
    assert.ok(!links.includes("#/staff") && !links.includes("#/roster") && !links.includes("#/audit"),
              "no administrators' pages in the navigation: " + links);
    await shot(page, "department-head-overview", lang);
    check(lang + ": the overview shows the department head's own department only");

    // Their department's report and its CSV.
    await page.click("#departments tbody tr th a");
    await page.waitForSelector("#staff tbody tr");
    const csv = await page.evaluate(async () => {
      const response = await fetch(document.getElementById("export-csv").getAttribute("href"));
      return { status: response.status, text: await response.text() };
    });
    assert.equal(csv.status, 200);
    assert.ok(csv.text.includes("tanaka"));
    assert.ok(!csv.text.includes(other));
    await shot(page, "department-head-department", lang);
    check(lang + ": the department's report and its CSV");

    // An administrators' page, asked for by its address.
    await page.goto(origin + "/dashboard/#/staff");
    await page.waitForSelector("#admin-only");
    await shot(page, "department-head-admin-only", lang);
    check(lang + ": the administrators' pages are not shown");

    // Requests forged from the page, with the session's own CSRF token.
    const forged = await page.evaluate(async (names) => {
      const session = await (await fetch("/dashboard/api/session")).json();
      const post = await fetch("/admin/accounts", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf },
        body: JSON.stringify({ staff_id: "forged-" + names.lang, department: names.department }),
      });
      const patch = await fetch("/admin/staff/tanaka", {
        method: "PATCH",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf },
        body: JSON.stringify({ department: names.other }),
      });
      const read = await fetch("/admin/dashboard/department?name=" + encodeURIComponent(names.other));
      return { post: post.status, patch: patch.status, read: read.status };
    }, { department, other, lang });
    assert.deepEqual(forged, { post: 403, patch: 403, read: 403 });
    check(lang + ": forged changes and another department's report are refused");

    await page.click("#sign-out");
    await page.waitForSelector("#sign-in");
    assert.deepEqual(problems, []);
  } catch (error) {
    await page.screenshot({ path: path.join(shots, "department-head-failure-" + lang + ".png"), fullPage: true })
      .catch(() => {});
    console.error("# page at failure: " + page.url() + "\n" + (await page.content().catch(() => "")));
    throw error;
  } finally {
    await context.close();
  }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    // Root in CI has no user namespace sandbox.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    await run(browser, "en");
    await run(browser, "ja");
  } finally {
    await browser.close();
  }
  console.log("# dashboard-department-head: " + checks + " checks passed");
}

main().catch((error) => {
  console.error("dashboard-department-head: FAILED: " + (error && error.stack || error));
  process.exit(1);
});
