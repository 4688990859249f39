export default definePageConfig({ navigationBarTitleText: '12345接口密钥' })
