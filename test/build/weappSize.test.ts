// Size budget of the real weapp build (npm test builds it first): worker pages in the main package,
// staff pages in a subpackage, and the main package under 800 KB.
const { weappSizes } = require('../../scripts/sizes.js') as {
  weappSizes(): { main: number; subpackages: Record<string, number>; total: number }
}

test('the weapp main package stays under 800 KB and staff pages are a subpackage', () => {
  const s = weappSizes()
  expect(s.main).toBeGreaterThan(50 * 1024) // a real build, not an empty folder
  expect(s.main).toBeLessThan(800 * 1024)
  expect(Object.keys(s.subpackages)).toEqual(['staff/'])
  expect(s.subpackages['staff/']).toBeGreaterThan(0)
})
