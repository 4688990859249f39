export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/complain/index',
    'pages/receipt/index',
    'pages/mine/index',
    'pages/detail/index',
    'pages/claim/index',
    'pages/work/index',
  ],
  subPackages: [
    {
      root: 'staff',
      pages: [
        'pages/queue/index',
        'pages/case/index',
        'pages/file/index',
        'pages/lead/index',
        'pages/apikeys/index',
        'pages/receipt/index',
        'pages/overview/index',
        'pages/alerts/index',
        'pages/risk/index',
        'pages/offenders/index',
        'pages/ledger/index',
        'pages/depts/index',
        'pages/rules/index',
        'pages/sites/index',
        'pages/invites/index',
        'pages/templates/index',
        'pages/config/index',
      ],
    },
  ],
  // WeChat's 同声传译 plugin, to speak the complaint's description (pages/complain/SpeakButton.tsx): declared
  // only when the build sets TARO_APP_SPEECH_PLUGIN=1, for a mini-program that added the plugin in the WeChat
  // admin (设置 → 第三方设置 → 插件管理); without it the build declares nothing and the form types only.
  ...(process.env.TARO_ENV === 'weapp' && process.env.TARO_APP_SPEECH_PLUGIN === '1'
    ? { plugins: { WechatSI: { version: '0.3.5', provider: 'wx069ba97219f66d99' } } }
    : {}),
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '薪安码',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#d9001b',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/index/index', text: '首页' },
      { pagePath: 'pages/mine/index', text: '我的投诉' },
      { pagePath: 'pages/work/index', text: '工作台' },
    ],
  },
})
