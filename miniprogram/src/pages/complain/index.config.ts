export default definePageConfig({ navigationBarTitleText: '欠薪投诉', enableShareAppMessage: true })
