import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { createLogger } from '../logging/logger';
import { kafkaConfig, kafkaConnection } from './kafka-client';

describe('kafkaConnection', () => {
  const logger = createLogger('test', 'silent');

  it('is plaintext without authentication by default', () => {
    const config = kafkaConfig(kafkaConnection(loadConfig({ NODE_ENV: 'test' })), 'c', logger);
    expect([config.brokers, config.ssl, config.sasl]).toEqual([['127.0.0.1:9092'], false, undefined]);
  });

  it('uses TLS with the CA file and SCRAM credentials the configuration names', () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'kafka-ca-')), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const env = {
      NODE_ENV: 'test',
      KAFKA_BROKERS: 'k1:9093,k2:9093',
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'minsheng-router',
      KAFKA_SASL_PASSWORD: 'pw',
    };
    const config = kafkaConfig(kafkaConnection(loadConfig(env)), 'c', logger);
    expect(config.brokers).toEqual(['k1:9093', 'k2:9093']);
    expect(config.ssl).toEqual({ ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'] });
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'minsheng-router', password: 'pw' });
  });

  it('refuses a mechanism without credentials, without echoing the password', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_PASSWORD: 'secret-pw',
    });
    expect(() => kafkaConnection(config)).toThrow(/needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/);
    expect(() => kafkaConnection(config)).not.toThrow(/secret-pw/);
  });

  it('refuses min.insync.replicas above the replication factor at load', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'test', KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' }),
    ).toThrow(/exceeds KAFKA_REPLICATION_FACTOR/);
  });
});
