import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Popconfirm, Space, Table, Tag, Typography, message } from 'antd';
import { useMemo, useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';
import { shanghai } from '../format';
import { RuleSetEditor } from '../rules/rule-set-editor';

type Version = Schemas['RuleSetVersion'];
type Report = Schemas['SimulationReport'];

const STATUS: Record<Version['status'], { label: string; color: string }> = {
  draft: { label: '草稿', color: 'gold' },
  published: { label: '已发布', color: 'green' },
  archived: { label: '已归档', color: 'default' },
};

/** "key:<id>:<name>" → the key's name, as people know it. */
const who = (actor: string) => actor.split(':').slice(2).join(':') || actor;

/** 规则: rule-set versions with who published them; edit a draft, simulate it, publish it, or roll back. */
export function RulesPage() {
  const queries = useQueryClient();
  const [selected, setSelected] = useState<number>();
  const [report, setReport] = useState<Report>();
  const versions = useQuery({ queryKey: ['rule-sets'], queryFn: () => ok(api.GET('/api/v1/rule-sets')) });
  const trail = useQuery({
    queryKey: ['rule-set-audit'],
    queryFn: () => ok(api.GET('/api/v1/rule-sets/audit', { params: { query: { limit: 500 } } })),
  });
  const departments = useQuery({
    queryKey: ['departments'],
    queryFn: () => ok(api.GET('/api/v1/reference/departments')),
  });
  const departmentOptions = useMemo(
    () => (departments.data ?? []).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` })),
    [departments.data],
  );
  const names = useMemo(
    () => new Map((departments.data ?? []).map((d) => [d.code, d.name])),
    [departments.data],
  );
  const name = (code: string) => names.get(code) ?? code;
  /** Who last published each version (publish or rollback), from the rule sets' audit trail, newest first. */
  const publisher = useMemo(() => {
    const by = new Map<string, string>();
    for (const e of trail.data ?? [])
      if ((e.action === 'rule_set.publish' || e.action === 'rule_set.rollback') && !by.has(e.entityId))
        by.set(e.entityId, who(e.actor));
    return by;
  }, [trail.data]);

  const list = versions.data ?? [];
  const published = list.find((v) => v.status === 'published');
  const current =
    list.find((v) => v.version === selected) ?? list.find((v) => v.status === 'draft') ?? published;
  const refresh = () => {
    void queries.invalidateQueries({ queryKey: ['rule-sets'] });
    void queries.invalidateQueries({ queryKey: ['rule-set-audit'] });
  };
  const copy = useMutation({
    mutationFn: (from: number) =>
      ok(api.POST('/api/v1/rule-sets', { body: { copyFrom: from, note: `复制自第 ${from} 版` } })),
    onSuccess: (r) => {
      void message.success(`已建草稿第 ${r.version} 版`);
      setSelected(r.version);
      refresh();
    },
  });
  const publish = useMutation({
    mutationFn: (v: Version) =>
      v.status === 'draft'
        ? ok(api.POST('/api/v1/rule-sets/{version}/publish', { params: { path: { version: v.version } } }))
        : ok(api.POST('/api/v1/rule-sets/{version}/rollback', { params: { path: { version: v.version } } })),
    onSuccess: (v) => {
      void message.success(`第 ${v.version} 版已发布，路由器几秒内生效`);
      refresh();
    },
  });
  const consequence = (v: Version) => {
    const replaced = published ? `当前第 ${published.version} 版将归档；` : '';
    const simulated =
      report?.version === v.version
        ? `模拟：最近 ${report.totals.items} 条诉求中 ${report.totals.changed} 条的决定会变化。`
        : v.status === 'draft'
          ? '尚未模拟此版本。'
          : '';
    return `${replaced}路由器几秒内改按第 ${v.version} 版（${v.rules} 条规则）分派新诉求。${simulated}`;
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={4} style={{ margin: 0 }}>
        规则
      </Typography.Title>
      <ApiErrorAlert
        error={versions.error ?? trail.error ?? departments.error ?? copy.error ?? publish.error}
      />
      <Table<Version>
        rowKey="version"
        size="small"
        loading={versions.isLoading}
        dataSource={list}
        pagination={{ pageSize: 4, showTotal: (n) => `共 ${n} 个版本`, showSizeChanger: false }}
        rowClassName={(v) => (v.version === current?.version ? 'ant-table-row-selected' : '')}
        columns={[
          { title: '版本', width: 70, render: (_, v) => `第 ${v.version} 版` },
          {
            title: '状态',
            width: 90,
            render: (_, v) => (
              <Tag color={STATUS[v.status].color} data-testid={`status-${v.version}`}>
                {STATUS[v.status].label}
              </Tag>
            ),
          },
          { title: '规则数', width: 70, dataIndex: 'rules' },
          { title: '说明', render: (_, v) => v.note ?? '—', ellipsis: true },
          { title: '起草', width: 220, render: (_, v) => `${who(v.createdBy)} ${shanghai(v.createdAt)}` },
          {
            title: '发布',
            width: 220,
            render: (_, v) =>
              v.publishedAt ? `${publisher.get(String(v.version)) ?? ''} ${shanghai(v.publishedAt)}` : '—',
          },
          {
            title: '操作',
            width: 250,
            render: (_, v) => (
              <Space size="small">
                <Button size="small" onClick={() => setSelected(v.version)} data-testid={`open-${v.version}`}>
                  {v.status === 'draft' ? '编辑' : '查看'}
                </Button>
                <Button size="small" onClick={() => copy.mutate(v.version)} data-testid={`copy-${v.version}`}>
                  复制为草稿
                </Button>
                {v.status === 'published' ? null : (
                  <Popconfirm
                    title={v.status === 'draft' ? `发布第 ${v.version} 版？` : `回滚到第 ${v.version} 版？`}
                    description={<div style={{ maxWidth: 360 }}>{consequence(v)}</div>}
                    okText={v.status === 'draft' ? '确认发布' : '确认回滚'}
                    onConfirm={() => publish.mutate(v)}
                  >
                    <Button
                      size="small"
                      type={v.status === 'draft' ? 'primary' : 'default'}
                      data-testid={`${v.status === 'draft' ? 'publish' : 'rollback'}-${v.version}`}
                    >
                      {v.status === 'draft' ? '发布' : '回滚'}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {current ? (
        <RuleSetEditor
          key={current.version}
          version={current}
          departments={departmentOptions}
          name={name}
          onSimulated={setReport}
        />
      ) : null}
    </Space>
  );
}
