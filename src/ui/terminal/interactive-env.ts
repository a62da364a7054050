// Ink decides at import time whether it runs "in CI" (any CI / CI_* variable set) and then
// renders nothing until exit and ignores resizes. The monitor only ever runs on a real terminal,
// where a CI variable left in an operator's shell (or a test harness) must not blank the screen.
// Imported before Ink by the monitor command; setting CI=0 is how is-in-ci is told "not CI".
if (process.stdout.isTTY) process.env.CI = '0';
export {};
