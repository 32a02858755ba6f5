import { Card, Descriptions, Empty, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { Schemas } from '../api/client';
import { GRADE_LABEL, type Grade } from './rule-model';

type Report = Schemas['SimulationReport'];
type Example = Report['examples'][keyof Report['examples']][number];
type Outcome = Example['before'];

const KIND_LABEL: Record<string, string> = {
  department: '主办部门',
  jurisdiction: '属地',
  grade: '等级',
  mode: '自动 ↔ 分拣',
};

function OutcomeText({ o, name }: { o: Outcome; name: (code: string) => string }) {
  if (o.mode === 'triage') return <Tag color="orange">分拣{o.reason ? `（${o.reason}）` : ''}</Tag>;
  return (
    <span>
      {o.unitName ?? (o.department ? name(o.department) : '—')}
      {o.county ? ` · ${o.county}${o.town ?? ''}` : ''} · {GRADE_LABEL[o.grade as Grade] ?? o.grade}
    </span>
  );
}

/** What publishing the draft would change on stored items: counts, department moves, and examples before → after. */
export function SimulationPanel({ report, name }: { report: Report; name: (code: string) => string }) {
  const kinds = Object.entries(report.examples).filter(([, list]) => list.length > 0);
  return (
    <Card size="small" title={`模拟：第 ${report.version} 版 对比 已发布第 ${report.against} 版`}>
      <Descriptions size="small" column={6} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="样本">
          <Statistic value={report.totals.items} valueStyle={{ fontSize: 20 }} />
        </Descriptions.Item>
        <Descriptions.Item label="决定变化">
          <span data-testid="sim-changed">
            <Statistic
              value={report.totals.changed}
              valueStyle={{ fontSize: 20, color: report.totals.changed ? '#cf1322' : undefined }}
            />
          </span>
        </Descriptions.Item>
        <Descriptions.Item label="部门">{report.changes.department}</Descriptions.Item>
        <Descriptions.Item label="属地">{report.changes.jurisdiction}</Descriptions.Item>
        <Descriptions.Item label="等级">{report.changes.grade}</Descriptions.Item>
        <Descriptions.Item label="转分拣/转自动">
          {report.changes.autoToTriage} / {report.changes.triageToAuto}
        </Descriptions.Item>
      </Descriptions>
      {report.sample.truncated ? (
        <Typography.Paragraph type="warning">样本已截断：只模拟了最新的部分诉求。</Typography.Paragraph>
      ) : null}
      {report.departmentMoves.length > 0 ? (
        <Typography.Paragraph data-testid="sim-moves">
          部门变化：
          {report.departmentMoves
            .map((m) => `${m.from ? name(m.from) : '无'} → ${m.to ? name(m.to) : '无'}（${m.items} 条）`)
            .join('；')}
        </Typography.Paragraph>
      ) : null}
      {report.failures.length > 0 ? (
        <Typography.Paragraph type="danger">
          {report.failures.length} 条诉求路由出错：{report.failures.map((f) => f.itemId).join('、')}
        </Typography.Paragraph>
      ) : null}
      {kinds.length === 0 ? (
        <Empty description="没有决定会变化" />
      ) : (
        <Tabs
          size="small"
          items={kinds.map(([kind, list]) => ({
            key: kind,
            label: `${KIND_LABEL[kind] ?? kind}（${list.length}）`,
            children: (
              <Table<Example>
                rowKey="itemId"
                size="small"
                pagination={false}
                dataSource={list}
                data-testid={`sim-examples-${kind}`}
                columns={[
                  { title: '编号', dataIndex: 'itemId', width: 300 },
                  { title: '标题', dataIndex: 'title', ellipsis: true },
                  { title: '之前', render: (_, e) => <OutcomeText o={e.before} name={name} /> },
                  { title: '之后', render: (_, e) => <OutcomeText o={e.after} name={name} /> },
                ]}
              />
            ),
          }))}
        />
      )}
    </Card>
  );
}
