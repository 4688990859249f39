#!/usr/bin/env node
// npm run deploy: builds the function bundles and deploys them, the database collections, their
// indexes and security rules to a CloudBase environment with the CloudBase CLI (@cloudbase/cli).
//
//   TCB_ENV=<env id> npm run deploy                  # build, then deploy database and functions
//   TCB_ENV=<env id> npm run deploy -- --dry-run     # print what would run, run nothing
//   npm run deploy -- --env <env id> --only database|functions|web --skip-build
//
// `web` (part of a full deployment): the h5 build uploaded to static hosting and the public domain's routes
// (PUBLIC_BASE_URL's host: /api/<fn> and /q, /c to the functions, the rest to the page). Functions and web
// need PUBLIC_BASE_URL; functions also SESSION_SECRET (both in .env.local or the environment).
//
// cloudbaserc.json is generated here from cloudfunctions/<fn>/config.json and database/collections.json
// (the single sources) and rewritten when they changed; test/unit/deployConfig.test.ts checks that the
// committed file is current. Login: with TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY set, the CLI
// logs in with them; otherwise run `tcb login` once yourself.
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.resolve(__dirname, '..')
const FUNCTIONS = ['worker', 'staff', 'admin', 'auth', 'open311', 'scheduler']
const RC_FILE = path.join(root, 'cloudbaserc.json')
const readJson = (f) => JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'))

/** cloudbaserc.json: functions (for `tcb fn deploy`) and the database plugin (for `tcb framework deploy`). */
function renderCloudbaserc() {
  const functions = FUNCTIONS.map((name) => {
    const c = readJson(`cloudfunctions/${name}/config.json`)
    return {
      name,
      handler: 'index.main',
      runtime: c.runtime,
      timeout: c.timeout,
      memorySize: c.memorySize,
      installDependency: true,
      envVariables: c.envVariables ?? {},
      ignore: ['node_modules', 'node_modules/**/*'],
      ...(c.triggers ? { triggers: c.triggers } : {}),
    }
  })
  const db = readJson('database/collections.json')
  const collections = db.collections.map((c) => ({
    collectionName: c.name,
    description: c.description.slice(0, 128),
    ...(c.indexes.length
      ? {
          createIndexes: c.indexes.map((i) => ({
            name: i.name,
            unique: i.unique,
            keys: i.keys.map(([k, d]) => ({ name: k, direction: String(d) })),
          })),
        }
      : {}),
    aclTag: 'CUSTOM',
    aclRule: JSON.stringify(db.rules),
  }))
  return {
    version: '2.0',
    envId: '{{env.TCB_ENV}}',
    functionRoot: './cloudfunctions/dist',
    functions,
    framework: {
      name: 'xinanma',
      plugins: { database: { use: '@cloudbase/framework-plugin-database', inputs: { collections } } },
    },
  }
}

const rcText = () => JSON.stringify(renderCloudbaserc(), null, 2) + '\n'

/** The CLI commands of one deployment, in order (the CLI invocation prefix is `cli`). */
/** Functions a browser calls through the HTTP access service, at /api/<function> (as on the local server). */
const WEB_FUNCTIONS = ['worker', 'staff', 'admin', 'auth']
const H5_DIR = 'miniprogram/dist/h5'

/**
 * The routes of the public domain (PUBLIC_BASE_URL's host), for `tcb routes add`: /api/<fn> to each function a
 * browser calls, /q (stickers) and /c (receipts, SMS links) to the worker function, which redirects into the
 * page, and everything else to the static hosting that holds the h5 build. The functions check identity
 * themselves (session tokens), so the gateway's own authentication stays off; sign-in gets a per-client cap
 * on top of the function's own limits.
 */
function webRoutes({ domain, env }) {
  const fn = (p, name, extra = {}) => ({
    path: p,
    upstreamResourceType: 'SCF',
    upstreamResourceName: name,
    enable: true,
    enableAuth: false,
    enablePathTransmission: true,
    ...extra,
  })
  return {
    domain,
    routes: [
      ...WEB_FUNCTIONS.map((name) =>
        fn(
          `/api/${name}`,
          name,
          name === 'auth' ? { qpsPolicy: { qpsTotal: 500, qpsPerClient: { limitBy: 'ClientIP', limitValue: 10 } } } : {},
        ),
      ),
      fn('/q', 'worker'),
      fn('/c', 'worker'),
      { path: '/', upstreamResourceType: 'STATIC_STORE', upstreamResourceName: env, enable: true, enableAuth: false },
    ],
  }
}

function deployPlan({ env, cli, only, login, web = null }) {
  const steps = []
  if (login)
    steps.push({
      what: '登录 CloudBase / log in',
      args: [...cli, 'login', '--apiKeyId', login.id, '--apiKey', login.key],
      secret: login.key,
    })
  if (!only || only === 'database') {
    steps.push({
      what: '数据库集合、索引和安全规则 / collections, indexes and security rules',
      args: [...cli, 'framework', 'deploy', '-e', env],
    })
  }
  if (!only || only === 'functions') {
    for (const fn of FUNCTIONS)
      steps.push({ what: `云函数 ${fn} / function ${fn}`, args: [...cli, 'fn', 'deploy', fn, '-e', env, '--force'] })
    // The Open311 API for a city's 12345 reaches its function through the HTTP access service; the route
    // stays once made, so a later deployment's "already exists" is no failure.
    steps.push({
      what: 'HTTP 访问服务 /open311 → 云函数 open311（12345 对接接口；已存在则跳过）/ HTTP route for the Open311 API',
      args: [...cli, 'service', 'create', '-p', '/open311', '-f', 'open311', '-e', env],
      mayFail: true,
    })
  }
  // The page for phones that do not scan with WeChat: the h5 build on static hosting, and the public
  // domain's routes (the domain must be bound to the environment first: tcb domains add, README step 8).
  if (web && (!only || only === 'web')) {
    steps.push({
      what: `网页（h5）上传到静态网站托管 / the h5 build to static hosting`,
      args: [...cli, 'hosting', 'deploy', H5_DIR, '/', '-e', env],
    })
    steps.push({
      what: `域名 ${web.domain} 的路由：/api/<函数>、/q、/c 到云函数，其余到静态网站（已存在则跳过）/ routes of the public domain`,
      args: [...cli, 'routes', 'add', '-e', env, '--data', JSON.stringify(webRoutes({ domain: web.domain, env }))],
      mayFail: true,
    })
  }
  return steps
}

/**
 * SESSION_SECRET from the environment or the .env.local / .env files the CLI fills {{env.…}} from: the
 * functions sign and check sessions with it (cloudbaserc.json passes it to worker, staff, admin and auth).
 */
function sessionSecretCheck(env = process.env, dir = root) {
  let value = env.SESSION_SECRET || null
  for (const f of ['.env.local', '.env']) {
    if (value) break
    const file = path.join(dir, f)
    if (!fs.existsSync(file)) continue
    const m = /^\s*SESSION_SECRET\s*=\s*(\S+)\s*$/m.exec(fs.readFileSync(file, 'utf8'))
    if (m) value = m[1].replace(/^["']|["']$/g, '')
  }
  if (!value) return { problem: '没有设置 SESSION_SECRET' }
  if (value.length < 32) return { problem: 'SESSION_SECRET 太短，至少32个字符' }
  return { problem: null }
}

const NO_SESSION_SECRET = (problem) => `
${problem}。网页登录（短信验证码）签发的会话用它签名，云函数用它核对；没有它网页上的工友和工作人员都无法登录。
请在 .env.local 写一行（不要提交到代码库；换了它所有人都要重新登录）：
  SESSION_SECRET=<openssl rand -hex 32 的结果>
SESSION_SECRET (32+ characters) must be set in .env.local or the environment: the functions sign and check browser sessions with it.
`

const show = (step) => step.args.map((a) => (step.secret && a === step.secret ? '******' : /\s/.test(a) ? JSON.stringify(a) : a)).join(' ')

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...opts })
}

/** `tcb` when installed, else the CLI through npx, else null. */
function findCli() {
  for (const bin of ['tcb', 'cloudbase']) {
    const r = spawnSync(bin, ['--version'], { cwd: root, stdio: 'ignore', shell: process.platform === 'win32' })
    if (r.status === 0) return [bin]
  }
  const r = spawnSync('npx', ['--yes', '@cloudbase/cli', '--version'], { cwd: root, stdio: 'ignore', shell: process.platform === 'win32' })
  return r.status === 0 ? ['npx', '--yes', '@cloudbase/cli'] : null
}

const NO_CLI = `
没有找到 CloudBase 命令行工具（tcb），用 npx 也没能取得 @cloudbase/cli。请安装后重试：
  npm install -g @cloudbase/cli      （需要能访问 npm）
  tcb login                          （浏览器授权；或设置 TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY）
  TCB_ENV=<环境ID> npm run deploy

The CloudBase CLI (tcb) was not found and npx could not fetch @cloudbase/cli. Install it, log in, and run again:
  npm install -g @cloudbase/cli && tcb login && TCB_ENV=<env id> npm run deploy
`

const NO_ENV = `
请指定要部署到的云开发环境：TCB_ENV=<环境ID> npm run deploy（或 npm run deploy -- --env <环境ID>）。
环境ID 在微信开发者工具“云开发”控制台或 https://tcb.cloud.tencent.com 的环境设置里。

Say which CloudBase environment to deploy to: TCB_ENV=<env id> npm run deploy (or -- --env <env id>).
`

const AFTER = (env) => `
部署完成 / deployed to ${env}. 还需要手工完成 / still to do by hand (README “Going live on CloudBase”):
  1. 云调用权限：CLI 不会应用 config.json 的 permissions.openapi（subscribeMessage.send）。在微信开发者工具中
     右键 cloudfunctions/dist/scheduler →“上传并部署：云端安装依赖”一次，使权限生效（其他函数同理）。
     Cloud-call permission: the CLI does not apply permissions.openapi; upload the function once from WeChat DevTools.
  2. 订阅消息模板：在小程序后台选用模板后，用 npm run config -- --cloudbase set '{"notifications":{"templates":{…}}}'
     写入 notifications.templates（和 fields）。这是部署设置，联席办在小程序里改不了。
  3. 第一位联席办人员：npm run set-coordinator -- --cloudbase --openid <OPENID> --dept-name <单位> --area <地区代码>
  4. 照片存储权限：云开发控制台 → 存储 → 权限设置，选“仅创建者可读写”（照片只通过函数核对权限后给出的临时链接查看）。
     Storage permission for photos: set 仅创建者可读写 in the console (photos are shown only through links the functions hand out).
  5. 网页：先在云开发控制台（或 tcb domains add）把 PUBLIC_BASE_URL 的域名绑定到本环境并配好 https 证书，
     再运行 npm run deploy -- --only web 建立路由；在控制台“安全配置 → 安全域名”加上这个域名。
     The public domain must be bound to the environment (with its certificate) before its routes can be made.
`

/**
 * The deployment's public link prefix (stickers, receipts, SMS links), as the functions will get it:
 * PUBLIC_BASE_URL from the environment or the .env.local / .env files the CLI fills {{env.…}} from.
 * https only, no user, query or fragment (the same rule as shared/publicBaseUrl.ts).
 */
function publicBaseUrlCheck(env = process.env, dir = root) {
  let value = env.PUBLIC_BASE_URL || null
  for (const f of ['.env.local', '.env']) {
    if (value) break
    const file = path.join(dir, f)
    if (!fs.existsSync(file)) continue
    const m = /^\s*PUBLIC_BASE_URL\s*=\s*(\S+)\s*$/m.exec(fs.readFileSync(file, 'utf8'))
    if (m) value = m[1].replace(/^["']|["']$/g, '')
  }
  if (!value) return { value: null, problem: '没有设置 PUBLIC_BASE_URL' }
  if (!/^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[\x21-\x7e]*)?$/.test(value) || /[?#@]/.test(value))
    return { value, problem: `PUBLIC_BASE_URL 应为 https:// 开头的网址：${value}` }
  return { value, problem: null }
}

const NO_PUBLIC_BASE_URL = (problem) => `
${problem}。云函数用它生成二维码、回执和短信里的链接，没有它会拒绝运行。请在 .env.local 写一行
  PUBLIC_BASE_URL=https://<本系统的域名>
PUBLIC_BASE_URL (the https address workers open) must be set in .env.local or the environment; the functions refuse to run without it.
`

function parseArgs(argv) {
  const o = { dryRun: false, skipBuild: false, only: null, env: process.env.TCB_ENV || null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--dry-run') o.dryRun = true
    else if (a === '--skip-build') o.skipBuild = true
    else if (a === '--env') o.env = argv[++i] || null
    else if (a === '--only') {
      o.only = argv[++i]
      if (o.only !== 'database' && o.only !== 'functions' && o.only !== 'web') {
        throw new Error('--only 应为 database、functions 或 web / --only takes database, functions or web')
      }
    } else throw new Error(`不认识的参数 / unknown option: ${a}`)
  }
  return o
}

function main(argv) {
  let o
  try {
    o = parseArgs(argv)
  } catch (e) {
    console.error(e.message)
    return 2
  }
  if (!o.env) {
    console.error(NO_ENV)
    return 2
  }

  let base = { value: null, problem: null }
  if (o.only !== 'database') {
    base = publicBaseUrlCheck()
    if (base.problem) {
      console.error(NO_PUBLIC_BASE_URL(base.problem))
      if (!o.dryRun) return 2
    }
  }
  if (o.only === null || o.only === 'functions') {
    const secret = sessionSecretCheck()
    if (secret.problem) {
      console.error(NO_SESSION_SECRET(secret.problem))
      if (!o.dryRun) return 2
    }
  }
  const web =
    o.only === null || o.only === 'web'
      ? { domain: base.value && !base.problem ? new URL(base.value).host : '<PUBLIC_BASE_URL 的域名>' }
      : null

  if (!o.skipBuild && (o.only === null || o.only === 'functions')) {
    console.log('构建云函数 / building the functions: npm run build:functions')
    if (!o.dryRun && run('npm', ['run', 'build:functions']).status !== 0) return 1
  }
  if (!o.skipBuild && web) {
    console.log('构建网页 / building the h5 page: npm run build:h5')
    if (!o.dryRun && run('npm', ['run', 'build:h5']).status !== 0) return 1
  }

  const text = rcText()
  if (!fs.existsSync(RC_FILE) || fs.readFileSync(RC_FILE, 'utf8') !== text) {
    console.log(
      `${o.dryRun ? '将更新 / would update' : '已更新 / updated'} cloudbaserc.json (from cloudfunctions/*/config.json and database/collections.json)`,
    )
    if (!o.dryRun) fs.writeFileSync(RC_FILE, text)
  }

  const { TENCENTCLOUD_SECRETID: id, TENCENTCLOUD_SECRETKEY: key } = process.env
  const login = id && key ? { id, key } : null
  const cli = o.dryRun ? ['tcb'] : findCli()
  if (!cli) {
    console.error(NO_CLI)
    return 1
  }
  const steps = deployPlan({ env: o.env, cli, only: o.only, login, web })
  for (const step of steps) {
    console.log(`\n▶ ${step.what}\n  ${show(step)}`)
    if (o.dryRun) continue
    const r = run(step.args[0], step.args.slice(1))
    if (r.status !== 0 && step.mayFail) {
      console.log('  （未创建：可能已经存在，继续 / not created, probably exists already: continuing）')
      continue
    }
    if (r.status !== 0) {
      console.error(
        `\n失败 / failed: ${show(step)}${step.args.includes('login') ? '' : '\n如未登录，请先运行 tcb login / if not logged in, run tcb login first'}`,
      )
      return 1
    }
  }
  if (o.dryRun) console.log('\n（--dry-run：以上命令未执行 / nothing was run）')
  else console.log(AFTER(o.env))
  return 0
}

module.exports = {
  AFTER,
  renderCloudbaserc,
  rcText,
  deployPlan,
  webRoutes,
  publicBaseUrlCheck,
  sessionSecretCheck,
  FUNCTIONS,
  WEB_FUNCTIONS,
  RC_FILE,
}

if (require.main === module) process.exitCode = main(process.argv.slice(2))
