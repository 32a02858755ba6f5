import { LogoutOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api, ok, setCsrfToken } from './api/client';
import { ApiErrorAlert } from './components/api-error';
import { menusFor } from './menus';
import { ROLE_LABEL, useSession } from './session';

/** The frame of every signed-in page: the role's menus, who is signed in, and signing out. */
export function ConsoleLayout() {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const queries = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => ok(api.DELETE('/api/v1/session')),
    onSuccess: () => {
      setCsrfToken(null);
      queries.clear();
      void navigate('/login', { replace: true });
    },
  });
  const menus = menusFor(session.role);
  const selected = menus.find((m) => location.pathname.startsWith(m.path))?.path;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={180} theme="dark">
        <Typography.Title level={5} style={{ color: '#fff', padding: '16px 20px', margin: 0 }}>
          民生诉求汇聚
        </Typography.Title>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={menus.map((m) => ({ key: m.path, icon: m.icon, label: m.label }))}
          onClick={({ key }) => void navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', paddingInline: 24 }}
        >
          <Space>
            <Tag color="blue">{ROLE_LABEL[session.role]}</Tag>
            <Typography.Text data-testid="signed-in-as">{session.name}</Typography.Text>
            <Button icon={<LogoutOutlined />} onClick={() => signOut.mutate()} loading={signOut.isPending}>
              退出
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <ApiErrorAlert error={signOut.error} />
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
