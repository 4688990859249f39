// The SQLite queue row is written out field by field (storage/sqlite.ts queueRowFromValues): its fields
// must be QUEUE_FIELDS in their order, the order of the columns the queue selects.
import { QUEUE_FIELDS } from '../../cloudfunctions/core/ports'
import { QUEUE_ROW_ORDER } from '../../cloudfunctions/core/storage/sqlite'

test('a queue row has exactly the queue fields, in the select list’s order', () => {
  expect(QUEUE_ROW_ORDER).toEqual([...QUEUE_FIELDS])
})
