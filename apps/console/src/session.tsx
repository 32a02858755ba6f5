import { useQuery } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, ApiFailure, ok, setCsrfToken, type Schemas } from './api/client';

export type Session = Schemas['ConsoleSession'];
export type Role = Session['role'];

export const SessionContext = createContext<Session | null>(null);

/** The signed-in session; pages below the layout always have one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** GET /api/v1/session: who is signed in (null when nobody is), and the CSRF token kept in memory for changes. */
export function useCurrentSession() {
  return useQuery({
    queryKey: ['session'],
    retry: false,
    staleTime: 60_000,
    queryFn: async (): Promise<Session | null> => {
      try {
        const s = await ok(api.GET('/api/v1/session'));
        setCsrfToken(s.csrfToken);
        return s;
      } catch (e) {
        if (e instanceof ApiFailure && e.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw e;
      }
    },
  });
}

export const ROLE_LABEL: Record<Role, string> = {
  admin: '管理员',
  operator: '渠道运维',
  consumer: '业务系统',
  auditor: '督查审计',
};
