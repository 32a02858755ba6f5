import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ApiErrorAlert } from './components/api-error';
import { ConsoleLayout } from './layout';
import { menusFor } from './menus';
import { AuditPage } from './pages/audit';
import { ChannelsPage } from './pages/channels';
import { DeadLettersPage } from './pages/dead-letters';
import { PushChannelsPage } from './pages/push-channels';
import { KeysPage } from './pages/keys';
import { LoginPage } from './pages/login';
import { OverviewPage } from './pages/overview';
import { ReferencePage } from './pages/reference';
import { RulesPage } from './pages/rules';
import { TicketDetailPage } from './pages/ticket-detail';
import { TicketsPage } from './pages/tickets';
import { TriagePage } from './pages/triage';
import { SessionContext, useCurrentSession } from './session';
import './react19-render';

const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

/** Signed-in pages need a session; without one the console shows the sign-in page. */
function Guarded() {
  const session = useCurrentSession();
  if (session.isLoading) return <Spin style={{ margin: 48 }} />;
  if (session.error) return <ApiErrorAlert error={session.error} />;
  if (!session.data) return <Navigate to="/login" replace />;
  const home = menusFor(session.data.role)[0]?.path ?? '/tickets';
  return (
    <SessionContext.Provider value={session.data}>
      <Routes>
        <Route element={<ConsoleLayout />}>
          <Route path="/overview" element={<OverviewPage />} />
          <Route path="/channels" element={<ChannelsPage />} />
          <Route path="/push-channels" element={<PushChannelsPage />} />
          <Route path="/dead-letters" element={<DeadLettersPage />} />
          <Route path="/tickets" element={<TicketsPage />} />
          <Route path="/tickets/:id" element={<TicketDetailPage />} />
          <Route path="/triage" element={<TriagePage />} />
          <Route path="/rules" element={<RulesPage />} />
          <Route path="/reference" element={<ReferencePage />} />
          <Route path="/keys" element={<KeysPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="*" element={<Navigate to={home} replace />} />
        </Route>
      </Routes>
    </SessionContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <QueryClientProvider client={queries}>
          <BrowserRouter basename="/console">
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/*" element={<Guarded />} />
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
