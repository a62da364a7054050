// The README parser behind test/e2e/readme-commands.test.ts: what counts as a command line.
import { describe, expect, it } from 'vitest';
import { cronCommand, readmeCommands, stripComment } from './helpers/readme-commands.js';

const commandsOf = (markdown: string) => readmeCommands(markdown).map((c) => c.command);

describe('readmeCommands', () => {
  it('takes each line of sh, bash and cron blocks, with its language and line number', () => {
    const markdown = ['# Title', '', '```sh', 'npm ci', '```', 'prose', '```bash', 'npm test', '```', '```cron', '0 3 * * * etcdtop check', '```'].join('\n');
    expect(readmeCommands(markdown)).toEqual([
      { command: 'npm ci', lang: 'sh', line: 4 },
      { command: 'npm test', lang: 'bash', line: 8 },
      { command: 'etcdtop check', lang: 'cron', line: 11 },
    ]);
  });

  it('ignores other blocks and commands quoted in prose', () => {
    expect(commandsOf('Run `etcdtop --help`.\n```text\netcdtop screen\n```\n```json\n{ "a": 1 }\n```\n```\nbare\n```')).toEqual([]);
  });

  it('drops blank lines, comment-only lines and trailing comments', () => {
    expect(commandsOf('```sh\n\n# on the node:\netcdtop status      # once, as a table\n   \n```')).toEqual(['etcdtop status']);
  });

  it('joins backslash continuations into one command', () => {
    expect(readmeCommands('```sh\netcdtop \\\n  --endpoints x \\\n  status\n```')).toEqual([{ command: 'etcdtop --endpoints x status', lang: 'sh', line: 2 }]);
  });
});

describe('stripComment', () => {
  it.each([
    ['a # b', 'a '],
    ['# all comment', ''],
    ['echo "#not" # yes', 'echo "#not" '],
    ["echo '# not' x", "echo '# not' x"],
    ['echo a#b', 'echo a#b'],
    ['echo \\# x', 'echo \\# x'],
    ['echo "a \\" # still quoted" # c', 'echo "a \\" # still quoted" '],
  ])('%s → %s', (line, expected) => {
    expect(stripComment(line)).toBe(expected);
  });
});

describe('cronCommand', () => {
  it.each([
    ['*/5 * * * * out=$(etcdtop check) || mail -s "x y" a@b', 'out=$(etcdtop check) || mail -s "x y" a@b'],
    ['0  3 1-5 * mon  etcdtop check', 'etcdtop check'],
    ['@hourly etcdtop check', 'etcdtop check'],
  ])('%s → %s', (entry, expected) => {
    expect(cronCommand(entry)).toBe(expected);
  });

  it('refuses a line without a whole schedule', () => {
    expect(() => cronCommand('*/5 * * etcdtop')).toThrow(/not a crontab line/);
  });
});
