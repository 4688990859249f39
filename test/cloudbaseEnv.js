// Whether the live CloudBase contract suite runs: only with an environment and API keys.
'use strict'
const LIVE_CLOUDBASE_ENV = ['TCB_ENV', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY']
const liveCloudbase = () => LIVE_CLOUDBASE_ENV.every((k) => !!process.env[k])
module.exports = { LIVE_CLOUDBASE_ENV, liveCloudbase }
