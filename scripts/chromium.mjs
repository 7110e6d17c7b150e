// Debian's Chromium and the flags every launcher here uses: test tools cannot
// download their own browser on this machine, and the browser must not
// reach any server but the ones the tests start on 127.0.0.1.

/** The Chromium binary; `CHROMIUM_PATH` picks another one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a headless Chromium on a machine without a sandbox, a GPU or outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
