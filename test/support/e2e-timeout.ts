// Flow tests start real processes and wait on real Kafka; per-project testTimeout is not honoured by Jest 29.
jest.setTimeout(240_000);
