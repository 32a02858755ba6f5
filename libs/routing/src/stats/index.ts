// 亮晒比: the statistics rollups (decision 035) — the query the API and bench:stats share, rates and rankings.
export * from './handling-time';
export * from './stats-metrics';
export * from './stats.repository';
