import { readFileSync, writeFileSync } from 'node:fs';
import { parseHistory, trainTextModel } from '@minsheng/learning';

const USAGE = `usage: npm run -s learn -- --history HISTORY.jsonl [--folds 5] [--algorithm logistic|complement-nb]
         [--save MODEL.json]
HISTORY.jsonl holds one decided appeal a line: {"title"?, "content", "department", "county"?, "returned"?,
"decidedAt"?}. Prints the cross-validated figures as one JSON line on stdout; --save also writes the model.`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * `npm run -s learn -- --history HISTORY.jsonl`: how well a model trained on this history would route,
 * each example scored by a model trained on the other folds. A city onboarding the hub runs this on its past
 * work orders before publishing anything.
 */
function main(): number {
  const args = process.argv.slice(2);
  const history = flag(args, 'history');
  const algorithm = flag(args, 'algorithm') ?? 'logistic';
  const folds = Number(flag(args, 'folds') ?? 5);
  if (
    !history ||
    !Number.isInteger(folds) ||
    folds < 2 ||
    !['logistic', 'complement-nb'].includes(algorithm)
  ) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { examples, skipped } = parseHistory(readFileSync(history, 'utf8'));
  if (skipped) process.stderr.write(`learn: ${skipped} lines skipped (not a decided appeal)\n`);
  const started = process.hrtime.bigint();
  const model = trainTextModel(examples, { folds, algorithm: algorithm as 'logistic' | 'complement-nb' });
  const trainingSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const document = JSON.stringify(model.toJSON());
  const save = flag(args, 'save');
  if (save) writeFileSync(save, document);
  const { crossValidation, ...meta } = model.meta;
  process.stdout.write(
    `${JSON.stringify({
      ...crossValidation,
      model: { ...meta, bytes: document.length },
      skipped,
      trainingSeconds: Math.round(trainingSeconds * 100) / 100,
    })}\n`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  process.stderr.write(`learn: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
