const { liveCloudbase } = require('./test/cloudbaseEnv')

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2020' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The storage contract against a real CloudBase environment runs only with its keys; without them
  // the file is not collected and test/globalSetup.js prints that it was not run.
  testPathIgnorePatterns: ['/node_modules/', ...(liveCloudbase() ? [] : ['<rootDir>/test/contract/cloudbase\\.test\\.ts$'])],
  globalSetup: '<rootDir>/test/globalSetup.js',
  moduleNameMapper: { '^@shared/(.*)$': '<rootDir>/shared/$1' },
  testTimeout: 60000,
}
