export * from './accounts';
export * from './audit';
export * from './gazetteer';
export * from './households';
export * from './sync';
export * from './programmes';
export * from './payments';
export * from './grievances';
