#!/usr/bin/env node
// Bundles each deployable function into one CommonJS file with esbuild: cloudfunctions/dist/<name>/
// holds index.js, package.json (only the cloud SDK as a dependency, installed by CloudBase) and
// config.json. No native module may end up inside: better-sqlite3 belongs to the local runtime only.
'use strict'
const esbuild = require('esbuild')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const outRoot = path.join(root, 'cloudfunctions', 'dist')
const FUNCTIONS = ['worker', 'staff', 'admin', 'auth', 'open311', 'scheduler']
/** Installed by CloudBase from each function's package.json, never bundled. */
const CLOUD_DEPENDENCIES = { '@cloudbase/node-sdk': require('@cloudbase/node-sdk/package.json').version }
/**
 * Tencent Cloud SMS SDK (about 1 MB bundled): never bundled, loaded on the first SMS only, and declared by
 * the functions that send SMS, so CloudBase installs it there.
 */
const SMS_DEPENDENCIES = { 'tencentcloud-sdk-nodejs-sms': require('tencentcloud-sdk-nodejs-sms/package.json').version }
const SENDS_SMS = new Set(['scheduler', 'auth'])
/** What each function's package.json declares. */
const dependenciesOf = (name) => ({ ...CLOUD_DEPENDENCIES, ...(SENDS_SMS.has(name) ? SMS_DEPENDENCIES : {}) })
const BUDGET = 1024 * 1024

async function build() {
  fs.rmSync(outRoot, { recursive: true, force: true })
  const report = []
  for (const name of FUNCTIONS) {
    const dir = path.join(outRoot, name)
    fs.mkdirSync(dir, { recursive: true })
    const result = await esbuild.build({
      entryPoints: [path.join(root, 'cloudfunctions', name, 'index.ts')],
      outfile: path.join(dir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      external: [...Object.keys(CLOUD_DEPENDENCIES), ...Object.keys(SMS_DEPENDENCIES)],
      metafile: true,
      logLevel: 'warning',
    })
    const inputs = Object.keys(result.metafile.inputs)
    const native = inputs.filter((f) => /better-sqlite3|\.node$|bindings/.test(f))
    if (native.length) throw new Error(`${name}: native modules in the bundle: ${native.join(', ')}`)
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify(
        { name: `xinanma-${name}`, version: '1.0.0', private: true, main: 'index.js', dependencies: dependenciesOf(name) },
        null,
        2,
      ) + '\n',
    )
    fs.copyFileSync(path.join(root, 'cloudfunctions', name, 'config.json'), path.join(dir, 'config.json'))
    // What went into the bundle, by source file (kept beside it, not deployed: the deploy uploads index.js,
    // package.json and config.json), so tests can check a function carries only its own code.
    fs.writeFileSync(path.join(outRoot, `${name}.inputs.json`), JSON.stringify(inputs.sort(), null, 1) + '\n')
    const bytes = fs.statSync(path.join(dir, 'index.js')).size
    if (bytes > BUDGET) throw new Error(`${name}: bundle is ${bytes} bytes, over the 1 MB budget`)
    report.push({ name, bytes })
  }
  return report
}

module.exports = { build, FUNCTIONS, CLOUD_DEPENDENCIES, SMS_DEPENDENCIES, dependenciesOf, outRoot }

if (require.main === module) {
  build()
    .then((r) => r.forEach((f) => console.log(`function ${f.name}: ${(f.bytes / 1024).toFixed(1)} KB`)))
    .catch((e) => {
      console.error(e.message)
      process.exit(1)
    })
}
