// The storage contract against a real CloudBase environment. jest collects this file only when
// TCB_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are set (jest.config.js); otherwise the
// run prints that it was not run (test/globalSetup.js). It works in collections of its own (a unique
// name prefix), empties them before each test and after the last one.
//
//   TCB_ENV=xinanma-xxxx TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npx jest test/contract/cloudbase.test.ts
import { randomBytes } from 'node:crypto'
import { COLLECTIONS, CloudbaseStorage } from '../../cloudfunctions/core/storage/cloudbase'
import type { DocDb } from '../../cloudfunctions/core/storage/docDb'
import { storageContract } from './storageContract'
import { messageRecipients, withFailingWrites } from './faults'

jest.setTimeout(10 * 60_000)

const prefix = `xamtest_${Date.now().toString(36)}${randomBytes(2).toString('hex')}_`
let db: DocDb

async function empty(): Promise<void> {
  for (const c of COLLECTIONS)
    await db
      .collection(prefix + c)
      .where({ _id: db.command.exists(true) })
      .remove()
}

beforeAll(async () => {
  // Lazy: only this opt-in suite ever initialises the SDK in a test run.
  const tcb = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk')
  const app = tcb.init({
    env: process.env.TCB_ENV,
    secretId: process.env.TENCENTCLOUD_SECRETID,
    secretKey: process.env.TENCENTCLOUD_SECRETKEY,
  })
  db = app.database()
  for (const c of COLLECTIONS) await db.createCollection(prefix + c)
})

afterAll(async () => {
  if (!db) return
  await empty()
  console.log(
    `CloudBase contract suite: emptied collections ${prefix}*; node-sdk cannot drop collections, delete them in the console if you like`,
  )
})

storageContract(
  `CloudBase environment ${process.env.TCB_ENV}`,
  async () => {
    await empty()
    const failing = new Set<string>()
    const failingRecipients = new Set<string>()
    const storage = new CloudbaseStorage(
      withFailingWrites(
        db,
        (collection, id, data) =>
          (collection === prefix + 'sites' && failing.has(id)) ||
          (collection.startsWith(prefix) && messageRecipients(collection.slice(prefix.length), data).some((r) => failingRecipients.has(r))),
      ),
      { prefix },
    )
    return {
      storage,
      failSiteWrites: (code: string) => void failing.add(code),
      failMessageWrites: (recipient: string) => void failingRecipients.add(recipient),
    }
  },
  { bulk: 1_050, caseNumbersInBlocks: true },
)
