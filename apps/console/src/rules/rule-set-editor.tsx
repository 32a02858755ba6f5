import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  message,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiFailure, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { RuleDialog } from './rule-dialog';
import { describeCondition, type FieldError, GRADE_LABEL, type Rule, ruleIndexOf } from './rule-model';
import { SimulationPanel } from './simulation-panel';

type Version = Schemas['RuleSetVersion'];
type Report = Schemas['SimulationReport'];

interface Props {
  version: Version;
  departments: { value: string; label: string }[];
  name: (code: string) => string;
  onSimulated: (report: Report) => void;
}

/** The errors of a refused save (422 invalid_rule_set carries them per rule and field). */
const errorsOf = (e: unknown): FieldError[] =>
  e instanceof ApiFailure && Array.isArray(e.body.errors) ? (e.body.errors as FieldError[]) : [];

/** One version's rules: a draft is edited here (per rule or as raw JSON), checked, saved and simulated. */
export function RuleSetEditor({ version, departments, name, onSimulated }: Props) {
  const queries = useQueryClient();
  const draft = version.status === 'draft';
  const stored = useQuery({
    queryKey: ['rule-set', version.version],
    queryFn: () =>
      ok(api.GET('/api/v1/rule-sets/{version}', { params: { path: { version: version.version } } })),
  });
  const [rules, setRules] = useState<Rule[]>([]);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [editing, setEditing] = useState<number | 'new'>();
  const [filter, setFilter] = useState('');
  const [rawOpen, setRawOpen] = useState(false);
  const [raw, setRaw] = useState('');
  const [rawProblem, setRawProblem] = useState<string>();
  const [last, setLast] = useState(1000);

  useEffect(() => {
    if (!stored.data) return;
    setRules(stored.data.document.rules as Rule[]);
    setDirty(false);
    setErrors([]);
  }, [stored.data]);

  const validate = useMutation({
    mutationFn: () => ok(api.POST('/api/v1/rule-sets/validate', { body: { rules } as never })),
    onSuccess: (r) => {
      setErrors(r.errors);
      if (r.ok) void message.success(`校验通过：${r.rules} 条规则`);
    },
  });
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PUT('/api/v1/rule-sets/{version}', {
          params: { path: { version: version.version } },
          body: { document: { rules } },
        }),
      ),
    onSuccess: () => {
      setErrors([]);
      void message.success(`第 ${version.version} 版草稿已保存`);
      void queries.invalidateQueries({ queryKey: ['rule-set', version.version] });
      void queries.invalidateQueries({ queryKey: ['rule-sets'] });
    },
    onError: (e) => setErrors(errorsOf(e)),
  });
  const simulate = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/rule-sets/{version}/simulate', {
          params: { path: { version: version.version } },
          body: { last, examples: 10 },
        }),
      ),
    onSuccess: onSimulated,
  });

  const errorsByRule = useMemo(() => {
    const by = new Map<number, FieldError[]>();
    for (const e of errors) {
      const i = ruleIndexOf(e.field);
      if (i !== undefined) by.set(i, [...(by.get(i) ?? []), e]);
    }
    return by;
  }, [errors]);
  const documentErrors = errors.filter((e) => ruleIndexOf(e.field) === undefined);
  const rows = rules
    .map((rule, index) => ({ rule, index }))
    .filter(({ rule }) => {
      if (!filter) return true;
      return [rule.id, rule.name, describeCondition(rule.when)].some((t) => t.includes(filter));
    });
  const change = (next: Rule[]) => {
    setRules(next);
    setDirty(true);
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          <span>第 {version.version} 版规则</span>
          {dirty ? <Tag color="gold">未保存</Tag> : null}
        </Space>
      }
      extra={
        <Space>
          <Input.Search
            allowClear
            placeholder="搜索编号、名称、关键词"
            style={{ width: 240 }}
            onSearch={setFilter}
          />
          <Button
            onClick={() => {
              setRaw(JSON.stringify({ rules }, null, 2));
              setRawProblem(undefined);
              setRawOpen(true);
            }}
          >
            原始 JSON
          </Button>
          {draft ? (
            <>
              <Button onClick={() => setEditing('new')}>新增规则</Button>
              <Button onClick={() => validate.mutate()} loading={validate.isPending}>
                校验
              </Button>
              <Button type="primary" onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty}>
                保存草稿
              </Button>
            </>
          ) : null}
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <ApiErrorAlert error={stored.error ?? save.error ?? validate.error} />
        {errors.length > 0 ? (
          <Alert
            type="error"
            showIcon
            data-testid="rule-errors"
            message={`校验未通过：${errors.length} 处错误，已标在对应规则上`}
            description={documentErrors.map((e) => `${e.field}：${e.message}`).join('；') || undefined}
          />
        ) : null}
        <Table<{ rule: Rule; index: number }>
          rowKey={(r) => `${r.index}:${r.rule.id}`}
          size="small"
          loading={stored.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 8, showTotal: (n) => `共 ${n} 条`, showSizeChanger: false }}
          columns={[
            { title: '优先级', width: 70, render: (_, r) => r.rule.priority },
            { title: '编号', width: 190, render: (_, r) => r.rule.id },
            { title: '名称', width: 150, render: (_, r) => r.rule.name, ellipsis: true },
            { title: '条件', render: (_, r) => describeCondition(r.rule.when), ellipsis: true },
            {
              title: '主办部门',
              width: 170,
              render: (_, r) => (
                <span data-testid={`rule-lead-${r.rule.id}`}>
                  {r.rule.then.lead ? name(r.rule.then.lead.department) : '—'}
                </span>
              ),
            },
            {
              title: '等级',
              width: 60,
              render: (_, r) => (r.rule.then.grade ? GRADE_LABEL[r.rule.then.grade] : '—'),
            },
            {
              title: '状态',
              width: 120,
              render: (_, r) => {
                const mine = errorsByRule.get(r.index);
                if (mine)
                  return (
                    <Tooltip title={mine.map((e) => `${e.field}：${e.message}`).join('\n')}>
                      <Tag color="red" data-testid={`rule-error-${r.rule.id}`}>
                        {mine.length} 处错误
                      </Tag>
                    </Tooltip>
                  );
                return r.rule.enabled ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>;
              },
            },
            {
              title: '操作',
              width: 130,
              render: (_, r) => (
                <Space size="small">
                  <Button size="small" onClick={() => setEditing(r.index)} data-testid={`edit-${r.rule.id}`}>
                    {draft ? '编辑' : '查看'}
                  </Button>
                  {draft ? (
                    <Popconfirm
                      title={`从草稿删除规则 ${r.rule.id}？`}
                      onConfirm={() => change(rules.filter((_, i) => i !== r.index))}
                    >
                      <Button size="small" danger>
                        删除
                      </Button>
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
        {draft ? (
          <Space>
            <Typography.Text>模拟最近</Typography.Text>
            <InputNumber min={1} max={10000} value={last} onChange={(v) => setLast(v ?? 1000)} />
            <Typography.Text>条诉求</Typography.Text>
            <Tooltip title={dirty ? '先保存草稿：模拟的是已保存的版本' : undefined}>
              <Button
                onClick={() => simulate.mutate()}
                loading={simulate.isPending}
                disabled={dirty}
                data-testid="simulate"
              >
                模拟
              </Button>
            </Tooltip>
          </Space>
        ) : null}
        <ApiErrorAlert error={simulate.error} />
        {simulate.data && simulate.data.version === version.version ? (
          <div data-testid="simulation">
            <SimulationPanel report={simulate.data} name={name} />
          </div>
        ) : null}
      </Space>
      {editing !== undefined ? (
        <RuleDialog
          rule={editing === 'new' ? undefined : rules[editing]}
          errors={editing === 'new' ? [] : (errorsByRule.get(editing) ?? [])}
          departments={departments}
          readOnly={!draft}
          onClose={() => setEditing(undefined)}
          onSave={(rule) => {
            change(editing === 'new' ? [...rules, rule] : rules.map((r, i) => (i === editing ? rule : r)));
            setEditing(undefined);
          }}
        />
      ) : null}
      <Modal
        open={rawOpen}
        width={900}
        title={`第 ${version.version} 版（原始 JSON）`}
        okText={draft ? '应用到草稿' : '关闭'}
        onCancel={() => setRawOpen(false)}
        onOk={() => {
          if (!draft) return setRawOpen(false);
          try {
            const parsed = JSON.parse(raw) as { rules?: unknown };
            if (!Array.isArray(parsed.rules)) throw new Error('需要 {"rules": [...]}');
            change(parsed.rules as Rule[]);
            setRawOpen(false);
          } catch (e) {
            setRawProblem(`JSON 无法解析：${(e as Error).message}`);
          }
        }}
      >
        {rawProblem ? <Alert type="error" showIcon message={rawProblem} style={{ marginBottom: 8 }} /> : null}
        <Input.TextArea
          rows={24}
          value={raw}
          readOnly={!draft}
          onChange={(e) => setRaw(e.target.value)}
          style={{ fontFamily: 'monospace' }}
        />
      </Modal>
    </Card>
  );
}
