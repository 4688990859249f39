// Runs once before the tests: say which suites this run leaves out, and why (never a silent skip).
'use strict'
const { liveCloudbase } = require('./cloudbaseEnv')

module.exports = async function globalSetup() {
  if (!liveCloudbase()) {
    console.log('\nCloudBase contract suite not run: set TCB_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY')
  }
}
