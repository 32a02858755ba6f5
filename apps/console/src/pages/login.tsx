import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, ok, setCsrfToken } from '../api/client';
import { ApiErrorAlert } from '../components/api-error';

/**
 * Sign-in with an API key: the key goes to POST /api/v1/session once and is dropped; the HttpOnly cookie carries
 * the session from then on (the key is never kept in the browser).
 */
export function LoginPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const signIn = useMutation({
    mutationFn: (key: string) => ok(api.POST('/api/v1/session', { body: { key } })),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queries.setQueryData(['session'], session);
      void navigate('/', { replace: true });
    },
  });
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 120 }}>
      <Card title="登录控制台" style={{ width: 420 }}>
        <Typography.Paragraph type="secondary">使用管理员分配的 API 密钥（msk_…）登录。</Typography.Paragraph>
        <Form layout="vertical" onFinish={({ key }: { key: string }) => signIn.mutate(key.trim())}>
          <Form.Item label="API 密钥" name="key" rules={[{ required: true, message: '请输入密钥' }]}>
            <Input.Password autoComplete="off" placeholder="msk_…" />
          </Form.Item>
          <ApiErrorAlert error={signIn.error} />
          <Button type="primary" htmlType="submit" block loading={signIn.isPending} style={{ marginTop: 16 }}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
