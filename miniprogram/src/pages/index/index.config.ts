export default definePageConfig({ navigationBarTitleText: '薪安码' })
