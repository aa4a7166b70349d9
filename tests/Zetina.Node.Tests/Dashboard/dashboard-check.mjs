// Drives the node dashboard in headless Chromium (Debian's, through playwright-core) the way an operator watches it:
//   node dashboard-check.mjs DASHBOARD_URL SCREENSHOT.png POST_URL JOB_FILE EXPECTED_OUTPUT
// Opens the dashboard, posts the job in JOB_FILE to POST_URL (a delegator's POST /v1/jobs; bearer token from
// ZETINA_API_TOKEN), waits for the job's row to reach "settled" with EXPECTED_OUTPUT, opens its timeline, saves
// SCREENSHOT.png (and SCREENSHOT-phone.png at phone width), and prints one JSON line of what it saw.
// Exit 0 when all of that held; 1, with the reason on stderr, otherwise. Every wait is bounded.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [url, screenshot, postUrl, jobFile, expected] = process.argv.slice(2);
const playwrightDir = process.env.ZETINA_PLAYWRIGHT_DIR;
const chromiumPath = process.env.ZETINA_CHROMIUM;
const token = process.env.ZETINA_API_TOKEN;
const SETTLE_MS = Number(process.env.ZETINA_DASHBOARD_SETTLE_MS || 180000);

class CheckFailed extends Error {}

function fail(message) {
  throw new CheckFailed(message);
}

function exit(message) {
  console.error("dashboard-check: " + message);
  process.exit(1);
}

if (!expected) exit("usage: node dashboard-check.mjs DASHBOARD_URL SCREENSHOT.png POST_URL JOB_FILE EXPECTED_OUTPUT");
if (!playwrightDir || !chromiumPath) exit("ZETINA_PLAYWRIGHT_DIR and ZETINA_CHROMIUM must be set (scripts/install-browser prints them)");

const { chromium } = createRequire(join(playwrightDir, "package.json"))("playwright-core");
// --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"], timeout: 60000 });
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(30000);
  // Script errors and Content-Security-Policy violations both reach the console as errors.
  page.on("console", m => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("pageerror", e => problems.push("page error: " + e.message));
  page.on("response", r => { if (r.status() >= 400) problems.push(`response: ${r.status()} for ${r.request().method()} ${r.url()}`); });

  const response = await page.goto(url, { waitUntil: "load" });
  const csp = response.headers()["content-security-policy"] || "";
  if (!csp.includes("script-src 'self'")) fail(`the page came without its Content-Security-Policy (got '${csp}')`);
  await page.waitForFunction(() => document.getElementById("stream").textContent === "live"
    && document.getElementById("peer-id").textContent !== "…");

  const posted = await fetch(postUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
    body: readFileSync(jobFile),
    signal: AbortSignal.timeout(60000),
  });
  const postedText = await posted.text();
  if (posted.status !== 201) fail(`POST ${postUrl} answered ${posted.status}: ${postedText}`);
  const jobId = JSON.parse(postedText).job_id;

  const row = `tr.job[data-job-id="${jobId}"]`;
  await page.waitForSelector(`${row}[data-state="settled"]`, { timeout: SETTLE_MS });
  // The output comes from the registry's settlement, polled every 2 s: wait for it too, bounded.
  await page.waitForFunction(([sel, want]) => document.querySelector(sel + " td.output")?.textContent.includes(want),
    [row, expected], { timeout: 30000 });
  const output = await page.textContent(`${row} td.output`);
  const state = await page.textContent(`${row} .badge`);
  const executor = await page.getAttribute(`${row} td.executor`, "title");

  await page.click(row);
  const timeline = await page.$$eval(`tr.timeline[data-job-id="${jobId}"] li .type`, items => items.map(i => i.textContent));
  for (const step of ["heard", "proving", "proved", "submitted", "settled"])
    if (!timeline.includes(step)) fail(`the timeline of ${jobId} has no '${step}' step: ${timeline.join(", ")}`);
  await page.screenshot({ path: screenshot, fullPage: true });

  // Phone width: the media query turns tables into cards; nothing may force a sideways scroll.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.screenshot({ path: screenshot.replace(/\.png$/, "") + "-phone.png", fullPage: true });
  if (overflow > 1) fail(`at 390 px wide the page is ${overflow} px too wide`);

  if (problems.length > 0) fail("the page reported errors:\n" + problems.join("\n"));
  console.log(JSON.stringify({ job_id: jobId, state, output, executor, timeline: [...new Set(timeline)], screenshot }));
} catch (e) {
  console.error("dashboard-check: " + (e instanceof CheckFailed ? e.message : (e && e.stack) || String(e)));
  if (problems.length > 0) console.error("the page reported:\n" + problems.join("\n"));
  process.exitCode = 1;
} finally {
  await browser.close();
}
