import { Tabs, Typography } from 'antd';
import { AliasesTab } from '../reference/aliases-tab';
import { CalendarTab } from '../reference/calendar-tab';
import { DepartmentsTab } from '../reference/departments-tab';

/** 基础数据: the reference data the router reads beside the rules (docs/decisions/027-console.md). */
export function ReferencePage() {
  return (
    <>
      <Typography.Title level={4}>基础数据</Typography.Title>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'aliases', label: '别名/POI', children: <AliasesTab /> },
          { key: 'departments', label: '部门与承办单位', children: <DepartmentsTab /> },
          { key: 'calendar', label: '工作日历', children: <CalendarTab /> },
        ]}
      />
    </>
  );
}
