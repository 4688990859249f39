export default definePageConfig({ navigationBarTitleText: '风险台账', enablePullDownRefresh: true })
