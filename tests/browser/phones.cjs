// Five phones in a real browser (Debian's Chromium, driven by Playwright)
// join a workshop, wait for the coach to open the vote, vote, and wait for
// the reveal. The Rust test (tests/core/browser.rs) plays the coach.
//
//   node phones.cjs <node_modules dir> <base url> <room code> <screenshot dir>
//
// Prints one line per phone: "voted <n>" with the 1-based choice it tapped,
// and exits 0 when every phone saw the reveal.
"use strict";
const path = require("path");
const [modules, base, code, shots] = process.argv.slice(2);
const { chromium } = require(path.join(modules, "playwright-core"));

const PHONES = 5;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  try {
    const pages = [];
    for (let i = 0; i < PHONES; i++) {
      const context = await browser.newContext(phone);
      const page = await context.newPage();
      page.on("pageerror", (e) => { console.error("page error: " + e.message); process.exitCode = 3; });
      // Phone 0 types the code by hand; the others come from the QR link.
      if (i === 0) {
        await page.goto(base);
        await page.waitForSelector("#join:not([hidden])");
        await page.fill("#code", code.toLowerCase().slice(0, 3) + " " + code.slice(3));
        await page.tap("#join-form button");
      } else {
        await page.goto(base + "?code=" + code);
      }
      await page.waitForSelector("#room:not([hidden])");
      pages.push(page);
    }
    if (shots) await pages[0].screenshot({ path: path.join(shots, "phone-waiting.png") });
    console.log("joined " + PHONES);
    // The coach opens the vote: the buttons come alive within a second or so.
    for (const [i, page] of pages.entries()) {
      await page.waitForSelector("#choices button:not([disabled])", { timeout: 15000 });
      const n = await page.locator("#choices button").count();
      // Phone 0 first taps another answer, then changes its mind.
      const choice = i % Math.min(n, 3);
      if (i === 0) {
        await page.tap(`#choices button[data-choice="${(choice + 1) % n}"]`);
        await page.waitForSelector(`#choices button.mine[data-choice="${(choice + 1) % n}"]`);
      }
      await page.tap(`#choices button[data-choice="${choice}"]`);
      await page.waitForSelector(`#choices button.mine[data-choice="${choice}"]`);
      console.log("voted " + (choice + 1));
    }
    if (shots) await pages[1].screenshot({ path: path.join(shots, "phone-voted.png") });
    for (const page of pages) {
      await page.waitForSelector("#choices .bar", { timeout: 15000 });
    }
    if (shots) await pages[0].screenshot({ path: path.join(shots, "phone-revealed.png") });
    console.log("revealed");
  } finally {
    await browser.close();
  }
})().catch((e) => { console.error(e && e.stack || String(e)); process.exit(2); });
