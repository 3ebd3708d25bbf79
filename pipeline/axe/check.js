// The browser check of local HTML pages: axe-core's WCAG 2.0/2.1 A and AA rules, and screenshots,
// in headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM).
//   node check.js axe FILE.html...         one JSON line a file: {file, violations, loads}
//   node check.js shot FILE.html OUT.png WIDTH   a full-page screenshot, WIDTH px wide (900 px high view)
// axe-core and puppeteer-core come from `pipeline/axe/install FOLDER`; run with
// NODE_PATH=FOLDER/node_modules (pipeline/axe/__init__.py does). A page must load nothing but
// file: and data: addresses: any other request is aborted and listed in `loads`, and counts as
// a violation. Exit 0: no violation; 1: some; 2: could not run.
const fs = require("fs");
const os = require("os");
const path = require("path");
const puppeteer = require("puppeteer-core");

const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const PAGE_TIMEOUT_MS = 30000;
// Chromium must not reach for the network at all: this machine and CI have none, and
// without these flags it keeps trying (and failing) to call home.
const FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function withBrowser(work) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "boardpapers-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [...FLAGS, `--user-data-dir=${profile}`],
    timeout: PAGE_TIMEOUT_MS,
  });
  try {
    return await work(browser);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// Open `file` in a new page of `browser`, aborting every request that leaves the file system;
// return the page and the addresses it tried to load.
async function open(browser, file, width = 1280) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  const loads = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("file:") || url.startsWith("data:")) request.continue();
    else {
      if (!loads.includes(url)) loads.push(url);  // Chromium asks again for a stylesheet it was refused
      request.abort();
    }
  });
  await page.goto("file://" + path.resolve(file), { waitUntil: "load", timeout: PAGE_TIMEOUT_MS });
  return { page, loads };
}

async function axe(files) {
  const source = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  return withBrowser(async (browser) => {
    let failed = false;
    for (const file of files) {
      const { page, loads } = await open(browser, file);
      await page.addScriptTag({ content: source });
      const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: "tag", values: tags } }), WCAG);
      const violations = result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((node) => node.target.join(" ")),
      }));
      console.log(JSON.stringify({ file, violations, loads }));
      failed ||= violations.length > 0 || loads.length > 0;
      await page.close();
    }
    return failed ? 1 : 0;
  });
}

async function shot(file, png, width) {
  return withBrowser(async (browser) => {
    const { page } = await open(browser, file, width);
    await page.screenshot({ path: png, fullPage: true });
    return 0;
  });
}

async function main([mode, ...rest]) {
  if (mode === "axe" && rest.length) return axe(rest);
  const width = Number(rest[2]);
  if (mode === "shot" && rest.length === 3 && Number.isInteger(width) && width > 0) return shot(rest[0], rest[1], width);
  throw new Error("usage: check.js axe FILE.html... | check.js shot FILE.html OUT.png WIDTH");
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => { console.error(`check.js: ${error.message}`); process.exit(2); });
