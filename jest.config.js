/** Unit specs sit beside the code; integration and e2e tests live in test/ and talk to real Kafka and PostgreSQL. */
const common = {
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@minsheng/([a-z-]+)(/.*)?$': '<rootDir>/libs/$1/src$2',
    // kafkajs' read_committed filter lets aborted records through (decision 039): its consumer gets ours.
    '^\\./filterAbortedMessages$': '<rootDir>/libs/shared/src/read-committed/kafkajs-aborted-filter.ts',
    // kafkajs' send retries to brokers whose request is still in flight and appends their records twice: ours waits.
    '^\\./sendMessages$': '<rootDir>/libs/shared/src/kafkajs-send/kafkajs-send-messages.ts',
  },
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{apps,libs,scripts,test/simulator,test/corpus,test/lint,test/build,test/deploy}/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'],
    },
  ],
};
