export * from './domain/admin-codes';
export * from './domain/id-card';
export * from './domain/phone';
export * from './domain/masking';
export * from './domain/pinyin';
export * from './domain/password';
export * from './domain/common-passwords';
export * from './contracts/warnings';
