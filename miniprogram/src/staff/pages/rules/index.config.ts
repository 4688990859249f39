export default definePageConfig({ navigationBarTitleText: '分办规则' })
