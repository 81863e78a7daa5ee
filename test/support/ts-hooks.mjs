// Module hooks that let a child process of a test run the checkout's TypeScript as it is (no build, no
// stale dist/): `.js` imports fall back to the `.ts` file next to them, and `.ts` files outside
// node_modules are transpiled (types stripped, nothing checked: `tsc --noEmit` does that).

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const OPTIONS = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, inlineSourceMap: true };

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith('.') || specifier.startsWith('file:') || specifier.startsWith('/');
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !relative || !specifier.endsWith('.js')) throw err;
    return next(`${specifier.slice(0, -3)}.ts`, context);
  }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts') || url.includes('/node_modules/')) return next(url, context);
  const fileName = fileURLToPath(url);
  const out = ts.transpileModule(await readFile(fileName, 'utf8'), { fileName, compilerOptions: OPTIONS });
  return { format: 'module', source: out.outputText, shortCircuit: true };
}
