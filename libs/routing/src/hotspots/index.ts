// 热点: daily counts per topic and place against a calendar-aware baseline (docs/decisions/036-hotspots.md).
export * from './negative-binomial';
export * from './hotspot-series';
export * from './hotspot-detector';
export * from './hotspots.repository';
export * from './hotspot-job';
