export default definePageConfig({ navigationBarTitleText: '数据总览', enablePullDownRefresh: true })
