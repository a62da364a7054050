// yargs lays out a command's whole help text right after it calls the command's handler, in case
// the handler asks for it (showHelp): a few ms of layout plus the first Intl.Segmenter (20-40 ms
// of ICU data), on every `status` and `check`, for a text they never print. No handler here shows
// help: --help, a bad flag and an unknown command take paths of their own, and `.fail` reports
// one line without help. So the cache is not filled. If a yargs upgrade drops this internal
// method, nothing breaks: the help is cached again, at the old cost.
interface UsageInternals {
  cacheHelpMessage?: unknown;
}

interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => UsageInternals | undefined } | undefined;
}

export function skipCommandHelpCache(cli: object): void {
  const usage = (cli as YargsInternals).getInternalMethods?.()?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}
