import {
  HttpStatus,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  type ControlFailure,
  ControlFailedError,
  type ControlPattern,
  ControlPlaneClient,
  ControlTimeoutError,
} from '@minsheng/shared/control';
import { ApiError } from '../common/api-error';

/** How the other side's failures show at the HTTP edge, by their code; any other failure is a 502. */
export type FailureStatuses = Record<string, HttpStatus | ((failure: ControlFailure) => ApiError)>;

/**
 * The gateway's door to the connectors and the router (docs/decisions/020-control-plane.md): a request over Kafka
 * and its answer, or the error an HTTP client gets — 503 `<app>_unavailable` when no process took the request within
 * CONTROL_PLANE_TIMEOUT_MS, 504 `<app>_timeout` when one took it and did not finish within
 * CONTROL_PLANE_WORK_TIMEOUT_MS.
 */
@Injectable()
export class ControlPlane implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(ControlPlaneClient) private readonly client: ControlPlaneClient) {}

  onApplicationBootstrap(): void {
    this.client.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  async ask<B, T>(pattern: ControlPattern, body: B, statuses: FailureStatuses = {}): Promise<T> {
    try {
      return (await this.client.request<B, T>(pattern, body)).result;
    } catch (e) {
      throw apiErrorOf(e, statuses);
    }
  }
}

export function apiErrorOf(e: unknown, statuses: FailureStatuses): unknown {
  if (e instanceof ControlTimeoutError)
    return e.phase === 'answer'
      ? new ApiError(`${e.target}_unavailable`, e.message, HttpStatus.SERVICE_UNAVAILABLE)
      : new ApiError(`${e.target}_timeout`, e.message, HttpStatus.GATEWAY_TIMEOUT);
  if (e instanceof ControlFailedError) {
    const { code, message, details } = e.failure;
    if (code === 'deadline_exceeded')
      return new ApiError(`${e.target}_timeout`, `the ${e.target}: ${message}`, HttpStatus.GATEWAY_TIMEOUT);
    const status = statuses[code];
    if (typeof status === 'function') return status(e.failure);
    if (status !== undefined) return new ApiError(code, message, status, details);
    return new ApiError(
      `${e.target}_failed`,
      `the ${e.target} could not do it: ${message}`,
      HttpStatus.BAD_GATEWAY,
    );
  }
  return e;
}
