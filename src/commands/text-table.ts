// A box table in the style etcdctl prints with -w table (tablewriter, headers centred, cells
// right-aligned), so `etcdtop status` reads like the command operators already know.
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, col) => Math.max(title.length, ...rows.map((row) => (row[col] ?? '').length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[], center: boolean) =>
    `|${widths.map((w, col) => ` ${pad(cells[col] ?? '', w, center)} `).join('|')}|`;
  return [rule, line(header, true), rule, ...rows.map((row) => line(row, false)), rule].join('\n');
}

function pad(text: string, width: number, center: boolean): string {
  if (!center) return text.padStart(width);
  const left = Math.floor((width - text.length) / 2);
  return ' '.repeat(left) + text + ' '.repeat(width - text.length - left);
}
