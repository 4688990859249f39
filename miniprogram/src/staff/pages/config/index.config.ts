export default definePageConfig({ navigationBarTitleText: '期限与设置' })
