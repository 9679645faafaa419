// Real-browser checks of the public status page, the alert bar and the /dev try-out page.
// Run by BrowserTests (xunit) against a bot on Kestrel: node browser-checks.mjs <status|alert-bar|dev>
// Environment: BASE_URL, WEB_DIR (web/ with node_modules), SAMPLES_DIR, ARTIFACTS_DIR, CHROMIUM.
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import http from "node:http";
import path from "node:path";

const { BASE_URL, WEB_DIR, SAMPLES_DIR, ARTIFACTS_DIR, CHROMIUM } = process.env;
const { chromium } = createRequire(path.join(WEB_DIR, "package.json"))("playwright-core");
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const timeout = 15000;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function postSample(name) {
  const response = await fetch(`${BASE_URL}/api/webhooks/alertmanager`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: readFileSync(path.join(SAMPLES_DIR, name)),
  });
  check(response.status === 202, `POST ${name} answered ${response.status}: ${await response.text()}`);
}

async function screenshot(page, name) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
}

/** A fresh Chromium profile per run; Debian's chromium, nothing downloaded. */
async function withBrowser(options, run) {
  const profile = mkdtempSync(path.join(tmpdir(), "supportbot-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
    ...options,
  });
  try {
    await run(context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function fitsThePhone(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `the page is ${overflow}px wider than the phone's screen`);
}

const scenarios = {
  // Server-rendered, so it must work with JavaScript off.
  async status() {
    await withBrowser({ ...phone, javaScriptEnabled: false }, async (context) => {
      const page = await context.newPage();
      await page.goto(`${BASE_URL}/status`);
      check((await page.textContent("#overall")).includes("All systems operational"), "a quiet page should say all systems are operational");

      await postSample("alertmanager-firing.json");
      await page.reload();
      const overall = await page.textContent("#overall");
      check(overall.includes("Major outage"), `banner should say "Major outage", says "${overall.trim()}"`);
      const incident = page.locator("article#INC-1");
      await incident.waitFor({ timeout });
      const text = await incident.innerText();
      check(text.includes("Checkout API 5xx rate above 5%"), `open incident should show its title: ${text}`);
      check(text.includes("Checkout") && text.includes("Investigating"), `open incident should show service and state: ${text}`);
      const services = await page.innerText("ul.services");
      check(/Checkout\s*Major outage/.test(services), `Checkout should be in a major outage: ${services}`);
      const body = await page.innerText("body");
      check(!body.includes("prod.internal") && !body.includes("payments") && !body.includes("runbooks"), "internal details leaked onto the page");
      await fitsThePhone(page);
      await screenshot(page, "status-open-phone.png");

      await postSample("alertmanager-resolved.json");
      await page.reload();
      check((await page.textContent("#overall")).includes("All systems operational"), "after the resolve the page should say all systems are operational");
      check(await page.locator("#open-heading").count() === 0, "no open incident section after the resolve");
      const past = await page.innerText("article#INC-1");
      check(past.includes("Resolved") && past.includes("26m"), `the resolved incident should be in the history with its duration: ${past}`);
      await fitsThePhone(page);
      await screenshot(page, "status-resolved-phone.png");
    });
  },

  // A customer's website (another origin) embeds the bar with one script tag.
  async "alert-bar"() {
    const site = http.createServer((request, response) => {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,"><title>Example Shop</title></head>
        <body style="margin:0;font-family:sans-serif"><main style="padding:1rem"><h1>Example Shop</h1><p>Welcome!</p></main>
        <script src="${BASE_URL}/status/alert-bar.js" data-poll-seconds="1" async></script></body></html>`);
    });
    await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
    const siteUrl = `http://127.0.0.1:${site.address().port}/`;
    try {
      await withBrowser(phone, async (context) => {
        const errors = [];
        context.on("weberror", (e) => errors.push(String(e.error())));
        const bar = (page) => page.locator("#supportbot-alert-bar");
        const nextPoll = (page) => page.waitForResponse((r) => r.url().endsWith("/status.json"), { timeout });

        let page = await context.newPage();
        let polled = nextPoll(page);
        await page.goto(siteUrl);
        await polled;
        check(await bar(page).count() === 0, "no bar while nothing is open");

        await postSample("alertmanager-firing.json");
        await bar(page).waitFor({ timeout });
        const text = await bar(page).innerText();
        check(text.includes("Checkout API 5xx rate above 5%"), `the bar should show the incident title: ${text}`);
        const href = await bar(page).locator("a").getAttribute("href");
        check(href === `${BASE_URL}/status#INC-1`, `the bar should link to the status page, links to ${href}`);
        await fitsThePhone(page);
        await screenshot(page, "alert-bar-phone.png");

        await bar(page).getByRole("button", { name: "Dismiss" }).click();
        check(await bar(page).count() === 0, "the bar should go when dismissed");
        polled = nextPoll(page);
        await page.reload();
        await polled;
        check(await bar(page).count() === 0, "a dismissed bar stays away for the same incident");
        await page.close();

        page = await context.newPage();
        await page.goto(siteUrl);
        await bar(page).waitFor({ timeout });
        await postSample("alertmanager-resolved.json");
        await bar(page).waitFor({ state: "detached", timeout });
        check(errors.length === 0, `errors on the host page: ${errors.join("; ")}`);
      });
    } finally {
      site.close();
    }
  },

  // The alert bar with hostile text (HOSTILE_STRINGS: {texts, links} from the tests' hostile-string table) on a
  // customer's website: first an alert the real bot turned into an incident (HOSTILE_PAYLOAD), then every text of the
  // table as an incident name in status.json (served by the route, with hostile links and impacts). Each time the bar
  // shows the text as text: no element, script, event handler or link of its own, no dialog, nothing run.
  async "hostile-alert-bar"() {
    const { texts, links } = JSON.parse(readFileSync(process.env.HOSTILE_STRINGS, "utf8"));
    const site = http.createServer((request, response) => {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><title>Example Shop</title></head>
        <body><main><h1>Example Shop</h1></main>
        <script src="${BASE_URL}/status/alert-bar.js" data-poll-seconds="1" async></script></body></html>`);
    });
    await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
    const siteUrl = `http://127.0.0.1:${site.address().port}/`;
    const statusPage = `${BASE_URL}/status`;
    try {
      await withBrowser({ viewport: { width: 1100, height: 700 } }, async (context) => {
        const problems = [];
        context.on("weberror", (e) => problems.push(`error: ${e.error()}`));
        context.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
        context.on("request", (r) => { if (![BASE_URL, siteUrl, "data:"].some((ok) => r.url().startsWith(ok))) problems.push(`request to ${r.url()}`); });

        // What the bar is made of, and what of the page is not the site's or the bar's own.
        const inspect = (page) => page.evaluate(() => {
          const bar = document.getElementById("supportbot-alert-bar");
          const all = [...document.querySelectorAll("*")];
          return {
            shape: [...bar.querySelectorAll("*")].map((e) => e.tagName.toLowerCase()).join(","),
            anchors: [...document.querySelectorAll("a")].map((a) => a.href),
            text: bar.querySelector("span").firstChild.textContent,
            scripts: document.scripts.length,
            foreign: all.filter((e) => ["IMG", "SVG", "IFRAME", "OBJECT", "EMBED", "STYLE", "FORM", "AT", "svg"].includes(e.tagName))
              .map((e) => e.outerHTML.slice(0, 100)),
            handlers: all.flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${e.tagName}.${a.name}`)),
            pwned: window.__pwned === true,
          };
        });
        const assertInert = (seen, what) => {
          check(seen.shape === "span,a,button", `the bar for ${what} is made of ${seen.shape}`);
          check(seen.anchors.length === 1 && /^https?:$/.test(new URL(seen.anchors[0]).protocol), `links for ${what}: ${seen.anchors.join(", ")}`);
          check(seen.scripts === 1, `${seen.scripts} scripts on the page after ${what}`);
          check(seen.foreign.length === 0, `elements planted by ${what}: ${seen.foreign.join("; ")}`);
          check(seen.handlers.length === 0, `event handlers planted by ${what}: ${seen.handlers.join(", ")}`);
          check(!seen.pwned, `script from ${what} ran`);
        };

        // 1. Through the real bot: the hostile alert becomes an incident on status.json, then the bar.
        const response = await fetch(`${BASE_URL}/api/webhooks/alertmanager`, {
          method: "POST", headers: { "Content-Type": "application/json" }, body: readFileSync(process.env.HOSTILE_PAYLOAD),
        });
        check(response.status === 202, `POST hostile payload answered ${response.status}: ${await response.text()}`);
        let page = await context.newPage();
        await page.goto(siteUrl);
        await page.locator("#supportbot-alert-bar").waitFor({ timeout });
        let seen = await inspect(page);
        assertInert(seen, "the hostile alert");
        check(seen.anchors[0] === `${statusPage}#INC-1`, `the bar should link to the status page, links to ${seen.anchors[0]}`);
        for (const literal of (process.env.HOSTILE_LITERALS || "").split("\n").filter(Boolean))
          check(seen.text.includes(literal), `the bar should show "${literal}" as text: ${seen.text.slice(0, 300)}`);
        await screenshot(page, "alert-bar-hostile.png");
        await page.close();

        // 2. Every text of the table as an incident name, with hostile links and impacts, as status.json could carry them.
        const impacts = ["critical", "__proto__", "constructor", "red;background:url(javascript:alert(1))", "<img src=x onerror=alert(1)>"];
        for (let i = 0; i < texts.length; i++) {
          const shortlink = i % 2 === 0 ? links[(i / 2) % links.length] : `${statusPage}#INC-${i}`;
          const body = JSON.stringify({
            page: { name: "Example", url: statusPage },
            status: { indicator: "critical", description: "Major outage" },
            incidents: [{ id: `INC-${i}" onmouseover="window.__pwned=true`, name: texts[i], impact: impacts[i % impacts.length], shortlink }],
          });
          page = await context.newPage();
          await page.route(`${BASE_URL}/status.json`, (route) => route.fulfill({
            status: 200, body, headers: { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" },
          }));
          await page.goto(siteUrl);
          await page.locator("#supportbot-alert-bar").waitFor({ timeout });
          seen = await inspect(page);
          const what = `table text ${i} (${JSON.stringify(texts[i].slice(0, 40))}, link ${JSON.stringify(shortlink)})`;
          assertInert(seen, what);
          check(seen.text.startsWith(texts[i]), `the bar should show ${what} as text, shows ${JSON.stringify(seen.text.slice(0, 80))}`);
          const protocol = (() => { try { return new URL(shortlink, `${BASE_URL}/`).protocol; } catch { return ""; } })();
          if (!/^https?:$/.test(protocol)) check(seen.anchors[0] === statusPage, `a ${protocol} link became ${seen.anchors[0]} for ${what}`);
          await page.mouse.move(10, 10);
          await page.mouse.move(500, 20);
          await page.close();
        }
        check(problems.length === 0, `while showing hostile text: ${problems.join("; ")}`);
      });
    } finally {
      site.close();
    }
  },

  // The try-out page renders the real cards with the Adaptive Cards renderer, cleanly.
  async dev() {
    await withBrowser({ viewport: { width: 1100, height: 900 } }, async (context) => {
      const page = await context.newPage();
      const complaints = [];
      page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") complaints.push(`${m.type()}: ${m.text()}`); });
      page.on("pageerror", (e) => complaints.push(`pageerror: ${e.message}`));
      page.on("requestfailed", (r) => complaints.push(`requestfailed: ${r.url()}`));
      page.on("response", (r) => { if (r.status() >= 400) complaints.push(`HTTP ${r.status()}: ${r.url()}`); });

      await page.goto(`${BASE_URL}/dev`);
      await page.waitForSelector("body[data-cards-rendered]", { timeout });
      check(await page.evaluate(() => typeof window.AdaptiveCards === "object"), "the Adaptive Cards renderer did not load");

      await page.getByRole("button", { name: "Post firing alert" }).click();
      const briefing = page.locator('figure[data-card="briefing-INC-1"] .ac-adaptiveCard');
      await briefing.waitFor({ timeout });
      const card = await briefing.innerText();
      for (const expected of ["INC-1", "CRITICAL", "Checkout API 5xx rate above 5%", "checkout-api", "1 firing of 1"])
        check(card.includes(expected), `the rendered briefing card should show "${expected}": ${card}`);
      const status = await page.locator('figure[data-card="status"] .ac-adaptiveCard').innerText();
      check(status.includes("1 open incident"), `the status card should list the open incident: ${status}`);
      check(await page.locator("#incidents").innerText().then((t) => t.includes("INC-1")), "the incident list should show INC-1");
      await screenshot(page, "dev-firing.png");

      await page.getByRole("button", { name: "Post resolved alert" }).click();
      await page.locator('figure[data-card="briefing-INC-1"] .ac-adaptiveCard', { hasText: "Resolved after" }).waitFor({ timeout });
      await page.locator('figure[data-card="status"] .ac-adaptiveCard', { hasText: "All systems operational" }).waitFor({ timeout });
      await screenshot(page, "dev-resolved.png");

      const warnings = await page.getAttribute("body", "data-renderer-warnings");
      check(warnings === "0", `the renderer reported ${warnings} warnings: ${await page.innerText("#renderer-warnings")}`);
      check(complaints.length === 0, `console errors or warnings on /dev:\n${complaints.join("\n")}`);
    });
  },

  // Hostile alert text and links (HOSTILE_PAYLOAD, an Alertmanager body) rendered as Teams renders cards: the
  // Adaptive Cards renderer with markdown-it on /dev. The only links are the bot's own buttons; no markup gets through.
  async "hostile-cards"() {
    await withBrowser({ viewport: { width: 1100, height: 900 } }, async (context) => {
      const page = await context.newPage();
      const pageErrors = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      page.on("dialog", (d) => { pageErrors.push(`dialog: ${d.message()}`); d.dismiss(); });

      const response = await fetch(`${BASE_URL}/api/webhooks/alertmanager`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: readFileSync(process.env.HOSTILE_PAYLOAD),
      });
      check(response.status === 202, `POST hostile payload answered ${response.status}: ${await response.text()}`);

      await page.goto(`${BASE_URL}/dev`);
      await page.waitForSelector("body[data-cards-rendered]", { timeout });
      const briefing = page.locator('figure[data-card="briefing-INC-1"] .ac-adaptiveCard');
      await briefing.waitFor({ timeout });
      await screenshot(page, "dev-hostile.png");

      const cards = page.locator("figure[data-card] .ac-adaptiveCard");
      const found = await cards.evaluateAll((roots) => roots.map((root) => ({
        card: root.closest("figure").getAttribute("data-card"),
        anchors: [...root.querySelectorAll("a")].map((a) => `${a.textContent} -> ${a.getAttribute("href")}`),
        markup: [...root.querySelectorAll("script, img, svg, iframe, em, h1, h2, h3, blockquote, li, code, table:not(.ac-factset), del, s")]
          .map((e) => e.outerHTML.slice(0, 120)),
        handlers: [...root.querySelectorAll("*")].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith("on")).map((a) => a.name)),
        text: root.innerText,
      })));
      check(found.length >= 2, `expected the briefing and status cards, rendered: ${found.map((f) => f.card).join(", ")}`);
      // The only anchors: the bot's own incident ids, linked to a link of the incident in its normalized form.
      const allowed = (process.env.HOSTILE_ALLOWED_LINKS || "").split("\n").filter(Boolean);
      for (const f of found) {
        const planted = f.anchors.filter((a) => !allowed.some((href) => a === `INC-1 -> ${href}`));
        check(planted.length === 0, `links in the rendered ${f.card} card: ${planted.join("; ")}`);
        check(f.markup.length === 0, `markup from alert text in the rendered ${f.card} card: ${f.markup.join("; ")}`);
        check(f.handlers.length === 0, `event handler attributes in the ${f.card} card: ${f.handlers.join(", ")}`);
      }
      const briefingText = found.find((f) => f.card === "briefing-INC-1").text;
      for (const literal of (process.env.HOSTILE_LITERALS || "").split("\n").filter(Boolean))
        check(briefingText.includes(literal), `the briefing should show "${literal}" as text: ${briefingText.slice(0, 2000)}`);

      // The links are Action.OpenUrl buttons with the normalized URL, exactly the ones the payload had as http(s).
      const posted = await (await fetch(`${BASE_URL}/dev/cards.json`, { cache: "no-store" })).json();
      const urls = JSON.stringify(posted).match(/"url":"[^"]*"/g) || [];
      check(urls.every((u) => u.startsWith('"url":"https://') || u.startsWith('"url":"http://')), `a non-http link reached a card: ${urls.join(", ")}`);
      check(urls.every((u) => !/[ <>|()]/.test(u.slice(7, -1))), `a link that can close its markup: ${urls.join(", ")}`);
      check(pageErrors.length === 0, `page errors or dialogs: ${pageErrors.join("; ")}`);
    });
  },
};

const name = process.argv[2];
if (!scenarios[name]) {
  console.error(`usage: node browser-checks.mjs <${Object.keys(scenarios).join("|")}>`);
  process.exit(2);
}
try {
  await scenarios[name]();
  console.log(`${name}: ok`);
} catch (e) {
  console.error(`${name}: FAILED: ${e.stack || e}`);
  process.exit(1);
}
