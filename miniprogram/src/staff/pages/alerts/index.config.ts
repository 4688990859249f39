export default definePageConfig({ navigationBarTitleText: '即时报告', enablePullDownRefresh: true })
