#!/usr/bin/env node
// Checks the interactive API docs (Scalar) as a person would see them, in headless Chromium.
//
//   node tests/browser/docs-page.mjs [BASE_URL] [OUT_DIR]      (or BASE_URL / OUT_DIR in the environment)
//
// Opens ${BASE_URL}/docs, waits for the operations list, and fails (exit 1, with the reasons) unless:
//   - the "List movies available in a country" operation (GET /v1/movies, operationId ListMovies) is shown,
//   - at least MIN_OPERATIONS (default 8) operations are listed,
//   - no request left the loopback interface (the page must not load anything from a CDN),
//   - the page is served with a Content-Security-Policy that allows no inline script but its own (by hash), no
//     eval and no other origin, and the page works under it: the browser reports no violation of it.
// Always writes OUT_DIR/docs-page.png (full page). Uses the system Chromium (CHROMIUM_PATH, default
// /usr/bin/chromium) through playwright-core; it never downloads a browser.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const baseUrl = (process.argv[2] ?? process.env.BASE_URL ?? "").replace(/\/+$/, "");
const outDir = path.resolve(process.argv[3] ?? process.env.OUT_DIR ?? "artifacts");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const minOperations = Number(process.env.MIN_OPERATIONS ?? 8);
const timeoutMs = Number(process.env.DOCS_PAGE_TIMEOUT_MS ?? 30_000);
const listMoviesSummary = "List movies available in a country";

if (!/^https?:\/\//.test(baseUrl)) {
  console.error("usage: node tests/browser/docs-page.mjs BASE_URL [OUT_DIR]  (or set BASE_URL, OUT_DIR)");
  process.exit(2);
}
if (!fs.existsSync(chromiumPath)) {
  console.error(`docs-page: no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(2);
}

/** True for URLs served from this machine's loopback interface, or that never touch the network. */
function isLocal(rawUrl) {
  const url = new URL(rawUrl);
  if (["data:", "blob:", "about:"].includes(url.protocol)) return true;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

const failures = [];
const offLoopback = new Set();
const cspViolations = new Set();
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-page-chromium-"));
const screenshotPath = path.join(outDir, "docs-page.png");
fs.mkdirSync(outDir, { recursive: true });

let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(timeoutMs);

  // Record every request; anything off the loopback interface is a failure and is never sent.
  context.on("request", (request) => {
    if (!isLocal(request.url())) offLoopback.add(request.url());
  });
  await context.route("**/*", (route) =>
    isLocal(route.request().url()) ? route.continue() : route.abort("blockedbyclient"),
  );

  const page = context.pages()[0] ?? (await context.newPage());
  page.on("websocket", (ws) => {
    if (!isLocal(ws.url())) offLoopback.add(ws.url());
  });
  page.on("pageerror", (error) => console.error(`docs-page: page error: ${error.message}`));
  // Chromium reports each blocked script, style, image or request on the console. One is expected and harmless:
  // the bundled validation library (Zod) probes `Function("")` once to choose its compiled mode, and falls back to
  // its interpreted mode when the policy refuses it; the page then works, which the checks below prove.
  page.on("console", (message) => {
    const text = message.text();
    if (/script-src eval|evaluate a string as JavaScript/i.test(text)) console.log(`docs-page: eval refused, as intended: ${text}`);
    else if (/Content Security Policy/i.test(text)) cspViolations.add(text);
  });
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Content Security Policy violation: ${event.effectiveDirective} ${event.blockedURI}`),
    ),
  );

  const response = await page.goto(`${baseUrl}/docs`, { waitUntil: "domcontentloaded" });
  if (!response?.ok()) failures.push(`GET ${baseUrl}/docs answered ${response?.status() ?? "nothing"}`);
  const csp = (await response?.allHeaders())?.["content-security-policy"] ?? "";
  const scriptSrc = /(?:^|;)\s*script-src([^;]*)/.exec(csp)?.[1] ?? "";
  if (!csp) failures.push("the page has no Content-Security-Policy header");
  else if (!/default-src 'none'/.test(csp) || !scriptSrc || /unsafe-inline|unsafe-eval|\*|https?:/.test(scriptSrc))
    failures.push(`the Content-Security-Policy is not strict: ${csp}`);
  console.log(`docs-page: Content-Security-Policy: ${csp}`);

  // The operations list is rendered once the document is loaded: wait for the first operation link.
  const operationLinks = page.locator('a[href*="/GET/"], a[href*="/POST/"], a[href*="/PUT/"], a[href*="/PATCH/"], a[href*="/DELETE/"]');
  await operationLinks.first().waitFor({ state: "visible" });

  // Open every collapsed tag group of the sidebar so that all operations are listed.
  for (let round = 0; round < 10; round++) {
    const closed = page.getByRole("button", { name: /^Open Group/ });
    if ((await closed.count()) === 0) break;
    await closed.first().click();
  }

  // The sidebar entry of GET /v1/movies must carry the operation's summary; opening it shows its section.
  const listMovies = operationLinks.filter({ hasText: listMoviesSummary }).first();
  try {
    await listMovies.waitFor({ state: "visible" });
    const href = (await listMovies.getAttribute("href")) ?? "";
    if (!/\/GET\/v1\/movies$/.test(href)) failures.push(`"${listMoviesSummary}" links to ${href}, not GET /v1/movies`);
    await listMovies.click();
    await page.getByRole("heading", { name: listMoviesSummary }).first().waitFor({ state: "visible" });
  } catch (error) {
    failures.push(`the "${listMoviesSummary}" operation (ListMovies) is not shown: ${error.message.split("\n")[0]}`);
  }

  const hrefs = new Set(
    await operationLinks.evaluateAll((links) => links.map((a) => a.getAttribute("href")).filter(Boolean)),
  );
  const operations = [...hrefs].map((href) => href.replace(/^#tag\/[^/]+\//, "")).sort();
  console.log(`docs-page: ${operations.length} operations listed: ${operations.join(", ")}`);
  if (operations.length < minOperations) failures.push(`only ${operations.length} operations listed, expected at least ${minOperations}`);

  // Scroll through once so that lazily rendered sections are in the full-page screenshot.
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.screenshot({ path: screenshotPath, fullPage: true });
  console.log(`docs-page: screenshot ${screenshotPath}`);
} catch (error) {
  failures.push(`the docs page did not render: ${error.message.split("\n")[0]}`);
} finally {
  await context?.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

for (const url of offLoopback) failures.push(`request left 127.0.0.1 (the page must not use a CDN): ${url}`);
for (const violation of cspViolations) failures.push(`the page broke its Content-Security-Policy: ${violation}`);

if (failures.length > 0) {
  console.error(`docs-page: FAIL (${baseUrl}/docs)`);
  for (const failure of failures) console.error(`  - ${failure}`);
  process.exit(1);
}
console.log(`docs-page: PASS (${baseUrl}/docs)`);
