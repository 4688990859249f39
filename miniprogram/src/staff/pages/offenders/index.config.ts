export default definePageConfig({ navigationBarTitleText: '欠薪用人单位', enablePullDownRefresh: true })
