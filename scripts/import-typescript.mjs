// A TypeScript module with no imports of its own (or type-only ones), transpiled by esbuild and
// imported from memory: for the build scripts that need a constant or a function of src/ itself.
import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';

export async function importTypeScript(path) {
  const { code } = await transform(readFileSync(path, 'utf8'), { loader: 'ts', format: 'esm' });
  return import(`data:text/javascript,${encodeURIComponent(code)}`);
}
