// SPDX-License-Identifier: GPL-3.0-or-later
//
// The administrators' dashboard of awareness-server.  Every page is built
// with DOM calls and textContent: no value from users or content is ever
// parsed as HTML.  The figures come from the server's JSON
// (/admin/dashboard/*), which makes them: nothing is computed here but
// their presentation.  Messages are marked with _() for xgettext; the
// Japanese catalog is made from po/ja.po at build time.
"use strict";

const state = {
  lang: "en",
  catalog: null,
  session: null,
  items: null,
};

function _(message) {
  if (state.lang === "ja" && state.catalog && state.catalog[message])
    return state.catalog[message];
  return message;
}

// "{0} of {1}" with its arguments.
function format(message, ...args) {
  return message.replace(/\{(\d+)\}/g, (all, n) => String(args[Number(n)]));
}

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false)
      continue;
    if (name === "text")
      node.textContent = value;
    else if (name.startsWith("on"))
      node.addEventListener(name.slice(2), value);
    else
      node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined)
      continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === "text")
      node.textContent = value;
    else
      node.setAttribute(name, String(value));
  }
  for (const child of children)
    node.append(child);
  return node;
}

function percent(value) {
  return value.toFixed(1) + "%";
}

function day(timestamp) {
  if (!timestamp)
    return "";
  const date = new Date(timestamp);
  const pad = (n) => String(n).padStart(2, "0");
  return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
}

function stateName(name) {
  switch (name) {
  case "completed": return _("Completed");
  case "pending": return _("Pending");
  case "overdue": return _("Overdue");
  default: return name || "";
  }
}

function resultName(name) {
  switch (name) {
  case "passed": return _("Passed");
  case "failed": return _("Failed");
  default: return _("No result");
  }
}

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, body, contentType) {
  // The server's messages in the language of the page.
  const headers = { "Accept": "application/json", "Accept-Language": state.lang };
  if (body !== undefined)
    headers["Content-Type"] = contentType || "application/json";
  if (method !== "GET" && state.session)
    headers["X-CSRF-Token"] = state.session.csrf;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : contentType ? body : JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
  });
  if (response.status === 204)
    return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new HttpError(response.status, data.error || response.statusText);
    error.data = data;
    throw error;
  }
  return data;
}

function main() {
  return document.getElementById("main");
}

function show(title, ...content) {
  const heading = el("h1", { id: "page-title", text: title });
  document.title = title + " — " + _("Awareness dashboard");
  main().replaceChildren(heading, ...content);
  main().focus();
}

function showError(error) {
  if (error instanceof HttpError && error.status === 401) {
    state.session = null;
    signInPage();
    return;
  }
  show(_("Something went wrong"), el("p", { class: "error", role: "alert", text: error.message }));
}

// Sign-in

function signInPage(message) {
  document.getElementById("nav").hidden = true;
  document.getElementById("sign-out").hidden = true;
  const key = el("input", { id: "key", name: "key", autocomplete: "username", required: true });
  const secret = el("input", { id: "secret", name: "secret", type: "password", autocomplete: "current-password",
                               required: true });
  const status = el("p", { id: "sign-in-status", class: "error", role: "alert" });
  if (message)
    status.textContent = message;
  const form = el("form", { id: "sign-in", class: "card narrow", novalidate: true },
    el("p", { text: _("Sign in with the key and secret of an administrator or a department head.") }),
    el("label", { for: "key", text: _("Key") }), key,
    el("label", { for: "secret", text: _("Secret") }), secret,
    el("button", { type: "submit", class: "primary", text: _("Sign in") }),
    status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    try {
      state.session = await api("POST", "/dashboard/api/session", { key: key.value, secret: secret.value });
      secret.value = "";
      startApp();
    } catch (error) {
      secret.value = "";
      // The server says why in the page's language (it is sent as
      // Accept-Language), from the same catalog as the page's.
      if (error instanceof HttpError && error.message === _("Administrators only"))
        refusedPage();
      else if (error instanceof HttpError && error.status === 403 && error.message === _("Wrong key or secret"))
        status.textContent = _("Wrong key or secret.");
      else
        status.textContent = error.message;
    }
  });
  show(_("Sign in"), form);
  key.focus();
}

function refusedPage() {
  show(_("Administrators only"),
    el("p", { id: "refused", role: "alert", class: "error",
              text: _("This account may not use the dashboard: it is for administrators. Staff take the training with the Awareness app.") }),
    el("p", {}, el("a", { href: "#/", text: _("Sign in with another account"), onclick: () => signInPage() })));
}

async function signOut() {
  try {
    await api("DELETE", "/dashboard/api/session");
  } catch (error) {
    // Signed out already.
  }
  state.session = null;
  state.items = null;
  signInPage(_("You have signed out."));
}

// Navigation

function routeLink(hash, text) {
  return el("a", { href: hash, text });
}

// A department head reads the reports of their own department; the
// server scopes every report and refuses them every change.
function isDepartmentHead() {
  return state.session !== null && state.session.role === "department-head";
}

function buildNav() {
  const nav = document.getElementById("nav");
  if (isDepartmentHead())
    nav.replaceChildren(el("ul", {},
      el("li", {}, routeLink("#/", _("Overview"))),
      el("li", {}, routeLink("#/department/" + encodeURIComponent(state.session.department),
                             state.session.department)),
      el("li", {}, routeLink("#/items", _("Item analysis"))),
      el("li", {}, routeLink("#/self-inspection", _("Self-inspection")))));
  else
    nav.replaceChildren(el("ul", {},
      el("li", {}, routeLink("#/", _("Overview"))),
      el("li", {}, routeLink("#/items", _("Item analysis"))),
      el("li", {}, routeLink("#/self-inspection", _("Self-inspection"))),
      el("li", {}, routeLink("#/staff", _("Staff"))),
      el("li", {}, routeLink("#/roster", _("Roster import"))),
      el("li", {}, routeLink("#/assignments", _("Assignments"))),
      el("li", {}, routeLink("#/content", _("Content"))),
      el("li", {}, routeLink("#/reminders", _("Reminders"))),
      el("li", {}, routeLink("#/drills", _("Drills"))),
      el("li", {}, routeLink("#/audit", _("Audit log")))));
  nav.hidden = false;
  for (const link of nav.querySelectorAll("a")) {
    if (link.getAttribute("href") === location.hash || (location.hash === "" && link.getAttribute("href") === "#/"))
      link.setAttribute("aria-current", "page");
  }
  const signOutButton = document.getElementById("sign-out");
  signOutButton.textContent = _("Sign out");
  signOutButton.hidden = false;
}

function fiscalYear(data) {
  return data.fiscal_year_name[state.lang];
}

// Overview

function stat(id, label, value, extra) {
  return el("div", { class: "stat" + (extra ? " " + extra : "") },
    el("dt", { text: label }), el("dd", { id, text: value }));
}

function departmentChart(departments) {
  const rowHeight = 28, labelWidth = 150, barWidth = 420, width = labelWidth + barWidth + 70;
  const height = departments.length * rowHeight + 10;
  const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width, height, role: "img",
                             "aria-labelledby": "chart-title", class: "chart" },
    svg("title", { id: "chart-title", text: _("Completion rate per department") }));
  departments.forEach((department, i) => {
    const y = i * rowHeight + 5;
    chart.append(
      svg("text", { x: labelWidth - 8, y: y + 17, "text-anchor": "end", class: "label", text: department.department || _("(no department)") }),
      svg("rect", { x: labelWidth, y, width: barWidth, height: rowHeight - 8, class: "track" }),
      svg("rect", { x: labelWidth, y, width: barWidth * department.rate / 100, height: rowHeight - 8, class: "bar" }),
      svg("text", { x: labelWidth + barWidth + 6, y: y + 17, class: "value", text: percent(department.rate) }));
  });
  return chart;
}

// "2026-04" as the language names the month: "Apr", "4月".
function monthName(month) {
  const [year, number] = month.split("-").map(Number);
  return new Date(year, number - 1, 1).toLocaleString(state.lang, { month: "short" });
}

function trendChart(trend) {
  const width = 640, height = 200, left = 40, bottom = 30, top = 10;
  const step = (width - left - 10) / Math.max(trend.length, 1);
  const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width, height, role: "img",
                             "aria-labelledby": "trend-title", class: "chart" },
    svg("title", { id: "trend-title", text: _("Completion rate at the end of each month") }));
  for (const mark of [0, 50, 100]) {
    const y = top + (height - top - bottom) * (1 - mark / 100);
    chart.append(svg("line", { x1: left, x2: width - 10, y1: y, y2: y, class: "grid" }),
                 svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "value", text: mark + "%" }));
  }
  trend.forEach((point, i) => {
    const h = (height - top - bottom) * point.rate / 100;
    const x = left + i * step + step * 0.2;
    chart.append(
      svg("rect", { x, y: height - bottom - h, width: step * 0.6, height: h, class: "bar" }),
      svg("text", { x: x + step * 0.3, y: height - bottom + 16, "text-anchor": "middle", class: "label",
                    text: monthName(point.month) }));
  });
  return chart;
}

function sortableTable(id, columns, rows, options) {
  // columns: [{key, label, value(row) → text or node, sort(row) → comparable, numeric}];
  // options: {caption, sortKey, descending}
  const table = el("table", { id, class: "data" });
  if (options && options.caption)
    table.append(el("caption", { text: options.caption }));
  const body = el("tbody");
  let sortKey = options && options.sortKey, ascending = !(options && options.descending);
  const headerRow = el("tr");
  const render = () => {
    const sorted = rows.slice();
    const column = columns.find((c) => c.key === sortKey);
    if (column) {
      const key = column.sort || column.value;
      sorted.sort((a, b) => {
        const x = key(a), y = key(b);
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), state.lang);
        return ascending ? c : -c;
      });
    }
    body.replaceChildren(...sorted.map((row) => el("tr", {},
      columns.map((c) => el(c.header ? "th" : "td", { class: c.numeric ? "number" : null, scope: c.header ? "row" : null,
                                                       "data-key": c.key }, c.value(row))))));
    for (const th of headerRow.children) {
      const active = th.dataset.key === sortKey;
      th.setAttribute("aria-sort", active ? (ascending ? "ascending" : "descending") : "none");
    }
  };
  for (const column of columns) {
    const button = el("button", { type: "button", class: "sort", text: column.label });
    button.addEventListener("click", () => {
      ascending = sortKey === column.key ? !ascending : true;
      sortKey = column.key;
      render();
    });
    headerRow.append(el("th", { scope: "col", "data-key": column.key, class: column.numeric ? "number" : null }, button));
  }
  table.append(el("thead", {}, headerRow), body);
  render();
  return table;
}

function departmentLink(name) {
  return routeLink("#/department/" + encodeURIComponent(name), name || _("(no department)"));
}

// What a department head sees, said on the pages they see.
function scopeNote() {
  if (!isDepartmentHead())
    return null;
  return el("p", { id: "scope-note", class: "note", role: "note",
                   text: format(_("You are signed in as the department head of {0}: you see your department's reports, and change nothing."),
                                state.session.department) });
}

function adminOnlyPage() {
  show(_("Administrators only"),
    el("p", { id: "admin-only", role: "alert", class: "error",
              text: _("This page is for administrators. A department head sees the reports of their own department.") }),
    el("p", {}, el("a", { href: "#/", text: _("Back to the overview") })));
}

async function overviewPage() {
  const data = await api("GET", "/admin/dashboard/overview");
  const summary = el("dl", { class: "stats", id: "summary" },
    stat("overall-rate", _("Completion rate"), percent(data.rate), "big"),
    stat("required", _("Required"), data.required),
    stat("completed", _("Completed"), data.completed),
    stat("pending", _("Pending"), data.pending),
    stat("overdue", _("Overdue"), data.overdue, data.overdue > 0 ? "alert" : null));
  const table = sortableTable("departments", [
    { key: "department", label: _("Department"), value: (r) => departmentLink(r.department), sort: (r) => r.department, header: true },
    { key: "required", label: _("Required"), value: (r) => String(r.required), sort: (r) => r.required, numeric: true },
    { key: "completed", label: _("Completed"), value: (r) => String(r.completed), sort: (r) => r.completed, numeric: true },
    { key: "pending", label: _("Pending"), value: (r) => String(r.pending), sort: (r) => r.pending, numeric: true },
    { key: "overdue", label: _("Overdue"), value: (r) => String(r.overdue), sort: (r) => r.overdue, numeric: true },
    { key: "rate", label: _("Completion rate"), value: (r) => percent(r.rate), sort: (r) => r.rate, numeric: true },
  ], data.departments, { caption: _("Per department"), sortKey: "department" });
  show(format(_("Overview, {0}"), fiscalYear(data)),
    scopeNote(),
    el("p", { class: "meta", text: format(_("As of {0}"), data.as_of) }),
    summary,
    el("section", { "aria-labelledby": "by-department" },
      el("h2", { id: "by-department", text: _("Completion rate per department") }),
      departmentChart(data.departments), table),
    el("section", { "aria-labelledby": "trend" },
      el("h2", { id: "trend", text: _("Completion rate at the end of each month") }),
      trendChart(data.trend)));
}

// Department

async function departmentPage(name) {
  const data = await api("GET", "/admin/dashboard/department?name=" + encodeURIComponent(name) + "&lang=" + state.lang);
  const moduleTitle = (id) => data.modules[id] || id;
  const filter = el("input", { id: "filter", type: "search", "aria-describedby": "filter-help" });
  const stateFilter = el("select", { id: "state-filter" },
    el("option", { value: "", text: _("All states") }),
    ["completed", "pending", "overdue"].map((s) => el("option", { value: s, text: stateName(s) })));
  const holder = el("div", { class: "table-holder" });
  const columns = [
    { key: "staff_id", label: _("Staff ID"), value: (r) => r.staff_id, header: true },
    { key: "name", label: _("Name"), value: (r) => r.name || "" },
    { key: "module", label: _("Module"), value: (r) => moduleTitle(r.module) },
    { key: "state", label: _("State"), value: (r) => el("span", { class: "state " + r.state, text: stateName(r.state) }),
      sort: (r) => r.state },
    { key: "due", label: _("Due"), value: (r) => r.due || "" },
    { key: "last_result", label: _("Last result"),
      value: (r) => r.last_result_verified === false
        ? el("span", { class: "unverified", text: format(_("{0} (unverified)"), resultName(r.last_result)),
                       title: _("The answers recorded for this attempt do not earn this result: it does not count.") })
        : resultName(r.last_result),
      sort: (r) => r.last_result || "" },
    { key: "score", label: _("Score"), value: (r) => r.last_result_score === null ? "" : String(r.last_result_score),
      sort: (r) => r.last_result_score === null ? -1 : r.last_result_score, numeric: true },
    { key: "date", label: _("Date"), value: (r) => day(r.last_result_date), sort: (r) => r.last_result_date || "" },
  ];
  const count = el("p", { id: "row-count", class: "meta", "aria-live": "polite" });
  const update = () => {
    const text = filter.value.trim().toLowerCase();
    const rows = data.rows.filter((r) =>
      (stateFilter.value === "" || r.state === stateFilter.value) &&
      (text === "" || [r.staff_id, r.name, r.module, moduleTitle(r.module)].some((v) => (v || "").toLowerCase().includes(text))));
    count.textContent = format(_("{0} of {1} rows"), rows.length, data.rows.length);
    holder.replaceChildren(sortableTable("staff", columns, rows, { caption: format(_("Staff of {0}"), name), sortKey: "staff_id" }));
  };
  filter.addEventListener("input", update);
  stateFilter.addEventListener("change", update);
  const csv = "/admin/reports/assignments?department=" + encodeURIComponent(name) +
              "&format=csv&bom=true" + (state.lang === "ja" ? "&headers=ja" : "");
  show(format(_("Department: {0}"), name),
    el("p", { class: "meta", text: format(_("{0}, as of {1}"), fiscalYear(data), data.as_of) }),
    el("div", { class: "toolbar" },
      el("label", { for: "filter", text: _("Filter") }), filter,
      el("span", { id: "filter-help", class: "hint", text: _("Staff ID, name or module") }),
      el("label", { for: "state-filter", text: _("State") }), stateFilter,
      el("a", { id: "export-csv", class: "button", href: csv, download: "assignments.csv", text: _("Export CSV") }),
      el("a", { id: "evidence-link", class: "button", href: "#/evidence/" + encodeURIComponent(name), text: _("Audit evidence") }),
      el("a", { id: "items-link", class: "button", href: "#/items/" + encodeURIComponent(name), text: _("Item analysis of this department") })),
    count, holder);
  update();
}

// Audit evidence

// The day a pass was received (what lateness is judged by), with the
// day the learner's machine wrote beside it when they differ.
function completedOn(r) {
  const received = day(r.last_passed_recorded);
  const written = day(r.last_passed);
  if (!received || received === written)
    return written;
  return format(_("{0} (written {1})"), received, written);
}

async function evidencePage(name) {
  const data = await api("GET", "/admin/dashboard/department?name=" + encodeURIComponent(name) + "&lang=" + state.lang);
  const table = el("table", { id: "evidence", class: "data" },
    el("caption", { text: format(_("Training records of {0}, {1}"), name, fiscalYear(data)) }),
    el("thead", {}, el("tr", {},
      [_("Staff ID"), _("Name"), _("Module"), _("Module version"), _("Completed on"), _("State")]
        .map((label) => el("th", { scope: "col", text: label })))),
    el("tbody", {}, data.rows.map((r) => el("tr", {},
      el("th", { scope: "row", text: r.staff_id }),
      el("td", { text: r.name || "" }),
      el("td", { text: data.modules[r.module] || r.module }),
      el("td", { text: r.state === "completed" ? r.version || "" : "" }),
      el("td", { text: r.state === "completed" ? completedOn(r) : "" }),
      el("td", { text: stateName(r.state) })))));
  const completed = data.rows.filter((r) => r.state === "completed").length;
  show(format(_("Audit evidence: {0}"), name),
    el("dl", { class: "evidence-meta" },
      el("dt", { text: _("Department") }), el("dd", { text: name }),
      el("dt", { text: _("Fiscal year") }), el("dd", { text: fiscalYear(data) }),
      el("dt", { text: _("As of") }), el("dd", { text: data.as_of }),
      el("dt", { text: _("Made on") }), el("dd", { text: day(data.generated) }),
      el("dt", { text: _("Completed") }), el("dd", { id: "evidence-completed", text: format(_("{0} of {1}"), completed, data.rows.length) })),
    el("p", { class: "no-print" },
      el("button", { type: "button", id: "print", class: "primary", text: _("Print"), onclick: () => window.print() })),
    table,
    el("p", { class: "signature", text: _("Checked by (name, date):") }));
}

// Item analysis

// The item analysis of the whole organisation, or of one department.
async function loadItems(department) {
  const scope = department || "";
  if (!state.items || state.items.lang !== state.lang || state.items.scope !== scope)
    state.items = { lang: state.lang, scope,
                    data: await api("GET", "/admin/dashboard/items?lang=" + state.lang +
                                           (department ? "&department=" + encodeURIComponent(department) : "")) };
  return state.items.data;
}

function discrimination(value) {
  return value === null ? "—" : value.toFixed(2);
}

// The share of right answers; from fewer answers than the server's
// minimum, in grey and never marked weak: too few answers to judge.
function correctCell(p, answers, min) {
  if (answers < min)
    return el("span", { class: "few", title: format(_("Only {0} answers: too few to judge"), answers),
                        text: percent(p * 100) });
  return el("span", { class: p < 0.7 ? "weak" : null, text: percent(p * 100) });
}

function questionTable(id, questions, min) {
  return sortableTable(id, [
    { key: "question", label: _("Question"), value: (q) => q.module + " / " + q.question, header: true },
    { key: "prompt", label: _("Prompt"), value: (q) => q.prompt || "" },
    { key: "answers", label: _("Answers"), value: (q) => String(q.answers), sort: (q) => q.answers, numeric: true },
    { key: "p", label: _("Correct"), value: (q) => correctCell(q.p, q.answers, min), sort: (q) => q.p, numeric: true },
    { key: "d", label: _("Discrimination"), value: (q) => discrimination(q.discrimination),
      sort: (q) => q.discrimination === null ? -2 : q.discrimination, numeric: true },
    { key: "wrong", label: _("Most chosen wrong answer"),
      value: (q) => q.wrong ? format(_("{0} ({1} times)"), q.wrong.text, q.wrong.count) : "—",
      sort: (q) => q.wrong ? q.wrong.count : 0 },
  ], questions, { sortKey: "p" });
}

async function itemsPage(department) {
  const data = await loadItems(department);
  const clauses = sortableTable("clauses", [
    { key: "label", label: _("Clause"), value: (c) => routeLink("#/clause/" + encodeURIComponent(c.clause), c.label),
      sort: (c) => c.clause, header: true },
    { key: "title", label: _("Title"), value: (c) => c.title || "" },
    { key: "questions", label: _("Questions"), value: (c) => String(c.questions.length), sort: (c) => c.questions.length, numeric: true },
    { key: "answers", label: _("Answers"), value: (c) => String(c.answers), sort: (c) => c.answers, numeric: true },
    { key: "p", label: _("Correct"), value: (c) => correctCell(c.p, c.answers, data.min_answers),
      sort: (c) => c.p, numeric: true },
  ], data.clauses, { caption: _("Clauses of the policy, the least understood first"), sortKey: "p" });
  show(department ? format(_("Item analysis: {0}"), department) : _("Item analysis"),
    el("p", { class: "meta", text: format(_("{0} attempts. Correct: the share of right answers. Discrimination: the share right among the best 27% of attempts less that among the weakest 27%."), data.attempts) }),
    el("p", { class: "meta", id: "sample-note",
              text: format(_("Figures from fewer than {0} answers are in grey italics and never marked as weak: too few answers to judge."), data.min_answers) }),
    el("section", { "aria-labelledby": "by-clause" }, el("h2", { id: "by-clause", text: _("Per clause") }), clauses),
    el("section", { "aria-labelledby": "by-question" }, el("h2", { id: "by-question", text: _("Per question") }),
      questionTable("questions", data.questions, data.min_answers)));
}

async function clausePage(id) {
  const [clause, data] = await Promise.all([
    api("GET", "/admin/dashboard/clause?id=" + encodeURIComponent(id) + "&lang=" + state.lang), loadItems()]);
  const stats = data.clauses.find((c) => c.clause === id);
  const questions = data.questions.filter((q) => stats && stats.questions.includes(q.activity));
  show(format(_("Clause {0}"), clause.label),
    el("p", { class: "meta" }, routeLink("#/items", _("Back to the item analysis"))),
    el("section", { "aria-labelledby": "policy-text", class: "card" },
      el("h2", { id: "policy-text", text: clause.title ? clause.label + " " + clause.title : clause.label }),
      clause.text.map((p) => el("p", { class: "policy", text: p }))),
    el("p", { id: "clause-p", text: stats ? format(_("Answered correctly: {0} of {1} answers ({2})"), stats.correct, stats.answers, percent(stats.p * 100)) : _("No answers yet.") }),
    el("section", { "aria-labelledby": "clause-questions" },
      el("h2", { id: "clause-questions", text: _("Questions that test this clause") }),
      questionTable("clause-question-table", questions, data.min_answers)));
}

// Self-inspection

function share(value) {
  return value === null || value === undefined ? "—" : percent(value * 100);
}

function shareColumns() {
  return [
    { key: "answers", label: _("Answers"), value: (t) => String(t.answers), sort: (t) => t.answers, numeric: true },
    { key: "yes", label: _("Yes"), value: (t) => share(t.yes_share), sort: (t) => t.yes_share || 0, numeric: true },
    { key: "no", label: _("No"), value: (t) => el("span", { class: t.no > 0 ? "weak" : null, text: share(t.no_share) }),
      sort: (t) => t.no_share || 0, numeric: true },
    { key: "na", label: _("Not applicable"), value: (t) => share(t.not_applicable_share),
      sort: (t) => t.not_applicable_share || 0, numeric: true },
  ];
}

// The self-inspection of each checklist, of the whole organisation or of
// one department: the server's report, as it orders it.
async function inspectionPage(department) {
  const scope = department ? "department=" + encodeURIComponent(department) : "";
  const data = await api("GET", "/admin/reports/self-inspection?lang=" + state.lang + (scope ? "&" + scope : ""));
  const csv = (list) => "/admin/reports/self-inspection?format=csv&bom=true&lang=" + state.lang +
    (state.lang === "ja" ? "&headers=ja" : "") + "&list=" + list + (scope ? "&" + scope : "");
  const sections = data.checklists.map((c, n) => {
    const suffix = n > 0 ? "-" + n : "";
    const texts = new Map(c.items.map((i) => [i.item, i.text || i.item]));
    const items = sortableTable("inspection-items" + suffix, [
      { key: "item", label: _("Item"), value: (i) => i.text || i.item, sort: (i) => i.item, header: true },
      ...shareColumns(),
      { key: "departments", label: _("Departments answering no"), value: (i) => String(i.departments_with_no),
        sort: (i) => i.departments_with_no, numeric: true },
      { key: "previous", label: _("No, previous cycle"), value: (i) => i.previous ? share(i.previous.no_share) : "—",
        sort: (i) => i.previous ? i.previous.no_share : -1, numeric: true },
      { key: "change", label: _("Change"),
        value: (i) => i.no_share_change === null ? "—" : (i.no_share_change > 0 ? "+" : "") + percent(i.no_share_change * 100),
        sort: (i) => i.no_share_change === null ? 0 : i.no_share_change, numeric: true },
    ], c.items, { caption: _("Items answered “no” by the most departments first") });
    const byDepartment = sortableTable("inspection-departments" + suffix, [
      { key: "department", label: _("Department"),
        value: (r) => routeLink("#/self-inspection/" + encodeURIComponent(r.department), r.department || _("(no department)")),
        sort: (r) => r.department, header: true },
      { key: "item", label: _("Item"), value: (r) => texts.get(r.item) || r.item, sort: (r) => r.item },
      ...shareColumns(),
    ], c.departments.flatMap((d) => d.items.map((t) => Object.assign({ department: d.department }, t))));
    const followUp = sortableTable("inspection-follow-up" + suffix, [
      { key: "staff_id", label: _("Staff ID"), value: (r) => r.staff_id, header: true },
      { key: "name", label: _("Name"), value: (r) => r.name || "" },
      { key: "department", label: _("Department"), value: (r) => r.department || _("(no department)") },
      { key: "item", label: _("Item"), value: (r) => r.text || r.item, sort: (r) => r.item },
      { key: "comment", label: _("Comment"), value: (r) => r.comment || "" },
      { key: "date", label: _("Date"), value: (r) => day(r.date), sort: (r) => r.date },
    ], c.follow_up);
    const notAnswered = sortableTable("inspection-not-answered" + suffix, [
      { key: "staff_id", label: _("Staff ID"), value: (r) => r.staff_id, header: true },
      { key: "name", label: _("Name"), value: (r) => r.name || "" },
      { key: "department", label: _("Department"), value: (r) => r.department || _("(no department)") },
    ], c.not_answered);
    return el("section", { "aria-labelledby": "checklist" + suffix },
      el("h2", { id: "checklist" + suffix, text: (c.title || c.checklist) + " (" + c.version + ")" }),
      el("p", { class: "meta", text: c.cycle ? format(_("Cycle: {0} to {1}"), c.cycle.first, c.cycle.last) : "" }),
      el("p", { id: "inspection-answered" + suffix, text: format(_("Answered: {0} of {1}"), c.answered, c.audience) }),
      items,
      el("h3", { text: _("By department") }), byDepartment,
      el("h3", { text: _("Follow-up: the answers “no”, with their comments") }), followUp,
      el("h3", { text: _("Not answered yet") }), notAnswered);
  });
  show(department ? format(_("Self-inspection: {0}"), department || _("(no department)")) : _("Self-inspection"),
    el("p", { text: _("The self-inspection that the policy asks for (section 7), in the current cycle: the items that many departments answer “no” come first, as input to the policy's review (section 8).") }),
    ...(department ? [el("p", { class: "meta" }, routeLink("#/self-inspection", _("All departments")))] : []),
    el("p", {},
      el("a", { id: "inspection-csv", href: csv("follow-up"), download: "self-inspection-follow-up.csv",
                text: _("Download the follow-up list as CSV (Excel)") }), " ",
      el("a", { id: "inspection-shares-csv", href: csv("shares"), download: "self-inspection-shares.csv",
                text: _("Download the shares as CSV (Excel)") }), " ",
      el("a", { id: "inspection-not-answered-csv", href: csv("not-answered"), download: "self-inspection-not-answered.csv",
                text: _("Download who has not answered as CSV (Excel)") })),
    ...sections);
}

// Staff

function roleName(role) {
  if (role === "department-head")
    return _("Department head");
  return role === "admin" ? _("Administrator") : _("Learner");
}

// The key and secret of an account, shown once, with a copy button.
function credentialsPanel(data) {
  const copy = el("button", { type: "button", id: "copy-secret", text: _("Copy the secret") });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(data.secret);
      copy.textContent = _("Copied");
    } catch (error) {
      copy.textContent = _("Select the secret and copy it");
    }
  });
  return el("section", { id: "secret-once", class: "card", "aria-labelledby": "secret-title" },
    el("h2", { id: "secret-title", text: format(_("The new secret of {0}"), data.staff_id) }),
    el("p", { class: "error", role: "alert",
              text: _("It is shown this once and stored only as a hash: hand it over now. Leaving this page forgets it.") }),
    el("dl", {}, el("dt", { text: _("Key") }), el("dd", {}, el("code", { id: "new-key", text: data.key })),
      el("dt", { text: _("Secret") }), el("dd", {}, el("code", { id: "new-secret", text: data.secret }))),
    copy);
}

async function staffPage() {
  const department = el("input", { id: "filter-department", type: "search" });
  const role = el("select", { id: "filter-role" }, el("option", { value: "", text: _("Any role") }),
    el("option", { value: "learner", text: _("Learner") }), el("option", { value: "admin", text: _("Administrator") }),
    el("option", { value: "department-head", text: _("Department head") }));
  const stateFilter = el("select", { id: "filter-state" }, el("option", { value: "", text: _("Any state") }),
    el("option", { value: "active", text: _("Active") }), el("option", { value: "disabled", text: _("Disabled") }));
  const search = el("input", { id: "filter-search", type: "search" });
  const list = el("div", { id: "staff-list" });
  const panel = el("div", { id: "staff-panel", "aria-live": "polite" });
  const failed = (error) => {
    if (error instanceof HttpError && error.status === 401)
      return showError(error);
    panel.replaceChildren(el("p", { class: "error", role: "alert", id: "staff-error", text: error.message }));
  };
  const edit = (member) => {
    const dep = el("input", { id: "edit-department", value: member.department || "" });
    const roleSelect = el("select", { id: "edit-role" },
      el("option", { value: "learner", text: _("Learner"), selected: member.role === "learner" }),
      el("option", { value: "admin", text: _("Administrator"), selected: member.role === "admin" }),
      el("option", { value: "department-head", text: _("Department head"), selected: member.role === "department-head" }));
    const email = el("input", { id: "edit-email", type: "email", value: member.email || "" });
    const form = el("form", { id: "edit-form", class: "card" },
      el("h2", { text: format(_("Change {0}"), member.staff_id) }),
      el("label", { for: "edit-department", text: _("Department") }), dep,
      el("label", { for: "edit-role", text: _("Role") }), roleSelect,
      el("label", { for: "edit-email", text: _("E-mail") }), email,
      el("button", { type: "submit", class: "primary", text: _("Save") }));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api("PATCH", "/admin/staff/" + encodeURIComponent(member.staff_id),
                  { department: dep.value, role: roleSelect.value, email: email.value });
        panel.replaceChildren(el("p", { role: "status", id: "staff-done", text: format(_("Changed {0}."), member.staff_id) }));
        await load();
      } catch (error) {
        failed(error);
      }
    });
    panel.replaceChildren(form);
    dep.focus();
  };
  const act = async (member, action) => {
    if (action === "reset-secret" &&
        !window.confirm(format(_("Give {0} a new secret? The old one stops working at once."), member.staff_id)))
      return;
    try {
      const data = await api("POST", "/admin/accounts/" + encodeURIComponent(member.staff_id) + "/" + action);
      if (action === "reset-secret")
        panel.replaceChildren(credentialsPanel(data));
      else
        panel.replaceChildren(el("p", { role: "status", id: "staff-done",
                                        text: format(action === "disable" ? _("Disabled {0}.") : _("Enabled {0}."),
                                                     member.staff_id) }));
      await load();
    } catch (error) {
      failed(error);
    }
  };
  const load = async () => {
    const params = new URLSearchParams();
    if (department.value) params.set("department", department.value);
    if (role.value) params.set("role", role.value);
    if (stateFilter.value) params.set("state", stateFilter.value);
    if (search.value) params.set("q", search.value);
    const staff = await api("GET", "/admin/staff?" + params.toString());
    list.replaceChildren(sortableTable("staff-table", [
      { key: "staff_id", label: _("Staff ID"), value: (m) => m.staff_id, header: true },
      { key: "name", label: _("Name"), value: (m) => m.display_name || "" },
      { key: "department", label: _("Department"), value: (m) => m.department || "" },
      { key: "role", label: _("Role"), value: (m) => roleName(m.role) },
      { key: "state", label: _("State"), value: (m) => m.active ? _("Active") : _("Disabled") },
      { key: "email", label: _("E-mail"), value: (m) => m.email || "" },
      { key: "actions", label: _("Actions"), sort: (m) => m.staff_id, value: (m) => el("span", { class: "actions" },
        el("button", { type: "button", "data-action": m.active ? "disable" : "enable",
                       text: m.active ? _("Disable") : _("Enable"),
                       onclick: () => act(m, m.active ? "disable" : "enable") }),
        el("button", { type: "button", "data-action": "reset-secret", text: _("Reset the secret"),
                       onclick: () => act(m, "reset-secret") }),
        el("button", { type: "button", "data-action": "edit", text: _("Change"), onclick: () => edit(m) })) },
    ], staff, { caption: staff.length === 1 ? _("1 account") : format(_("{0} accounts"), staff.length),
                sortKey: "staff_id" }));
  };
  const filters = el("form", { id: "staff-filters", class: "card" },
    el("label", { for: "filter-department", text: _("Department") }), department,
    el("label", { for: "filter-role", text: _("Role") }), role,
    el("label", { for: "filter-state", text: _("State") }), stateFilter,
    el("label", { for: "filter-search", text: _("Search") }), search,
    el("button", { type: "submit", class: "primary", text: _("Filter") }));
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    load().catch(failed);
  });
  await load();
  show(_("Staff"), filters, panel, list);
}

// Roster import

function rowKind(kind) {
  switch (kind) {
  case "new": return _("New");
  case "changed": return _("Changed");
  case "disabled": return _("Disabled");
  case "enabled": return _("Enabled");
  case "unchanged": return _("Unchanged");
  default: return kind || "";
  }
}

function rosterPreview(data) {
  const rows = data.rows.filter((r) => r.kind !== "unchanged")
    .map((r) => ({ line: r.line, staff_id: r.staff_id, name: r.display_name, what: rowKind(r.kind),
                   details: r.changes || "", refused: false }))
    .concat(data.refused.map((r) => ({ line: r.line, staff_id: r.staff_id, name: "", what: _("Refused"),
                                       details: r.reason, refused: true })));
  return [
    el("p", { id: "roster-summary",
              text: format(_("{0} new, {1} changed, {2} disabled, {3} enabled, {4} unchanged, {5} refused"),
                           data.new, data.changed, data.disabled, data.enabled, data.unchanged,
                           data.refused.length) }),
    sortableTable("roster-rows", [
      { key: "line", label: _("Line"), value: (r) => String(r.line), sort: (r) => r.line, numeric: true,
        header: true },
      { key: "staff_id", label: _("Staff ID"), value: (r) => r.staff_id || "" },
      { key: "name", label: _("Name"), value: (r) => r.name || "" },
      { key: "what", label: _("What"), value: (r) => r.refused ? el("strong", { class: "alert", text: r.what })
                                                               : r.what },
      { key: "details", label: _("Details"), value: (r) => r.details },
    ], rows, { caption: _("What the roster changes"), sortKey: "line" }),
  ];
}

function createdAccounts(created) {
  return el("section", { "aria-labelledby": "created-title" },
    el("h2", { id: "created-title", text: _("New accounts") }),
    el("p", { class: "error", role: "alert",
              text: _("The secrets are shown this once and stored only as hashes: hand them over now.") }),
    sortableTable("created", [
      { key: "staff_id", label: _("Staff ID"), value: (c) => c.staff_id, header: true },
      { key: "key", label: _("Key"), value: (c) => el("code", { text: c.key }) },
      { key: "secret", label: _("Secret"), value: (c) => el("code", { text: c.secret }) },
    ], created, { sortKey: "staff_id" }));
}

function rosterPage() {
  const file = el("input", { id: "roster-file", type: "file", accept: ".csv,text/csv" });
  const encoding = el("select", { id: "roster-encoding" },
    el("option", { value: "", text: _("Detect (UTF-8 or Shift_JIS)") }),
    el("option", { value: "utf-8", text: "UTF-8" }),
    el("option", { value: "shift_jis", text: "Shift_JIS (CP932)" }));
  const preview = el("button", { type: "button", id: "roster-preview", class: "primary", text: _("Preview") });
  const confirm = el("button", { type: "button", id: "roster-confirm", text: _("Import"), disabled: true });
  const result = el("div", { id: "roster-result", "aria-live": "polite" });
  let bytes = null;
  const send = async (dryRun) => {
    const query = "/admin/staff/roster?" + (dryRun ? "dry-run=true" : "dry-run=false") +
      (encoding.value ? "&encoding=" + encoding.value : "");
    return api("POST", query, bytes, "text/csv");
  };
  preview.addEventListener("click", async () => {
    result.replaceChildren();
    confirm.disabled = true;
    if (!file.files.length) {
      result.replaceChildren(el("p", { class: "error", role: "alert", text: _("Choose a CSV file first.") }));
      return;
    }
    bytes = await file.files[0].arrayBuffer();
    try {
      const data = await send(true);
      result.replaceChildren(...rosterPreview(data));
      // Nothing changes unless every row can be applied.
      confirm.disabled = data.refused.length > 0;
      if (data.refused.length > 0)
        result.append(el("p", { class: "error", role: "alert", id: "roster-refused",
                                text: _("Rows are refused: correct them in the spreadsheet and preview again. Nothing has changed.") }));
    } catch (error) {
      if (error instanceof HttpError && error.status === 401)
        return showError(error);
      result.replaceChildren(el("p", { class: "error", role: "alert", id: "roster-error", text: error.message }));
    }
  });
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    try {
      const data = await send(false);
      result.replaceChildren(el("p", { id: "roster-done", role: "status", text: _("The roster was imported.") }),
                             ...rosterPreview(data), data.created.length ? createdAccounts(data.created) : null);
    } catch (error) {
      if (error instanceof HttpError && error.status === 401)
        return showError(error);
      result.replaceChildren(el("p", { class: "error", role: "alert", id: "roster-error", text: error.message }),
                             ...(error.data && error.data.rows ? rosterPreview(error.data) : []));
    }
  });
  show(_("Roster import"),
    el("p", { text: _("Upload the staff roster as CSV, as Excel saves it. You see what it changes before anything changes.") }),
    el("div", { class: "card" },
      el("label", { for: "roster-file", text: _("Roster (CSV)") }), file,
      el("label", { for: "roster-encoding", text: _("Encoding") }), encoding,
      preview, confirm),
    result);
}

// Reminders

function recipientStatus(status) {
  switch (status) {
  case "sent": return _("Sent");
  case "failed": return _("Not sent");
  case "preview": return _("To send");
  case "no-address": return _("No e-mail address");
  case "already-reminded": return _("Reminded today already");
  default: return status || "";
  }
}

function recipientsTable(data) {
  return sortableTable("recipients", [
    { key: "staff_id", label: _("Staff ID"), value: (r) => r.staff_id, header: true },
    { key: "name", label: _("Name"), value: (r) => r.name || "" },
    { key: "email", label: _("E-mail"), value: (r) => r.email || "" },
    { key: "items", label: _("Training"),
      value: (r) => r.items.map((i) => format(_("{0} (due {1})"), i.title, i.due)).join(", ") },
    { key: "status", label: _("Result"),
      value: (r) => r.error ? recipientStatus(r.status) + ": " + r.error : recipientStatus(r.status) },
  ], data.recipients, { caption: _("One e-mail per person, in their language"), sortKey: "staff_id" });
}

async function remindersPage() {
  const kind = el("select", { id: "reminder-kind" },
    el("option", { value: "overdue", text: _("Past their due date") }),
    el("option", { value: "soon", text: _("Due within a week") }));
  const result = el("div", { id: "reminder-result", "aria-live": "polite" });
  const query = (dryRun) => "/admin/reminders?" + (kind.value === "overdue" ? "overdue=true" : "due-within=7") +
    (dryRun ? "&dry-run=true" : "");
  const preview = el("button", { type: "button", id: "reminder-preview", class: "primary", text: _("Preview") });
  const send = el("button", { type: "button", id: "reminder-send", text: _("Send") });
  const run = async (dryRun) => {
    result.replaceChildren();
    try {
      const data = await api("POST", query(dryRun));
      const first = data.recipients.find((r) => r.body);
      result.replaceChildren(
        el("p", { id: "reminder-summary",
                  text: format(_("{0} sent, {1} not sent, {2} to send or skipped"), data.sent, data.failed,
                               data.not_sent) }),
        recipientsTable(data),
        first ? el("section", { "aria-labelledby": "sample-mail" },
          el("h2", { id: "sample-mail", text: format(_("The e-mail to {0}"), first.staff_id) }),
          el("p", { class: "meta", id: "sample-subject", text: first.subject }),
          el("pre", { id: "sample-body", text: first.body })) : null);
    } catch (error) {
      if (error instanceof HttpError && error.status === 401)
        return showError(error);
      result.replaceChildren(el("p", { class: "error", role: "alert", id: "reminder-error", text: error.message }));
    }
  };
  preview.addEventListener("click", () => run(true));
  send.addEventListener("click", () => run(false));
  show(_("Reminders"),
    el("p", { text: _("E-mail each member of staff what is overdue or due soon. Preview first: nothing is sent until you press Send.") }),
    el("div", { class: "card" }, el("label", { for: "reminder-kind", text: _("Remind of") }), kind, preview, send),
    result);
}

// Phishing drills

function audienceName(drill) {
  switch (drill.audience) {
  case "department": return format(_("Department: {0}"), drill.audience_value);
  case "role": return format(_("Role: {0}"), drill.audience_value);
  case "segment": return format(_("Segment: {0}"), drill.audience_value);
  default: return _("Everyone");
  }
}

function drillStateName(name) {
  switch (name) {
  case "scheduled": return _("Scheduled");
  case "cancelled": return _("Cancelled");
  case "preparing": return _("Preparing");
  default: return name || "";
  }
}

function rate(part, whole) {
  return whole > 0 ? 100 * part / whole : 0;
}

// Click and report rates per department, of the messages delivered.
function drillChart(rows) {
  const rowHeight = 40, labelWidth = 150, barWidth = 380, width = labelWidth + barWidth + 150;
  const height = rows.length * rowHeight + 30;
  const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width, height, role: "img",
                             "aria-labelledby": "drill-chart-title", class: "chart", id: "drill-chart" },
    svg("title", { id: "drill-chart-title", text: _("Click and report rates per department") }));
  rows.forEach((row, i) => {
    const y = i * rowHeight + 5;
    const clicked = rate(row.clicked, row.delivered), reported = rate(row.reported, row.delivered);
    chart.append(
      svg("text", { x: labelWidth - 8, y: y + 20, "text-anchor": "end", class: "label",
                    text: row.department === null ? _("All") : row.department || _("(no department)") }),
      svg("rect", { x: labelWidth, y, width: barWidth * clicked / 100, height: 15, class: "bar clicked" }),
      svg("rect", { x: labelWidth, y: y + 17, width: barWidth * reported / 100, height: 15, class: "bar reported" }),
      svg("text", { x: labelWidth + barWidth + 6, y: y + 12, class: "value",
                    text: format(_("Clicked {0}"), percent(clicked)) }),
      svg("text", { x: labelWidth + barWidth + 6, y: y + 29, class: "value",
                    text: format(_("Reported {0}"), percent(reported)) }));
  });
  return chart;
}

// The click and report rates of each drill, oldest first.
function drillTrendChart(drills) {
  const width = 640, height = 200, left = 40, bottom = 30, top = 10;
  const step = (width - left - 10) / Math.max(drills.length, 1);
  const chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width, height, role: "img",
                             "aria-labelledby": "drill-trend-title", class: "chart", id: "drill-trend" },
    svg("title", { id: "drill-trend-title", text: _("Click and report rates of each drill") }));
  for (const mark of [0, 50, 100]) {
    const y = top + (height - top - bottom) * (1 - mark / 100);
    chart.append(svg("line", { x1: left, x2: width - 10, y1: y, y2: y, class: "grid" }),
                 svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "value", text: mark + "%" }));
  }
  drills.forEach((drill, i) => {
    const x = left + i * step + step * 0.15;
    const scale = (height - top - bottom) / 100;
    const clicked = rate(drill.clicked, drill.delivered) * scale;
    const reported = rate(drill.reported, drill.delivered) * scale;
    chart.append(
      svg("rect", { x, y: height - bottom - clicked, width: step * 0.35, height: clicked, class: "bar clicked" }),
      svg("rect", { x: x + step * 0.35, y: height - bottom - reported, width: step * 0.35, height: reported,
                    class: "bar reported" }),
      svg("text", { x: x + step * 0.35, y: height - bottom + 16, "text-anchor": "middle", class: "label",
                    text: day(drill.send_from) }));
  });
  return chart;
}

function minutes(seconds) {
  return seconds === null || seconds === undefined ? "" : format(_("{0} min"), Math.round(seconds / 60));
}

async function drillsPage() {
  const [drills, templates, stop, trend] = await Promise.all([
    api("GET", "/admin/drills"), api("GET", "/admin/drills/templates"), api("GET", "/admin/drills/stop"),
    api("GET", "/admin/drills/trend")]);
  const titles = Object.fromEntries(templates.map((t) => [t.id, t.title[state.lang] || t.id]));
  const status = el("p", { id: "drill-status", role: "status", "aria-live": "polite" });
  const fail = (error) => {
    if (error instanceof HttpError && error.status === 401)
      return showError(error);
    status.textContent = error.message;
    status.className = "error";
  };

  // The kill switch.
  const stopButton = el("button", { type: "button", id: "drill-stop", class: stop.stopped ? "primary" : null,
                                    text: stop.stopped ? _("Resume sending") : _("Stop all sending") });
  stopButton.addEventListener("click", async () => {
    if (!stop.stopped && !confirm(_("Stop sending every drill message now?")))
      return;
    try {
      await api(stop.stopped ? "DELETE" : "PUT", "/admin/drills/stop");
      await drillsPage();
    } catch (error) {
      fail(error);
    }
  });

  // A new campaign.
  const template = el("select", { id: "drill-template", required: true },
    templates.map((t) => el("option", { value: t.id, text: t.title[state.lang] || t.id })));
  const audience = el("select", { id: "drill-audience" },
    el("option", { value: "everyone", text: _("Everyone") }),
    el("option", { value: "department", text: _("A department") }),
    el("option", { value: "role", text: _("A role") }),
    el("option", { value: "segment", text: _("A network segment") }));
  const audienceValue = el("input", { id: "drill-audience-value" });
  const from = el("input", { id: "drill-from", type: "date", required: true });
  const until = el("input", { id: "drill-until", type: "date", required: true });
  const ends = el("input", { id: "drill-ends", type: "date", required: true });
  const form = el("form", { id: "drill-form", class: "card", novalidate: true },
    el("h2", { text: _("New drill") }),
    el("label", { for: "drill-template", text: _("Template") }), template,
    el("label", { for: "drill-audience", text: _("Audience") }), audience,
    el("label", { for: "drill-audience-value", text: _("Which department, role or segment") }), audienceValue,
    el("label", { for: "drill-from", text: _("Send from (day)") }), from,
    el("label", { for: "drill-until", text: _("Send until (day, not included)") }), until,
    el("label", { for: "drill-ends", text: _("Clicks and reports count until (day)") }), ends,
    el("p", { class: "meta", text: _("Each person gets the message at a random time in the window, so that staff cannot warn each other.") }),
    el("button", { type: "submit", class: "primary", text: _("Create the drill") }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    try {
      const created = await api("POST", "/admin/drills", {
        template: template.value, audience: audience.value, audience_value: audienceValue.value,
        send_from: from.value, send_until: until.value, ends: ends.value });
      await drillsPage();
      const done = document.getElementById("drill-status");
      done.textContent = format(_("Drill created for {0} people."), created.recipients);
      done.id = "drill-created";
    } catch (error) {
      fail(error);
    }
  });

  const table = sortableTable("drills", [
    { key: "created", label: _("Created"), value: (d) => day(d.created), sort: (d) => d.created, header: true },
    { key: "template", label: _("Template"),
      value: (d) => el("a", { href: "#/drill/" + encodeURIComponent(d.id), text: titles[d.template] || d.template }) ,
      sort: (d) => titles[d.template] || d.template },
    { key: "audience", label: _("Audience"), value: audienceName },
    { key: "window", label: _("Send window"), value: (d) => day(d.send_from) + " – " + day(d.send_until),
      sort: (d) => d.send_from },
    { key: "ends", label: _("Ends"), value: (d) => day(d.ends), sort: (d) => d.ends },
    { key: "state", label: _("State"), value: (d) => drillStateName(d.state) },
    { key: "actions", label: _("Actions"), value: (d) => d.state !== "scheduled" ? "" :
      el("button", { type: "button", "data-action": "cancel", text: _("Cancel"), onclick: async () => {
        if (!confirm(_("Cancel this drill? Nothing more is sent.")))
          return;
        try {
          await api("DELETE", "/admin/drills/" + encodeURIComponent(d.id));
          await drillsPage();
        } catch (error) {
          fail(error);
        }
      } }), sort: (d) => d.state },
  ], drills.slice().reverse(), { caption: _("The latest drills first") });

  show(_("Drills"),
    el("p", { text: _("Phishing drills: a realistic but harmless e-mail; those who click learn at once and are assigned follow-up training.") }),
    el("div", { class: "card" },
      el("p", { id: "drill-sending", text: stop.stopped ? _("All sending is stopped.") : _("Sending is on.") }),
      stopButton),
    status, table,
    trend.length > 0 ? el("section", { "aria-labelledby": "drill-trend-heading" },
      el("h2", { id: "drill-trend-heading", text: _("Trend across drills") }), drillTrendChart(trend)) : null,
    form);
}

async function drillPage(id) {
  const [drill, results, templates] = await Promise.all([
    api("GET", "/admin/drills/" + encodeURIComponent(id)),
    api("GET", "/admin/drills/" + encodeURIComponent(id) + "/report"),
    api("GET", "/admin/drills/templates")]);
  const template = templates.find((t) => t.id === drill.template);
  const departments = results.filter((r) => r.department !== null);
  const table = sortableTable("drill-results", [
    { key: "department", label: _("Department"),
      value: (r) => r.department === null ? _("All") : r.department || _("(no department)"), header: true },
    { key: "recipients", label: _("Recipients"), value: (r) => r.recipients, numeric: true },
    { key: "sent", label: _("Messages sent"), value: (r) => r.sent, numeric: true },
    { key: "delivered", label: _("Delivered"), value: (r) => r.delivered, numeric: true },
    { key: "clicked", label: _("Clicks"), value: (r) => r.clicked, numeric: true },
    { key: "reported", label: _("Reports"), value: (r) => r.reported, numeric: true },
    { key: "reported_before_click", label: _("Reported before clicking"), value: (r) => r.reported_before_click,
      numeric: true },
    { key: "first_report", label: _("Time to the first report"), value: (r) => minutes(r.first_report_seconds),
      sort: (r) => r.first_report_seconds === null ? Infinity : r.first_report_seconds },
  ], results, { caption: _("Results per department") });
  // Individuals: for administrators only, as this whole dashboard is.
  const people = sortableTable("drill-recipients", [
    { key: "staff_id", label: _("Staff ID"), value: (r) => r.staff_id, header: true },
    { key: "department", label: _("Department"), value: (r) => r.department },
    { key: "sent_at", label: _("Sent on"),
      value: (r) => r.sent_at ? day(r.sent_at) : (r.failure ? _("Not sent") : "") },
    { key: "clicked_at", label: _("Clicked on"), value: (r) => r.clicked_at ? day(r.clicked_at) : "" },
    { key: "reported_at", label: _("Reported on"), value: (r) => r.reported_at ? day(r.reported_at) : "" },
    { key: "failure", label: _("Failure"), value: (r) => r.failure || "" },
  ], drill.recipients, { caption: _("Each person (administrators only)"), sortKey: "staff_id" });
  show(template ? template.title[state.lang] : drill.template,
    el("p", { class: "meta", text: audienceName(drill) + " · " + day(drill.send_from) + " – " + day(drill.send_until) +
                                   " · " + drillStateName(drill.state) }),
    el("p", {}, el("a", { id: "drill-csv", download: "drill-results.csv",
                          href: "/admin/drills/" + encodeURIComponent(id) + "/report?format=csv&bom=true&headers=ja",
                          text: _("Download as CSV (Excel)") })),
    drillChart(departments), table, people,
    el("p", {}, el("a", { href: "#/drills", text: _("All drills") })));
}

// Audit log

async function auditPage() {
  const entries = await api("GET", "/admin/audit?limit=1000");
  const table = sortableTable("audit", [
    { key: "at", label: _("Time"), value: (e) => new Date(e.at).toLocaleString(state.lang === "ja" ? "ja-JP" : "en-GB"),
      sort: (e) => e.seq, header: true },
    { key: "event", label: _("Event"), value: (e) => e.event },
    { key: "actor", label: _("Actor"), value: (e) => e.actor || "" },
    { key: "subject", label: _("Target"), value: (e) => e.subject || "" },
    { key: "detail", label: _("Details"), value: (e) => e.detail || "" },
    { key: "address", label: _("Client address"), value: (e) => e.address || "" },
  ], entries.slice().reverse(), { caption: _("The latest entries first") });
  show(_("Audit log"),
    el("p", { text: _("Every administrative change, sign-in and refusal, with who, when and from where. The log is append-only.") }),
    el("p", {}, el("a", { id: "audit-csv", href: "/admin/audit?format=csv&bom=true&headers=ja", download: "audit.csv",
                          text: _("Download as CSV (Excel)") })),
    table);
}

// Content

function changeName(change) {
  switch (change) {
  case "new": return _("New");
  case "revised": return _("Revised");
  case "removed": return _("Removed");
  default: return change || "";
  }
}

function dateTime(timestamp) {
  return timestamp ? new Date(timestamp).toLocaleString(state.lang === "ja" ? "ja-JP" : "en-GB") : "";
}

// What a revised module or checklist means for those who passed it.
function passesCell(c) {
  if (c.change !== "revised" || c.passes_count === undefined)
    return "";
  return c.passes_count ? _("Earlier passes still count")
                        : el("strong", { class: "alert", text: _("Staff must take it again") });
}

function changesTable(id, caption, rows) {
  if (!rows.length)
    return el("p", { id, text: format(_("{0}: no change."), caption) });
  return sortableTable(id, [
    { key: "id", label: _("Identifier"), value: (c) => el("code", { text: c.id }), sort: (c) => c.id, header: true },
    { key: "title", label: _("Title"), value: (c) => c.title || "" },
    { key: "change", label: _("Change"), value: (c) => changeName(c.change) },
    { key: "version", label: _("Version"),
      value: (c) => c.change === "revised" ? c.old_version + " → " + c.new_version
                                           : c.new_version || c.old_version || "" },
    { key: "passes", label: _("Earlier passes"), value: passesCell,
      sort: (c) => c.passes_count === false ? 0 : 1 },
  ], rows, { caption, sortKey: "id" });
}

function verification(data) {
  if (!data.verified)
    return el("div", { class: "card", id: "content-verification" },
      el("p", { class: "error", role: "alert", id: "content-refused",
                text: format(_("Verification failed: {0}"), data.reason) }),
      data.problems.length ? el("ul", { id: "content-problems" }, data.problems.map((p) => el("li", { text: p }))) : null,
      el("p", { text: _("This package cannot be published.") }));
  return el("div", { class: "card", id: "content-verification" },
    el("p", { id: "content-verified", role: "status",
              text: _("Verified: the signature is valid, its key is trusted and the content validates.") }),
    el("dl", { class: "facts" },
      el("dt", { text: _("Signer key") }), el("dd", {}, el("code", { id: "content-signer", text: data.signer })),
      el("dt", { text: _("Digest") }), el("dd", {}, el("code", { id: "content-digest", text: data.digest })),
      el("dt", { text: _("Signed") }), el("dd", { text: dateTime(data.signed) })));
}

function versionsTable(versions) {
  return sortableTable("content-versions", [
    { key: "version", label: _("Version"), value: (v) => String(v.version), sort: (v) => v.version, numeric: true,
      header: true },
    { key: "published", label: _("Published"), value: (v) => dateTime(v.published), sort: (v) => v.version },
    { key: "published_by", label: _("Published by"), value: (v) => v.published_by || "" },
    { key: "digest", label: _("Digest"), value: (v) => el("code", { text: v.digest.slice(0, 16) + "…", title: v.digest }),
      sort: (v) => v.digest },
    { key: "fetched_by", label: _("Staff accounts that fetched it"), value: (v) => String(v.fetched_by),
      sort: (v) => v.fetched_by, numeric: true },
    { key: "current", label: _("State"), value: (v) => v.current ? _("Current") : "" },
  ], versions, { caption: _("Published versions, the latest first"), sortKey: "version",
                 descending: true });
}

async function contentPage() {
  const file = el("input", { id: "content-file", type: "file", accept: ".pkg,application/octet-stream" });
  const preview = el("button", { type: "button", id: "content-preview", class: "primary", text: _("Verify and preview") });
  const publish = el("button", { type: "button", id: "content-publish", text: _("Publish"), disabled: true });
  const result = el("div", { id: "content-result", "aria-live": "polite" });
  const list = el("section", { "aria-labelledby": "versions-title" });
  let token = null;
  const showVersions = async () => {
    const data = await api("GET", "/admin/content/versions");
    list.replaceChildren(el("h2", { id: "versions-title", text: _("Published versions") }),
      data.versions.length ? versionsTable(data.versions)
                           : el("p", { id: "content-versions", text: _("No content has been published yet.") }));
  };
  const failed = (error) => {
    if (error instanceof HttpError && error.status === 401)
      return showError(error);
    result.replaceChildren(el("p", { class: "error", role: "alert", id: "content-error", text: error.message }));
  };
  preview.addEventListener("click", async () => {
    result.replaceChildren();
    publish.disabled = true;
    token = null;
    if (!file.files.length) {
      result.replaceChildren(el("p", { class: "error", role: "alert", id: "content-error",
                                       text: _("Choose a content package first.") }));
      return;
    }
    try {
      const data = await api("POST", "/admin/content/preview", await file.files[0].arrayBuffer(),
                             "application/octet-stream");
      result.replaceChildren(verification(data));
      if (!data.verified)
        return;
      token = data.token;
      result.append(
        el("h2", { text: _("What changes against the published content") }),
        changesTable("content-modules", _("Modules"), data.modules),
        changesTable("content-checklists", _("Checklists"), data.checklists),
        el("p", { text: _("Nothing is published until you press Publish.") }));
      publish.disabled = false;
    } catch (error) {
      failed(error);
    }
  });
  publish.addEventListener("click", async () => {
    publish.disabled = true;
    try {
      const data = await api("POST", "/admin/content/publish", { token });
      token = null;
      result.replaceChildren(el("p", { id: "content-published", role: "status",
        text: format(_("Published. Staff machines install it at their next sync. Digest: {0}"), data.digest) }));
      await showVersions();
    } catch (error) {
      failed(error);
    }
  });
  show(_("Content"),
    el("p", { text: _("Upload a signed content package. The server verifies it and shows what it changes; nothing is published until you confirm.") }),
    el("div", { class: "card" },
      el("label", { for: "content-file", text: _("Content package") }), file, preview, publish),
    result, list);
  await showVersions();
}

// Assignments

function audienceText(rule) {
  switch (rule.audience) {
  case "department": return format(_("Department: {0}"), rule.audience_value);
  case "role": return format(_("Role: {0}"), rule.audience_value);
  case "segment": return format(_("Segment: {0}"), rule.audience_value);
  default: return _("Everyone");
  }
}

function recurrenceText(rule) {
  switch (rule.recurrence) {
  case "once": return format(_("Once, by {0}"), rule.due_date);
  case "half-yearly": return format(_("Every half year, by {0}"), rule.due);
  default: return format(_("Every fiscal year, by {0}"), rule.due);
  }
}

function ruleCell(rule) {
  if (!rule)
    return el("span", { class: "muted", text: "—" });
  return el("span", {}, audienceText(rule), el("br"), recurrenceText(rule));
}

async function assignmentsPage() {
  const data = await api("GET", "/admin/assignments?lang=" + state.lang);
  const panel = el("div", { id: "assignment-panel", "aria-live": "polite" });
  const failed = (error) => {
    if (error instanceof HttpError && error.status === 401)
      return showError(error);
    panel.replaceChildren(el("p", { class: "error", role: "alert", id: "assignment-error", text: error.message }));
  };
  const done = async (message) => {
    await assignmentsPage();
    document.getElementById("assignment-panel").replaceChildren(
      el("p", { role: "status", id: "assignment-done", text: message }));
  };
  const edit = (item) => {
    const rule = item.override || item.catalog || { audience: "everyone", recurrence: "annual", due: "03-31", new_staff_days: 0 };
    const audience = el("select", { id: "edit-audience" },
      ["everyone", "department", "role", "segment"].map((a) =>
        el("option", { value: a, selected: rule.audience === a,
                       text: a === "everyone" ? _("Everyone") : a === "department" ? _("A department")
                           : a === "role" ? _("A role") : _("A network segment") })));
    const value = el("input", { id: "edit-audience-value", value: rule.audience_value || "" });
    const recurrence = el("select", { id: "edit-recurrence" },
      el("option", { value: "annual", text: _("Every fiscal year"), selected: rule.recurrence === "annual" }),
      el("option", { value: "half-yearly", text: _("Every half year"), selected: rule.recurrence === "half-yearly" }),
      el("option", { value: "once", text: _("Once"), selected: rule.recurrence === "once" }));
    const due = el("input", { id: "edit-due", value: rule.due || "", placeholder: "MM-DD", "aria-describedby": "due-help" });
    const dueDate = el("input", { id: "edit-due-date", value: rule.due_date || "", placeholder: "YYYY-MM-DD",
                                  "aria-describedby": "due-date-help" });
    const days = el("input", { id: "edit-new-staff-days", type: "number", min: "0", max: "3650",
                               value: String(rule.new_staff_days || 0) });
    // What the server refused, beside the form, which stays to be fixed.
    const status = el("p", { id: "assignment-error", class: "error", role: "alert" });
    const form = el("form", { id: "assignment-form", class: "card", novalidate: true },
      el("h2", { text: format(_("Override for {0}"), item.title || item.id) }),
      el("label", { for: "edit-audience", text: _("Who") }), audience,
      el("label", { for: "edit-audience-value", text: _("Which department, role or segment") }), value,
      el("label", { for: "edit-recurrence", text: _("How often") }), recurrence,
      el("label", { for: "edit-due", text: _("Due every year or half year (month-day)") }), due,
      el("span", { id: "due-help", class: "hint", text: _("For example 06-30") }),
      el("label", { for: "edit-due-date", text: _("Due date of a campaign held once") }), dueDate,
      el("span", { id: "due-date-help", class: "hint", text: _("For example 2026-06-30") }),
      el("label", { for: "edit-new-staff-days", text: _("Days new staff have") }), days,
      el("button", { type: "submit", class: "primary", text: _("Save the override") }),
      status);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      // The server checks the rule and says what is wrong.
      const body = { audience: audience.value, recurrence: recurrence.value,
                     new_staff_days: Number(days.value || "0") };
      if (audience.value !== "everyone")
        body.audience_value = value.value.trim();
      if (due.value.trim() !== "")
        body.due = due.value.trim();
      if (dueDate.value.trim() !== "")
        body.due_date = dueDate.value.trim();
      status.textContent = "";
      try {
        await api("PUT", "/admin/assignments/" + encodeURIComponent(item.id), body);
      } catch (error) {
        if (error instanceof HttpError && error.status === 401)
          return showError(error);
        status.textContent = error.message;
        return;
      }
      await done(format(_("The override of {0} is saved."), item.id));
    });
    panel.replaceChildren(form);
    audience.focus();
  };
  const clear = async (item) => {
    if (!window.confirm(format(_("Clear the override of {0}? The catalog's assignment applies again."), item.id)))
      return;
    try {
      await api("DELETE", "/admin/assignments/" + encodeURIComponent(item.id));
      await done(format(_("The override of {0} is cleared."), item.id));
    } catch (error) {
      failed(error);
    }
  };
  const table = sortableTable("assignments", [
    { key: "id", label: _("Module or checklist"), header: true,
      value: (r) => el("span", {}, r.title || r.id, el("br"), el("code", { text: r.id })), sort: (r) => r.id },
    { key: "kind", label: _("Kind"), value: (r) => r.kind === "checklist" ? _("Checklist") : _("Module") },
    { key: "catalog", label: _("In the catalog"), value: (r) => ruleCell(r.catalog), sort: (r) => r.catalog ? 1 : 0 },
    { key: "override", label: _("Server override"), value: (r) => ruleCell(r.override), sort: (r) => r.override ? 1 : 0 },
    { key: "due", label: _("Due"), value: (r) => r.due || "", sort: (r) => r.due || "" },
    { key: "actions", label: _("Actions"), sort: () => 0,
      value: (r) => el("span", { class: "actions" },
        el("button", { type: "button", class: "edit", "data-id": r.id, text: _("Edit"), onclick: () => edit(r) }),
        r.override ? el("button", { type: "button", class: "clear", "data-id": r.id, text: _("Clear"),
                                    onclick: () => clear(r) }) : null) },
  ], data.items, { caption: format(_("As of {0}"), data.as_of) });
  show(_("Assignments"),
    el("p", { text: _("Who must complete each module and checklist, and by when: as the published content says, and as this server overrides it. Every change is in the audit log.") }),
    panel, table);
}

// Routing

async function route() {
  if (!state.session)
    return;
  buildNav();
  const hash = location.hash || "#/";
  const parts = hash.slice(2).split("/");
  try {
    if (isDepartmentHead() && ["staff", "roster", "assignments", "content", "reminders", "audit"].includes(parts[0]))
      adminOnlyPage();
    else if (parts[0] === "department" && parts[1])
      await departmentPage(decodeURIComponent(parts[1]));
    else if (parts[0] === "evidence" && parts[1])
      await evidencePage(decodeURIComponent(parts[1]));
    else if (parts[0] === "items")
      await itemsPage(parts[1] ? decodeURIComponent(parts[1]) : null);
    else if (parts[0] === "clause" && parts[1])
      await clausePage(decodeURIComponent(parts[1]));
    else if (parts[0] === "self-inspection")
      await inspectionPage(parts[1] !== undefined ? decodeURIComponent(parts[1]) : null);
    else if (parts[0] === "staff")
      await staffPage();
    else if (parts[0] === "roster")
      rosterPage();
    else if (parts[0] === "assignments")
      await assignmentsPage();
    else if (parts[0] === "content")
      await contentPage();
    else if (parts[0] === "reminders")
      await remindersPage();
    else if (parts[0] === "drills")
      await drillsPage();
    else if (parts[0] === "drill" && parts[1])
      await drillPage(decodeURIComponent(parts[1]));
    else if (parts[0] === "audit")
      await auditPage();
    else
      await overviewPage();
  } catch (error) {
    showError(error);
  }
}

function startApp() {
  route();
}

// Language

async function setLanguage(lang) {
  state.lang = lang;
  if (lang === "ja" && !state.catalog)
    state.catalog = await (await fetch("/dashboard/i18n/ja.json")).json();
  try {
    localStorage.setItem("awareness-lang", lang);
  } catch (error) {
    // Storage may be off; the choice then lasts for this page.
  }
  document.documentElement.lang = lang;
  const button = document.getElementById("language");
  // The switch names the other language in that language.
  button.textContent = lang === "ja" ? "English" : "日本語";
  button.setAttribute("lang", lang === "ja" ? "en" : "ja");
  button.setAttribute("aria-label", _("Switch language"));
  document.querySelector(".skip").textContent = _("Skip to content");
  document.getElementById("brand").textContent = _("Awareness dashboard");
  document.getElementById("nav").setAttribute("aria-label", _("Main"));
}

function initialLanguage() {
  let stored = null;
  try {
    stored = localStorage.getItem("awareness-lang");
  } catch (error) {
    stored = null;
  }
  if (stored === "ja" || stored === "en")
    return stored;
  return (navigator.languages || [navigator.language]).some((l) => l && l.toLowerCase().startsWith("ja")) ? "ja" : "en";
}

async function init() {
  await setLanguage(initialLanguage());
  document.getElementById("language").addEventListener("click", async () => {
    await setLanguage(state.lang === "ja" ? "en" : "ja");
    if (state.session)
      route();
    else
      signInPage();
  });
  document.getElementById("sign-out").addEventListener("click", signOut);
  window.addEventListener("hashchange", route);
  try {
    state.session = await api("GET", "/dashboard/api/session");
  } catch (error) {
    state.session = null;
  }
  if (state.session)
    startApp();
  else
    signInPage();
}

document.addEventListener("DOMContentLoaded", init);
