// Ink decides at import time whether it runs "in CI" (CI or CONTINUOUS_INTEGRATION set) and then
// renders nothing until exit and ignores resizes. The monitor only ever runs on a real terminal,
// where a CI variable left in an operator's shell (or a test harness) must not blank the screen.
// Imported before Ink by the monitor command. The variables are removed, not set to "0" (which
// is-in-ci would accept): chalk's colour detection takes any CI variable, even CI=0, to mean a
// CI log without colour, and the monitor would lose every colour on every terminal.
if (process.stdout.isTTY) {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
}
export {};
