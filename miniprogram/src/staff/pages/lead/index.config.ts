export default definePageConfig({ navigationBarTitleText: '登记转来的线索' })
