import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../support/paths';
import { extendedCorpus } from './generate';

/** `npm run -s corpus`: rewrites test/corpus/appeals-extended.jsonl from the banks (a spec checks for drift). */
const lines = extendedCorpus();
writeFileSync(
  join(REPO, 'test', 'corpus', 'appeals-extended.jsonl'),
  lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
);
process.stderr.write(`appeals-extended.jsonl: ${lines.length} lines\n`);
