import { Alert, Form, Input, InputNumber, Modal, Segmented, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import {
  conditionShape,
  type FieldError,
  formFieldOf,
  fromForm,
  GRADE_LABEL,
  type Rule,
  type RuleFormValues,
  toForm,
} from './rule-model';

interface Props {
  /** The rule being edited; undefined adds a new one. */
  rule: Rule | undefined;
  /** The API's errors for this rule (from the last check or save), shown at their fields. */
  errors: FieldError[];
  departments: { value: string; label: string }[];
  readOnly: boolean;
  onSave: (rule: Rule) => void;
  onClose: () => void;
}

const EMPTY: Rule = {
  id: '',
  name: '',
  priority: 100,
  enabled: true,
  when: { keywords: { any: [] } },
  then: { grade: 'general' },
};

/** One rule as a form (keywords as tags with any/all/none, regex, departments, grade) or as raw JSON. */
export function RuleDialog({ rule, errors, departments, readOnly, onSave, onClose }: Props) {
  const [form] = Form.useForm<RuleFormValues>();
  const original = rule ?? EMPTY;
  const shape = conditionShape(original.when);
  const [view, setView] = useState<'form' | 'json'>('form');
  const [json, setJson] = useState('');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    form.setFieldsValue(toForm(original));
    const byField = new Map<keyof RuleFormValues, string[]>();
    for (const e of errors) {
      const name = formFieldOf(e.field, shape);
      if (name) byField.set(name, [...(byField.get(name) ?? []), e.message]);
    }
    form.setFields([...byField].map(([name, messages]) => ({ name, errors: messages })));
    // Once per opening (the dialog is mounted per rule): later renders must not reset what the user typed.
  }, []);

  const unplaced = errors.filter((e) => !formFieldOf(e.field, shape));
  const current = (): Rule => fromForm(form.getFieldsValue(true) as RuleFormValues, shape, original);
  const switchTo = (next: 'form' | 'json') => {
    setProblem(undefined);
    try {
      if (next === 'json') setJson(JSON.stringify(current(), null, 2));
      else form.setFieldsValue(toForm(JSON.parse(json) as Rule));
      setView(next);
    } catch (e) {
      setProblem(`JSON 无法解析：${(e as Error).message}`);
    }
  };
  const save = async () => {
    setProblem(undefined);
    try {
      if (view === 'json') onSave(JSON.parse(json) as Rule);
      else {
        await form.validateFields();
        onSave(current());
      }
    } catch (e) {
      if (e instanceof Error) setProblem(`JSON 无法解析：${e.message}`);
    }
  };
  const tags = (name: 'any' | 'all' | 'none', label: string) => (
    <Form.Item name={name} label={label} data-field={name}>
      <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} disabled={readOnly} />
    </Form.Item>
  );

  return (
    <Modal
      open
      width={760}
      title={rule ? `规则 ${rule.id}` : '新增规则'}
      okText={readOnly ? '关闭' : '应用到草稿'}
      onOk={() => (readOnly ? onClose() : void save())}
      onCancel={onClose}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented
          value={view}
          onChange={(v) => switchTo(v as 'form' | 'json')}
          options={[
            { value: 'form', label: '表单' },
            { value: 'json', label: '原始 JSON' },
          ]}
        />
        {problem ? <Alert type="error" showIcon message={problem} /> : null}
        {unplaced.map((e) => (
          <Alert key={e.field + e.code} type="error" showIcon message={`${e.field}：${e.message}`} />
        ))}
        <div style={{ display: view === 'json' ? 'block' : 'none' }}>
          <Input.TextArea
            rows={18}
            value={json}
            onChange={(e) => setJson(e.target.value)}
            readOnly={readOnly}
            style={{ fontFamily: 'monospace' }}
            data-testid="rule-json"
          />
        </div>
        <Form<RuleFormValues>
          form={form}
          layout="vertical"
          disabled={readOnly}
          style={{ display: view === 'form' ? 'block' : 'none' }}
        >
          <Space align="start" wrap>
            <Form.Item name="id" label="规则编号" rules={[{ required: true, message: '编号必填' }]}>
              <Input disabled={!!rule} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="name" label="名称" rules={[{ required: true, message: '名称必填' }]}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="priority" label="优先级（小者先）">
              <InputNumber style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="enabled" label="启用" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          {shape === 'keywords' ? (
            <>
              {tags('any', '关键词：任一命中')}
              {tags('all', '关键词：全部命中')}
              {tags('none', '关键词：不得出现')}
            </>
          ) : shape === 'regex' ? (
            <Form.Item name="regex" label="正则（RE2）" data-field="regex">
              <Input />
            </Form.Item>
          ) : (
            <Form.Item name="whenJson" label="条件（JSON：all / any / not / channel / jurisdiction …）">
              <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          )}
          <Space align="start" wrap>
            <Form.Item name="lead" label="主办部门" data-field="lead">
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={departments}
                style={{ width: 260 }}
                data-testid="rule-lead"
              />
            </Form.Item>
            <Form.Item name="co" label="协办部门">
              <Select
                mode="multiple"
                showSearch
                optionFilterProp="label"
                options={departments}
                style={{ width: 300 }}
              />
            </Form.Item>
            <Form.Item name="grade" label="等级">
              <Select
                allowClear
                style={{ width: 120 }}
                options={Object.entries(GRADE_LABEL).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          </Space>
          <Form.Item name="note" label="说明">
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Space>
    </Modal>
  );
}
