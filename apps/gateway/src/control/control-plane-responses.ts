import { applyDecorators } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiGatewayTimeoutResponse,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import { type ControlTarget } from '@minsheng/shared/control';

const errorBody = (code: string) => ({
  type: 'object',
  properties: {
    code: { type: 'string', enum: [code] },
    message: { type: 'string' },
    correlationId: { type: 'string' },
  },
  required: ['code', 'message', 'correlationId'],
});

/** The three errors of an operation the gateway asks of another app over the control plane (decision 020). */
export function ControlPlaneResponses(target: ControlTarget): MethodDecorator {
  return applyDecorators(
    ApiServiceUnavailableResponse({
      description: `no ${target} process took the request within CONTROL_PLANE_TIMEOUT_MS`,
      schema: errorBody(`${target}_unavailable`),
    }),
    ApiGatewayTimeoutResponse({
      description: `the ${target} took the request but did not finish within CONTROL_PLANE_WORK_TIMEOUT_MS`,
      schema: errorBody(`${target}_timeout`),
    }),
    ApiBadGatewayResponse({
      description: `the ${target} took the request and failed`,
      schema: errorBody(`${target}_failed`),
    }),
  );
}
