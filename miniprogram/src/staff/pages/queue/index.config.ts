export default definePageConfig({ navigationBarTitleText: '办理队列', enablePullDownRefresh: true })
