import catalogue from '../../libs/shared/src/seed/departments.json';
import {
  compileRuleSet,
  validateRuleSet,
  type CompiledRuleSet,
  type Rule,
  type RuleInput,
} from '../../libs/routing/src/rules';
import type { Engine } from 'json-rules-engine';
import { benchLog, runBench } from '../bench-kit';
import { generateAppeals } from './appeal-corpus';
import { buildJsonRulesEngine, toFacts } from './json-rules-engine-set';
import { median, round, timeAsync, timeSync } from './measure';
import { buildRuleSet } from './rule-sets';

/*
 * Rule-engine benchmark: `npm run -s bench:rules`. Progress goes to stderr; the last line on stdout is one JSON
 * object: the speed-up over json-rules-engine on the same 100 rules, the throughput (evaluations per second)
 * at 10 … 10,000 rules, and how much of the 10-rule throughput is left at 10,000.
 */

const APPEALS = 2_000;
const SIZES = [10, 100, 1_000, 10_000] as const;
const COMPARISON_SIZE = 100;
const ROUNDS = 7;
const COMPARISON_ROUNDS = 5;

const log = benchLog('rules');
const departments = new Set(catalogue.departments.map((d) => d.code));

function compile(rules: Rule[], version: number): CompiledRuleSet {
  const checked = validateRuleSet({ rules }, { departments });
  if (!checked.ok) {
    throw new Error(`bench rule set is invalid: ${JSON.stringify(checked.errors.slice(0, 3))}`);
  }
  return compileRuleSet(checked.ruleSet, version);
}

function runEngine(set: CompiledRuleSet, inputs: readonly RuleInput[]): number {
  let matched = 0;
  for (const input of inputs) matched += set.evaluate(input).matches.length;
  return matched;
}

async function runJsonRulesEngine(engine: Engine, inputs: readonly RuleInput[]): Promise<number> {
  let matched = 0;
  for (const input of inputs) matched += (await engine.run(toFacts(input))).events.length;
  return matched;
}

/** Both engines must find the same rules for every input, or the comparison means nothing. */
async function assertAgreement(
  set: CompiledRuleSet,
  engine: Engine,
  inputs: readonly RuleInput[],
): Promise<number> {
  let matches = 0;
  for (const [i, input] of inputs.entries()) {
    const ours = set
      .evaluate(input)
      .matches.map((m) => m.ruleId)
      .sort();
    const theirs = (await engine.run(toFacts(input))).events.map((e) => e.type).sort();
    if (ours.join(',') !== theirs.join(',')) {
      throw new Error(
        `engines disagree on appeal ${i}: ours [${ours.join(', ')}], json-rules-engine [${theirs.join(', ')}]`,
      );
    }
    matches += ours.length;
  }
  return matches;
}

async function compareWithJsonRulesEngine(inputs: readonly RuleInput[]): Promise<number> {
  const rules = buildRuleSet(COMPARISON_SIZE);
  const set = compile(rules, 1);
  const engine = buildJsonRulesEngine(rules);
  const matches = await assertAgreement(set, engine, inputs);
  log(`json-rules-engine agrees on all ${inputs.length} appeals (${matches} rule matches in all)`);

  runEngine(set, inputs);
  await runJsonRulesEngine(engine, inputs);
  const ratios: number[] = [];
  for (let r = 0; r < COMPARISON_ROUNDS; r++) {
    const ours = timeSync(inputs.length, () => runEngine(set, inputs));
    const theirs = await timeAsync(inputs.length, () => runJsonRulesEngine(engine, inputs));
    if (ours.checksum !== theirs.checksum) throw new Error('match counts differ between engines');
    ratios.push(ours.perSecond / theirs.perSecond);
    log(
      `comparison round ${r + 1}: engine ${Math.round(ours.perSecond)}/s, json-rules-engine ${Math.round(theirs.perSecond)}/s, ×${round(ratios[r])}`,
    );
  }
  return median(ratios);
}

function throughput(size: number, inputs: readonly RuleInput[]): number {
  const set = compile(buildRuleSet(size), size);
  const stats = set.stats();
  for (let w = 0; w < 3; w++) runEngine(set, inputs);
  const before = set.stats().conditionsTested;
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    rates.push(timeSync(inputs.length, () => runEngine(set, inputs)).perSecond);
  const tested = (set.stats().conditionsTested - before) / (ROUNDS * inputs.length);
  log(
    `${size} rules (${stats.keywords} keywords, ${stats.alwaysEvaluated} always evaluated): ` +
      `${Math.round(median(rates))} evaluations/s, ${round(tested)} rule conditions tested per appeal`,
  );
  return median(rates);
}

async function main(): Promise<void> {
  const inputs = generateAppeals(APPEALS);
  log(`${inputs.length} appeals generated`);
  const engineVsJsonRulesEngine = await compareWithJsonRulesEngine(inputs);
  const throughputAt: Record<string, number> = {};
  for (const size of SIZES) throughputAt[size] = Math.round(throughput(size, inputs));
  const result = {
    engineVsJsonRulesEngine: round(engineVsJsonRulesEngine),
    throughputAt,
    ratio10000to10: round(throughputAt[10_000] / throughputAt[10], 2),
  };
  console.log(JSON.stringify(result));
}

runBench(main);
