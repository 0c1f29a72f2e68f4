// The TypeScript declarations of the published package (wasm/pkg) type-check the README's calls
// (types/usage.ts) and reject misuse (types/misuse.ts: one error per marked line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const OPTIONS = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  skipLibCheck: true,
};

function diagnostics(file) {
  const path = new URL(file, import.meta.url).pathname;
  const program = ts.createProgram([path], OPTIONS);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === path)
    .map((d) => ({
      line: d.file.getLineAndCharacterOfPosition(d.start).line + 1,
      text: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    }));
}

test('the declarations accept the documented calls', () => {
  assert.deepEqual(diagnostics('./types/usage.ts'), []);
});

test('the declarations reject misuse, one error per marked line', () => {
  const path = new URL('./types/misuse.ts', import.meta.url);
  const marked = readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, i) => (line.includes('// error:') ? [i + 1] : []));
  assert.equal(marked.length, 7);
  assert.deepEqual([...new Set(diagnostics('./types/misuse.ts').map((d) => d.line))], marked);
});
