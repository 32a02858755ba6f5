import { Alert, Typography } from 'antd';
import { ApiFailure } from '../api/client';

/** Every failed call shows the gateway's own message, its code and the correlation id to quote to support. */
export function ApiErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const failure = error instanceof ApiFailure ? error : undefined;
  const message = error instanceof Error ? error.message : '未知错误';
  return (
    <Alert
      type="error"
      showIcon
      data-testid="api-error"
      message={failure ? `${message}（${failure.code}）` : message}
      description={
        failure?.correlationId ? (
          <Typography.Text type="secondary" copyable={{ text: failure.correlationId }}>
            关联编号 {failure.correlationId}
          </Typography.Text>
        ) : undefined
      }
    />
  );
}
