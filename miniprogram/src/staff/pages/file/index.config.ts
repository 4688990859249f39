export default definePageConfig({ navigationBarTitleText: '代工友登记' })
