import {
  ApartmentOutlined,
  AuditOutlined,
  BranchesOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  ExceptionOutlined,
  KeyOutlined,
  NodeIndexOutlined,
  ProfileOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from './session';

export interface MenuEntry {
  path: string;
  label: string;
  icon: ReactNode;
  roles: Role[];
}

/** The menus follow the API's own role checks (docs/openapi.json x-roles); the API still enforces every one. */
export const MENUS: MenuEntry[] = [
  { path: '/overview', label: '总览', icon: <DashboardOutlined />, roles: ['admin', 'auditor'] },
  { path: '/channels', label: '渠道', icon: <ApartmentOutlined />, roles: ['operator', 'admin'] },
  { path: '/push-channels', label: '推送渠道', icon: <CloudUploadOutlined />, roles: ['operator', 'admin'] },
  { path: '/dead-letters', label: '死信', icon: <ExceptionOutlined />, roles: ['operator', 'admin'] },
  { path: '/tickets', label: '工单', icon: <ProfileOutlined />, roles: ['consumer', 'admin'] },
  { path: '/triage', label: '分拣', icon: <NodeIndexOutlined />, roles: ['admin'] },
  { path: '/rules', label: '规则', icon: <BranchesOutlined />, roles: ['admin'] },
  { path: '/reference', label: '基础数据', icon: <DatabaseOutlined />, roles: ['admin'] },
  { path: '/keys', label: '密钥', icon: <KeyOutlined />, roles: ['admin'] },
  { path: '/audit', label: '审计', icon: <AuditOutlined />, roles: ['auditor', 'admin'] },
];

export const menusFor = (role: Role): MenuEntry[] => MENUS.filter((m) => m.roles.includes(role));
