// SPDX-License-Identifier: GPL-3.0-or-later
//
// The dashboard's Content page in real headless Chromium (Debian's
// package, driven by playwright-core), against the real awareness-server
// that tests/test-dashboard.c started with one package published.  A
// tampered package is refused and cannot be published; a revised one is
// verified, shows what it changes, and is published on confirmation;
// the list then shows it.  Requests without the CSRF token, or from
// another site, are refused.  Screenshots in Japanese and English go to
// DASHBOARD_SCREENSHOTS.  Exits 0 only if every check passed.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const http = require("node:http");
const https = require("node:https");
const path = require("node:path");
const { chromium } = require("playwright-core");

const origin = process.env.DASHBOARD_ORIGIN;
const ca = fs.readFileSync(process.env.DASHBOARD_CA);
const shots = process.env.DASHBOARD_SCREENSHOTS;
const admin = { key: process.env.ADMIN_KEY, secret: process.env.ADMIN_SECRET };
const signer = process.env.CONTENT_SIGNER;
const revised = fs.readFileSync(process.env.CONTENT_PACKAGE);
const tampered = fs.readFileSync(process.env.CONTENT_TAMPERED);
const COOKIE = "__Host-awareness-session";

let checks = 0;
function check(description) {
  checks++;
  console.log("# ok " + checks + " " + description);
}

// A request to the server, trusting only the test certificate.
function request(method, pathname, headers, body) {
  return new Promise((resolve, reject) => {
    const req = https.request(origin + pathname, { method, headers: headers || {}, ca }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

function basic(account) {
  return { Authorization: "Basic " + Buffer.from(account.key + ":" + account.secret).toString("base64") };
}

// Pages of another site (an HTTP server on "localhost", another site
// than 127.0.0.1) that post to the Content page's API.
function startAttacker() {
  const form = (target) => '<!DOCTYPE html><form method="POST" action="' + origin + target +
    '" enctype="text/plain"><input name=\'{"token":"x","pad":"\' value=\'"}\'></form>' +
    "<script>document.forms[0].submit()</script>";
  const pages = { "/preview": form("/admin/content/preview"), "/publish": form("/admin/content/publish") };
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(pages[req.url] || "");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function shot(page, name, lang) {
  await page.screenshot({ path: path.join(shots, name + "-" + lang + ".png"), fullPage: true });
}

async function versions() {
  const response = await request("GET", "/admin/content/versions", basic(admin));
  assert.equal(response.status, 200);
  return JSON.parse(response.body).versions;
}

async function run(browser, lang, attacker, publish) {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,   // the test certificate; the API checks use it as CA
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
    await page.fill("#key", admin.key);
    await page.fill("#secret", admin.secret);
    await page.click("#sign-in button[type=submit]");
    await page.waitForSelector("#summary");

    // The page, with the version published so far.
    const before = await versions();
    await page.click('#nav a[href="#/content"]');
    await page.waitForSelector("#content-versions tbody tr");
    assert.equal(await page.$$eval("#content-versions tbody tr", (rows) => rows.length), before.length);
    assert.equal(await page.textContent('#content-versions tbody tr:first-child [data-key="published_by"]'), "admin");
    assert.equal(await page.textContent('#content-versions tbody tr:first-child [data-key="fetched_by"]'),
                 String(before[0].fetched_by));
    assert.equal(await page.textContent("#page-title"), lang === "ja" ? "コンテンツ" : "Content");
    assert.ok(await page.isDisabled("#content-publish"), "nothing to publish before a preview");
    await shot(page, "content", lang);
    check(lang + ": the Content page lists the published versions");

    // A tampered package: refused, with the reason, and not publishable.
    await page.setInputFiles("#content-file", { name: "tampered.pkg", mimeType: "application/octet-stream",
                                                buffer: tampered });
    await page.click("#content-preview");
    await page.waitForSelector("#content-refused");
    assert.ok(await page.isDisabled("#content-publish"), "a refused package cannot be published");
    assert.equal(await page.$("#content-modules"), null);
    await shot(page, "content-refused", lang);
    const refused = JSON.parse((await request("POST", "/admin/content/preview",
      { ...basic(admin), "Content-Type": "application/octet-stream" }, tampered)).body);
    assert.equal(refused.verified, false);
    const forced = await request("POST", "/admin/content/publish",
      { ...basic(admin), "Content-Type": "application/json" }, JSON.stringify({ token: refused.token }));
    assert.equal(forced.status, 409);
    assert.deepEqual((await versions()).map((v) => v.digest), before.map((v) => v.digest));
    check(lang + ": a tampered package is refused and cannot be published");

    // The revised package, previewed from the keyboard.
    await page.setInputFiles("#content-file", { name: "revised.pkg", mimeType: "application/octet-stream",
                                                buffer: revised });
    await page.focus("#content-file");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "content-preview");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#content-verified");
    assert.equal(await page.textContent("#content-signer"), signer);
    const rows = await page.$$eval("#content-modules tbody tr", (trs) => trs.map((tr) => ({
      id: tr.querySelector('[data-key="id"]').textContent,
      change: tr.querySelector('[data-key="change"]').textContent,
      passes: tr.querySelector('[data-key="passes"]').textContent,
    })));
    const threats = rows.find((r) => r.id === "threats");
    assert.equal(threats.change, lang === "ja" ? "改訂" : "Revised");
    assert.equal(threats.passes, lang === "ja" ? "職員は受け直しが必要" : "Staff must take it again");
    assert.equal(rows.find((r) => r.id === "definitions").passes,
                 lang === "ja" ? "これまでの合格は引き続き有効" : "Earlier passes still count");
    assert.equal(rows.find((r) => r.id === "when-something-goes-wrong").change, lang === "ja" ? "削除" : "Removed");
    assert.match(await page.textContent("#content-checklists"), /staff-self-inspection/);
    assert.ok(!(await page.isDisabled("#content-publish")));
    assert.deepEqual((await versions()).map((v) => v.digest), before.map((v) => v.digest), "a preview publishes nothing");
    await shot(page, "content-preview", lang);
    check(lang + ": a revised package verified, with what it changes");

    // Requests without the CSRF token, or from another site: refused.
    const status = await page.evaluate(async () => {
      const response = await fetch("/admin/content/publish", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: '{"token":"x"}',
        credentials: "same-origin" });
      return response.status;
    });
    assert.equal(status, 403);
    if (attacker) {
      const port = attacker.address().port;
      for (const target of ["preview", "publish"]) {
        const other = await context.newPage();
        const [response] = await Promise.all([
          other.waitForResponse((r) => r.url() === origin + "/admin/content/" + target),
          other.goto("http://localhost:" + port + "/" + target),
        ]);
        assert.ok(response.status() === 401 || response.status() === 403, target + ": " + response.status());
        await other.close();
      }
    }
    assert.deepEqual((await versions()).map((v) => v.digest), before.map((v) => v.digest));
    check(lang + ": requests without the CSRF token" + (attacker ? " or from another site" : "") + " are refused");

    if (publish) {
      await page.click("#content-publish");
      await page.waitForSelector("#content-published");
      await page.waitForSelector("#content-versions tbody tr:nth-child(" + (before.length + 1) + ")");
      const after = await versions();
      assert.equal(after.length, before.length + 1);
      assert.equal(await page.textContent('#content-versions tbody tr:first-child [data-key="version"]'),
                   String(after[0].version));
      assert.equal(await page.textContent('#content-versions tbody tr:first-child [data-key="published_by"]'), "admin");
      assert.equal(await page.getAttribute('#content-versions tbody tr:first-child [data-key="digest"] code', "title"),
                   after[0].digest);
      assert.ok(await page.isDisabled("#content-publish"), "published once");
      await shot(page, "content-published", lang);
      check(lang + ": published on confirmation, and listed");
    }
    assert.deepEqual(problems, []);
  } catch (error) {
    await page.screenshot({ path: path.join(shots, "content-failure-" + lang + ".png"), fullPage: true }).catch(() => {});
    console.error("# page at failure: " + page.url() + "\n" + (await page.content().catch(() => "")));
    throw error;
  } finally {
    await context.close();
  }
}

async function main() {
  const attacker = await startAttacker();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    // Root in CI has no user namespace sandbox.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    // Japanese first, previewing only: English then publishes.
    await run(browser, "ja", null, false);
    await run(browser, "en", attacker, true);
  } finally {
    await browser.close();
    attacker.close();
  }
  console.log("# dashboard-content: " + checks + " checks passed");
}

main().catch((error) => {
  console.error("dashboard-content: FAILED: " + (error && error.stack || error));
  process.exit(1);
});
