/** Share pages in a real Chromium: a tab that collects Content-Security-Policy violations (tests expect none). */
import type { BrowserContext, Page } from 'playwright-core';

export async function watchedTab(context: BrowserContext): Promise<{ tab: Page; violations: string[] }> {
  const tab = await context.newPage();
  const violations: string[] = [];
  tab.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await tab.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { tab, violations };
}
