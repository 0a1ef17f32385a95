import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium (or CHROMIUM_PATH), driven by playwright-core (a test tool's own browser download does not
 * work here).
 */
export function launchChromium(
  executablePath: string = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
