// npm run docs: rewrites the README's key reference from the action registry.
import {readFileSync, writeFileSync} from 'node:fs';
import {withKeySection} from '../source/ui/readme-keys.js';

const before = readFileSync('README.md', 'utf8');
const after = withKeySection(before);
if (after !== before) writeFileSync('README.md', after);
console.error(after === before ? 'README.md keys: up to date' : 'README.md keys: rewritten');
