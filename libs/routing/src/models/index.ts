export * from './model-versions.repository';
export * from './training-data.repository';
export * from './model.service';
export * from './model-version.summary';
