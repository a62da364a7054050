// The commands a Markdown file shows in its shell and cron code blocks, one per command line, as
// an operator would type or paste them: comments and blank lines dropped, `\` continuations
// joined, and for cron only the command after the schedule. Other blocks (text, json, …) and
// commands quoted inline in prose are not commands here.

export interface ReadmeCommand {
  /** The command as written, without its comment: the key tests look it up by. */
  command: string;
  /** The code block's language: sh, bash or cron. */
  lang: string;
  /** 1-based line in the file where the command starts. */
  line: number;
}

const COMMAND_LANGS = new Set(['sh', 'bash', 'cron']);
const FENCE = /^\s*```\s*([\w-]*)/;

/** Every command line of every ```sh, ```bash and ```cron block, in order. */
export function readmeCommands(markdown: string): ReadmeCommand[] {
  const commands: ReadmeCommand[] = [];
  let lang: string | undefined;
  let pending: { text: string; line: number } | undefined;
  markdown.split(/\r?\n/).forEach((raw, index) => {
    const fence = FENCE.exec(raw);
    if (fence !== null) {
      lang = lang === undefined ? fence[1] ?? '' : undefined;
      pending = undefined;
      return;
    }
    if (lang === undefined || !COMMAND_LANGS.has(lang)) return;
    const text = pending === undefined ? raw : `${pending.text} ${raw.trim()}`;
    const line = pending?.line ?? index + 1;
    if (/\\$/.test(text)) {
      pending = { text: text.slice(0, -1).trimEnd(), line };
      return;
    }
    pending = undefined;
    const command = stripComment(text).trim();
    if (command !== '') commands.push({ command: lang === 'cron' ? cronCommand(command) : command, lang, line });
  });
  return commands;
}

/** The shell's rule: `#` starts a comment where it starts a word outside quotes. */
export function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') i += 1;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '\\') {
      i += 1;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(0, i);
    }
  }
  return line;
}

/** A crontab line minus its schedule: five time fields, or one `@daily`-style nickname. */
export function cronCommand(entry: string): string {
  const fields = entry.startsWith('@') ? 1 : 5;
  const match = new RegExp(`^(?:\\S+\\s+){${fields}}(.+)$`).exec(entry);
  if (match === null) throw new Error(`not a crontab line (schedule, then a command): ${entry}`);
  return match[1]!;
}
