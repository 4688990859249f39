export default definePageConfig({ navigationBarTitleText: '风险分布', enablePullDownRefresh: true })
