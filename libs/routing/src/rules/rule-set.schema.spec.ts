import { DEFAULT_RULES } from '@minsheng/shared/seed/default-rules';
import { legacyRulesDocument } from '@minsheng/shared/seed/legacy-rules-document';
import { CONDITION_KINDS, ruleSetDocumentSchema, ruleSetJsonSchema } from './rule-set.schema';

describe('rule-set schema', () => {
  it('exports a JSON Schema with the recursive condition as a definition', () => {
    const schema = ruleSetJsonSchema() as { $defs: Record<string, { anyOf: { required: string[] }[] }> };
    const condition = schema.$defs.RuleCondition;
    expect(condition.anyOf.map((branch) => branch.required[0])).toEqual([...CONDITION_KINDS]);
    expect(JSON.stringify(schema)).toContain('"$ref":"#/$defs/RuleCondition"');
  });

  it('holds the seed rules once converted', () => {
    const doc = legacyRulesDocument();
    expect(doc.rules).toHaveLength(DEFAULT_RULES.length);
    expect(ruleSetDocumentSchema.safeParse(doc).success).toBe(true);
  });
});
